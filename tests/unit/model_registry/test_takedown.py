"""Takedowns: the guardian's lapse unless ratified; governance's (the registry owner's) do not."""

from __future__ import annotations

import pytest

from tests.unit.model_registry.helpers import MISSING_ID, Status

WINDOW = 3600
REASON = b"GDPR-ART17".ljust(32, b"\0")
EVIDENCE = bytes.fromhex("ab" * 32)


@pytest.fixture
def guardian(registry, deployer, other_owner):
    """`other_owner` is the guardian (the deployer owns the registry in these tests)."""
    registry.setGuardian(other_owner, WINDOW, sender=deployer)
    return other_owner


def _lapse(chain, registry, asset_id):
    chain.mine(1, timestamp=registry.takedownOf(asset_id).lapsesAt)


@pytest.mark.parametrize("status", [Status.SUSPENDED, Status.DENIED])
def test_takedown_by_guardian_sets_status_and_lapse_time(registry, guardian, asset_id, status, chain):
    receipt = registry.takedown(asset_id, status, REASON, EVIDENCE, sender=guardian)

    lapses_at = receipt.timestamp + WINDOW
    assert receipt.events.filter(registry.TakedownIssued) == [
        registry.TakedownIssued(
            assetId=asset_id, by=guardian, status=status, reasonCode=REASON, evidenceHash=EVIDENCE, lapsesAt=lapses_at
        )
    ]
    assert registry.getAsset(asset_id).status == status
    assert registry.ownerAndStatus(asset_id)[1] == status
    assert registry.takedownOf(asset_id) == (Status.ACTIVE, lapses_at)


def test_takedown_by_guardian_lapses_to_prior_status(registry, guardian, owner, asset_id, chain):
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)
    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)

    _lapse(chain, registry, asset_id)

    assert registry.getAsset(asset_id).status == Status.PAUSED
    assert registry.ownerAndStatus(asset_id)[1] == Status.PAUSED


def test_takedown_by_governance_does_not_lapse(registry, deployer, asset_id, chain):
    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=deployer)

    chain.mine(1, timestamp=chain.pending_timestamp + 365 * 86_400)

    assert registry.takedownOf(asset_id).lapsesAt == 0
    assert registry.getAsset(asset_id).status == Status.DENIED


def test_takedown_reverts_when_caller_not_guardian(registry, guardian, asset_id, stranger, reverts_exactly):
    with reverts_exactly(registry.NotGuardian, caller=stranger, guardian=guardian):
        registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=stranger)


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.PAUSED, Status.RETIRED])
def test_takedown_reverts_when_status_not_a_takedown(registry, guardian, asset_id, status, reverts_exactly):
    with reverts_exactly(registry.InvalidTakedownStatus, status=status):
        registry.takedown(asset_id, status, REASON, EVIDENCE, sender=guardian)


def test_takedown_reverts_when_asset_unknown(registry, guardian, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=MISSING_ID):
        registry.takedown(MISSING_ID, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)


def test_takedown_reverts_when_retired(registry, guardian, retired_asset_id, reverts_exactly):
    with reverts_exactly(registry.AssetRetired, assetId=retired_asset_id):
        registry.takedown(retired_asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)


def test_takedown_by_guardian_reverts_when_already_taken_down(registry, guardian, asset_id, reverts_exactly):
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)

    with reverts_exactly(registry.AssetTakenDown, assetId=asset_id, status=Status.SUSPENDED):
        registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)


def test_takedown_by_governance_hardens_guardian_suspension(registry, guardian, deployer, owner, asset_id, chain):
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)

    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=deployer)

    assert registry.takedownOf(asset_id) == (Status.PAUSED, 0)
    assert registry.getAsset(asset_id).status == Status.DENIED


def test_takedown_by_guardian_reverts_during_cooldown_after_lapse(registry, guardian, asset_id, chain, reverts_exactly):
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)
    lapses_at = registry.takedownOf(asset_id).lapsesAt
    _lapse(chain, registry, asset_id)

    with reverts_exactly(registry.GuardianCoolingDown, assetId=asset_id, availableAt=lapses_at + WINDOW):
        registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)


def test_takedown_by_guardian_allowed_after_cooldown(registry, guardian, asset_id, chain):
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)
    lapses_at = registry.takedownOf(asset_id).lapsesAt
    chain.mine(1, timestamp=lapses_at + WINDOW)

    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)

    assert registry.getAsset(asset_id).status == Status.DENIED


