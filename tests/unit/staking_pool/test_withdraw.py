from __future__ import annotations

from tests.unit.staking_pool.helpers import MIN_SELF_STAKE, THAWING_PERIOD, TOKEN


def _wait(chain, seconds):
    chain.pending_timestamp += seconds
    chain.mine()


def test_withdraw_pays_matured_request_and_emits_event(staking, token, staked_asset, owner, chain):
    shares = staking.getStaker(staked_asset, owner).selfShares
    staking.unstake(staked_asset, shares, sender=owner)
    _wait(chain, THAWING_PERIOD)
    balance = token.balanceOf(owner)

    receipt = staking.withdraw(staked_asset, sender=owner)

    assert receipt.events.filter(staking.Withdrawn) == [
        staking.Withdrawn(assetId=staked_asset, staker=owner, tokens=MIN_SELF_STAKE, requests=1)
    ]
    assert token.balanceOf(owner) == balance + MIN_SELF_STAKE
    assert staking.getThawRequests(staked_asset, owner) == []
    pool = staking.getPool(staked_asset)
    assert (pool.selfThawingTokens, pool.selfThawingShares) == (0, 0)
    assert token.balanceOf(staking) == staking.totalStake(staked_asset)


def test_withdraw_reverts_before_thaw_end(staking, staked_asset, owner, chain, reverts_exactly):
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares, sender=owner)
    _wait(chain, THAWING_PERIOD - 10)
    with reverts_exactly(staking.NothingToWithdraw, assetId=staked_asset, staker=owner):
        staking.withdraw(staked_asset, sender=owner)


def test_withdraw_reverts_without_requests(staking, staked_asset, delegator, reverts_exactly):
    with reverts_exactly(staking.NothingToWithdraw, assetId=staked_asset, staker=delegator):
        staking.withdraw(staked_asset, sender=delegator)


def test_withdraw_takes_only_matured_requests(staking, staked_asset, owner, chain):
    shares = staking.getStaker(staked_asset, owner).selfShares // 4
    staking.unstake(staked_asset, shares, sender=owner)
    _wait(chain, THAWING_PERIOD // 2)
    staking.unstake(staked_asset, shares, sender=owner)
    _wait(chain, THAWING_PERIOD // 2)

    receipt = staking.withdraw(staked_asset, sender=owner)

    assert receipt.events.filter(staking.Withdrawn)[0].requests == 1
    assert len(staking.getThawRequests(staked_asset, owner)) == 1


def test_withdraw_ring_wraps_after_max_requests(staking, staked_asset, owner, chain):
    shares = staking.getStaker(staked_asset, owner).selfShares // 20
    for _ in range(8):
        staking.unstake(staked_asset, shares, sender=owner)
    _wait(chain, THAWING_PERIOD)
    assert staking.withdraw(staked_asset, sender=owner).events.filter(staking.Withdrawn)[0].requests == 8
    for _ in range(3):
        staking.unstake(staked_asset, shares, sender=owner)
    position = staking.getStaker(staked_asset, owner)
    assert (position.thawHead, position.thawCount) == (0, 3)
    _wait(chain, THAWING_PERIOD)
    assert staking.withdraw(staked_asset, sender=owner).events.filter(staking.Withdrawn)[0].requests == 3


def test_withdraw_after_slash_pays_reduced_value(staking, token, staked_asset, owner, slasher, chain):
    staking.unstake(staked_asset, staking.getStaker(staked_asset, owner).selfShares, sender=owner)
    slashed = staking.slash(staked_asset, 100 * TOKEN, slasher, sender=slasher).return_value[0]
    assert slashed == 100 * TOKEN
    _wait(chain, THAWING_PERIOD)
    balance = token.balanceOf(owner)
    staking.withdraw(staked_asset, sender=owner)
    assert token.balanceOf(owner) - balance == MIN_SELF_STAKE - 100 * TOKEN
