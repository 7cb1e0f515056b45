"""signerRetiredAt / SignerRetired: the registry remembers when a key stopped signing receipts for an
asset, so that equivocation evidence survives an operator rotation or a sale."""

from __future__ import annotations

from tests.unit.model_registry.helpers import MISSING_ID, ZERO_ADDRESS


def _retired(registry, receipt):
    return [(event.assetId, event.signer) for event in receipt.events.filter(registry.SignerRetired)]


def test_signer_retired_at_is_zero_for_current_and_unknown_signers(registry, owner, stranger, asset_id):
    assert registry.signerRetiredAt(asset_id, owner) == 0
    assert registry.signerRetiredAt(asset_id, stranger) == 0
    assert registry.signerRetiredAt(MISSING_ID, owner) == 0


def test_set_operator_retires_owner_and_emits_event(registry, owner, consumer, asset_id, chain):
    receipt = registry.setOperator(asset_id, consumer, sender=owner)

    assert receipt.events.filter(registry.SignerRetired) == [registry.SignerRetired(assetId=asset_id, signer=owner)]
    assert registry.signerRetiredAt(asset_id, owner) == chain.blocks.head.timestamp
    assert registry.signerRetiredAt(asset_id, consumer) == 0


def test_set_operator_rotation_retires_old_operator(registry, owner, consumer, consumer2, asset_id, chain):
    registry.setOperator(asset_id, consumer, sender=owner)
    chain.pending_timestamp += 100

    receipt = registry.setOperator(asset_id, consumer2, sender=owner)

    assert _retired(registry, receipt) == [(asset_id, consumer.address)]
    assert registry.signerRetiredAt(asset_id, consumer) == chain.blocks.head.timestamp
    assert registry.signerRetiredAt(asset_id, consumer2) == 0


def test_set_operator_reappointed_key_is_current_again(registry, owner, consumer, consumer2, asset_id, chain):
    registry.setOperator(asset_id, consumer, sender=owner)
    registry.setOperator(asset_id, consumer2, sender=owner)
    assert registry.signerRetiredAt(asset_id, consumer) != 0

    receipt = registry.setOperator(asset_id, consumer, sender=owner)

    assert _retired(registry, receipt) == [(asset_id, consumer2.address)]
    assert registry.signerRetiredAt(asset_id, consumer) == 0


def test_set_operator_to_zero_retires_operator_and_reinstates_owner(registry, owner, consumer, asset_id, chain):
    registry.setOperator(asset_id, consumer, sender=owner)

    receipt = registry.setOperator(asset_id, ZERO_ADDRESS, sender=owner)

    assert _retired(registry, receipt) == [(asset_id, consumer.address)]
    assert registry.signerRetiredAt(asset_id, consumer) == chain.blocks.head.timestamp
    assert registry.signerRetiredAt(asset_id, owner) == 0


def test_set_operator_without_signer_change_retires_nobody(registry, owner, consumer, asset_id):
    # Naming the owner itself, or the current operator again, leaves the effective signer unchanged.
    assert _retired(registry, registry.setOperator(asset_id, owner, sender=owner)) == []
    assert _retired(registry, registry.setOperator(asset_id, ZERO_ADDRESS, sender=owner)) == []
    registry.setOperator(asset_id, consumer, sender=owner)
    assert _retired(registry, registry.setOperator(asset_id, consumer, sender=owner)) == []
    assert registry.signerRetiredAt(asset_id, owner) != 0  # retired by the change to `consumer` only


def test_transfer_retires_seller_signer(registry, owner, other_owner, asset_id, chain):
    receipt = registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    assert _retired(registry, receipt) == [(asset_id, owner.address)]
    assert registry.signerRetiredAt(asset_id, owner) == chain.blocks.head.timestamp
    assert registry.signerRetiredAt(asset_id, other_owner) == 0


def test_transfer_retires_operator(registry, owner, other_owner, consumer, list_asset, chain):
    asset_id = list_asset(operator=consumer.address)

    receipt = registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    assert _retired(registry, receipt) == [(asset_id, consumer.address)]
    assert registry.signerRetiredAt(asset_id, consumer) == chain.blocks.head.timestamp
    assert registry.signerRetiredAt(asset_id, owner) == 0  # never signed: the operator did
    assert registry.signerOf(asset_id) == other_owner.address


def test_transfer_to_operator_retires_nobody(registry, owner, other_owner, list_asset):
    asset_id = list_asset(operator=other_owner.address)

    receipt = registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    assert _retired(registry, receipt) == []
    assert registry.signerRetiredAt(asset_id, other_owner) == 0


def test_transfer_back_reinstates_first_owner(registry, owner, other_owner, asset_id):
    registry.transferFrom(owner, other_owner, asset_id, sender=owner)

    receipt = registry.transferFrom(other_owner, owner, asset_id, sender=other_owner)

    assert _retired(registry, receipt) == [(asset_id, other_owner.address)]
    assert registry.signerRetiredAt(asset_id, owner) == 0
    assert registry.signerRetiredAt(asset_id, other_owner) != 0
