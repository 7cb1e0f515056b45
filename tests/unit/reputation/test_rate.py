"""Reputation.rate / rateFor: only payers rate, one rating per (consumer, asset), the rater chooses a
weight up to its capped spend and pays 10 % of the weight it has not paid for yet."""

from __future__ import annotations

import ape

from tests.conftest import MAX_UINT, TOKEN
from tests.unit.reputation.conftest import WEIGHT_CAP, fee

COMMENT = b"\x42" * 32
URI = "ipfs://comment"
EMPTY = b"\x00" * 32


def test_rate_records_rating_and_emits_event(chain, reputation, consumer, asset, pay):
    pay(consumer, asset, 5 * TOKEN)

    receipt = reputation.rate(asset, 80, 5 * TOKEN, COMMENT, URI, sender=consumer)

    event = receipt.events.filter(reputation.Rated)[0]
    assert (event.assetId, event.consumer, event.submitter) == (asset, consumer.address, consumer.address)
    assert (event.score, event.weight, event.replacedWeight, event.fee) == (80, 5 * TOKEN, 0, fee(5 * TOKEN))
    assert (event.commentHash, event.commentURI) == (COMMENT, URI)
    rating = reputation.ratingOf(consumer, asset)
    assert (rating.score, rating.weight, rating.weightPaidFor, rating.ratedAt) == (
        80, 5 * TOKEN, 5 * TOKEN, chain.blocks.head.timestamp
    )
    assert receipt.return_value == fee(5 * TOKEN)
    assert reputation.summary(asset) == (1, 80 * 100, 5 * TOKEN)


def test_rate_takes_the_fee_from_the_rater_into_the_contract(reputation, token, consumer, asset, pay):
    pay(consumer, asset, 5 * TOKEN)
    before = token.balanceOf(consumer), token.balanceOf(reputation)

    reputation.rate(asset, 80, 5 * TOKEN, EMPTY, "", sender=consumer)

    assert token.balanceOf(consumer) == before[0] - TOKEN // 2
    assert token.balanceOf(reputation) == before[1] + TOKEN // 2


def test_rate_fee_rounds_up(reputation, token, consumer, asset, pay):
    pay(consumer, asset, 11)

    receipt = reputation.rate(asset, 50, 11, EMPTY, "", sender=consumer)

    assert receipt.return_value == 2  # 1.1 wei rounds up
    assert token.balanceOf(reputation) == 2


def test_rate_with_a_smaller_weight_pays_a_smaller_fee(reputation, consumer, asset, pay):
    pay(consumer, asset, 10 * TOKEN)

    receipt = reputation.rate(asset, 50, 2 * TOKEN, EMPTY, "", sender=consumer)

    assert receipt.return_value == fee(2 * TOKEN)
    assert reputation.summary(asset) == (1, 50 * 100, 2 * TOKEN)


def test_rate_again_up_to_the_weight_paid_for_is_free(reputation, token, consumer, asset, pay):
    pay(consumer, asset, 10 * TOKEN)
    reputation.rate(asset, 90, 10 * TOKEN, EMPTY, "", sender=consumer)
    reputation.rate(asset, 10, 3 * TOKEN, EMPTY, "", sender=consumer)
    held = token.balanceOf(reputation)

    receipt = reputation.rate(asset, 40, 10 * TOKEN, EMPTY, "", sender=consumer)

    assert receipt.return_value == 0
    assert token.balanceOf(reputation) == held
    assert reputation.ratingOf(consumer, asset).weightPaidFor == 10 * TOKEN


def test_rate_again_with_more_weight_pays_only_the_increase(reputation, consumer, asset, pay):
    pay(consumer, asset, 4 * TOKEN)
    reputation.rate(asset, 90, 4 * TOKEN, EMPTY, "", sender=consumer)
    pay(consumer, asset, 3 * TOKEN)

    receipt = reputation.rate(asset, 90, 7 * TOKEN, EMPTY, "", sender=consumer)

    assert receipt.return_value == fee(3 * TOKEN)
    assert reputation.ratingOf(consumer, asset).weightPaidFor == 7 * TOKEN


def test_rate_reverts_without_payment_history(reputation, consumer, asset):
    with ape.reverts(reputation.NoPaymentHistory, consumer=consumer.address, assetId=asset):
        reputation.rate(asset, 50, 1, EMPTY, "", sender=consumer)


def test_rate_reverts_when_paid_for_another_asset_only(reputation, consumer, asset, list_asset, pay):
    other = list_asset()
    pay(consumer, other, TOKEN)

    with ape.reverts(reputation.NoPaymentHistory, consumer=consumer.address, assetId=asset):
        reputation.rate(asset, 50, 1, EMPTY, "", sender=consumer)


