"""The model a gateway serves: a real classifier trained at start from data shipped in a wheel.

scikit-learn's ``load_digits`` (1,797 8x8 handwritten digits, inside the scikit-learn wheel: no
download) trains a multinomial logistic regression with a fixed seed, so every replica of a
gateway answers every request with the same bytes (a receipt's ``responseHash`` is reproducible,
and two receipts for one request with different answers prove equivocation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from modelmarket.keccak import keccak

__all__ = ["DigitsClassifier", "InvalidInput", "canonical_json"]

FEATURES = 64
SEED = 7


class InvalidInput(ValueError):
    """A request body the model cannot answer."""


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value that request and response hashes are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class DigitsClassifier:
    """Logistic regression on ``load_digits``: 64 pixel intensities (0-16) -> a digit 0-9."""

    model: Any
    accuracy: float
    fingerprint: bytes

    @classmethod
    def train(cls) -> DigitsClassifier:
        """Load the packaged data, train on 80 % (fixed split and seed), score on the rest."""
        from sklearn.datasets import load_digits
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split

        features, labels = load_digits(return_X_y=True)
        train_x, test_x, train_y, test_y = train_test_split(
            features, labels, test_size=0.2, random_state=SEED, stratify=labels
        )
        model = LogisticRegression(max_iter=2_000, random_state=SEED).fit(train_x / 16.0, train_y)
        accuracy = float(model.score(test_x / 16.0, test_y))
        fingerprint = keccak(model.coef_.tobytes() + model.intercept_.tobytes())
        return cls(model, accuracy, fingerprint)

    @staticmethod
    def sample(index: int) -> list[float]:
        """Digit number ``index`` of the packaged data set, as a request's ``pixels``."""
        from sklearn.datasets import load_digits

        return [float(v) for v in load_digits().data[index]]

    def predict(self, request: Any) -> dict[str, Any]:
        """``{"pixels": [64 numbers in 0..16]}`` -> ``{"digit": d, "probability": p}``."""
        import numpy as np

        pixels = request.get("pixels") if isinstance(request, dict) else None
        if not isinstance(pixels, list) or len(pixels) != FEATURES:
            raise InvalidInput(f"expected {{'pixels': [{FEATURES} numbers]}}")
        try:
            row = np.asarray(pixels, dtype=float).reshape(1, FEATURES)
        except (TypeError, ValueError):
            raise InvalidInput("pixels must be numbers") from None
        if not np.all(np.isfinite(row)) or row.min() < 0 or row.max() > 16:
            raise InvalidInput("pixels must be finite numbers in 0..16")
        probabilities = self.model.predict_proba(row / 16.0)[0]
        digit = int(probabilities.argmax())
        return {"digit": digit, "probability": round(float(probabilities[digit]), 6)}
