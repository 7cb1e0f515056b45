"""The registry as a list of assets, rebuilt from events (no on-chain loops).

The registry stores what contracts read (price, flags, status, version count, each version's
content hash, lineage); the card URI of each version (`VersionPublished`) and the licence id
(`AssetListed`) are recorded in events only, so every reader of them goes through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelmarket.deploy import Marketplace

KINDS = ("model", "dataset")
STATUSES = ("active", "paused", "retired", "suspended", "denied")
#: The statuses an asset's owner sets; `suspended` and `denied` are takedowns (guardian or governance).
OWNER_STATUSES = STATUSES[:3]
#: Index of the first takedown status in `STATUSES`.
TAKEDOWN = 3


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


@dataclass
class VersionView:
    """One published version as its `VersionPublished` event records it."""

    version: int
    content_hash: bytes
    metadata_uri: str
    published_at: int
    block_number: int


def _logs(event, start: int, stop: int, **topics: int):
    # A range over blocks; Ape pages the eth_getLogs calls. `topics` filter indexed inputs.
    return event.range(start, stop, search_topics=topics or None)


def _block_range(market: Marketplace) -> tuple[int, int]:
    from ape import chain

    return market.deployment.block_number, chain.blocks.head.number + 1


def versions_of(market: Marketplace, asset_id: int) -> list[VersionView]:
    """Every version of `asset_id`, oldest first, with the card URI its event carries."""
    start, stop = _block_range(market)
    views = {
        log.version: VersionView(
            version=log.version,
            content_hash=bytes(log.contentHash),
            metadata_uri=log.metadataURI,
            published_at=log.timestamp,
            block_number=log.block_number,
        )
        for log in _logs(market.registry.VersionPublished, start, stop, assetId=asset_id)
    }
    return [views[number] for number in sorted(views)]


def license_of(market: Marketplace, asset_id: int) -> bytes:
    """The licence id `asset_id` was listed with (from `AssetListed`; zero bytes if not found)."""
    start, stop = _block_range(market)
    for log in _logs(market.registry.AssetListed, start, stop, assetId=asset_id):
        return bytes(log.licenseId)
    return b"\0" * 32


def catalog(market: Marketplace) -> list[AssetView]:
    """Every listed asset with its current owner, price, status, version count and latest card URI."""
    registry = market.registry
    start, stop = _block_range(market)
    assets: dict[int, AssetView] = {}
    for log in _logs(registry.AssetListed, start, stop):
        assets[log.assetId] = AssetView(
            asset_id=log.assetId,
            kind=KINDS[log.kind],
            owner=log.owner,
            content_hash=b"",  # version 1 follows in VersionPublished
            metadata_uri="",
            license_id=bytes(log.licenseId),
            compliance_flags=log.complianceFlags,
            price_per_call=log.pricePerCall,
        )
    for log in _logs(registry.VersionPublished, start, stop):
        if log.assetId in assets:
            view = assets[log.assetId]
            if log.version >= view.versions:  # logs come in order; the latest version wins
                view.versions = log.version
                view.content_hash = bytes(log.contentHash)
                view.metadata_uri = log.metadataURI
    for log in _logs(registry.PriceUpdated, start, stop):
        if log.assetId in assets:
            assets[log.assetId].price_per_call = log.newPrice
    prior: dict[int, str] = {}
    for log in _logs(registry.StatusUpdated, start, stop):
        if log.assetId in assets:
            view = assets[log.assetId]
            # a takedown remembers the status it replaced (a hardened takedown keeps the first one)
            if log.newStatus >= TAKEDOWN and log.oldStatus < TAKEDOWN:
                prior[log.assetId] = STATUSES[log.oldStatus]
            view.status = STATUSES[log.newStatus]
    _apply_lapsed_takedowns(market, assets, prior, start, stop)
    zero = "0x" + "00" * 20
    for log in _logs(registry.Transfer, start, stop):
        token_id = log.tokenId
        if token_id in assets and log.to != zero:
            assets[token_id].owner = log.to
    return [assets[key] for key in sorted(assets)]


def _apply_lapsed_takedowns(
    market: Marketplace, assets: dict[int, AssetView], prior: dict[int, str], start: int, stop: int
) -> None:
    """A guardian's takedown that governance did not ratify in time reads as the status before it,
    as the registry's `listedStatus` / `ownerAndStatus` do: no event marks the lapse itself."""
    from ape import chain

    registry = market.registry
    events = [(log.block_number, log.log_index, log) for log in _logs(registry.TakedownIssued, start, stop)]
    events += [(log.block_number, log.log_index, log) for log in _logs(registry.TakedownRatified, start, stop)]
    lapses_at: dict[int, int] = {}
    for _, _, log in sorted(events, key=lambda item: (item[0], item[1])):
        lapses_at[log.assetId] = int(getattr(log, "lapsesAt", 0))  # ratified: no lapse
    now = chain.blocks.head.timestamp
    for asset_id, lapse in lapses_at.items():
        view = assets.get(asset_id)
        if view and lapse and now >= lapse and STATUSES.index(view.status) >= TAKEDOWN and asset_id in prior:
            view.status = prior[asset_id]


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
