"""Run an evaluation: a model on a named eval set with a named metric, exactly."""

from __future__ import annotations

from dataclasses import dataclass

from modelmarket.evaluation.datasets import load_eval_set
from modelmarket.evaluation.metrics import METRICS, accuracy, metric_id
from modelmarket.evaluation.models import LinearModel
from modelmarket.keccak import keccak

#: The evaluation method; its keccak is the `methodHash` attestations name.
METHOD = "modelmarket.eval/linear-int-dot+exact-accuracy/1"


def method_hash() -> bytes:
    return keccak(METHOD.encode())


@dataclass(frozen=True)
class Evaluation:
    """The figure an evaluation produced and every hash an attestation of it names."""

    model_hash: bytes
    eval_set: str
    eval_set_hash: bytes
    metric: str
    metric_id: bytes
    value: int
    method_hash: bytes


def evaluate(model: LinearModel, eval_set: str = "breast-cancer-test-v1", metric: str = "accuracy") -> Evaluation:
    """Evaluates `model` on `eval_set` (deterministic, integer arithmetic only)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; known: {', '.join(METRICS)}")
    data = load_eval_set(eval_set)
    value = accuracy(model.predict(data.rows), data.labels)
    return Evaluation(
        model_hash=model.content_hash,
        eval_set=eval_set,
        eval_set_hash=data.hash,
        metric=metric,
        metric_id=metric_id(metric),
        value=value,
        method_hash=method_hash(),
    )
