from __future__ import annotations

import pytest

from tests.unit.staking_pool.conftest import approved, asset, staked_asset  # noqa: F401  (re-exported fixtures)
from tests.unit.staking_pool.helpers import MAX_UINT, TOKEN


@pytest.fixture
def reporters_approved(token, disputes, stranger, consumer, delegator):
    for account in (stranger, consumer, delegator):
        token.approve(disputes, MAX_UINT, sender=account)


@pytest.fixture
def pool_asset(staked_asset, staking, delegator):
    """An asset with 1,000 tokens self-stake and 9,000 delegated: total stake 10,000 tokens."""
    staking.delegateStake(staked_asset, 9_000 * TOKEN, sender=delegator)
    return staked_asset


@pytest.fixture
def force_thawing_period(staking, chain):
    """Make `staking.thawingPeriod()` return `period` by writing its storage slot directly, so that the
    Disputes check against it can be tested below StakingPool's MIN_THAWING_PERIOD (the slot is
    found by value, whatever StakingPool's storage layout)."""

    def _force(period: int) -> None:
        current = staking.thawingPeriod()
        provider = chain.provider
        for slot in range(32):
            word = int.from_bytes(bytes(provider.get_storage(staking.address, slot)), "big")
            for offset in range(0, 256 - 63, 8):
                if (word >> offset) & (2**64 - 1) != current:
                    continue
                patched = word & ~((2**64 - 1) << offset) | (period << offset)
                provider.set_storage(staking.address, slot, patched.to_bytes(32, "big"))
                if staking.thawingPeriod() == period:
                    return
                provider.set_storage(staking.address, slot, word.to_bytes(32, "big"))
        raise AssertionError("StakingPool.thawingPeriod storage slot not found")

    return _force
