from __future__ import annotations

from tests.unit.compute_jobs.helpers import DISPUTED, PRICE, RESOLUTION_WINDOW, dispute_bond

EVIDENCE = b"\xee" * 32


def test_dispute_result_opens_resolution_window(compute, posted, consumer, chain):
    receipt = compute.disputeResult(posted, EVIDENCE, sender=consumer)
    now = chain.blocks.head.timestamp
    assert receipt.events.filter(compute.JobDisputed) == [
        compute.JobDisputed(jobId=posted, consumer=consumer, evidenceHash=EVIDENCE,
                            resolutionEnds=now + RESOLUTION_WINDOW, bond=dispute_bond(PRICE))
    ]
    assert compute.getJob(posted).status == DISPUTED


def test_dispute_result_pulls_the_bond_into_escrow(compute, token, posted, consumer):
    before = token.balanceOf(consumer)
    compute.disputeResult(posted, EVIDENCE, sender=consumer)
    assert token.balanceOf(consumer) == before - dispute_bond(PRICE)
    assert compute.totalEscrow() == PRICE + dispute_bond(PRICE)
    assert token.balanceOf(compute) == compute.totalEscrow()


def test_dispute_result_reverts_without_bond_allowance(compute, token, posted, consumer, reverts_exactly):
    token.approve(compute, dispute_bond(PRICE) - 1, sender=consumer)
    with reverts_exactly(compute.DisputeBondNotApproved, jobId=posted, allowance=dispute_bond(PRICE) - 1,
                         bond=dispute_bond(PRICE)):
        compute.disputeResult(posted, EVIDENCE, sender=consumer)


def test_dispute_result_reverts_after_review_window(compute, posted, consumer, chain, reverts_exactly):
    ends = compute.getJob(posted).windowEnds
    chain.pending_timestamp = ends + 1
    with reverts_exactly(compute.WindowClosed, jobId=posted, windowEnds=ends):
        compute.disputeResult(posted, EVIDENCE, sender=consumer)


def test_dispute_result_reverts_for_non_consumer(compute, posted, stranger, reverts_exactly):
    with reverts_exactly(compute.NotJobConsumer, jobId=posted, caller=stranger):
        compute.disputeResult(posted, EVIDENCE, sender=stranger)
