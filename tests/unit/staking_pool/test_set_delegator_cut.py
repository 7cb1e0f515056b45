from __future__ import annotations

from tests.unit.staking_pool.helpers import CUT_CHANGE_DELAY


def test_set_delegator_cut_schedules_change_and_emits_event(staking, staked_asset, owner, chain):
    receipt = staking.setDelegatorCut(staked_asset, 3_000, sender=owner)
    effective_at = chain.blocks.head.timestamp + CUT_CHANGE_DELAY
    assert receipt.events.filter(staking.DelegatorCutScheduled) == [
        staking.DelegatorCutScheduled(assetId=staked_asset, currentCutBps=0, newCutBps=3_000, effectiveAt=effective_at)
    ]
    assert staking.effectiveDelegatorCut(staked_asset) == 0
    chain.mine(timestamp=effective_at - 1)
    assert staking.effectiveDelegatorCut(staked_asset) == 0
    chain.mine(timestamp=effective_at)
    assert staking.effectiveDelegatorCut(staked_asset) == 3_000


def test_set_delegator_cut_reschedule_keeps_current_cut(staking, staked_asset, owner, chain, with_cut):
    with_cut(staked_asset, 3_000)
    staking.setDelegatorCut(staked_asset, 1_000, sender=owner)
    staking.setDelegatorCut(staked_asset, 0, sender=owner)
    assert staking.effectiveDelegatorCut(staked_asset) == 3_000
    pool = staking.getPool(staked_asset)
    assert (pool.cutBps, pool.pendingCutBps) == (3_000, 0)


def test_set_delegator_cut_accepts_maximum(staking, staked_asset, owner):
    staking.setDelegatorCut(staked_asset, 10_000, sender=owner)
    assert staking.getPool(staked_asset).pendingCutBps == 10_000


def test_set_delegator_cut_reverts_when_above_max(staking, staked_asset, owner, reverts_exactly):
    with reverts_exactly(staking.CutAboveMax, cutBps=10_001, maximum=10_000):
        staking.setDelegatorCut(staked_asset, 10_001, sender=owner)


def test_set_delegator_cut_reverts_when_not_owner(staking, staked_asset, owner, delegator, reverts_exactly):
    with reverts_exactly(staking.NotAssetOwner, assetId=staked_asset, caller=delegator, owner=owner):
        staking.setDelegatorCut(staked_asset, 1_000, sender=delegator)


def test_set_delegator_cut_reverts_when_asset_unknown(staking, owner, reverts_exactly):
    with reverts_exactly(staking.UnknownAsset, assetId=5):
        staking.setDelegatorCut(5, 1_000, sender=owner)
