"""A bounty's spec: which packaged real dataset the synthetic data must imitate, and how it is scored.

The spec is canonical JSON; its keccak is the on-chain `specHash`, and the criteria text's keccak is
the `criteriaHash`, so anyone can check that a validator scored against what the requester posted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from modelmarket.keccak import keccak

#: The real datasets scikit-learn ships (no download at run time).
DATASETS: tuple[str, ...] = ("wine", "iris", "breast_cancer")

CRITERIA = (
    "score_bps = floor(5000 * min(1, tstr_accuracy / trtr_accuracy) + 5000 * (1 - mean_ks)); "
    "tstr: StandardScaler + LogisticRegression(lbfgs, max_iter=1000) trained on the synthetic rows, "
    "accuracy on the real test split; trtr: the same trained on the real train split; "
    "mean_ks: mean over features of the two-sample Kolmogorov-Smirnov statistic between synthetic "
    "and real train columns; the submission must have the spec's columns and at least min_rows rows"
)


@dataclass(frozen=True)
class BountySpec:
    """What a requester asks for."""

    dataset: str = "wine"
    test_size: float = 0.3
    split_seed: int = 0
    min_rows: int = 100

    def __post_init__(self) -> None:
        if self.dataset not in DATASETS:
            raise ValueError(f"unknown dataset {self.dataset!r}; known: {', '.join(DATASETS)}")
        if not 0 < self.test_size < 1:
            raise ValueError(f"test_size must be in (0, 1), got {self.test_size}")
        if self.min_rows < 1:
            raise ValueError(f"min_rows must be ≥ 1, got {self.min_rows}")

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, no spaces): what `spec_hash` hashes."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> BountySpec:
        try:
            return cls(**json.loads(text))
        except (TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"not a bounty spec: {error}") from None

    def spec_hash(self) -> bytes:
        return keccak(self.to_json().encode())


def criteria_hash() -> bytes:
    """keccak of the scoring criteria text (the on-chain `criteriaHash`)."""
    return keccak(CRITERIA.encode())
