"""Shared constants and helpers for ComputeJobs tests (unit, attack, invariant)."""

from __future__ import annotations

from typing import Any

from modelmarket.compute.receipts import sign_result_receipt
from modelmarket.deploy import COMPUTE_JOBS_PARAMS

TOKEN = 10**18
MAX_UINT = 2**256 - 1
MIN_SELF_STAKE = 1_000 * TOKEN  # StakingPool default
FEE_BPS, MAX_JOB_DURATION, REVIEW_WINDOW, RESOLUTION_WINDOW, DISPUTE_BOND_BPS, MIN_DISPUTE_BOND = COMPUTE_JOBS_PARAMS
PRICE = 100 * TOKEN
ALGO = b"\xa1" * 32  # the algorithm asset's content hash (its current version)
RAW_ALGO = b"\xc0" * 32  # a raw code hash, not in the registry
PARAMS = b"\x9a" * 32
RESULT = b"\x5e" * 32
LOG = b"\x10" * 32
FLAG_RESEARCH = 1
FLAG_EU = 2
LICENCE_RESEARCH = 1
ZERO = "0x" + "00" * 20
# JobStatus
NONE, ORDERED, ACCEPTED, POSTED, DISPUTED, RELEASED, REFUNDED = range(7)


def terms(provider_asset: int, **overrides: Any) -> dict[str, Any]:
    """A valid ApprovalTerms struct as a dict."""
    values: dict[str, Any] = {
        "price": PRICE,
        "requiredFlags": 0,
        "allowedLicenceClasses": MAX_UINT,
        "providerAssetId": provider_asset,
        "algorithmAssetId": 0,
        "providerBps": 2_000,
        "algorithmBps": 0,
    }
    values.update(overrides)
    return values


def order(dataset: int, chain: Any, **overrides: Any) -> dict[str, Any]:
    """A valid Order struct as a dict (deadline one day ahead)."""
    values: dict[str, Any] = {
        "datasetId": dataset,
        "algorithmHash": RAW_ALGO,
        "paramsHash": PARAMS,
        "maxPrice": PRICE,
        "deadline": chain.pending_timestamp + 86_400,
        "declaredFlags": 0,
        "licenceClass": 0,
    }
    values.update(overrides)
    return values


def sign(compute: Any, chain: Any, signer: Any, job_id: int, algorithm: bytes = RAW_ALGO,
         result: bytes = RESULT, log: bytes = LOG) -> bytes:
    return sign_result_receipt(signer, chain.chain_id, compute.address, job_id, algorithm, result, log)


def post(compute: Any, chain: Any, provider: Any, job_id: int, algorithm: bytes = RAW_ALGO,
         result: bytes = RESULT) -> Any:
    signature = sign(compute, chain, provider, job_id, algorithm, result)
    return compute.postResult(job_id, result, LOG, signature, sender=provider)


def split(amount: int, provider_bps: int, algorithm_bps: int) -> tuple[int, int, int, int]:
    """Python model of the release split: (fee, provider, algorithm, dataset)."""
    fee = -(-amount * FEE_BPS // 10_000)
    net = amount - fee
    provider = net * provider_bps // 10_000
    algorithm = net * algorithm_bps // 10_000
    return fee, provider, algorithm, net - provider - algorithm


def dispute_bond(price: int) -> int:
    """Python model of `disputeBond(price)`: bps of the price rounded up, at least the floor."""
    return max(-(-price * DISPUTE_BOND_BPS // 10_000), MIN_DISPUTE_BOND)


def bond_split(price: int, refund: int) -> tuple[int, int, int]:
    """Python model of a dispute bond's settlement: (returned to consumer, provider, protocol fee)."""
    bond = dispute_bond(price)
    returned = bond * refund // price
    fee = -(-(bond - returned) * FEE_BPS // 10_000)
    return returned, bond - returned - fee, fee