def test_rate_reverts_when_weight_above_spend(reputation, consumer, asset, pay):
    pay(consumer, asset, TOKEN)

    with ape.reverts(reputation.WeightOutOfRange, consumer=consumer.address, assetId=asset, weight=TOKEN + 1,
                     maximum=TOKEN):
        reputation.rate(asset, 50, TOKEN + 1, EMPTY, "", sender=consumer)


def test_rate_reverts_when_weight_above_cap(reputation, consumer, asset, pay):
    pay(consumer, asset, WEIGHT_CAP + TOKEN)

    with ape.reverts(reputation.WeightOutOfRange, consumer=consumer.address, assetId=asset, weight=WEIGHT_CAP + 1,
                     maximum=WEIGHT_CAP):
        reputation.rate(asset, 50, WEIGHT_CAP + 1, EMPTY, "", sender=consumer)


def test_rate_reverts_when_weight_zero(reputation, consumer, asset, pay):
    pay(consumer, asset, TOKEN)

    with ape.reverts(reputation.WeightOutOfRange, consumer=consumer.address, assetId=asset, weight=0, maximum=TOKEN):
        reputation.rate(asset, 50, 0, EMPTY, "", sender=consumer)


def test_rate_reverts_when_fee_not_approved(reputation, token, consumer, asset, pay):
    pay(consumer, asset, TOKEN)
    token.approve(reputation.address, 0, sender=consumer)

    with ape.reverts(token.ERC20InsufficientAllowance, spender=reputation.address, allowance=0, needed=fee(TOKEN)):
        reputation.rate(asset, 50, TOKEN, EMPTY, "", sender=consumer)


def test_rate_reverts_when_score_above_max(reputation, consumer, asset, pay):
    pay(consumer, asset, TOKEN)

    with ape.reverts(reputation.ScoreOutOfRange, score=101, maximum=100):
        reputation.rate(asset, 101, TOKEN, EMPTY, "", sender=consumer)


def test_rate_accepts_bounds_zero_and_max(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, TOKEN)
    pay(consumer2, asset, TOKEN)

    reputation.rate(asset, 0, TOKEN, EMPTY, "", sender=consumer)
    reputation.rate(asset, 100, TOKEN, EMPTY, "", sender=consumer2)

    assert reputation.summary(asset) == (2, 50 * 100, 2 * TOKEN)


