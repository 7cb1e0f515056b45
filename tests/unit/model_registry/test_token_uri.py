from __future__ import annotations

from tests.conftest import URI
from tests.unit.model_registry.helpers import MISSING_ID, Status, content, uri


def test_token_uri_is_card_of_first_version(registry, asset_id):
    assert registry.tokenURI(asset_id) == URI


def test_token_uri_follows_latest_version(registry, owner, asset_id):
    registry.publishVersion(asset_id, content(2), uri(2), sender=owner)
    registry.publishVersion(asset_id, content(3), uri(3), sender=owner)

    assert registry.tokenURI(asset_id) == uri(3)


def test_token_uri_still_readable_when_retired(registry, owner, asset_id):
    registry.publishVersion(asset_id, content(2), uri(2), sender=owner)
    registry.setStatus(asset_id, Status.RETIRED, sender=owner)

    assert registry.tokenURI(asset_id) == uri(2)


def test_token_uri_reverts_when_asset_unknown(registry, reverts_exactly):
    with reverts_exactly(registry.AssetNotFound, assetId=MISSING_ID):
        registry.tokenURI(MISSING_ID)

