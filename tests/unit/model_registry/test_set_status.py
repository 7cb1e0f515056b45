from __future__ import annotations

import ape
import pytest
from ape.exceptions import CustomError

from tests.conftest import CONTENT
from tests.unit.model_registry.helpers import MISSING_ID, STATUS_PATHS, Status


@pytest.mark.parametrize("path", STATUS_PATHS)
def test_set_status_moves_between_states_and_emits_event(registry, owner, asset_id, path):
    old = Status.ACTIVE
    for new in path:
        receipt = registry.setStatus(asset_id, new, sender=owner)

        assert receipt.events.filter(registry.StatusUpdated) == [
            registry.StatusUpdated(assetId=asset_id, oldStatus=old, newStatus=new)
        ]
        assert registry.getAsset(asset_id).status == new
        old = new


def test_set_status_retired_asset_keeps_owner_and_history(registry, owner, retired_asset_id):
    assert registry.ownerOf(retired_asset_id) == owner.address
    assert registry.getVersion(retired_asset_id, 1).contentHash == CONTENT
    assert registry.exists(retired_asset_id)


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.PAUSED])
def test_set_status_reverts_when_status_unchanged(registry, owner, asset_id, status, reverts_exactly):
    if status != Status.ACTIVE:
        registry.setStatus(asset_id, status, sender=owner)
    with reverts_exactly(registry.InvalidStatusChange, assetId=asset_id, **{"from": status, "to": status}):
        registry.setStatus(asset_id, status, sender=owner)


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.PAUSED, Status.RETIRED])
def test_set_status_reverts_when_retired(registry, owner, retired_asset_id, status, reverts_exactly):
    # Retired is terminal: leaving it (or setting it again) hits the retired check first.
    with reverts_exactly(registry.AssetRetired, assetId=retired_asset_id):
        registry.setStatus(retired_asset_id, status, sender=owner)


def test_set_status_reverts_when_status_out_of_range(registry, owner, asset_id):
    # Solidity's ABI decoder rejects an enum value past the last member, with empty revert data.
    with ape.reverts() as failure:
        registry.setStatus(asset_id, 5, sender=owner)  # Denied (4) is the last member

    assert not isinstance(failure.value, CustomError)
    assert failure.value.revert_message == "Transaction failed."
    assert registry.getAsset(asset_id).status == Status.ACTIVE


def test_set_status_reverts_when_not_owner(registry, owner, stranger, asset_id, reverts_exactly):
    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=stranger, owner=owner):
        registry.setStatus(asset_id, Status.PAUSED, sender=stranger)


def test_set_status_reverts_when_asset_unknown(registry, owner, reverts_exactly):
    with reverts_exactly(registry.ERC721NonexistentToken, tokenId=MISSING_ID):
        registry.setStatus(MISSING_ID, Status.PAUSED, sender=owner)
