from __future__ import annotations

from tests.unit.compute_jobs.helpers import ACCEPTED, PRICE, REFUNDED


def test_cancel_job_refunds_unaccepted_order(compute, ordered, consumer):
    receipt = compute.cancelJob(ordered, sender=consumer)
    assert receipt.events.filter(compute.JobRefunded) == [
        compute.JobRefunded(jobId=ordered, caller=consumer, amount=PRICE)
    ]
    assert compute.getJob(ordered).status == REFUNDED
    assert compute.claimable(consumer) == PRICE and compute.totalEscrow() == 0


def test_cancel_job_reverts_for_non_consumer(compute, ordered, stranger, reverts_exactly):
    with reverts_exactly(compute.NotJobConsumer, jobId=ordered, caller=stranger):
        compute.cancelJob(ordered, sender=stranger)


def test_cancel_job_reverts_once_accepted(compute, accepted, consumer, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=accepted, status=ACCEPTED):
        compute.cancelJob(accepted, sender=consumer)
