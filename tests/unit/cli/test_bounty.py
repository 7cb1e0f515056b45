"""`modelmarket bounty ...`: a whole bounty through the CLI, and its one-line errors."""

from __future__ import annotations

import pytest

from modelmarket.bounties import data
from modelmarket.bounties.spec import BountySpec

PHASE = 600


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELMARKET_BOUNTY_SECRETS", str(tmp_path / "secrets.json"))
    spec = BountySpec()
    names = data.real_split(spec).feature_names
    honest = tmp_path / "honest.csv"
    junk = tmp_path / "junk.csv"
    honest.write_bytes(data.to_csv(names, *data.honest_synthetic(spec, 200, seed=1)))
    junk.write_bytes(data.to_csv(names, *data.junk_synthetic(spec, 200, seed=1)))
    return honest, junk


def test_bounty_flow_accepts_honest_data_and_rejects_noise(run_cli, chain, market, files):
    honest, junk = files
    start = chain.pending_timestamp
    assert run_cli("bounty", "post", "--reward", "100", "--phase-seconds", str(PHASE), account=3).exit_code == 0
    assert run_cli("bounty", "submit", "1", str(honest), account=4).exit_code == 0
    assert run_cli("bounty", "submit", "1", str(junk), account=5).exit_code == 0
    assert run_cli("bounty", "join", "1", "--stake", "100", account=6).exit_code == 0
    chain.mine(timestamp=start + PHASE + 1)
    assert run_cli("bounty", "reveal", "1", account=4).exit_code == 0
    assert run_cli("bounty", "reveal", "2", account=5).exit_code == 0
    chain.mine(timestamp=start + 2 * PHASE + 1)
    validated = run_cli("bounty", "validate", "1", str(honest), account=6)
    assert validated.exit_code == 0, validated.output
    assert run_cli("bounty", "validate", "2", str(junk), account=6).exit_code == 0
    chain.mine(timestamp=start + 3 * PHASE + 1)
    assert run_cli("bounty", "reveal", "1", account=6).exit_code == 0
    assert run_cli("bounty", "reveal", "2", account=6).exit_code == 0
    chain.mine(timestamp=start + 4 * PHASE + 1)
    assert run_cli("bounty", "finalize", "1", account=7).exit_code == 0
    shown = run_cli("bounty", "show", "1")

    assert "Accepted" in shown.output and "Junk" in shown.output
    contract = market.require("DataBounties")
    assert [contract.getSubmission(i).status for i in (1, 2)] == [2, 4]


def test_bounty_validate_fails_in_one_line_when_the_file_is_not_the_submission(run_cli, chain, files):
    honest, junk = files
    start = chain.pending_timestamp
    run_cli("bounty", "post", "--reward", "100", "--phase-seconds", str(PHASE), account=3)
    run_cli("bounty", "submit", "1", str(honest), account=4)
    chain.mine(timestamp=start + PHASE + 1)
    run_cli("bounty", "reveal", "1", account=4)
    result = run_cli("bounty", "validate", "1", str(junk), "--no-commit", account=6)

    assert result.exit_code != 0
    assert "does not hash to submission 1" in result.output
    assert "Traceback" not in result.output


def test_bounty_show_fails_in_one_line_for_an_unknown_bounty(run_cli):
    result = run_cli("bounty", "show", "42")

    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1] == "error: bounty 42 does not exist"
