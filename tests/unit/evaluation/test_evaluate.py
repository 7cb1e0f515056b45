from __future__ import annotations

from fractions import Fraction

import pytest

from modelmarket.evaluation import evaluate, load_eval_set, method_hash, train_reference_model
from modelmarket.evaluation.datasets import train_split
from modelmarket.keccak import keccak


def test_load_eval_set_hash_is_keccak_of_canonical_bytes_and_stable():
    data = load_eval_set("breast-cancer-test-v1")
    assert data.hash == keccak(data.canonical_bytes())
    assert len(data.rows) == len(data.labels) == 143  # 25 % of 569
    assert set(data.labels) == {0, 1}


def test_load_eval_set_rejects_unknown_name():
    with pytest.raises(KeyError, match="unknown eval set"):
        load_eval_set("imagenet")


def test_train_split_and_eval_set_are_disjoint_partitions():
    x_train, _ = train_split("breast-cancer-test-v1")
    assert len(x_train) + len(load_eval_set("breast-cancer-test-v1").rows) == 569


def test_evaluate_matches_float_model_and_exact_fraction():
    from sklearn.linear_model import LogisticRegression  # noqa: F401 (scikit-learn is installed)

    model = train_reference_model()
    data = load_eval_set("breast-cancer-test-v1")
    result = evaluate(model)
    correct = sum(p == y for p, y in zip(model.predict(data.rows), data.labels, strict=True))
    assert result.value == int(Fraction(correct, len(data.labels)) * 1_000_000)
    assert result.value > 900_000  # a reasonable classifier, not a constant
    assert (result.eval_set_hash, result.model_hash, result.method_hash) == (data.hash, model.content_hash, method_hash())


def test_evaluate_rejects_unknown_metric():
    with pytest.raises(ValueError, match="unknown metric"):
        evaluate(train_reference_model(), metric="bleu")


def test_evaluate_differs_for_a_different_model():
    assert evaluate(train_reference_model(regularization=0.001)).value != evaluate(train_reference_model()).value