def test_ratify_takedown_makes_guardian_takedown_permanent(registry, guardian, deployer, asset_id, chain):
    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)

    receipt = registry.ratifyTakedown(asset_id, REASON, EVIDENCE, sender=deployer)
    chain.mine(1, timestamp=chain.pending_timestamp + 2 * WINDOW)

    assert receipt.events.filter(registry.TakedownRatified) == [
        registry.TakedownRatified(assetId=asset_id, reasonCode=REASON, evidenceHash=EVIDENCE)
    ]
    assert registry.getAsset(asset_id).status == Status.DENIED


def test_ratify_takedown_reverts_after_lapse(registry, guardian, deployer, asset_id, chain, reverts_exactly):
    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)
    _lapse(chain, registry, asset_id)

    with reverts_exactly(registry.NoTakedown, assetId=asset_id):
        registry.ratifyTakedown(asset_id, REASON, EVIDENCE, sender=deployer)


def test_ratify_takedown_reverts_when_caller_not_owner(registry, guardian, asset_id, reverts_exactly):
    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)

    with reverts_exactly(registry.OwnableUnauthorizedAccount, account=guardian):
        registry.ratifyTakedown(asset_id, REASON, EVIDENCE, sender=guardian)


def test_lift_takedown_restores_prior_status(registry, guardian, deployer, owner, asset_id):
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)
    registry.takedown(asset_id, Status.DENIED, REASON, EVIDENCE, sender=guardian)

    receipt = registry.liftTakedown(asset_id, REASON, EVIDENCE, sender=deployer)

    assert receipt.events.filter(registry.TakedownLifted) == [
        registry.TakedownLifted(
            assetId=asset_id, restoredStatus=Status.PAUSED, reasonCode=REASON, evidenceHash=EVIDENCE
        )
    ]
    assert registry.getAsset(asset_id).status == Status.PAUSED
    assert registry.takedownOf(asset_id) == (Status.ACTIVE, 0)


def test_lift_takedown_reverts_when_none(registry, deployer, asset_id, reverts_exactly):
    with reverts_exactly(registry.NoTakedown, assetId=asset_id):
        registry.liftTakedown(asset_id, REASON, EVIDENCE, sender=deployer)


def test_set_status_reverts_while_taken_down(registry, guardian, owner, asset_id, reverts_exactly):
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)

    with reverts_exactly(registry.AssetTakenDown, assetId=asset_id, status=Status.SUSPENDED):
        registry.setStatus(asset_id, Status.ACTIVE, sender=owner)


def test_set_status_works_after_lapse(registry, guardian, owner, asset_id, chain):
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=guardian)
    _lapse(chain, registry, asset_id)

    registry.setStatus(asset_id, Status.PAUSED, sender=owner)

    assert registry.getAsset(asset_id).status == Status.PAUSED


@pytest.mark.parametrize("status", [Status.SUSPENDED, Status.DENIED])
def test_set_status_reverts_when_owner_sets_takedown_status(registry, owner, asset_id, status, reverts_exactly):
    with reverts_exactly(registry.InvalidStatusChange, assetId=asset_id, **{"from": Status.ACTIVE, "to": status}):
        registry.setStatus(asset_id, status, sender=owner)


def test_set_guardian_emits_event(registry, deployer, stranger):
    receipt = registry.setGuardian(stranger, 2 * WINDOW, sender=deployer)

    assert receipt.events.filter(registry.GuardianUpdated) == [
        registry.GuardianUpdated(oldGuardian="0x" + "00" * 20, newGuardian=stranger, ratificationWindow=2 * WINDOW)
    ]


@pytest.mark.parametrize("window", [599, 30 * 86_400 + 1])
def test_set_guardian_reverts_when_window_out_of_bounds(registry, deployer, stranger, window, reverts_exactly):
    with reverts_exactly(
        registry.RatificationWindowOutOfBounds, window=window, minimum=600, maximum=30 * 86_400
    ):
        registry.setGuardian(stranger, window, sender=deployer)


def test_set_guardian_reverts_when_caller_not_owner(registry, stranger, reverts_exactly):
    with reverts_exactly(registry.OwnableUnauthorizedAccount, account=stranger):
        registry.setGuardian(stranger, WINDOW, sender=stranger)
