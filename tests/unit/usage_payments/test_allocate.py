"""UsagePayments.allocate / allocateMany / depositAndAllocate: free balance into lanes."""

from __future__ import annotations

from tests.conftest import TOKEN


def test_allocate_moves_free_balance_into_the_lane(payments, token, consumer, asset, fund):
    fund(consumer, 10 * TOKEN, asset_id=None)

    receipt = payments.allocate(asset, 4 * TOKEN, sender=consumer)

    assert receipt.events.filter(payments.Allocated) == [
        payments.Allocated(consumer=consumer.address, assetId=asset, amount=4 * TOKEN)
    ]
    assert payments.freeBalanceOf(consumer) == 6 * TOKEN
    assert payments.laneOf(consumer, asset) == (4 * TOKEN, 0, 0, 0)
    assert payments.coverageOf(consumer, asset) == 4 * TOKEN


def test_allocate_reverts_when_above_free_balance(payments, consumer, asset, fund, reverts_exactly):
    fund(consumer, 3 * TOKEN, asset_id=None)

    with reverts_exactly(payments.InsufficientFreeBalance, consumer=consumer, balance=3 * TOKEN, needed=5 * TOKEN):
        payments.allocate(asset, 5 * TOKEN, sender=consumer)


def test_allocate_reverts_for_unknown_asset(payments, consumer, fund, reverts_exactly):
    fund(consumer, 3 * TOKEN, asset_id=None)

    with reverts_exactly(payments.UnknownAsset, assetId=999):
        payments.allocate(999, TOKEN, sender=consumer)


def test_allocate_reverts_for_retired_asset(payments, registry, owner, consumer, asset, fund, reverts_exactly):
    fund(consumer, 3 * TOKEN, asset_id=None)
    registry.setStatus(asset, 2, sender=owner)

    with reverts_exactly(payments.AssetRetired, assetId=asset):
        payments.allocate(asset, TOKEN, sender=consumer)


def test_allocate_reverts_for_zero_amount(payments, consumer, asset, reverts_exactly):
    with reverts_exactly(payments.ZeroAmount):
        payments.allocate(asset, 0, sender=consumer)


def test_allocate_many_funds_each_lane(payments, consumer, asset, other_asset, fund):
    fund(consumer, 10 * TOKEN, asset_id=None)

    payments.allocateMany([asset, other_asset], [3 * TOKEN, 5 * TOKEN], sender=consumer)

    assert payments.laneOf(consumer, asset)[0] == 3 * TOKEN
    assert payments.laneOf(consumer, other_asset)[0] == 5 * TOKEN
    assert payments.freeBalanceOf(consumer) == 2 * TOKEN


def test_allocate_many_reverts_on_length_mismatch(payments, consumer, asset, reverts_exactly):
    with reverts_exactly(payments.LengthMismatch, first=1, second=2):
        payments.allocateMany([asset], [1, 2], sender=consumer)


def test_deposit_and_allocate_pulls_the_sum_once(payments, token, consumer, asset, other_asset):
    token.approve(payments.address, 8 * TOKEN, sender=consumer)
    before = token.balanceOf(consumer)

    receipt = payments.depositAndAllocate([asset, other_asset], [3 * TOKEN, 5 * TOKEN], sender=consumer)

    assert token.balanceOf(consumer) == before - 8 * TOKEN
    assert len(receipt.events.filter(token.Transfer)) == 1
    assert payments.laneOf(consumer, asset)[0] == 3 * TOKEN
    assert payments.laneOf(consumer, other_asset)[0] == 5 * TOKEN
    assert payments.freeBalanceOf(consumer) == 0
