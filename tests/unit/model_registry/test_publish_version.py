from __future__ import annotations

from tests.conftest import CONTENT
from tests.unit.model_registry.helpers import MISSING_ID, ZERO_HASH, Status, content, uri


def test_publish_version_appends_version_and_emits_event(registry, owner, asset_id):
    assert registry.publishVersion.call(asset_id, content(2), uri(2), sender=owner) == 2

    receipt = registry.publishVersion(asset_id, content(2), uri(2), sender=owner)

    assert receipt.events.filter(registry.VersionPublished) == [
        registry.VersionPublished(assetId=asset_id, version=2, contentHash=content(2), metadataURI=uri(2))
    ]
    assert registry.getVersion(asset_id, 2).contentHash == content(2)
    assert registry.getAsset(asset_id).versionCount == 2


def test_publish_version_keeps_earlier_versions(registry, owner, asset_id):
    first = registry.getVersion(asset_id, 1)
    for n in (2, 3, 4):
        receipt = registry.publishVersion(asset_id, content(n), uri(n), sender=owner)
        assert receipt.events.filter(registry.VersionPublished)[0].version == n

    assert registry.getVersion(asset_id, 1) == first
    assert first.contentHash == CONTENT
    assert [registry.getVersion(asset_id, n).contentHash for n in (2, 3, 4)] == [content(2), content(3), content(4)]
    assert registry.getAsset(asset_id).versionCount == 4


def test_publish_version_allowed_while_paused(registry, owner, asset_id):
    registry.setStatus(asset_id, Status.PAUSED, sender=owner)

    receipt = registry.publishVersion(asset_id, content(2), uri(2), sender=owner)

    assert receipt.events.filter(registry.VersionPublished)[0].version == 2


def test_publish_version_reverts_when_content_hash_zero(registry, owner, asset_id, reverts_exactly):
    with reverts_exactly(registry.ZeroContentHash):
        registry.publishVersion(asset_id, ZERO_HASH, uri(2), sender=owner)


def test_publish_version_reverts_when_metadata_uri_empty(registry, owner, asset_id, reverts_exactly):
    with reverts_exactly(registry.EmptyMetadataURI):
        registry.publishVersion(asset_id, content(2), "", sender=owner)


def test_publish_version_reverts_when_not_owner(registry, owner, stranger, asset_id, reverts_exactly):
    with reverts_exactly(registry.NotAssetOwner, assetId=asset_id, caller=stranger, owner=owner):
        registry.publishVersion(asset_id, content(2), uri(2), sender=stranger)


def test_publish_version_reverts_when_retired(registry, owner, retired_asset_id, reverts_exactly):
    with reverts_exactly(registry.AssetRetired, assetId=retired_asset_id):
        registry.publishVersion(retired_asset_id, content(2), uri(2), sender=owner)


def test_publish_version_reverts_when_asset_unknown(registry, owner, reverts_exactly):
    with reverts_exactly(registry.ERC721NonexistentToken, tokenId=MISSING_ID):
        registry.publishVersion(MISSING_ID, content(2), uri(2), sender=owner)
