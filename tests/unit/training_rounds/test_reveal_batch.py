"""TrainingRounds.revealBatch: anyone submits openings; each opens only its participant's commitment."""

from __future__ import annotations

from modelmarket.training import chain as training_chain
from modelmarket.training import fixedpoint
from tests.unit.training_rounds.conftest import UPDATES


def _committed(flow, task, hospitals):
    openings = {h.address: flow.commit(task, h, *update) for h, update in zip(hospitals, UPDATES, strict=True)}
    flow.goto(task, "Reveal")
    return openings


def test_reveal_batch_records_every_opening(flow, training, task, hospitals, outsider):
    openings = _committed(flow, task, hospitals)

    receipt = training_chain.reveal_batch(training, task, openings, outsider)

    assert [int(training.getMember(task, h).revealedRound) for h in hospitals] == [1, 1, 1]
    assert training.getTask(task).revealedCount == 3
    assert [training.contributionOf(task, h) for h in hospitals] == [samples for _, samples in UPDATES]
    assert [e.participant for e in receipt.events.filter(training.UpdateRevealed)] == [h.address for h in hospitals]


def test_reveal_batch_skips_the_opening_of_a_participant_that_revealed_itself(flow, training, task, hospitals, outsider):
    openings = _committed(flow, task, hospitals)
    training_chain.reveal(training, task, hospitals[0], openings[hospitals[0].address])  # before the batch

    receipt = training_chain.reveal_batch(training, task, openings, outsider)

    assert [e.participant for e in receipt.events.filter(training.BatchEntrySkipped)] == [hospitals[0].address]
    assert [e.participant for e in receipt.events.filter(training.UpdateRevealed)] == [h.address for h in hospitals[1:]]
    assert training.getTask(task).revealedCount == 3
    assert [training.contributionOf(task, h) for h in hospitals] == [samples for _, samples in UPDATES]


def test_reveal_batch_aggregates_like_direct_reveals(flow, training, task, hospitals, aggregator, outsider):
    openings = _committed(flow, task, hospitals)
    training_chain.reveal_batch(training, task, openings, outsider)
    flow.goto(task, "Aggregate")

    flow.post(task, aggregator)

    assert training.getTask(task).postedAggregateHash == fixedpoint.update_hash(flow.honest(task)[0])


def test_reveal_batch_reverts_when_an_opening_differs(flow, training, task, hospitals, outsider, reverts_exactly):
    openings = _committed(flow, task, hospitals)
    honest = openings[hospitals[1].address]
    openings[hospitals[1].address] = training_chain.Opening([7, 7, 7, 7], honest.samples, 0, honest.salt)
    computed = fixedpoint.commitment(
        task, 0, fixedpoint.update_hash([7, 7, 7, 7]), honest.samples, 0, honest.salt, hospitals[1].address
    )

    with reverts_exactly(
        training.CommitmentMismatch,
        taskId=task,
        participant=hospitals[1],
        stored=training.updateHashOf(task, hospitals[1]),
        computed=computed,
    ):
        training_chain.reveal_batch(training, task, openings, outsider)


def test_reveal_batch_reverts_when_larger_than_the_participant_bound(flow, training, task, hospitals, outsider, reverts_exactly):
    openings = _committed(flow, task, hospitals)
    opening = openings[hospitals[0].address]
    entry = (hospitals[0].address, opening.samples, 0, opening.salt, opening.packed)

    with reverts_exactly(training.BadBatchSize, size=17, maximum=16):
        training.revealBatch(task, [entry] * 17, sender=outsider)


def test_reveal_batch_reverts_before_the_reveal_phase(flow, training, task, hospitals, outsider, reverts_exactly):
    opening = flow.commit(task, hospitals[0], *UPDATES[0])

    with reverts_exactly(training.WrongPhase, taskId=task, expected=2, actual=1):
        training_chain.reveal_batch(training, task, {hospitals[0].address: opening}, outsider)
