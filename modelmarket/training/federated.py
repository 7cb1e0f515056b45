"""A real federated run: hospitals = non-IID partitions of scikit-learn's breast-cancer dataset.

Each institution trains a logistic regression locally (full-batch gradient descent in numpy, fixed
seeds) from the current global model and quantizes the result to int64 fixed point; only that update
(and its hash) leaves it. The aggregator averages the updates with the on-chain fixed-point FedAvg.
`compare` measures held-out accuracy of the federated model against one trained centrally on all
training data and against each institution trained alone, with the same number of gradient steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from modelmarket.training import fixedpoint

SEED = 20240531
LEARNING_RATE = 0.5
L2 = 1e-3


@dataclass(frozen=True)
class Institution:
    """One hospital's private data (never leaves it)."""

    name: str
    features: np.ndarray
    labels: np.ndarray

    @property
    def samples(self) -> int:
        return int(self.labels.shape[0])


@dataclass(frozen=True)
class Split:
    """The institutions' partitions of the training data and the held-out test set."""

    institutions: list[Institution]
    test_features: np.ndarray
    test_labels: np.ndarray

    @property
    def dimension(self) -> int:
        return int(self.test_features.shape[1]) + 1  # weights + bias


def load_split(institutions: int = 4, alpha: float = 0.6, seed: int = SEED) -> Split:
    """Breast-cancer data (30 features, 569 patients), 25 % held out, the rest split by a Dirichlet
    label skew (`alpha`; smaller = more non-IID) across `institutions` hospitals.

    Features are standardized with pooled statistics: each hospital shares only its count, sum and
    sum of squares (aggregates, not records); the held-out set uses the same scaler.
    """
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    data = load_breast_cancer()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.25, stratify=data.target, random_state=seed % 2**32
    )
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet([alpha] * institutions, size=2)  # per label, the share of each hospital
    owners = np.empty(len(y_train), dtype=int)
    for label in (0, 1):
        indices = rng.permutation(np.flatnonzero(y_train == label))
        cuts = (np.cumsum(shares[label])[:-1] * len(indices)).astype(int)
        for owner, part in enumerate(np.split(indices, cuts)):
            owners[part] = owner
    parts = [np.flatnonzero(owners == i) for i in range(institutions)]
    count = sum(len(p) for p in parts)
    total = sum(x_train[p].sum(axis=0) for p in parts)
    total_sq = sum((x_train[p] ** 2).sum(axis=0) for p in parts)
    mean = total / count
    std = np.sqrt(np.maximum(total_sq / count - mean**2, 1e-12))
    hospitals = [
        Institution(f"hospital-{chr(ord('A') + i)}", (x_train[p] - mean) / std, y_train[p]) for i, p in enumerate(parts)
    ]
    return Split(hospitals, (x_test - mean) / std, y_test)


def _with_bias(features: np.ndarray) -> np.ndarray:
    return np.hstack([features, np.ones((features.shape[0], 1))])


def train_local(weights: np.ndarray, features: np.ndarray, labels: np.ndarray, steps: int) -> np.ndarray:
    """`steps` full-batch gradient steps of L2-regularized logistic regression from `weights`."""
    x = _with_bias(features)
    w = weights.astype(np.float64).copy()
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - labels) / len(labels) + L2 * w
        w -= LEARNING_RATE * gradient
    return w


def accuracy(weights: np.ndarray, features: np.ndarray, labels: np.ndarray) -> float:
    """Share of correct predictions (threshold 0.5)."""
    predictions = (_with_bias(features) @ weights) > 0
    return float(np.mean(predictions == labels.astype(bool)))


def local_update(global_values: list[int], institution: Institution, steps: int) -> list[int]:
    """What leaves an institution: its locally trained weights, in int64 fixed point."""
    trained = train_local(fixedpoint.dequantize(global_values), institution.features, institution.labels, steps)
    return fixedpoint.quantize(trained)


@dataclass
class Comparison:
    """Held-out accuracy of the federated, the central and each institution's own model."""

    federated: float
    central: float
    alone: dict[str, float] = field(default_factory=dict)
    samples: dict[str, int] = field(default_factory=dict)

    @property
    def alone_mean(self) -> float:
        return float(np.mean(list(self.alone.values())))


def run_offline(split: Split, rounds: int, steps: int) -> list[int]:
    """Federated training without a chain (same arithmetic as the on-chain path): the final weights."""
    values = [0] * split.dimension
    for _ in range(rounds):
        updates = [local_update(values, inst, steps) for inst in split.institutions]
        values = fixedpoint.fedavg(updates, [inst.samples for inst in split.institutions])
    return values


def compare(split: Split, federated_values: list[int], rounds: int, steps: int) -> Comparison:
    """Accuracy of the federated model vs central training vs each institution alone (same step budget)."""
    x_test, y_test = split.test_features, split.test_labels
    total_steps = rounds * steps
    zero = np.zeros(split.dimension)
    all_x = np.vstack([inst.features for inst in split.institutions])
    all_y = np.concatenate([inst.labels for inst in split.institutions])
    central = train_local(zero, all_x, all_y, total_steps)
    return Comparison(
        federated=accuracy(fixedpoint.dequantize(federated_values), x_test, y_test),
        central=accuracy(central, x_test, y_test),
        alone={
            inst.name: accuracy(train_local(zero, inst.features, inst.labels, total_steps), x_test, y_test)
            for inst in split.institutions
        },
        samples={inst.name: inst.samples for inst in split.institutions},
    )
