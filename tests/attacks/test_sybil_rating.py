"""Attack 10: sybil raters and bought rating weight.

Defences: a rating weighs at most min(spent, WEIGHT_CAP), where `spent` is what the rater paid for
the asset, so accounts that never paid cannot rate (`NoPaymentHistory`) and dust payments weigh
dust; and every unit of weight costs `RATING_FEE_BPS` (10 %) in tokens paid to Reputation, which can
only send them to the treasury. An asset's owner gets back almost all of what is paid to its asset,
so before the fee it could recycle 1,000 tokens through ten fresh raters and buy 10,000 of weight
for about 100 (the 1 % protocol fee). The tests below run that attack on anvil, read every balance
the attacker controls before and after, and check the cost is at least 10 % of the weight bought.
SECURITY.md ("Rating integrity") quotes the ratio these tests print.
"""

from __future__ import annotations

from tests.attacks.helpers import MAX_UINT, TOKEN, sign_voucher

NO_COMMENT = b"\x00" * 32
RATING_FEE_BPS = 1_000
#: One recycled payment per sybil: exactly the weight cap, so each sybil rates with the cap.
PAYMENT = 1_000 * TOKEN


def _pay(payments, token, consumer, asset, amount, stranger):
    token.approve(payments, MAX_UINT, sender=consumer)
    payments.depositAndAllocate([asset], [amount], sender=consumer)
    cumulative = payments.redeemed(consumer, asset) + amount
    payments.redeem(*sign_voucher(consumer, payments, consumer, asset, cumulative), sender=stranger)


def _fresh_sybil(accounts, owner):
    sybil = accounts.generate_test_account()
    owner.transfer(sybil, 10**18)  # gas money
    return sybil


