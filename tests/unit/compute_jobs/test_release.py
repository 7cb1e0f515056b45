from __future__ import annotations

from tests.unit.compute_jobs.helpers import ACCEPTED, PRICE, RELEASED, bond_split, split


def test_release_after_review_window_by_anyone(compute, posted, stranger, chain):
    chain.pending_timestamp = compute.getJob(posted).windowEnds + 1
    receipt = compute.release(posted, sender=stranger)
    assert receipt.events.filter(compute.JobReleased)[0].amount == PRICE
    assert compute.getJob(posted).status == RELEASED


def test_release_after_unruled_dispute(compute, disputed, stranger, chain):
    chain.pending_timestamp = compute.getJob(disputed).windowEnds + 1
    compute.release(disputed, sender=stranger)
    assert compute.getJob(disputed).status == RELEASED and compute.totalEscrow() == 0


def test_release_after_unruled_dispute_forfeits_the_bond(compute, disputed, stranger, consumer, provider, chain):
    chain.pending_timestamp = compute.getJob(disputed).windowEnds + 1
    receipt = compute.release(disputed, sender=stranger)
    _, bond_to_provider, bond_fee = bond_split(PRICE, 0)
    assert receipt.events.filter(compute.DisputeBondSettled) == [
        compute.DisputeBondSettled(jobId=disputed, consumer=consumer, provider=provider, returned=0,
                                   providerShare=bond_to_provider, protocolFee=bond_fee)
    ]
    assert compute.claimable(consumer) == 0
    assert compute.claimable(provider) == split(PRICE, 2_000, 0)[1] + bond_to_provider


def test_release_of_undisputed_result_settles_no_bond(compute, posted, stranger, chain):
    chain.pending_timestamp = compute.getJob(posted).windowEnds + 1
    receipt = compute.release(posted, sender=stranger)
    assert receipt.events.filter(compute.DisputeBondSettled) == []


def test_release_reverts_during_review_window(compute, posted, stranger, reverts_exactly):
    ends = compute.getJob(posted).windowEnds
    with reverts_exactly(compute.WindowOpen, jobId=posted, windowEnds=ends):
        compute.release(posted, sender=stranger)


def test_release_reverts_during_resolution_window(compute, disputed, stranger, reverts_exactly):
    ends = compute.getJob(disputed).windowEnds
    with reverts_exactly(compute.WindowOpen, jobId=disputed, windowEnds=ends):
        compute.release(disputed, sender=stranger)


def test_release_reverts_without_result(compute, accepted, stranger, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=accepted, status=ACCEPTED):
        compute.release(accepted, sender=stranger)
