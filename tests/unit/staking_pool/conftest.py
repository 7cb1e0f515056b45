from __future__ import annotations

import pytest

from tests.unit.staking_pool.helpers import MAX_UINT, MIN_SELF_STAKE


@pytest.fixture
def asset(list_asset) -> int:
    """A listed asset owned by `owner`, no stake yet."""
    return list_asset()


@pytest.fixture
def approved(token, staking, owner, other_owner, delegator, delegator2, consumer):
    """Every staking actor has approved the StakingPool for unlimited tokens."""
    for account in (owner, other_owner, delegator, delegator2, consumer):
        token.approve(staking, MAX_UINT, sender=account)


@pytest.fixture
def staked_asset(asset, approved, staking, owner) -> int:
    """`asset` with the owner's self-stake at exactly the minimum."""
    staking.stake(asset, MIN_SELF_STAKE, sender=owner)
    return asset


@pytest.fixture
def slasher(staking, deployer, stranger, chain):
    """Make `stranger` the slasher so that slash() can be called directly (queued, then applied)."""
    staking.setSlasher(stranger, sender=deployer)
    chain.pending_timestamp += staking.changeDelay()
    staking.executeChange(b"slasher".ljust(32, b"\0"), sender=stranger)
    return stranger


@pytest.fixture
def with_cut(staking, owner, chain):
    """Set a delegators' cut on an asset and wait until it is effective."""

    def _set(asset_id: int, cut_bps: int) -> None:
        staking.setDelegatorCut(asset_id, cut_bps, sender=owner)
        chain.pending_timestamp += staking.cutChangeDelay()
        chain.mine()

    return _set


@pytest.fixture
def stream_out(staking, chain):
    """Wait until every reward stream started so far is fully paid."""

    def _wait() -> None:
        chain.pending_timestamp += staking.REWARD_STREAM_PERIOD()
        chain.mine()

    return _wait
