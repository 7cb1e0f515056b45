from __future__ import annotations

import pytest

from tests.conftest import CONTENT
from tests.unit.model_registry.helpers import MISSING_ID, content, uri


def test_get_version_returns_each_version(registry, owner, asset_id):
    registry.publishVersion(asset_id, content(2), uri(2), sender=owner)

    first, second = registry.getVersion(asset_id, 1), registry.getVersion(asset_id, 2)

    assert (first.contentHash, second.contentHash) == (CONTENT, content(2))


@pytest.mark.parametrize("version", [0, 2, 2**32 - 1])
def test_get_version_reverts_when_out_of_range(registry, asset_id, version, reverts_exactly):
    with reverts_exactly(registry.VersionNotFound, assetId=asset_id, version=version, versionCount=1):
        registry.getVersion(asset_id, version)


def test_get_version_reverts_when_asset_unknown(registry, reverts_exactly):
    with reverts_exactly(registry.UnknownAsset, assetId=MISSING_ID):
        registry.getVersion(MISSING_ID, 1)
