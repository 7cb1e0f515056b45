"""Attack 10: sybil raters.

Defence: a rating weighs min(spent, WEIGHT_CAP) where `spent` is what the rater actually paid for
the asset; accounts that never paid cannot rate (`NoPaymentHistory`), dust payments weigh dust,
and one big spender is capped.
"""

from __future__ import annotations

from tests.attacks.helpers import MAX_UINT, TOKEN, sign_voucher

NO_COMMENT = b"\x00" * 32


def _pay(payments, token, consumer, asset, amount, stranger):
    token.approve(payments, MAX_UINT, sender=consumer)
    payments.depositAndAllocate([asset], [amount], sender=consumer)
    payments.redeem(*sign_voucher(consumer, payments, consumer, asset, amount), sender=stranger)


def test_sybil_raters_without_spend_fail(reputation, asset, accounts, reverts_exactly):
    sybils = list(accounts[3:])  # accounts holding tokens but with no payment for this asset
    for sybil in sybils:
        with reverts_exactly(reputation.NoPaymentHistory, consumer=sybil, assetId=asset):
            reputation.rate(asset, 0, NO_COMMENT, "", sender=sybil)
    assert reputation.summary(asset) == (0, 0, 0)


def test_dust_payers_cannot_outweigh_a_real_payer(reputation, payments, token, asset, consumer, consumer2,
                                                 delegator, delegator2, stranger):
    cap = reputation.WEIGHT_CAP()
    _pay(payments, token, consumer, asset, 5 * cap // 4, stranger)  # a real user, above the cap
    reputation.rate(asset, 100, NO_COMMENT, "", sender=consumer)
    assert reputation.ratingOf(consumer, asset).weight == cap  # capped

    sybils = [consumer2, delegator, delegator2]
    for sybil in sybils:
        _pay(payments, token, sybil, asset, 1, stranger)  # 1 wei each
        receipt = reputation.rate(asset, 0, NO_COMMENT, "", sender=sybil)
        assert [e.weight for e in receipt.events.filter(reputation.Rated)] == [1]

    count, mean, total_weight = reputation.summary(asset)
    assert count == 1 + len(sybils)
    assert total_weight == cap + len(sybils)
    assert mean == (100 * cap) * 100 // (cap + len(sybils))  # 99.99..: the sybils moved nothing
    assert mean >= 9_999


def test_re_rating_cannot_stack_weight(reputation, payments, token, asset, consumer, stranger):
    _pay(payments, token, consumer, asset, 10 * TOKEN, stranger)
    for score in (100, 100, 100):
        reputation.rate(asset, score, NO_COMMENT, "", sender=consumer)
    assert reputation.summary(asset) == (1, 100 * 100, 10 * TOKEN)
