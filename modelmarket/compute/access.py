"""Who may fetch a job's result from its provider: the job's consumer, proven by an EIP-712
`ResultRequest{jobId, artifact, timestamp}` signature (ComputeJobs domain) that is fresh and used once.

One module for both sides: the consumer's client signs with :func:`sign_result_request`, the
provider's HTTP server checks with :class:`RequestGate` against the chain's job record.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from modelmarket.ape_signing import sign_typed_data
from modelmarket.compute.receipts import COMPUTE_JOBS_DOMAIN, COMPUTE_JOBS_VERSION, DOMAIN_TYPE

__all__ = [
    "MAX_REQUEST_AGE",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "RequestGate",
    "RequestRefused",
    "recover_requester",
    "result_request_message",
    "sign_result_request",
]

#: Seconds a signed request stays valid either side of the provider's clock.
MAX_REQUEST_AGE = 300
SIGNATURE_HEADER = "X-Modelmarket-Signature"
TIMESTAMP_HEADER = "X-Modelmarket-Timestamp"

_TYPES = {
    "EIP712Domain": DOMAIN_TYPE,
    "ResultRequest": [
        {"name": "jobId", "type": "uint256"},
        {"name": "artifact", "type": "string"},
        {"name": "timestamp", "type": "uint256"},
    ],
}


class RequestRefused(PermissionError):
    """The request is not the job consumer's, stale, replayed or malformed (HTTP 403/400)."""


def result_request_message(chain_id: int, contract: str, job_id: int, artifact: str, timestamp: int
                           ) -> dict[str, Any]:
    """The `eth_signTypedData_v4` message of a request for job `job_id`'s `artifact` ("result" or "log")."""
    return {
        "types": _TYPES,
        "primaryType": "ResultRequest",
        "domain": {
            "name": COMPUTE_JOBS_DOMAIN,
            "version": COMPUTE_JOBS_VERSION,
            "chainId": chain_id,
            "verifyingContract": contract,
        },
        "message": {"jobId": job_id, "artifact": artifact, "timestamp": timestamp},
    }


def sign_result_request(account: Any, chain_id: int, contract: str, job_id: int, timestamp: int,
                        artifact: str = "result") -> bytes:
    """`account`'s signature of a request for job `job_id`'s `artifact` at `timestamp` (unix seconds)."""
    return sign_typed_data(account, result_request_message(chain_id, contract, job_id, artifact, timestamp))


def recover_requester(chain_id: int, contract: str, job_id: int, artifact: str, timestamp: int, signature: bytes
                      ) -> str:
    """The checksummed address that signed the request (raises `RequestRefused` if malformed)."""
    from eth_account import Account
    from eth_account.messages import encode_typed_data

    message = encode_typed_data(full_message=result_request_message(chain_id, contract, job_id, artifact, timestamp))
    try:
        return str(Account.recover_message(message, signature=signature))
    except Exception as failure:  # a malformed signature is the requester's fault, not the server's
        raise RequestRefused(f"malformed signature: {failure}") from None


@dataclass
class RequestGate:
    """Admits a request for job `job_id` if signed by the job's consumer within `MAX_REQUEST_AGE`
    of `clock()` and never admitted before. "Seen" is keyed by what was signed (job, artifact,
    timestamp), not
    by the signature bytes, so a malleated copy of a used signature is a replay too; entries are
    pruned once their timestamps fall out of the window."""

    chain_id: int
    contract: str
    clock: Any = time.time
    _seen: dict[tuple[int, str, int], int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, job_id: int, artifact: str, consumer: str, timestamp_text: str | None,
              signature_text: str | None) -> None:
        if not timestamp_text or not signature_text:
            raise RequestRefused(f"missing {TIMESTAMP_HEADER} or {SIGNATURE_HEADER}")
        try:
            timestamp = int(timestamp_text)
            signature = bytes.fromhex(signature_text.removeprefix("0x"))
        except ValueError:
            raise RequestRefused("malformed timestamp or signature") from None
        now = int(self.clock())
        if abs(now - timestamp) > MAX_REQUEST_AGE:
            raise RequestRefused(f"request timestamp {timestamp} is more than {MAX_REQUEST_AGE} s from {now}")
        signer = recover_requester(self.chain_id, self.contract, job_id, artifact, timestamp, signature)
        if signer.lower() != str(consumer).lower():
            raise RequestRefused(f"{signer} is not the consumer of job {job_id}")
        with self._lock:
            for seen, at in list(self._seen.items()):  # bounded: requests of the last 2 × MAX_REQUEST_AGE
                if abs(now - at) > MAX_REQUEST_AGE:
                    del self._seen[seen]
            if (job_id, artifact, timestamp) in self._seen:
                raise RequestRefused("request already used")
            self._seen[(job_id, artifact, timestamp)] = timestamp
