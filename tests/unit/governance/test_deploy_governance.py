from __future__ import annotations

import pytest

from modelmarket.governance import (
    CANCELLER_ROLE,
    DEFAULT_ADMIN_ROLE,
    EXECUTOR_ROLE,
    LOCAL,
    PROPOSER_ROLE,
    hand_over,
    ownable_contracts,
)

GOVERNED = ["ModelRegistry", "StakingPool", "UsagePayments", "Disputes", "ComplianceRegistry"]


@pytest.mark.parametrize("name", GOVERNED)
def test_deploy_governance_timelock_owns_contract(world, name):
    contract = world.market.contracts[name]

    assert contract.owner() == world.timelock.address
    assert contract.pendingOwner() == "0x" + "00" * 20


def test_deploy_governance_hands_over_every_owned_contract(world):
    assert ownable_contracts(world.market, world.timelock.address) == GOVERNED


def test_deploy_governance_sets_network_parameters(world):
    supply = world.token.totalSupply()

    assert world.governor.votingDelay() == LOCAL.voting_delay
    assert world.governor.votingPeriod() == LOCAL.voting_period
    assert world.governor.quorumNumerator() == LOCAL.quorum_percent
    assert world.governor.proposalThreshold() == supply * LOCAL.proposal_threshold_bps // 10_000
    assert world.timelock.getMinDelay() == LOCAL.timelock_delay
    assert world.registry.ratificationWindow() == LOCAL.ratification_window


def test_deploy_governance_names_guardian(world, other_owner):
    assert world.registry.guardian() == other_owner.address


@pytest.mark.parametrize("role", [PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE])
def test_deploy_governance_governor_holds_timelock_role(world, role):
    assert world.timelock.hasRole(role, world.governor.address)


@pytest.mark.parametrize("role", [PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE, DEFAULT_ADMIN_ROLE])
def test_deploy_governance_deployer_keeps_no_timelock_role(world, deployer, role):
    assert not world.timelock.hasRole(role, deployer.address)


def test_deploy_governance_timelock_is_its_own_admin(world):
    assert world.timelock.hasRole(DEFAULT_ADMIN_ROLE, world.timelock.address)


def test_deploy_governance_votes_use_timestamp_clock(world, chain):
    assert world.token.CLOCK_MODE() == "mode=timestamp"
    assert world.governor.CLOCK_MODE() == "mode=timestamp"
    assert world.token.clock() == chain.blocks.head.timestamp


def test_hand_over_takes_a_contract_added_later(world, compiled, deployer):
    """Generic: a new Ownable2Step contract deployed into the marketplace is handed over too."""
    extra = compiled.ComplianceRegistry.deploy(deployer, sender=deployer)
    contracts = dict(world.market.contracts)
    world.market.contracts["Extra"] = extra
    try:
        timelock = compiled.MarketTimelock.deploy(0, [deployer], [deployer], deployer, sender=deployer)
        handed = hand_over(world.market, deployer, timelock)
    finally:
        world.market.contracts.clear()
        world.market.contracts.update(contracts)

    assert handed == ["Extra"]
    assert extra.owner() == timelock.address
