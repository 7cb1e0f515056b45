"""UsagePayments session keys: authorize, revoke, and vouchers they sign (cap, expiry, revocation)."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import ZERO_ADDRESS

CAP = 10 * TOKEN
HOUR = 3_600


def _authorize(chain, payments, consumer, key, cap=CAP, lifetime=HOUR):
    expiry = chain.pending_timestamp + lifetime
    payments.authorizeSessionKey(key.address, cap, expiry, sender=consumer)
    return expiry


def test_authorize_session_key_stores_key_and_emits_event(chain, payments, consumer, session_key):
    expiry = chain.pending_timestamp + HOUR

    receipt = payments.authorizeSessionKey(session_key.address, CAP, expiry, sender=consumer)

    event = receipt.events.filter(payments.SessionKeyAuthorized)[0]
    assert (event.consumer, event.key, event.spendCap, event.expiry) == (
        consumer.address, session_key.address, CAP, expiry
    )
    record = payments.sessionKeyOf(consumer, session_key.address)
    assert (record.spendCap, record.spent, record.expiry) == (CAP, 0, expiry)
    assert payments.isSessionKeyActive(consumer, session_key.address)


def test_authorize_session_key_reverts_when_key_zero(chain, payments, consumer):
    with ape.reverts(payments.ZeroAddress):
        payments.authorizeSessionKey(ZERO_ADDRESS, CAP, chain.pending_timestamp + HOUR, sender=consumer)


def test_authorize_session_key_reverts_when_key_is_consumer(chain, payments, consumer):
    with ape.reverts(payments.SessionKeyIsConsumer, key=consumer.address):
        payments.authorizeSessionKey(consumer.address, CAP, chain.pending_timestamp + HOUR, sender=consumer)


def test_authorize_session_key_reverts_when_cap_zero(chain, payments, consumer, session_key):
    with ape.reverts(payments.ZeroAmount):
        payments.authorizeSessionKey(session_key.address, 0, chain.pending_timestamp + HOUR, sender=consumer)


def test_authorize_session_key_reverts_when_cap_too_large(chain, payments, consumer, session_key):
    with ape.reverts(payments.AmountTooLarge, amount=2**104, maximum=2**104 - 1):
        payments.authorizeSessionKey(session_key.address, 2**104, chain.pending_timestamp + HOUR, sender=consumer)


def test_authorize_session_key_reverts_when_expiry_not_in_future(chain, payments, consumer, session_key):
    now = chain.pending_timestamp
    chain.pending_timestamp = now

    with ape.reverts(payments.InvalidExpiry, expiry=now, nowTimestamp=now):
        payments.authorizeSessionKey(session_key.address, CAP, now, sender=consumer)


def test_revoke_session_key_deactivates_and_emits_event(chain, payments, consumer, session_key):
    _authorize(chain, payments, consumer, session_key)

    receipt = payments.revokeSessionKey(session_key.address, sender=consumer)

    event = receipt.events.filter(payments.SessionKeyRevoked)[0]
    assert (event.consumer, event.key) == (consumer.address, session_key.address)
    assert not payments.isSessionKeyActive(consumer, session_key.address)
    assert payments.sessionKeyOf(consumer, session_key.address).expiry == 0


def test_revoke_session_key_reverts_when_unknown(payments, consumer, session_key):
    with ape.reverts(payments.UnknownSessionKey, consumer=consumer.address, key=session_key.address):
        payments.revokeSessionKey(session_key.address, sender=consumer)


def test_is_session_key_active_false_for_unknown_and_expired(chain, payments, consumer, consumer2, session_key):
    expiry = _authorize(chain, payments, consumer, session_key)
    assert not payments.isSessionKeyActive(consumer2, session_key.address)

    chain.mine(timestamp=expiry + 1)

    assert not payments.isSessionKeyActive(consumer, session_key.address)


def test_redeem_pays_voucher_signed_by_session_key(chain, payments, consumer, owner, sign, session_key, asset, funded):
    _authorize(chain, payments, consumer, session_key)

    receipt = payments.redeem(*sign(4 * TOKEN, signer=session_key), sender=owner)

    event = receipt.events.filter(payments.VoucherRedeemed)[0]
    assert (event.consumer, event.signer, event.paid) == (consumer.address, session_key.address, 4 * TOKEN)
    assert payments.sessionKeyOf(consumer, session_key.address).spent == 4 * TOKEN
    assert payments.redeemed(consumer, asset) == 4 * TOKEN


def test_redeem_counts_only_key_paid_increments_against_cap(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(50 * TOKEN), sender=owner)

    payments.redeem(*sign(50 * TOKEN + CAP, signer=session_key), sender=owner)

    assert payments.sessionKeyOf(consumer, session_key.address).spent == CAP


def test_redeem_reverts_when_session_key_over_cap(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(6 * TOKEN, signer=session_key), sender=owner)

    with ape.reverts(
        payments.SessionKeyCapExceeded,
        consumer=consumer.address, key=session_key.address, spendCap=CAP, spent=6 * TOKEN, amount=5 * TOKEN,
    ):
        payments.redeem(*sign(11 * TOKEN, signer=session_key), sender=owner)


def test_redeem_reverts_when_session_key_expired(chain, payments, consumer, owner, sign, session_key, funded):
    expiry = _authorize(chain, payments, consumer, session_key)
    voucher, signature = sign(TOKEN, signer=session_key, deadline=expiry + HOUR)
    chain.pending_timestamp = expiry + 1

    with ape.reverts(payments.ExpiredSessionKey, consumer=consumer.address, key=session_key.address, expiry=expiry):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_reverts_when_session_key_revoked(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key)
    voucher, signature = sign(TOKEN, signer=session_key)
    payments.revokeSessionKey(session_key.address, sender=consumer)

    with ape.reverts(payments.RevokedSessionKey, consumer=consumer.address, key=session_key.address):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_reverts_when_key_authorised_by_another_consumer(
    chain, payments, consumer, consumer2, owner, sign, session_key, funded
):
    _authorize(chain, payments, consumer2, session_key)

    with ape.reverts(payments.InvalidSigner, consumer=consumer.address, signer=session_key.address):
        payments.redeem(*sign(TOKEN, signer=session_key), sender=owner)


def test_reauthorize_session_key_keeps_spent(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(CAP, signer=session_key), sender=owner)
    payments.revokeSessionKey(session_key.address, sender=consumer)

    _authorize(chain, payments, consumer, session_key, cap=CAP + 2 * TOKEN)

    record = payments.sessionKeyOf(consumer, session_key.address)
    assert (record.spendCap, record.spent) == (CAP + 2 * TOKEN, CAP)
    receipt = payments.redeem(*sign(CAP + 2 * TOKEN, signer=session_key), sender=owner)
    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 2 * TOKEN


def test_reauthorize_session_key_below_spent_stops_the_key(chain, payments, consumer, owner, sign, session_key, funded):
    """Lowering the cap under what the key already spent is how a consumer stops a key without
    revoking it: the record keeps spent > cap, and every further voucher it signs is refused."""
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(6 * TOKEN, signer=session_key), sender=owner)

    _authorize(chain, payments, consumer, session_key, cap=2 * TOKEN)

    record = payments.sessionKeyOf(consumer, session_key.address)
    assert (record.spendCap, record.spent) == (2 * TOKEN, 6 * TOKEN)
    with ape.reverts(
        payments.SessionKeyCapExceeded,
        consumer=consumer.address, key=session_key.address, spendCap=2 * TOKEN, spent=6 * TOKEN, amount=TOKEN,
    ):
        payments.redeem(*sign(7 * TOKEN, signer=session_key), sender=owner)


def test_redeem_shortfall_advances_session_key_spent_by_paid_only(
    chain, payments, consumer, owner, sign, session_key, fund
):
    fund(consumer, 3 * TOKEN)
    _authorize(chain, payments, consumer, session_key)

    payments.redeem(*sign(8 * TOKEN, signer=session_key), sender=owner)

    assert payments.sessionKeyOf(consumer, session_key.address).spent == 3 * TOKEN
