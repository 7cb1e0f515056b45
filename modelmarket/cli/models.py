"""`modelmarket models ...`: list and manage models and datasets in the registry."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.catalog import KINDS, STATUSES, catalog, license_of, matches, versions_of
from modelmarket.cli.common import (
    ZERO_ADDRESS,
    bytes32_label,
    console,
    format_amount,
    format_time,
    label_bytes32,
    marketplace,
    parse_address,
    parse_amount,
    parse_bytes32,
    require_asset,
    unlock,
)
from modelmarket.compliance import describe_flags, parse_flags


def _parent(text: str) -> tuple[int, int]:
    try:
        asset, bps = text.split(":")
        return int(asset), int(bps)
    except ValueError:
        raise click.BadParameter(f"{text!r}: a parent is ASSET_ID:ROYALTY_BPS, e.g. 1:500") from None


def _flags(text: str) -> int:
    try:
        return parse_flags(text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group()
def models() -> None:
    """List and manage models and datasets."""


@models.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--kind", type=click.Choice(KINDS), default="model", show_default=True)
@click.option("--content-hash", required=True, help="0x-prefixed 32-byte hash of the weights or data")
@click.option("--uri", "metadata_uri", required=True, help="model/data card URI")
@click.option("--license", "license_id", default="", help="licence id, e.g. MIT or Apache-2.0")
@click.option("--flags", default="", help="compliance flags: names (commercial,pii-free) or a number")
@click.option("--price", default="0", help="price per call in tokens (for on-chain payPerCall)")
@click.option("--operator", default=None, help="receipt-signing key (default: the owner)")
@click.option("--parent", "parents", multiple=True, help="lineage parent ASSET_ID:ROYALTY_BPS (repeat)")
def register(account, kind, content_hash, metadata_uri, license_id, flags, price, operator, parents) -> None:
    """List a model or dataset; prints the new asset id."""
    market = marketplace()
    params = {
        "kind": KINDS.index(kind),
        "contentHash": parse_bytes32(content_hash),
        "metadataURI": metadata_uri,
        "licenseId": label_bytes32(license_id),
        "complianceFlags": _flags(flags),
        "pricePerCall": parse_amount(price),
        "operator": parse_address(operator) if operator else ZERO_ADDRESS,
        "parents": [_parent(text) for text in parents],
    }
    receipt = market.registry.list(params, sender=unlock(account))
    asset_id = receipt.events.filter(market.registry.AssetListed)[0].assetId
    console.print(f"listed {kind} [bold]#{asset_id}[/bold] (tx {receipt.txn_hash})")


@models.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.option("--content-hash", required=True)
@click.option("--uri", "metadata_uri", required=True)
def version(account, asset_id, content_hash, metadata_uri) -> None:
    """Publish a new version of an asset."""
    market = marketplace()
    require_asset(market, asset_id)
    receipt = market.registry.publishVersion(asset_id, parse_bytes32(content_hash), metadata_uri, sender=unlock(account))
    number = receipt.events.filter(market.registry.VersionPublished)[0].version
    console.print(f"asset #{asset_id}: published version {number}")


@models.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("price")
def price(account, asset_id, price) -> None:
    """Set the price per call (tokens)."""
    market = marketplace()
    require_asset(market, asset_id)
    market.registry.setPrice(asset_id, parse_amount(price), sender=unlock(account))
    console.print(f"asset #{asset_id}: price per call {price}")


@models.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("status", type=click.Choice(STATUSES))
def status(account, asset_id, status) -> None:
    """Set the status: active, paused or retired (final)."""
    market = marketplace()
    require_asset(market, asset_id)
    market.registry.setStatus(asset_id, STATUSES.index(status), sender=unlock(account))
    console.print(f"asset #{asset_id}: {status}")


@models.command(cls=ConnectedProviderCommand)
@network_option()
@click.argument("asset_id", type=int)
def show(asset_id) -> None:
    """Show one asset: state, versions and lineage."""
    market = marketplace()
    require_asset(market, asset_id)
    registry = market.registry
    asset = registry.getAsset(asset_id)
    table = Table(title=f"asset #{asset_id}", show_header=False)
    table.add_row("kind", KINDS[asset.kind])
    table.add_row("owner", registry.ownerOf(asset_id))
    table.add_row("status", STATUSES[asset.status])
    table.add_row("licence", bytes32_label(license_of(market, asset_id)))
    table.add_row("compliance", describe_flags(asset.complianceFlags))
    table.add_row("price per call", format_amount(asset.pricePerCall))
    table.add_row("receipt signer", registry.signerOf(asset_id))
    table.add_row("royalties (bps)", str(asset.totalRoyaltyBps))
    console.print(table)
    versions = Table(title="versions")
    for column in ("#", "content hash", "published", "card URI"):
        versions.add_column(column)
    # Content hashes from storage; card URIs and publication times from the VersionPublished events.
    published = {view.version: view for view in versions_of(market, asset_id)}
    for number, item in enumerate(registry.getVersions(asset_id, 1, 0), start=1):
        event = published.get(number)
        versions.add_row(
            str(number),
            "0x" + bytes(item.contentHash).hex(),
            format_time(event.published_at) if event else "?",
            event.metadata_uri if event else "?",
        )
    console.print(versions)
    parents = registry.getParents(asset_id)
    if parents:
        lineage = Table(title="lineage")
        lineage.add_column("parent")
        lineage.add_column("royalty (bps)")
        for parent in parents:
            lineage.add_row(f"#{parent.assetId}", str(parent.royaltyBps))
        console.print(lineage)


def registry_table(views, title: str = "registry") -> Table:
    """A rich table of catalog entries."""
    table = Table(title=title)
    for column in ("id", "kind", "owner", "status", "licence", "compliance", "price/call", "versions", "content hash"):
        table.add_column(column)
    table.add_column("card URI", overflow="fold")
    for view in views:
        table.add_row(
            str(view.asset_id),
            view.kind,
            view.owner[:10] + "…",
            view.status,
            bytes32_label(view.license_id),
            describe_flags(view.compliance_flags),
            format_amount(view.price_per_call),
            str(view.versions),
            "0x" + view.content_hash.hex()[:12] + "…",
            view.metadata_uri,
        )
    return table


@models.command("list", cls=ConnectedProviderCommand)
@network_option()
@click.option("--kind", type=click.Choice(KINDS), default=None)
@click.option("--license", "license_id", default=None, help="only this licence id")
@click.option("--flags", default="", help="only assets with all these compliance flags")
@click.option("--status", type=click.Choice(STATUSES), default=None)
def list_assets(kind, license_id, flags, status) -> None:
    """List assets from registry events, with filters."""
    market = marketplace()
    wanted = _flags(flags)
    license_filter = label_bytes32(license_id) if license_id is not None else None
    views = [
        view
        for view in catalog(market)
        if matches(view, kind=kind, license_id=license_filter, required_flags=wanted, status=status)
    ]
    console.print(registry_table(views))
