"""`modelmarket training ...`: a one-round federated task driven entirely through the CLI."""

from __future__ import annotations

from tests.conftest import listing


def _phase_start(training, task_id: int, phases: int) -> int:
    task = training.getTask(task_id)
    return int(task.roundStart) + phases * int(task.commitSeconds)


def test_training_cli_runs_a_task_end_to_end_and_audits_it(run_cli, market, registry, chain, accounts, tmp_path):
    training = market.require("TrainingRounds")
    coordinator, aggregator, hospitals = accounts[7], accounts[6], [3, 4, 5]
    base = registry.list(listing(), sender=coordinator).events.filter(registry.AssetListed)[0].assetId
    allow = [arg for i in hospitals for arg in ("--allow", accounts[i].address)]
    opened = run_cli("training", "open", "--base-model", str(base), "--aggregator", aggregator.address, "--pool", "100",
                     "--rounds", "1", "--phase-seconds", "60", "--min-bond", "1", *allow, account=7)
    assert opened.exit_code == 0, opened.output
    task_id = training.taskCount()
    for i in hospitals:
        assert run_cli("training", "join", str(task_id), account=i).exit_code == 0
    assert run_cli("training", "join", str(task_id), "--aggregator", account=6).exit_code == 0
    state = ["--state-dir", str(tmp_path / "state")]
    for k, i in enumerate(hospitals):
        result = run_cli("training", "run", str(task_id), "--institution", str(k), *state, account=i)
        assert "committed update" in result.output, result.output
    chain.mine(timestamp=_phase_start(training, task_id, 1))
    for k, i in enumerate(hospitals):
        revealed = run_cli("training", "run", str(task_id), "--institution", str(k), *state, account=i)
        assert "revealed update" in revealed.output, revealed.output
    chain.mine(timestamp=_phase_start(training, task_id, 2))
    assert "posted the aggregate" in run_cli("training", "aggregate", str(task_id), account=6).output
    chain.mine(timestamp=int(training.getTask(task_id).postedAt) + 60)
    assert "advanced" in run_cli("training", "aggregate", str(task_id), account=9).output
    assert "finalized" in run_cli("training", "aggregate", str(task_id), account=9).output

    audit = run_cli("training", "audit", str(task_id))

    assert audit.exit_code == 0, audit.output
    for event in ("TaskOpened", "ParticipantJoined", "UpdateCommitted", "UpdateRevealed", "AggregatePosted",
                  "RoundAccepted", "TaskFinalized"):
        assert event in audit.output
    assert training.getTask(task_id).status == 3  # Finalized


def test_training_run_reports_one_line_when_nothing_is_due(run_cli, market, registry, accounts, tmp_path):
    training = market.require("TrainingRounds")
    base = registry.list(listing(), sender=accounts[7]).events.filter(registry.AssetListed)[0].assetId
    run_cli("training", "open", "--base-model", str(base), "--aggregator", accounts[6].address, "--pool", "1",
            "--rounds", "1", "--phase-seconds", "60", "--allow", accounts[3].address, account=7)
    task_id = training.taskCount()

    result = run_cli("training", "aggregate", str(task_id), account=9)

    assert result.output.strip().splitlines()[-1] == f"task #{task_id}: nothing to do in the Commit phase"


def test_training_audit_of_unknown_task_is_one_line_error(run_cli):
    result = run_cli("training", "audit", "999")

    assert result.exit_code != 0
    assert result.output.splitlines()[-1] == "error: no events for task 999"


def test_training_simulate_prints_the_three_figures():
    from click.testing import CliRunner

    from modelmarket.cli import cli

    result = CliRunner().invoke(cli, ["training", "simulate", "--rounds", "2", "--steps", "5"])

    assert result.exit_code == 0
    for row in ("federated", "central", "alone (mean)"):
        assert row in result.output


def test_training_join_checks_and_audit_records_the_compliance_flags(run_cli, market, registry, accounts):
    from modelmarket.training.audit import trail

    training = market.require("TrainingRounds")
    base = registry.list(listing(), sender=accounts[7]).events.filter(registry.AssetListed)[0].assetId
    opened = run_cli("training", "open", "--base-model", str(base), "--aggregator", accounts[6].address, "--pool", "1",
                     "--rounds", "1", "--phase-seconds", "60", "--allow", accounts[3].address,
                     "--require-flags", "pii-free,gdpr-reviewed", account=7)
    assert opened.exit_code == 0, opened.output
    task_id = training.taskCount()

    refused = run_cli("training", "join", str(task_id), "--flags", "pii-free", account=3)
    joined = run_cli("training", "join", str(task_id), "--flags", "pii-free,gdpr-reviewed,commercial", account=3)

    assert refused.exit_code != 0
    assert "requires the flags pii-free,gdpr-reviewed" in refused.output.splitlines()[-1]
    assert joined.exit_code == 0, joined.output
    details = {entry.event: entry.detail for entry in trail(training, task_id)}
    assert "required flags pii-free,gdpr-reviewed (0x14)" in details["TaskOpened"]
    assert "declared flags commercial,pii-free,gdpr-reviewed (0x15)" in details["ParticipantJoined"]


def test_training_open_sets_the_participants_royalty_and_royalties_reports_nothing_owed(run_cli, market, registry, accounts):
    training = market.require("TrainingRounds")
    base = registry.list(listing(), sender=accounts[7]).events.filter(registry.AssetListed)[0].assetId
    opened = run_cli("training", "open", "--base-model", str(base), "--aggregator", accounts[6].address, "--pool", "1",
                     "--rounds", "1", "--phase-seconds", "60", "--allow", accounts[3].address,
                     "--participants-royalty", "1500", account=7)
    assert opened.exit_code == 0, opened.output
    task_id = training.taskCount()

    result = run_cli("training", "royalties", str(task_id), account=3)

    assert training.getTask(task_id).participantsRoyaltyBps == 1500
    assert result.exit_code != 0
    assert result.output.splitlines()[-1] == f"error: task {task_id}: no royalties owed to this account"
