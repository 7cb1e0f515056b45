from __future__ import annotations

from tests.unit.eval_registry.helpers import MIN_BOND, attest, past_window


def test_claim_pays_credited_amount_and_zeroes_it(evals, token, model, approved, owner, chain):
    attestation_id = attest(evals, owner, model)
    past_window(chain, evals, attestation_id)
    evals.finalize(attestation_id, sender=owner)
    balance = token.balanceOf(owner)
    receipt = evals.claim(sender=owner)
    assert receipt.events.filter(evals.Claimed) == [evals.Claimed(account=owner, amount=MIN_BOND)]
    assert token.balanceOf(owner) == balance + MIN_BOND
    assert evals.claimable(owner) == 0


def test_claim_reverts_when_nothing_credited(evals, stranger, reverts_exactly):
    with reverts_exactly(evals.NothingToClaim, account=stranger):
        evals.claim(sender=stranger)
