"""The deterministic validator score of a synthetic dataset against its spec.

Two proper tests against the real data, combined into a fixed-point score in bps (0..10,000):
- train-on-synthetic / test-on-real (TSTR) accuracy relative to train-on-real / test-on-real;
- the mean per-feature two-sample Kolmogorov–Smirnov statistic between synthetic and real train
  columns (0: same distribution; 1: disjoint).
Everything is seeded or closed-form (lbfgs logistic regression, exact KS), so every honest validator
computes the same score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from modelmarket.bounties.data import from_csv, real_split
from modelmarket.bounties.spec import BountySpec

SCORE_SCALE = 10_000


@dataclass(frozen=True)
class ScoreReport:
    rows: int
    tstr_accuracy: float
    trtr_accuracy: float
    mean_ks: float
    score_bps: int


def _accuracy(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if len(np.unique(y_train)) < 2:
        return float(np.mean(y_test == y_train[0])) if len(y_train) else 0.0
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(x_train, y_train)
    return float(model.score(x_test, y_test))


def combine(tstr: float, trtr: float, mean_ks: float) -> int:
    """`floor(5000 × min(1, tstr / trtr) + 5000 × (1 − mean_ks))`, in 0..10,000."""
    utility = min(1.0, tstr / trtr) if trtr > 0 else 0.0
    fidelity = 1.0 - mean_ks
    return max(0, min(SCORE_SCALE, math.floor(SCORE_SCALE // 2 * utility + SCORE_SCALE // 2 * fidelity + 1e-9)))


def score_dataset(spec: BountySpec, data: bytes) -> ScoreReport:
    """Scores a dataset file (CSV) against the spec; a file with too few rows scores 0."""
    from scipy.stats import ks_2samp

    split = real_split(spec)
    x, y = from_csv(data, split.feature_names)
    if len(x) < spec.min_rows:
        return ScoreReport(len(x), 0.0, 0.0, 1.0, 0)
    tstr = _accuracy(x, y, split.x_test, split.y_test)
    trtr = _accuracy(split.x_train, split.y_train, split.x_test, split.y_test)
    ks = [float(ks_2samp(x[:, column], split.x_train[:, column]).statistic) for column in range(x.shape[1])]
    mean_ks = float(np.mean(ks))
    return ScoreReport(len(x), tstr, trtr, mean_ks, combine(tstr, trtr, mean_ks))
