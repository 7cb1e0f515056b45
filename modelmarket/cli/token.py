"""`modelmarket token balance | transfer`: the deployment's payment and staking token."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option

from modelmarket.cli.common import console, format_amount, marketplace, parse_address, parse_amount, unlock


@click.group()
def token() -> None:
    """The marketplace token: balances and transfers."""


@token.command(cls=ConnectedProviderCommand)
@network_option()
@click.argument("who")
def balance(who) -> None:
    """Token balance of WHO (an address or an account alias such as TEST::1)."""
    market = marketplace()
    address = parse_address(who)
    symbol = market.token.symbol()
    console.print(f"{address}: {format_amount(int(market.token.balanceOf(address)))} {symbol}")


@token.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("to")
@click.argument("amount")
def transfer(account, to, amount) -> None:
    """Send AMOUNT tokens to TO (an address or an account alias)."""
    market = marketplace()
    recipient = parse_address(to)
    tokens = parse_amount(amount)
    held = int(market.token.balanceOf(account.address))
    if held < tokens:
        raise click.ClickException(
            f"cannot send {format_amount(tokens)}: {account.address} holds {format_amount(held)}"
        )
    market.token.transfer(recipient, tokens, sender=unlock(account))
    console.print(f"sent {format_amount(tokens)} {market.token.symbol()} to {recipient}")
