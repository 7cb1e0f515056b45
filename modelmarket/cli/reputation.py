"""`modelmarket reputation rate | show`: payment-backed ratings."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, format_amount, marketplace, parse_address, require_asset, unlock


@click.group()
def reputation() -> None:
    """Rate assets you paid for, and read payment-weighted reputation."""


@reputation.command("rate", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("score", type=click.IntRange(0, 100))
@click.option("--comment-uri", default="", help="URI of a review text")
@click.option("--for", "consumer", default=None, help="rate on behalf of this consumer (as its session key)")
def rate(account, asset_id, score, comment_uri, consumer) -> None:
    """Rate an asset you paid for (0–100); re-rating replaces your rating."""
    from modelmarket.keccak import keccak

    market = marketplace()
    require_asset(market, asset_id)
    reputation = market.require("Reputation")
    comment_hash = keccak(comment_uri.encode()) if comment_uri else b"\0" * 32
    if consumer:
        receipt = reputation.rateFor(
            parse_address(consumer), asset_id, score, comment_hash, comment_uri, sender=unlock(account)
        )
    else:
        receipt = reputation.rate(asset_id, score, comment_hash, comment_uri, sender=unlock(account))
    weight = receipt.events.filter(reputation.Rated)[0].weight
    console.print(f"rated #{asset_id} {score}/100 with weight {format_amount(weight)}")


@reputation.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("asset_id", type=int)
@click.option("--rater", default=None, help="also show this consumer's rating")
def show(asset_id, rater) -> None:
    """An asset's rating summary (O(1) from running sums)."""
    market = marketplace()
    require_asset(market, asset_id)
    contract = market.require("Reputation")
    count, mean, weight = contract.summary(asset_id)
    scale = contract.MEAN_SCALE()
    table = Table(title=f"reputation of #{asset_id}", show_header=False)
    table.add_row("ratings", str(count))
    table.add_row("weighted mean", f"{mean / scale:.2f} / 100")
    table.add_row("total weight", format_amount(weight))
    if rater:
        rating = contract.ratingOf(parse_address(rater), asset_id)
        table.add_row("rater score", str(rating.score))
        table.add_row("rater weight", format_amount(rating.weight))
    console.print(table)
