from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import listing
from tests.unit.model_registry.helpers import MISSING_ID, content, uri

VERSIONS = 5
UINT32_MAX = 2**32 - 1


def expected_range(count: int, from_version: int, limit: int) -> list[int]:
    """The 1-based version numbers `getVersions(from_version, limit)` should return."""
    start = max(from_version, 1)
    end = count if limit == 0 else min(count, start + limit - 1)
    return list(range(start, end + 1))


@pytest.fixture(scope="module")
def five_versions(registry, owner) -> int:
    """An asset with versions 1..5 (content(n), uri(n)).

    Module-scoped (ape reverts it after this module): the views below only read it.
    """
    receipt = registry.list(listing(contentHash=content(1), metadataURI=uri(1)), sender=owner)
    asset_id = receipt.events.filter(registry.AssetListed)[0].assetId
    for n in range(2, VERSIONS + 1):
        registry.publishVersion(asset_id, content(n), uri(n), sender=owner)
    return asset_id


@pytest.mark.parametrize(
    ("from_version", "limit", "expected"),
    [
        (0, 0, [1, 2, 3, 4, 5]),
        (1, 0, [1, 2, 3, 4, 5]),
        (3, 0, [3, 4, 5]),
        (0, 2, [1, 2]),
        (1, 2, [1, 2]),
        (2, 2, [2, 3]),
        (4, 10, [4, 5]),
        (5, 1, [5]),
        (1, UINT32_MAX, [1, 2, 3, 4, 5]),
        (6, 0, []),
        (6, 3, []),
        (UINT32_MAX, UINT32_MAX, []),
    ],
)
def test_get_versions_returns_page(registry, five_versions, from_version, limit, expected):
    page = registry.getVersions(five_versions, from_version, limit)

    assert [v.contentHash for v in page] == [content(n) for n in expected]


def test_get_versions_returns_single_version_of_new_asset(registry, asset_id):
    page = registry.getVersions(asset_id, 0, 0)

    assert page == [registry.getVersion(asset_id, 1)]


def test_get_versions_reverts_when_asset_unknown(registry, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=MISSING_ID):
        registry.getVersions(MISSING_ID, 0, 0)


@settings(max_examples=20, deadline=None)
@given(
    from_version=st.one_of(st.integers(0, VERSIONS + 2), st.just(UINT32_MAX)),
    limit=st.one_of(st.integers(0, VERSIONS + 2), st.just(UINT32_MAX)),
)
def test_get_versions_returns_exactly_the_range(registry, five_versions, from_version, limit):
    page = registry.getVersions(five_versions, from_version, limit)

    assert [v.contentHash for v in page] == [content(n) for n in expected_range(VERSIONS, from_version, limit)]


@pytest.fixture(scope="module")
def histories(registry, owner) -> dict[int, int]:
    """Assets with 1, 2, 3 and 4 versions, by version count (module-scoped, read only)."""
    by_count = {}
    for count in range(1, 5):
        receipt = registry.list(listing(contentHash=content(1), metadataURI=uri(1)), sender=owner)
        asset_id = receipt.events.filter(registry.AssetListed)[0].assetId
        for n in range(2, count + 1):
            registry.publishVersion(asset_id, content(n), uri(n), sender=owner)
        by_count[count] = asset_id
    return by_count


@settings(max_examples=20, deadline=None)
@given(count=st.integers(1, 4), from_version=st.integers(0, 5), limit=st.integers(0, 5))
def test_get_versions_pages_any_history(registry, histories, count, from_version, limit):
    page = registry.getVersions(histories[count], from_version, limit)

    expected = expected_range(count, from_version, limit)
    assert [v.contentHash for v in page] == [content(n) for n in expected]
