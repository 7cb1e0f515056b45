"""`modelmarket compute ...`: approve, order, serve (real training), status with hash check, accept;
errors are one line and exit 1."""

from __future__ import annotations

from tests.conftest import TOKEN, listing
from tests.unit.compute_jobs.helpers import MAX_UINT, MIN_SELF_STAKE

HOSPITAL, CONSUMER, STRANGER = 3, 7, 9


def _hospital_dataset(registry, staking, token, owner) -> int:
    receipt = registry.list(listing(kind=1, contentHash=b"\xda" * 32), sender=owner)
    dataset = receipt.events.filter(registry.AssetListed)[0].assetId
    token.approve(staking, MAX_UINT, sender=owner)
    staking.stake(dataset, MIN_SELF_STAKE, sender=owner)
    return dataset


def _one_line_error(result) -> bool:
    lines = [line for line in result.output.splitlines() if line and not line.startswith("INFO")]
    return result.exit_code == 1 and len(lines) == 1


def test_compute_job_end_to_end_through_the_cli(run_cli, market, registry, staking, token, owner, consumer, tmp_path):
    compute = market.require("ComputeJobs")
    dataset = _hospital_dataset(registry, staking, token, owner)
    approved = run_cli("compute", "approve", str(dataset), "--price", "10", "--provider-asset", str(dataset),
                       "--provider-bps", "1000", account=HOSPITAL)
    assert approved.exit_code == 0, approved.output
    workdir = tmp_path / "provider"
    ordered = run_cli("compute", "order", str(dataset), "--max-price", "10", "--split-seed", "3",
                      "--provider-dir", str(workdir), account=CONSUMER)
    assert ordered.exit_code == 0, ordered.output
    served = run_cli("compute", "serve", "--workdir", str(workdir), "--polls", "1", account=HOSPITAL)
    assert served.exit_code == 0, served.output
    assert compute.getJob(1).status == 3  # posted
    shown = run_cli("compute", "status", "1", "--results", str(workdir))
    assert shown.exit_code == 0 and "result verified against the chain" in shown.output, shown.output
    assert run_cli("compute", "accept", "1", account=CONSUMER).exit_code == 0
    assert compute.getJob(1).status == 5 and compute.claimable(owner) > 0 and compute.totalEscrow() == 0


def test_compute_status_rejects_a_tampered_result(run_cli, market, registry, staking, token, owner, tmp_path):
    dataset = _hospital_dataset(registry, staking, token, owner)
    run_cli("compute", "approve", str(dataset), "--price", "1", "--provider-asset", str(dataset), account=HOSPITAL)
    workdir = tmp_path / "provider"
    run_cli("compute", "order", str(dataset), "--max-price", "1", account=CONSUMER)
    run_cli("compute", "serve", "--workdir", str(workdir), "--polls", "1", account=HOSPITAL)
    path = workdir / "results" / "1.json"
    path.write_bytes(path.read_bytes().replace(b'"accuracy":0.', b'"accuracy":1.'))
    result = run_cli("compute", "status", "1", "--results", str(workdir))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the chain says" in result.output.strip().splitlines()[-1]


def test_compute_order_of_unapproved_algorithm_fails_in_one_line(run_cli, registry, staking, token, owner):
    dataset = _hospital_dataset(registry, staking, token, owner)
    result = run_cli("compute", "order", str(dataset), "--max-price", "1", account=CONSUMER)
    assert _one_line_error(result) and "AlgorithmNotApproved" in result.output


def test_compute_refund_cancels_an_unaccepted_order(run_cli, market, registry, staking, token, owner, consumer):
    dataset = _hospital_dataset(registry, staking, token, owner)
    run_cli("compute", "approve", str(dataset), "--price", "2", "--provider-asset", str(dataset), account=HOSPITAL)
    run_cli("compute", "order", str(dataset), "--max-price", "2", account=CONSUMER)
    assert run_cli("compute", "refund", "1", account=CONSUMER).exit_code == 0
    assert market.require("ComputeJobs").claimable(consumer) == 2 * TOKEN


def test_compute_status_of_unknown_job_fails_in_one_line(run_cli):
    assert _one_line_error(run_cli("compute", "status", "42"))


def test_compute_dispute_approves_and_posts_the_bond(run_cli, market, registry, staking, token, owner, consumer,
                                                      tmp_path):
    compute = market.require("ComputeJobs")
    dataset = _hospital_dataset(registry, staking, token, owner)
    run_cli("compute", "approve", str(dataset), "--price", "20", "--provider-asset", str(dataset), account=HOSPITAL)
    run_cli("compute", "order", str(dataset), "--max-price", "20", account=CONSUMER)
    run_cli("compute", "serve", "--workdir", str(tmp_path / "provider"), "--polls", "1", account=HOSPITAL)
    bond = compute.disputeBond(20 * TOKEN)
    token.approve(compute, 0, sender=consumer)
    before = token.balanceOf(consumer)
    result = run_cli("compute", "dispute", "1", "--evidence-hash", "0x" + "ee" * 32, account=CONSUMER)
    assert result.exit_code == 0, result.output
    assert "dispute bond" in result.output and compute.getJob(1).status == 4  # disputed
    assert token.balanceOf(consumer) == before - bond and compute.totalEscrow() == 20 * TOKEN + bond


def test_compute_fetch_refuses_a_tampered_result_in_one_line(run_cli, registry, staking, token, owner, tmp_path):
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    from modelmarket.gateway.server import ThreadedServer

    dataset = _hospital_dataset(registry, staking, token, owner)
    run_cli("compute", "approve", str(dataset), "--price", "1", "--provider-asset", str(dataset), account=HOSPITAL)
    workdir = tmp_path / "provider"
    run_cli("compute", "order", str(dataset), "--max-price", "1", account=CONSUMER)
    run_cli("compute", "serve", "--workdir", str(workdir), "--polls", "1", "--no-http", account=HOSPITAL)
    tampered = (workdir / "results" / "1.json").read_bytes().replace(b'"accuracy":0.', b'"accuracy":1.')
    liar = Starlette(routes=[Route("/jobs/{job_id:int}/result", lambda request: Response(tampered))])
    with ThreadedServer(liar) as server:
        result = run_cli("compute", "fetch", "1", "--url", server.url, account=CONSUMER)
    assert _one_line_error(result) and "the chain says" in result.output


def test_compute_fetch_of_unreachable_provider_fails_in_one_line(run_cli, registry, staking, token, owner, tmp_path):
    from modelmarket.gateway.server import free_port

    dataset = _hospital_dataset(registry, staking, token, owner)
    run_cli("compute", "approve", str(dataset), "--price", "1", "--provider-asset", str(dataset), account=HOSPITAL)
    run_cli("compute", "order", str(dataset), "--max-price", "1", account=CONSUMER)
    run_cli("compute", "serve", "--workdir", str(tmp_path / "p"), "--polls", "1", "--no-http", account=HOSPITAL)
    result = run_cli("compute", "fetch", "1", "--url", f"http://127.0.0.1:{free_port()}", account=CONSUMER)
    assert _one_line_error(result) and "cannot reach the provider" in result.output
