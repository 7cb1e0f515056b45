from __future__ import annotations

from tests.unit.model_registry.helpers import MISSING_ID, ZERO_ADDRESS, Status


def test_set_operator_updates_signer_and_emits_event(registry, owner, consumer, asset_id):
    receipt = registry.setOperator(asset_id, consumer, sender=owner)

    assert receipt.events.filter(registry.OperatorUpdated) == [
        registry.OperatorUpdated(assetId=asset_id, oldOperator=ZERO_ADDRESS, newOperator=consumer)
    ]
    assert registry.getAsset(asset_id).operator == consumer.address
    assert registry.signerOf(asset_id) == consumer.address


def test_set_operator_to_zero_makes_owner_the_signer(registry, owner, consumer, asset_id):
    registry.setOperator(asset_id, consumer, sender=owner)

    receipt = registry.setOperator(asset_id, ZERO_ADDRESS, sender=owner)

    assert receipt.events.filter(registry.OperatorUpdated) == [
        registry.OperatorUpdated(assetId=asset_id, oldOperator=consumer, newOperator=ZERO_ADDRESS)
    ]
    assert registry.signerOf(asset_id) == owner.address


def test_set_operator_replaces_previous_operator(registry, owner, consumer, consumer2, asset_id):
    registry.setOperator(asset_id, consumer, sender=owner)

    receipt = registry.setOperator(asset_id, consumer2, sender=owner)

    assert receipt.events.filter(registry.OperatorUpdated) == [
        registry.OperatorUpdated(assetId=asset_id, oldOperator=consumer, newOperator=consumer2)
    ]
    assert registry.signerOf(asset_id) == consumer2.address


def test_set_operator_allowed_while_paused(registry, owner, consumer, asset_id):
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)

    registry.setOperator(asset_id, consumer, sender=owner)

    assert registry.signerOf(asset_id) == consumer.address


def test_set_operator_reverts_when_called_by_operator(registry, owner, consumer, asset_id, reverts_exactly):
    # The operator signs receipts; only the owner may rotate it.
    registry.setOperator(asset_id, consumer, sender=owner)
    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=consumer, owner=owner):
        registry.setOperator(asset_id, consumer, sender=consumer)


def test_set_operator_reverts_when_not_owner(registry, owner, stranger, asset_id, reverts_exactly):
    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=stranger, owner=owner):
        registry.setOperator(asset_id, stranger, sender=stranger)


def test_set_operator_reverts_when_retired(registry, owner, consumer, retired_asset_id, reverts_exactly):
    with reverts_exactly(registry.AssetRetired, assetId=retired_asset_id):
        registry.setOperator(retired_asset_id, consumer, sender=owner)


def test_set_operator_reverts_when_asset_unknown(registry, owner, consumer, reverts_exactly):
    with reverts_exactly(registry.ERC721NonexistentToken, tokenId=MISSING_ID):
        registry.setOperator(MISSING_ID, consumer, sender=owner)
