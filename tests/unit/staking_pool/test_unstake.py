from __future__ import annotations

from tests.unit.staking_pool.helpers import DAY, MIN_SELF_STAKE, THAWING_PERIOD, TOKEN, to_shares, to_tokens


def test_unstake_starts_thaw_and_emits_event(staking, staked_asset, owner, chain):
    pool = staking.getPool(staked_asset)
    shares = staking.getStaker(staked_asset, owner).selfShares // 4
    tokens = to_tokens(shares, pool.selfTokens, pool.selfShares)
    thaw_shares = to_shares(tokens, 0, 0)
    receipt = staking.unstake(staked_asset, shares, sender=owner)

    thaw_end = chain.blocks.head.timestamp + THAWING_PERIOD
    assert receipt.events.filter(staking.ThawStarted) == [
        staking.ThawStarted(
            assetId=staked_asset, staker=owner, delegated=False, activeShares=shares,
            tokens=tokens, thawingShares=thaw_shares, thawEnd=thaw_end,
        )
    ]
    assert receipt.return_value == thaw_shares
    after = staking.getPool(staked_asset)
    assert after.selfTokens == pool.selfTokens - tokens
    assert after.selfThawingTokens == tokens
    assert after.selfThawingShares == thaw_shares
    assert staking.totalStake(staked_asset) == MIN_SELF_STAKE
    assert [tuple(r) for r in staking.getThawRequests(staked_asset, owner)] == [(thaw_shares, thaw_end, 0, False)]
    assert not staking.isServing(staked_asset)


def test_unstake_allowed_for_former_owner(staking, registry, staked_asset, owner, other_owner):
    registry.transferFrom(owner, other_owner, staked_asset, sender=owner)
    shares = staking.getStaker(staked_asset, owner).selfShares
    staking.unstake(staked_asset, shares, sender=owner)
    assert staking.getStaker(staked_asset, owner).selfShares == 0
    assert staking.thawingStakeOf(staked_asset, owner) == MIN_SELF_STAKE


def test_unstake_reverts_when_shares_zero(staking, staked_asset, owner, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.unstake(staked_asset, 0, sender=owner)


def test_unstake_reverts_when_shares_exceed_self_shares(staking, staked_asset, owner, reverts_exactly):
    available = staking.getStaker(staked_asset, owner).selfShares
    with reverts_exactly(
        staking.InsufficientShares, assetId=staked_asset, staker=owner, shares=available + 1, available=available
    ):
        staking.unstake(staked_asset, available + 1, sender=owner)


def test_unstake_cannot_touch_delegated_shares(staking, staked_asset, delegator, reverts_exactly):
    shares = staking.delegateStake(staked_asset, TOKEN, sender=delegator).return_value
    with reverts_exactly(staking.InsufficientShares, assetId=staked_asset, staker=delegator, shares=shares, available=0):
        staking.unstake(staked_asset, shares, sender=delegator)


def test_unstake_reverts_when_shares_worth_zero_tokens(staking, staked_asset, owner, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.unstake(staked_asset, 1, sender=owner)


def test_unstake_reverts_after_max_thaw_requests(staking, staked_asset, owner, reverts_exactly):
    shares = staking.getStaker(staked_asset, owner).selfShares // 10
    for _ in range(8):
        staking.unstake(staked_asset, shares, sender=owner)
    assert len(staking.getThawRequests(staked_asset, owner)) == 8
    with reverts_exactly(staking.TooManyThawRequests, assetId=staked_asset, staker=owner, maximum=8):
        staking.unstake(staked_asset, shares, sender=owner)


def test_undelegate_starts_thaw_settles_rewards_and_emits_event(
    staking, staked_asset, delegator, consumer, with_cut, chain
):
    with_cut(staked_asset, 5_000)
    shares = staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator).return_value
    staking.depositFees(staked_asset, 100 * TOKEN, sender=consumer)
    chain.pending_timestamp += DAY
    chain.mine()
    pending_before = staking.pendingRewards(staked_asset, delegator)
    assert pending_before > 0

    receipt = staking.undelegate(staked_asset, shares, sender=delegator)
    event = receipt.events.filter(staking.ThawStarted)[0]
    assert (event.staker, event.delegated, event.activeShares) == (delegator.address, True, shares)
    position = staking.getStaker(staked_asset, delegator)
    assert position.delegatedShares == 0
    assert position.accruedRewards >= pending_before  # one more second of the stream
    assert staking.getPool(staked_asset).delegatedShares == 0
    # No further rewards accrue once undelegated, neither from the running stream nor from new fees.
    staking.depositFees(staked_asset, 100 * TOKEN, sender=consumer)
    chain.pending_timestamp += staking.REWARD_STREAM_PERIOD()
    chain.mine()
    assert staking.pendingRewards(staked_asset, delegator) == position.accruedRewards


def test_undelegate_last_delegator_leaves_stream_seconds_to_owner(
    staking, token, staked_asset, owner, delegator, consumer, with_cut, stream_out
):
    with_cut(staked_asset, 5_000)
    shares = staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator).return_value
    staking.depositFees(staked_asset, 100 * TOKEN, sender=consumer)
    rate, end, _ = staking.rewardStreamOf(staked_asset)
    left_at = staking.undelegate(staked_asset, shares, sender=delegator).timestamp
    stream_out()
    balance = token.balanceOf(owner)

    event = staking.claimRewards(staked_asset, sender=owner).events.filter(staking.RewardsClaimed)[0]

    assert event.ownerRewards == 50 * TOKEN + rate * (end - left_at) // staking.REWARD_RATE_SCALE()
    assert token.balanceOf(owner) == balance + event.ownerRewards
    assert staking.rewardStreamOf(staked_asset)[0] == 0  # fully paid


def test_undelegate_reverts_when_shares_zero(staking, staked_asset, delegator, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.undelegate(staked_asset, 0, sender=delegator)


def test_undelegate_cannot_touch_self_shares(staking, staked_asset, owner, reverts_exactly):
    shares = staking.getStaker(staked_asset, owner).selfShares
    with reverts_exactly(staking.InsufficientShares, assetId=staked_asset, staker=owner, shares=shares, available=0):
        staking.undelegate(staked_asset, shares, sender=owner)


def test_undelegate_reverts_after_max_thaw_requests(staking, staked_asset, delegator, reverts_exactly):
    staking.delegateStake(staked_asset, 100 * TOKEN, sender=delegator)
    shares = staking.getStaker(staked_asset, delegator).delegatedShares // 10
    for _ in range(8):
        staking.undelegate(staked_asset, shares, sender=delegator)
    with reverts_exactly(staking.TooManyThawRequests, assetId=staked_asset, staker=delegator, maximum=8):
        staking.undelegate(staked_asset, shares, sender=delegator)
