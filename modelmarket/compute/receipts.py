"""The provider's EIP-712 `ResultReceipt` (ComputeJobs domain): build, sign with an Ape account."""

from __future__ import annotations

from typing import Any

from modelmarket.ape_signing import sign_typed_data

__all__ = ["COMPUTE_JOBS_DOMAIN", "COMPUTE_JOBS_VERSION", "DOMAIN_TYPE", "result_receipt_message", "sign_result_receipt"]

COMPUTE_JOBS_DOMAIN = "ComputeJobs"
COMPUTE_JOBS_VERSION = "1"

#: The ComputeJobs EIP-712 domain's fields (the receipt and the consumer's result request share it).
DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]

_TYPES = {
    "EIP712Domain": DOMAIN_TYPE,
    "ResultReceipt": [
        {"name": "jobId", "type": "uint256"},
        {"name": "algorithmHash", "type": "bytes32"},
        {"name": "resultHash", "type": "bytes32"},
        {"name": "logHash", "type": "bytes32"},
    ],
}


def result_receipt_message(
    chain_id: int, contract: str, job_id: int, algorithm_hash: bytes, result_hash: bytes, log_hash: bytes
) -> dict[str, Any]:
    """The `eth_signTypedData_v4` message of a result receipt."""
    return {
        "types": _TYPES,
        "primaryType": "ResultReceipt",
        "domain": {
            "name": COMPUTE_JOBS_DOMAIN,
            "version": COMPUTE_JOBS_VERSION,
            "chainId": chain_id,
            "verifyingContract": contract,
        },
        "message": {
            "jobId": job_id,
            "algorithmHash": bytes(algorithm_hash),
            "resultHash": bytes(result_hash),
            "logHash": bytes(log_hash),
        },
    }


def sign_result_receipt(
    account: Any, chain_id: int, contract: str, job_id: int, algorithm_hash: bytes, result_hash: bytes, log_hash: bytes
) -> bytes:
    """`account`'s 65-byte signature of the receipt (it must be the provider asset's signer)."""
    message = result_receipt_message(chain_id, contract, job_id, algorithm_hash, result_hash, log_hash)
    return sign_typed_data(account, message)
