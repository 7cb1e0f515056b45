from __future__ import annotations

from tests.unit.staking_pool.helpers import MIN_SELF_STAKE, TOKEN, to_tokens


def test_is_serving_false_below_minimum(staking, asset, approved, owner):
    assert not staking.isServing(asset)
    staking.stake(asset, MIN_SELF_STAKE - 1, sender=owner)
    assert not staking.isServing(asset)
    staking.stake(asset, 1, sender=owner)
    assert staking.isServing(asset)


def test_is_serving_false_for_unknown_asset(staking):
    assert not staking.isServing(123)


def test_is_serving_false_when_paused(staking, registry, staked_asset, owner):
    registry.setStatus(staked_asset, 1, sender=owner)
    assert not staking.isServing(staked_asset)


def test_is_serving_reads_current_owner_self_stake(staking, registry, staked_asset, owner, other_owner):
    registry.transferFrom(owner, other_owner, staked_asset, sender=owner)
    assert not staking.isServing(staked_asset)
    staking.stake(staked_asset, MIN_SELF_STAKE, sender=other_owner)
    assert staking.isServing(staked_asset)


def test_is_serving_ignores_delegated_stake(staking, asset, approved, owner, delegator):
    staking.delegateStake(asset, 10 * MIN_SELF_STAKE, sender=delegator)
    staking.delegateStake(asset, MIN_SELF_STAKE, sender=owner)
    assert not staking.isServing(asset)


def test_is_serving_false_after_slash_below_minimum(staking, staked_asset, slasher):
    staking.slash(staked_asset, 1, slasher, sender=slasher)
    assert not staking.isServing(staked_asset)


def test_total_stake_counts_active_and_thawing(staking, staked_asset, owner, delegator):
    staking.delegateStake(staked_asset, 500 * TOKEN, sender=delegator)
    staking.undelegate(staked_asset, staking.getStaker(staked_asset, delegator).delegatedShares, sender=delegator)
    assert staking.totalStake(staked_asset) == MIN_SELF_STAKE + 500 * TOKEN
    assert staking.slashCap(staked_asset) == (MIN_SELF_STAKE + 500 * TOKEN) // 10
    assert staking.thawingStakeOf(staked_asset, delegator) == 500 * TOKEN


def test_previews_match_share_math(staking, staked_asset):
    pool = staking.getPool(staked_asset)
    assert staking.previewUnstake(staked_asset, 12345) == to_tokens(12345, pool.selfTokens, pool.selfShares)
    shares = staking.previewStake(staked_asset, 77 * TOKEN)
    assert staking.previewUnstake(staked_asset, shares) == 77 * TOKEN


def test_views_of_empty_pool_are_zero(staking, delegator):
    assert staking.totalStake(9) == 0
    assert staking.pendingRewards(9, delegator) == 0
    assert staking.getThawRequests(9, delegator) == []
    assert staking.effectiveDelegatorCut(9) == 0
