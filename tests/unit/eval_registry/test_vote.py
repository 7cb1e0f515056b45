from __future__ import annotations

from tests.unit.eval_registry.helpers import (
    CHALLENGED, MIN_BOND, QUORUM, REJECTED, UPHELD, WEIGHT_CAP, attest, cut,
)


def test_vote_counts_and_emits_event(evals, challenged, delegator):
    receipt = evals.vote(challenged, True, sender=delegator)
    assert receipt.events.filter(evals.Voted) == [
        evals.Voted(attestationId=challenged, voter=delegator, attesterRight=True, votesFor=1, votesAgainst=0)
    ]
    stored = evals.getAttestation(challenged)
    assert (stored.status, stored.votesForAttester, stored.votesForChallenger) == (CHALLENGED, 1, 0)
    assert evals.hasVoted(challenged, delegator)


def test_vote_quorum_for_challenger_rejects_and_pays_challenger(evals, challenged, voters, stranger, treasury):
    for voter in voters[:QUORUM]:
        receipt = evals.vote(challenged, False, sender=voter)
    fee = cut(MIN_BOND)
    assert receipt.events.filter(evals.CaseResolved) == [
        evals.CaseResolved(attestationId=challenged, attesterWon=False, winner=stranger, payout=2 * MIN_BOND - fee, protocolCut=fee)
    ]
    assert evals.getAttestation(challenged).status == REJECTED
    assert evals.claimable(stranger) == 2 * MIN_BOND - fee
    assert evals.claimable(treasury) == fee
    key = evals.getAttestation(challenged).key
    assert evals.openCount(key) == 0
    assert evals.scoreEntries(key).values == []


def test_vote_quorum_for_attester_upholds_pays_attester_and_counts(evals, challenged, voters, owner, treasury, model):
    for voter in voters[:QUORUM]:
        receipt = evals.vote(challenged, True, sender=voter)
    fee = cut(MIN_BOND)
    assert evals.getAttestation(challenged).status == UPHELD
    assert evals.claimable(owner) == 2 * MIN_BOND - fee
    assert evals.claimable(treasury) == fee
    key = evals.getAttestation(challenged).key
    assert receipt.events.filter(evals.ScoreEntryAdded) == [
        evals.ScoreEntryAdded(key=key, attestationId=challenged, value=950_000, weight=min(MIN_BOND, WEIGHT_CAP))
    ]


def test_vote_split_votes_decide_at_quorum_only(evals, challenged, voters, consumer2, chain):
    evals.vote(challenged, True, sender=voters[0])
    evals.vote(challenged, False, sender=voters[1])
    evals.vote(challenged, False, sender=voters[2])
    assert evals.getAttestation(challenged).status == CHALLENGED  # 1 right / 2 wrong < QUORUM


def test_vote_reverts_when_party_votes(evals, model, voters, stranger, reverts_exactly):
    # The attester is a registered evaluator; it cannot vote on its own case.
    attestation_id = attest(evals, voters[0], model)
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    with reverts_exactly(evals.PartyCannotVote, attestationId=attestation_id, voter=voters[0]):
        evals.vote(attestation_id, True, sender=voters[0])
    with reverts_exactly(evals.PartyCannotVote, attestationId=attestation_id, voter=stranger):
        evals.vote(attestation_id, False, sender=stranger)


def test_vote_reverts_when_voted_twice(evals, challenged, delegator, reverts_exactly):
    evals.vote(challenged, True, sender=delegator)
    with reverts_exactly(evals.AlreadyVoted, attestationId=challenged, voter=delegator):
        evals.vote(challenged, False, sender=delegator)


def test_vote_reverts_when_not_registered(evals, challenged, consumer2, reverts_exactly):
    with reverts_exactly(evals.NotEligibleVoter, attestationId=challenged, voter=consumer2):
        evals.vote(challenged, True, sender=consumer2)


def test_vote_reverts_when_registered_after_attestation(evals, challenged, consumer2, reverts_exactly):
    evals.registerEvaluator(sender=consumer2)
    assert not evals.canVote(challenged, consumer2)
    with reverts_exactly(evals.NotEligibleVoter, attestationId=challenged, voter=consumer2):
        evals.vote(challenged, True, sender=consumer2)


def test_vote_reverts_when_exiting(evals, challenged, delegator, reverts_exactly):
    evals.requestExit(sender=delegator)
    with reverts_exactly(evals.NotEligibleVoter, attestationId=challenged, voter=delegator):
        evals.vote(challenged, True, sender=delegator)


def test_vote_reverts_after_resolution_window(evals, challenged, delegator, chain, reverts_exactly):
    resolve_by = evals.getAttestation(challenged).resolveBy
    chain.pending_timestamp = resolve_by
    with reverts_exactly(evals.VotingClosed, attestationId=challenged, resolveBy=resolve_by):
        evals.vote(challenged, True, sender=delegator)


def test_vote_reverts_when_not_challenged(evals, model, voters, owner, reverts_exactly):
    attestation_id = attest(evals, owner, model)
    with reverts_exactly(evals.WrongStatus, attestationId=attestation_id, status=1, expected=CHALLENGED):
        evals.vote(attestation_id, True, sender=voters[0])
