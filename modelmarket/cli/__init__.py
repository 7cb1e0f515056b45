"""The `modelmarket` command line: one group per noun, Ape's --network/--account options."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from modelmarket import __version__
from modelmarket.cli.compute import compute
from modelmarket.cli.bounty import bounty
from modelmarket.cli.call import call
from modelmarket.cli.dashboard import dashboard
from modelmarket.cli.deploy import deploy
from modelmarket.cli.dev import dev
from modelmarket.cli.disputes import disputes
from modelmarket.cli.errors import SafeGroup
from modelmarket.cli.models import models
from modelmarket.cli.escrow import escrow
from modelmarket.cli.evaluation import evaluation
from modelmarket.cli.governance import governance
from modelmarket.cli.payouts import claim, payouts
from modelmarket.cli.reputation import reputation
from modelmarket.cli.serve import serve
from modelmarket.cli.session_keys import session_keys
from modelmarket.cli.staking import delegate, stake
from modelmarket.cli.token import token
from modelmarket.cli.training import training
from modelmarket.cli.vouchers import vouchers


def _own_tools_on_path() -> None:
    """Called by its path (`.venv/bin/modelmarket`) without an activated venv, the CLI still finds
    the anvil installed beside its interpreter (Ape's local provider looks it up on PATH)."""
    here = Path(sys.executable).parent
    if (here / "anvil").exists() and str(here) not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([str(here), os.environ.get("PATH", "")])


def quiet_ape_logs(verbose: bool = False) -> None:
    """Ape logs every transaction (`INFO: Confirmed 0x…`) and connection; the CLI prints its own
    results and shows Ape's lines only with --verbose."""
    from ape.logging import logger

    logger.set_level("INFO" if verbose else "WARNING")


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
@click.option("--verbose", is_flag=True, help="show Ape's log lines (connections, confirmed transactions)")
def cli(verbose: bool) -> None:
    """modelmarket: on-chain marketplace for AI models and datasets."""
    _own_tools_on_path()
    quiet_ape_logs(verbose)
    quiet_revert_traces()


for command in (
    deploy, dev, token, models, stake, delegate, disputes, escrow, session_keys, vouchers, payouts, claim,
    reputation, compute, evaluation, training, bounty, serve, call, governance, dashboard,
):
    cli.add_command(command)
