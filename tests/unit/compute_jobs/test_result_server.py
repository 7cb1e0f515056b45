"""The provider's result server (modelmarket.compute.server) and the consumer's fetch
(modelmarket.compute.fetch): only the job's consumer is served, only the bytes the chain commits to,
and the client refuses bytes that do not hash to the chain's result hash."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from modelmarket.compute.access import (
    MAX_REQUEST_AGE, SIGNATURE_HEADER, TIMESTAMP_HEADER, RequestGate, sign_result_request,
)
from modelmarket.compute.fetch import FetchFailed, fetch_artifact
from modelmarket.compute.recipes import DEFAULT_PARAMS, Recipe
from modelmarket.compute.results import ResultMismatch, ResultStore
from modelmarket.compute.runner import ComputeProvider
from modelmarket.compute.server import result_app
from modelmarket.gateway.server import ThreadedServer
from modelmarket.keccak import keccak
from tests.unit.compute_jobs.helpers import MAX_UINT, order, terms

NOW = 1_800_000_000


@pytest.fixture
def served(compute, registry, dataset, provider_asset, hospital, provider, token, consumer, chain, tmp_path):
    """Job 1 run by the real runner; its result server on 127.0.0.1 with a fixed clock."""
    recipe = Recipe()
    compute.approveAlgorithm(dataset, recipe.content_hash, terms(provider_asset), sender=hospital)
    token.approve(compute, MAX_UINT, sender=consumer)
    compute.orderJob(order(dataset, chain, algorithmHash=recipe.content_hash, paramsHash=DEFAULT_PARAMS.content_hash),
                     sender=consumer)
    store = ResultStore(tmp_path)
    ComputeProvider.with_recipes(compute, registry, provider, store, [recipe]).poll_once()
    gate = RequestGate(chain.chain_id, compute.address, clock=lambda: NOW)
    with ThreadedServer(result_app(compute, store, chain.chain_id, gate)) as server:
        yield server.url, store


def _get(url: str, compute, chain, signer, job_id: int = 1, timestamp: int = NOW, artifact: str = "result"):
    signature = sign_result_request(signer, chain.chain_id, compute.address, job_id, timestamp, artifact)
    headers = {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: "0x" + signature.hex()}
    return httpx.get(f"{url}/jobs/{job_id}/{artifact}", headers=headers, timeout=30)


def test_result_server_serves_the_consumer_the_committed_result(served, compute, chain, consumer):
    url, store = served
    response = _get(url, compute, chain, consumer)
    assert response.status_code == 200
    assert keccak(response.content) == bytes(compute.getJob(1).resultHash)
    assert response.content == store.fetch(1)


def test_result_server_serves_the_committed_log(served, compute, chain, consumer):
    url, store = served
    response = _get(url, compute, chain, consumer, artifact="log")
    assert response.status_code == 200 and response.content == store.log_path(1).read_bytes()


def test_result_server_refuses_a_strangers_signature(served, compute, chain, stranger):
    url, _ = served
    response = _get(url, compute, chain, stranger)
    assert response.status_code == 403
    assert "is not the consumer of job 1" in response.json()["error"]


def test_result_server_refuses_an_unsigned_request(served):
    url, _ = served
    assert httpx.get(f"{url}/jobs/1/result", timeout=30).status_code == 403


def test_result_server_refuses_a_stale_request(served, compute, chain, consumer):
    url, _ = served
    assert _get(url, compute, chain, consumer, timestamp=NOW - MAX_REQUEST_AGE - 1).status_code == 403


def test_result_server_refuses_a_replayed_request(served, compute, chain, consumer):
    url, _ = served
    signature = sign_result_request(consumer, chain.chain_id, compute.address, 1, NOW)
    headers = {TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: "0x" + signature.hex()}
    assert httpx.get(f"{url}/jobs/1/result", headers=headers, timeout=30).status_code == 200
    replay = httpx.get(f"{url}/jobs/1/result", headers=headers, timeout=30)
    assert replay.status_code == 403 and "already used" in replay.json()["error"]


def test_result_server_refuses_a_result_the_chain_does_not_commit_to(served, compute, chain, consumer):
    url, store = served
    store.result_path(1).write_bytes(b'{"rows": "never"}')
    response = _get(url, compute, chain, consumer)
    assert response.status_code == 409 and b"rows" not in response.content


def test_result_server_refuses_a_signature_for_the_other_artifact(served, compute, chain, consumer):
    url, _ = served
    signature = sign_result_request(consumer, chain.chain_id, compute.address, 1, NOW, "log")
    headers = {TIMESTAMP_HEADER: str(NOW), SIGNATURE_HEADER: "0x" + signature.hex()}
    assert httpx.get(f"{url}/jobs/1/result", headers=headers, timeout=30).status_code == 403


def test_result_server_answers_404_for_unknown_job(served, compute, chain, consumer):
    url, _ = served
    assert _get(url, compute, chain, consumer, job_id=99).status_code == 404


def test_fetch_artifact_returns_checked_result(served, compute, chain, consumer):
    url, store = served
    body = fetch_artifact(url, compute, consumer, chain.chain_id, 1, clock=lambda: NOW)
    assert body == store.fetch(1)


def test_fetch_artifact_raises_on_refusal(served, compute, chain, stranger):
    url, _ = served
    with pytest.raises(FetchFailed, match="403"):
        fetch_artifact(url, compute, stranger, chain.chain_id, 1, clock=lambda: NOW)


def test_fetch_artifact_refuses_a_tampered_result(compute, registry, dataset, provider_asset, hospital, provider,
                                                  token, consumer, chain, tmp_path):
    # A dishonest provider serves bytes other than those whose hash it posted: the client refuses them.
    recipe = Recipe()
    compute.approveAlgorithm(dataset, recipe.content_hash, terms(provider_asset), sender=hospital)
    token.approve(compute, MAX_UINT, sender=consumer)
    compute.orderJob(order(dataset, chain, algorithmHash=recipe.content_hash, paramsHash=DEFAULT_PARAMS.content_hash),
                     sender=consumer)
    store = ResultStore(tmp_path)
    ComputeProvider.with_recipes(compute, registry, provider, store, [recipe]).poll_once()
    tampered = store.fetch(1).replace(b'"accuracy":0.', b'"accuracy":1.')
    liar = Starlette(routes=[Route("/jobs/{job_id:int}/result", lambda request: Response(tampered))])
    with ThreadedServer(liar) as server, pytest.raises(ResultMismatch, match="the chain says"):
        fetch_artifact(server.url, compute, consumer, chain.chain_id, 1)
