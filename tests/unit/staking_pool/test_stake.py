from __future__ import annotations

from tests.unit.staking_pool.helpers import DAY, MIN_SELF_STAKE, TOKEN, VIRTUAL_SHARES, sign_permit, to_shares


def test_stake_mints_shares_and_emits_event(staking, token, asset, approved, owner):
    balance_before = token.balanceOf(owner)
    receipt = staking.stake(asset, MIN_SELF_STAKE, sender=owner)

    expected_shares = MIN_SELF_STAKE * VIRTUAL_SHARES
    assert receipt.events.filter(staking.Staked) == [
        staking.Staked(assetId=asset, staker=owner, tokens=MIN_SELF_STAKE, shares=expected_shares)
    ]
    assert receipt.return_value == expected_shares
    assert staking.getStaker(asset, owner).selfShares == expected_shares
    pool = staking.getPool(asset)
    assert (pool.selfTokens, pool.selfShares, pool.delegatedShares) == (MIN_SELF_STAKE, expected_shares, 0)
    assert token.balanceOf(owner) == balance_before - MIN_SELF_STAKE
    assert token.balanceOf(staking) == MIN_SELF_STAKE


def test_stake_second_deposit_mints_proportional_shares(staking, staked_asset, owner):
    pool = staking.getPool(staked_asset)
    staking.stake(staked_asset, 500 * TOKEN, sender=owner)
    expected = to_shares(500 * TOKEN, pool.selfTokens, pool.selfShares)
    assert staking.getStaker(staked_asset, owner).selfShares == pool.selfShares + expected


def test_stake_reverts_when_caller_not_asset_owner(staking, asset, approved, delegator, owner, reverts_exactly):
    with reverts_exactly(staking.NotAssetOwner, assetId=asset, caller=delegator, owner=owner):
        staking.stake(asset, TOKEN, sender=delegator)


def test_stake_reverts_when_asset_unknown(staking, approved, owner, reverts_exactly):
    with reverts_exactly(staking.UnknownAsset, assetId=99):
        staking.stake(99, TOKEN, sender=owner)


def test_stake_reverts_when_asset_retired(staking, registry, asset, approved, owner, reverts_exactly):
    registry.setStatus(asset, 2, sender=owner)
    with reverts_exactly(staking.AssetRetired, assetId=asset):
        staking.stake(asset, TOKEN, sender=owner)


def test_stake_reverts_when_amount_zero(staking, asset, approved, owner, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.stake(asset, 0, sender=owner)


def test_stake_only_new_owner_after_transfer(staking, registry, asset, approved, owner, other_owner, reverts_exactly):
    registry.transferFrom(owner, other_owner, asset, sender=owner)
    with reverts_exactly(staking.NotAssetOwner, assetId=asset, caller=owner, owner=other_owner):
        staking.stake(asset, TOKEN, sender=owner)
    staking.stake(asset, MIN_SELF_STAKE, sender=other_owner)
    assert staking.isServing(asset)


def test_stake_with_permit_needs_no_prior_approval(staking, token, asset, owner, chain):
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(token, owner, staking.address, MIN_SELF_STAKE, deadline, chain.chain_id)
    receipt = staking.stakeWithPermit(asset, MIN_SELF_STAKE, deadline, v, r, s, sender=owner)
    assert len(receipt.events.filter(staking.Staked)) == 1
    assert staking.selfStakeOf(asset, owner) == MIN_SELF_STAKE
    assert token.allowance(owner, staking) == 0


def test_stake_with_permit_tolerates_front_run_permit(staking, token, asset, owner, stranger, chain):
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(token, owner, staking.address, MIN_SELF_STAKE, deadline, chain.chain_id)
    # A front-runner submits the permit first: the nonce is used, the allowance is in place.
    token.permit(owner, staking, MIN_SELF_STAKE, deadline, v, r, s, sender=stranger)
    staking.stakeWithPermit(asset, MIN_SELF_STAKE, deadline, v, r, s, sender=owner)
    assert staking.selfStakeOf(asset, owner) == MIN_SELF_STAKE


def test_stake_with_permit_reverts_without_allowance_when_permit_invalid(
    staking, token, asset, owner, chain, reverts_exactly
):
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(token, owner, staking.address, TOKEN, deadline, chain.chain_id)
    # Permit signed for 1 token but 2 asked: the permit fails, the allowance is zero.
    with reverts_exactly(token.ERC20InsufficientAllowance, spender=staking, allowance=0, needed=2 * TOKEN):
        staking.stakeWithPermit(asset, 2 * TOKEN, deadline, v, r, s, sender=owner)
