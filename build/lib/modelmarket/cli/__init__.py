"""The `modelmarket` command line: one group per noun, Ape's --network/--account options."""

from __future__ import annotations

import click

from modelmarket import __version__
from modelmarket.cli.deploy import deploy
from modelmarket.cli.disputes import disputes
from modelmarket.cli.errors import SafeGroup
from modelmarket.cli.models import models
from modelmarket.cli.escrow import escrow
from modelmarket.cli.payouts import claim, payouts
from modelmarket.cli.reputation import reputation
from modelmarket.cli.session_keys import session_keys
from modelmarket.cli.staking import delegate, stake
from modelmarket.cli.vouchers import vouchers


def quiet_revert_traces() -> None:
    """Ape prints a call tree on every local revert; the CLI reports one line instead.

    Set MODELMARKET_TRACE=1 to keep the call trees (debugging).
    """
    import os

    if os.environ.get("MODELMARKET_TRACE"):
        return
    from ape_ethereum.trace import Trace

    Trace.show = lambda self, *args, **kwargs: None  # type: ignore[method-assign]


@click.group(cls=SafeGroup)
@click.version_option(__version__, prog_name="modelmarket")
def cli() -> None:
    """modelmarket: on-chain marketplace for AI models and datasets."""
    quiet_revert_traces()


for command in (
    deploy, models, stake, delegate, disputes, escrow, session_keys, vouchers, payouts, claim, reputation
):
    cli.add_command(command)
