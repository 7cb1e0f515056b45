"""`modelmarket gov ...` end to end on the governed marketplace (in-process CLI)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from modelmarket.cli import cli
from modelmarket.governance import advance_time

VOTER = 3  # `owner` in the governed world: 10 % of the supply, self-delegated
GUARDIAN = 4


@pytest.fixture
def run_gov(world, chain, tmp_path, monkeypatch):
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path))
    world.market.deployment.save(tmp_path)
    runner = CliRunner()

    def _run(*args: str, account: int | None = None):
        extra = ["--network", chain.provider.uri]
        if account is not None:
            extra += ["--account", f"TEST::{account}"]
        return runner.invoke(cli, ["gov", *args, *extra], catch_exceptions=False)

    return _run


def test_gov_propose_vote_queue_execute_changes_parameter(run_gov, world, stranger):
    result = run_gov(
        "propose", "ModelRegistry", "setGuardian", stranger.address, "7200", "--description", "new guardian",
        account=VOTER,
    )
    assert result.exit_code == 0, result.output
    proposal_id = re.search(r"proposal (\d+)", result.output).group(1)
    advance_time(world.params.voting_delay + 1)

    assert run_gov("vote", proposal_id, "for", account=VOTER).exit_code == 0
    advance_time(world.params.voting_period + 1)
    assert run_gov("queue", proposal_id, account=VOTER).exit_code == 0
    advance_time(world.params.timelock_delay + 1)
    result = run_gov("execute", proposal_id, account=VOTER)

    assert result.exit_code == 0, result.output
    assert world.registry.guardian() == stranger.address
    assert "executed" in run_gov("show", proposal_id).output


def test_gov_execute_before_delay_fails_with_one_line(run_gov, world, stranger):
    result = run_gov(
        "propose", "ModelRegistry", "setGuardian", stranger.address, "7200", "--description", "early",
        account=VOTER,
    )
    proposal_id = re.search(r"proposal (\d+)", result.output).group(1)
    advance_time(world.params.voting_delay + 1)
    run_gov("vote", proposal_id, "for", account=VOTER)
    advance_time(world.params.voting_period + 1)
    run_gov("queue", proposal_id, account=VOTER)

    result = run_gov("execute", proposal_id, account=VOTER)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert world.registry.guardian() != stranger.address


def test_gov_show_prints_settings(run_gov, world):
    result = run_gov("show")

    assert result.exit_code == 0, result.output
    assert world.governor.address in result.output
    assert str(world.params.voting_period) in result.output


def test_gov_takedown_by_guardian_denies_asset(run_gov, world, delegator):
    from tests.conftest import listing

    receipt = world.registry.list(listing(), sender=delegator)
    asset_id = receipt.events.filter(world.registry.AssetListed)[0].assetId

    result = run_gov(
        "takedown", str(asset_id), "denied", "--reason", "GDPR-ART17", "--evidence-hash", "0x" + "ab" * 32,
        account=GUARDIAN,
    )

    assert result.exit_code == 0, result.output
    assert "unless ratified" in result.output
    assert world.registry.getAsset(asset_id).status == 4


def test_gov_propose_fails_on_unknown_function(run_gov):
    result = run_gov("propose", "ModelRegistry", "mint", "1", "--description", "x", account=VOTER)

    assert result.exit_code != 0
    assert "has no function mint" in result.output
