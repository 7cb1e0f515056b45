"""A linear classifier as fixed-point integers: canonical bytes, content hash and exact predictions.

The reference model is a logistic regression (scikit-learn, fixed seed) trained on an eval set's
train split with standardised features; the standardisation is folded into the weights, and the
weights are stored as integers, so a prediction is an integer dot product any machine reproduces.
The keccak of the canonical bytes is the registry content hash of the model version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from modelmarket.evaluation.fixedpoint import FEATURE_SCALE, canonical_bytes, to_fixed
from modelmarket.keccak import keccak

#: Weights are integers of 1e-12; the bias is in weight × feature units (1e-18).
WEIGHT_SCALE = 10**12
FORMAT = "modelmarket.linear-int/1"


@dataclass(frozen=True)
class LinearModel:
    """predict(x) = 1 when Σ weights·x + bias > 0 (all integers), else 0."""

    weights: tuple[int, ...]
    bias: int

    def canonical_bytes(self) -> bytes:
        return canonical_bytes(
            {
                "format": FORMAT,
                "featureScale": FEATURE_SCALE,
                "weightScale": WEIGHT_SCALE,
                "weights": self.weights,
                "bias": self.bias,
            }
        )

    @property
    def content_hash(self) -> bytes:
        """keccak256 of the canonical bytes: the registry version's content hash."""
        return keccak(self.canonical_bytes())

    def predict(self, rows: tuple[tuple[int, ...], ...]) -> list[int]:
        if any(len(row) != len(self.weights) for row in rows):
            raise ValueError(f"the model takes {len(self.weights)} features")
        return [1 if sum(w * x for w, x in zip(self.weights, row, strict=True)) + self.bias > 0 else 0 for row in rows]

    def save(self, path: Path) -> None:
        path.write_bytes(self.canonical_bytes())

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Reads a model file; it must be in canonical form (so its hash is the file's hash)."""
        raw = path.read_bytes()
        try:
            document = json.loads(raw)
            model = cls(weights=tuple(int(w) for w in document["weights"]), bias=int(document["bias"]))
            valid = document.get("format") == FORMAT and model.canonical_bytes() == raw
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise ValueError(f"{path} is not a canonical {FORMAT} model file")
        return model


def train_reference_model(eval_set: str = "breast-cancer-test-v1", regularization: float = 1.0) -> LinearModel:
    """Logistic regression (lbfgs, seed 0) on the train split of `eval_set`, as integers."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from modelmarket.evaluation.datasets import train_split

    features, labels = train_split(eval_set)
    scaler = StandardScaler().fit(features)
    classifier = LogisticRegression(C=regularization, max_iter=5_000, random_state=0)
    classifier.fit(scaler.transform(features), labels)
    coefficients = classifier.coef_[0] / scaler.scale_
    intercept = float(classifier.intercept_[0] - (coefficients * scaler.mean_).sum())
    return LinearModel(
        weights=tuple(to_fixed(float(w), WEIGHT_SCALE) for w in coefficients),
        bias=to_fixed(intercept, WEIGHT_SCALE * FEATURE_SCALE),
    )
