from __future__ import annotations

from tests.unit.staking_pool.helpers import BPS, DAY, REWARD_SCALE, TOKEN, unpack_stream


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


def test_deposit_fees_splits_by_effective_cut(staking, staked_asset, delegator, consumer, with_cut, stream_out):
    with_cut(staked_asset, 2_500)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    receipt = staking.depositFees(staked_asset, 100 * TOKEN, sender=consumer)

    event = receipt.events.filter(staking.FeesDeposited)[0]
    assert (event.ownerPart, event.delegatorPart) == (75 * TOKEN, 25 * TOKEN)
    assert staking.getPool(staked_asset).ownerRewards == 75 * TOKEN
    stream_out()
    assert 25 * TOKEN - 1 <= staking.pendingRewards(staked_asset, delegator) <= 25 * TOKEN


def test_deposit_fees_streams_delegator_part_over_period(staking, staked_asset, delegator, consumer, with_cut):
    with_cut(staked_asset, 2_500)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    amount = 100 * TOKEN + 7
    receipt = staking.depositFees(staked_asset, amount, sender=consumer)

    delegator_part = amount * 2_500 // BPS
    period, rate_scale = staking.REWARD_STREAM_PERIOD(), staking.REWARD_RATE_SCALE()
    rate = delegator_part * rate_scale // period
    end = receipt.timestamp + period
    assert staking.rewardStreamOf(staked_asset) == (rate, end, receipt.timestamp)
    event = receipt.events.filter(staking.FeesDeposited)[0]
    assert (event.delegatorPart, event.rewardRate, event.rewardStreamEnd) == (delegator_part, rate, end)
    # Only the part the rate cannot express is credited at once; the rest waits in the stream.
    pool = staking.getPool(staked_asset)
    dust = delegator_part * rate_scale - rate * period
    assert pool.rewardPerShare * pool.delegatedShares + pool.rewardRemainder == dust * (REWARD_SCALE // rate_scale)
    assert staking.pendingRewards(staked_asset, delegator) == 0
    assert unpack_stream(pool.rewardStream) == (rate, end, receipt.timestamp)


def test_deposit_fees_respreads_leftover_with_new_part(staking, staked_asset, delegator, consumer, with_cut, chain):
    with_cut(staked_asset, 5_000)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    rate, end, _ = staking.rewardStreamOf(staked_asset)
    chain.pending_timestamp += 2 * DAY

    receipt = staking.depositFees(staked_asset, 4 * TOKEN, sender=consumer)

    period, rate_scale = staking.REWARD_STREAM_PERIOD(), staking.REWARD_RATE_SCALE()
    total = 2 * TOKEN * rate_scale + rate * (end - receipt.timestamp)
    assert staking.rewardStreamOf(staked_asset) == (total // period, receipt.timestamp + period, receipt.timestamp)


def test_deposit_fees_keeps_stream_when_delegator_part_zero(
    staking, staked_asset, delegator, consumer, with_cut, chain
):
    with_cut(staked_asset, 5_000)
    staking.delegateStake(staked_asset, 1_000 * TOKEN, sender=delegator)
    staking.depositFees(staked_asset, 10 * TOKEN, sender=consumer)
    rate, end, _ = staking.rewardStreamOf(staked_asset)
    chain.pending_timestamp += DAY

    receipt = staking.depositFees(staked_asset, 1, sender=consumer)  # 50 % of 1 wei rounds to 0

    assert receipt.events.filter(staking.FeesDeposited)[0].delegatorPart == 0
    assert staking.rewardStreamOf(staked_asset) == (rate, end, receipt.timestamp)


def test_deposit_fees_carries_remainder_so_every_token_is_credited(
    staking, staked_asset, delegator, delegator2, consumer, with_cut, stream_out
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
    rate, end, updated_at = unpack_stream(pool.rewardStream)
    # Released (accumulator and carried remainder) plus what the stream still owes: exactly the delegators' parts.
    released = pool.rewardPerShare * pool.delegatedShares + pool.rewardRemainder
    streaming = rate * (end - updated_at) * (REWARD_SCALE // staking.REWARD_RATE_SCALE())
    assert released + streaming == delegator_total * REWARD_SCALE
    stream_out()
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
