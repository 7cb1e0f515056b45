from __future__ import annotations

from tests.unit.model_registry.helpers import MISSING_ID


def test_signer_of_is_owner_without_operator(registry, owner, asset_id):
    assert registry.signerOf(asset_id) == owner.address


def test_signer_of_is_operator_named_at_listing(registry, consumer, list_asset):
    asset_id = list_asset(operator=consumer.address)

    assert registry.signerOf(asset_id) == consumer.address


def test_signer_of_follows_owner_after_transfer(registry, owner, other_owner, asset_id):
    registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    assert registry.signerOf(asset_id) == other_owner.address


def test_signer_of_reverts_when_asset_unknown(registry, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=MISSING_ID):
        registry.signerOf(MISSING_ID)
