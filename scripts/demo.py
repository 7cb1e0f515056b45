"""`ape run demo`: deploy on the embedded anvil and run a full marketplace scenario."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, network_option


@click.command(cls=ConnectedProviderCommand, name="demo")
@network_option()
def cli() -> None:
    """Run the modelmarket demo scenario and print every step."""
    from modelmarket.cli.errors import describe
    from modelmarket_demo.scenario import run_demo

    try:
        run_demo()
    except Exception as error:  # noqa: BLE001 - one clear line, never a traceback
        raise click.ClickException(describe(error)) from None
