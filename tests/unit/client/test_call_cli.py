"""`modelmarket call`: an agent's command line against a real gateway on the test chain."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from modelmarket.cli import cli
from modelmarket.gateway.model import DigitsClassifier
from tests.gateway_fixtures import AGENT_KEY, PRICE

PIXELS = json.dumps({"pixels": DigitsClassifier.sample(2)})


@pytest.fixture
def run_call(server, market, served_asset, chain, tmp_path, monkeypatch):
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path))
    monkeypatch.setenv("MODELMARKET_SESSION_KEY", "0x" + AGENT_KEY.hex())
    market.deployment.save(tmp_path)

    def _run(*args: str):
        return CliRunner().invoke(cli, [
            "call", str(served_asset), "--input", PIXELS, "--gateway", server.url,
            "--ledger", str(tmp_path / "spend.sqlite"), "--network", chain.provider.uri, "--account", "TEST::8", *args,
        ])

    return _run


def test_call_pays_the_gateway_and_prints_verified_answers(run_call, gateway, payments, accounts, served_asset):
    result = run_call("--budget", "0.01", "--topup", "0.005", "--count", "2")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [answer["result"]["digit"] for answer in answers] == [2, 2]
    gateway.settler.settle()
    assert payments.redeemed(accounts[8].address, served_asset) == 2 * PRICE


def test_call_stops_at_the_budget_with_one_line(run_call):
    result = run_call("--budget", "0.0005")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: budget")
