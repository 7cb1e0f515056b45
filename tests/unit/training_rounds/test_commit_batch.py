"""TrainingRounds.commitBatch: anyone submits commitments participants signed (EIP-712)."""

from __future__ import annotations

from modelmarket.training import chain as training_chain
from modelmarket.training import relay
from tests.unit.training_rounds.conftest import UPDATES


def _signed(training, task, hospital, index=0):
    opening = training_chain.new_opening(*UPDATES[index])
    return opening, training_chain.signed_commit(training, task, hospital, opening)


def test_commit_batch_stores_every_signed_commitment(training, task, hospitals, outsider):
    signed = [_signed(training, task, h, i)[1] for i, h in enumerate(hospitals)]

    receipt = training_chain.commit_batch(training, task, signed, outsider)

    assert [training.updateHashOf(task, h) for h in hospitals] == [s[1] for s in signed]
    events = receipt.events.filter(training.UpdateCommitted)
    assert [(e.participant, e.commitment) for e in events] == [(h.address, s[1]) for h, s in zip(hospitals, signed, strict=True)]


def test_commit_batch_commitment_opens_with_a_direct_reveal(flow, training, task, hospitals, outsider):
    opening, signed = _signed(training, task, hospitals[0])
    training_chain.commit_batch(training, task, [signed], outsider)
    flow.goto(task, "Reveal")

    training_chain.reveal(training, task, hospitals[0], opening)

    assert training.getMember(task, hospitals[0]).revealedRound == 1


def test_commit_batch_reverts_when_signed_by_someone_else(training, task, hospitals, outsider, reverts_exactly):
    _, signed = _signed(training, task, hospitals[0])
    forged = (hospitals[1].address, *signed[1:])  # hospital 0's signature claimed for hospital 1

    with reverts_exactly(training.InvalidCommitSignature, taskId=task, participant=hospitals[1]):
        training_chain.commit_batch(training, task, [forged], outsider)


def test_commit_batch_skips_a_replayed_entry(training, task, hospitals, outsider):
    _, signed = _signed(training, task, hospitals[0])
    training_chain.commit_batch(training, task, [signed], outsider)

    receipt = training_chain.commit_batch(training, task, [signed], outsider)

    assert not list(receipt.events.filter(training.UpdateCommitted))
    skipped = receipt.events.filter(training.BatchEntrySkipped)
    assert [(e.taskId, e.round, e.participant) for e in skipped] == [(task, 0, hospitals[0].address)]
    assert training.updateHashOf(task, hospitals[0]) == signed[1]


def test_commit_batch_skips_the_entry_of_a_participant_that_committed_itself(training, task, hospitals, outsider):
    signed = [_signed(training, task, h, i)[1] for i, h in enumerate(hospitals)]
    training_chain.commit(training, task, hospitals[0], *UPDATES[2])  # lands before the relayer's batch

    receipt = training_chain.commit_batch(training, task, signed, outsider)

    assert [e.participant for e in receipt.events.filter(training.BatchEntrySkipped)] == [hospitals[0].address]
    assert [e.participant for e in receipt.events.filter(training.UpdateCommitted)] == [h.address for h in hospitals[1:]]
    assert training.updateHashOf(task, hospitals[0]) != signed[0][1]
    assert [training.updateHashOf(task, h) for h in hospitals[1:]] == [s[1] for s in signed[1:]]


def test_commit_batch_reverts_when_not_a_participant(training, task, hospitals, outsider, reverts_exactly):
    _, signed = _signed(training, task, hospitals[0])
    stranger = (outsider.address, *signed[1:])

    with reverts_exactly(training.NotParticipant, taskId=task, account=outsider):
        training_chain.commit_batch(training, task, [stranger], outsider)


def test_commit_batch_reverts_when_commitment_is_zero(training, task, hospitals, outsider, reverts_exactly):
    _, signed = _signed(training, task, hospitals[0])
    zero = (signed[0], b"\0" * 32, *signed[2:])

    with reverts_exactly(training.InvalidParameter, what=b"commitment".ljust(32, b"\0"), value=0):
        training_chain.commit_batch(training, task, [zero], outsider)


def test_commit_batch_reverts_when_empty(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.BadBatchSize, size=0, maximum=16):
        training_chain.commit_batch(training, task, [], outsider)


def test_commit_batch_reverts_after_the_commit_deadline(flow, training, task, hospitals, outsider, reverts_exactly):
    _, signed = _signed(training, task, hospitals[0])
    flow.goto(task, "Reveal")

    with reverts_exactly(training.WrongPhase, taskId=task, expected=1, actual=2):
        training_chain.commit_batch(training, task, [signed], outsider)


def test_domain_separator_matches_the_python_domain(chain, training):
    assert training.domainSeparator() == relay.domain(chain.chain_id, training.address).separator
