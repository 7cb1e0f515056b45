"""Real packaged data, synthetic generators (honest and junk), and a deterministic CSV format.

A dataset file is CSV: a header of the feature names then `label`, one row per sample, floats
written with `%.6g` so the same rows always give the same bytes (and the same keccak).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from modelmarket.bounties.spec import BountySpec
from modelmarket.keccak import keccak


@dataclass(frozen=True)
class Split:
    """The real data of a spec, split deterministically."""

    feature_names: tuple[str, ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def real_split(spec: BountySpec) -> Split:
    """The spec's real dataset (shipped by scikit-learn), split with the spec's seed, stratified."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    loader = getattr(datasets, f"load_{spec.dataset}")
    bunch = loader()
    x_train, x_test, y_train, y_test = train_test_split(
        bunch.data, bunch.target, test_size=spec.test_size, random_state=spec.split_seed, stratify=bunch.target
    )
    names = tuple(str(name).replace(" ", "_") for name in bunch.feature_names)
    return Split(names, x_train, y_train, x_test, y_test)


def honest_synthetic(spec: BountySpec, rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Samples from a per-class Gaussian (mean and full covariance) fitted to the real train split,
    class sizes in the train split's proportions."""
    split = real_split(spec)
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(split.y_train, return_counts=True)
    sizes = np.floor(counts / counts.sum() * rows).astype(int)
    sizes[0] += rows - sizes.sum()
    xs, ys = [], []
    for label, size in zip(classes, sizes, strict=True):
        members = split.x_train[split.y_train == label]
        mean = members.mean(axis=0)
        covariance = np.cov(members, rowvar=False) + 1e-9 * np.eye(members.shape[1])
        xs.append(rng.multivariate_normal(mean, covariance, size=int(size), method="eigh"))
        ys.append(np.full(int(size), label))
    return np.vstack(xs), np.concatenate(ys)


def junk_synthetic(spec: BountySpec, rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Uniform noise in [0, 1) for every feature, random labels: what a lazy generator submits."""
    split = real_split(spec)
    rng = np.random.default_rng(seed)
    classes = np.unique(split.y_train)
    return rng.random((rows, split.x_train.shape[1])), rng.choice(classes, size=rows)


def to_csv(feature_names: tuple[str, ...], x: np.ndarray, y: np.ndarray) -> bytes:
    """Deterministic CSV bytes of the rows."""
    out = io.StringIO()
    out.write(",".join((*feature_names, "label")) + "\n")
    for row, label in zip(x, y, strict=True):
        out.write(",".join(f"{value:.6g}" for value in row) + f",{int(label)}\n")
    return out.getvalue().encode()


def from_csv(data: bytes, feature_names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Parses a dataset file; raises ValueError when its columns are not the spec's."""
    lines = data.decode().strip().splitlines()
    if not lines:
        raise ValueError("the dataset file is empty")
    header = tuple(lines[0].split(","))
    if header != (*feature_names, "label"):
        raise ValueError(f"the dataset's columns are not the spec's ({len(header)} columns, {len(feature_names) + 1} expected)")
    try:
        table = np.array([[float(cell) for cell in line.split(",")] for line in lines[1:]], dtype=float)
    except ValueError as error:
        raise ValueError(f"the dataset has a non-numeric cell: {error}") from None
    if table.size == 0:
        return np.empty((0, len(feature_names))), np.empty(0)
    if not np.isfinite(table).all():
        raise ValueError("the dataset has a non-finite value")
    return table[:, :-1], table[:, -1].astype(int)


def dataset_hash(data: bytes) -> bytes:
    """keccak of the dataset file's bytes (the on-chain `datasetHash`)."""
    return keccak(data)


def write_dataset(path: Path, data: bytes) -> bytes:
    """Writes the file and returns its hash."""
    path.write_bytes(data)
    return dataset_hash(data)
