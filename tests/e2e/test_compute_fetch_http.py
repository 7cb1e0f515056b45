"""`modelmarket compute serve` as a real process: it runs the job and serves the result over HTTP on
127.0.0.1; `modelmarket compute fetch` (the consumer) gets it, checked against the chain; a stranger
is refused (403) in one line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from modelmarket.cli import cli
from modelmarket.compute.recipes import DEFAULT_PARAMS, Recipe
from modelmarket.gateway.server import free_port
from tests.conftest import listing
from tests.unit.compute_jobs.helpers import MAX_UINT, MIN_SELF_STAKE, POSTED, order, terms

ROOT = Path(__file__).resolve().parents[2]
HOSPITAL = 3  # accounts[3] == the `owner` fixture


def _wait(predicate, what: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


def _listening(url: str) -> bool:
    try:
        httpx.get(f"{url}/jobs/1/result", timeout=2)
    except httpx.HTTPError:
        return False
    return True


def test_compute_serve_and_fetch_over_http(market, chain, registry, staking, token, owner, consumer, tmp_path,
                                            monkeypatch):
    compute = market.require("ComputeJobs")
    dataset = registry.list(listing(kind=1, contentHash=b"\xd7" * 32), sender=owner).events[0].assetId
    token.approve(staking, MAX_UINT, sender=owner)
    staking.stake(dataset, MIN_SELF_STAKE, sender=owner)
    recipe = Recipe()
    compute.approveAlgorithm(dataset, recipe.content_hash, terms(dataset), sender=owner)
    token.approve(compute, MAX_UINT, sender=consumer)
    compute.orderJob(order(dataset, chain, algorithmHash=recipe.content_hash, paramsHash=DEFAULT_PARAMS.content_hash),
                     sender=consumer)
    job_id = compute.jobCount()

    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path))
    market.deployment.save(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).parent / "modelmarket"), "compute", "serve", "--workdir", str(tmp_path / "provider"),
        "--interval", "0.5", "--from-job", str(job_id), "--http-port", str(port),
        "--network", chain.provider.uri, "--account", f"TEST::{HOSPITAL}",
    ]
    provider = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "MODELMARKET_DEPLOYMENTS": str(tmp_path)},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait(lambda: compute.getJob(job_id).status == POSTED or provider.poll() is not None, "the result")
        assert provider.poll() is None, provider.stdout.read()
        _wait(lambda: _listening(url), "the result server")
        runner, network = CliRunner(), ["--network", chain.provider.uri]
        fetched = runner.invoke(cli, ["compute", "fetch", str(job_id), "--url", url, "--out", str(tmp_path / "r.json"),
                                      *network, "--account", "TEST::7"], catch_exceptions=False)
        assert fetched.exit_code == 0, fetched.output
        assert "result verified against the chain" in fetched.output
        assert "accuracy" in (tmp_path / "r.json").read_text()
        refused = runner.invoke(cli, ["compute", "fetch", str(job_id), "--url", url, *network, "--account",
                                      "TEST::9"], catch_exceptions=False)
        lines = [line for line in refused.output.splitlines() if line and not line.startswith("INFO")]
        assert refused.exit_code == 1 and len(lines) == 1 and "(403)" in lines[0]
    finally:
        provider.terminate()
        provider.wait(timeout=60)
