from __future__ import annotations

from tests.unit.compute_jobs.helpers import DISPUTED, RESOLUTION_WINDOW

EVIDENCE = b"\xee" * 32


def test_dispute_result_opens_resolution_window(compute, posted, consumer, chain):
    receipt = compute.disputeResult(posted, EVIDENCE, sender=consumer)
    now = chain.blocks.head.timestamp
    assert receipt.events.filter(compute.JobDisputed) == [
        compute.JobDisputed(jobId=posted, consumer=consumer, evidenceHash=EVIDENCE,
                            resolutionEnds=now + RESOLUTION_WINDOW)
    ]
    assert compute.getJob(posted).status == DISPUTED


def test_dispute_result_reverts_after_review_window(compute, posted, consumer, chain, reverts_exactly):
    ends = compute.getJob(posted).windowEnds
    chain.pending_timestamp = ends + 1
    with reverts_exactly(compute.WindowClosed, jobId=posted, windowEnds=ends):
        compute.disputeResult(posted, EVIDENCE, sender=consumer)


def test_dispute_result_reverts_for_non_consumer(compute, posted, stranger, reverts_exactly):
    with reverts_exactly(compute.NotJobConsumer, jobId=posted, caller=stranger):
        compute.disputeResult(posted, EVIDENCE, sender=stranger)
