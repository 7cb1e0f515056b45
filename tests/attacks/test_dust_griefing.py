"""Attack 11: dust and griefing.

Defence: zero amounts are rejected (`ZeroAmount`), disputes need a minimum bond and one open
dispute per (asset, reporter), every user-growable list is bounded (lineage parents by
`MAX_PARENTS`, thaw requests by `MAX_THAW_REQUESTS`), and a batch skips a bad voucher instead of
reverting, so one bad consumer cannot block a provider's settlement.
"""

from __future__ import annotations

from eth_account import Account

from tests.attacks.conftest import DEPOSIT, selector
from tests.attacks.helpers import MAX_UINT, TOKEN, ZERO_ADDRESS, high_s, sign_voucher
from tests.conftest import listing

EVIDENCE = b"\x01" * 32


def test_zero_amounts_fail(payments, staking, token, asset, funded, consumer, owner, stranger, chain,
                           reverts_exactly):
    token.approve(staking, MAX_UINT, sender=stranger)
    calls = [
        (payments, "deposit", (0,), consumer),
        (payments, "depositFor", (stranger.address, 0), consumer),
        (payments, "withdraw", (0,), consumer),
        (payments, "allocate", (asset, 0), consumer),
        (payments, "requestThaw", (asset, 0), consumer),
        (payments, "payPerCall", (asset, 0, MAX_UINT), consumer),
        (payments, "authorizeSessionKey", (stranger.address, 0, chain.pending_timestamp + 3_600, []), consumer),
        (staking, "stake", (asset, 0), owner),
        (staking, "delegateStake", (asset, 0), stranger),
        (staking, "unstake", (asset, 0), owner),
        (staking, "undelegate", (asset, 0), stranger),
        (staking, "depositFees", (asset, 0), stranger),
    ]
    for contract, method, args, sender in calls:
        with reverts_exactly(contract.ZeroAmount):
            getattr(contract, method)(*args, sender=sender)


def test_dispute_below_minimum_bond_fails(disputes, token, asset, stranger, reverts_exactly):
    token.approve(disputes, MAX_UINT, sender=stranger)
    minimum = disputes.minBond()
    with reverts_exactly(disputes.BondOutOfRange, bond=minimum - 1, minimum=minimum, maximum=2**96 - 1):
        disputes.openDispute(asset, minimum - 1, EVIDENCE, "ipfs://e", ZERO_ADDRESS, 0, sender=stranger)

    first = disputes.openDispute(asset, minimum, EVIDENCE, "ipfs://e", ZERO_ADDRESS, 0, sender=stranger)
    dispute_id = first.events.filter(disputes.DisputeOpened)[0].disputeId
    with reverts_exactly(disputes.DisputeAlreadyOpen, assetId=asset, reporter=stranger, disputeId=dispute_id):
        disputes.openDispute(asset, minimum, EVIDENCE, "ipfs://e", ZERO_ADDRESS, 0, sender=stranger)
    assert disputes.disputeCount() == 1


def test_nine_lineage_parents_fail(registry, list_asset, owner, reverts_exactly):
    parents = [(list_asset(), 1) for _ in range(9)]
    with reverts_exactly(registry.TooManyParents, count=9, maximum=8):
        registry.list(listing(parents=parents), sender=owner)
    registry.list(listing(parents=parents[:8]), sender=owner)  # 8 is the bound


def test_ninth_thaw_request_fails(staking, token, asset, delegator, reverts_exactly):
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, 9 * TOKEN, sender=delegator)
    shares = staking.getStaker(asset, delegator).delegatedShares // 9
    for _ in range(8):
        staking.undelegate(asset, shares, sender=delegator)
    with reverts_exactly(staking.TooManyThawRequests, assetId=asset, staker=delegator, maximum=8):
        staking.undelegate(asset, shares, sender=delegator)
    assert len(staking.getThawRequests(asset, delegator)) == 8


def test_batch_with_bad_vouchers_does_not_block_good_ones(payments, token, asset, funded, consumer, consumer2,
                                                          stranger, chain):
    token.approve(payments, MAX_UINT, sender=consumer2)
    payments.depositAndAllocate([asset], [DEPOSIT], sender=consumer2)
    already = sign_voucher(consumer2, payments, consumer2, asset, TOKEN)
    payments.redeem(*already, sender=stranger)
    good_1 = sign_voucher(consumer, payments, consumer, asset, 10 * TOKEN)
    good_2 = sign_voucher(consumer2, payments, consumer2, asset, 20 * TOKEN)
    expired = sign_voucher(consumer, payments, consumer, asset, 50 * TOKEN, deadline=chain.pending_timestamp - 1)
    forged = sign_voucher(Account.create(), payments, consumer, asset, 500 * TOKEN)
    malleable = (good_2[0], high_s(good_2[1]))
    short = (good_1[0], good_1[1][:64])
    batch = [expired, good_1, forged, already, malleable, short, good_2]

    receipt = payments.redeemBatch([v for v, _ in batch], [s for _, s in batch], sender=stranger)

    rejected = [(e.index, e.reason) for e in receipt.events.filter(payments.VoucherRejected)]
    assert rejected == [
        (0, selector(payments.VoucherExpired)),
        (2, selector(payments.InvalidSigner)),
        (3, selector(payments.VoucherStale)),
        (4, selector(payments.InvalidSignature)),
        (5, selector(payments.VoucherStale)),  # good_1 was already applied at index 1
    ]
    assert [(e.consumer, e.paid) for e in receipt.events.filter(payments.VoucherRedeemed)] == [
        (consumer.address, 10 * TOKEN), (consumer2.address, 19 * TOKEN),
    ]
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 10 * TOKEN
    assert payments.coverageOf(consumer2, asset) == DEPOSIT - 20 * TOKEN
