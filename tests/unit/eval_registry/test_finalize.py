from __future__ import annotations

from tests.unit.eval_registry.helpers import FINALIZED, MIN_BOND, PENDING, WEIGHT_CAP, attest, past_window


def test_finalize_after_window_returns_bond_and_counts(evals, model, approved, owner, chain):
    attestation_id = attest(evals, owner, model, bond=MIN_BOND * 5)
    key = evals.getAttestation(attestation_id).key
    past_window(chain, evals, attestation_id)
    receipt = evals.finalize(attestation_id, sender=owner)
    assert receipt.events.filter(evals.Finalized) == [evals.Finalized(attestationId=attestation_id)]
    assert receipt.events.filter(evals.ScoreEntryAdded) == [
        evals.ScoreEntryAdded(key=key, attestationId=attestation_id, value=950_000, weight=WEIGHT_CAP)
    ]
    assert evals.getAttestation(attestation_id).status == FINALIZED
    assert evals.claimable(owner) == MIN_BOND * 5
    assert evals.openCount(key) == 0


def test_finalize_reverts_while_window_open(evals, model, approved, owner, chain, reverts_exactly):
    attestation_id = attest(evals, owner, model)
    ends = evals.getAttestation(attestation_id).windowEndsAt
    chain.pending_timestamp = ends - 1
    with reverts_exactly(evals.ChallengeWindowOpen, attestationId=attestation_id, windowEndsAt=ends):
        evals.finalize(attestation_id, sender=owner)


def test_finalize_reverts_when_challenged(evals, challenged, chain, owner, reverts_exactly):
    past_window(chain, evals, challenged)
    with reverts_exactly(evals.WrongStatus, attestationId=challenged, status=2, expected=PENDING):
        evals.finalize(challenged, sender=owner)


def test_finalize_reverts_when_finalized_twice(evals, model, approved, owner, chain, reverts_exactly):
    attestation_id = attest(evals, owner, model)
    past_window(chain, evals, attestation_id)
    evals.finalize(attestation_id, sender=owner)
    with reverts_exactly(evals.WrongStatus, attestationId=attestation_id, status=FINALIZED, expected=PENDING):
        evals.finalize(attestation_id, sender=owner)
