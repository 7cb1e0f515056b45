from __future__ import annotations

from tests.unit.compute_jobs.helpers import PRICE, RELEASED, bond_split, dispute_bond, split


def test_resolve_dispute_refunds_and_releases_rest(compute, disputed, arbiter, consumer, hospital, provider):
    refund = 60 * 10**18
    receipt = compute.resolveDispute(disputed, refund, sender=arbiter)
    assert receipt.events.filter(compute.DisputeResolved) == [
        compute.DisputeResolved(jobId=disputed, arbiter=arbiter, refund=refund)
    ]
    fee, provider_share, _, dataset_share = split(PRICE - refund, 2_000, 0)
    returned, bond_to_provider, _ = bond_split(PRICE, refund)
    assert compute.claimable(consumer) == refund + returned
    assert compute.claimable(provider) == provider_share + bond_to_provider
    assert compute.claimable(hospital) == dataset_share
    assert compute.getJob(disputed).status == RELEASED and compute.totalEscrow() == 0


def test_resolve_dispute_returns_bond_pro_rata(compute, disputed, arbiter, consumer, provider, treasury):
    refund = PRICE // 4
    receipt = compute.resolveDispute(disputed, refund, sender=arbiter)
    returned, provider_share, fee = bond_split(PRICE, refund)
    assert returned == dispute_bond(PRICE) // 4
    assert receipt.events.filter(compute.DisputeBondSettled) == [
        compute.DisputeBondSettled(jobId=disputed, consumer=consumer, provider=provider, returned=returned,
                                   providerShare=provider_share, protocolFee=fee)
    ]


def test_resolve_dispute_full_refund_returns_whole_bond(compute, disputed, arbiter, consumer, provider):
    compute.resolveDispute(disputed, PRICE, sender=arbiter)
    assert compute.claimable(consumer) == PRICE + dispute_bond(PRICE) and compute.claimable(provider) == 0


def test_resolve_dispute_rejected_forfeits_bond_to_provider_and_treasury(compute, disputed, arbiter, consumer,
                                                                          provider, treasury):
    compute.resolveDispute(disputed, 0, sender=arbiter)
    fee, provider_share, _, _ = split(PRICE, 2_000, 0)
    _, bond_to_provider, bond_fee = bond_split(PRICE, 0)
    assert bond_to_provider + bond_fee == dispute_bond(PRICE) and bond_fee > 0
    assert compute.claimable(consumer) == 0
    assert compute.claimable(provider) == provider_share + bond_to_provider
    assert compute.claimable(treasury) == fee + bond_fee


def test_resolve_dispute_reverts_above_escrow(compute, disputed, arbiter, reverts_exactly):
    with reverts_exactly(compute.RefundAboveEscrow, jobId=disputed, refund=PRICE + 1, escrow=PRICE):
        compute.resolveDispute(disputed, PRICE + 1, sender=arbiter)


def test_resolve_dispute_reverts_for_non_arbiter(compute, disputed, consumer, reverts_exactly):
    with reverts_exactly(compute.NotArbiter, caller=consumer):
        compute.resolveDispute(disputed, PRICE, sender=consumer)


def test_resolve_dispute_reverts_after_window(compute, disputed, arbiter, chain, reverts_exactly):
    ends = compute.getJob(disputed).windowEnds
    chain.pending_timestamp = ends + 1
    with reverts_exactly(compute.WindowClosed, jobId=disputed, windowEnds=ends):
        compute.resolveDispute(disputed, 0, sender=arbiter)
