"""Attacks on compute-to-data jobs (ComputeJobs).

Each test tries one attack and asserts it fails: a provider posting for a job it never accepted,
an algorithm swapped after approval, a consumer refusing to pay for a correct result (it costs the
dispute bond), orders
front-run by a price change or a revocation, re-entrancy through a hostile token, double
refunds/releases, an arbiter refunding more than the escrow.
"""

from __future__ import annotations

import pytest

from modelmarket.deploy import COMPUTE_JOBS_PARAMS
from tests.attacks.test_reentrancy import act, arm, blocked_by_guard
from tests.conftest import listing
from tests.unit.compute_jobs.conftest import (  # noqa: F401  (re-exported fixtures)
    accepted, algo_asset, algo_owner, approved, compute, dataset, disputed, hospital, ordered, posted, provider,
    provider_asset,
)
from tests.unit.compute_jobs.helpers import (
    ACCEPTED, ALGO, LOG, MAX_UINT, MIN_SELF_STAKE, ORDERED, POSTED, PRICE, RAW_ALGO, RELEASED, REFUNDED, RESULT,
    bond_split, dispute_bond, order, post, sign, split, terms,
)


# ---------------------------------------------------------------- provider posts without accepting


def test_provider_cannot_post_result_for_job_never_accepted(compute, ordered, provider, chain, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=ordered, status=ORDERED):
        post(compute, chain, provider, ordered)


def test_other_staked_provider_cannot_post_for_accepted_job(compute, registry, staking, token, accepted, provider,
                                                            stranger, chain, reverts_exactly):
    # The stranger runs its own staked service: stake alone does not let it post someone else's job.
    own = registry.list(listing(contentHash=b"\x51" * 32), sender=stranger).events[0].assetId
    token.approve(staking, MAX_UINT, sender=stranger)
    staking.stake(own, MIN_SELF_STAKE, sender=stranger)
    signature = sign(compute, chain, stranger, accepted)
    with reverts_exactly(compute.NotJobProvider, jobId=accepted, caller=stranger, provider=provider):
        compute.postResult(accepted, RESULT, LOG, signature, sender=stranger)


def test_stranger_cannot_accept_job_of_another_providers_asset(compute, ordered, provider, stranger, reverts_exactly):
    with reverts_exactly(compute.NotJobProvider, jobId=ordered, caller=stranger, provider=provider):
        compute.acceptJob(ordered, sender=stranger)


def test_unstaked_provider_cannot_accept(compute, staking, ordered, provider, provider_asset, reverts_exactly):
    staking.unstake(provider_asset, staking.getStaker(provider_asset, provider).selfShares, sender=provider)
    with reverts_exactly(compute.ProviderNotStaked, providerAssetId=provider_asset):
        compute.acceptJob(ordered, sender=provider)


# ---------------------------------------------------------------- algorithm swapped after approval


def test_swapped_algorithm_version_is_not_approved(compute, registry, dataset, provider_asset, algo_asset, algo_owner,
                                                   hospital, token, consumer, chain, reverts_exactly):
    compute.approveAlgorithm(dataset, ALGO, terms(provider_asset, algorithmAssetId=algo_asset), sender=hospital)
    swapped = b"\xbd" * 32
    registry.publishVersion(algo_asset, swapped, "ipfs://swapped", sender=algo_owner)
    token.approve(compute, MAX_UINT, sender=consumer)
    with reverts_exactly(compute.AlgorithmNotApproved, datasetId=dataset, algorithmHash=swapped):
        compute.orderJob(order(dataset, chain, algorithmHash=swapped), sender=consumer)


def test_receipt_for_another_algorithm_is_rejected(compute, accepted, provider, chain, reverts_exactly):
    # The job commits to RAW_ALGO: a receipt naming a different algorithm (the provider ran something
    # else) does not verify.
    signature = sign(compute, chain, provider, accepted, algorithm=b"\xbd" * 32)
    with reverts_exactly(compute.BadResultSignature, jobId=accepted, signer=provider):
        compute.postResult(accepted, RESULT, LOG, signature, sender=provider)


# ---------------------------------------------------------------- consumer refuses a correct result


def test_silent_consumer_still_pays_after_review_window(compute, posted, stranger, hospital, chain):
    chain.pending_timestamp = compute.getJob(posted).windowEnds + 1
    compute.release(posted, sender=stranger)
    assert compute.getJob(posted).status == RELEASED and compute.claimable(hospital) > 0


def test_consumer_cannot_refund_a_posted_result(compute, posted, consumer, chain, reverts_exactly):
    chain.pending_timestamp = compute.getJob(posted).deadline + 1
    with reverts_exactly(compute.WrongJobStatus, jobId=posted, status=POSTED):
        compute.refund(posted, sender=consumer)


def test_rejected_dispute_pays_provider_in_full(compute, disputed, arbiter, consumer, provider):
    compute.resolveDispute(disputed, 0, sender=arbiter)
    assert compute.claimable(consumer) == 0
    assert compute.claimable(provider) == split(PRICE, 2_000, 0)[1] + bond_split(PRICE, 0)[1]


