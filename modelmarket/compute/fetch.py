"""The consumer's side of result delivery: sign a request, fetch the result (or log) from the
provider over HTTP with httpx, and accept it only if it hashes to what the chain says."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from modelmarket.compute.access import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign_result_request
from modelmarket.compute.jobs import posted_log_hash
from modelmarket.compute.results import verify_result

__all__ = ["FetchFailed", "fetch_artifact"]

ARTIFACTS = ("result", "log")


class FetchFailed(RuntimeError):
    """The provider refused the request or could not be reached."""


def fetch_artifact(url: str, compute: Any, account: Any, chain_id: int, job_id: int, artifact: str = "result",
                   clock: Callable[[], float] = time.time, timeout: float = 30.0) -> bytes:
    """Job `job_id`'s `artifact` from the provider at `url`, checked against the chain's hash
    (raises `FetchFailed` on a refusal, `ResultMismatch` on bytes the chain does not commit to)."""
    if artifact not in ARTIFACTS:
        raise ValueError(f"artifact must be one of {ARTIFACTS}")
    job = compute.getJob(job_id)
    if not any(bytes(job.resultHash)):
        raise FetchFailed(f"job {job_id} has no result posted yet")
    timestamp = int(clock())
    signature = sign_result_request(account, chain_id, str(compute.address), job_id, timestamp, artifact)
    headers = {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: "0x" + signature.hex()}
    try:
        response = httpx.get(f"{url.rstrip('/')}/jobs/{job_id}/{artifact}", headers=headers, timeout=timeout)
    except httpx.HTTPError as failure:
        raise FetchFailed(f"cannot reach the provider at {url}: {failure}") from None
    if response.status_code != 200:
        try:
            reason = response.json().get("error", response.text)
        except ValueError:
            reason = response.text
        raise FetchFailed(f"provider refused ({response.status_code}): {reason}")
    expected = bytes(job.resultHash) if artifact == "result" else posted_log_hash(compute, job_id)
    return verify_result(response.content, expected)
