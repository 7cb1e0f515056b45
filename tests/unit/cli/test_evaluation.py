"""`modelmarket eval ...` and `models list --min-metric` on the test chain, with the real model."""

from __future__ import annotations

import re

import pytest

from modelmarket.evaluation import evaluate, train_reference_model
from modelmarket.evaluation.attestations import claim_of
from modelmarket.evaluation.metrics import format_value

MAX_UINT = 2**256 - 1


@pytest.fixture(scope="session")
def model_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "model.json"
    train_reference_model().save(path)
    return path


@pytest.fixture
def listed(run_cli, model_file):
    """The reference model listed by account 3; three evaluators (6, 7, 8) registered."""
    content_hash = "0x" + evaluate(train_reference_model()).model_hash.hex()
    result = run_cli("models", "register", "--content-hash", content_hash, "--uri", "ipfs://card", account=3)
    assert result.exit_code == 0, result.output
    for account in (6, 7, 8):
        assert run_cli("eval", "register", account=account).exit_code == 0
    return int(re.search(r"#(\d+)", result.output).group(1))


def _id(output: str) -> int:
    return int(re.search(r"attestation #(\d+)", output).group(1))


def test_eval_model_writes_canonical_file_and_prints_hash(tmp_path):
    from click.testing import CliRunner

    from modelmarket.cli import cli

    out = tmp_path / "m.json"
    result = CliRunner().invoke(cli, ["eval", "model", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0x" + train_reference_model().content_hash.hex() in result.output.replace("\n", "")


def test_eval_run_posts_reexecuted_figure(run_cli, listed, model_file, market):
    result = run_cli("eval", "run", str(listed), "--version", "1", "--model-file", str(model_file), account=5)
    assert result.exit_code == 0, result.output
    evals = market.require("EvalRegistry")
    stored = evals.getAttestation(_id(result.output))
    assert stored.claim.value == evaluate(train_reference_model()).value
    assert format_value(stored.claim.value) in result.output


def test_eval_run_fails_one_line_when_model_is_not_the_version(run_cli, listed, tmp_path):
    other = tmp_path / "other.json"
    train_reference_model(regularization=0.01).save(other)
    result = run_cli("eval", "run", str(listed), "--version", "1", "--model-file", str(other), account=5)
    assert result.exit_code != 0
    assert "hashes to" in result.output and "Traceback" not in result.output


def test_eval_challenge_and_vote_reject_a_false_figure(run_cli, listed, model_file, market, accounts, chain):
    evals, token = market.require("EvalRegistry"), market.token
    true = evaluate(train_reference_model())
    token.approve(evals, MAX_UINT, sender=accounts[4])
    receipt = evals.attest(claim_of(true, listed, 1, value=999_000), evals.MIN_ATTESTATION_BOND(), sender=accounts[4])
    false_id = receipt.events.filter(evals.Attested)[0].attestationId
    result = run_cli("eval", "challenge", str(false_id), "--model-file", str(model_file), account=9)
    assert result.exit_code == 0, result.output
    assert "re-execution gives" in result.output
    for account in (6, 7, 8):
        result = run_cli("eval", "vote", str(false_id), "--model-file", str(model_file), account=account)
        assert result.exit_code == 0, result.output
    assert "rejected" in result.output
    assert evals.getAttestation(false_id).status == 4
    shown = run_cli("eval", "show", str(false_id))
    assert "rejected" in shown.output and "0.999000" in shown.output
    assert run_cli("eval", "claim", account=9).exit_code == 0


def test_eval_challenge_refuses_a_reproduced_figure(run_cli, listed, model_file):
    attestation_id = _id(run_cli("eval", "run", str(listed), "--version", "1", "--model-file", str(model_file), account=5).output)
    result = run_cli("eval", "challenge", str(attestation_id), "--model-file", str(model_file), account=9)
    assert result.exit_code != 0
    assert "reproduces the posted figure" in result.output and "Traceback" not in result.output


def test_models_list_min_metric_shows_only_settled_scores(run_cli, listed, model_file, market, chain):
    evals = market.require("EvalRegistry")
    attestation_id = _id(run_cli("eval", "run", str(listed), "--version", "1", "--model-file", str(model_file), account=5).output)
    pending = run_cli("models", "list", "--min-metric", "accuracy=0.9")
    assert pending.exit_code == 0 and f"\n│ {listed} " not in pending.output  # nothing counts in the window
    chain.pending_timestamp = evals.getAttestation(attestation_id).windowEndsAt
    chain.mine()
    resolved = run_cli("eval", "resolve", str(attestation_id), account=5)
    assert resolved.exit_code == 0, resolved.output
    shown = run_cli("models", "list", "--min-metric", "accuracy=0.9")
    assert shown.exit_code == 0 and f"│ {listed} " in shown.output
    too_high = run_cli("models", "list", "--min-metric", "accuracy=0.999")
    assert f"│ {listed} " not in too_high.output
    two = run_cli("models", "list", "--min-metric", "accuracy=0.9", "--min-evaluators", "2")
    assert f"│ {listed} " not in two.output


def test_models_list_min_metric_fails_one_line_on_unknown_metric(run_cli):
    result = run_cli("models", "list", "--min-metric", "bleu=0.3")
    assert result.exit_code != 0 and "accuracy=0.9" in result.output and "Traceback" not in result.output


def test_eval_show_fails_one_line_on_unknown_attestation(run_cli):
    result = run_cli("eval", "show", "42")
    assert result.exit_code != 0 and "attestation 42 does not exist" in result.output
