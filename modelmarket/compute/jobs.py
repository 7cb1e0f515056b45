"""Chain operations on ComputeJobs for dataset owners and consumers (the CLI and demo call these)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "JOB_STATUSES", "ApprovalTerms", "OrderRequest", "approve_algorithm", "dispute_job", "job_status", "order_job",
    "posted_log_hash",
]

#: `IComputeJobs.JobStatus` names, by value.
JOB_STATUSES = ("none", "ordered", "accepted", "posted", "disputed", "released", "refunded")


@dataclass(frozen=True, slots=True)
class ApprovalTerms:
    """`IComputeJobs.ApprovalTerms`."""

    price: int
    provider_asset_id: int
    required_flags: int = 0
    allowed_licence_classes: int = 2**256 - 1
    algorithm_asset_id: int = 0
    provider_bps: int = 0
    algorithm_bps: int = 0

    def as_struct(self) -> dict[str, int]:
        return {
            "price": self.price,
            "requiredFlags": self.required_flags,
            "allowedLicenceClasses": self.allowed_licence_classes,
            "providerAssetId": self.provider_asset_id,
            "algorithmAssetId": self.algorithm_asset_id,
            "providerBps": self.provider_bps,
            "algorithmBps": self.algorithm_bps,
        }


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """`IComputeJobs.Order`."""

    dataset_id: int
    algorithm_hash: bytes
    params_hash: bytes
    max_price: int
    deadline: int
    declared_flags: int = 0
    licence_class: int = 0

    def as_struct(self) -> dict[str, Any]:
        return {
            "datasetId": self.dataset_id,
            "algorithmHash": bytes(self.algorithm_hash),
            "paramsHash": bytes(self.params_hash),
            "maxPrice": self.max_price,
            "deadline": self.deadline,
            "declaredFlags": self.declared_flags,
            "licenceClass": self.licence_class,
        }


def approve_algorithm(compute: Any, dataset_id: int, algorithm_hash: bytes, terms: ApprovalTerms, sender: Any) -> Any:
    return compute.approveAlgorithm(dataset_id, bytes(algorithm_hash), terms.as_struct(), sender=sender)


def order_job(compute: Any, token: Any, order: OrderRequest, sender: Any) -> int:
    """Orders a job (approving the price to ComputeJobs if needed) and returns its id."""
    approval = compute.getApproval(order.dataset_id, bytes(order.algorithm_hash))
    if token.allowance(sender.address, compute.address) < approval.price:
        token.approve(compute.address, approval.price, sender=sender)
    receipt = compute.orderJob(order.as_struct(), sender=sender)
    return int(receipt.events.filter(compute.JobOrdered)[0].jobId)


def dispute_job(compute: Any, token: Any, job_id: int, evidence_hash: bytes, sender: Any) -> int:
    """Disputes a posted result, approving the dispute bond to ComputeJobs if needed; returns the bond."""
    bond = int(compute.disputeBond(compute.getJob(job_id).price))
    if token.allowance(sender.address, compute.address) < bond:
        token.approve(compute.address, bond, sender=sender)
    compute.disputeResult(job_id, bytes(evidence_hash), sender=sender)
    return bond


def job_status(compute: Any, job_id: int) -> str:
    return JOB_STATUSES[int(compute.getJob(job_id).status)]


def posted_log_hash(compute: Any, job_id: int) -> bytes:
    """The log hash the provider posted for `job_id` (emitted in `ResultPosted`, not stored): one log
    query filtered by the indexed job id; zero if no result was posted."""
    from ape import chain

    logs = list(compute.ResultPosted.range(0, chain.blocks.head.number + 1, search_topics={"jobId": job_id}))
    return bytes(logs[-1].logHash) if logs else bytes(32)
