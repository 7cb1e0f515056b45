"""UsagePayments.requestThaw / cancelThaw / completeThaw: the only way out of a lane other than
paying its asset, after the withdrawal delay; thawing tokens stay payable to the asset."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import DEPOSIT

DAY = 86_400


def test_request_thaw_records_request_and_emits_event(payments, consumer, asset, funded):
    receipt = payments.requestThaw(asset, 10 * TOKEN, sender=consumer)

    event = receipt.events.filter(payments.ThawRequested)[0]
    ready_at = receipt.timestamp + DAY
    assert (event.consumer, event.assetId, event.amount, event.readyAt) == (consumer.address, asset, 10 * TOKEN, ready_at)
    assert payments.laneOf(consumer, asset) == (DEPOSIT, 0, 10 * TOKEN, ready_at)
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 10 * TOKEN


def test_request_thaw_replaces_earlier_request_and_restarts_timer(chain, payments, consumer, asset, funded):
    payments.requestThaw(asset, 10 * TOKEN, sender=consumer)
    chain.pending_timestamp += 100

    receipt = payments.requestThaw(asset, 3 * TOKEN, sender=consumer)

    assert payments.laneOf(consumer, asset)[2:] == (3 * TOKEN, receipt.timestamp + DAY)


def test_request_thaw_reverts_when_amount_zero(payments, consumer, asset, funded):
    with ape.reverts(payments.ZeroAmount):
        payments.requestThaw(asset, 0, sender=consumer)


def test_request_thaw_reverts_when_above_lane_balance(payments, consumer, asset, funded, reverts_exactly):
    with reverts_exactly(payments.InsufficientLane, consumer=consumer, assetId=asset, balance=DEPOSIT, needed=DEPOSIT + 1):
        payments.requestThaw(asset, DEPOSIT + 1, sender=consumer)


def test_complete_thaw_moves_to_free_balance_after_delay(chain, payments, consumer, asset, funded):
    requested = payments.requestThaw(asset, 10 * TOKEN, sender=consumer)
    chain.pending_timestamp = requested.timestamp + DAY

    receipt = payments.completeThaw(asset, False, sender=consumer)

    event = receipt.events.filter(payments.ThawCompleted)[0]
    assert (event.consumer, event.assetId, event.amount, event.toWallet) == (consumer.address, asset, 10 * TOKEN, False)
    assert payments.freeBalanceOf(consumer) == 10 * TOKEN
    assert payments.laneOf(consumer, asset) == (DEPOSIT - 10 * TOKEN, 0, 0, 0)


def test_complete_thaw_to_wallet_sends_tokens(chain, payments, token, consumer, asset, funded):
    requested = payments.requestThaw(asset, 10 * TOKEN, sender=consumer)
    chain.pending_timestamp = requested.timestamp + DAY
    before = token.balanceOf(consumer)

    payments.completeThaw(asset, True, sender=consumer)

    assert token.balanceOf(consumer) == before + 10 * TOKEN
    assert payments.freeBalanceOf(consumer) == 0


def test_complete_thaw_reverts_before_delay(chain, payments, consumer, asset, funded, reverts_exactly):
    requested = payments.requestThaw(asset, 10 * TOKEN, sender=consumer)
    ready_at = requested.timestamp + DAY
    chain.pending_timestamp = ready_at - 1

    with reverts_exactly(
        payments.ThawNotReady, consumer=consumer, assetId=asset, readyAt=ready_at, nowTimestamp=ready_at - 1
    ):
        payments.completeThaw(asset, False, sender=consumer)


def test_complete_thaw_reverts_without_request(payments, consumer, asset, funded, reverts_exactly):
    with reverts_exactly(payments.NoThawRequest, consumer=consumer, assetId=asset):
        payments.completeThaw(asset, False, sender=consumer)


def test_cancel_thaw_clears_request_and_emits_event(payments, consumer, asset, funded):
    payments.requestThaw(asset, 10 * TOKEN, sender=consumer)

    receipt = payments.cancelThaw(asset, sender=consumer)

    event = receipt.events.filter(payments.ThawCancelled)[0]
    assert (event.consumer, event.assetId, event.amount) == (consumer.address, asset, 10 * TOKEN)
    assert payments.coverageOf(consumer, asset) == DEPOSIT


def test_cancel_thaw_reverts_without_request(payments, consumer, asset, reverts_exactly):
    with reverts_exactly(payments.NoThawRequest, consumer=consumer, assetId=asset):
        payments.cancelThaw(asset, sender=consumer)


def test_thaw_does_not_block_redeeming_earlier_vouchers(chain, payments, consumer, owner, sign, asset, funded):
    voucher, signature = sign(30 * TOKEN, deadline=chain.pending_timestamp + 2 * DAY)
    requested = payments.requestThaw(asset, DEPOSIT, sender=consumer)
    chain.pending_timestamp = requested.timestamp + DAY - 1

    receipt = payments.redeem(voucher, signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 30 * TOKEN


def test_complete_thaw_moves_min_of_request_and_balance(chain, payments, consumer, owner, sign, asset, funded):
    requested = payments.requestThaw(asset, DEPOSIT, sender=consumer)
    payments.redeem(*sign(30 * TOKEN), sender=owner)
    chain.pending_timestamp = requested.timestamp + DAY

    receipt = payments.completeThaw(asset, False, sender=consumer)

    assert receipt.events.filter(payments.ThawCompleted)[0].amount == DEPOSIT - 30 * TOKEN
    assert payments.laneOf(consumer, asset)[:2] == (0, 30 * TOKEN)
