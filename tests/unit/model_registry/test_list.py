from __future__ import annotations

import ape

from tests.conftest import CONTENT, URI, listing


def test_list_mints_token_and_emits_event(registry, owner):
    receipt = registry.list(listing(), sender=owner)
    event = receipt.events.filter(registry.AssetListed)[0]
    assert event.assetId == 1
    assert event.owner == owner.address
    assert event.contentHash == CONTENT
    assert registry.ownerOf(1) == owner.address
    assert registry.tokenURI(1) == URI
    assert registry.assetCount() == 1


def test_list_reverts_when_content_hash_zero(registry, owner):
    with ape.reverts(registry.ZeroContentHash):
        registry.list(listing(contentHash=b"\0" * 32), sender=owner)
