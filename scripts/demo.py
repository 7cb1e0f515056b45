"""`ape run demo`: deploy on the embedded anvil and run a full marketplace scenario."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, network_option


@click.command(cls=ConnectedProviderCommand, name="demo")
@network_option()
def cli() -> None:
    """Run the modelmarket demo scenario and print every step."""
    from modelmarket.scenario import run_demo

    run_demo()
