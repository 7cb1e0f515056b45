from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CONTENT, LICENSE_MIT, listing
from tests.unit.model_registry.helpers import ZERO_ADDRESS, ZERO_HASH, Kind, Status, content, uri

MAX_PARENTS = 8
MAX_TOTAL_ROYALTY_BPS = 3_000


@pytest.fixture
def nine_assets(list_asset, other_owner) -> list[int]:
    """Nine listed assets (ids 1..9), enough to name one parent too many."""
    return [list_asset(sender=other_owner, contentHash=content(n), metadataURI=uri(n)) for n in range(1, 10)]


@pytest.fixture
def three_assets(list_asset) -> list[int]:
    """Assets 1..3, the existing parents the lineage property draws from."""
    return [list_asset(contentHash=content(n)) for n in range(1, 4)]


def test_list_mints_token_and_emits_event(registry, owner):
    receipt = registry.list(listing(), sender=owner)
    event = receipt.events.filter(registry.AssetListed)[0]
    assert event.assetId == 1
    assert event.owner == owner.address
    assert event.licenseId == LICENSE_MIT
    assert registry.ownerOf(1) == owner.address
    assert registry.getVersion(1, 1).contentHash == CONTENT
    assert registry.assetCount() == 1


def test_list_emits_every_listing_field(registry, owner, consumer):
    params = listing(
        kind=Kind.DATASET,
        contentHash=content(7),
        metadataURI=uri(7),
        complianceFlags=0b101,
        pricePerCall=123,
        operator=consumer.address,
    )
    receipt = registry.list(params, sender=owner)

    assert receipt.events.filter(registry.AssetListed) == [
        registry.AssetListed(
            assetId=1,
            owner=owner,
            kind=Kind.DATASET,
            licenseId=LICENSE_MIT,
            complianceFlags=0b101,
            pricePerCall=123,
            operator=consumer,
        )
    ]
    assert receipt.events.filter(registry.VersionPublished) == [
        registry.VersionPublished(assetId=1, version=1, contentHash=content(7), metadataURI=uri(7))
    ]
    assert receipt.events.filter(registry.Transfer) == [
        registry.Transfer(**{"from": ZERO_ADDRESS, "to": owner, "tokenId": 1})
    ]
    assert receipt.events.filter(registry.ParentLinked) == []


def test_list_stores_asset_and_first_version(registry, owner, consumer):
    params = listing(kind=Kind.DATASET, complianceFlags=6, pricePerCall=5, operator=consumer.address)
    registry.list(params, sender=owner)

    asset = registry.getAsset(1)
    assert asset.kind == Kind.DATASET
    assert asset.status == Status.ACTIVE
    assert asset.totalRoyaltyBps == 0
    assert asset.versionCount == 1
    assert asset.operator == consumer.address
    assert asset.complianceFlags == 6
    assert asset.pricePerCall == 5
    assert registry.getVersion(1, 1).contentHash == CONTENT
    assert registry.balanceOf(owner) == 1


def test_list_emits_the_card_uri_instead_of_storing_it(registry, owner):
    receipt = registry.list(listing(metadataURI=uri(9)), sender=owner)

    assert [e.metadataURI for e in receipt.events.filter(registry.VersionPublished)] == [uri(9)]
    assert registry.tokenURI(1) == ""


def test_list_assigns_sequential_ids_to_each_lister(registry, owner, other_owner):
    ids = []
    for sender in (owner, other_owner, owner):
        receipt = registry.list(listing(), sender=sender)
        ids.append(receipt.events.filter(registry.AssetListed)[0].assetId)

    assert ids == [1, 2, 3]
    assert registry.assetCount() == 3
    assert [registry.ownerOf(i) for i in ids] == [owner.address, other_owner.address, owner.address]


def test_list_reverts_when_content_hash_zero(registry, owner, reverts_exactly):
    with reverts_exactly(registry.ZeroContentHash):
        registry.list(listing(contentHash=ZERO_HASH), sender=owner)


def test_list_reverts_when_metadata_uri_empty(registry, owner, reverts_exactly):
    with reverts_exactly(registry.EmptyMetadataURI):
        registry.list(listing(metadataURI=""), sender=owner)


def test_list_reverts_when_too_many_parents(registry, owner, nine_assets, reverts_exactly):
    parents = [(parent, 0) for parent in nine_assets]
    with reverts_exactly(registry.TooManyParents, count=9, maximum=MAX_PARENTS):
        registry.list(listing(parents=parents), sender=owner)


def test_list_accepts_max_parents(registry, owner, nine_assets):
    parents = [(parent, 10) for parent in nine_assets[:MAX_PARENTS]]
    receipt = registry.list(listing(parents=parents), sender=owner)

    linked = receipt.events.filter(registry.ParentLinked)
    assert [(e.assetId, e.parentId, e.royaltyBps) for e in linked] == [(10, p, 10) for p in nine_assets[:8]]
    assert registry.getAsset(10).totalRoyaltyBps == 80


@pytest.mark.parametrize("unknown", [0, 3, 2**256 - 1])
def test_list_reverts_when_parent_unknown(registry, owner, asset_id, unknown, reverts_exactly):
    # asset 1 exists and 2 is the id being listed: 0, 3 and the largest id are not assets.
    with reverts_exactly(registry.UnknownParent, parentId=unknown):
        registry.list(listing(parents=[(asset_id, 100), (unknown, 100)]), sender=owner)


def test_list_reverts_when_parent_is_the_new_asset(registry, owner, asset_id, reverts_exactly):
    next_id = registry.assetCount() + 1
    with reverts_exactly(registry.SelfParent, assetId=next_id):
        registry.list(listing(parents=[(asset_id, 100), (next_id, 100)]), sender=owner)


