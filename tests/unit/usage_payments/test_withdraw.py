"""UsagePayments.withdraw: the free balance leaves at once (nobody was promised it)."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN


def test_withdraw_sends_free_balance_at_once_and_emits_event(payments, token, consumer, fund):
    fund(consumer, 10 * TOKEN, asset_id=None)
    before = token.balanceOf(consumer)

    receipt = payments.withdraw(4 * TOKEN, sender=consumer)

    event = receipt.events.filter(payments.Withdrawn)[0]
    assert (event.consumer, event.amount) == (consumer.address, 4 * TOKEN)
    assert token.balanceOf(consumer) == before + 4 * TOKEN
    assert payments.freeBalanceOf(consumer) == 6 * TOKEN


def test_withdraw_never_touches_a_lane(payments, consumer, asset, funded, reverts_exactly):
    with reverts_exactly(payments.InsufficientFreeBalance, consumer=consumer, balance=0, needed=TOKEN):
        payments.withdraw(TOKEN, sender=consumer)


def test_withdraw_reverts_when_amount_zero(payments, consumer):
    with ape.reverts(payments.ZeroAmount):
        payments.withdraw(0, sender=consumer)
