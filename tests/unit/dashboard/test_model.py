"""Folding events into the dashboard's view models."""

from __future__ import annotations

import pytest

from modelmarket.compliance import FLAGS
from modelmarket.dashboard.model import (
    CatalogFilter,
    OutstandingVoucher,
    Snapshot,
    asset_page,
    catalog_rows,
    cumulative,
    disputes_of,
    lineage_of,
    payments_of,
    provider_page,
    reputation_of,
    stake_of,
    versions_of,
)
from tests.unit.dashboard.helpers import ALICE, BOB, OTHER, OWNER, TOKEN, Events, asset


def test_versions_of_lists_each_version_oldest_first_with_its_card():
    events = Events()
    events.add("VersionPublished", assetId=1, version=1, contentHash=b"\1" * 32, metadataURI="ipfs://v1")
    events.add("VersionPublished", assetId=2, version=1, contentHash=b"\2" * 32, metadataURI="ipfs://other")
    events.add("VersionPublished", assetId=1, version=2, contentHash=b"\3" * 32, metadataURI="ipfs://v2")
    versions = versions_of(Snapshot([asset(1)], events.events), 1)
    assert [(v.version, v.metadata_uri, v.content_hash) for v in versions] == [
        (1, "ipfs://v1", b"\1" * 32), (2, "ipfs://v2", b"\3" * 32)
    ]
    assert versions[1].published_at > versions[0].published_at


def test_lineage_of_names_parents_with_royalty_and_children():
    events = Events().add("ParentLinked", assetId=3, parentId=1, royaltyBps=500)
    events.add("ParentLinked", assetId=3, parentId=2, royaltyBps=250)
    events.add("ParentLinked", assetId=4, parentId=3, royaltyBps=100)
    lineage = lineage_of(Snapshot([], events.events), 3)
    assert lineage.parents == [(1, 500), (2, 250)]
    assert lineage.children == [(4, 100)]


def test_stake_of_adds_stake_and_subtracts_thaws_and_slashes():
    events = Events().add("Staked", assetId=1, staker=OWNER, tokens=1_000 * TOKEN, shares=1)
    events.add("Delegated", assetId=1, delegator=ALICE, tokens=300 * TOKEN, shares=300)
    events.add("Delegated", assetId=1, delegator=BOB, tokens=100 * TOKEN, shares=100)
    events.add("ThawStarted", assetId=1, staker=ALICE, delegated=True, activeShares=100, tokens=100 * TOKEN,
               thawingShares=100, thawEnd=0)
    events.add("ThawStarted", assetId=1, staker=OWNER, delegated=False, activeShares=1, tokens=200 * TOKEN,
               thawingShares=1, thawEnd=0)
    events.add("Withdrawn", assetId=1, staker=OWNER, tokens=200 * TOKEN, requests=1)
    events.add("Slashed", assetId=1, recipient=OTHER, requested=50 * TOKEN, slashed=50 * TOKEN,
               fromSelf=50 * TOKEN, fromDelegated=0)
    events.add("Delegated", assetId=2, delegator=ALICE, tokens=9 * TOKEN, shares=9)
    stake = stake_of(Snapshot([asset(1)], events.events), 1)
    assert (stake.self_active, stake.delegated_active, stake.thawing, stake.slashed) == (
        750 * TOKEN, 300 * TOKEN, 100 * TOKEN, 50 * TOKEN
    )
    assert [(d.delegator, d.tokens_in, d.shares, d.thawing_started) for d in stake.delegations] == [
        (ALICE, 300 * TOKEN, 200, 100 * TOKEN), (BOB, 100 * TOKEN, 100, 0)
    ]


def test_reputation_of_keeps_only_each_consumers_latest_rating():
    events = Events()
    for consumer, score, weight in ((ALICE, 1, 10), (BOB, 4, 30), (ALICE, 5, 10)):
        events.add("Rated", assetId=1, consumer=consumer, submitter=consumer, score=score, weight=weight,
                   replacedWeight=0, fee=0, commentHash=b"\0" * 32, commentURI="")
    reputation = reputation_of(Snapshot([asset(1)], events.events), 1)
    assert reputation.count == 2
    assert reputation.total_weight == 40
    assert reputation.mean == pytest.approx((4 * 30 + 5 * 10) / 40)
    assert reputation.weighted_mean_scaled == (4 * 30 + 5 * 10) * 100 // 40


def test_reputation_of_has_no_mean_without_ratings():
    assert reputation_of(Snapshot([asset(1)], []), 1).mean is None


def test_payments_of_takes_vouchers_and_calls_and_skips_zero_payments():
    events = Events().add("VoucherRedeemed", consumer=ALICE, assetId=1, signer=ALICE, cumulativeAmount=5, paid=5)
    events.add("CallsPaid", consumer=BOB, assetId=1, calls=2, amount=7)
    events.add("VoucherRedeemed", consumer=ALICE, assetId=1, signer=ALICE, cumulativeAmount=5, paid=0)
    events.add("CallsPaid", consumer=BOB, assetId=2, calls=1, amount=100)
    payments = payments_of(Snapshot([asset(1)], events.events), 1)
    assert [(p.consumer, p.amount, p.via) for p in payments] == [(ALICE, 5, "voucher"), (BOB, 7, "call")]
    assert cumulative(payments) == [(payments[0].timestamp, 5), (payments[1].timestamp, 12)]


def test_cumulative_merges_payments_of_one_block():
    events = Events().add("CallsPaid", consumer=BOB, assetId=1, calls=1, amount=3)
    same_block = events.events[0].__class__("CallsPaid", 1, 1, events.events[0].timestamp,
                                            {"consumer": ALICE, "assetId": 1, "calls": 1, "amount": 4})
    payments = payments_of(Snapshot([asset(1)], [*events.events, same_block]), 1)
    assert cumulative(payments) == [(events.events[0].timestamp, 7)]