def test_list_reverts_when_parent_duplicated(registry, owner, list_asset, reverts_exactly):
    first, second = list_asset(), list_asset()
    with reverts_exactly(registry.DuplicateParent, parentId=first):
        registry.list(listing(parents=[(first, 100), (second, 100), (first, 0)]), sender=owner)


def test_list_reverts_when_royalty_above_cap(registry, owner, list_asset, reverts_exactly):
    first, second = list_asset(), list_asset()
    with reverts_exactly(registry.RoyaltyAboveCap, totalRoyaltyBps=3_001, maximum=MAX_TOTAL_ROYALTY_BPS):
        registry.list(listing(parents=[(first, 1_500), (second, 1_501)]), sender=owner)


def test_list_reverts_when_royalty_sum_exceeds_uint16(registry, owner, nine_assets, reverts_exactly):
    # The stored total is a uint16: the sum must be checked before any truncation.
    parents = [(parent, 65_535) for parent in nine_assets[:MAX_PARENTS]]
    with reverts_exactly(registry.RoyaltyAboveCap, totalRoyaltyBps=8 * 65_535, maximum=MAX_TOTAL_ROYALTY_BPS):
        registry.list(listing(parents=parents), sender=owner)


def test_list_accepts_royalty_at_cap(registry, owner, list_asset):
    first, second = list_asset(), list_asset()
    receipt = registry.list(listing(parents=[(first, 1_000), (second, 2_000)]), sender=owner)

    new_id = receipt.events.filter(registry.AssetListed)[0].assetId
    assert registry.getAsset(new_id).totalRoyaltyBps == MAX_TOTAL_ROYALTY_BPS


def test_list_records_lineage_of_fine_tune(registry, owner, other_owner, consumer, list_asset):
    base_model = list_asset(sender=owner, kind=Kind.MODEL)
    dataset = list_asset(sender=other_owner, kind=Kind.DATASET, contentHash=content(2), metadataURI=uri(2))

    receipt = registry.list(
        listing(contentHash=content(3), metadataURI=uri(3), parents=[(base_model, 500), (dataset, 250)]),
        sender=consumer,
    )

    fine_tune = receipt.events.filter(registry.AssetListed)[0].assetId
    assert fine_tune == 3
    assert receipt.events.filter(registry.ParentLinked) == [
        registry.ParentLinked(assetId=fine_tune, parentId=base_model, royaltyBps=500),
        registry.ParentLinked(assetId=fine_tune, parentId=dataset, royaltyBps=250),
    ]
    assert [(p.assetId, p.royaltyBps) for p in registry.getParents(fine_tune)] == [(base_model, 500), (dataset, 250)]
    assert registry.getAsset(fine_tune).totalRoyaltyBps == 750
    assert registry.ownerOf(fine_tune) == consumer.address


def test_list_accepts_retired_parent(registry, owner, retired_asset_id):
    # Lineage records history: a retired base model can still be named as a parent.
    receipt = registry.list(listing(parents=[(retired_asset_id, 100)]), sender=owner)

    assert receipt.events.filter(registry.ParentLinked) == [
        registry.ParentLinked(assetId=2, parentId=retired_asset_id, royaltyBps=100)
    ]


def expected_list_error(registry, parents: list[tuple[int, int]], existing: int) -> tuple | None:
    """The error `list` should raise for `parents` when ids 1..`existing` exist, or None."""
    if len(parents) > MAX_PARENTS:
        return registry.TooManyParents, {"count": len(parents), "maximum": MAX_PARENTS}
    ids = [parent for parent, _ in parents]
    for i, parent in enumerate(ids):
        if parent == existing + 1:
            return registry.SelfParent, {"assetId": parent}
        if not 1 <= parent <= existing:
            return registry.UnknownParent, {"parentId": parent}
        if parent in ids[:i]:
            return registry.DuplicateParent, {"parentId": parent}
    total = sum(bps for _, bps in parents)
    if total > MAX_TOTAL_ROYALTY_BPS:
        return registry.RoyaltyAboveCap, {"totalRoyaltyBps": total, "maximum": MAX_TOTAL_ROYALTY_BPS}
    return None


ROYALTY = st.integers(min_value=0, max_value=1_600)
#: Distinct existing parents (ids 1..3): valid unless the royalties pass the cap.
WELL_FORMED = st.lists(st.tuples(st.integers(1, 3), ROYALTY), max_size=3, unique_by=lambda parent: parent[0])
#: Anything: unknown ids (0, 5), the new asset's own id (4), duplicates, too many parents.
ANY_LINEAGE = st.lists(st.tuples(st.integers(0, 5), ROYALTY), max_size=MAX_PARENTS + 1)


@pytest.mark.usefixtures("three_assets")
@settings(max_examples=20, deadline=None)
@given(parents=st.one_of(WELL_FORMED, ANY_LINEAGE))
def test_list_accepts_exactly_the_valid_lineages(registry, owner, chain, reverts_exactly, parents):
    expected = expected_list_error(registry, parents, existing=3)

    if expected:
        error, inputs = expected
        with reverts_exactly(error, **inputs):
            registry.list(listing(parents=parents), sender=owner)
        return
    with chain.isolate():
        registry.list(listing(parents=parents), sender=owner)

        assert [(p.assetId, p.royaltyBps) for p in registry.getParents(4)] == parents
        assert registry.getAsset(4).totalRoyaltyBps == sum(bps for _, bps in parents)
