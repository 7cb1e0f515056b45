"""Attack 5: a consumer races its provider — it asks to withdraw its escrow right after using the
service, hoping to leave before the provider redeems.

Defence: withdrawing is two-step; the requested amount stays in escrow, redeemable, until the
delay ends, and `withdraw` pays min(requested, what is left).
"""

from __future__ import annotations

from tests.attacks.conftest import DEPOSIT
from tests.attacks.helpers import TOKEN, sign_voucher

USED = 300 * TOKEN


def test_redeem_racing_withdrawal_request_fails(payments, token, asset, funded, consumer, stranger, chain,
                                                reverts_exactly):
    voucher, signature = sign_voucher(consumer, payments, consumer, asset, USED,
                                      deadline=chain.pending_timestamp + 30 * 86_400)
    request = payments.requestWithdraw(DEPOSIT, sender=consumer)
    ready_at = request.events.filter(payments.WithdrawRequested)[0].readyAt

    chain.pending_timestamp = ready_at - 2
    with reverts_exactly(payments.WithdrawNotReady, consumer=consumer, readyAt=ready_at,
                         nowTimestamp=ready_at - 2):
        payments.withdraw(sender=consumer)

    # The provider redeems inside the delay and is paid in full.
    receipt = payments.redeem(voucher, signature, sender=stranger)
    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [USED]

    chain.pending_timestamp = ready_at
    before = token.balanceOf(consumer)
    receipt = payments.withdraw(sender=consumer)
    assert [e.amount for e in receipt.events.filter(payments.Withdrawn)] == [DEPOSIT - USED]
    assert token.balanceOf(consumer) == before + DEPOSIT - USED
    assert payments.escrowOf(consumer).balance == 0
    assert payments.escrowOf(consumer).withdrawAmount == 0


def test_re_requesting_withdrawal_restarts_the_delay(payments, asset, funded, consumer, chain, reverts_exactly):
    """The consumer cannot shorten the window by re-requesting: every request restarts the timer."""
    first = payments.requestWithdraw(DEPOSIT // 2, sender=consumer).events.filter(payments.WithdrawRequested)[0]
    chain.pending_timestamp = first.readyAt - 10
    second = payments.requestWithdraw(DEPOSIT, sender=consumer).events.filter(payments.WithdrawRequested)[0]
    assert second.readyAt >= first.readyAt - 10 + payments.withdrawDelay()

    chain.pending_timestamp = first.readyAt
    with reverts_exactly(payments.WithdrawNotReady, consumer=consumer, readyAt=second.readyAt,
                         nowTimestamp=first.readyAt):
        payments.withdraw(sender=consumer)
