from __future__ import annotations

import pytest

from tests.unit.model_registry.helpers import MISSING_ID, ZERO_ADDRESS, Kind, Status, content, uri


def test_get_asset_returns_listed_fields(registry, owner, list_asset):
    parent = list_asset()
    asset_id = list_asset(kind=Kind.DATASET, complianceFlags=2**64 - 1, pricePerCall=77, parents=[(parent, 1_234)])

    asset = registry.getAsset(asset_id)

    assert asset.kind == Kind.DATASET
    assert asset.status == Status.ACTIVE
    assert asset.totalRoyaltyBps == 1_234
    assert asset.versionCount == 1
    assert asset.operator == ZERO_ADDRESS
    assert asset.complianceFlags == 2**64 - 1
    assert asset.pricePerCall == 77


def test_get_asset_reflects_owner_updates(registry, owner, consumer, asset_id):
    registry.publishVersion(asset_id, content(2), uri(2), sender=owner)
    registry.setPrice(asset_id, 42, sender=owner)
    registry.setOperator(asset_id, consumer, sender=owner)
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)

    asset = registry.getAsset(asset_id)

    assert (asset.versionCount, asset.pricePerCall, asset.operator, asset.status) == (
        2,
        42,
        consumer.address,
        Status.PAUSED,
    )


@pytest.mark.parametrize("unknown", [0, MISSING_ID])
def test_get_asset_reverts_when_asset_unknown(registry, asset_id, unknown, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=unknown):
        registry.getAsset(unknown)
