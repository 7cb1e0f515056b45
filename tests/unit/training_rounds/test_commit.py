"""TrainingRounds.commit: one commitment per participant per round, in the commit phase."""

from __future__ import annotations


def test_commit_stores_the_commitment_and_emits_it(training, task, hospitals):
    digest = bytes.fromhex("ab" * 32)

    receipt = training.commit(task, digest, sender=hospitals[0])

    assert training.updateHashOf(task, hospitals[0]) == digest
    assert receipt.events.filter(training.UpdateCommitted)[0].commitment == digest


def test_commit_reverts_when_not_a_participant(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.NotParticipant, taskId=task, account=outsider):
        training.commit(task, b"\1" * 32, sender=outsider)


def test_commit_reverts_after_the_commit_deadline(flow, training, task, hospitals, reverts_exactly):
    flow.goto(task, "Reveal")
    with reverts_exactly(training.WrongPhase, taskId=task, expected=1, actual=2):
        training.commit(task, b"\1" * 32, sender=hospitals[0])


def test_commit_reverts_when_task_unknown(training, hospitals, reverts_exactly):
    with reverts_exactly(training.UnknownTask, taskId=999):
        training.commit(999, b"\1" * 32, sender=hospitals[0])


def test_commit_matches_the_python_commitment(training, task, hospitals):
    from modelmarket.training import fixedpoint

    salt = bytes.fromhex("cd" * 32)
    digest = fixedpoint.update_hash([1, -2, 3, -4])
    python = fixedpoint.commitment(task, 0, digest, 77, 1500, salt, hospitals[1].address)

    assert training.commitmentOf(task, 0, digest, 77, 1500, salt, hospitals[1]) == python


def test_commit_reverts_when_commitment_is_zero(training, task, hospitals, reverts_exactly):
    with reverts_exactly(training.InvalidParameter, what=b"commitment".ljust(32, b"\0"), value=0):
        training.commit(task, b"\0" * 32, sender=hospitals[0])


def test_commit_first_of_a_participant_overwrites_the_joined_marker(training, task, hospitals):
    assert training.updateHashOf(task, hospitals[0]) == (1).to_bytes(32, "big")

    training.commit(task, b"\2" * 32, sender=hospitals[0])

    assert training.updateHashOf(task, hospitals[0]) == b"\2" * 32