def test_consumer_refusing_a_correct_result_loses_its_bond(compute, token, posted, arbiter, consumer, provider):
    # The consumer disputes a correct result to freeze the payment; the arbiter rejects the dispute.
    before = token.balanceOf(consumer)
    compute.disputeResult(posted, b"\xee" * 32, sender=consumer)
    compute.resolveDispute(posted, 0, sender=arbiter)
    assert token.balanceOf(consumer) == before - dispute_bond(PRICE) and compute.claimable(consumer) == 0
    _, bond_to_provider, bond_fee = bond_split(PRICE, 0)
    assert bond_to_provider + bond_fee == dispute_bond(PRICE)
    assert compute.claimable(provider) == split(PRICE, 2_000, 0)[1] + bond_to_provider


def test_consumer_cannot_dispute_without_a_bond(compute, token, posted, consumer, reverts_exactly):
    token.approve(compute, 0, sender=consumer)
    with reverts_exactly(compute.DisputeBondNotApproved, jobId=posted, allowance=0, bond=dispute_bond(PRICE)):
        compute.disputeResult(posted, b"\xee" * 32, sender=consumer)


def test_unruled_dispute_releases_payment_and_forfeits_bond(compute, disputed, consumer, stranger, chain):
    chain.pending_timestamp = compute.getJob(disputed).windowEnds + 1
    compute.release(disputed, sender=stranger)
    assert compute.claimable(consumer) == 0 and compute.totalEscrow() == 0


# ---------------------------------------------------------------- front-running the order


def test_price_raised_in_front_of_order_is_refused(compute, approved, provider_asset, hospital, consumer, chain,
                                                   reverts_exactly):
    compute.approveAlgorithm(approved, RAW_ALGO, terms(provider_asset, price=PRICE * 10), sender=hospital)
    with reverts_exactly(compute.PriceAboveMax, datasetId=approved, algorithmHash=RAW_ALGO, price=PRICE * 10,
                         maxPrice=PRICE):
        compute.orderJob(order(approved, chain), sender=consumer)


def test_revocation_in_front_of_order_is_refused(compute, approved, hospital, consumer, chain, reverts_exactly):
    compute.revokeAlgorithm(approved, RAW_ALGO, sender=hospital)
    with reverts_exactly(compute.AlgorithmNotApproved, datasetId=approved, algorithmHash=RAW_ALGO):
        compute.orderJob(order(approved, chain), sender=consumer)


def test_reapproval_after_order_does_not_change_the_job(compute, ordered, provider_asset, hospital):
    compute.approveAlgorithm(
        compute.getJob(ordered).datasetId, RAW_ALGO, terms(provider_asset, price=PRICE * 10, providerBps=0),
        sender=hospital,
    )
    compute.revokeAlgorithm(compute.getJob(ordered).datasetId, RAW_ALGO, sender=hospital)
    job = compute.getJob(ordered)
    assert job.price == PRICE and job.providerBps == 2_000 and job.status == ORDERED


def test_dataset_sale_voids_the_sellers_approval(compute, registry, approved, hospital, stranger, consumer, chain,
                                                 reverts_exactly):
    registry.transferFrom(hospital, stranger, approved, sender=hospital)
    with reverts_exactly(compute.AlgorithmNotApproved, datasetId=approved, algorithmHash=RAW_ALGO):
        compute.orderJob(order(approved, chain), sender=consumer)


# ---------------------------------------------------------------- paid or refunded exactly once


def test_double_refund_fails(compute, accepted, stranger, chain, reverts_exactly):
    chain.pending_timestamp = compute.getJob(accepted).deadline + 1
    compute.refund(accepted, sender=stranger)
    with reverts_exactly(compute.WrongJobStatus, jobId=accepted, status=REFUNDED):
        compute.refund(accepted, sender=stranger)


def test_double_release_fails(compute, posted, consumer, stranger, chain, reverts_exactly):
    compute.acceptResult(posted, sender=consumer)
    chain.pending_timestamp = compute.getJob(posted).windowEnds + 1
    with reverts_exactly(compute.WrongJobStatus, jobId=posted, status=RELEASED):
        compute.release(posted, sender=stranger)


def test_cancel_then_refund_fails(compute, ordered, consumer, chain, reverts_exactly):
    compute.cancelJob(ordered, sender=consumer)
    chain.pending_timestamp = compute.getJob(ordered).deadline + 1
    with reverts_exactly(compute.WrongJobStatus, jobId=ordered, status=REFUNDED):
        compute.refund(ordered, sender=consumer)