def test_disputes_of_follows_each_dispute_to_its_outcome():
    events = Events()
    for dispute_id in (1, 2, 3):
        events.add("DisputeOpened", disputeId=dispute_id, assetId=1, reporter=ALICE, bond=TOKEN, evidenceHash=b"",
                   evidenceURI=f"ipfs://evidence-{dispute_id}", consumer=OWNER, refundClaim=0, deadline=99)
    events.add("DisputeUpheld", disputeId=1, assetId=1, slashed=40, reporterReward=1, refund=0, treasuryAmount=39)
    events.add("DisputeRejected", disputeId=2, assetId=1, forfeitedBond=TOKEN)
    disputes = disputes_of(Snapshot([asset(1)], events.events), 1)
    assert [(d.dispute_id, d.status, d.slashed) for d in disputes] == [(1, "upheld", 40), (2, "rejected", 0),
                                                                        (3, "open", 0)]


def test_catalog_rows_filters_by_kind_license_flags_and_status():
    pii_free, commercial = FLAGS["pii-free"], FLAGS["commercial"]
    assets = [
        asset(1, flags=pii_free | commercial),
        asset(2, kind="dataset", flags=pii_free),
        asset(3, license="Apache-2.0", flags=pii_free | commercial),
        asset(4, flags=commercial, status="retired"),
    ]
    snapshot = Snapshot(assets, [])

    def ids(**filters) -> list[int]:
        return [row.asset.asset_id for row in catalog_rows(snapshot, CatalogFilter(**filters))]

    assert ids() == [1, 2, 3, 4]
    assert ids(kind="dataset") == [2]
    assert ids(license="MIT") == [1, 2, 4]
    assert ids(flags=pii_free | commercial) == [1, 3]
    assert ids(status="retired") == [4]
    assert ids(kind="model", license="MIT", flags=commercial, status="active") == [1]


def test_catalog_rows_filters_on_a_metric_minimum():
    snapshot = Snapshot([asset(1), asset(2), asset(3)], [], metrics={1: {"accuracy": 0.9}, 2: {"accuracy": 0.7}})
    rows = catalog_rows(snapshot, CatalogFilter(metric="accuracy", metric_min=0.8))
    assert [(row.asset.asset_id, row.metrics) for row in rows] == [(1, {"accuracy": 0.9})]
    assert snapshot.metric_names() == ["accuracy"]


def test_catalog_filter_from_query_reads_every_filter():
    query = {"kind": ["dataset"], "license": ["MIT"], "flag": ["pii-free", "commercial"], "status": [""],
             "metric": ["accuracy"], "metric_min": ["0.5"]}
    assert CatalogFilter.from_query(query) == CatalogFilter(
        kind="dataset", license="MIT", flags=FLAGS["pii-free"] | FLAGS["commercial"], status=None,
        metric="accuracy", metric_min=0.5,
    )


@pytest.mark.parametrize("query", [{"kind": ["robot"]}, {"flag": ["tasty"]}, {"status": ["gone"]},
                                   {"metric_min": ["high"]}])
def test_catalog_filter_from_query_rejects_unknown_values(query):
    with pytest.raises(ValueError):
        CatalogFilter.from_query(query)


def test_asset_page_is_none_for_an_unknown_asset():
    assert asset_page(Snapshot([asset(1)], []), 2) is None


def test_asset_page_hides_metrics_without_an_eval_registry():
    assert asset_page(Snapshot([asset(1)], []), 1).metrics is None
    assert asset_page(Snapshot([asset(1)], [], metrics={}), 1).metrics == {}


def test_provider_page_sums_settled_earnings_and_claims_of_owned_assets():
    events = Events().add("CallsPaid", consumer=BOB, assetId=1, calls=1, amount=10)
    events.add("VoucherRedeemed", consumer=ALICE, assetId=2, signer=ALICE, cumulativeAmount=20, paid=20)
    events.add("CallsPaid", consumer=BOB, assetId=3, calls=1, amount=1_000)  # not the provider's
    events.add("FeesDeposited", assetId=1, payer=OTHER, amount=9, ownerPart=6, delegatorPart=3, rewardRate=0,
               rewardStreamEnd=0)
    events.add("RoyaltyAccrued", assetId=2, fromAssetId=3, amount=4)
    events.add("RewardsClaimed", assetId=1, account=OWNER, delegatorRewards=0, ownerRewards=6)
    events.add("RoyaltiesClaimed", assetId=2, owner=OWNER, amount=4)
    snapshot = Snapshot([asset(1), asset(2), asset(3, owner=OTHER)], events.events)
    page = provider_page(snapshot, OWNER)
    assert [view.asset_id for view in page.assets] == [1, 2]
    assert (page.settled, page.settled_by_asset) == (30, {1: 10, 2: 20})
    assert (page.owner_fees, page.royalties, page.earnings, page.claimed) == (6, 4, 10, 10)
    assert page.outstanding is None


def test_provider_page_lists_outstanding_vouchers_of_its_assets_only():
    vouchers = [OutstandingVoucher(ALICE, 1, 50, 20), OutstandingVoucher(BOB, 3, 50, 0),
                OutstandingVoucher(BOB, 1, 30, 30)]
    page = provider_page(Snapshot([asset(1), asset(3, owner=OTHER)], []), OWNER, vouchers)
    assert page.outstanding == [OutstandingVoucher(ALICE, 1, 50, 20)]
    assert page.outstanding_total == 30
