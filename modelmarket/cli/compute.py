"""`modelmarket compute ...`: compute-to-data approvals, orders, results, disputes, refunds and the
provider's job runner."""

from __future__ import annotations

import json
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import (
    console,
    format_amount,
    marketplace,
    parse_amount,
    parse_bytes32,
    require_asset,
    unlock,
)
from modelmarket.compute.jobs import (
    JOB_STATUSES,
    ApprovalTerms,
    OrderRequest,
    approve_algorithm,
    dispute_job,
    order_job,
)
from modelmarket.compute.recipes import Params, Recipe
from modelmarket.compute.results import ResultMismatch, ResultStore, verify_result

ALL_CLASSES = 2**256 - 1


def _compute():
    return marketplace().require("ComputeJobs")


def _algorithm_hash(algorithm_hash: str | None) -> bytes:
    """The given hash, or the built-in recipe's content hash."""
    return parse_bytes32(algorithm_hash) if algorithm_hash else Recipe().content_hash


def _job(compute, job_id: int):
    if not 1 <= job_id <= compute.jobCount():
        raise click.ClickException(f"job {job_id} does not exist")
    return compute.getJob(job_id)


def _classes(text: str | None) -> int:
    if text is None:
        return ALL_CLASSES
    mask = 0
    for part in text.split(","):
        if not part.strip().isdigit() or int(part) > 255:
            raise click.BadParameter(f"{part!r} is not a licence class 0..255")
        mask |= 1 << int(part)
    return mask


@click.group()
def compute() -> None:
    """Compute-to-data: the algorithm goes to the data; the consumer gets results, never rows."""


