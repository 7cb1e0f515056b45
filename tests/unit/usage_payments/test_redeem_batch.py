"""UsagePayments.redeemBatch: many consumers and assets, bad vouchers skipped with VoucherRejected."""

from __future__ import annotations

import ape
from eth_utils import keccak

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import DEPOSIT, high_s


def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


EXPIRED = selector("VoucherExpired(address,uint256,uint64)")
STALE = selector("VoucherStale(address,uint256,uint256,uint256)")
BAD_SIGNATURE = selector("InvalidSignature(address,uint256)")
WRONG_SIGNER = selector("InvalidSigner(address,address)")
EXPIRED_KEY = selector("ExpiredSessionKey(address,address,uint64)")
UNKNOWN_ASSET = selector("UnknownAsset(uint256)")
RETIRED = selector("AssetRetired(uint256)")
LANE_EMPTY = selector("LaneEmpty(address,uint256,uint256)")
OUT_OF_SCOPE = selector("SessionKeyOutOfScope(address,address,uint256)")
OVER_CAP = selector("SessionKeyCapExceeded(address,address,uint256,uint256,uint256)")


def _batch(*signed):
    return [v for v, _ in signed], [s for _, s in signed]


def test_redeem_batch_pays_many_consumers_of_one_asset(payments, token, staking, consumer, consumer2, owner, sign, asset, fund):
    fund(consumer)
    fund(consumer2)
    staking_before = token.balanceOf(staking.address)

    receipt = payments.redeemBatch(
        *_batch(sign(3 * TOKEN), sign(5 * TOKEN, consumer=consumer2)), sender=owner
    )

    redeemed = receipt.events.filter(payments.VoucherRedeemed)
    assert [(e.consumer, e.paid) for e in redeemed] == [(consumer.address, 3 * TOKEN), (consumer2.address, 5 * TOKEN)]
    assert payments.coverageOf(consumer2, asset) == DEPOSIT - 5 * TOKEN
    assert payments.pendingRevenueOf(asset) == 8 * TOKEN
    assert token.balanceOf(staking.address) == staking_before


def test_redeem_batch_pays_many_assets_in_runs(payments, consumer, consumer2, owner, sign, asset, other_asset, fund):
    for who in (consumer, consumer2):
        fund(who)
        fund(who, asset_id=other_asset)

    receipt = payments.redeemBatch(
        *_batch(
            sign(TOKEN),
            sign(2 * TOKEN, consumer=consumer2),
            sign(3 * TOKEN, asset_id=other_asset),
            sign(4 * TOKEN, consumer=consumer2, asset_id=other_asset),
            sign(5 * TOKEN, consumer=consumer2, asset_id=asset),
        ),
        sender=owner,
    )

    assert payments.pendingRevenueOf(asset) == 6 * TOKEN
    assert payments.pendingRevenueOf(other_asset) == 7 * TOKEN
    assert payments.redeemed(consumer2, asset) == 5 * TOKEN
    assert payments.redeemed(consumer, other_asset) == 3 * TOKEN
    assert receipt.return_value == 13 * TOKEN


def test_redeem_batch_skips_unknown_retired_and_empty_lane_assets(
    payments, registry, consumer, owner, other_owner, sign, asset, list_asset, fund
):
    fund(consumer)
    retired = list_asset(sender=other_owner)
    fund(consumer, TOKEN, asset_id=retired)
    registry.setStatus(retired, 2, sender=other_owner)
    empty = list_asset(sender=other_owner)

    receipt = payments.redeemBatch(
        *_batch(sign(TOKEN, asset_id=999), sign(TOKEN, asset_id=retired), sign(TOKEN, asset_id=empty), sign(TOKEN)),
        sender=owner,
    )

    rejected = [(e.index, e.assetId, bytes(e.reason)) for e in receipt.events.filter(payments.VoucherRejected)]
    assert rejected == [(0, 999, UNKNOWN_ASSET), (1, retired, RETIRED), (2, empty, LANE_EMPTY)]
    assert receipt.return_value == TOKEN
    assert payments.pendingRevenueOf(asset) == TOKEN


