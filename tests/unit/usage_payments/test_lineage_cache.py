"""The lineage cache: the first settlement of an asset reads its parents from the registry and packs
them in UsagePayments (LineageCache); later settlements credit the same royalties without calling
the registry."""

from __future__ import annotations

import pytest

from tests.conftest import TOKEN


def _royalty_events(payments, receipt):
    return [(e.assetId, e.fromAssetId, e.amount) for e in receipt.events.filter(payments.RoyaltyAccrued)]


@pytest.mark.parametrize("parent_count", [0, 1, 3, 4, 7, 8])
def test_lineage_cache_credits_every_parent_on_first_and_later_settlements(
    payments, registry, owner, other_owner, consumer, sign, list_asset, fund, parent_count
):
    parents = [list_asset(sender=other_owner) for _ in range(parent_count)]
    royalties = [100 + 37 * i for i in range(parent_count)]  # distinct bps, total <= 3,000
    child = list_asset(parents=list(zip(parents, royalties)))
    fund(consumer, asset_id=child)
    assert [p.royaltyBps for p in registry.getParents(child)] == royalties

    for cumulative, amount in ((10 * TOKEN, 10 * TOKEN), (13 * TOKEN, 3 * TOKEN)):  # first settlement, then cached
        payments.redeem(*sign(cumulative, asset_id=child), sender=owner)
        receipt = payments.settle(child, sender=owner)
        expected = [(p, child, amount * bps // 10_000) for p, bps in zip(parents, royalties)]
        assert _royalty_events(payments, receipt) == expected
        settled = receipt.events.filter(payments.RevenueSettled)[0]
        assert settled.royalties == sum(a for _, _, a in expected)
        assert settled.protocolFee + settled.royalties + settled.toStaking == amount


def test_lineage_cache_survives_parent_transfer_and_pays_new_owner(
    payments, registry, token, owner, other_owner, stranger, consumer, sign, list_asset, fund
):
    parent = list_asset(sender=other_owner)
    child = list_asset(parents=[(parent, 1_000)])
    fund(consumer, asset_id=child)
    payments.redeem(*sign(10 * TOKEN, asset_id=child), sender=owner)
    payments.settle(child, sender=owner)
    registry.transferFrom(other_owner, stranger, parent, sender=other_owner)
    payments.redeem(*sign(20 * TOKEN, asset_id=child), sender=owner)
    payments.settle(child, sender=owner)

    before = token.balanceOf(stranger)
    payments.claimRoyalties(parent, sender=owner)

    assert token.balanceOf(stranger) - before == 2 * TOKEN


def test_lineage_cache_is_per_asset(payments, owner, other_owner, consumer, sign, list_asset, fund):
    parent = list_asset(sender=other_owner)
    orphan = list_asset()
    child = list_asset(parents=[(parent, 2_000)])
    fund(consumer, asset_id=orphan)
    fund(consumer, asset_id=child)
    payments.redeem(*sign(TOKEN, asset_id=orphan), sender=owner)
    payments.settle(orphan, sender=owner)  # caches "no parents" for `orphan` only
    payments.redeem(*sign(TOKEN, asset_id=child), sender=owner)

    receipt = payments.settle(child, sender=owner)

    assert _royalty_events(payments, receipt) == [(parent, child, TOKEN // 5)]
