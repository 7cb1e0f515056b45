"""`modelmarket dev start | stop | status | url`: a persistent local chain with the marketplace
deployed and the test accounts (TEST::0..9) funded, for trying the CLI."""

from __future__ import annotations

import click

from modelmarket.cli.common import console


@click.group()
def dev() -> None:
    """A local chain to try the marketplace on (state kept across stop/start)."""


@dev.command()
def start() -> None:
    """Start (or reuse) the dev chain; deploy and fund the test accounts the first time."""
    from modelmarket import devchain

    try:
        chain, fresh = devchain.start()
    except devchain.DevChainError as error:
        raise click.ClickException(str(error)) from None
    what = (
        f"deployed the marketplace and funded TEST::1..{devchain.FUNDED_ACCOUNTS - 1} with "
        f"{devchain.FUNDING_TOKENS:,} tokens each"
        if fresh
        else "the marketplace was already deployed"
    )
    console.print(f"dev chain at {chain.url} (pid {chain.pid}, state in {chain.home}): {what}")
    console.print(f"use it with: --network {chain.url} --account TEST::<n>")


@dev.command()
def stop() -> None:
    """Stop the dev chain (its state is saved for the next start)."""
    from modelmarket import devchain

    console.print("dev chain stopped" if devchain.stop() else "no dev chain is running")


@dev.command()
def status() -> None:
    """Say whether the dev chain runs, where."""
    from modelmarket import devchain

    chain = devchain.status()
    if chain is None:
        raise click.ClickException("no dev chain is running; start one with `modelmarket dev start`")
    console.print(f"dev chain at {chain.url} (pid {chain.pid}, state in {chain.home})")


@dev.command()
def url() -> None:
    """Print the dev chain's RPC URL (for --network)."""
    from modelmarket import devchain

    chain = devchain.status()
    if chain is None:
        raise click.ClickException("no dev chain is running; start one with `modelmarket dev start`")
    click.echo(chain.url)
