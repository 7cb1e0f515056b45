"""UsagePayments two-step withdrawal: requestWithdraw, cancelWithdraw, withdraw."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import DEPOSIT

DAY = 86_400


def test_request_withdraw_records_request_and_emits_event(chain, payments, consumer, funded):
    receipt = payments.requestWithdraw(10 * TOKEN, sender=consumer)

    event = receipt.events.filter(payments.WithdrawRequested)[0]
    ready_at = chain.blocks.head.timestamp + payments.withdrawDelay()
    assert (event.consumer, event.amount, event.readyAt) == (consumer.address, 10 * TOKEN, ready_at)
    escrow = payments.escrowOf(consumer)
    assert (escrow.balance, escrow.withdrawAmount, escrow.withdrawReadyAt) == (DEPOSIT, 10 * TOKEN, ready_at)


def test_request_withdraw_replaces_earlier_request(chain, payments, consumer, funded):
    payments.requestWithdraw(10 * TOKEN, sender=consumer)
    chain.pending_timestamp += 100

    payments.requestWithdraw(3 * TOKEN, sender=consumer)

    escrow = payments.escrowOf(consumer)
    assert escrow.withdrawAmount == 3 * TOKEN
    assert escrow.withdrawReadyAt == chain.blocks.head.timestamp + payments.withdrawDelay()


def test_request_withdraw_reverts_when_amount_zero(payments, consumer, funded):
    with ape.reverts(payments.ZeroAmount):
        payments.requestWithdraw(0, sender=consumer)


def test_request_withdraw_reverts_when_above_balance(payments, consumer, funded):
    with ape.reverts(payments.InsufficientEscrow, consumer=consumer.address, balance=DEPOSIT, needed=DEPOSIT + 1):
        payments.requestWithdraw(DEPOSIT + 1, sender=consumer)


def test_withdraw_pays_after_delay_and_emits_event(chain, payments, token, consumer, funded):
    payments.requestWithdraw(10 * TOKEN, sender=consumer)
    chain.pending_timestamp += payments.withdrawDelay()
    before = token.balanceOf(consumer)

    receipt = payments.withdraw(sender=consumer)

    event = receipt.events.filter(payments.Withdrawn)[0]
    assert (event.consumer, event.amount) == (consumer.address, 10 * TOKEN)
    assert token.balanceOf(consumer) == before + 10 * TOKEN
    escrow = payments.escrowOf(consumer)
    assert (escrow.balance, escrow.withdrawAmount, escrow.withdrawReadyAt) == (DEPOSIT - 10 * TOKEN, 0, 0)


def test_withdraw_reverts_before_delay(chain, payments, consumer, funded):
    payments.requestWithdraw(10 * TOKEN, sender=consumer)
    ready_at = payments.escrowOf(consumer).withdrawReadyAt
    chain.pending_timestamp = ready_at - 1

    with ape.reverts(payments.WithdrawNotReady, consumer=consumer.address, readyAt=ready_at):
        payments.withdraw(sender=consumer)


def test_withdraw_reverts_without_request(payments, consumer, funded):
    with ape.reverts(payments.NoWithdrawRequest, consumer=consumer.address):
        payments.withdraw(sender=consumer)


def test_withdraw_reverts_when_request_cancelled(chain, payments, consumer, funded):
    payments.requestWithdraw(10 * TOKEN, sender=consumer)
    payments.cancelWithdraw(sender=consumer)
    chain.pending_timestamp += payments.withdrawDelay()

    with ape.reverts(payments.NoWithdrawRequest):
        payments.withdraw(sender=consumer)


def test_cancel_withdraw_clears_request_and_emits_event(payments, consumer, funded):
    payments.requestWithdraw(10 * TOKEN, sender=consumer)

    receipt = payments.cancelWithdraw(sender=consumer)

    event = receipt.events.filter(payments.WithdrawCancelled)[0]
    assert (event.consumer, event.amount) == (consumer.address, 10 * TOKEN)
    escrow = payments.escrowOf(consumer)
    assert (escrow.balance, escrow.withdrawAmount, escrow.withdrawReadyAt) == (DEPOSIT, 0, 0)


def test_cancel_withdraw_reverts_without_request(payments, consumer):
    with ape.reverts(payments.NoWithdrawRequest, consumer=consumer.address):
        payments.cancelWithdraw(sender=consumer)


def test_withdraw_request_does_not_block_redeeming_earlier_vouchers(chain, payments, consumer, owner, sign, funded):
    voucher, signature = sign(DEPOSIT - TOKEN, deadline=chain.pending_timestamp + 2 * DAY)
    payments.requestWithdraw(DEPOSIT, sender=consumer)
    chain.pending_timestamp += DAY // 2

    receipt = payments.redeem(voucher, signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == DEPOSIT - TOKEN
    assert payments.escrowOf(consumer).withdrawAmount == DEPOSIT


def test_withdraw_pays_min_of_request_and_balance_after_redemptions(chain, payments, token, consumer, owner, sign, funded):
    payments.requestWithdraw(DEPOSIT, sender=consumer)
    payments.redeem(*sign(400 * TOKEN), sender=owner)
    chain.pending_timestamp += payments.withdrawDelay()
    before = token.balanceOf(consumer)

    receipt = payments.withdraw(sender=consumer)

    assert receipt.events.filter(payments.Withdrawn)[0].amount == DEPOSIT - 400 * TOKEN
    assert token.balanceOf(consumer) == before + DEPOSIT - 400 * TOKEN
    assert payments.escrowOf(consumer).balance == 0


def test_withdraw_pays_nothing_when_escrow_drained(chain, payments, token, consumer, owner, sign, funded):
    payments.requestWithdraw(10 * TOKEN, sender=consumer)
    payments.redeem(*sign(DEPOSIT), sender=owner)
    chain.pending_timestamp += payments.withdrawDelay()
    before = token.balanceOf(consumer)

    receipt = payments.withdraw(sender=consumer)

    assert receipt.events.filter(payments.Withdrawn)[0].amount == 0
    assert token.balanceOf(consumer) == before
    assert payments.escrowOf(consumer).withdrawAmount == 0
