"""Deterministic CPU evaluation of listed model versions on hashed eval sets, and the chain side of
staked performance attestations (EvalRegistry).

Everything that decides a figure is integer arithmetic on canonical bytes: the eval set's features
and the model's parameters are fixed-point integers, a prediction is an exact integer dot product,
and a metric is an exact fraction floored to `VALUE_SCALE`. Two honest evaluators on any machine
get the same bytes, the same hashes and the same figure.
"""

from __future__ import annotations

from modelmarket.evaluation.datasets import EVAL_SETS, EvalSet, load_eval_set
from modelmarket.evaluation.metrics import METRICS, VALUE_SCALE, metric_id, metric_name
from modelmarket.evaluation.models import LinearModel, train_reference_model
from modelmarket.evaluation.runner import METHOD, Evaluation, evaluate, method_hash

__all__ = [
    "EVAL_SETS",
    "METHOD",
    "METRICS",
    "VALUE_SCALE",
    "EvalSet",
    "Evaluation",
    "LinearModel",
    "evaluate",
    "load_eval_set",
    "method_hash",
    "metric_id",
    "metric_name",
    "train_reference_model",
]
