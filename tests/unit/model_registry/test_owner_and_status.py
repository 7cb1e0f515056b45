"""ownerAndStatus: the owner and status of an asset in one call; never reverts."""

from __future__ import annotations

import pytest

from tests.unit.model_registry.helpers import MISSING_ID, STATUS_PATHS, ZERO_ADDRESS, Status


def test_owner_and_status_of_listed_asset_is_owner_and_active(registry, owner, asset_id):
    assert tuple(registry.ownerAndStatus(asset_id)) == (owner.address, Status.ACTIVE)


def test_owner_and_status_of_each_asset_is_its_own(registry, owner, other_owner, asset_id, list_asset):
    other_id = list_asset(sender=other_owner)

    assert tuple(registry.ownerAndStatus(asset_id)) == (owner.address, Status.ACTIVE)
    assert tuple(registry.ownerAndStatus(other_id)) == (other_owner.address, Status.ACTIVE)


def test_owner_and_status_of_unknown_id_is_zero_and_active(registry, asset_id):
    for unknown in (0, asset_id + 1, MISSING_ID, 2**256 - 1):
        assert tuple(registry.ownerAndStatus(unknown)) == (ZERO_ADDRESS, Status.ACTIVE)


@pytest.mark.parametrize("path", STATUS_PATHS)
def test_owner_and_status_follows_set_status(registry, owner, asset_id, path):
    for status in path:
        registry.setStatus(asset_id, status, sender=owner)

        assert tuple(registry.ownerAndStatus(asset_id)) == (owner.address, status)
        assert registry.getAsset(asset_id).status == status


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.PAUSED])
def test_owner_and_status_follows_transfer(registry, owner, other_owner, asset_id, status):
    if status != Status.ACTIVE:
        registry.setStatus(asset_id, status, sender=owner)

    registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    assert tuple(registry.ownerAndStatus(asset_id)) == (other_owner.address, status)
    assert registry.ownerOf(asset_id) == other_owner.address
