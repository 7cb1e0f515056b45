"""StakingPool.creditFees / fundFees: the fee collector books fees now and pays the tokens later."""

from __future__ import annotations

import pytest

from tests.unit.staking_pool.helpers import MAX_UINT, REWARD_SCALE, TOKEN, apply_change

MAX_UNFUNDED = 2**96 - 1


@pytest.fixture
def collector(staking, token, deployer, stranger):
    """`stranger` is the fee collector (nothing is unfunded, so the switch needs no sweep)."""
    apply_change(staking, "setFeeCollector", stranger, deployer)
    token.approve(staking, MAX_UINT, sender=stranger)
    return stranger


def test_credit_fees_splits_like_deposit_and_moves_no_tokens(
    staking, token, staked_asset, delegator, collector, with_cut
):
    with_cut(staked_asset, 2_500)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    balance = token.balanceOf(staking)

    receipt = staking.creditFees(staked_asset, 100 * TOKEN, sender=collector)

    assert receipt.events.filter(staking.FeesCredited) == [
        staking.FeesCredited(assetId=staked_asset, ownerPart=75 * TOKEN, delegatorPart=25 * TOKEN)
    ]
    assert token.balanceOf(staking) == balance
    assert staking.unfundedFees() == 100 * TOKEN
    pool = staking.getPool(staked_asset)
    assert pool.ownerRewards == 75 * TOKEN
    assert pool.rewardPerShare * pool.delegatedShares + pool.rewardRemainder == 25 * TOKEN * REWARD_SCALE


def test_credit_fees_accumulates_unfunded(staking, staked_asset, collector):
    staking.creditFees(staked_asset, 3, sender=collector)
    staking.creditFees(staked_asset, 4, sender=collector)
    assert staking.unfundedFees() == 7
    assert staking.getPool(staked_asset).ownerRewards == 7


def test_credit_fees_reverts_when_not_collector(staking, staked_asset, consumer, collector, reverts_exactly):
    with reverts_exactly(staking.NotFeeCollector, caller=consumer):
        staking.creditFees(staked_asset, TOKEN, sender=consumer)


def test_credit_fees_reverts_for_previous_collector(
    chain, staking, payments, token, staked_asset, owner, consumer, collector, reverts_exactly
):
    from tests.unit.usage_payments.conftest import sign_voucher

    token.approve(payments, TOKEN, sender=consumer)
    payments.deposit(TOKEN, sender=consumer)
    voucher = sign_voucher(consumer, payments, consumer, staked_asset, TOKEN, chain.pending_timestamp + 3_600)
    # UsagePayments is no longer the collector: its redeem cannot credit the pool and reverts whole
    with reverts_exactly(staking.NotFeeCollector, caller=payments):
        payments.redeem(*voucher, sender=owner)


def test_credit_fees_reverts_when_amount_zero(staking, staked_asset, collector, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.creditFees(staked_asset, 0, sender=collector)


def test_credit_fees_reverts_above_max_unfunded(staking, staked_asset, collector, reverts_exactly):
    assert staking.MAX_UNFUNDED_FEES() == MAX_UNFUNDED
    staking.creditFees(staked_asset, MAX_UNFUNDED - 1, sender=collector)
    with reverts_exactly(staking.AmountTooLarge, amount=MAX_UNFUNDED + 1, maximum=MAX_UNFUNDED):
        staking.creditFees(staked_asset, 2, sender=collector)


def test_fund_fees_pulls_tokens_and_lowers_unfunded(staking, token, staked_asset, collector):
    staking.creditFees(staked_asset, 10 * TOKEN, sender=collector)
    balance = token.balanceOf(staking)

    receipt = staking.fundFees(4 * TOKEN, sender=collector)

    assert receipt.events.filter(staking.FeesFunded) == [staking.FeesFunded(collector=collector, amount=4 * TOKEN)]
    assert token.balanceOf(staking) == balance + 4 * TOKEN
    assert staking.unfundedFees() == 6 * TOKEN


def test_fund_fees_reverts_when_not_collector(staking, staked_asset, consumer, collector, reverts_exactly):
    staking.creditFees(staked_asset, TOKEN, sender=collector)
    with reverts_exactly(staking.NotFeeCollector, caller=consumer):
        staking.fundFees(TOKEN, sender=consumer)


def test_fund_fees_reverts_when_amount_zero(staking, staked_asset, collector, reverts_exactly):
    staking.creditFees(staked_asset, TOKEN, sender=collector)
    with reverts_exactly(staking.ZeroAmount):
        staking.fundFees(0, sender=collector)


def test_fund_fees_reverts_above_unfunded(staking, staked_asset, collector, reverts_exactly):
    staking.creditFees(staked_asset, TOKEN, sender=collector)
    with reverts_exactly(staking.AmountTooLarge, amount=TOKEN + 1, maximum=TOKEN):
        staking.fundFees(TOKEN + 1, sender=collector)
