"""The demo's evaluation scene on the test deployment: real training, real re-execution."""

from __future__ import annotations

import io

from rich.console import Console

from modelmarket.evaluation import evaluate, load_eval_set, train_reference_model
from modelmarket.evaluation.metrics import accuracy
from modelmarket_demo.eval_scene import FALSE_ACCURACY, run_eval_scene
from modelmarket_demo.scenario import Cast, Scenario
from tests.unit.eval_registry.helpers import cut


def test_eval_scene_false_claim_loses_bond_and_true_claim_becomes_score(market, token):
    scenario = Scenario(market, Cast.from_test_accounts(), Console(file=io.StringIO(), width=140))
    run_eval_scene(scenario)
    figures = scenario.figures["eval"]
    model = train_reference_model()
    data = load_eval_set("breast-cancer-test-v1")
    expected = accuracy(model.predict(data.rows), data.labels)
    assert figures["true_value"] == expected != FALSE_ACCURACY
    assert figures["challenged"] == [figures["false"]]
    assert (figures["false_status"], figures["honest_status"]) == ("rejected", "finalized")
    assert figures["reporter_won"] == 2 * figures["bond"] - cut(figures["bond"])
    score = figures["score"]
    assert (score.median, score.evaluators, score.finalized) == (expected, 1, True)
    assert figures["listed"] == (expected >= 900_000)
    assert evaluate(model).model_hash == bytes(market.registry.getVersion(figures["asset_id"], 1).contentHash)
