"""TrainingRounds.advance / finalize: anyone moves a task on; the trained model is listed with lineage."""

from __future__ import annotations

from modelmarket.training import fixedpoint
from tests.unit.training_rounds.conftest import UPDATES


def test_advance_accepts_an_unchallenged_aggregate(flow, training, revealed, aggregator, outsider):
    flow.post(revealed, aggregator)
    flow.goto(revealed, "Acceptable")

    receipt = training.advance(revealed, sender=outsider)

    accepted = receipt.events.filter(training.RoundAccepted)[0]
    assert (accepted.round, accepted.count, accepted.samples) == (0, 3, sum(s for _, s in UPDATES))
    assert training.getTask(revealed).round == 1


def test_advance_accepts_an_empty_round_after_the_reveal_deadline(flow, training, task, outsider):
    flow.goto(task, "Aggregate")

    receipt = training.advance(task, sender=outsider)

    assert receipt.events.filter(training.RoundAccepted)[0].aggregateHash == b"\0" * 32


def test_advance_reverts_during_the_challenge_window(flow, training, revealed, aggregator, outsider, reverts_exactly):
    flow.post(revealed, aggregator)
    with reverts_exactly(training.NothingToAdvance, taskId=revealed, phase=4):
        training.advance(revealed, sender=outsider)


def test_finalize_lists_the_model_with_lineage_to_the_base(flow, training, registry, task, hospitals, aggregator, coordinator, base_model):
    flow.play_round(task, {hospitals[0]: UPDATES[0], hospitals[1]: UPDATES[1]}, aggregator)
    flow.play_round(task, {hospitals[2]: UPDATES[2]}, aggregator)

    receipt = training.finalize(task, sender=hospitals[0])

    model = receipt.events.filter(training.TaskFinalized)[0].modelAssetId
    assert registry.ownerOf(model) == coordinator.address
    assert registry.getParents(model)[0].assetId == base_model
    assert registry.getVersion(model, 1).contentHash == fixedpoint.update_hash(UPDATES[2][0])


def test_finalize_reverts_before_every_round_is_accepted(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.WrongPhase, taskId=task, expected=7, actual=1):
        training.finalize(task, sender=outsider)


def test_finalize_without_contributions_refunds_the_coordinator(flow, training, token, task, coordinator, outsider):
    for _ in range(2):
        flow.goto(task, "Aggregate")
        training.advance(task, sender=outsider)
    training.finalize(task, sender=outsider)
    before = token.balanceOf(coordinator)

    training.claim(task, sender=coordinator)

    assert token.balanceOf(coordinator) - before == training.getTask(task).rewardPool