def test_rate_again_replaces_the_old_rating_exactly(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, 2 * TOKEN)
    pay(consumer2, asset, 6 * TOKEN)
    reputation.rate(asset, 10, 2 * TOKEN, EMPTY, "", sender=consumer)
    reputation.rate(asset, 90, 6 * TOKEN, EMPTY, "", sender=consumer2)
    pay(consumer, asset, 2 * TOKEN)

    receipt = reputation.rate(asset, 70, 4 * TOKEN, EMPTY, "", sender=consumer)

    event = receipt.events.filter(reputation.Rated)[0]
    assert (event.weight, event.replacedWeight) == (4 * TOKEN, 2 * TOKEN)
    totals = reputation.totalsOf(asset)
    assert (totals.count, totals.totalWeight) == (2, 10 * TOKEN)
    assert totals.weightedScoreSum == 4 * TOKEN * 70 + 6 * TOKEN * 90
    assert reputation.summary(asset) == (2, (4 * 70 + 6 * 90) * 100 // 10, 10 * TOKEN)


def test_rate_weight_is_capped(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, WEIGHT_CAP + 500 * TOKEN)
    pay(consumer2, asset, 10 * TOKEN)

    assert reputation.maxWeightOf(consumer, asset) == WEIGHT_CAP == reputation.WEIGHT_CAP()
    whale = reputation.rate(asset, 0, WEIGHT_CAP, EMPTY, "", sender=consumer).return_value
    reputation.rate(asset, 100, 10 * TOKEN, EMPTY, "", sender=consumer2)

    assert whale == fee(WEIGHT_CAP)
    assert reputation.summary(asset) == (2, 100 * 10 * 100 // 1_010, WEIGHT_CAP + 10 * TOKEN)


def test_rate_weight_counts_pay_per_call_spend(reputation, payments, token, staking, owner, consumer, asset, pay):
    token.approve(staking.address, 1_000 * TOKEN, sender=owner)
    staking.stake(asset, 1_000 * TOKEN, sender=owner)
    pay(consumer, asset, TOKEN)
    token.approve(payments.address, TOKEN, sender=consumer)
    payments.depositAndAllocate([asset], [TOKEN], sender=consumer)
    payments.payPerCall(asset, 3, MAX_UINT, sender=consumer)
    expected = TOKEN + 3 * 10**15

    assert reputation.maxWeightOf(consumer, asset) == expected
    reputation.rate(asset, 60, expected, EMPTY, "", sender=consumer)
    assert reputation.ratingOf(consumer, asset).weight == expected


def test_rate_for_by_active_session_key_rates_as_consumer(reputation, token, consumer, session_key, asset, pay):
    pay(consumer, asset, 3 * TOKEN, signer=session_key)
    key_before, consumer_before = token.balanceOf(session_key), token.balanceOf(consumer)

    receipt = reputation.rateFor(consumer, asset, 40, 3 * TOKEN, COMMENT, URI, sender=session_key)

    event = receipt.events.filter(reputation.Rated)[0]
    assert (event.consumer, event.submitter, event.weight) == (consumer.address, session_key.address, 3 * TOKEN)
    assert reputation.ratingOf(consumer, asset).score == 40
    assert reputation.ratingOf(session_key, asset).weight == 0
    # the key that submits pays the fee, never the consumer's wallet
    assert token.balanceOf(session_key) == key_before - fee(3 * TOKEN)
    assert token.balanceOf(consumer) == consumer_before


def test_rate_for_replaces_consumers_own_rating(reputation, consumer, session_key, asset, pay):
    pay(consumer, asset, 3 * TOKEN, signer=session_key)
    reputation.rate(asset, 90, 3 * TOKEN, EMPTY, "", sender=consumer)

    receipt = reputation.rateFor(consumer, asset, 20, 3 * TOKEN, EMPTY, "", sender=session_key)

    assert receipt.return_value == 0  # the consumer already paid for this weight
    assert reputation.summary(asset) == (1, 20 * 100, 3 * TOKEN)


def test_rate_for_reverts_when_caller_not_session_key(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, TOKEN)

    with ape.reverts(reputation.NotSessionKey, consumer=consumer.address, caller=consumer2.address):
        reputation.rateFor(consumer, asset, 50, TOKEN, EMPTY, "", sender=consumer2)


def test_rate_for_reverts_when_session_key_revoked(chain, reputation, payments, consumer, session_key, asset, pay):
    pay(consumer, asset, TOKEN, signer=session_key)
    receipt = payments.revokeSessionKey(session_key.address, sender=consumer)
    # a revocation takes effect after the withdrawal delay (vouchers the key signed stay payable until then)
    chain.pending_timestamp = receipt.events.filter(payments.SessionKeyRevocationScheduled)[0].effectiveAt + 1

    with ape.reverts(reputation.NotSessionKey, consumer=consumer.address, caller=session_key.address):
        reputation.rateFor(consumer, asset, 50, TOKEN, EMPTY, "", sender=session_key)


def test_rate_for_reverts_when_session_key_expired(chain, reputation, payments, consumer, session_key, asset, pay):
    pay(consumer, asset, TOKEN, signer=session_key)
    chain.pending_timestamp = payments.sessionKeyOf(consumer, session_key.address).expiry + 1

    with ape.reverts(reputation.NotSessionKey):
        reputation.rateFor(consumer, asset, 50, TOKEN, EMPTY, "", sender=session_key)


def test_rate_for_reverts_when_consumer_never_paid(reputation, consumer, session_key, asset):
    with ape.reverts(reputation.SessionKeyDidNotPay, consumer=consumer.address, key=session_key.address, assetId=asset):
        reputation.rateFor(consumer, asset, 50, 1, EMPTY, "", sender=session_key)


def test_rate_for_reverts_when_key_did_not_pay_the_asset(reputation, consumer, session_key, asset, pay):
    pay(consumer, asset, 3 * TOKEN)  # the consumer paid, its key did not

    with ape.reverts(reputation.SessionKeyDidNotPay, consumer=consumer.address, key=session_key.address, assetId=asset):
        reputation.rateFor(consumer, asset, 50, TOKEN, EMPTY, "", sender=session_key)


def test_rate_for_reverts_when_weight_above_what_the_key_paid(reputation, consumer, session_key, asset, pay):
    pay(consumer, asset, 3 * TOKEN)
    pay(consumer, asset, TOKEN, signer=session_key)

    with ape.reverts(
        reputation.WeightOutOfRange, consumer=consumer.address, assetId=asset, weight=2 * TOKEN, maximum=TOKEN
    ):
        reputation.rateFor(consumer, asset, 50, 2 * TOKEN, EMPTY, "", sender=session_key)
    assert reputation.rateFor(consumer, asset, 50, TOKEN, EMPTY, "", sender=session_key).return_value == fee(TOKEN)
