from __future__ import annotations

import pytest

from tests.conftest import listing
from tests.unit.model_registry.helpers import MISSING_ID, Status

PRICE = listing()["pricePerCall"]


@pytest.mark.parametrize("new_price", [0, 7, 2**128 - 1])
def test_set_price_updates_price_and_emits_event(registry, owner, asset_id, new_price):
    receipt = registry.setPrice(asset_id, new_price, sender=owner)

    assert receipt.events.filter(registry.PriceUpdated) == [
        registry.PriceUpdated(assetId=asset_id, oldPrice=PRICE, newPrice=new_price)
    ]
    assert registry.getAsset(asset_id).pricePerCall == new_price


def test_set_price_reports_previous_price(registry, owner, asset_id):
    registry.setPrice(asset_id, 5, sender=owner)

    receipt = registry.setPrice(asset_id, 9, sender=owner)

    assert receipt.events.filter(registry.PriceUpdated) == [
        registry.PriceUpdated(assetId=asset_id, oldPrice=5, newPrice=9)
    ]


def test_set_price_allowed_while_paused(registry, owner, asset_id):
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)

    registry.setPrice(asset_id, 5, sender=owner)

    assert registry.getAsset(asset_id).pricePerCall == 5


def test_set_price_reverts_when_not_owner(registry, owner, stranger, asset_id, reverts_exactly):
    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=stranger, owner=owner):
        registry.setPrice(asset_id, 5, sender=stranger)


def test_set_price_reverts_when_retired(registry, owner, retired_asset_id, reverts_exactly):
    with reverts_exactly(registry.AssetRetired, assetId=retired_asset_id):
        registry.setPrice(retired_asset_id, 5, sender=owner)


def test_set_price_reverts_when_asset_unknown(registry, owner, reverts_exactly):
    with reverts_exactly(registry.ERC721NonexistentToken, tokenId=MISSING_ID):
        registry.setPrice(MISSING_ID, 5, sender=owner)
