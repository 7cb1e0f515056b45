from __future__ import annotations

from tests.unit.staking_pool.helpers import MIN_BOND, RESOLUTION_WINDOW, TOKEN, ZERO_ADDRESS

EVIDENCE = b"\x42" * 32
URI = "ipfs://evidence"


def test_open_dispute_stores_pulls_bond_and_emits_event(disputes, token, pool_asset, reporters_approved, stranger, consumer, chain):
    balance = token.balanceOf(stranger)
    receipt = disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, URI, consumer, 50 * TOKEN, sender=stranger)
    deadline = chain.blocks.head.timestamp + RESOLUTION_WINDOW
    assert receipt.events.filter(disputes.DisputeOpened) == [
        disputes.DisputeOpened(
            disputeId=1, assetId=pool_asset, reporter=stranger, bond=MIN_BOND, evidenceHash=EVIDENCE,
            evidenceURI=URI, consumer=consumer, refundClaim=50 * TOKEN, deadline=deadline,
        )
    ]
    assert receipt.return_value == 1
    dispute = disputes.getDispute(1)
    assert (dispute.assetId, dispute.reporter, dispute.deadline, dispute.status) == (pool_asset, stranger.address, deadline, 1)
    assert (dispute.consumer, dispute.bond, dispute.refundClaim) == (consumer.address, MIN_BOND, 50 * TOKEN)
    assert disputes.openDisputeOf(pool_asset, stranger) == 1
    assert token.balanceOf(stranger) == balance - MIN_BOND
    assert token.balanceOf(disputes) == MIN_BOND


def test_open_dispute_one_open_per_asset_and_reporter(disputes, pool_asset, list_asset, reporters_approved, stranger, consumer, reverts_exactly):
    disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, URI, ZERO_ADDRESS, 0, sender=stranger)
    with reverts_exactly(disputes.DisputeAlreadyOpen, assetId=pool_asset, reporter=stranger, disputeId=1):
        disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, URI, ZERO_ADDRESS, 0, sender=stranger)
    # Another reporter, or another asset, is fine.
    disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, URI, ZERO_ADDRESS, 0, sender=consumer)
    disputes.openDispute(list_asset(), MIN_BOND, EVIDENCE, URI, ZERO_ADDRESS, 0, sender=stranger)
    assert disputes.disputeCount() == 3


def test_open_dispute_reverts_when_bond_below_minimum(disputes, pool_asset, reporters_approved, stranger, reverts_exactly):
    with reverts_exactly(disputes.BondOutOfRange, bond=MIN_BOND - 1, minimum=MIN_BOND, maximum=2**96 - 1):
        disputes.openDispute(pool_asset, MIN_BOND - 1, EVIDENCE, URI, ZERO_ADDRESS, 0, sender=stranger)


def test_open_dispute_reverts_when_asset_unknown(disputes, reporters_approved, stranger, reverts_exactly):
    with reverts_exactly(disputes.UnknownAsset, assetId=77):
        disputes.openDispute(77, MIN_BOND, EVIDENCE, URI, ZERO_ADDRESS, 0, sender=stranger)


def test_open_dispute_reverts_when_evidence_empty(disputes, pool_asset, reporters_approved, stranger, reverts_exactly):
    with reverts_exactly(disputes.EmptyEvidence):
        disputes.openDispute(pool_asset, MIN_BOND, b"\x00" * 32, URI, ZERO_ADDRESS, 0, sender=stranger)


def test_open_dispute_reverts_when_refund_without_consumer(disputes, pool_asset, reporters_approved, stranger, reverts_exactly):
    with reverts_exactly(disputes.RefundWithoutConsumer, refundClaim=5):
        disputes.openDispute(pool_asset, MIN_BOND, EVIDENCE, URI, ZERO_ADDRESS, 5, sender=stranger)
