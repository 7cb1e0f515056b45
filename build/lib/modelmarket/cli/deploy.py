"""`modelmarket deploy`: deploy and wire every contract, and record the addresses."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, parse_address, unlock


@click.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--token", default=None, help="use this existing ERC-20 instead of a fresh MarketToken")
@click.option("--treasury", default=None, help="protocol fee recipient (default: the deployer)")
@click.option("--arbiter", default=None, help="dispute arbiter (default: the deployer)")
def deploy(account, token, treasury, arbiter) -> None:
    """Deploy the marketplace and write deployments/<chain_id>.json."""
    from modelmarket.deploy import deploy_marketplace

    market = deploy_marketplace(
        unlock(account),
        token=parse_address(token) if token else None,
        treasury=parse_address(treasury) if treasury else None,
        arbiter=parse_address(arbiter) if arbiter else None,
    )
    table = Table(title=f"modelmarket on chain {market.deployment.chain_id}")
    table.add_column("contract")
    table.add_column("address")
    for name, address in market.deployment.contracts.items():
        table.add_row(name, address)
    console.print(table)
    console.print(f"record: {market.deployment.path()}")
