from __future__ import annotations

import pytest

from modelmarket.evaluation.metrics import accuracy, format_value, metric_id, metric_name, parse_value


def test_accuracy_floors_the_exact_fraction():
    assert accuracy([1, 1, 0], [1, 0, 0]) == 666_666  # 2/3 floored at 1e-6
    assert accuracy([1, 0], [1, 0]) == 1_000_000


def test_accuracy_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        accuracy([1], [1, 0])


def test_metric_id_round_trips_and_is_padded_ascii():
    assert metric_id("accuracy") == b"accuracy" + b"\0" * 24
    assert metric_name(metric_id("accuracy")) == "accuracy"


def test_parse_and_format_value():
    assert parse_value("0.9") == 900_000
    assert format_value(986_013) == "0.986013"
    with pytest.raises(ValueError):
        parse_value("-1")
