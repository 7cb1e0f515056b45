"""Attack 12: a stolen or runaway session key (an AI agent's hot key), and a consumer that narrows a
key to void the vouchers it signed.

Defence: a key makes its consumer pay each asset at most its cumulative spend cap in force
(`SessionKeyCapExceeded`, checked against what the voucher asks, not what the lane can pay now; only
from lanes the consumer funded, never from its free balance), nothing after its expiry
(`ExpiredSessionKey`), nothing outside its scope (`SessionKeyOutOfScope`), and a key never
authorised by the consumer is just a wrong signer (`InvalidSigner`). A rejected voucher changes
nothing. Revocation, a lower cap and a narrower scope take effect only after the withdrawal delay,
so a provider holding a voucher the key signed is paid if it redeems within that delay.
"""

from __future__ import annotations

import pytest
from eth_account import Account

from tests.attacks.conftest import DEPOSIT, selector
from tests.attacks.helpers import DAY, TOKEN, sign_voucher

CAP = 100 * TOKEN
VALID_FOR = 30 * DAY


@pytest.fixture
def key(payments, funded, consumer, chain):
    agent = Account.create()
    payments.authorizeSessionKey(agent.address, CAP, chain.pending_timestamp + VALID_FOR, [], sender=consumer)
    return agent


def _unchanged(payments, consumer, asset, key, spent=0):
    assert payments.coverageOf(consumer, asset) == DEPOSIT - spent
    assert payments.redeemed(consumer, asset) == spent
    assert payments.sessionKeyOf(consumer, key.address).spent == spent


def test_session_key_over_cap_fails(payments, asset, consumer, key, stranger, reverts_exactly):
    payments.redeem(*sign_voucher(key, payments, consumer, asset, CAP - TOKEN), sender=stranger)
    over = sign_voucher(key, payments, consumer, asset, CAP + TOKEN)

    with reverts_exactly(payments.SessionKeyCapExceeded, consumer=consumer, key=key.address, spendCap=CAP,
                         spent=CAP - TOKEN, owed=2 * TOKEN):
        payments.redeem(*over, sender=stranger)
    receipt = payments.redeemBatch([over[0]], [over[1]], sender=stranger)
    assert [e.reason for e in receipt.events.filter(payments.VoucherRejected)] == [
        selector(payments.SessionKeyCapExceeded)
    ]
    _unchanged(payments, consumer, asset, key, spent=CAP - TOKEN)


def test_session_key_over_cap_on_each_asset_fails(payments, token, asset, list_asset, consumer, key, stranger,
                                                  reverts_exactly):
    """The cap bounds what the key makes the consumer pay each asset (so that what it pays one asset can
    never void a voucher it signed for another): spreading spend over assets gives a stolen key at most
    CAP from each lane the consumer funded, never more than CAP from one, and never its free balance."""
    other = list_asset()
    token.approve(payments, 2 * DEPOSIT, sender=consumer)
    payments.depositAndAllocate([other], [DEPOSIT], sender=consumer)
    payments.deposit(DEPOSIT, sender=consumer)
    payments.redeem(*sign_voucher(key, payments, consumer, asset, CAP), sender=stranger)
    payments.redeem(*sign_voucher(key, payments, consumer, other, CAP), sender=stranger)
    with reverts_exactly(payments.SessionKeyCapExceeded, consumer=consumer, key=key.address, spendCap=CAP,
                         spent=CAP, owed=TOKEN):
        payments.redeem(*sign_voucher(key, payments, consumer, other, CAP + TOKEN), sender=stranger)
    assert payments.coverageOf(consumer, asset) == payments.coverageOf(consumer, other) == DEPOSIT - CAP
    assert payments.freeBalanceOf(consumer) == DEPOSIT


def test_session_key_expired_fails(payments, asset, consumer, key, stranger, chain, reverts_exactly):
    expiry = payments.sessionKeyOf(consumer, key.address).expiry
    voucher = sign_voucher(key, payments, consumer, asset, TOKEN, deadline=expiry + 10 * DAY)
    chain.pending_timestamp = expiry + 1

    with reverts_exactly(payments.ExpiredSessionKey, consumer=consumer, key=key.address, expiry=expiry):
        payments.redeem(*voucher, sender=stranger)
    _unchanged(payments, consumer, asset, key)


