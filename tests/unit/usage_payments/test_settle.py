"""UsagePayments.settle / settleMany: the one split per asset, tokens moved once."""

from __future__ import annotations

from tests.conftest import TOKEN


def test_settle_splits_pending_revenue_and_deposits_the_rest_in_staking(
    payments, token, staking, consumer, owner, stranger, sign, asset, funded
):
    payments.redeem(*sign(10 * TOKEN + 7), sender=owner)
    assert payments.pendingRevenueOf(asset) == 10 * TOKEN + 7
    staking_before = token.balanceOf(staking.address)

    receipt = payments.settle(asset, sender=stranger)

    fee = -(-(10 * TOKEN + 7) * payments.protocolFeeBps() // 10_000)
    settled = receipt.events.filter(payments.RevenueSettled)[0]
    assert (settled.assetId, settled.amount, settled.protocolFee, settled.royalties, settled.toStaking) == (
        asset, 10 * TOKEN + 7, fee, 0, 10 * TOKEN + 7 - fee
    )
    assert token.balanceOf(staking.address) == staking_before + 10 * TOKEN + 7 - fee
    assert payments.protocolFeesAccrued() == fee
    assert payments.pendingRevenueOf(asset) == 0


def test_settle_reverts_when_nothing_pending(payments, stranger, asset, reverts_exactly):
    with reverts_exactly(payments.NothingToSettle, assetId=asset):
        payments.settle(asset, sender=stranger)


def test_settle_many_skips_assets_without_revenue(payments, owner, stranger, sign, asset, other_asset, funded):
    payments.redeem(*sign(2 * TOKEN), sender=owner)

    receipt = payments.settleMany([other_asset, asset], sender=stranger)

    assert [e.assetId for e in receipt.events.filter(payments.RevenueSettled)] == [asset]
    assert payments.pendingRevenueOf(asset) == 0