def _recycle_through(sybil, world, owner, asset, score):
    """The owner funds `sybil`, the sybil pays the owner's asset and rates it with the full weight,
    then the owner collects the asset's revenue back. Returns the weight bought."""
    token, payments, staking, reputation = world.token, world.payments, world.staking, world.reputation
    token.transfer(sybil, PAYMENT + PAYMENT * RATING_FEE_BPS // 10_000, sender=owner)
    token.approve(reputation, MAX_UINT, sender=sybil)
    _pay(payments, token, sybil, asset, PAYMENT, owner)
    weight = reputation.maxWeightOf(sybil, asset)
    reputation.rate(asset, score, weight, NO_COMMENT, "", sender=sybil)
    payments.settle(asset, sender=owner)
    staking.claimRewards(asset, sender=owner)  # the payment comes back to the owner, less the fees
    return weight


def _attacker_holdings(token, owner, sybils):
    return token.balanceOf(owner) + sum(token.balanceOf(s) for s in sybils)


def _run_recycling(world, accounts, owner, asset, rounds, score=0):
    """Recycle through `rounds` fresh sybils; returns (tokens the attacker lost, weight bought)."""
    sybils = [_fresh_sybil(accounts, owner) for _ in range(rounds)]
    before = _attacker_holdings(world.token, owner, sybils)
    weight = sum(_recycle_through(sybil, world, owner, asset, score) for sybil in sybils)
    return before - _attacker_holdings(world.token, owner, sybils), weight


def _world(token, payments, staking, reputation):
    from types import SimpleNamespace

    return SimpleNamespace(token=token, payments=payments, staking=staking, reputation=reputation)


def test_recycling_through_own_asset_costs_at_least_ten_percent_of_the_weight(
    token, payments, staking, reputation, asset, owner, accounts
):
    world = _world(token, payments, staking, reputation)

    cost, weight = _run_recycling(world, accounts, owner, asset, rounds=1)

    assert weight == reputation.WEIGHT_CAP()
    assert cost * 10_000 >= weight * RATING_FEE_BPS
    print(f"\nrecycling once: cost {cost / TOKEN:,.2f} tokens for {weight / TOKEN:,.0f} weight "
          f"= {cost / weight:.2%}")


def test_ten_sybils_recycling_one_budget_pay_ten_percent_of_the_weight(
    token, payments, staking, reputation, asset, owner, accounts
):
    world = _world(token, payments, staking, reputation)

    cost, weight = _run_recycling(world, accounts, owner, asset, rounds=10)

    assert weight == 10 * reputation.WEIGHT_CAP()
    assert reputation.summary(asset) == (10, 0, weight)
    assert cost * 10_000 >= weight * RATING_FEE_BPS
    # the rating fees sit in Reputation and can only go to the treasury, never back to the owner
    assert token.balanceOf(reputation) == weight * RATING_FEE_BPS // 10_000
    print(f"\nten sybils: cost {cost / TOKEN:,.2f} tokens for {weight / TOKEN:,.0f} weight "
          f"= {cost / weight:.2%}")


def test_burying_an_honest_rating_costs_at_least_ten_percent_of_its_weight(
    token, payments, staking, reputation, asset, owner, consumer, stranger, accounts
):
    # An honest consumer spent S and claimed its full weight S (paying 10 % of it).
    honest_weight = PAYMENT
    token.approve(reputation, MAX_UINT, sender=consumer)
    _pay(payments, token, consumer, asset, honest_weight, stranger)
    reputation.rate(asset, 100, honest_weight, NO_COMMENT, "", sender=consumer)
    payments.settle(asset, sender=owner)
    staking.claimRewards(asset, sender=owner)  # the honest revenue, so it is not counted as the attack's
    world = _world(token, payments, staking, reputation)

    # Out-weigh it twice over with score 0, through recycled sybils.
    cost, weight = _run_recycling(world, accounts, owner, asset, rounds=2)

    _, mean, _ = reputation.summary(asset)
    assert mean < 50 * 100  # buried
    assert weight > honest_weight
    assert cost * 10_000 >= honest_weight * RATING_FEE_BPS  # at least 10 % of S
    print(f"\nburying S = {honest_weight / TOKEN:,.0f}: cost {cost / TOKEN:,.2f} tokens "
          f"= {cost / honest_weight:.2%} of S")


def test_sybil_raters_without_spend_fail(reputation, asset, accounts, reverts_exactly):
    # accounts holding tokens but with no payment for this asset (not the generated, unfunded sybils)
    sybils = [account for account in accounts[3:10] if account.balance > 0]
    for sybil in sybils:
        with reverts_exactly(reputation.NoPaymentHistory, consumer=sybil, assetId=asset):
            reputation.rate(asset, 0, 1, NO_COMMENT, "", sender=sybil)
    assert reputation.summary(asset) == (0, 0, 0)


def test_dust_payers_cannot_outweigh_a_real_payer(reputation, payments, token, asset, consumer, consumer2,
                                                 delegator, delegator2, stranger):
    cap = reputation.WEIGHT_CAP()
    token.approve(reputation, MAX_UINT, sender=consumer)
    _pay(payments, token, consumer, asset, 5 * cap // 4, stranger)  # a real user, above the cap
    reputation.rate(asset, 100, cap, NO_COMMENT, "", sender=consumer)
    assert reputation.ratingOf(consumer, asset).weight == cap  # capped

    sybils = [consumer2, delegator, delegator2]
    for sybil in sybils:
        token.approve(reputation, MAX_UINT, sender=sybil)
        _pay(payments, token, sybil, asset, 1, stranger)  # 1 wei each
        receipt = reputation.rate(asset, 0, 1, NO_COMMENT, "", sender=sybil)
        assert [(e.weight, e.fee) for e in receipt.events.filter(reputation.Rated)] == [(1, 1)]

    count, mean, total_weight = reputation.summary(asset)
    assert count == 1 + len(sybils)
    assert total_weight == cap + len(sybils)
    assert mean == (100 * cap) * 100 // (cap + len(sybils))  # 99.99..: the sybils moved nothing
    assert mean >= 9_999


def test_re_rating_cannot_stack_weight(reputation, payments, token, asset, consumer, stranger):
    token.approve(reputation, MAX_UINT, sender=consumer)
    _pay(payments, token, consumer, asset, 10 * TOKEN, stranger)
    for score in (100, 100, 100):
        reputation.rate(asset, score, 10 * TOKEN, NO_COMMENT, "", sender=consumer)
    assert reputation.summary(asset) == (1, 100 * 100, 10 * TOKEN)
    assert token.balanceOf(reputation) == TOKEN  # the weight was paid for once


def test_lowering_then_raising_weight_cannot_dodge_the_fee(reputation, payments, token, asset, consumer, stranger):
    token.approve(reputation, MAX_UINT, sender=consumer)
    _pay(payments, token, consumer, asset, 10 * TOKEN, stranger)
    reputation.rate(asset, 100, TOKEN, NO_COMMENT, "", sender=consumer)

    fees = [reputation.rate(asset, 100, w, NO_COMMENT, "", sender=consumer).return_value
            for w in (1, 10 * TOKEN, 2 * TOKEN, 10 * TOKEN)]

    assert fees == [0, 9 * TOKEN // 10, 0, 0]
    assert token.balanceOf(reputation) * 10_000 >= reputation.ratingOf(consumer, asset).weight * RATING_FEE_BPS
