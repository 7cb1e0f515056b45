"""`ape run deploy --network <ecosystem:network:provider> --account <alias>`

Deploys and wires the marketplace (a fresh MarketToken unless --token is given) and writes
deployments/<chain_id>.json. Keyfile accounts unlock non-interactively with
APE_ACCOUNTS_<alias>_PASSPHRASE.
"""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option

from modelmarket.cli.deploy import deploy as deploy_command


@click.command(cls=ConnectedProviderCommand, name="deploy")
@network_option()
@account_option()
@click.option("--token", default=None, help="use this existing ERC-20 instead of a fresh MarketToken")
@click.option("--treasury", default=None, help="protocol fee recipient (default: the deployer)")
@click.option("--arbiter", default=None, help="dispute arbiter (default: the deployer)")
@click.option("--governance/--no-governance", default=True, help="hand every contract to the timelock")
@click.option("--guardian", default=None, help="account that may suspend or deny assets")
@click.pass_context
def cli(ctx: click.Context, account, token, treasury, arbiter, governance, guardian) -> None:
    """Deploy the modelmarket contracts."""
    ctx.invoke(
        deploy_command.callback,
        account=account,
        token=token,
        treasury=treasury,
        arbiter=arbiter,
        governance=governance,
        guardian=guardian,
    )
