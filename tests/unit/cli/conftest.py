"""Run the CLI in-process against the test chain, with a deployment record in a temp folder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from modelmarket.cli import cli


@pytest.fixture
def run_cli(market, chain, tmp_path, monkeypatch):
    """Invoke `modelmarket ...` on the test chain; returns click's Result."""
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path))
    market.deployment.save(tmp_path)
    uri = chain.provider.uri
    runner = CliRunner()

    def _run(*args: str, account: int | None = None):
        extra = ["--network", uri]
        if account is not None:
            extra += ["--account", f"TEST::{account}"]
        return runner.invoke(cli, [*args, *extra], catch_exceptions=False)

    return _run
