"""Attack 4: double redeem — the same voucher twice, in one batch and across transactions.

Defence: a voucher pays `cumulativeAmount - redeemed` of its (consumer, asset) lane, and `redeemed`
advances in the same slot write that takes the payment from the lane; a voucher whose amount is not above `redeemed` is stale
(`VoucherStale`, or `VoucherRejected` with that selector in a batch).
"""

from __future__ import annotations

from tests.attacks.conftest import DEPOSIT, selector
from tests.attacks.helpers import TOKEN, sign_voucher

AMOUNT = 100 * TOKEN


def test_double_redeem_across_txs_fails(payments, asset, funded, consumer, stranger, reverts_exactly):
    voucher, signature = sign_voucher(consumer, payments, consumer, asset, AMOUNT)
    payments.redeem(voucher, signature, sender=stranger)

    with reverts_exactly(payments.VoucherStale, consumer=consumer, assetId=asset, cumulativeAmount=AMOUNT,
                         redeemed=AMOUNT):
        payments.redeem(voucher, signature, sender=stranger)
    receipt = payments.redeemBatch([voucher], [signature], sender=stranger)

    assert [e.reason for e in receipt.events.filter(payments.VoucherRejected)] == [selector(payments.VoucherStale)]
    assert not receipt.events.filter(payments.VoucherRedeemed)
    assert payments.coverageOf(consumer, asset) == DEPOSIT - AMOUNT
    assert payments.redeemed(consumer, asset) == AMOUNT


def test_double_redeem_in_one_batch_pays_once(payments, staking, asset, funded, consumer, stranger):
    voucher, signature = sign_voucher(consumer, payments, consumer, asset, AMOUNT)

    receipt = payments.redeemBatch([voucher, voucher, voucher], [signature] * 3, sender=stranger)

    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [AMOUNT]
    rejected = receipt.events.filter(payments.VoucherRejected)
    assert [(e.index, e.reason) for e in rejected] == [(1, selector(payments.VoucherStale)),
                                                       (2, selector(payments.VoucherStale))]
    assert payments.pendingRevenueOf(asset) == AMOUNT
    assert payments.coverageOf(consumer, asset) == DEPOSIT - AMOUNT
    payments.settle(asset, sender=stranger)
    # one payment booked: the protocol fee here, the rest to the owner in the StakingPool (no royalties)
    fee = payments.protocolFeesAccrued()
    assert fee == AMOUNT * payments.protocolFeeBps() // 10_000
    assert staking.getPool(asset).ownerRewards == AMOUNT - fee


def test_older_voucher_after_newer_fails(payments, asset, funded, consumer, stranger, reverts_exactly):
    old = sign_voucher(consumer, payments, consumer, asset, AMOUNT)
    new = sign_voucher(consumer, payments, consumer, asset, 3 * AMOUNT)
    payments.redeem(*new, sender=stranger)

    with reverts_exactly(payments.VoucherStale, consumer=consumer, assetId=asset, cumulativeAmount=AMOUNT,
                         redeemed=3 * AMOUNT):
        payments.redeem(*old, sender=stranger)
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 3 * AMOUNT


def test_newer_voucher_pays_only_the_difference(payments, asset, funded, consumer, stranger):
    payments.redeem(*sign_voucher(consumer, payments, consumer, asset, AMOUNT), sender=stranger)
    receipt = payments.redeem(*sign_voucher(consumer, payments, consumer, asset, 3 * AMOUNT), sender=stranger)

    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [2 * AMOUNT]
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 3 * AMOUNT
