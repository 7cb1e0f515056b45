"""Fixtures for the Payouts tests: an asset with revenue redeemed but not yet settled."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import sign_voucher

PAID = 7 * TOKEN + 13  # non-round, so rounding shows


@pytest.fixture(scope="session")
def payouts(market):
    return market.payouts


@pytest.fixture
def asset(list_asset) -> int:
    return list_asset()


@pytest.fixture
def earn(chain, payments, token, consumer, stranger) -> Callable[..., int]:
    """Factory: `consumer` funds its lane for `asset_id` and a stranger redeems a voucher of `amount`
    (recorded as the asset's pending revenue, not settled). Returns the amount paid."""

    def _earn(asset_id: int, amount: int = PAID) -> int:
        token.approve(payments.address, amount, sender=consumer)
        payments.depositAndAllocate([asset_id], [amount], sender=consumer)
        cumulative = payments.redeemed(consumer, asset_id) + amount
        voucher = sign_voucher(consumer, payments, consumer, asset_id, cumulative, chain.pending_timestamp + 3_600)
        payments.redeem(*voucher, sender=stranger)
        return amount

    return _earn
