"""TrainingRounds.challengeAggregate: anyone proves a wrong FedAvg or a wrong set of included updates."""

from __future__ import annotations

from modelmarket.training import fixedpoint
from tests.unit.training_rounds.conftest import AGGREGATOR_BOND, POOL


def test_challenge_aggregate_slashes_a_wrong_average(flow, training, revealed, aggregator, challenger):
    average, _ = flow.honest(revealed)
    flow.post(revealed, aggregator, values=[average[0] + 1, *average[1:]])

    receipt = training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)

    slash = receipt.events.filter(training.AggregatorSlashed)[0]
    assert (slash.toChallenger, slash.toPool) == (AGGREGATOR_BOND // 2, AGGREGATOR_BOND - AGGREGATOR_BOND // 2)
    task = training.getTask(revealed)
    assert (task.aggregatorBond, task.aggregatorSlashed, task.rewardPool) == (0, True, POOL + slash.toPool)


def test_challenge_aggregate_accepts_the_recomputed_round(flow, training, revealed, aggregator, challenger):
    average, root = flow.honest(revealed)
    flow.post(revealed, aggregator, values=[0] * len(average))

    receipt = training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)

    accepted = receipt.events.filter(training.RoundAccepted)[0]
    assert (accepted.aggregateHash, accepted.updatesRoot) == (fixedpoint.update_hash(average), root)
    assert training.getTask(revealed).round == 1


def test_challenge_aggregate_slashes_a_root_that_leaves_an_update_out(flow, training, revealed, aggregator, challenger, hospitals):
    reveals = flow.reveals(revealed)
    reveals.pop(hospitals[0].address)
    _, partial_root = fixedpoint.aggregate_round(reveals)
    flow.post(revealed, aggregator, root=partial_root)

    receipt = training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)

    assert len(receipt.events.filter(training.AggregatorSlashed)) == 1


def test_challenge_aggregate_reverts_when_the_post_is_correct(flow, training, revealed, aggregator, challenger, reverts_exactly):
    flow.post(revealed, aggregator)
    with reverts_exactly(training.AggregateCorrect, taskId=revealed, round=0):
        training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)


def test_challenge_aggregate_reverts_when_an_update_is_left_out(flow, training, revealed, aggregator, challenger, reverts_exactly):
    flow.post(revealed, aggregator)
    participants, updates = flow.inputs(revealed)
    with reverts_exactly(training.UpdateCountMismatch, taskId=revealed, given=2, revealed=3):
        training.challengeAggregate(revealed, participants[1:], updates[1:], sender=challenger)


def test_challenge_aggregate_reverts_when_an_update_is_forged(flow, training, revealed, aggregator, challenger, reverts_exactly):
    flow.post(revealed, aggregator)
    participants, updates = flow.inputs(revealed)
    forged = [fixedpoint.pack([1, 2, 3, 4]), *updates[1:]]
    with reverts_exactly(training.UpdateMismatch, taskId=revealed, participant=participants[0]):
        training.challengeAggregate(revealed, participants, forged, sender=challenger)


def test_challenge_aggregate_reverts_when_participants_not_ascending(flow, training, revealed, aggregator, challenger, reverts_exactly):
    flow.post(revealed, aggregator)
    participants, updates = flow.inputs(revealed)
    swapped = [participants[1], participants[0], participants[2]]
    with reverts_exactly(training.ParticipantsNotAscending, previous=participants[1], next=participants[0]):
        training.challengeAggregate(revealed, swapped, [updates[1], updates[0], updates[2]], sender=challenger)


def test_challenge_aggregate_reverts_after_the_challenge_window(flow, training, revealed, aggregator, challenger, reverts_exactly):
    flow.post(revealed, aggregator, values=[0, 0, 0, 0])
    flow.goto(revealed, "Acceptable")
    with reverts_exactly(training.WrongPhase, taskId=revealed, expected=4, actual=5):
        training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)
