"""The chain side of performance attestations: post, check, challenge, vote, read scores.

Functions take the EvalRegistry (and ModelRegistry) contract instances; the CLI, the demo and the
tests call these, so the rule "does re-execution reproduce the posted figure" lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from modelmarket.evaluation.metrics import metric_id
from modelmarket.evaluation.runner import Evaluation

#: EvalRegistry.Status names, by value.
STATUSES: tuple[str, ...] = ("none", "pending", "challenged", "upheld", "rejected", "finalized", "timed-out")


@dataclass(frozen=True)
class Score:
    """The buyer's view of one (model version, metric, eval set)."""

    median: int
    evaluators: int
    finalized: bool


def claim_of(evaluation: Evaluation, asset_id: int, version: int, value: int | None = None) -> dict[str, Any]:
    """The EvalRegistry.Claim of `evaluation` about `asset_id`'s `version` (`value` overrides the figure)."""
    return {
        "assetId": asset_id,
        "version": version,
        "versionHash": evaluation.model_hash,
        "evalSetHash": evaluation.eval_set_hash,
        "metricId": evaluation.metric_id,
        "value": evaluation.value if value is None else value,
        "methodHash": evaluation.method_hash,
    }


def check_version(registry, asset_id: int, version: int, model_hash: bytes) -> None:
    """Raises ValueError unless `model_hash` is the registry content hash of the version."""
    if not registry.exists(asset_id):
        raise ValueError(f"asset #{asset_id} is not listed")
    count = registry.getAsset(asset_id).versionCount
    if not 1 <= version <= count:
        raise ValueError(f"asset #{asset_id} has versions 1..{count}, not {version}")
    listed = bytes(registry.getVersion(asset_id, version).contentHash)
    if listed != model_hash:
        raise ValueError(
            f"the model file hashes to 0x{model_hash.hex()}, but version {version} of asset #{asset_id} "
            f"is 0x{listed.hex()}"
        )


def post(evals, token, sender, claim: dict[str, Any], bond: int) -> int:
    """Approves `bond` if needed and posts `claim`; returns the attestation id."""
    _approve(evals, token, sender, bond)
    receipt = evals.attest(claim, bond, sender=sender)
    return receipt.events.filter(evals.Attested)[0].attestationId


def reproduces(attestation, evaluation: Evaluation) -> bool:
    """Whether re-execution (`evaluation`) reproduces every hash and the figure the attestation states."""
    claim = attestation.claim
    return (
        bytes(claim.versionHash) == evaluation.model_hash
        and bytes(claim.evalSetHash) == evaluation.eval_set_hash
        and bytes(claim.metricId) == evaluation.metric_id
        and bytes(claim.methodHash) == evaluation.method_hash
        and claim.value == evaluation.value
    )


def challenge(evals, token, sender, attestation_id: int, bond: int | None = None) -> int:
    """Challenges with `bond` (default: the least the registry accepts, the attestation's bond capped
    at the score's weight cap); returns the bond posted."""
    if bond is None:
        cap = evals.WEIGHT_CAP_MULTIPLE() * evals.MIN_ATTESTATION_BOND()
        bond = min(int(evals.getAttestation(attestation_id).bond), int(cap))
    amount = bond
    _approve(evals, token, sender, amount)
    evals.challenge(attestation_id, amount, sender=sender)
    return amount


def register_evaluator(evals, token, sender) -> None:
    """Registers `sender` as an evaluator (approves and locks EVALUATOR_BOND)."""
    _approve(evals, token, sender, evals.EVALUATOR_BOND())
    evals.registerEvaluator(sender=sender)


def eval_set_hash(name: str) -> bytes:
    """The hash of the named eval set."""
    from modelmarket.evaluation.datasets import load_eval_set

    return load_eval_set(name).hash


def status_name(attestation) -> str:
    return STATUSES[attestation.status]


def score(evals, asset_id: int, version_hash: bytes, metric: str, eval_set_hash: bytes) -> Score:
    median, evaluators, finalized = evals.score(asset_id, version_hash, metric_id(metric), eval_set_hash)
    return Score(median=median, evaluators=evaluators, finalized=finalized)


def meets(found: Score, minimum: int, min_evaluators: int) -> bool:
    """Whether a score passes a buyer's filter: median ≥ `minimum` from ≥ `min_evaluators` counted
    attestations (each unchallenged past its window, or upheld)."""
    return found.evaluators >= max(min_evaluators, 1) and found.median >= minimum


def _approve(evals, token, sender, amount: int) -> None:
    if token.allowance(sender, evals) < amount:
        token.approve(evals, amount, sender=sender)
