from __future__ import annotations

from tests.unit.model_registry.helpers import MISSING_ID, Status


def test_exists_true_for_listed_asset(registry, asset_id):
    assert registry.exists(asset_id)


def test_exists_true_for_retired_asset(registry, owner, asset_id):
    registry.setStatus(asset_id, Status.RETIRED, sender=owner)

    assert registry.exists(asset_id)


def test_exists_false_for_unlisted_ids(registry, asset_id):
    assert not registry.exists(0)
    assert not registry.exists(asset_id + 1)
    assert not registry.exists(MISSING_ID)
