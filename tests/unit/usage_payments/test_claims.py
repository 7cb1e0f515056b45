"""UsagePayments.claimRoyalties / claimProtocolFees: pull payments, paid to the rightful payee
whoever calls."""

from __future__ import annotations

import ape
import pytest

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import apply_change


@pytest.fixture
def royalty_parent(list_asset, payments, owner, other_owner, consumer, sign, fund):
    """A parent of `other_owner` with accrued royalties from a paid and settled child of `owner`."""
    parent = list_asset(sender=other_owner)
    child = list_asset(parents=[(parent, 1_000)])
    fund(consumer, 10 * TOKEN, asset_id=child)
    payments.redeem(*sign(10 * TOKEN, asset_id=child), sender=owner)
    payments.settle(child, sender=owner)
    return parent


def test_claim_royalties_pays_parent_owner_and_emits_event(payments, token, other_owner, royalty_parent):
    before = token.balanceOf(other_owner)

    receipt = payments.claimRoyalties(royalty_parent, sender=other_owner)

    event = receipt.events.filter(payments.RoyaltiesClaimed)[0]
    assert (event.assetId, event.owner, event.amount) == (royalty_parent, other_owner.address, TOKEN)
    assert token.balanceOf(other_owner) == before + TOKEN
    assert payments.royaltiesOf(royalty_parent) == 0


def test_claim_royalties_pays_current_owner_after_transfer(payments, registry, token, other_owner, stranger, royalty_parent):
    registry.transferFrom(other_owner, stranger, royalty_parent, sender=other_owner)
    before = token.balanceOf(stranger)

    payments.claimRoyalties(royalty_parent, sender=stranger)

    assert token.balanceOf(stranger) == before + TOKEN


def test_claim_royalties_pays_the_owner_whoever_calls(payments, token, stranger, other_owner, royalty_parent):
    before = token.balanceOf(other_owner)

    receipt = payments.claimRoyalties(royalty_parent, sender=stranger)

    assert receipt.events.filter(payments.RoyaltiesClaimed)[0].owner == other_owner.address
    assert token.balanceOf(other_owner) == before + TOKEN


def test_claim_royalties_reverts_for_unknown_asset(payments, stranger, reverts_exactly):
    with reverts_exactly(payments.UnknownAsset, assetId=999):
        payments.claimRoyalties(999, sender=stranger)


def test_claim_royalties_reverts_when_nothing_accrued(payments, other_owner, royalty_parent):
    payments.claimRoyalties(royalty_parent, sender=other_owner)

    with ape.reverts(payments.NothingToClaim, account=other_owner.address):
        payments.claimRoyalties(royalty_parent, sender=other_owner)


def test_claim_protocol_fees_pays_treasury_and_emits_event(payments, token, treasury, stranger, owner, sign, asset, funded):
    payments.redeem(*sign(10 * TOKEN), sender=owner)
    payments.settle(asset, sender=stranger)
    fees = payments.protocolFeesAccrued()
    before = token.balanceOf(treasury)

    receipt = payments.claimProtocolFees(sender=stranger)

    event = receipt.events.filter(payments.ProtocolFeesClaimed)[0]
    assert (event.treasury, event.amount) == (treasury.address, fees)
    assert fees == 10 * TOKEN // 100
    assert token.balanceOf(treasury) == before + fees
    assert payments.protocolFeesAccrued() == 0


def test_claim_protocol_fees_pays_the_current_treasury(payments, token, deployer, stranger, owner, sign, asset, funded):
    payments.redeem(*sign(10 * TOKEN), sender=owner)
    payments.settle(asset, sender=owner)
    apply_change(payments, "setTreasury", stranger, deployer)
    before = token.balanceOf(stranger)

    payments.claimProtocolFees(sender=owner)

    assert token.balanceOf(stranger) == before + 10 * TOKEN // 100


def test_claim_protocol_fees_reverts_when_nothing_accrued(payments, treasury):
    with ape.reverts(payments.NothingToClaim, account=treasury.address):
        payments.claimProtocolFees(sender=treasury)
