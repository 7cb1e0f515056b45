from __future__ import annotations

import pytest

from modelmarket.evaluation import LinearModel, train_reference_model
from modelmarket.keccak import keccak


def test_train_reference_model_is_deterministic():
    assert train_reference_model().canonical_bytes() == train_reference_model().canonical_bytes()


def test_content_hash_is_keccak_of_canonical_bytes():
    model = LinearModel(weights=(3, -2), bias=-5)
    assert model.content_hash == keccak(model.canonical_bytes())
    assert LinearModel(weights=(3, -1), bias=-5).content_hash != model.content_hash


def test_predict_is_exact_integer_sign():
    model = LinearModel(weights=(3, -2), bias=-5)
    # 3*2 - 2*0 - 5 = 1 > 0; 3*1 - 2*1 - 5 = -4; 3*3 - 2*2 - 5 = 0 (not > 0)
    assert model.predict(((2, 0), (1, 1), (3, 2))) == [1, 0, 0]


def test_predict_rejects_wrong_width():
    with pytest.raises(ValueError, match="takes 2 features"):
        LinearModel(weights=(1, 2), bias=0).predict(((1,),))


def test_load_round_trips_saved_model(tmp_path):
    model = LinearModel(weights=(7, 8, -9), bias=10)
    model.save(tmp_path / "m.json")
    assert LinearModel.load(tmp_path / "m.json") == model


def test_load_rejects_non_canonical_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"bias": 1, "weights": [1]}')
    with pytest.raises(ValueError, match="not a canonical"):
        LinearModel.load(path)
