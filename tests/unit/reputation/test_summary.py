"""Reputation views: summary (O(1) running sums), totalsOf, ratingOf, maxWeightOf, feeFor, wiring."""

from __future__ import annotations

from tests.conftest import TOKEN

EMPTY = b"\x00" * 32


def test_summary_is_zero_without_ratings(reputation, asset):
    assert reputation.summary(asset) == (0, 0, 0)
    totals = reputation.totalsOf(asset)
    assert (totals.count, totals.totalWeight, totals.weightedScoreSum) == (0, 0, 0)


def test_summary_weighted_mean_rounds_down(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, TOKEN)
    pay(consumer2, asset, 2 * TOKEN)

    reputation.rate(asset, 1, TOKEN, EMPTY, "", sender=consumer)
    reputation.rate(asset, 2, 2 * TOKEN, EMPTY, "", sender=consumer2)

    # (1×1 + 2×2) / 3 = 1.666… → 166 at MEAN_SCALE 100
    assert reputation.summary(asset) == (2, 166, 3 * TOKEN)


def test_summary_keeps_assets_apart(reputation, consumer, asset, list_asset, pay):
    other = list_asset()
    pay(consumer, asset, TOKEN)
    pay(consumer, other, 4 * TOKEN)

    reputation.rate(asset, 30, TOKEN, EMPTY, "", sender=consumer)
    reputation.rate(other, 60, 4 * TOKEN, EMPTY, "", sender=consumer)

    assert reputation.summary(asset) == (1, 3_000, TOKEN)
    assert reputation.summary(other) == (1, 6_000, 4 * TOKEN)


def test_summary_equals_sums_of_current_ratings_after_many_changes(reputation, accounts, asset, pay):
    raters = list(accounts[3:9])
    for i, rater in enumerate(raters):
        pay(rater, asset, (i + 1) * TOKEN)
    scores = {}
    for step, (rater, score) in enumerate(zip(raters * 2, [5, 17, 99, 0, 64, 33, 71, 8, 100, 42, 56, 23])):
        spent = pay(rater, asset, TOKEN) if step >= len(raters) else reputation.maxWeightOf(rater, asset)
        reputation.rate(asset, score, spent, EMPTY, "", sender=rater)
        scores[rater.address] = score

    weights = {r.address: reputation.ratingOf(r, asset).weight for r in raters}
    total_weight = sum(weights.values())
    weighted = sum(weights[a] * scores[a] for a in scores)
    assert reputation.totalsOf(asset).weightedScoreSum == weighted
    assert reputation.summary(asset) == (len(raters), weighted * 100 // total_weight, total_weight)


def test_max_weight_of_is_zero_without_spend(reputation, consumer, asset):
    assert reputation.maxWeightOf(consumer, asset) == 0


def test_max_weight_of_is_spend_up_to_the_cap(reputation, consumer, consumer2, asset, pay):
    pay(consumer, asset, 3 * TOKEN)
    pay(consumer2, asset, 1_001 * TOKEN)

    assert reputation.maxWeightOf(consumer, asset) == 3 * TOKEN
    assert reputation.maxWeightOf(consumer2, asset) == reputation.WEIGHT_CAP()


def test_fee_for_is_ten_percent_of_new_weight_rounded_up(reputation, consumer, asset):
    assert reputation.feeFor(consumer, asset, 0) == 0
    assert reputation.feeFor(consumer, asset, 1) == 1
    assert reputation.feeFor(consumer, asset, 10) == 1
    assert reputation.feeFor(consumer, asset, 11) == 2
    assert reputation.feeFor(consumer, asset, 5 * TOKEN) == TOKEN // 2


def test_fee_for_charges_only_weight_above_what_was_paid_for(reputation, consumer, asset, pay):
    pay(consumer, asset, 10 * TOKEN)
    reputation.rate(asset, 50, 4 * TOKEN, EMPTY, "", sender=consumer)

    assert reputation.feeFor(consumer, asset, 4 * TOKEN) == 0
    assert reputation.feeFor(consumer, asset, TOKEN) == 0
    assert reputation.feeFor(consumer, asset, 10 * TOKEN) == 6 * TOKEN // 10


def test_rating_of_is_empty_before_rating(reputation, consumer, asset):
    rating = reputation.ratingOf(consumer, asset)
    assert (rating.score, rating.weight, rating.weightPaidFor, rating.ratedAt) == (0, 0, 0, 0)


def test_constructor_wires_payments_and_constants(reputation, payments, token):
    assert reputation.PAYMENTS() == payments.address
    assert reputation.TOKEN() == token.address
    assert reputation.RATING_FEE_BPS() == 1_000
    assert reputation.MAX_SCORE() == 100
    assert reputation.MEAN_SCALE() == 100
    assert reputation.WEIGHT_CAP() == 1_000 * TOKEN
