from __future__ import annotations

import pytest

from modelmarket.gateway.model import DigitsClassifier, InvalidInput


def test_train_scores_above_ninety_percent_on_held_out_digits(classifier):
    assert classifier.accuracy > 0.9


def test_train_is_deterministic(classifier):
    assert DigitsClassifier.train().fingerprint == classifier.fingerprint


def test_predict_answers_a_packaged_digit(classifier):
    answer = classifier.predict({"pixels": DigitsClassifier.sample(0)})
    assert answer["digit"] == 0 and 0 < answer["probability"] <= 1


@pytest.mark.parametrize("request_body", [{}, {"pixels": [1.0] * 3}, {"pixels": ["x"] * 64}, {"pixels": [99.0] * 64}, []])
def test_predict_rejects_malformed_input(classifier, request_body):
    with pytest.raises(InvalidInput):
        classifier.predict(request_body)
