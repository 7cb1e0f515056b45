from __future__ import annotations

from tests.unit.eval_registry.helpers import CHALLENGED, MIN_BOND, TIMED_OUT, claim


def test_timeout_returns_both_bonds_and_never_counts(evals, challenged, owner, stranger, chain):
    stored = evals.getAttestation(challenged)
    chain.pending_timestamp = stored.resolveBy
    receipt = evals.timeout(challenged, sender=stranger)
    assert receipt.events.filter(evals.CaseTimedOut) == [evals.CaseTimedOut(attestationId=challenged)]
    assert evals.getAttestation(challenged).status == TIMED_OUT
    assert evals.claimable(owner) == MIN_BOND and evals.claimable(stranger) == MIN_BOND
    assert evals.scoreEntries(stored.key).values == [] and evals.openCount(stored.key) == 0
    # The attester may post a new attestation on the key (a new id).
    evals.attest(claim(stored.claim.assetId), MIN_BOND, sender=owner)


def test_timeout_reverts_while_voting_open(evals, challenged, stranger, chain, reverts_exactly):
    resolve_by = evals.getAttestation(challenged).resolveBy
    chain.pending_timestamp = resolve_by - 1
    with reverts_exactly(evals.VotingOpen, attestationId=challenged, resolveBy=resolve_by):
        evals.timeout(challenged, sender=stranger)


def test_timeout_reverts_when_not_challenged(evals, model, approved, owner, reverts_exactly):
    evals.attest(claim(model), MIN_BOND, sender=owner)
    with reverts_exactly(evals.WrongStatus, attestationId=1, status=1, expected=CHALLENGED):
        evals.timeout(1, sender=owner)
