"""Reputation.rate / rateFor: only payers rate, one rating per (consumer, asset), spend-weighted."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN, MAX_UINT
from tests.unit.reputation.conftest import WEIGHT_CAP

COMMENT = b"\x42" * 32
URI = "ipfs://comment"
EMPTY = b"\x00" * 32


def test_rate_records_rating_and_emits_event(chain, reputation, consumer, asset, pay):
    pay(consumer, asset, 5 * TOKEN)

    receipt = reputation.rate(asset, 80, COMMENT, URI, sender=consumer)

    event = receipt.events.filter(reputation.Rated)[0]
    assert (event.assetId, event.consumer, event.submitter) == (asset, consumer.address, consumer.address)
    assert (event.score, event.weight, event.replacedWeight) == (80, 5 * TOKEN, 0)
    assert (event.commentHash, event.commentURI) == (COMMENT, URI)
    rating = reputation.ratingOf(consumer, asset)
    assert (rating.score, rating.weight, rating.ratedAt) == (80, 5 * TOKEN, chain.blocks.head.timestamp)
    assert receipt.return_value == 5 * TOKEN
    assert reputation.summary(asset) == (1, 80 * 100, 5 * TOKEN)


def test_rate_reverts_without_payment_history(reputation, consumer, asset):
    with ape.reverts(reputation.NoPaymentHistory, consumer=consumer.address, assetId=asset):
        reputation.rate(asset, 50, EMPTY, "", sender=consumer)


def test_rate_reverts_when_paid_for_another_asset_only(reputation, consumer, asset, list_asset, pay):
    other = list_asset()
    pay(consumer, other, TOKEN)

    with ape.reverts(reputation.NoPaymentHistory, consumer=consumer.address, assetId=asset):
        reputation.rate(asset, 50, EMPTY, "", sender=consumer)


def test_rate_reverts_when_score_above_max(reputation, consumer, asset, pay):
    pay(consumer, asset, TOKEN)

    with ape.reverts(reputation.ScoreOutOfRange, score=101, maximum=100):
        reputation.rate(asset, 101, EMPTY, "", sender=consumer)


def test_rate_accepts_bounds_zero_and_max(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, TOKEN)
    pay(consumer2, asset, TOKEN)

    reputation.rate(asset, 0, EMPTY, "", sender=consumer)
    reputation.rate(asset, 100, EMPTY, "", sender=consumer2)

    assert reputation.summary(asset) == (2, 50 * 100, 2 * TOKEN)


def test_rate_again_replaces_the_old_rating_exactly(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, 2 * TOKEN)
    pay(consumer2, asset, 6 * TOKEN)
    reputation.rate(asset, 10, EMPTY, "", sender=consumer)
    reputation.rate(asset, 90, EMPTY, "", sender=consumer2)
    pay(consumer, asset, 2 * TOKEN)

    receipt = reputation.rate(asset, 70, EMPTY, "", sender=consumer)

    event = receipt.events.filter(reputation.Rated)[0]
    assert (event.weight, event.replacedWeight) == (4 * TOKEN, 2 * TOKEN)
    totals = reputation.totalsOf(asset)
    assert (totals.count, totals.totalWeight) == (2, 10 * TOKEN)
    assert totals.weightedScoreSum == 4 * TOKEN * 70 + 6 * TOKEN * 90
    assert reputation.summary(asset) == (2, (4 * 70 + 6 * 90) * 100 // 10, 10 * TOKEN)


def test_rate_weight_is_capped(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, WEIGHT_CAP + 500 * TOKEN)
    pay(consumer2, asset, 10 * TOKEN)

    whale = reputation.rate(asset, 0, EMPTY, "", sender=consumer).return_value
    reputation.rate(asset, 100, EMPTY, "", sender=consumer2)

    assert whale == WEIGHT_CAP == reputation.WEIGHT_CAP()
    assert reputation.summary(asset) == (2, 100 * 10 * 100 // 1_010, WEIGHT_CAP + 10 * TOKEN)


def test_rate_weight_counts_pay_per_call_spend(reputation, payments, token, staking, owner, consumer, asset, pay):
    token.approve(staking.address, 1_000 * TOKEN, sender=owner)
    staking.stake(asset, 1_000 * TOKEN, sender=owner)
    pay(consumer, asset, TOKEN)
    token.approve(payments.address, TOKEN, sender=consumer)
    payments.depositAndAllocate([asset], [TOKEN], sender=consumer)
    payments.payPerCall(asset, 3, MAX_UINT, sender=consumer)
    expected = TOKEN + 3 * 10**15

    assert reputation.weightOf(consumer, asset) == expected
    assert reputation.rate(asset, 60, EMPTY, "", sender=consumer).return_value == expected


def test_rate_for_by_active_session_key_rates_as_consumer(reputation, consumer, session_key, asset, pay):
    pay(consumer, asset, 3 * TOKEN, signer=session_key)

    receipt = reputation.rateFor(consumer, asset, 40, COMMENT, URI, sender=session_key)

    event = receipt.events.filter(reputation.Rated)[0]
    assert (event.consumer, event.submitter, event.weight) == (consumer.address, session_key.address, 3 * TOKEN)
    assert reputation.ratingOf(consumer, asset).score == 40
    assert reputation.ratingOf(session_key, asset).weight == 0


def test_rate_for_weight_is_at_most_what_the_key_paid(reputation, consumer, session_key, asset, pay):
    pay(consumer, asset, 5 * TOKEN)
    pay(consumer, asset, TOKEN, signer=session_key)

    receipt = reputation.rateFor(consumer, asset, 40, EMPTY, "", sender=session_key)

    assert receipt.events.filter(reputation.Rated)[0].weight == TOKEN
    assert reputation.weightOf(consumer, asset) == 6 * TOKEN


def test_rate_for_replaces_consumers_own_rating(reputation, consumer, session_key, asset, pay):
    pay(consumer, asset, 3 * TOKEN, signer=session_key)
    reputation.rate(asset, 90, EMPTY, "", sender=consumer)

    reputation.rateFor(consumer, asset, 20, EMPTY, "", sender=session_key)

    assert reputation.summary(asset) == (1, 20 * 100, 3 * TOKEN)


def test_rate_for_reverts_when_caller_not_session_key(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, TOKEN)

    with ape.reverts(reputation.NotSessionKey, consumer=consumer.address, caller=consumer2.address):
        reputation.rateFor(consumer, asset, 50, EMPTY, "", sender=consumer2)


def test_rate_for_reverts_when_key_never_paid_the_asset(reputation, consumer, session_key, asset, pay, reverts_exactly):
    pay(consumer, asset, TOKEN)  # the consumer paid, its key did not

    with reverts_exactly(reputation.SessionKeyDidNotPay, consumer=consumer, key=session_key, assetId=asset):
        reputation.rateFor(consumer, asset, 50, EMPTY, "", sender=session_key)


def test_rate_for_reverts_when_revocation_took_effect(chain, reputation, payments, consumer, session_key, asset, pay):
    pay(consumer, asset, TOKEN, signer=session_key)
    payments.revokeSessionKey(session_key.address, sender=consumer)
    chain.pending_timestamp = payments.sessionKeyOf(consumer, session_key.address).expiry + 1

    with ape.reverts(reputation.NotSessionKey, consumer=consumer.address, caller=session_key.address):
        reputation.rateFor(consumer, asset, 50, EMPTY, "", sender=session_key)


def test_rate_for_reverts_when_session_key_expired(chain, reputation, payments, consumer, session_key, asset, pay):
    pay(consumer, asset, TOKEN, signer=session_key)
    chain.pending_timestamp = payments.sessionKeyOf(consumer, session_key.address).expiry + 1

    with ape.reverts(reputation.NotSessionKey):
        reputation.rateFor(consumer, asset, 50, EMPTY, "", sender=session_key)
