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
