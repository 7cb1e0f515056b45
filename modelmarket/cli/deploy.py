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
@click.option(
    "--governance/--no-governance",
    default=True,
    help="hand every contract to a Governor-controlled timelock (default), or keep the deployer as admin",
)
@click.option("--guardian", default=None, help="account (a Safe included) that may suspend or deny assets")
def deploy(account, token, treasury, arbiter, governance=True, guardian=None) -> None:
    """Deploy the marketplace and write deployments/<chain_id>.json."""
    from modelmarket.deploy import deploy_marketplace

    sender = unlock(account)
    market = deploy_marketplace(
        sender,
        token=parse_address(token) if token else None,
        treasury=parse_address(treasury) if treasury else None,
        arbiter=parse_address(arbiter) if arbiter else None,
    )
    if governance:
        if market.deployment.token_is_external:
            raise click.ClickException("governance needs MarketToken's votes; deploy with --no-governance")
        from modelmarket.governance import deploy_governance

        deploy_governance(market, sender, guardian=parse_address(guardian) if guardian else None)
    table = Table(title=f"modelmarket on chain {market.deployment.chain_id}")
    table.add_column("contract")
    table.add_column("address")
    for name, address in market.deployment.contracts.items():
        table.add_row(name, address)
    console.print(table)
    console.print(f"record: {market.deployment.path()}")
    from modelmarket.verification import SourcesUnavailable, write_verification_inputs

    try:
        folder = write_verification_inputs(market.deployment)
    except SourcesUnavailable as missing:
        console.print(f"verification inputs not written: {missing}")
    else:
        console.print(f"verification inputs (standard JSON): {folder}")