def test_redeem_batch_skips_bad_vouchers_and_pays_good_ones(
    chain, payments, consumer, consumer2, stranger, owner, sign, session_key, asset, fund
):
    fund(consumer)
    fund(consumer2)
    payments.redeem(*sign(2 * TOKEN, consumer=consumer2), sender=owner)
    now = chain.pending_timestamp
    payments.authorizeSessionKey(session_key.address, TOKEN, now + 3_600, [], sender=consumer)
    expired = sign(TOKEN, deadline=now - 1)
    stale = sign(TOKEN, consumer=consumer2)
    wrong_signer = sign(TOKEN, signer=stranger)
    voucher, good_signature = sign(4 * TOKEN)
    over_cap = sign(9 * TOKEN, signer=session_key)

    receipt = payments.redeemBatch(
        *_batch(expired, stale, wrong_signer, (voucher, high_s(good_signature)), over_cap, (voucher, good_signature)),
        sender=owner,
    )

    rejected = [(e.index, e.consumer, e.assetId, bytes(e.reason)) for e in receipt.events.filter(payments.VoucherRejected)]
    assert rejected == [
        (0, consumer.address, asset, EXPIRED),
        (1, consumer2.address, asset, STALE),
        (2, consumer.address, asset, WRONG_SIGNER),
        (3, consumer.address, asset, BAD_SIGNATURE),
        (4, consumer.address, asset, OVER_CAP),
    ]
    assert [(e.consumer, e.paid) for e in receipt.events.filter(payments.VoucherRedeemed)] == [(consumer.address, 4 * TOKEN)]
    assert payments.redeemed(consumer, asset) == 4 * TOKEN
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 4 * TOKEN


def test_redeem_batch_rejects_expired_and_out_of_scope_session_keys(
    chain, payments, consumer, consumer2, owner, sign, session_key, asset, other_asset, fund
):
    fund(consumer)
    fund(consumer2)
    now = chain.pending_timestamp
    payments.authorizeSessionKey(session_key.address, 10 * TOKEN, now + 3_600, [other_asset], sender=consumer)
    payments.authorizeSessionKey(session_key.address, 10 * TOKEN, now + 60, [], sender=consumer2)
    out_of_scope = sign(TOKEN, signer=session_key, deadline=now + 7_200)
    expired_key = sign(TOKEN, signer=session_key, consumer=consumer2, deadline=now + 7_200)
    chain.pending_timestamp = now + 61

    receipt = payments.redeemBatch(*_batch(out_of_scope, expired_key), sender=owner)

    reasons = [bytes(e.reason) for e in receipt.events.filter(payments.VoucherRejected)]
    assert reasons == [OUT_OF_SCOPE, EXPIRED_KEY]
    assert payments.pendingRevenueOf(asset) == 0


def test_redeem_batch_pays_duplicate_voucher_once(payments, consumer, owner, sign, asset, funded):
    signed = sign(3 * TOKEN)

    receipt = payments.redeemBatch(*_batch(signed, signed), sender=owner)

    assert [bytes(e.reason) for e in receipt.events.filter(payments.VoucherRejected)] == [STALE]
    assert payments.redeemed(consumer, asset) == 3 * TOKEN
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 3 * TOKEN


def test_redeem_batch_with_only_bad_vouchers_changes_nothing(payments, consumer, stranger, owner, sign, asset, funded):
    receipt = payments.redeemBatch(*_batch(sign(TOKEN, signer=stranger)), sender=owner)

    assert len(receipt.events.filter(payments.VoucherRejected)) == 1
    assert payments.coverageOf(consumer, asset) == DEPOSIT
    assert payments.pendingRevenueOf(asset) == 0


def test_redeem_batch_reports_shortfall_per_voucher(payments, consumer, owner, sign, asset, fund):
    fund(consumer, 2 * TOKEN)

    receipt = payments.redeemBatch(*_batch(sign(5 * TOKEN)), sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 2 * TOKEN
    assert receipt.events.filter(payments.LaneShortfall)[0].shortfall == 3 * TOKEN


def test_redeem_batch_reverts_when_lengths_differ(payments, owner, sign):
    voucher, signature = sign(TOKEN)

    with ape.reverts(payments.LengthMismatch, first=1, second=2):
        payments.redeemBatch([voucher], [signature, signature], sender=owner)


def test_redeem_batch_of_nothing_is_a_no_op(payments, owner):
    receipt = payments.redeemBatch([], [], sender=owner)

    assert not receipt.events.filter(payments.VoucherRedeemed)
