from __future__ import annotations

from tests.unit.model_registry.helpers import Status


def test_asset_count_zero_before_listing(registry):
    assert registry.assetCount() == 0


def test_asset_count_counts_listings_not_retirements(registry, owner, list_asset):
    first = list_asset()
    list_asset()
    registry.setStatus(first, Status.RETIRED, sender=owner)

    assert registry.assetCount() == 2

