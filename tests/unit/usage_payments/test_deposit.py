"""UsagePayments.deposit / depositWithPermit / depositFor: into the free balance."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import ZERO_ADDRESS, sign_permit


def test_deposit_credits_free_balance_and_emits_event(payments, token, consumer):
    token.approve(payments.address, 5 * TOKEN, sender=consumer)
    before = token.balanceOf(consumer)

    receipt = payments.deposit(5 * TOKEN, sender=consumer)

    event = receipt.events.filter(payments.Deposited)[0]
    assert (event.consumer, event.payer, event.amount) == (consumer.address, consumer.address, 5 * TOKEN)
    assert payments.freeBalanceOf(consumer) == 5 * TOKEN
    assert token.balanceOf(consumer) == before - 5 * TOKEN
    assert token.balanceOf(payments.address) == 5 * TOKEN


def test_deposit_adds_to_existing_balance(payments, consumer, fund):
    fund(consumer, 2 * TOKEN, asset_id=None)

    fund(consumer, 3 * TOKEN, asset_id=None)

    assert payments.freeBalanceOf(consumer) == 5 * TOKEN


def test_deposit_reverts_when_amount_zero(payments, consumer):
    with ape.reverts(payments.ZeroAmount):
        payments.deposit(0, sender=consumer)


def test_deposit_reverts_without_allowance(payments, token, consumer):
    with ape.reverts(token.ERC20InsufficientAllowance):
        payments.deposit(TOKEN, sender=consumer)


def test_deposit_for_credits_the_named_consumer(payments, token, consumer, stranger):
    token.approve(payments.address, 4 * TOKEN, sender=stranger)

    receipt = payments.depositFor(consumer, 4 * TOKEN, sender=stranger)

    event = receipt.events.filter(payments.Deposited)[0]
    assert (event.consumer, event.payer, event.amount) == (consumer.address, stranger.address, 4 * TOKEN)
    assert payments.freeBalanceOf(consumer) == 4 * TOKEN
    assert payments.freeBalanceOf(stranger) == 0


def test_deposit_for_reverts_when_consumer_zero(payments, token, stranger):
    token.approve(payments.address, TOKEN, sender=stranger)

    with ape.reverts(payments.ZeroAddress):
        payments.depositFor(ZERO_ADDRESS, TOKEN, sender=stranger)


def test_deposit_for_reverts_when_amount_zero(payments, consumer, stranger):
    with ape.reverts(payments.ZeroAmount):
        payments.depositFor(consumer, 0, sender=stranger)


def test_deposit_with_permit_needs_no_prior_approval(chain, payments, token, consumer):
    deadline = chain.pending_timestamp + 600
    v, r, s = sign_permit(token, consumer, payments.address, 7 * TOKEN, deadline)

    receipt = payments.depositWithPermit(7 * TOKEN, deadline, v, r, s, sender=consumer)

    assert receipt.events.filter(payments.Deposited)[0].amount == 7 * TOKEN
    assert payments.freeBalanceOf(consumer) == 7 * TOKEN
    assert token.nonces(consumer) == 1


def test_deposit_with_permit_succeeds_when_permit_front_run(chain, payments, token, consumer, stranger):
    deadline = chain.pending_timestamp + 600
    v, r, s = sign_permit(token, consumer, payments.address, 7 * TOKEN, deadline)
    token.permit(consumer, payments.address, 7 * TOKEN, deadline, v, r, s, sender=stranger)

    receipt = payments.depositWithPermit(7 * TOKEN, deadline, v, r, s, sender=consumer)

    assert receipt.events.filter(payments.Deposited)[0].amount == 7 * TOKEN
    assert payments.freeBalanceOf(consumer) == 7 * TOKEN


def test_deposit_with_permit_reverts_when_permit_invalid_and_no_allowance(chain, payments, token, consumer, stranger):
    deadline = chain.pending_timestamp + 600
    v, r, s = sign_permit(token, stranger, payments.address, 7 * TOKEN, deadline)

    with ape.reverts(token.ERC20InsufficientAllowance):
        payments.depositWithPermit(7 * TOKEN, deadline, v, r, s, sender=consumer)


def test_deposit_with_permit_reverts_when_amount_zero(chain, payments, token, consumer):
    deadline = chain.pending_timestamp + 600
    v, r, s = sign_permit(token, consumer, payments.address, 0, deadline)

    with ape.reverts(payments.ZeroAmount):
        payments.depositWithPermit(0, deadline, v, r, s, sender=consumer)
