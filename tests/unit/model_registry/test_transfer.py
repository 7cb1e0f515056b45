from __future__ import annotations

import pytest

from tests.unit.model_registry.helpers import MISSING_ID, ZERO_ADDRESS, Status, content, uri


def test_transfer_moves_ownership_and_emits_event(registry, owner, other_owner, asset_id):
    receipt = registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    assert receipt.events.filter(registry.Transfer) == [
        registry.Transfer(**{"from": owner, "to": other_owner, "tokenId": asset_id})
    ]
    assert registry.ownerOf(asset_id) == other_owner.address
    assert (registry.balanceOf(owner), registry.balanceOf(other_owner)) == (0, 1)


def test_transfer_lets_new_owner_update(registry, owner, other_owner, asset_id):
    registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    receipt = registry.setPrice(asset_id, 5, sender=other_owner)
    registry.publishVersion(asset_id, content(2), uri(2), sender=other_owner)

    assert receipt.events.filter(registry.PriceUpdated)[0].newPrice == 5
    assert registry.getAsset(asset_id).versionCount == 2


@pytest.mark.parametrize("update", ["setPrice", "setOperator", "setStatus", "publishVersion"])
def test_transfer_locks_out_previous_owner(registry, owner, other_owner, stranger, asset_id, update, reverts_exactly):
    registry.safeTransferFrom(owner, other_owner, asset_id, sender=owner)
    args = {
        "setPrice": (1,),
        "setOperator": (stranger,),
        "setStatus": (Status.PAUSED,),
        "publishVersion": (content(2), uri(2)),
    }[update]

    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=owner, owner=other_owner):
        getattr(registry, update)(asset_id, *args, sender=owner)


def test_transfer_approval_does_not_grant_updates(registry, owner, consumer, asset_id, reverts_exactly):
    # ERC-721 approval lets an account move the token, not manage the asset.
    registry.setApprovalForAll(consumer, True, sender=owner)
    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=consumer, owner=owner):
        registry.setPrice(asset_id, 1, sender=consumer)

    registry.transferFrom(owner, consumer, asset_id, sender=consumer)

    assert registry.ownerOf(asset_id) == consumer.address


def test_transfer_allowed_when_retired(registry, owner, other_owner, retired_asset_id):
    registry.transferFrom(owner, other_owner, retired_asset_id, sender=owner)

    assert registry.ownerOf(retired_asset_id) == other_owner.address
    assert registry.getAsset(retired_asset_id).status == Status.RETIRED


def test_transfer_clears_operator(registry, owner, other_owner, consumer, list_asset):
    asset_id = list_asset(operator=consumer.address)

    receipt = registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    event = receipt.events.filter(registry.OperatorUpdated)[0]
    assert (event.assetId, event.oldOperator, event.newOperator) == (asset_id, consumer.address, ZERO_ADDRESS)

    assert registry.getAsset(asset_id).operator == ZERO_ADDRESS
    assert registry.signerOf(asset_id) == other_owner.address


def test_transfer_reverts_when_caller_not_approved(registry, owner, stranger, asset_id, reverts_exactly):
    with reverts_exactly(registry.ERC721InsufficientApproval, operator=stranger, tokenId=asset_id):
        registry.transferFrom(owner, stranger, asset_id, sender=stranger)


def test_transfer_reverts_when_receiver_zero(registry, owner, asset_id, reverts_exactly):
    with reverts_exactly(registry.ERC721InvalidReceiver, receiver=ZERO_ADDRESS):
        registry.transferFrom(owner, ZERO_ADDRESS, asset_id, sender=owner)


def test_transfer_reverts_when_asset_unknown(registry, owner, other_owner, reverts_exactly):
    with reverts_exactly(registry.ERC721NonexistentToken, tokenId=MISSING_ID):
        registry.transferFrom(owner, other_owner, MISSING_ID, sender=owner)
