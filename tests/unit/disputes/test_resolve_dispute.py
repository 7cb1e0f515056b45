from __future__ import annotations

import pytest

from tests.unit.staking_pool.helpers import MAX_UINT, MIN_BOND, RESOLUTION_WINDOW, TOKEN, ZERO_ADDRESS

EVIDENCE = b"\x42" * 32
TOTAL_STAKE = 10_000 * TOKEN


def pay_asset(payments, registry, token, consumer, asset_id, at_least):
    """`consumer` pays `asset_id` per call until it has spent at least `at_least`; returns what it spent."""
    price = registry.getAsset(asset_id).pricePerCall
    calls = -(-at_least // price)
    token.approve(payments, MAX_UINT, sender=consumer)
    payments.depositAndAllocate([asset_id], [calls * price], sender=consumer)
    payments.payPerCall(asset_id, calls, MAX_UINT, sender=consumer)
    return payments.spentBy(consumer, asset_id)


@pytest.fixture
def dispute_id(disputes, payments, registry, token, pool_asset, reporters_approved, stranger, consumer):
    """Dispute 1: `stranger` reports `pool_asset`, naming `consumer` (who paid the asset >= 300
    tokens) with a 300-token refund claim."""
    pay_asset(payments, registry, token, consumer, pool_asset, 300 * TOKEN)
    disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, "ipfs://e", consumer, 300 * TOKEN, sender=stranger)
    return 1


def _wait_past_window(chain):
    chain.pending_timestamp += RESOLUTION_WINDOW
    chain.mine()


def test_uphold_dispute_slashes_splits_and_emits_event(disputes, staking, token, pool_asset, dispute_id, arbiter, stranger, consumer, treasury):
    receipt = disputes.upholdDispute(dispute_id, 1_000 * TOKEN, 300 * TOKEN, sender=arbiter)
    reward = 1_000 * TOKEN * 2_000 // 10_000
    assert receipt.events.filter(disputes.DisputeUpheld) == [
        disputes.DisputeUpheld(
            disputeId=dispute_id, assetId=pool_asset, slashed=1_000 * TOKEN, reporterReward=reward,
            refund=300 * TOKEN, treasuryAmount=1_000 * TOKEN - reward - 300 * TOKEN,
        )
    ]
    assert staking.totalStake(pool_asset) == TOTAL_STAKE - 1_000 * TOKEN
    assert disputes.claimable(stranger) == MIN_BOND + reward
    assert disputes.claimable(consumer) == 300 * TOKEN
    assert disputes.claimable(treasury) == 500 * TOKEN
    assert disputes.getDispute(dispute_id).status == 2
    assert disputes.openDisputeOf(pool_asset, stranger) == 0
    assert token.balanceOf(disputes) == MIN_BOND + 1_000 * TOKEN


def test_uphold_dispute_refund_limited_by_slashed_tokens(disputes, pool_asset, dispute_id, arbiter, consumer, treasury):
    disputes.upholdDispute(dispute_id, 100 * TOKEN, 300 * TOKEN, sender=arbiter)
    # reward 20 + refund <= MAX_PAYOUT_BPS (50 %) of the 100 slashed: the refund is 30, the treasury keeps 50
    assert disputes.claimable(consumer) == 30 * TOKEN
    assert disputes.claimable(treasury) == 50 * TOKEN


def test_uphold_dispute_clamps_a_slash_above_cap(disputes, pool_asset, dispute_id, arbiter):
    cap = TOTAL_STAKE // 10
    assert disputes.upholdDispute(dispute_id, 10 * cap, 0, sender=arbiter).return_value == cap


def test_uphold_dispute_refund_limited_by_what_the_consumer_paid(
    disputes, payments, registry, token, pool_asset, reporters_approved, arbiter, stranger, delegator
):
    spent = pay_asset(payments, registry, token, delegator, pool_asset, 10 * TOKEN)
    disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, "ipfs://e", delegator, 300 * TOKEN, sender=stranger)
    disputes.upholdDispute(1, 1_000 * TOKEN, 300 * TOKEN, sender=arbiter)
    assert disputes.claimable(delegator) == spent
    assert disputes.refunded(delegator, pool_asset) == spent


def test_uphold_dispute_cumulative_refunds_stay_within_what_was_paid(
    disputes, pool_asset, dispute_id, arbiter, stranger, consumer, payments
):
    spent = payments.spentBy(consumer, pool_asset)
    disputes.upholdDispute(dispute_id, 1_000 * TOKEN, 300 * TOKEN, sender=arbiter)
    disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, "ipfs://e", consumer, 300 * TOKEN, sender=stranger)
    disputes.upholdDispute(2, 1_000 * TOKEN, 300 * TOKEN, sender=arbiter)
    assert disputes.refunded(consumer, pool_asset) == disputes.claimable(consumer) <= spent


def test_open_dispute_freezes_withdrawals_until_the_last_dispute_ends(
    disputes, staking, pool_asset, dispute_id, arbiter
):
    assert staking.getPool(pool_asset).frozenUntil == disputes.getDispute(dispute_id).deadline
    assert disputes.openDisputeCount(pool_asset) == 1
    disputes.rejectDispute(dispute_id, sender=arbiter)
    assert disputes.openDisputeCount(pool_asset) == 0
    assert staking.getPool(pool_asset).frozenUntil == 0


