from __future__ import annotations

from tests.unit.compute_jobs.helpers import POSTED, PRICE, REFUNDED


def test_refund_after_deadline_without_result(compute, accepted, consumer, stranger, chain):
    chain.pending_timestamp = compute.getJob(accepted).deadline + 1
    receipt = compute.refund(accepted, sender=stranger)
    assert receipt.events.filter(compute.JobRefunded) == [
        compute.JobRefunded(jobId=accepted, caller=stranger, amount=PRICE)
    ]
    assert compute.getJob(accepted).status == REFUNDED and compute.claimable(consumer) == PRICE


def test_refund_of_never_accepted_order(compute, ordered, consumer, stranger, chain):
    chain.pending_timestamp = compute.getJob(ordered).deadline + 1
    compute.refund(ordered, sender=stranger)
    assert compute.claimable(consumer) == PRICE


def test_refund_reverts_before_deadline(compute, accepted, stranger, reverts_exactly):
    deadline = compute.getJob(accepted).deadline
    with reverts_exactly(compute.JobNotExpired, jobId=accepted, deadline=deadline):
        compute.refund(accepted, sender=stranger)


def test_refund_reverts_once_result_posted(compute, posted, stranger, chain, reverts_exactly):
    chain.pending_timestamp = compute.getJob(posted).deadline + 1
    with reverts_exactly(compute.WrongJobStatus, jobId=posted, status=POSTED):
        compute.refund(posted, sender=stranger)
