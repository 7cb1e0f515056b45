from __future__ import annotations

from tests.unit.eval_registry.helpers import CHALLENGED, MIN_BOND, RESOLUTION_WINDOW, WEIGHT_CAP, attest, past_window


def test_challenge_stores_pulls_bond_and_emits_event(evals, token, model, approved, owner, stranger, chain):
    attestation_id = attest(evals, owner, model)
    balance = token.balanceOf(stranger)
    receipt = evals.challenge(attestation_id, MIN_BOND + 1, sender=stranger)
    resolve_by = chain.blocks.head.timestamp + RESOLUTION_WINDOW
    assert receipt.events.filter(evals.Challenged) == [
        evals.Challenged(attestationId=attestation_id, challenger=stranger, bond=MIN_BOND + 1, resolveBy=resolve_by)
    ]
    stored = evals.getAttestation(attestation_id)
    assert (stored.status, stored.challenger, stored.challengeBond, stored.resolveBy) == (
        CHALLENGED, stranger.address, MIN_BOND + 1, resolve_by
    )
    assert token.balanceOf(stranger) == balance - MIN_BOND - 1
    assert token.balanceOf(evals) == 2 * MIN_BOND + 1


def test_challenge_reverts_when_bond_below_attestation_bond(evals, model, approved, owner, stranger, reverts_exactly):
    attestation_id = attest(evals, owner, model, bond=2 * MIN_BOND)
    with reverts_exactly(evals.BondTooLow, bond=2 * MIN_BOND - 1, minimum=2 * MIN_BOND):
        evals.challenge(attestation_id, 2 * MIN_BOND - 1, sender=stranger)


def test_challenge_requires_at_most_the_weight_cap_above_it(evals, model, approved, owner, stranger, reverts_exactly):
    attestation_id = attest(evals, owner, model, bond=3 * WEIGHT_CAP)
    with reverts_exactly(evals.BondTooLow, bond=WEIGHT_CAP - 1, minimum=WEIGHT_CAP):
        evals.challenge(attestation_id, WEIGHT_CAP - 1, sender=stranger)

    evals.challenge(attestation_id, WEIGHT_CAP, sender=stranger)

    assert evals.getAttestation(attestation_id).challengeBond == WEIGHT_CAP


def test_challenge_reverts_when_window_closed(evals, model, approved, owner, stranger, chain, reverts_exactly):
    attestation_id = attest(evals, owner, model)
    past_window(chain, evals, attestation_id)
    ends = evals.getAttestation(attestation_id).windowEndsAt
    with reverts_exactly(evals.ChallengeWindowClosed, attestationId=attestation_id, windowEndsAt=ends):
        evals.challenge(attestation_id, MIN_BOND, sender=stranger)


def test_challenge_reverts_when_attester_challenges_itself(evals, model, approved, owner, reverts_exactly):
    attestation_id = attest(evals, owner, model)
    with reverts_exactly(evals.SelfChallenge, attestationId=attestation_id, attester=owner):
        evals.challenge(attestation_id, MIN_BOND, sender=owner)


def test_challenge_reverts_when_already_challenged(evals, challenged, consumer2, reverts_exactly):
    with reverts_exactly(evals.WrongStatus, attestationId=challenged, status=CHALLENGED, expected=1):
        evals.challenge(challenged, MIN_BOND, sender=consumer2)


def test_challenge_reverts_when_attestation_unknown(evals, approved, stranger, reverts_exactly):
    with reverts_exactly(evals.UnknownAttestation, attestationId=5):
        evals.challenge(5, MIN_BOND, sender=stranger)
