from __future__ import annotations

from tests.unit.staking_pool.helpers import MIN_SELF_STAKE, TOKEN, ZERO_ADDRESS


def test_slash_takes_pro_rata_and_emits_event(staking, token, staked_asset, owner, delegator, slasher, treasury):
    staking.delegateStake(staked_asset, 3_000 * TOKEN, sender=delegator)
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares // 2, sender=owner)
    pool = staking.getPool(staked_asset)
    total = pool.activeTokens + pool.thawingTokens
    amount = 400 * TOKEN
    balance = token.balanceOf(treasury)

    receipt = staking.slash(staked_asset, amount, treasury, sender=slasher)

    from_active = amount * pool.activeTokens // total
    from_thawing = amount * pool.thawingTokens // total
    assert receipt.events.filter(staking.Slashed) == [
        staking.Slashed(
            assetId=staked_asset, recipient=treasury, requested=amount, slashed=from_active + from_thawing,
            fromActive=from_active, fromThawing=from_thawing,
        )
    ]
    assert receipt.return_value == from_active + from_thawing
    after = staking.getPool(staked_asset)
    assert after.activeTokens == pool.activeTokens - from_active
    assert after.thawingTokens == pool.thawingTokens - from_thawing
    assert token.balanceOf(treasury) == balance + from_active + from_thawing
    assert token.balanceOf(staking) == staking.totalStake(staked_asset)


def test_slash_rounding_never_takes_more_than_asked(staking, staked_asset, owner, slasher):
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares // 3, sender=owner)
    slashed = staking.slash(staked_asset, 7, slasher, sender=slasher).return_value
    assert slashed <= 7
    assert staking.totalStake(staked_asset) == MIN_SELF_STAKE - slashed


def test_slash_accepts_exactly_the_cap(staking, staked_asset, slasher):
    cap = staking.slashCap(staked_asset)
    assert cap == MIN_SELF_STAKE // 10
    assert staking.slash(staked_asset, cap, slasher, sender=slasher).return_value == cap


def test_slash_zero_is_a_no_op(staking, staked_asset, slasher):
    receipt = staking.slash(staked_asset, 0, slasher, sender=slasher)
    assert receipt.return_value == 0
    assert receipt.events.filter(staking.Slashed)[0].slashed == 0
    assert staking.totalStake(staked_asset) == MIN_SELF_STAKE


def test_slash_reverts_when_above_cap(staking, staked_asset, slasher, reverts_exactly):
    cap = staking.slashCap(staked_asset)
    with reverts_exactly(staking.SlashAboveCap, assetId=staked_asset, amount=cap + 1, cap=cap):
        staking.slash(staked_asset, cap + 1, slasher, sender=slasher)


def test_slash_reverts_when_caller_not_slasher(staking, staked_asset, deployer, disputes, reverts_exactly):
    assert staking.slasher() == disputes.address
    with reverts_exactly(staking.NotSlasher, caller=deployer):
        staking.slash(staked_asset, 1, deployer, sender=deployer)


def test_slash_reverts_when_recipient_zero(staking, staked_asset, slasher, reverts_exactly):
    with reverts_exactly(staking.ZeroAddress):
        staking.slash(staked_asset, 1, ZERO_ADDRESS, sender=slasher)
