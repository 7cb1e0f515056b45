"""Attacks on governance: the guardian overreaching, a takedown that never ends, votes bought
after the snapshot, a proposal run before its timelock delay, and an admin key that survives the
handover to the timelock.

Defences: the guardian holds no role but `ModelRegistry.takedown` (every other call reverts
`OwnableUnauthorizedAccount`), its takedowns lapse after the ratification window and it may not
renew one for another window; votes are read at the proposal's snapshot (ERC20Votes checkpoints);
the timelock executes nothing before its delay; after `deploy_governance` the deployer owns no
contract and holds no timelock role.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from modelmarket.governance import (
    CANCELLER_ROLE,
    DEFAULT_ADMIN_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    ProposalState,
    Support,
    advance_time,
    call,
    execute,
    status,
    vote,
)
from tests.attacks.helpers import TOKEN, sign_voucher
from tests.attacks.test_access_control import ADMIN_CALLS
from tests.unit.governance.helpers import deploy_governed, to_queue, to_vote

REASON = b"GDPR-ART17".ljust(32, b"\0")
EVIDENCE = bytes.fromhex("ab" * 32)
SUSPENDED, DENIED = 3, 4

#: Owner-only calls of the contracts the earlier access-control attack does not cover.
GOVERNED_CALLS = [
    *ADMIN_CALLS,
    ("staking", "cancelChange", lambda who: (b"thawingPeriod".ljust(32, b"\0"),)),
    ("payments", "cancelChange", lambda who: (b"protocolFeeBps".ljust(32, b"\0"),)),
    ("disputes", "cancelChange", lambda who: (b"arbiter".ljust(32, b"\0"),)),
    ("registry", "setGuardian", lambda who: (who.address, 3600)),
    ("registry", "ratifyTakedown", lambda who: (1, REASON, EVIDENCE)),
    ("registry", "liftTakedown", lambda who: (1, REASON, EVIDENCE)),
    ("registry", "transferOwnership", lambda who: (who.address,)),
    ("registry", "renounceOwnership", lambda who: ()),
    ("compliance", "defineFlags", lambda who: ([(9, ("x", "u", EVIDENCE))], REASON, EVIDENCE)),
    ("compliance", "removeFlag", lambda who: (0, REASON, EVIDENCE)),
    ("compliance", "defineLicences", lambda who: ([(REASON, ("x", "u", EVIDENCE))], REASON, EVIDENCE)),
    ("compliance", "removeLicence", lambda who: (b"MIT".ljust(32, b"\0"), REASON, EVIDENCE)),
    ("compliance", "transferOwnership", lambda who: (who.address,)),
    ("compliance", "renounceOwnership", lambda who: ()),
]
CALL_IDS = [f"{c}.{s}" for c, s, _ in GOVERNED_CALLS]


@pytest.fixture(scope="module")
def gov(roles, deployer, treasury, arbiter, owner, other_owner) -> SimpleNamespace:
    """A governed marketplace: `owner` votes with 10 % of the supply, `other_owner` is the guardian."""
    return deploy_governed(deployer, treasury, arbiter, voter=owner, guardian=other_owner)


@pytest.fixture
def gov_asset(gov, delegator) -> int:
    """An asset of the governed registry (listed by `delegator`)."""
    from tests.conftest import listing

    receipt = gov.registry.list(listing(), sender=delegator)
    return receipt.events.filter(gov.registry.AssetListed)[0].assetId


def _contract(world: SimpleNamespace, name: str):
    return getattr(world, name)


@pytest.mark.parametrize("name,method,args", GOVERNED_CALLS, ids=CALL_IDS)
def test_admin_eoa_retains_no_power_after_handover(gov, deployer, name, method, args, reverts_exactly):
    contract = _contract(gov, name)
    with reverts_exactly(contract.OwnableUnauthorizedAccount, account=deployer):
        getattr(contract, method)(*args(deployer), sender=deployer)


def test_admin_eoa_cannot_take_down_after_handover(gov, gov_asset, deployer, other_owner, reverts_exactly):
    with reverts_exactly(gov.registry.NotGuardian, caller=deployer, guardian=other_owner):
        gov.registry.takedown(gov_asset, DENIED, REASON, EVIDENCE, sender=deployer)


@pytest.mark.parametrize("role", [PROPOSER_ROLE, EXECUTOR_ROLE, CANCELLER_ROLE, DEFAULT_ADMIN_ROLE])
def test_admin_eoa_cannot_use_timelock_after_handover(gov, deployer, stranger, role, reverts_exactly):
    with reverts_exactly(gov.timelock.AccessControlUnauthorizedAccount, account=deployer, neededRole=DEFAULT_ADMIN_ROLE):
        gov.timelock.grantRole(role, stranger, sender=deployer)
    assert not gov.timelock.hasRole(role, deployer)


def test_admin_eoa_cannot_schedule_in_timelock(gov, deployer, reverts_exactly):
    action = call(gov.registry, "setGuardian", deployer.address, 3600)
    with reverts_exactly(gov.timelock.AccessControlUnauthorizedAccount, account=deployer, neededRole=PROPOSER_ROLE):
        gov.timelock.schedule(action.target, 0, action.calldata, b"\0" * 32, b"\0" * 32, 0, sender=deployer)


def test_admin_eoa_cannot_change_governor_settings(gov, deployer, reverts_exactly):
    with reverts_exactly(gov.governor.GovernorOnlyExecutor, account=deployer):
        gov.governor.setVotingPeriod(1, sender=deployer)


@pytest.mark.parametrize("name,method,args", GOVERNED_CALLS, ids=CALL_IDS)
def test_guardian_cannot_change_parameters_or_move_funds(gov, other_owner, name, method, args, reverts_exactly):
    contract = _contract(gov, name)
    with reverts_exactly(contract.OwnableUnauthorizedAccount, account=other_owner):
        getattr(contract, method)(*args(other_owner), sender=other_owner)


def test_guardian_cannot_lift_or_ratify_its_own_takedown(gov, gov_asset, other_owner, reverts_exactly):
    gov.registry.takedown(gov_asset, DENIED, REASON, EVIDENCE, sender=other_owner)

    with reverts_exactly(gov.registry.OwnableUnauthorizedAccount, account=other_owner):
        gov.registry.ratifyTakedown(gov_asset, REASON, EVIDENCE, sender=other_owner)


def test_guardian_pause_lapses_without_ratification(gov, gov_asset, other_owner):
    gov.registry.takedown(gov_asset, SUSPENDED, REASON, EVIDENCE, sender=other_owner)

    advance_time(gov.params.ratification_window)

    assert gov.registry.getAsset(gov_asset).status == 0


def test_guardian_cannot_renew_lapsed_takedown_at_once(gov, gov_asset, other_owner, chain, reverts_exactly):
    gov.registry.takedown(gov_asset, DENIED, REASON, EVIDENCE, sender=other_owner)
    lapses_at = gov.registry.takedownOf(gov_asset).lapsesAt
    advance_time(gov.params.ratification_window)

    with reverts_exactly(
        gov.registry.GuardianCoolingDown, assetId=gov_asset, availableAt=lapses_at + gov.params.ratification_window
    ):
        gov.registry.takedown(gov_asset, DENIED, REASON, EVIDENCE, sender=other_owner)


def test_guardian_takedown_ratified_by_governance_holds(gov, gov_asset, owner, other_owner):
    """The window covers a whole governance cycle: ratification arrives in time."""
    gov.registry.takedown(gov_asset, DENIED, REASON, EVIDENCE, sender=other_owner)
    action = call(gov.registry, "ratifyTakedown", gov_asset, REASON, EVIDENCE)
    proposal = to_queue(gov, [action], "ratify GDPR erasure", owner)
    advance_time(gov.params.timelock_delay + 1)
    execute(gov.governor, proposal, owner)

    advance_time(gov.params.ratification_window)

    assert gov.params.cycle < gov.params.ratification_window
    assert gov.registry.getAsset(gov_asset).status == DENIED


def test_votes_bought_after_snapshot_do_not_count(gov, owner, stranger, deployer):
    """Flash-loan style: tokens acquired and delegated after the snapshot carry no weight."""
    proposal = to_vote(gov, [call(gov.registry, "setGuardian", stranger.address, 3600)], "hijack", owner)
    gov.token.transfer(stranger, 500_000_000 * TOKEN, sender=deployer)
    gov.token.invoke_transaction("delegate", stranger, sender=stranger)

    vote(gov.governor, proposal.proposal_id, Support.FOR, stranger)
    advance_time(gov.params.voting_period + 1)

    current = status(gov.governor, proposal.proposal_id)
    assert current.votes_for == 0
    assert current.state is ProposalState.DEFEATED


def test_proposal_cannot_execute_before_timelock_delay(gov, owner, reverts_exactly):
    action = call(gov.registry, "setGuardian", owner.address, 3600)
    proposal = to_queue(gov, [action], "too early", owner)
    targets, values, calldatas, description_hash = proposal.arguments()
    salt = bytes(a ^ b for a, b in zip(bytes.fromhex(gov.governor.address[2:]).ljust(32, b"\0"), description_hash))
    operation = gov.timelock.hashOperationBatch(targets, values, calldatas, b"\0" * 32, salt)
    ready = (1 << 2).to_bytes(32, "big")

    with reverts_exactly(gov.timelock.TimelockUnexpectedOperationState, operationId=operation, expectedStates=ready):
        execute(gov.governor, proposal, owner)
    assert status(gov.governor, proposal.proposal_id).state is ProposalState.QUEUED


def test_proposal_without_quorum_fails(gov, owner, stranger, deployer):
    """A holder below the 4 % quorum cannot pass a proposal alone."""
    gov.token.transfer(stranger, 10_000_000 * TOKEN, sender=deployer)  # 1 % of the supply
    gov.token.invoke_transaction("delegate", stranger, sender=stranger)
    advance_time(1)
    proposal = to_vote(gov, [call(gov.registry, "setGuardian", stranger.address, 3600)], "small", stranger)

    vote(gov.governor, proposal.proposal_id, Support.FOR, stranger)
    advance_time(gov.params.voting_period + 1)

    assert status(gov.governor, proposal.proposal_id).state is ProposalState.DEFEATED


# --- takedowns against payments (session marketplace: the deployer owns the registry) ---------


@pytest.fixture
def guardian(registry, deployer, other_owner):
    registry.setGuardian(other_owner, 3600, sender=deployer)
    return other_owner


def test_takedown_refuses_new_lane_funding(payments, registry, token, guardian, consumer, asset, reverts_exactly):
    registry.takedown(asset, DENIED, REASON, EVIDENCE, sender=guardian)
    token.approve(payments, TOKEN, sender=consumer)
    payments.deposit(TOKEN, sender=consumer)

    with reverts_exactly(payments.AssetNotActive, assetId=asset):
        payments.allocate(asset, TOKEN, sender=consumer)


def test_takedown_refuses_pay_per_call(payments, registry, guardian, consumer, asset, funded, reverts_exactly):
    registry.takedown(asset, SUSPENDED, REASON, EVIDENCE, sender=guardian)

    with reverts_exactly(payments.AssetNotActive, assetId=asset):
        payments.payPerCall(asset, 1, 10**18, sender=consumer)


def test_guardian_takedown_cannot_void_served_vouchers(payments, registry, guardian, consumer, stranger, asset, funded):
    """The provider's guarantee survives a takedown: a voucher signed before it still pays."""
    voucher = sign_voucher(consumer, payments, consumer, asset, TOKEN)
    registry.takedown(asset, DENIED, REASON, EVIDENCE, sender=guardian)

    assert payments.redeem(*voucher, sender=stranger).return_value == TOKEN


def test_guardian_takedown_cannot_stop_consumer_exit(payments, registry, token, guardian, consumer, asset, funded, chain):
    """A takedown freezes no funds: the consumer still thaws its lane back to its wallet."""
    registry.takedown(asset, DENIED, REASON, EVIDENCE, sender=guardian)
    before = token.balanceOf(consumer)

    payments.requestThaw(asset, funded, sender=consumer)
    chain.mine(1, timestamp=chain.pending_timestamp + payments.withdrawDelay())
    payments.completeThaw(asset, True, sender=consumer)

    assert token.balanceOf(consumer) == before + funded
