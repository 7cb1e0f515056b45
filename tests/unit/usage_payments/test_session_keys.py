"""UsagePayments session keys: authorize, revoke, scope, and vouchers they sign (cap, expiry, scope);
narrowing (revocation, lower cap, earlier expiry, scope removal) waits out the withdrawal delay."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import ZERO_ADDRESS

CAP = 10 * TOKEN
HOUR = 3_600


DELAY = 86_400  # the default withdrawal delay


def _authorize(chain, payments, consumer, key, cap=CAP, lifetime=HOUR, assets=()):
    expiry = chain.pending_timestamp + lifetime
    payments.authorizeSessionKey(key.address, cap, expiry, list(assets), sender=consumer)
    return expiry


def test_authorize_session_key_stores_key_and_emits_event(chain, payments, consumer, session_key):
    expiry = chain.pending_timestamp + HOUR

    receipt = payments.authorizeSessionKey(session_key.address, CAP, expiry, [], sender=consumer)

    event = receipt.events.filter(payments.SessionKeyAuthorized)[0]
    assert (event.consumer, event.key, event.spendCap, event.expiry, event.scoped) == (
        consumer.address, session_key.address, CAP, expiry, False
    )
    record = payments.sessionKeyOf(consumer, session_key.address)
    assert (record.spendCap, record.spent, record.expiry) == (CAP, 0, expiry)
    assert payments.isSessionKeyActive(consumer, session_key.address)


def test_authorize_session_key_reverts_when_key_zero(chain, payments, consumer):
    with ape.reverts(payments.ZeroAddress):
        payments.authorizeSessionKey(ZERO_ADDRESS, CAP, chain.pending_timestamp + HOUR, [], sender=consumer)


def test_authorize_session_key_reverts_when_key_is_consumer(chain, payments, consumer):
    with ape.reverts(payments.SessionKeyIsConsumer, key=consumer.address):
        payments.authorizeSessionKey(consumer.address, CAP, chain.pending_timestamp + HOUR, [], sender=consumer)


def test_authorize_session_key_reverts_when_cap_zero(chain, payments, consumer, session_key):
    with ape.reverts(payments.ZeroAmount):
        payments.authorizeSessionKey(session_key.address, 0, chain.pending_timestamp + HOUR, [], sender=consumer)


def test_authorize_session_key_reverts_when_cap_too_large(chain, payments, consumer, session_key):
    with ape.reverts(payments.AmountTooLarge, amount=2**104, maximum=2**104 - 1):
        payments.authorizeSessionKey(session_key.address, 2**104, chain.pending_timestamp + HOUR, [], sender=consumer)


def test_authorize_session_key_reverts_when_expiry_not_in_future(chain, payments, consumer, session_key):
    now = chain.pending_timestamp
    chain.pending_timestamp = now

    with ape.reverts(payments.InvalidExpiry, expiry=now, nowTimestamp=now):
        payments.authorizeSessionKey(session_key.address, CAP, now, [], sender=consumer)


def test_revoke_session_key_schedules_the_revocation_after_the_delay(chain, payments, consumer, session_key):
    _authorize(chain, payments, consumer, session_key, lifetime=10 * DELAY)

    receipt = payments.revokeSessionKey(session_key.address, sender=consumer)

    event = receipt.events.filter(payments.SessionKeyRevocationScheduled)[0]
    assert (event.consumer, event.key, event.effectiveAt) == (consumer.address, session_key.address, receipt.timestamp + DELAY)
    assert payments.sessionKeyOf(consumer, session_key.address).expiry == receipt.timestamp + DELAY
    assert payments.isSessionKeyActive(consumer, session_key.address)


def test_revoke_session_key_keeps_an_earlier_expiry(chain, payments, consumer, session_key):
    expiry = _authorize(chain, payments, consumer, session_key)

    receipt = payments.revokeSessionKey(session_key.address, sender=consumer)

    assert receipt.events.filter(payments.SessionKeyRevocationScheduled)[0].effectiveAt == expiry


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
        consumer=consumer.address, key=session_key.address, spendCap=CAP, spent=6 * TOKEN, owed=5 * TOKEN,
    ):
        payments.redeem(*sign(11 * TOKEN, signer=session_key), sender=owner)


def test_redeem_session_key_cap_applies_to_each_asset(
    chain, payments, consumer, owner, sign, session_key, asset, other_asset, fund
):
    """What the key paid one asset does not count against what it may pay another."""
    fund(consumer)
    fund(consumer, asset_id=other_asset)
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(CAP, signer=session_key, asset_id=other_asset), sender=owner)

    receipt = payments.redeem(*sign(CAP, signer=session_key), sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == CAP
    assert payments.keySpentOn(consumer, session_key.address, asset) == CAP
    assert payments.keySpentOn(consumer, session_key.address, other_asset) == CAP
    assert payments.sessionKeyOf(consumer, session_key.address).spent == 2 * CAP  # the informational total


def test_redeem_reverts_when_session_key_over_cap_on_the_voucher_asset(
    chain, payments, consumer, owner, sign, session_key, asset, other_asset, fund
):
    fund(consumer)
    fund(consumer, asset_id=other_asset)
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(CAP, signer=session_key, asset_id=other_asset), sender=owner)
    payments.redeem(*sign(TOKEN, signer=session_key), sender=owner)

    with ape.reverts(
        payments.SessionKeyCapExceeded,
        consumer=consumer.address, key=session_key.address, spendCap=CAP, spent=CAP, owed=TOKEN,
    ):
        payments.redeem(*sign(CAP + TOKEN, signer=session_key, asset_id=other_asset), sender=owner)


def test_redeem_reverts_when_session_key_expired(chain, payments, consumer, owner, sign, session_key, funded):
    expiry = _authorize(chain, payments, consumer, session_key)
    voucher, signature = sign(TOKEN, signer=session_key, deadline=expiry + HOUR)
    chain.pending_timestamp = expiry + 1

    with ape.reverts(payments.ExpiredSessionKey, consumer=consumer.address, key=session_key.address, expiry=expiry):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_pays_a_revoked_key_voucher_until_the_delay_ends(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key, lifetime=10 * DELAY)
    voucher, signature = sign(TOKEN, signer=session_key, deadline=chain.pending_timestamp + 10 * DELAY)
    revoked = payments.revokeSessionKey(session_key.address, sender=consumer)
    chain.pending_timestamp = revoked.timestamp + DELAY

    receipt = payments.redeem(voucher, signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == TOKEN


def test_redeem_reverts_when_revocation_took_effect(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key, lifetime=10 * DELAY)
    voucher, signature = sign(TOKEN, signer=session_key, deadline=chain.pending_timestamp + 10 * DELAY)
    revoked = payments.revokeSessionKey(session_key.address, sender=consumer)
    chain.pending_timestamp = revoked.timestamp + DELAY + 1

    with ape.reverts(
        payments.ExpiredSessionKey, consumer=consumer.address, key=session_key.address, expiry=revoked.timestamp + DELAY
    ):
        payments.redeem(voucher, signature, sender=owner)


def test_lowered_cap_applies_only_after_the_delay(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key, lifetime=10 * DELAY)
    lowered = payments.authorizeSessionKey(
        session_key.address, TOKEN, chain.pending_timestamp + 10 * DELAY, [], sender=consumer
    )
    event = lowered.events.filter(payments.SessionKeyCapLowered)[0]
    assert (event.newCap, event.effectiveAt) == (TOKEN, lowered.timestamp + DELAY)
    voucher, signature = sign(5 * TOKEN, signer=session_key, deadline=chain.pending_timestamp + 10 * DELAY)
    chain.pending_timestamp = lowered.timestamp + DELAY - 1

    receipt = payments.redeem(voucher, signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 5 * TOKEN


def test_lowered_cap_in_force_after_the_delay(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key, lifetime=10 * DELAY)
    lowered = payments.authorizeSessionKey(
        session_key.address, TOKEN, chain.pending_timestamp + 10 * DELAY, [], sender=consumer
    )
    voucher, signature = sign(5 * TOKEN, signer=session_key, deadline=chain.pending_timestamp + 10 * DELAY)
    chain.pending_timestamp = lowered.timestamp + DELAY

    with ape.reverts(
        payments.SessionKeyCapExceeded,
        consumer=consumer.address, key=session_key.address, spendCap=TOKEN, spent=0, owed=5 * TOKEN,
    ):
        payments.redeem(voucher, signature, sender=owner)


def test_scoped_key_pays_only_its_assets(chain, payments, consumer, owner, sign, session_key, asset, other_asset, fund):
    fund(consumer)
    fund(consumer, asset_id=other_asset)
    _authorize(chain, payments, consumer, session_key, assets=[other_asset])

    with ape.reverts(
        payments.SessionKeyOutOfScope, consumer=consumer.address, key=session_key.address, assetId=asset
    ):
        payments.redeem(*sign(TOKEN, signer=session_key), sender=owner)
    receipt = payments.redeem(*sign(TOKEN, signer=session_key, asset_id=other_asset), sender=owner)
    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == TOKEN
    assert payments.keySpentOn(consumer, session_key.address, other_asset) == TOKEN
    assert payments.keySpentOn(consumer, session_key.address, asset) == 0


def test_set_session_key_scope_adds_at_once_and_removes_after_the_delay(
    chain, payments, consumer, session_key, asset, other_asset
):
    _authorize(chain, payments, consumer, session_key, assets=[other_asset])

    payments.setSessionKeyScope(session_key.address, [asset], True, sender=consumer)
    assert payments.keyScopeOf(consumer, session_key.address, asset) == 2**64 - 1
    receipt = payments.setSessionKeyScope(session_key.address, [asset], False, sender=consumer)

    event = receipt.events.filter(payments.SessionKeyScopeChanged)[0]
    assert (event.assetId, event.allowedUntil) == (asset, receipt.timestamp + DELAY)
    assert payments.keyScopeOf(consumer, session_key.address, asset) == receipt.timestamp + DELAY


def test_set_session_key_scope_reverts_when_key_unscoped(chain, payments, consumer, session_key, asset, reverts_exactly):
    _authorize(chain, payments, consumer, session_key)

    with reverts_exactly(payments.SessionKeyNotScoped, consumer=consumer, key=session_key.address):
        payments.setSessionKeyScope(session_key.address, [asset], False, sender=consumer)


def test_set_session_key_scope_reverts_when_key_unknown(payments, consumer, session_key, asset, reverts_exactly):
    with reverts_exactly(payments.UnknownSessionKey, consumer=consumer, key=session_key.address):
        payments.setSessionKeyScope(session_key.address, [asset], True, sender=consumer)


def test_redeem_reverts_when_key_authorised_by_another_consumer(
    chain, payments, consumer, consumer2, owner, sign, session_key, funded
):
    _authorize(chain, payments, consumer2, session_key)

    with ape.reverts(payments.InvalidSigner, consumer=consumer.address, signer=session_key.address):
        payments.redeem(*sign(TOKEN, signer=session_key), sender=owner)


def test_reauthorize_session_key_keeps_spent(chain, payments, consumer, owner, sign, session_key, funded):
    _authorize(chain, payments, consumer, session_key)
    payments.redeem(*sign(CAP, signer=session_key), sender=owner)

    _authorize(chain, payments, consumer, session_key, cap=CAP + 2 * TOKEN)

    record = payments.sessionKeyOf(consumer, session_key.address)
    assert (record.spendCap, record.spent) == (CAP + 2 * TOKEN, CAP)
    receipt = payments.redeem(*sign(CAP + 2 * TOKEN, signer=session_key), sender=owner)
    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 2 * TOKEN


def test_reauthorize_session_key_below_spent_stops_the_key_after_the_delay(
    chain, payments, consumer, owner, sign, session_key, funded
):
    """Lowering the cap under what the key already spent stops the key once the lowering is in force."""
    _authorize(chain, payments, consumer, session_key, lifetime=10 * DELAY)
    payments.redeem(*sign(6 * TOKEN, signer=session_key), sender=owner)
    lowered = payments.authorizeSessionKey(
        session_key.address, 2 * TOKEN, chain.pending_timestamp + 10 * DELAY, [], sender=consumer
    )
    voucher, signature = sign(7 * TOKEN, signer=session_key, deadline=chain.pending_timestamp + 10 * DELAY)
    chain.pending_timestamp = lowered.timestamp + DELAY

    record = payments.sessionKeyOf(consumer, session_key.address)
    assert (record.spendCap, record.pendingCap, record.spent) == (CAP, 2 * TOKEN, 6 * TOKEN)
    with ape.reverts(
        payments.SessionKeyCapExceeded,
        consumer=consumer.address, key=session_key.address, spendCap=2 * TOKEN, spent=6 * TOKEN, owed=TOKEN,
    ):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_shortfall_advances_session_key_spent_by_paid_only(
    chain, payments, consumer, owner, sign, session_key, fund
):
    fund(consumer, 3 * TOKEN)
    _authorize(chain, payments, consumer, session_key)

    payments.redeem(*sign(8 * TOKEN, signer=session_key), sender=owner)

    assert payments.sessionKeyOf(consumer, session_key.address).spent == 3 * TOKEN
