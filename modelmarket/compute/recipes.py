"""Training recipes identified by content hash, run on the provider's private table.

An algorithm is a :class:`Recipe`: a training procedure with fixed hyperparameters and seed. Its
content hash (what a dataset owner approves on chain) covers the recipe spec, the code version of
this module and the scikit-learn version, so a changed recipe or a changed implementation is a
different algorithm that needs its own approval. The consumer's run parameters (split seed, test
fraction) are hashed apart (the job's `paramsHash`).

The private table stands in for a hospital's records: scikit-learn's bundled breast-cancer data
(569 patients × 30 features). Only the provider loads it; a result carries weights and metrics,
never a row.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from modelmarket.keccak import keccak

__all__ = [
    "CODE_VERSION",
    "DEFAULT_PARAMS",
    "Params",
    "Recipe",
    "RunOutput",
    "canonical_json",
    "dataset_content_hash",
    "run_recipe",
]

#: Bumped whenever `run_recipe` changes what it computes: part of every recipe's content hash.
CODE_VERSION = "modelmarket.compute.recipes/1"


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes (sorted keys, no spaces): what every hash here is taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class Recipe:
    """Logistic regression on standardised features, fixed regularisation and iteration budget."""

    model: str = "logistic-regression"
    c: float = 1.0
    max_iter: int = 2000

    def spec(self) -> dict[str, Any]:
        import sklearn

        return {"code": CODE_VERSION, "sklearn": sklearn.__version__, **asdict(self)}

    @property
    def content_hash(self) -> bytes:
        """The algorithm hash a dataset owner approves."""
        return keccak(canonical_json(self.spec()))


@dataclass(frozen=True, slots=True)
class Params:
    """What the consumer chooses per job: the train/test split."""

    split_seed: int = 0
    test_fraction: float = 0.25

    @property
    def content_hash(self) -> bytes:
        return keccak(canonical_json(asdict(self)))

    @classmethod
    def from_json(cls, raw: bytes) -> Params:
        data = json.loads(raw)
        return cls(split_seed=int(data["split_seed"]), test_fraction=float(data["test_fraction"]))

    def to_json(self) -> bytes:
        return canonical_json(asdict(self))


DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class RunOutput:
    """A job's result (weights and metrics, canonical JSON) and its log, with their hashes."""

    result: bytes
    log: bytes

    @property
    def result_hash(self) -> bytes:
        return keccak(self.result)

    @property
    def log_hash(self) -> bytes:
        return keccak(self.log)


def _private_table() -> tuple[Any, Any]:
    from sklearn.datasets import load_breast_cancer

    features, labels = load_breast_cancer(return_X_y=True)
    return features, labels


def dataset_content_hash() -> bytes:
    """Content hash of the private table (features then labels, as stored): the dataset's registry hash."""
    features, labels = _private_table()
    return keccak(features.tobytes() + labels.tobytes())


def run_recipe(recipe: Recipe, params: Params, job_id: int) -> RunOutput:
    """Trains `recipe` on the private table with `params`; deterministic for a given environment."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if recipe.model != "logistic-regression":
        raise ValueError(f"unknown recipe model {recipe.model!r}")
    features, labels = _private_table()
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=params.test_fraction, random_state=params.split_seed, stratify=labels
    )
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=recipe.c, max_iter=recipe.max_iter))
    pipeline.fit(x_train, y_train)
    scaler, classifier = pipeline[0], pipeline[1]
    accuracy = float(pipeline.score(x_test, y_test))
    result = {
        "jobId": job_id,
        "algorithmHash": "0x" + recipe.content_hash.hex(),
        "paramsHash": "0x" + params.content_hash.hex(),
        "metrics": {"accuracy": round(accuracy, 6), "trainRows": len(y_train), "testRows": len(y_test)},
        "weights": {
            "coef": [round(float(w), 8) for w in classifier.coef_[0]],
            "intercept": round(float(classifier.intercept_[0]), 8),
            "scalerMean": [round(float(m), 8) for m in scaler.mean_],
            "scalerScale": [round(float(s), 8) for s in scaler.scale_],
        },
    }
    log = "\n".join(
        [
            f"job {job_id}: recipe {recipe.model} C={recipe.c} max_iter={recipe.max_iter}",
            f"private table: {features.shape[0]} rows x {features.shape[1]} features (not released)",
            f"split seed {params.split_seed}, test fraction {params.test_fraction}",
            f"test accuracy {accuracy:.6f}",
        ]
    ).encode()
    return RunOutput(result=canonical_json(result), log=log)
