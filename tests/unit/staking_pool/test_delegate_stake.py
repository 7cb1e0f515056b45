from __future__ import annotations

from tests.unit.staking_pool.helpers import DAY, TOKEN, sign_permit, to_shares


def test_delegate_stake_mints_delegated_shares_and_emits_event(staking, token, staked_asset, delegator):
    pool = staking.getPool(staked_asset)
    expected = to_shares(500 * TOKEN, pool.delegatedTokens, pool.delegatedShares)
    receipt = staking.delegateStake(staked_asset, 500 * TOKEN, sender=delegator)

    assert receipt.events.filter(staking.Delegated) == [
        staking.Delegated(assetId=staked_asset, delegator=delegator, tokens=500 * TOKEN, shares=expected)
    ]
    assert staking.getStaker(staked_asset, delegator).delegatedShares == expected
    after = staking.getPool(staked_asset)
    assert after.delegatedShares == expected
    assert after.delegatedTokens == pool.delegatedTokens + 500 * TOKEN
    assert (after.selfTokens, after.selfShares) == (pool.selfTokens, pool.selfShares)
    assert staking.delegatedStakeOf(staked_asset, delegator) == 500 * TOKEN


def test_delegate_stake_works_without_self_stake(staking, asset, approved, delegator):
    staking.delegateStake(asset, TOKEN, sender=delegator)
    assert staking.delegatedStakeOf(asset, delegator) == TOKEN
    assert not staking.isServing(asset)


def test_delegate_stake_reverts_when_asset_unknown(staking, approved, delegator, reverts_exactly):
    with reverts_exactly(staking.UnknownAsset, assetId=7):
        staking.delegateStake(7, TOKEN, sender=delegator)


def test_delegate_stake_reverts_when_asset_retired(staking, registry, asset, approved, owner, delegator, reverts_exactly):
    registry.setStatus(asset, 2, sender=owner)
    with reverts_exactly(staking.AssetRetired, assetId=asset):
        staking.delegateStake(asset, TOKEN, sender=delegator)


def test_delegate_stake_reverts_when_amount_zero(staking, staked_asset, delegator, reverts_exactly):
    with reverts_exactly(staking.ZeroAmount):
        staking.delegateStake(staked_asset, 0, sender=delegator)


def test_delegate_stake_reverts_when_allowance_missing(staking, token, asset, stranger, reverts_exactly):
    with reverts_exactly(token.ERC20InsufficientAllowance, spender=staking, allowance=0, needed=TOKEN):
        staking.delegateStake(asset, TOKEN, sender=stranger)


def test_delegate_with_permit_needs_no_prior_approval(staking, token, asset, delegator2, chain):
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(token, delegator2, staking.address, 10 * TOKEN, deadline, chain.chain_id)
    receipt = staking.delegateWithPermit(asset, 10 * TOKEN, deadline, v, r, s, sender=delegator2)
    assert len(receipt.events.filter(staking.Delegated)) == 1
    assert staking.delegatedStakeOf(asset, delegator2) == 10 * TOKEN


def test_delegate_with_permit_tolerates_front_run_permit(staking, token, asset, delegator2, stranger, chain):
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(token, delegator2, staking.address, 10 * TOKEN, deadline, chain.chain_id)
    token.permit(delegator2, staking, 10 * TOKEN, deadline, v, r, s, sender=stranger)
    staking.delegateWithPermit(asset, 10 * TOKEN, deadline, v, r, s, sender=delegator2)
    assert staking.delegatedStakeOf(asset, delegator2) == 10 * TOKEN


def test_delegate_with_permit_reverts_when_permit_and_allowance_missing(
    staking, token, asset, delegator2, chain, reverts_exactly
):
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(token, delegator2, staking.address, 10 * TOKEN, deadline, chain.chain_id)
    with reverts_exactly(token.ERC20InsufficientAllowance, spender=staking, allowance=0, needed=11 * TOKEN):
        staking.delegateWithPermit(asset, 11 * TOKEN, deadline, v, r, s, sender=delegator2)


def test_delegate_stake_ignores_direct_token_donations(staking, token, staked_asset, delegator, stranger):
    """A transfer straight to the pool contract never moves the share price (no inflation attack)."""
    before = staking.previewStake(staked_asset, 100 * TOKEN)
    token.transfer(staking, 500_000 * TOKEN, sender=stranger)
    assert staking.previewStake(staked_asset, 100 * TOKEN) == before


def test_delegate_stake_after_one_wei_first_deposit_gets_fair_shares(staking, asset, approved, delegator, delegator2):
    """Virtual offset: a 1-wei first depositor cannot make later deposits round to nothing."""
    staking.delegateStake(asset, 1, sender=delegator)
    staking.delegateStake(asset, 1_000 * TOKEN, sender=delegator2)
    assert staking.delegatedStakeOf(asset, delegator2) >= 1_000 * TOKEN - 1
    assert staking.delegatedStakeOf(asset, delegator) <= 1
