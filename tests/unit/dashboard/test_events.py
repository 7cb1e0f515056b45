"""Reading the chain: events as plain records, and the snapshot the pages are built from."""

from __future__ import annotations

from modelmarket.dashboard.events import collect_events
from modelmarket.dashboard.sources import load_snapshot
from tests.conftest import CONTENT, URI


def test_collect_events_returns_plain_records_in_chain_order(market, list_asset, registry, owner, chain):
    first = list_asset(parents=[])
    second = list_asset(parents=[(first, 250)])
    events = [event for event in collect_events(market) if event.args.get("assetId") in (first, second)]
    assert [(event.name, event["assetId"]) for event in events] == [
        ("VersionPublished", first), ("ParentLinked", second), ("VersionPublished", second)
    ]
    published = events[0]
    assert published.args == {"assetId": first, "version": 1, "contentHash": CONTENT, "metadataURI": URI}
    assert type(published["contentHash"]) is bytes
    assert published.timestamp == chain.blocks[published.block_number].timestamp


def test_load_snapshot_has_the_catalog_and_no_metrics_without_an_eval_registry(market, list_asset, chain):
    from modelmarket.deploy import Marketplace

    asset_id = list_asset()
    without = Marketplace(market.deployment, {k: v for k, v in market.contracts.items() if k != "EvalRegistry"})
    snapshot = load_snapshot(without)
    assert snapshot.head_block == chain.blocks.head.number
    assert snapshot.asset(asset_id) is not None
    assert snapshot.metrics is None


def test_load_snapshot_has_empty_metrics_with_an_eval_registry_and_no_attestation(market, list_asset):
    list_asset()
    assert load_snapshot(market).metrics == {}
