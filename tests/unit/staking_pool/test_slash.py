"""StakingPool.slash: first-loss (self, self thawing, then delegators pro rata), clamped to the cap
per slash and per slash window; freezeWithdrawals / unfreezeWithdrawals."""

from __future__ import annotations

from tests.unit.staking_pool.helpers import DAY, MIN_SELF_STAKE, THAWING_PERIOD, TOKEN, ZERO_ADDRESS


def test_slash_takes_self_stake_first_and_emits_event(staking, token, staked_asset, delegator, slasher, treasury):
    staking.delegateStake(staked_asset, 3_000 * TOKEN, sender=delegator)
    amount = 300 * TOKEN  # below the self-stake (1,000) and the cap (400)
    balance = token.balanceOf(treasury)

    receipt = staking.slash(staked_asset, amount, treasury, sender=slasher)

    assert receipt.events.filter(staking.Slashed) == [
        staking.Slashed(
            assetId=staked_asset, recipient=treasury, requested=amount, slashed=amount, fromSelf=amount, fromDelegated=0
        )
    ]
    assert receipt.return_value == [amount, amount]
    pool = staking.getPool(staked_asset)
    assert pool.selfTokens == MIN_SELF_STAKE - amount
    assert pool.delegatedTokens == 3_000 * TOKEN
    assert token.balanceOf(treasury) == balance + amount


def test_slash_takes_self_thawing_before_delegators(staking, staked_asset, owner, delegator, slasher):
    staking.delegateStake(staked_asset, 9_000 * TOKEN, sender=delegator)
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares // 2, sender=owner)
    staking.slash(staked_asset, 700 * TOKEN, slasher, sender=slasher)
    pool = staking.getPool(staked_asset)
    assert (pool.selfTokens, pool.selfThawingTokens) == (0, 300 * TOKEN)
    assert pool.delegatedTokens == 9_000 * TOKEN


