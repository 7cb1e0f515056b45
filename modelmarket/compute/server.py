"""The provider's result server: `GET /jobs/<jobId>/result` and `/jobs/<jobId>/log` over HTTP,
answered only to the job's consumer (a fresh `ResultRequest` signature, see `access`), and only
with the bytes the chain commits to (the job's result hash; the log hash of its `ResultPosted`
event). It never reads the private table: it serves the runner's output files, nothing else.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from modelmarket.compute.access import SIGNATURE_HEADER, TIMESTAMP_HEADER, RequestGate, RequestRefused
from modelmarket.compute.jobs import posted_log_hash
from modelmarket.compute.results import ResultStore
from modelmarket.keccak import keccak

__all__ = ["HASH_HEADER", "result_app"]

#: Response header carrying the served bytes' keccak256 (the client still checks the chain itself).
HASH_HEADER = "X-Modelmarket-Keccak"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def result_app(compute: Any, store: ResultStore, chain_id: int, gate: RequestGate | None = None) -> Starlette:
    """The Starlette app serving `store`'s results of `compute`'s jobs to their consumers."""
    gate = gate or RequestGate(chain_id, str(compute.address))

    def serve(request: Request, artifact: str) -> Response:
        job_id = int(request.path_params["job_id"])
        if not 1 <= job_id <= int(compute.jobCount()):
            return _error(404, f"job {job_id} does not exist")
        job = compute.getJob(job_id)
        try:
            gate.admit(job_id, artifact, job.consumer, request.headers.get(TIMESTAMP_HEADER),
                       request.headers.get(SIGNATURE_HEADER))
        except RequestRefused as refusal:
            return _error(403, str(refusal))
        if not any(bytes(job.resultHash)):
            return _error(404, f"job {job_id} has no result posted")
        if artifact == "result":
            expected, path = bytes(job.resultHash), store.result_path(job_id)
        else:
            expected, path = posted_log_hash(compute, job_id), store.log_path(job_id)
        if not path.exists():
            return _error(404, f"no {artifact} stored for job {job_id}")
        body = path.read_bytes()
        if keccak(body) != expected:  # never serve what the chain does not commit to
            return _error(409, f"stored {artifact} of job {job_id} does not match the chain")
        media = "application/json" if artifact == "result" else "text/plain"
        return Response(body, media_type=media, headers={HASH_HEADER: "0x" + expected.hex()})

    def result(request: Request) -> Response:
        return serve(request, "result")

    def log(request: Request) -> Response:
        return serve(request, "log")

    return Starlette(routes=[
        Route("/jobs/{job_id:int}/result", result, methods=["GET"]),
        Route("/jobs/{job_id:int}/log", log, methods=["GET"]),
    ])
