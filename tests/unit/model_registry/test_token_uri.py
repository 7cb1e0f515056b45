from __future__ import annotations

from tests.unit.model_registry.helpers import MISSING_ID, Status, content, uri


def test_token_uri_is_empty_because_the_card_uri_is_only_emitted(registry, asset_id):
    assert registry.tokenURI(asset_id) == ""


def test_token_uri_stays_empty_after_new_versions_and_retirement(registry, owner, asset_id):
    registry.publishVersion(asset_id, content(2), uri(2), sender=owner)
    registry.setStatus(asset_id, Status.RETIRED, sender=owner)

    assert registry.tokenURI(asset_id) == ""


def test_token_uri_reverts_when_asset_unknown(registry, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=MISSING_ID):
        registry.tokenURI(MISSING_ID)
