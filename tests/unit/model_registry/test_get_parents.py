from __future__ import annotations

from tests.unit.model_registry.helpers import MISSING_ID, Kind, Status


def test_get_parents_empty_without_lineage(registry, asset_id):
    assert registry.getParents(asset_id) == []


def test_get_parents_returns_lineage_in_listing_order(registry, other_owner, list_asset):
    base = list_asset()
    dataset = list_asset(sender=other_owner, kind=Kind.DATASET)
    tokenizer = list_asset()
    child = list_asset(parents=[(tokenizer, 0), (base, 1_000), (dataset, 2_000)])

    parents = registry.getParents(child)

    assert [(p.assetId, p.royaltyBps) for p in parents] == [(tokenizer, 0), (base, 1_000), (dataset, 2_000)]


def test_get_parents_unchanged_when_parent_changes_hands_or_retires(registry, owner, consumer, list_asset):
    base = list_asset()
    child = list_asset(parents=[(base, 300)])

    registry.transferFrom(owner, consumer, base, sender=owner)
    registry.setStatus(base, Status.RETIRED, sender=consumer)

    assert [(p.assetId, p.royaltyBps) for p in registry.getParents(child)] == [(base, 300)]
    assert registry.getParents(base) == []


def test_get_parents_reverts_when_asset_unknown(registry, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=MISSING_ID):
        registry.getParents(MISSING_ID)