def test_second_resolution_fails(compute, disputed, arbiter, reverts_exactly):
    compute.resolveDispute(disputed, PRICE // 2, sender=arbiter)
    with reverts_exactly(compute.WrongJobStatus, jobId=disputed, status=RELEASED):
        compute.resolveDispute(disputed, PRICE // 2, sender=arbiter)


def test_arbiter_cannot_refund_more_than_escrow(compute, disputed, arbiter, reverts_exactly):
    with reverts_exactly(compute.RefundAboveEscrow, jobId=disputed, refund=PRICE + 1, escrow=PRICE):
        compute.resolveDispute(disputed, PRICE + 1, sender=arbiter)


def test_arbiter_cannot_rule_on_undisputed_job(compute, posted, arbiter, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=posted, status=POSTED):
        compute.resolveDispute(posted, PRICE, sender=arbiter)


def test_provider_cannot_accept_after_consumer_cancelled(compute, ordered, consumer, provider, reverts_exactly):
    compute.cancelJob(ordered, sender=consumer)
    with reverts_exactly(compute.WrongJobStatus, jobId=ordered, status=REFUNDED):
        compute.acceptJob(ordered, sender=provider)


def test_consumer_cannot_cancel_accepted_job(compute, accepted, consumer, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=accepted, status=ACCEPTED):
        compute.cancelJob(accepted, sender=consumer)


# ---------------------------------------------------------------- re-entrancy through the token


@pytest.fixture(scope="module")
def hostile_compute(hostile, compiled, deployer, other_owner):
    """ComputeJobs on the hostile-token marketplace; `other_owner` runs a staked dataset of its own
    whose RAW_ALGO approval the attacker contract orders."""
    world = hostile
    world.compute = compiled.ComputeJobs.deploy(
        world.token, world.registry, world.staking, world.disputes, *COMPUTE_JOBS_PARAMS, sender=deployer
    )
    receipt = world.registry.list(listing(kind=1, contentHash=b"\xd1" * 32), sender=other_owner)
    world.dataset = receipt.events.filter(world.registry.AssetListed)[0].assetId
    world.token.approve(world.staking, MAX_UINT, sender=other_owner)
    world.staking.stake(world.dataset, MIN_SELF_STAKE, sender=other_owner)
    world.compute.approveAlgorithm(world.dataset, RAW_ALGO, terms(world.dataset), sender=other_owner)
    return world


def _attacker_orders(world, chain, stranger) -> int:
    act(world, world.token, "approve", world.compute, MAX_UINT, sender=stranger)
    act(world, world.compute, "orderJob", order(world.dataset, chain), sender=stranger)
    return world.compute.jobCount()


def test_reentrant_claim_via_token_fails(hostile_compute, chain, stranger):
    world = hostile_compute
    job_id = _attacker_orders(world, chain, stranger)
    act(world, world.compute, "cancelJob", job_id, sender=stranger)
    arm(world, [(world.compute, "claim", ())], bubble=False, sender=stranger)
    receipt = act(world, world.compute, "claim", sender=stranger)
    assert blocked_by_guard(world, receipt, world.compute)
    assert world.compute.claimable(world.attacker) == 0 and world.compute.totalClaimable() == 0


def test_reentrant_refund_during_claim_gains_nothing(hostile_compute, chain, stranger):
    world = hostile_compute
    job_id = _attacker_orders(world, chain, stranger)
    act(world, world.compute, "cancelJob", job_id, sender=stranger)
    arm(world, [(world.compute, "cancelJob", (job_id,))], bubble=False, sender=stranger)
    before = world.token.balanceOf(world.attacker)
    act(world, world.compute, "claim", sender=stranger)
    assert world.token.balanceOf(world.attacker) == before + PRICE
    assert world.compute.claimable(world.attacker) == 0 and world.compute.totalEscrow() == 0


def test_reentrant_order_during_order_fails(hostile_compute, chain, stranger):
    world = hostile_compute
    act(world, world.token, "approve", world.compute, MAX_UINT, sender=stranger)
    arm(world, [(world.compute, "orderJob", (order(world.dataset, chain),))], bubble=False, sender=stranger)
    receipt = act(world, world.compute, "orderJob", order(world.dataset, chain), sender=stranger)
    assert blocked_by_guard(world, receipt, world.compute)
    assert world.compute.totalEscrow() == world.token.balanceOf(world.compute) - world.compute.totalClaimable()


# ---------------------------------------------------------------- the provider's stake answers


def test_cheating_provider_pool_is_slashed_through_disputes(compute, disputes, staking, token, posted, provider_asset,
                                                            consumer, arbiter):
    # The consumer disputes the job's refund in ComputeJobs and reports the provider's asset in
    # Disputes (evidence: the signed receipt and the job's events); the arbiter upholds both.
    compute.disputeResult(posted, b"\xee" * 32, sender=consumer)
    compute.resolveDispute(posted, PRICE, sender=arbiter)
    token.approve(disputes, MAX_UINT, sender=consumer)
    stake_before = staking.totalStake(provider_asset)
    disputes.openDispute(provider_asset, disputes.minBond(), b"\xee" * 32, "ipfs://job-1", "0x" + "00" * 20, 0,
                         sender=consumer)
    disputes.upholdDispute(disputes.disputeCount(), stake_before, 0, sender=arbiter)
    assert staking.totalStake(provider_asset) < stake_before  # clamped to the pool's slash cap
    assert compute.claimable(consumer) == PRICE + dispute_bond(PRICE)  # an upheld dispute returns the bond
