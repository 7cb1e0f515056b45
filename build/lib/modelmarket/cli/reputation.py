"""`modelmarket reputation rate | show`: payment-backed ratings."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import (
    console,
    ensure_allowance,
    format_amount,
    marketplace,
    parse_address,
    parse_amount,
    require_asset,
    unlock,
)


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
@click.option(
    "--weight",
    default=None,
    help="weight to claim, in tokens (default: all the rater's spend allows, up to the cap); "
    "the submitter pays 10 % of weight not paid for before",
)
def rate(account, asset_id, score, comment_uri, consumer, weight) -> None:
    """Rate an asset you paid for (0–100); re-rating replaces your rating."""
    from modelmarket.keccak import keccak

    market = marketplace()
    require_asset(market, asset_id)
    reputation = market.require("Reputation")
    signer = unlock(account)
    rater = parse_address(consumer) if consumer else signer.address
    if weight:
        claimed = parse_amount(weight)
    else:
        claimed = reputation.maxWeightOf(rater, asset_id)
        if consumer:  # a session key weighs at most what it paid the asset itself
            claimed = min(claimed, market.require("UsagePayments").keySpentOn(rater, signer.address, asset_id))
    fee = reputation.feeFor(rater, asset_id, claimed)
    if fee:
        ensure_allowance(market.token, signer, reputation.address, fee)
    comment_hash = keccak(comment_uri.encode()) if comment_uri else b"\0" * 32
    if consumer:
        receipt = reputation.rateFor(rater, asset_id, score, claimed, comment_hash, comment_uri, sender=signer)
    else:
        receipt = reputation.rate(asset_id, score, claimed, comment_hash, comment_uri, sender=signer)
    event = receipt.events.filter(reputation.Rated)[0]
    console.print(
        f"rated #{asset_id} {score}/100 with weight {format_amount(event.weight)} (fee {format_amount(event.fee)})"
    )


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
