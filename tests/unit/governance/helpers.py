"""A governed marketplace for the governance tests, and a helper that passes a proposal."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from modelmarket.deploy import deploy_marketplace
from modelmarket.governance import LOCAL, Action, Proposal, Support, advance_time, deploy_governance, propose
from modelmarket.governance import execute as execute_proposal
from modelmarket.governance import queue as queue_proposal
from modelmarket.governance import vote as cast_vote

TOKEN = 10**18
#: The voter's share: 10 % of the 1e9 supply, well above the 4 % quorum.
VOTER_TOKENS = 100_000_000 * TOKEN


def deploy_governed(deployer: Any, treasury: Any, arbiter: Any, voter: Any, guardian: Any) -> SimpleNamespace:
    """The whole marketplace handed to a Governor + timelock with the LOCAL settings; `voter` holds
    and self-delegates `VOTER_TOKENS`, `guardian` is the registry's guardian."""
    market = deploy_marketplace(deployer, treasury=treasury.address, arbiter=arbiter.address, save=False)
    market.token.transfer(voter, VOTER_TOKENS, sender=deployer)
    market.token.invoke_transaction("delegate", voter, sender=voter)  # `delegate` is an Ape address property
    deploy_governance(market, deployer, params=LOCAL, guardian=guardian.address, save=False)
    advance_time(1)
    return SimpleNamespace(
        market=market,
        token=market.token,
        registry=market.registry,
        staking=market.contracts["StakingPool"],
        payments=market.contracts["UsagePayments"],
        disputes=market.contracts["Disputes"],
        compliance=market.contracts["ComplianceRegistry"],
        timelock=market.contracts["MarketTimelock"],
        governor=market.contracts["MarketGovernor"],
        params=LOCAL,
    )


def to_vote(world: SimpleNamespace, actions: list[Action], description: str, proposer: Any) -> Proposal:
    """Propose and wait out the voting delay: the proposal is Active."""
    proposal = propose(world.governor, actions, description, proposer)
    advance_time(world.params.voting_delay + 1)
    return proposal


def to_queue(world: SimpleNamespace, actions: list[Action], description: str, voter: Any) -> Proposal:
    """Propose, vote for with `voter`, wait out the vote, queue: the proposal waits in the timelock."""
    proposal = to_vote(world, actions, description, voter)
    cast_vote(world.governor, proposal.proposal_id, Support.FOR, voter)
    advance_time(world.params.voting_period + 1)
    queue_proposal(world.governor, proposal, voter)
    return proposal


def pass_proposal(world: SimpleNamespace, actions: list[Action], description: str, voter: Any) -> Proposal:
    """The whole cycle: propose, vote, queue, wait the timelock delay, execute."""
    proposal = to_queue(world, actions, description, voter)
    advance_time(world.params.timelock_delay + 1)
    execute_proposal(world.governor, proposal, voter)
    return proposal
