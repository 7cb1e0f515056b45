"""TrainingRounds.postAggregate: the bonded aggregator posts the round's FedAvg and Merkle root."""

from __future__ import annotations

from modelmarket.training import fixedpoint


def test_post_aggregate_records_the_post_and_opens_the_challenge(flow, training, revealed, aggregator):
    average, root = flow.honest(revealed)

    receipt = flow.post(revealed, aggregator)

    task = training.getTask(revealed)
    assert (task.postedAggregateHash, task.postedRoot) == (fixedpoint.update_hash(average), root)
    assert receipt.events.filter(training.AggregatePosted)[0].count == 3
    assert training.phaseOf(revealed) == 4  # Challenge


def test_post_aggregate_reverts_when_count_differs_from_reveals(flow, training, revealed, aggregator, reverts_exactly):
    with reverts_exactly(training.UpdateCountMismatch, taskId=revealed, given=2, revealed=3):
        flow.post(revealed, aggregator, count=2)


def test_post_aggregate_reverts_when_caller_not_aggregator(flow, training, revealed, outsider, reverts_exactly):
    with reverts_exactly(training.NotAggregator, taskId=revealed, caller=outsider):
        flow.post(revealed, outsider)


def test_post_aggregate_reverts_after_the_aggregate_deadline(flow, training, revealed, aggregator, reverts_exactly):
    flow.goto(revealed, "Overdue")
    with reverts_exactly(training.WrongPhase, taskId=revealed, expected=3, actual=6):
        flow.post(revealed, aggregator)


def test_post_aggregate_reverts_when_aggregator_not_bonded(flow, training, coordinator, aggregator, hospitals, reverts_exactly):
    task_id = flow.open(coordinator, aggregator, hospitals)
    with reverts_exactly(training.AggregatorNotBonded, taskId=task_id):
        training.postAggregate(task_id, b"\0" * 32, b"\0" * 32, 0, sender=aggregator)
