from __future__ import annotations

from tests.unit.compute_jobs.helpers import PRICE


def test_claim_pays_claimable_and_emits_event(compute, token, ordered, consumer):
    compute.cancelJob(ordered, sender=consumer)
    before = token.balanceOf(consumer)
    receipt = compute.claim(sender=consumer)
    assert receipt.events.filter(compute.Claimed) == [compute.Claimed(account=consumer, amount=PRICE)]
    assert token.balanceOf(consumer) == before + PRICE
    assert compute.claimable(consumer) == 0 and compute.totalClaimable() == 0


def test_claim_reverts_with_nothing_to_claim(compute, stranger, reverts_exactly):
    with reverts_exactly(compute.NothingToClaim, account=stranger):
        compute.claim(sender=stranger)
