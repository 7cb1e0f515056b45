"""listedStatus: whether an asset is listed and its status in effect, from one slot; never reverts."""

from __future__ import annotations

import pytest

from tests.unit.model_registry.helpers import MISSING_ID, STATUS_PATHS, Status
from tests.unit.model_registry.test_takedown import EVIDENCE, REASON, WINDOW


def test_listed_status_of_listed_asset_is_listed_and_active(registry, asset_id):
    assert tuple(registry.listedStatus(asset_id)) == (True, Status.ACTIVE)


def test_listed_status_of_unknown_id_is_unlisted_and_active(registry, asset_id):
    for unknown in (0, asset_id + 1, MISSING_ID, 2**256 - 1):
        assert tuple(registry.listedStatus(unknown)) == (False, Status.ACTIVE)


@pytest.mark.parametrize("path", STATUS_PATHS)
def test_listed_status_follows_set_status(registry, owner, asset_id, path):
    for status in path:
        registry.setStatus(asset_id, status, sender=owner)

        assert tuple(registry.listedStatus(asset_id)) == (True, status)


def test_listed_status_reads_a_lapsed_takedown_as_the_prior_status(registry, deployer, other_owner, owner, asset_id, chain):
    registry.setGuardian(other_owner, WINDOW, sender=deployer)
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)
    registry.takedown(asset_id, Status.SUSPENDED, REASON, EVIDENCE, sender=other_owner)
    assert tuple(registry.listedStatus(asset_id)) == (True, Status.SUSPENDED)

    chain.mine(1, timestamp=registry.takedownOf(asset_id).lapsesAt)

    assert tuple(registry.listedStatus(asset_id)) == (True, Status.PAUSED)
    assert tuple(registry.listedStatus(asset_id)) == (True, registry.ownerAndStatus(asset_id)[1])
