"""UsagePayments.payPerCall: on-chain consumers pay calls × pricePerCall from the asset's lane."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN, MAX_UINT
from tests.unit.usage_payments.conftest import DEPOSIT

PRICE = 10**15  # listing() default pricePerCall


def test_pay_per_call_pays_from_the_lane_and_records_revenue(payments, token, staking, consumer, asset, funded, serving):
    serving(asset)
    staking_before = token.balanceOf(staking.address)

    receipt = payments.payPerCall(asset, 7, MAX_UINT, sender=consumer)

    event = receipt.events.filter(payments.CallsPaid)[0]
    assert (event.consumer, event.assetId, event.calls, event.amount) == (consumer.address, asset, 7, 7 * PRICE)
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 7 * PRICE
    assert payments.paidPerCall(consumer, asset) == 7 * PRICE
    assert payments.pendingRevenueOf(asset) == 7 * PRICE
    assert token.balanceOf(staking.address) == staking_before  # the split waits for settle


def test_pay_per_call_never_draws_another_lane(payments, consumer, asset, other_asset, fund, serving, reverts_exactly):
    serving(asset)
    fund(consumer, 100 * PRICE, asset_id=other_asset)

    with reverts_exactly(payments.InsufficientLane, consumer=consumer, assetId=asset, balance=0, needed=PRICE):
        payments.payPerCall(asset, 1, MAX_UINT, sender=consumer)


def test_pay_per_call_never_advances_redeemed(payments, consumer, owner, sign, asset, funded, serving):
    serving(asset)
    payments.payPerCall(asset, 3, MAX_UINT, sender=consumer)

    receipt = payments.redeem(*sign(TOKEN), sender=owner)

    assert payments.redeemed(consumer, asset) == TOKEN
    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == TOKEN
    assert payments.spentBy(consumer, asset) == TOKEN + 3 * PRICE


def test_pay_per_call_reverts_when_asset_paused(payments, registry, consumer, owner, asset, funded, serving):
    serving(asset)
    registry.setStatus(asset, 1, sender=owner)

    with ape.reverts(payments.AssetNotActive, assetId=asset):
        payments.payPerCall(asset, 1, MAX_UINT, sender=consumer)


def test_pay_per_call_reverts_when_asset_not_serving(payments, consumer, asset, funded):
    with ape.reverts(payments.AssetNotServing, assetId=asset):
        payments.payPerCall(asset, 1, MAX_UINT, sender=consumer)


def test_pay_per_call_reverts_when_calls_zero(payments, consumer, asset, funded, serving):
    serving(asset)

    with ape.reverts(payments.ZeroAmount):
        payments.payPerCall(asset, 0, MAX_UINT, sender=consumer)


def test_pay_per_call_reverts_when_price_zero(payments, registry, consumer, owner, asset, funded, serving):
    serving(asset)
    registry.setPrice(asset, 0, sender=owner)

    with ape.reverts(payments.ZeroAmount):
        payments.payPerCall(asset, 5, MAX_UINT, sender=consumer)


def test_pay_per_call_reverts_when_lane_short(payments, consumer, asset, fund, serving):
    serving(asset)
    fund(consumer, PRICE)

    with ape.reverts(payments.InsufficientLane, consumer=consumer.address, assetId=asset, balance=PRICE, needed=2 * PRICE):
        payments.payPerCall(asset, 2, MAX_UINT, sender=consumer)


def test_pay_per_call_reverts_when_asset_unknown(payments, registry, consumer, funded):
    # the registry's error, bubbled through UsagePayments (one shared UnknownAsset)
    with ape.reverts(payments.UnknownAsset, assetId=999):
        payments.payPerCall(999, 1, MAX_UINT, sender=consumer)
