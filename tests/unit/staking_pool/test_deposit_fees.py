from __future__ import annotations

from tests.unit.staking_pool.helpers import REWARD_SCALE, TOKEN


def test_deposit_fees_all_to_owner_without_delegators(staking, token, staked_asset, consumer, with_cut):
    with_cut(staked_asset, 5_000)
    receipt = staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    assert receipt.events.filter(staking.FeesDeposited) == [
        staking.FeesDeposited(
            assetId=staked_asset, payer=consumer, amount=10 * TOKEN, ownerPart=10 * TOKEN, delegatorPart=0
        )
    ]
    assert staking.getPool(staked_asset).ownerRewards == 10 * TOKEN
    assert token.balanceOf(staking) == staking.totalStake(staked_asset) + 10 * TOKEN


def test_deposit_fees_splits_by_effective_cut(staking, staked_asset, delegator, consumer, with_cut):
    with_cut(staked_asset, 2_500)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    receipt = staking.depositFees(staked_asset, 100 * TOKEN, sender=consumer)

    event = receipt.events.filter(staking.FeesDeposited)[0]
    assert (event.ownerPart, event.delegatorPart) == (75 * TOKEN, 25 * TOKEN)
    pool = staking.getPool(staked_asset)
    assert pool.ownerRewards == 75 * TOKEN
    assert pool.rewardPerShare * pool.delegatedShares + pool.rewardRemainder == 25 * TOKEN * REWARD_SCALE
    assert 25 * TOKEN - 1 <= staking.pendingRewards(staked_asset, delegator) <= 25 * TOKEN


def test_deposit_fees_carries_remainder_so_every_token_is_credited(
    staking, staked_asset, delegator, delegator2, consumer, with_cut
):
    with_cut(staked_asset, 3_333)
    staking.delegateStake(staked_asset, 7 * TOKEN + 3, sender=delegator)
    staking.delegateStake(staked_asset, 11 * TOKEN + 5, sender=delegator2)
    delegator_total = 0
    for amount in (1_000_003, 7, 999_999_999_999_999_999, 13):
        event = staking.depositFees(staked_asset, amount, sender=consumer).events.filter(staking.FeesDeposited)[0]
        assert event.ownerPart + event.delegatorPart == amount
        delegator_total += event.delegatorPart
    pool = staking.getPool(staked_asset)
    # The accumulator plus its carried remainder holds exactly what delegators were given.
    assert pool.rewardPerShare * pool.delegatedShares + pool.rewardRemainder == delegator_total * REWARD_SCALE
    paid = staking.pendingRewards(staked_asset, delegator) + staking.pendingRewards(staked_asset, delegator2)
    assert delegator_total - 2 <= paid <= delegator_total


def test_deposit_fees_uses_old_cut_until_delay_passes(staking, staked_asset, owner, delegator, consumer):
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    staking.setDelegatorCut(staked_asset, 10_000, sender=owner)
    event = staking.depositFees(staked_asset, TOKEN, sender=consumer).events.filter(staking.FeesDeposited)[0]
    assert event.delegatorPart == 0


def test_deposit_fees_reverts_when_amount_zero(staking, staked_asset, consumer, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.depositFees(staked_asset, 0, sender=consumer)


def test_deposit_fees_reverts_when_asset_unknown(staking, approved, consumer, reverts_exactly):
    with reverts_exactly(staking.UnknownAsset, assetId=42):
        staking.depositFees(42, TOKEN, sender=consumer)