def test_slash_delegators_pay_only_beyond_the_self_stake(staking, staked_asset, owner, delegator, slasher):
    staking.delegateStake(staked_asset, 19_000 * TOKEN, sender=delegator)  # cap 2,000
    staking.undelegate(staked_asset, staking.getStaker(staked_asset, delegator).delegatedShares // 3, sender=delegator)
    pool = staking.getPool(staked_asset)
    rest = 600 * TOKEN

    receipt = staking.slash(staked_asset, MIN_SELF_STAKE + 600 * TOKEN, slasher, sender=slasher)

    from_active = rest * pool.delegatedTokens // (pool.delegatedTokens + pool.delegatedThawingTokens)
    from_thawing = rest * pool.delegatedThawingTokens // (pool.delegatedTokens + pool.delegatedThawingTokens)
    event = receipt.events.filter(staking.Slashed)[0]
    assert (event.fromSelf, event.fromDelegated) == (MIN_SELF_STAKE, from_active + from_thawing)
    after = staking.getPool(staked_asset)
    assert after.delegatedTokens == pool.delegatedTokens - from_active
    assert after.delegatedThawingTokens == pool.delegatedThawingTokens - from_thawing


def test_slash_clamps_to_the_cap_instead_of_reverting(staking, staked_asset, slasher):
    cap = staking.slashCap(staked_asset)
    assert cap == MIN_SELF_STAKE // 10
    receipt = staking.slash(staked_asset, 10 * cap, slasher, sender=slasher)
    assert receipt.return_value[0] == cap
    assert staking.totalStake(staked_asset) == MIN_SELF_STAKE - cap


def test_slash_window_caps_the_total_of_many_slashes(staking, staked_asset, slasher, chain):
    cap = staking.slashCap(staked_asset)
    total = 0
    for _ in range(3):
        total += staking.slash(staked_asset, cap, slasher, sender=slasher).return_value[0]
        chain.pending_timestamp += DAY
    assert total == cap
    assert staking.slashCap(staked_asset) == 0


def test_slash_window_reopens_after_a_thawing_period(staking, staked_asset, slasher, chain):
    cap = staking.slashCap(staked_asset)
    staking.slash(staked_asset, cap, slasher, sender=slasher)
    chain.pending_timestamp = chain.blocks.head.timestamp + THAWING_PERIOD
    receipt = staking.slash(staked_asset, cap, slasher, sender=slasher)
    assert receipt.return_value[0] == (MIN_SELF_STAKE - cap) // 10
    assert len(receipt.events.filter(staking.SlashWindowStarted)) == 1


def test_slash_zero_is_a_no_op(staking, staked_asset, slasher):
    receipt = staking.slash(staked_asset, 0, slasher, sender=slasher)
    assert receipt.return_value == [0, 0]
    assert receipt.events.filter(staking.Slashed)[0].slashed == 0
    assert staking.totalStake(staked_asset) == MIN_SELF_STAKE


def test_slash_emptying_the_self_pool_voids_its_shares(
    staking, staked_asset, owner, delegator, slasher, chain
):
    staking.delegateStake(staked_asset, 20_000 * TOKEN, sender=delegator)
    receipt = staking.slash(staked_asset, MIN_SELF_STAKE, slasher, sender=slasher)
    assert receipt.events.filter(staking.SelfPoolEmptied) == [
        staking.SelfPoolEmptied(assetId=staked_asset, thawing=False, newEpoch=1)
    ]
    assert staking.selfStakeOf(staked_asset, owner) == 0
    staking.stake(staked_asset, MIN_SELF_STAKE, sender=owner)  # fresh shares at the virtual rate
    assert staking.selfStakeOf(staked_asset, owner) == MIN_SELF_STAKE
    assert staking.isServing(staked_asset)


def test_slash_reverts_when_caller_not_slasher(staking, staked_asset, deployer, disputes, reverts_exactly):
    assert staking.slasher() == disputes.address
    with reverts_exactly(staking.NotSlasher, caller=deployer):
        staking.slash(staked_asset, 1, deployer, sender=deployer)


def test_slash_reverts_when_recipient_zero(staking, staked_asset, slasher, reverts_exactly):
    with reverts_exactly(staking.ZeroAddress):
        staking.slash(staked_asset, 1, ZERO_ADDRESS, sender=slasher)


def test_freeze_withdrawals_holds_matured_requests(staking, staked_asset, owner, slasher, chain, reverts_exactly):
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares // 2, sender=owner)
    now = chain.blocks.head.timestamp
    receipt = staking.freezeWithdrawals(staked_asset, now + THAWING_PERIOD + 1, sender=slasher)
    assert receipt.events.filter(staking.WithdrawalsFrozen) == [
        staking.WithdrawalsFrozen(assetId=staked_asset, until=now + THAWING_PERIOD + 1)
    ]
    chain.pending_timestamp = now + THAWING_PERIOD
    with reverts_exactly(staking.NothingToWithdraw, assetId=staked_asset, staker=owner):
        staking.withdraw(staked_asset, sender=owner)
    staking.unfreezeWithdrawals(staked_asset, sender=slasher)
    assert staking.withdraw(staked_asset, sender=owner).return_value == MIN_SELF_STAKE // 2


def test_freeze_withdrawals_lapses_for_a_request_after_the_max_freeze(
    staking, staked_asset, owner, slasher, chain
):
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares // 2, sender=owner)
    thaw_end = staking.getThawRequests(staked_asset, owner)[0].thawEnd
    maximum = int(staking.MAX_WITHDRAWAL_FREEZE())
    # A hostile slasher re-freezes as long as it can: the request still leaves at thawEnd + maximum.
    chain.pending_timestamp = thaw_end - 1
    staking.freezeWithdrawals(staked_asset, thaw_end - 1 + maximum, sender=slasher)
    chain.pending_timestamp = thaw_end + maximum - 2
    staking.freezeWithdrawals(staked_asset, thaw_end + 2 * maximum - 2, sender=slasher)
    chain.pending_timestamp = thaw_end + maximum
    assert staking.withdraw(staked_asset, sender=owner).return_value == MIN_SELF_STAKE // 2


def test_freeze_withdrawals_reverts_beyond_the_maximum(staking, staked_asset, slasher, chain, reverts_exactly):
    chain.pending_timestamp = chain.blocks.head.timestamp + 10
    until = chain.pending_timestamp + int(staking.MAX_WITHDRAWAL_FREEZE()) + 1
    with reverts_exactly(staking.FreezeTooLong, assetId=staked_asset, until=until, maximum=until - 1):
        staking.freezeWithdrawals(staked_asset, until, sender=slasher)


def test_freeze_withdrawals_reverts_when_not_slasher(staking, staked_asset, deployer, reverts_exactly):
    with reverts_exactly(staking.NotSlasher, caller=deployer):
        staking.freezeWithdrawals(staked_asset, 1, sender=deployer)
    with reverts_exactly(staking.NotSlasher, caller=deployer):
        staking.unfreezeWithdrawals(staked_asset, sender=deployer)
