"""The registry as a list of assets, rebuilt from events (no on-chain loops)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelmarket.deploy import Marketplace

KINDS = ("model", "dataset")
STATUSES = ("active", "paused", "retired")


@dataclass
class AssetView:
    """What the events say about one asset."""

    asset_id: int
    kind: str
    owner: str
    content_hash: bytes
    metadata_uri: str
    license_id: bytes
    compliance_flags: int
    price_per_call: int
    status: str = "active"
    versions: int = 1


def _logs(event, start: int, stop: int):
    # A range over blocks; Ape pages the eth_getLogs calls.
    return event.range(start, stop)


def catalog(market: Marketplace) -> list[AssetView]:
    """Every listed asset with its current owner, price, status and version count."""
    from ape import chain

    registry = market.registry
    start = market.deployment.block_number
    stop = chain.blocks.head.number + 1
    assets: dict[int, AssetView] = {}
    for log in _logs(registry.AssetListed, start, stop):
        assets[log.assetId] = AssetView(
            asset_id=log.assetId,
            kind=KINDS[log.kind],
            owner=log.owner,
            content_hash=bytes(log.contentHash),
            metadata_uri=log.metadataURI,
            license_id=bytes(log.licenseId),
            compliance_flags=log.complianceFlags,
            price_per_call=log.pricePerCall,
        )
    for log in _logs(registry.VersionPublished, start, stop):
        if log.assetId in assets:
            view = assets[log.assetId]
            view.versions = max(view.versions, log.version)
            view.content_hash = bytes(log.contentHash)
            view.metadata_uri = log.metadataURI
    for log in _logs(registry.PriceUpdated, start, stop):
        if log.assetId in assets:
            assets[log.assetId].price_per_call = log.newPrice
    for log in _logs(registry.StatusUpdated, start, stop):
        if log.assetId in assets:
            assets[log.assetId].status = STATUSES[log.newStatus]
    zero = "0x" + "00" * 20
    for log in _logs(registry.Transfer, start, stop):
        token_id = log.tokenId
        if token_id in assets and log.to != zero:
            assets[token_id].owner = log.to
    return [assets[key] for key in sorted(assets)]


def matches(
    view: AssetView,
    *,
    kind: str | None = None,
    license_id: bytes | None = None,
    required_flags: int = 0,
    status: str | None = None,
) -> bool:
    """Whether `view` passes every given filter (flags: all required bits set)."""
    return (
        (kind is None or view.kind == kind)
        and (license_id is None or view.license_id == license_id)
        and (view.compliance_flags & required_flags) == required_flags
        and (status is None or view.status == status)
    )
