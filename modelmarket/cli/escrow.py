"""`modelmarket escrow ...`: the consumer's free balance and its lanes (one per asset it pays)."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import (
    console,
    ensure_allowance,
    format_amount,
    format_time,
    marketplace,
    parse_address,
    parse_amount,
    require_asset,
    unlock,
)


def _payments():
    return marketplace().require("UsagePayments")


def _require_free(payments, consumer: str, amount: int, action: str) -> None:
    free = int(payments.freeBalanceOf(consumer))
    if amount > free:
        raise click.ClickException(
            f"cannot {action} {format_amount(amount)}: the free balance of {consumer} is {format_amount(free)}"
        )


def _require_lane(payments, consumer: str, asset_id: int, amount: int) -> None:
    balance = int(payments.laneOf(consumer, asset_id)[0])
    if amount > balance:
        raise click.ClickException(
            f"cannot thaw {format_amount(amount)}: the lane of asset #{asset_id} holds {format_amount(balance)}"
        )


@click.group()
def escrow() -> None:
    """Your free balance and your lanes: funds that pay one asset each (vouchers, payPerCall)."""


@escrow.command("deposit", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("amount")
@click.option("--for", "beneficiary", default=None, help="deposit into another consumer's free balance")
@click.option("--asset", "asset_id", type=int, default=None, help="also allocate the deposit to this asset's lane")
def deposit(account, amount, beneficiary, asset_id) -> None:
    """Deposit AMOUNT tokens into the free balance (or straight into a lane with --asset)."""
    market = marketplace()
    payments = market.require("UsagePayments")
    tokens = parse_amount(amount)
    if tokens == 0:
        raise click.ClickException("the amount must be above zero")
    if beneficiary and asset_id is not None:
        raise click.ClickException("--for and --asset cannot be combined: only the consumer allocates its lanes")
    if asset_id is not None:
        require_asset(market, asset_id)
    ensure_allowance(market.token, unlock(account), payments.address, tokens)
    if beneficiary:
        payments.depositFor(parse_address(beneficiary), tokens, sender=account)
        console.print(f"deposited {amount} into the free balance of {beneficiary}")
    elif asset_id is not None:
        payments.depositAndAllocate([asset_id], [tokens], sender=account)
        console.print(f"deposited {amount} into the lane of asset #{asset_id}")
    else:
        payments.deposit(tokens, sender=account)
        console.print(f"deposited {amount} into your free balance")


@escrow.command("withdraw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("amount")
def withdraw(account, amount) -> None:
    """Withdraw AMOUNT tokens of your free balance to your wallet (at once: it pays nobody)."""
    payments = _payments()
    tokens = parse_amount(amount)
    _require_free(payments, account.address, tokens, "withdraw")
    payments.withdraw(tokens, sender=unlock(account))
    console.print(f"withdrew {amount} to {account.address}")


@escrow.command("allocate", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("amount")
def allocate(account, asset_id, amount) -> None:
    """Move AMOUNT tokens of your free balance into the lane that pays ASSET_ID."""
    market = marketplace()
    payments = market.require("UsagePayments")
    require_asset(market, asset_id)
    tokens = parse_amount(amount)
    _require_free(payments, account.address, tokens, "allocate")
    payments.allocate(asset_id, tokens, sender=unlock(account))
    console.print(f"allocated {amount} to the lane of asset #{asset_id}")


@escrow.command("thaw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("amount")
def thaw(account, asset_id, amount) -> None:
    """Ask to take AMOUNT tokens out of ASSET_ID's lane; they stay payable until the delay ends."""
    payments = _payments()
    tokens = parse_amount(amount)
    _require_lane(payments, account.address, asset_id, tokens)
    receipt = payments.requestThaw(asset_id, tokens, sender=unlock(account))
    ready = receipt.events.filter(payments.ThawRequested)[0].readyAt
    console.print(f"thawing {amount} of the lane of asset #{asset_id}; complete it from {format_time(ready)}")


@escrow.command("cancel-thaw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
def cancel_thaw(account, asset_id) -> None:
    """Cancel the pending thaw of ASSET_ID's lane."""
    payments = _payments()
    if not int(payments.laneOf(account.address, asset_id)[2]):
        raise click.ClickException(f"the lane of asset #{asset_id} has no pending thaw")
    payments.cancelThaw(asset_id, sender=unlock(account))
    console.print(f"thaw of the lane of asset #{asset_id} cancelled")


@escrow.command("complete-thaw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.option("--to-wallet", is_flag=True, help="send to your wallet instead of your free balance")
def complete_thaw(account, asset_id, to_wallet) -> None:
    """After the delay: move the thawed tokens of ASSET_ID's lane out."""
    from ape import chain

    payments = _payments()
    _, _, amount, ready_at = payments.laneOf(account.address, asset_id)
    if not int(amount):
        raise click.ClickException(f"the lane of asset #{asset_id} has no pending thaw")
    if chain.pending_timestamp < int(ready_at):
        raise click.ClickException(f"the thaw of asset #{asset_id} is ready at {format_time(ready_at)}, not before")
    receipt = payments.completeThaw(asset_id, to_wallet, sender=unlock(account))
    moved = receipt.events.filter(payments.ThawCompleted)[0].amount
    console.print(f"moved {format_amount(moved)} to your {'wallet' if to_wallet else 'free balance'}")


@escrow.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("consumer")
def show(consumer) -> None:
    """A consumer's free balance and every lane it funded (from Allocated events)."""
    from ape import chain

    market = marketplace()
    payments = market.require("UsagePayments")
    address = parse_address(consumer)
    start, stop = market.deployment.block_number, chain.blocks.head.number + 1
    assets = sorted({int(log.assetId) for log in payments.Allocated.range(
        start, stop, search_topics={"consumer": address})})
    console.print(f"free balance of {address}: {format_amount(int(payments.freeBalanceOf(address)))}")
    table = Table(title=f"lanes of {address}")
    for column in ("asset", "balance", "redeemed", "thawing", "thaw ready at", "coverage"):
        table.add_column(column)
    for asset_id in assets:
        balance, redeemed, thawing, ready = payments.laneOf(address, asset_id)
        table.add_row(
            f"#{asset_id}", format_amount(balance), format_amount(redeemed), format_amount(thawing),
            format_time(ready) if thawing else "-", format_amount(int(payments.coverageOf(address, asset_id))),
        )
    console.print(table)