def test_session_key_revoked_after_the_delay_fails(payments, asset, consumer, key, stranger, chain, reverts_exactly):
    voucher = sign_voucher(key, payments, consumer, asset, TOKEN, deadline=chain.pending_timestamp + 10 * DAY)
    revoked = payments.revokeSessionKey(key.address, sender=consumer)
    effective_at = revoked.events.filter(payments.SessionKeyRevocationScheduled)[0].effectiveAt
    chain.pending_timestamp = effective_at + 1

    with reverts_exactly(payments.ExpiredSessionKey, consumer=consumer, key=key.address, expiry=effective_at):
        payments.redeem(*voucher, sender=stranger)
    _unchanged(payments, consumer, asset, key)


def test_revoking_a_key_to_void_its_vouchers_fails(payments, asset, consumer, key, stranger, chain):
    """The consumer uses the service through its agent, then revokes the key before the provider
    redeems: the voucher still pays in full within the withdrawal delay."""
    voucher = sign_voucher(key, payments, consumer, asset, 40 * TOKEN, deadline=chain.pending_timestamp + 10 * DAY)
    revoked = payments.revokeSessionKey(key.address, sender=consumer)
    chain.pending_timestamp = revoked.timestamp + payments.withdrawDelay()

    receipt = payments.redeem(*voucher, sender=stranger)

    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [40 * TOKEN]


def test_lowering_a_key_cap_to_void_its_vouchers_fails(payments, asset, consumer, key, stranger, chain):
    voucher = sign_voucher(key, payments, consumer, asset, 40 * TOKEN, deadline=chain.pending_timestamp + 10 * DAY)
    lowered = payments.authorizeSessionKey(key.address, 1, chain.pending_timestamp + VALID_FOR, [], sender=consumer)
    chain.pending_timestamp = lowered.timestamp + payments.withdrawDelay() - 1

    receipt = payments.redeem(*voucher, sender=stranger)

    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [40 * TOKEN]


def test_scoping_a_key_away_from_an_asset_to_void_its_vouchers_fails(
    payments, asset, list_asset, consumer, key, stranger, chain
):
    voucher = sign_voucher(key, payments, consumer, asset, 40 * TOKEN, deadline=chain.pending_timestamp + 10 * DAY)
    other = list_asset()
    scoped = payments.authorizeSessionKey(key.address, CAP, chain.pending_timestamp + VALID_FOR, [other],
                                          sender=consumer)
    chain.pending_timestamp = scoped.timestamp + payments.withdrawDelay() - 1

    receipt = payments.redeem(*voucher, sender=stranger)

    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [40 * TOKEN]


def test_scoped_key_paying_another_asset_fails(payments, asset, list_asset, consumer, stranger, funded, chain,
                                               reverts_exactly):
    """An agent given one model cannot pay another (e.g. its operator's own asset)."""
    agent = Account.create()
    other = list_asset()
    payments.authorizeSessionKey(agent.address, CAP, chain.pending_timestamp + VALID_FOR, [other], sender=consumer)

    with reverts_exactly(payments.SessionKeyOutOfScope, consumer=consumer, key=agent.address, assetId=asset):
        payments.redeem(*sign_voucher(agent, payments, consumer, asset, TOKEN), sender=stranger)
    assert payments.coverageOf(consumer, asset) == DEPOSIT


def test_session_key_of_another_consumer_fails(payments, token, asset, consumer, consumer2, key, stranger,
                                               reverts_exactly):
    """A key authorised by `consumer` cannot spend `consumer2`'s lane."""
    token.approve(payments, DEPOSIT, sender=consumer2)
    payments.depositAndAllocate([asset], [DEPOSIT], sender=consumer2)
    with reverts_exactly(payments.InvalidSigner, consumer=consumer2, signer=key.address):
        payments.redeem(*sign_voucher(key, payments, consumer2, asset, TOKEN), sender=stranger)
    assert payments.coverageOf(consumer2, asset) == DEPOSIT
