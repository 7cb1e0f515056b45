from __future__ import annotations

from tests.unit.staking_pool.helpers import TOKEN


def test_claim_rewards_pays_delegator_and_emits_event(
    staking, token, staked_asset, delegator, consumer, with_cut, stream_out
):
    with_cut(staked_asset, 5_000)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    stream_out()
    pending = staking.pendingRewards(staked_asset, delegator)
    balance = token.balanceOf(delegator)

    receipt = staking.claimRewards(staked_asset, sender=delegator)

    assert receipt.events.filter(staking.RewardsClaimed) == [
        staking.RewardsClaimed(assetId=staked_asset, account=delegator, delegatorRewards=pending, ownerRewards=0)
    ]
    assert token.balanceOf(delegator) == balance + pending
    assert staking.pendingRewards(staked_asset, delegator) == 0
    assert pending >= 5 * TOKEN - 1


def test_claim_rewards_pays_owner_balance_to_current_owner(staking, token, staked_asset, owner, consumer):
    staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    balance = token.balanceOf(owner)
    receipt = staking.claimRewards(staked_asset, sender=owner)
    event = receipt.events.filter(staking.RewardsClaimed)[0]
    assert (event.delegatorRewards, event.ownerRewards) == (0, 10 * TOKEN)
    assert token.balanceOf(owner) == balance + 10 * TOKEN
    assert staking.getPool(staked_asset).ownerRewards == 0


def test_claim_rewards_owner_balance_follows_the_nft(
    staking, token, registry, staked_asset, owner, other_owner, consumer, reverts_exactly
):
    staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    registry.transferFrom(owner, other_owner, staked_asset, sender=owner)
    with reverts_exactly(staking.NothingToClaim, account=owner):
        staking.claimRewards(staked_asset, sender=owner)
    balance = token.balanceOf(other_owner)
    staking.claimRewards(staked_asset, sender=other_owner)
    assert token.balanceOf(other_owner) == balance + 10 * TOKEN


def test_claim_rewards_owner_who_delegates_gets_both(staking, staked_asset, owner, consumer, with_cut, stream_out):
    with_cut(staked_asset, 5_000)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=owner)
    staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    stream_out()
    event = staking.claimRewards(staked_asset, sender=owner).events.filter(staking.RewardsClaimed)[0]
    assert event.ownerRewards == 5 * TOKEN
    assert 5 * TOKEN - 1 <= event.delegatorRewards <= 5 * TOKEN


def test_claim_rewards_reverts_when_nothing_to_claim(staking, staked_asset, delegator, reverts_exactly):
    with reverts_exactly(staking.NothingToClaim, account=delegator):
        staking.claimRewards(staked_asset, sender=delegator)


def test_claim_rewards_mid_stream_pays_only_the_released_seconds(
    staking, token, staked_asset, delegator, consumer, with_cut, chain
):
    with_cut(staked_asset, 5_000)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    deposited = staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    rate, _, started = staking.rewardStreamOf(staked_asset)
    chain.pending_timestamp = chain.blocks.head.timestamp + staking.REWARD_STREAM_PERIOD() // 2
    balance = token.balanceOf(delegator)

    receipt = staking.claimRewards(staked_asset, sender=delegator)

    released = rate * (receipt.timestamp - started) // staking.REWARD_RATE_SCALE()
    paid = token.balanceOf(delegator) - balance
    assert released - 2 <= paid <= released + 1  # + the sub-wei part credited at the deposit
    assert paid < deposited.events.filter(staking.FeesDeposited)[0].delegatorPart * 51 // 100
    assert staking.rewardStreamOf(staked_asset)[2] == receipt.timestamp
