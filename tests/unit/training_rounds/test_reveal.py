"""TrainingRounds.reveal: the update must open the caller's own commitment, within the policy."""

from __future__ import annotations

from modelmarket.training import fixedpoint
from tests.unit.training_rounds.conftest import UPDATES


def test_reveal_records_the_update_and_the_contribution(flow, training, task, hospitals):
    values, samples = UPDATES[0]
    flow.commit(task, hospitals[0], values, samples, epsilon=2_000)
    flow.goto(task, "Reveal")

    receipt = flow.reveal(task, hospitals[0])

    assert training.updateHashOf(task, hospitals[0]) == fixedpoint.update_hash(values)
    assert training.contributionOf(task, hospitals[0]) == samples
    event = receipt.events.filter(training.UpdateRevealed)[0]
    assert (fixedpoint.unpack(bytes(event.update)), event.sampleCount, event.dpEpsilonMilli) == (values, samples, 2_000)


def test_reveal_reverts_when_update_differs_from_commitment(flow, training, task, hospitals, reverts_exactly):
    values, samples = UPDATES[0]
    opening = flow.commit(task, hospitals[0], values, samples)
    flow.goto(task, "Reveal")
    other = [v + 1 for v in values]
    computed = fixedpoint.commitment(task, 0, fixedpoint.update_hash(other), samples, 0, opening.salt, hospitals[0].address)
    stored = training.updateHashOf(task, hospitals[0])
    with reverts_exactly(training.CommitmentMismatch, taskId=task, participant=hospitals[0], stored=stored, computed=computed):
        training.reveal(task, fixedpoint.pack(other), samples, 0, opening.salt, sender=hospitals[0])


def test_reveal_reverts_when_revealed_twice(flow, training, task, hospitals, reverts_exactly):
    flow.commit(task, hospitals[0], *UPDATES[0])
    flow.goto(task, "Reveal")
    flow.reveal(task, hospitals[0])
    with reverts_exactly(training.AlreadyRevealed, taskId=task, round=0, participant=hospitals[0]):
        flow.reveal(task, hospitals[0])


def test_reveal_reverts_in_the_commit_phase(flow, training, task, hospitals, reverts_exactly):
    flow.commit(task, hospitals[0], *UPDATES[0])
    with reverts_exactly(training.WrongPhase, taskId=task, expected=2, actual=1):
        flow.reveal(task, hospitals[0])


def test_reveal_reverts_after_the_reveal_deadline(flow, training, task, hospitals, reverts_exactly):
    flow.commit(task, hospitals[0], *UPDATES[0])
    flow.goto(task, "Aggregate")
    with reverts_exactly(training.WrongPhase, taskId=task, expected=2, actual=5):
        flow.reveal(task, hospitals[0])


def test_reveal_reverts_when_sample_count_above_maximum(flow, training, task, hospitals, reverts_exactly):
    flow.commit(task, hospitals[0], UPDATES[0][0], 10_001)
    flow.goto(task, "Reveal")
    with reverts_exactly(training.SampleCountOutOfRange, sampleCount=10_001, maximum=10_000):
        flow.reveal(task, hospitals[0])


def test_reveal_reverts_when_epsilon_above_cap(flow, training, task, hospitals, reverts_exactly):
    flow.commit(task, hospitals[0], UPDATES[0][0], 10, epsilon=10_001)
    flow.goto(task, "Reveal")
    with reverts_exactly(training.EpsilonAboveCap, dpEpsilonMilli=10_001, maximum=10_000):
        flow.reveal(task, hospitals[0])


def test_reveal_reverts_when_update_has_the_wrong_length(flow, training, task, hospitals, reverts_exactly):
    flow.commit(task, hospitals[0], [1, 2, 3], 10)
    flow.goto(task, "Reveal")
    with reverts_exactly(training.WrongUpdateLength, length=24, expected=32):
        flow.reveal(task, hospitals[0])
