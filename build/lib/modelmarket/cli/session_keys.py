"""`modelmarket session-keys add | revoke | list`: capped, expiring, optionally asset-scoped agent keys."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, format_amount, marketplace, parse_address, parse_amount, require_asset, unlock


@click.group("session-keys")
def session_keys() -> None:
    """Keys that let an AI agent sign vouchers paid from your lanes (cap, expiry, asset scope)."""


@session_keys.command("add", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("key")
@click.option("--cap", required=True, help="most the key may spend, all assets together (tokens)")
@click.option("--ttl", type=click.IntRange(1), default=86400, show_default=True, help="seconds until the key expires")
@click.option("--asset", "asset_ids", type=int, multiple=True, help="scope: the key may pay only these assets (repeat)")
def add_key(account, key, cap, ttl, asset_ids) -> None:
    """Authorise KEY (an address) to sign vouchers for your lanes."""
    from ape import chain

    market = marketplace()
    payments = market.require("UsagePayments")
    address = parse_address(key)
    if address == account.address:
        raise click.ClickException("a session key cannot be your own account")
    for asset_id in asset_ids:
        require_asset(market, asset_id)
    expiry = chain.pending_timestamp + ttl
    payments.authorizeSessionKey(address, parse_amount(cap), expiry, list(asset_ids), sender=unlock(account))
    scope = ", ".join(f"#{a}" for a in asset_ids) if asset_ids else "any asset"
    console.print(f"session key {address} may spend {cap} on {scope} until {expiry}")


@session_keys.command("revoke", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("key")
def revoke_key(account, key) -> None:
    """Revoke KEY: it stops signing after the withdrawal delay (its vouchers stay redeemable until then)."""
    payments = marketplace().require("UsagePayments")
    address = parse_address(key)
    if int(payments.sessionKeyOf(account.address, address).spendCap) == 0:
        raise click.ClickException(f"{address} is not a session key of {account.address}")
    receipt = payments.revokeSessionKey(address, sender=unlock(account))
    effective = receipt.events.filter(payments.SessionKeyRevocationScheduled)[0].effectiveAt
    console.print(f"session key {address} revoked: it stops signing after {effective}")


@session_keys.command("list", cls=ConnectedProviderCommand)
@network_option()
@click.argument("consumer")
def list_keys(consumer) -> None:
    """A consumer's session keys (from events) with their live state."""
    from ape import chain

    market = marketplace()
    payments = market.require("UsagePayments")
    address = parse_address(consumer)
    start, stop = market.deployment.block_number, chain.blocks.head.number + 1
    keys = {log.key for log in payments.SessionKeyAuthorized.range(start, stop, search_topics={"consumer": address})}
    table = Table(title=f"session keys of {address}")
    for column in ("key", "cap", "pending cap", "spent", "expiry", "scoped", "active"):
        table.add_column(column)
    for key in sorted(keys):
        state = payments.sessionKeyOf(address, key)
        pending = f"{format_amount(state.pendingCap)} from {state.pendingCapAt}" if state.pendingCapAt else "-"
        table.add_row(
            key, format_amount(state.spendCap), pending, format_amount(state.spent), str(state.expiry),
            "yes" if state.scopedAt else "no", str(payments.isSessionKeyActive(address, key)),
        )
    console.print(table)
