"""`modelmarket payouts show | claim` and `modelmarket claim`: everything you are owed, in one place."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, format_amount, marketplace, parse_address, unlock


def _table(title: str, payouts) -> Table:
    table = Table(title=title)
    table.add_column("source")
    table.add_column("amount", justify="right")
    for payout in payouts:
        table.add_row(payout.label, format_amount(payout.amount))
    table.add_row("[bold]total[/bold]", format_amount(sum(p.amount for p in payouts)))
    return table


@click.group()
def payouts() -> None:
    """Royalties, owner and delegator rewards, dispute payouts and protocol fees owed to an account."""


@payouts.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("account_address")
def show(account_address) -> None:
    """What ACCOUNT_ADDRESS can claim now (revenue not yet settled is settled by `claim`)."""
    from modelmarket.payouts import owed

    address = parse_address(account_address)
    items = owed(marketplace(), address)
    if not items:
        console.print(f"nothing owed to {address} yet")
        return
    console.print(_table(f"owed to {address}", items))


def _claim(account) -> None:
    from modelmarket.payouts import claim_all

    claimed = [p for p in claim_all(marketplace(), unlock(account)) if p.amount]
    if not claimed:
        raise click.ClickException(f"nothing to claim for {account.address}")
    console.print(_table(f"claimed by {account.address}", claimed))


@payouts.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def claim_command(account) -> None:
    """Settle pending revenue and claim everything owed to you."""
    _claim(account)


@click.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def claim(account) -> None:
    """Claim everything owed to you (same as `payouts claim`)."""
    _claim(account)
