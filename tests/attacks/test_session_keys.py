"""Attack 12: a stolen or runaway session key (an AI agent's hot key).

Defence: a key pays at most its cumulative spend cap (`SessionKeyCapExceeded`, checked against
what the voucher asks, not what escrow can pay now), nothing after its expiry
(`ExpiredSessionKey`) or after revocation (`RevokedSessionKey`), and a key never authorised by the
consumer is just a wrong signer (`InvalidSigner`). A rejected voucher changes nothing.
"""

from __future__ import annotations

import pytest
from eth_account import Account

from tests.attacks.conftest import DEPOSIT, selector
from tests.attacks.helpers import TOKEN, sign_voucher

CAP = 100 * TOKEN
VALID_FOR = 3_600


@pytest.fixture
def key(payments, funded, consumer, chain):
    agent = Account.create()
    payments.authorizeSessionKey(agent.address, CAP, chain.pending_timestamp + VALID_FOR, sender=consumer)
    return agent


def _unchanged(payments, consumer, asset, key, spent=0):
    assert payments.escrowOf(consumer).balance == DEPOSIT - spent
    assert payments.redeemed(consumer, asset) == spent
    assert payments.sessionKeyOf(consumer, key.address).spent == spent


def test_session_key_over_cap_fails(payments, asset, consumer, key, stranger, reverts_exactly):
    payments.redeem(*sign_voucher(key, payments, consumer, asset, CAP - TOKEN), sender=stranger)
    over = sign_voucher(key, payments, consumer, asset, CAP + TOKEN)

    with reverts_exactly(payments.SessionKeyCapExceeded, consumer=consumer, key=key.address, spendCap=CAP,
                         spent=CAP - TOKEN, amount=2 * TOKEN):
        payments.redeem(*over, sender=stranger)
    receipt = payments.redeemBatch([over[0]], [over[1]], sender=stranger)
    assert [e.reason for e in receipt.events.filter(payments.VoucherRejected)] == [
        selector(payments.SessionKeyCapExceeded)
    ]
    _unchanged(payments, consumer, asset, key, spent=CAP - TOKEN)


def test_session_key_cap_spans_assets(payments, asset, list_asset, consumer, key, stranger, reverts_exactly):
    """Splitting spend over several assets does not reset the cap."""
    other = list_asset()
    payments.redeem(*sign_voucher(key, payments, consumer, asset, CAP), sender=stranger)
    with reverts_exactly(payments.SessionKeyCapExceeded, consumer=consumer, key=key.address, spendCap=CAP,
                         spent=CAP, amount=TOKEN):
        payments.redeem(*sign_voucher(key, payments, consumer, other, TOKEN), sender=stranger)
    assert payments.escrowOf(consumer).balance == DEPOSIT - CAP


def test_session_key_expired_fails(payments, asset, consumer, key, stranger, chain, reverts_exactly):
    expiry = payments.sessionKeyOf(consumer, key.address).expiry
    voucher = sign_voucher(key, payments, consumer, asset, TOKEN, deadline=expiry + 10 * VALID_FOR)
    chain.pending_timestamp = expiry + 1

    with reverts_exactly(payments.ExpiredSessionKey, consumer=consumer, key=key.address, expiry=expiry):
        payments.redeem(*voucher, sender=stranger)
    _unchanged(payments, consumer, asset, key)


def test_session_key_revoked_fails(payments, asset, consumer, key, stranger, reverts_exactly):
    voucher = sign_voucher(key, payments, consumer, asset, TOKEN)  # signed while the key was live
    payments.revokeSessionKey(key.address, sender=consumer)

    with reverts_exactly(payments.RevokedSessionKey, consumer=consumer, key=key.address):
        payments.redeem(*voucher, sender=stranger)
    _unchanged(payments, consumer, asset, key)


def test_session_key_of_another_consumer_fails(payments, token, asset, consumer, consumer2, key, stranger,
                                               reverts_exactly):
    """A key authorised by `consumer` cannot spend `consumer2`'s escrow."""
    token.approve(payments, DEPOSIT, sender=consumer2)
    payments.deposit(DEPOSIT, sender=consumer2)
    with reverts_exactly(payments.InvalidSigner, consumer=consumer2, signer=key.address):
        payments.redeem(*sign_voucher(key, payments, consumer2, asset, TOKEN), sender=stranger)
    assert payments.escrowOf(consumer2).balance == DEPOSIT