@compute.command("approve", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("dataset_id", type=int)
@click.option("--algorithm-hash", default=None, help="0x content hash (default: the built-in training recipe)")
@click.option("--price", required=True, help="tokens per job")
@click.option("--provider-asset", type=int, required=True, help="staked asset whose owner runs the jobs")
@click.option("--algorithm-asset", type=int, default=0, help="registry model the hash belongs to (0: raw code hash)")
@click.option("--provider-bps", type=int, default=0)
@click.option("--algorithm-bps", type=int, default=0)
@click.option("--required-flags", type=int, default=0, help="bits the consumer must declare (all of them)")
@click.option("--licence-classes", default=None, help="allowed licence classes, e.g. 1,2 (default: any)")
def approve(account, dataset_id, algorithm_hash, price, provider_asset, algorithm_asset, provider_bps,
            algorithm_bps, required_flags, licence_classes) -> None:
    """Dataset owner: approve an algorithm for a dataset with a price and compliance conditions."""
    market = marketplace()
    require_asset(market, dataset_id)
    digest = _algorithm_hash(algorithm_hash)
    terms = ApprovalTerms(
        price=parse_amount(price), provider_asset_id=provider_asset, required_flags=required_flags,
        allowed_licence_classes=_classes(licence_classes), algorithm_asset_id=algorithm_asset,
        provider_bps=provider_bps, algorithm_bps=algorithm_bps,
    )
    approve_algorithm(market.require("ComputeJobs"), dataset_id, digest, terms, sender=unlock(account))
    console.print(f"approved algorithm 0x{digest.hex()} for dataset #{dataset_id} at {format_amount(terms.price)}/job")


@compute.command("revoke", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("dataset_id", type=int)
@click.option("--algorithm-hash", default=None)
def revoke(account, dataset_id, algorithm_hash) -> None:
    """Dataset owner: revoke an algorithm's approval."""
    digest = _algorithm_hash(algorithm_hash)
    _compute().revokeAlgorithm(dataset_id, digest, sender=unlock(account))
    console.print(f"revoked algorithm 0x{digest.hex()} for dataset #{dataset_id}")


@compute.command("order", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("dataset_id", type=int)
@click.option("--algorithm-hash", default=None, help="0x content hash (default: the built-in training recipe)")
@click.option("--max-price", required=True, help="most tokens this job may cost")
@click.option("--deadline-in", type=int, default=3_600, help="seconds from now until the result is due")
@click.option("--split-seed", type=int, default=0)
@click.option("--test-fraction", type=float, default=0.25)
@click.option("--flags", type=int, default=0, help="compliance flags the consumer declares (purpose, jurisdiction)")
@click.option("--licence-class", type=int, default=0)
@click.option("--provider-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="provider's folder: the run parameters are left there, content-addressed")
def order(account, dataset_id, algorithm_hash, max_price, deadline_in, split_seed, test_fraction, flags,
          licence_class, provider_dir) -> None:
    """Consumer: order a job; the approved price goes into escrow."""
    from ape import chain

    market = marketplace()
    require_asset(market, dataset_id)
    params = Params(split_seed=split_seed, test_fraction=test_fraction)
    params_hash = ResultStore(provider_dir).put_params(params) if provider_dir else params.content_hash
    request = OrderRequest(
        dataset_id=dataset_id, algorithm_hash=_algorithm_hash(algorithm_hash), params_hash=params_hash,
        max_price=parse_amount(max_price), deadline=chain.pending_timestamp + deadline_in, declared_flags=flags,
        licence_class=licence_class,
    )
    job_id = order_job(market.require("ComputeJobs"), market.token, request, sender=unlock(account))
    console.print(f"ordered job [bold]#{job_id}[/bold] on dataset #{dataset_id}")


@compute.command("status", cls=ConnectedProviderCommand)
@network_option()
@click.argument("job_id", type=int)
@click.option("--results", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="provider's folder: fetch the result and check its hash against the chain")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="save the checked result")
def status(job_id, results, out) -> None:
    """Show a job; with --results, fetch its result and verify the hash posted on chain."""
    job = _job(_compute(), job_id)
    table = Table(title=f"job #{job_id}")
    table.add_column("field")
    table.add_column("value")
    for name, value in (
        ("status", JOB_STATUSES[int(job.status)]), ("consumer", job.consumer), ("provider", job.provider),
        ("dataset", f"#{job.datasetId}"), ("algorithm", "0x" + bytes(job.algorithmHash).hex()),
        ("price", format_amount(job.price)), ("deadline", str(job.deadline)),
        ("window ends", str(job.windowEnds)), ("result hash", "0x" + bytes(job.resultHash).hex()),
    ):
        table.add_row(name, str(value))
    console.print(table)
    if results is None:
        return
    if not any(job.resultHash):
        raise click.ClickException(f"job {job_id} has no result posted yet")
    try:
        result = verify_result(ResultStore(results).fetch(job_id), bytes(job.resultHash))
    except (FileNotFoundError, ResultMismatch) as problem:
        raise click.ClickException(str(problem)) from None
    if out is not None:
        out.write_bytes(result)
    metrics = json.loads(result)["metrics"]
    console.print(f"result verified against the chain: {json.dumps(metrics, sort_keys=True)}")


@compute.command("accept", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("job_id", type=int)
def accept(account, job_id) -> None:
    """Consumer: accept the posted result; the payment is released."""
    contract = _compute()
    _job(contract, job_id)
    contract.acceptResult(job_id, sender=unlock(account))
    console.print(f"accepted the result of job #{job_id}; payment released")


@compute.command("dispute", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("job_id", type=int)
@click.option("--evidence-hash", required=True, help="0x 32-byte hash of the evidence")
def dispute(account, job_id, evidence_hash) -> None:
    """Consumer: dispute the posted result within the review window, posting the dispute bond
    (returned pro rata to the refund the arbiter grants, forfeited to the provider if rejected)."""
    market = marketplace()
    contract = market.require("ComputeJobs")
    job = _job(contract, job_id)
    console.print(f"dispute bond for job #{job_id}: {format_amount(contract.disputeBond(job.price))}")
    bond = dispute_job(contract, market.token, job_id, parse_bytes32(evidence_hash), sender=unlock(account))
    console.print(
        f"disputed job #{job_id} with a bond of {format_amount(bond)}; the arbiter may rule within "
        f"{contract.RESOLUTION_WINDOW()} s"
    )


@compute.command("refund", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("job_id", type=int)
def refund(account, job_id) -> None:
    """Refund a job: a past-deadline job without result (anyone), or cancel an unaccepted order (consumer)."""
    from ape import chain

    contract = _compute()
    job = _job(contract, job_id)
    sender = unlock(account)
    if JOB_STATUSES[int(job.status)] == "ordered" and chain.pending_timestamp <= job.deadline:
        contract.cancelJob(job_id, sender=sender)
    else:
        contract.refund(job_id, sender=sender)
    console.print(f"refunded job #{job_id}: {format_amount(job.price)} claimable by {job.consumer}")


@compute.command("release", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("job_id", type=int)
def release(account, job_id) -> None:
    """Anyone: release a job whose review (or resolution) window has passed."""
    contract = _compute()
    _job(contract, job_id)
    contract.release(job_id, sender=unlock(account))
    console.print(f"released job #{job_id}")


@compute.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def claim(account) -> None:
    """Claim what ComputeJobs owes the account (payouts and refunds)."""
    contract = _compute()
    owed = contract.claimable(account.address)
    if owed == 0:
        raise click.ClickException(f"{account.address} has nothing to claim from ComputeJobs")
    contract.claim(sender=unlock(account))
    console.print(f"claimed {format_amount(owed)}")


@compute.command("serve", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="results and parameters folder")
@click.option("--interval", type=float, default=2.0, help="seconds between polls")
@click.option("--polls", type=int, default=None, help="stop after this many polls (default: run forever)")
@click.option("--from-job", type=int, default=1, help="first job id to look at")
@click.option("--http-port", type=int, default=0, help="result server port on 127.0.0.1 (0: a free port)")
@click.option("--no-http", is_flag=True, help="do not serve results over HTTP")
def serve(account, workdir, interval, polls, from_job, http_port, no_http) -> None:
    """Provider: watch the chain, run the approved recipe on the private table, post signed results,
    and serve each result to its consumer over HTTP (GET /jobs/<id>/result, /jobs/<id>/log)."""
    from ape import chain

    from modelmarket.compute.runner import ComputeProvider
    from modelmarket.compute.server import result_app
    from modelmarket.gateway.server import ThreadedServer

    market = marketplace()
    contract = market.require("ComputeJobs")
    store = ResultStore(workdir)
    provider = ComputeProvider.with_recipes(
        contract, market.registry, unlock(account), store, [Recipe()], next_job=from_job, log=console.print,
    )
    console.print(f"serving compute jobs as {account.address}; results in {workdir}")
    if no_http:
        provider.serve(interval=interval, max_polls=polls)
        return
    with ThreadedServer(result_app(contract, store, chain.chain_id), port=http_port or None) as server:
        console.print(f"results over HTTP at {server.url} (the job's consumer only, signed requests)", soft_wrap=True)
        provider.serve(interval=interval, max_polls=polls)


@compute.command("fetch", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("job_id", type=int)
@click.option("--url", required=True, help="the provider's result server, e.g. http://127.0.0.1:8765")
@click.option("--log", "artifact", flag_value="log", default=False, help="fetch the run log instead of the result")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="save the checked bytes")
def fetch(account, job_id, url, artifact, out) -> None:
    """Consumer: fetch a job's result (or log) from its provider over HTTP, signed as the consumer,
    and keep it only if its keccak256 matches the hash posted on chain."""
    from ape import chain

    from modelmarket.ape_signing import SigningDeclined
    from modelmarket.compute.fetch import FetchFailed, fetch_artifact

    contract = _compute()
    _job(contract, job_id)
    artifact = artifact or "result"
    try:
        body = fetch_artifact(url, contract, unlock(account), chain.chain_id, job_id, artifact)
    except (FetchFailed, ResultMismatch, SigningDeclined) as problem:
        raise click.ClickException(str(problem)) from None
    if out is not None:
        out.write_bytes(body)
    if artifact == "log":
        console.print(f"log verified against the chain ({len(body)} bytes)")
        return
    metrics = json.loads(body)["metrics"]
    console.print(f"result verified against the chain: {json.dumps(metrics, sort_keys=True)}")
