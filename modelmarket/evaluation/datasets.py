"""Named eval sets: fixed splits of datasets shipped inside scikit-learn, as fixed-point integers.

The split is fixed (seeded, stratified); its canonical bytes and their keccak are the eval set
hash an attestation names. The train split of the same seed trains the reference model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from modelmarket.evaluation.fixedpoint import FEATURE_SCALE, canonical_bytes, to_fixed
from modelmarket.keccak import keccak

#: Seed and test share of every split (part of the eval set's definition).
SPLIT_SEED = 42
TEST_SIZE = 0.25


@dataclass(frozen=True)
class EvalSet:
    """A named eval set: integer features (`FEATURE_SCALE`) and integer labels."""

    name: str
    rows: tuple[tuple[int, ...], ...]
    labels: tuple[int, ...]

    def canonical_bytes(self) -> bytes:
        return canonical_bytes(
            {"name": self.name, "featureScale": FEATURE_SCALE, "rows": self.rows, "labels": self.labels}
        )

    @property
    def hash(self) -> bytes:
        """keccak256 of the canonical bytes: the `evalSetHash` attestations name."""
        return keccak(self.canonical_bytes())


def _split(loader_name: str):
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    data = getattr(datasets, loader_name)()
    return train_test_split(
        data.data, data.target, test_size=TEST_SIZE, random_state=SPLIT_SEED, stratify=data.target
    )


def _to_set(name: str, features, labels) -> EvalSet:
    rows = tuple(tuple(to_fixed(float(x), FEATURE_SCALE) for x in row) for row in features)
    return EvalSet(name=name, rows=rows, labels=tuple(int(label) for label in labels))


#: Eval set name -> scikit-learn loader of the (binary) dataset it splits.
EVAL_SETS: dict[str, str] = {"breast-cancer-test-v1": "load_breast_cancer"}


@cache
def load_eval_set(name: str) -> EvalSet:
    """The test split called `name` (KeyError with the known names otherwise)."""
    if name not in EVAL_SETS:
        raise KeyError(f"unknown eval set {name!r}; known: {', '.join(sorted(EVAL_SETS))}")
    _, x_test, _, y_test = _split(EVAL_SETS[name])
    return _to_set(name, x_test, y_test)


@cache
def train_split(name: str):
    """The train split (features as floats, labels) matching eval set `name`."""
    if name not in EVAL_SETS:
        raise KeyError(f"unknown eval set {name!r}; known: {', '.join(sorted(EVAL_SETS))}")
    x_train, _, y_train, _ = _split(EVAL_SETS[name])
    return x_train, y_train
