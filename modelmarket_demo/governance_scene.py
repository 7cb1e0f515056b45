"""Demo scene: the deployer hands every contract to a Governor-controlled timelock, token holders pass
one parameter change (the guardian's ratification window) through propose → vote → queue → execute, and the guardian
suspends the dataset on a GDPR erasure request, which lapses unless governance ratifies it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelmarket.governance import (
    LOCAL,
    ProposalState,
    Support,
    advance_time,
    call,
    deploy_governance,
    execute,
    propose,
    queue,
    status,
    vote,
)
from modelmarket.keccak import keccak

if TYPE_CHECKING:
    from modelmarket_demo.scenario import Scenario

NEW_RATIFICATION_WINDOW = 2 * 3600
DENIED = 4


def governance_scene(scenario: Scenario) -> None:
    market, cast = scenario.market, scenario.cast
    token, registry = market.token, market.registry
    token.invoke_transaction("delegate", cast.deployer, sender=cast.deployer)  # `.delegate` is an Ape property
    deploy_governance(
        market, cast.deployer, params=LOCAL, guardian=cast.reporter.address, save=market.deployment.path().exists()
    )
    governor, timelock = market.contracts["MarketGovernor"], market.contracts["MarketTimelock"]
    scenario.say(
        f"timelock {timelock.address} now owns {market.deployment.params['governance.owned']}; "
        f"voting delay {LOCAL.voting_delay} s, period {LOCAL.voting_period} s, quorum {LOCAL.quorum_percent} %, "
        f"timelock {LOCAL.timelock_delay} s"
    )
    advance_time(1)

    old_window = int(registry.ratificationWindow())
    action = call(registry, "setGuardian", cast.reporter.address, NEW_RATIFICATION_WINDOW)
    description = f"Guardian ratification window {old_window} -> {NEW_RATIFICATION_WINDOW} s"
    proposal = propose(governor, [action], description, cast.deployer)
    advance_time(LOCAL.voting_delay + 1)
    vote(governor, proposal.proposal_id, Support.FOR, cast.deployer, "more time to ratify")
    advance_time(LOCAL.voting_period + 1)
    votes = status(governor, proposal.proposal_id)
    queue(governor, proposal, cast.deployer)
    advance_time(LOCAL.timelock_delay + 1)
    execute(governor, proposal, cast.deployer)
    executed = status(governor, proposal.proposal_id).state is ProposalState.EXECUTED
    new_window = int(registry.ratificationWindow())
    scenario.figures.update(governance_executed=executed, ratification_window=(old_window, new_window))
    scenario.table(
        "governance proposal",
        [
            ("proposal", description),
            ("votes for", f"{votes.votes_for // 10**18:,}"),
            ("quorum", f"{votes.quorum // 10**18:,}"),
            ("state", "executed" if executed else "not executed"),
            ("ratification window (s)", f"{old_window} -> {new_window}"),
        ],
    )

    dataset = scenario.assets["dataset"]
    registry.takedown(
        dataset, DENIED, b"GDPR-ART17".ljust(32, b"\0"), keccak(b"erasure request #1"), sender=cast.reporter
    )
    scenario.say(
        f"guardian denied dataset #{dataset} (GDPR-ART17): new orders refused; lapses after "
        f"{new_window} s unless governance ratifies it"
    )
    advance_time(new_window)
    scenario.figures["takedown_lapsed_status"] = int(registry.getAsset(dataset).status)
    scenario.say(f"not ratified: dataset #{dataset} is active again (status {scenario.figures['takedown_lapsed_status']})")