def test_claim_for_pays_the_account_not_the_caller(disputes, token, dispute_id, arbiter, stranger, delegator):
    disputes.upholdDispute(dispute_id, 1_000 * TOKEN, 0, sender=arbiter)
    owed = disputes.claimable(stranger)
    balance = token.balanceOf(stranger)
    disputes.claimFor(stranger, sender=delegator)
    assert token.balanceOf(stranger) == balance + owed
    assert disputes.claimable(stranger) == 0


def test_uphold_dispute_reverts_when_refund_above_claim(disputes, dispute_id, arbiter, reverts_exactly):
    with reverts_exactly(disputes.RefundAboveClaim, disputeId=dispute_id, refund=300 * TOKEN + 1, claim=300 * TOKEN):
        disputes.upholdDispute(dispute_id, TOKEN, 300 * TOKEN + 1, sender=arbiter)


def test_uphold_dispute_reverts_when_not_arbiter(disputes, dispute_id, stranger, reverts_exactly):
    with reverts_exactly(disputes.NotArbiter, caller=stranger):
        disputes.upholdDispute(dispute_id, TOKEN, 0, sender=stranger)


def test_uphold_dispute_reverts_after_window(disputes, dispute_id, arbiter, chain, reverts_exactly):
    deadline = disputes.getDispute(dispute_id).deadline
    _wait_past_window(chain)
    with reverts_exactly(disputes.ResolutionWindowClosed, disputeId=dispute_id, deadline=deadline):
        disputes.upholdDispute(dispute_id, TOKEN, 0, sender=arbiter)


def test_uphold_dispute_reverts_when_not_open(disputes, dispute_id, arbiter, reverts_exactly):
    disputes.rejectDispute(dispute_id, sender=arbiter)
    with reverts_exactly(disputes.DisputeNotOpen, disputeId=dispute_id, status=3):
        disputes.upholdDispute(dispute_id, TOKEN, 0, sender=arbiter)
    with reverts_exactly(disputes.DisputeNotOpen, disputeId=99, status=0):
        disputes.upholdDispute(99, TOKEN, 0, sender=arbiter)


def test_reject_dispute_forfeits_bond_to_treasury_and_emits_event(disputes, pool_asset, dispute_id, arbiter, stranger, treasury):
    receipt = disputes.rejectDispute(dispute_id, sender=arbiter)
    assert receipt.events.filter(disputes.DisputeRejected) == [
        disputes.DisputeRejected(disputeId=dispute_id, assetId=pool_asset, forfeitedBond=MIN_BOND)
    ]
    assert disputes.claimable(treasury) == MIN_BOND
    assert disputes.claimable(stranger) == 0
    assert disputes.getDispute(dispute_id).status == 3
    assert disputes.openDisputeOf(pool_asset, stranger) == 0


def test_reject_dispute_reverts_when_not_arbiter(disputes, dispute_id, stranger, reverts_exactly):
    with reverts_exactly(disputes.NotArbiter, caller=stranger):
        disputes.rejectDispute(dispute_id, sender=stranger)


def test_reject_dispute_reverts_after_window(disputes, dispute_id, arbiter, chain, reverts_exactly):
    deadline = disputes.getDispute(dispute_id).deadline
    _wait_past_window(chain)
    with reverts_exactly(disputes.ResolutionWindowClosed, disputeId=dispute_id, deadline=deadline):
        disputes.rejectDispute(dispute_id, sender=arbiter)


def test_reject_dispute_reverts_when_not_open(disputes, arbiter, reverts_exactly):
    with reverts_exactly(disputes.DisputeNotOpen, disputeId=5, status=0):
        disputes.rejectDispute(5, sender=arbiter)


def test_timeout_dispute_returns_bond_and_emits_event(disputes, pool_asset, dispute_id, stranger, consumer, chain):
    _wait_past_window(chain)
    receipt = disputes.timeoutDispute(dispute_id, sender=consumer)
    assert receipt.events.filter(disputes.DisputeTimedOut) == [
        disputes.DisputeTimedOut(disputeId=dispute_id, assetId=pool_asset, returnedBond=MIN_BOND)
    ]
    assert disputes.claimable(stranger) == MIN_BOND
    assert disputes.getDispute(dispute_id).status == 4
    # The reporter may open a new dispute on the asset again.
    disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, "ipfs://e2", ZERO_ADDRESS, 0, sender=stranger)


def test_timeout_dispute_reverts_within_window(disputes, dispute_id, stranger, reverts_exactly):
    deadline = disputes.getDispute(dispute_id).deadline
    with reverts_exactly(disputes.ResolutionWindowOpen, disputeId=dispute_id, deadline=deadline):
        disputes.timeoutDispute(dispute_id, sender=stranger)


def test_timeout_dispute_reverts_when_not_open(disputes, dispute_id, arbiter, chain, reverts_exactly):
    disputes.upholdDispute(dispute_id, 0, 0, sender=arbiter)
    _wait_past_window(chain)
    with reverts_exactly(disputes.DisputeNotOpen, disputeId=dispute_id, status=2):
        disputes.timeoutDispute(dispute_id, sender=arbiter)


def test_claim_pays_and_emits_event(disputes, token, dispute_id, arbiter, stranger, reverts_exactly):
    disputes.upholdDispute(dispute_id, 0, 0, sender=arbiter)
    balance = token.balanceOf(stranger)
    receipt = disputes.claim(sender=stranger)
    assert receipt.events.filter(disputes.Claimed) == [disputes.Claimed(account=stranger, amount=MIN_BOND)]
    assert token.balanceOf(stranger) == balance + MIN_BOND
    assert disputes.claimable(stranger) == 0
    with reverts_exactly(disputes.NothingToClaim, account=stranger):
        disputes.claim(sender=stranger)
