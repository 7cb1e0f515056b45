"""Issue 12: each finding of the outside review, reproduced on today's code, must now fail.

1. The admin named itself slasher and slashed every pool in one transaction.
2. The arbiter opened disputes itself, named itself the harmed consumer with an unbounded refund,
   upheld and reopened: 30 rounds drained the pool to itself.
3. A staker left while a dispute against its asset was open.
4. A withdrawal in the same block made a ruling at the cap revert.
5. Equivocation evidence: a key retired by a sale slashed the buyer; a copied proof took the
   finder's reward; moving the NFT to a fresh address zeroed the finder's reward.
7. Just-in-time delegation: a delegator of one block before a batch landed took 49,005 of a 50 %
   cut against 495 for the delegator that was there all along.
8. Pro-rata slashing spared an owner at the minimum self-stake behind a large delegation.
"""

from __future__ import annotations

from eth_account import Account

from tests.attacks.conftest import MIN_SELF_STAKE
from tests.attacks.helpers import MAX_UINT, TOKEN, ZERO_ADDRESS, sign_receipt
from tests.unit.staking_pool.helpers import parameter_key

DELEGATED = 100_000 * TOKEN
EVIDENCE = b"\x01" * 32


def _delegate(staking, token, asset, delegator, amount=DELEGATED):
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, amount, sender=delegator)


def _open(disputes, token, asset, reporter, consumer=ZERO_ADDRESS, claim=0):
    token.approve(disputes, MAX_UINT, sender=reporter)
    receipt = disputes.openDispute(asset, disputes.minBond(), EVIDENCE, "ipfs://e", consumer, claim, sender=reporter)
    return receipt.events.filter(disputes.DisputeOpened)[0].disputeId


def test_admin_takes_every_pool_by_naming_itself_slasher_fails(
    staking, token, asset, deployer, delegator, chain, reverts_exactly
):
    """Finding 1: the new slasher waits the change delay; every staker can be out before it."""
    _delegate(staking, token, asset, delegator)
    receipt = staking.setSlasher(deployer, sender=deployer)
    executable_at = receipt.events.filter(staking.ChangeQueued)[0].executableAt
    with reverts_exactly(staking.NotSlasher, caller=deployer):
        staking.slash(asset, staking.slashCap(asset), deployer, sender=deployer)

    # The delegator reacts a day later and is out before the change can apply.
    chain.pending_timestamp = chain.blocks.head.timestamp + 86_400
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    thaw_end = staking.getThawRequests(asset, delegator)[0].thawEnd
    assert thaw_end + staking.MAX_WITHDRAWAL_FREEZE() <= executable_at
    chain.pending_timestamp = thaw_end
    assert staking.withdraw(asset, sender=delegator).return_value == DELEGATED
    with reverts_exactly(staking.ChangeNotReady, parameter=parameter_key("slasher"), executableAt=executable_at):
        staking.executeChange(parameter_key("slasher"), sender=deployer)


def test_arbiter_drains_pool_to_itself_fails(
    staking, disputes, payments, token, asset, delegator, arbiter, deployer, chain
):
    """Finding 2: 30 self-opened disputes naming itself the consumer, each asking the whole pool.

    Bound: within one thawing period the pool loses at most the cap; the arbiter (reporter and
    'consumer') gets at most MAX_PAYOUT_BPS of it, and its refunds at most what it paid the asset."""
    _delegate(staking, token, asset, delegator)
    token.transfer(arbiter, 100 * disputes.minBond(), sender=deployer)  # bonds for its own disputes
    total = staking.totalStake(asset)
    cap = staking.slashCap(asset)
    arbiter_before = token.balanceOf(arbiter)
    for _ in range(30):
        dispute_id = _open(disputes, token, asset, arbiter, consumer=arbiter, claim=total)
        disputes.upholdDispute(dispute_id, total, total, sender=arbiter)
        chain.pending_timestamp = chain.blocks.head.timestamp + 3_600
    if disputes.claimable(arbiter):
        disputes.claim(sender=arbiter)
    gained = token.balanceOf(arbiter) - arbiter_before
    assert total - staking.totalStake(asset) == cap  # 30 rulings, one cap
    assert payments.spentBy(arbiter, asset) == 0 and disputes.refunded(arbiter, asset) == 0  # never paid: no refund
    assert gained <= cap * disputes.MAX_PAYOUT_BPS() // 10_000
    assert gained == cap * disputes.reporterRewardBps() // 10_000  # the reporter reward, nothing more


def test_staker_leaves_while_a_dispute_is_open_fails(
    staking, disputes, token, asset, owner, delegator, stranger, arbiter, chain, reverts_exactly
):
    """Finding 3: the owner unstakes, a dispute opens on day 8, the owner tries to withdraw on day 14."""
    _delegate(staking, token, asset, delegator)
    staking.unstake(asset, staking.getStaker(asset, owner).selfShares, sender=owner)
    thaw_end = staking.getThawRequests(asset, owner)[0].thawEnd
    chain.pending_timestamp = thaw_end - 6 * 86_400
    dispute_id = _open(disputes, token, asset, stranger)
    chain.pending_timestamp = thaw_end
    with reverts_exactly(staking.NothingToWithdraw, assetId=asset, staker=owner):
        staking.withdraw(asset, sender=owner)
    event = disputes.upholdDispute(dispute_id, MIN_SELF_STAKE, 0, sender=arbiter).events.filter(staking.Slashed)[0]
    assert (event.fromSelf, event.fromDelegated) == (MIN_SELF_STAKE, 0)  # the owner pays, not the delegator
    assert staking.withdraw(asset, sender=owner).return_value == 0


def test_withdrawal_in_the_same_block_reverts_the_ruling_fails(
    staking, disputes, token, asset, delegator, stranger, arbiter, chain
):
    """Finding 4: stake leaves between the dispute and the ruling (a request past its longest freeze);
    the ruling at the old cap clamps to the smaller pool instead of reverting."""
    _delegate(staking, token, asset, delegator)
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares // 2, sender=delegator)
    thaw_end = staking.getThawRequests(asset, delegator)[0].thawEnd
    longest = staking.MAX_WITHDRAWAL_FREEZE()
    chain.pending_timestamp = thaw_end + longest - 86_400
    dispute_id = _open(disputes, token, asset, stranger)
    old_cap = staking.slashCap(asset)
    chain.pending_timestamp = thaw_end + longest
    assert staking.withdraw(asset, sender=delegator).return_value > 0  # the freeze is bounded
    new_cap = staking.slashCap(asset)
    assert new_cap < old_cap
    assert disputes.upholdDispute(dispute_id, old_cap, 0, sender=arbiter).return_value == new_cap
    assert disputes.getDispute(dispute_id).status == 2  # upheld, not reverted and left to time out


def test_seller_key_slashes_the_buyer_after_a_sale_fails(
    registry, disputes, staking, token, asset, owner, other_owner, stranger, reverts_exactly, chain
):
    """Finding 5a: receipts by the seller's key, dated before or after the sale, never count."""
    registry.transferFrom(owner, other_owner, asset, sender=owner)
    token.approve(staking, MAX_UINT, sender=other_owner)
    staking.stake(asset, MIN_SELF_STAKE, sender=other_owner)
    sale = registry.lastTransferAt(asset)
    chain.mine(timestamp=sale + 20)
    for issued in (sale - 1, sale + 10):
        a, sig_a = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0b" * 32, asset, issued_at=issued)
        b, sig_b = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0c" * 32, asset, issued_at=issued)
        disputes.commitEquivocation(disputes.equivocationCommitment(stranger, a, b), sender=stranger)
        chain.mine()
        with reverts_exactly(disputes.ReceiptOutsideSignerTerm, assetId=asset, signer=owner, issuedAt=issued):
            disputes.proveEquivocation(a, sig_a, b, sig_b, stranger, sender=stranger)


def test_copied_equivocation_proof_takes_the_finder_reward_fails(
    registry, disputes, staking, token, asset, owner, delegator, stranger, consumer2, chain, reverts_exactly
):
    """Finding 5b: a copier re-sends the finder's proof; naming itself it cannot prove (no commitment),
    copying it verbatim pays the committed finder."""
    operator = Account.create()
    registry.setOperator(asset, operator.address, sender=owner)
    a, sig_a = sign_receipt(operator, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(operator, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    finder, copier = stranger, consumer2
    disputes.commitEquivocation(disputes.equivocationCommitment(finder, a, b), sender=finder)
    chain.mine()
    copied = disputes.equivocationCommitment(copier, a, b)
    with reverts_exactly(disputes.EquivocationNotCommitted, finder=copier, commitment=copied):
        disputes.proveEquivocation(a, sig_a, b, sig_b, copier, sender=copier)
    event = disputes.proveEquivocation(a, sig_a, b, sig_b, finder, sender=copier).events.filter(
        disputes.EquivocationProven)[0]
    assert event.finderReward > 0
    assert disputes.claimable(finder) == event.finderReward and disputes.claimable(copier) == 0


def test_moving_the_nft_zeroes_the_finder_reward_fails(
    registry, disputes, staking, token, asset, owner, delegator, stranger, chain
):
    """Finding 5c: the reward follows the pool's (self-stake's) loss, not the current owner's stake.

    The owner rotates its key to a fresh one it controls, equivocates with it and rotates again
    (the receipt stays provable for EVIDENCE_WINDOW); the reward is still paid from the self pool."""
    _delegate(staking, token, asset, delegator)
    key = Account.create()
    registry.setOperator(asset, key.address, sender=owner)
    a, sig_a = sign_receipt(key, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(key, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    registry.setOperator(asset, Account.create().address, sender=owner)
    disputes.commitEquivocation(disputes.equivocationCommitment(stranger, a, b), sender=stranger)
    chain.mine()
    event = disputes.proveEquivocation(a, sig_a, b, sig_b, stranger, sender=stranger).events.filter(
        disputes.EquivocationProven)[0]
    assert event.finderReward == min(event.slashed * disputes.reporterRewardBps() // 10_000, MIN_SELF_STAKE) > 0


def test_pro_rata_slash_spares_the_owner_at_minimum_self_stake_fails(
    staking, disputes, token, asset, owner, delegator, stranger, arbiter
):
    """Finding 8: the owner's self-stake pays first; delegators only for what it cannot cover."""
    _delegate(staking, token, asset, delegator)
    delegated_before = staking.delegatedStakeOf(asset, delegator)
    dispute_id = _open(disputes, token, asset, stranger)
    disputes.upholdDispute(dispute_id, MIN_SELF_STAKE // 2, 0, sender=arbiter)
    assert staking.selfStakeOf(asset, owner) == MIN_SELF_STAKE // 2
    assert staking.delegatedStakeOf(asset, delegator) == delegated_before


def test_just_in_time_delegation_takes_the_batch_fails(
    staking, token, asset, owner, delegator, delegator2, consumer, chain
):
    """Finding 7: the delegators' cut is streamed over REWARD_STREAM_PERIOD, so a delegation of one
    block before a batch lands earns its share of the seconds it stays, not a share of the batch."""
    staking.setDelegatorCut(asset, 5_000, sender=owner)
    chain.pending_timestamp += staking.cutChangeDelay()
    _delegate(staking, token, asset, delegator2, 1_000 * TOKEN)  # there all along
    chain.pending_timestamp += staking.cutChangeDelay()
    _delegate(staking, token, asset, delegator, 99_000 * TOKEN)  # one block before the batch
    token.approve(staking, MAX_UINT, sender=consumer)
    batch = staking.depositFees(asset, 99_000 * TOKEN, sender=consumer)  # 100,000 less the 1 % protocol fee
    delegator_part = batch.events.filter(staking.FeesDeposited)[0].delegatorPart
    shares = staking.getStaker(asset, delegator).delegatedShares
    delegated_shares = staking.getPool(asset).delegatedShares

    left = staking.undelegate(asset, shares, sender=delegator)  # the next block
    take = staking.claimRewards(asset, sender=delegator).events.filter(staking.RewardsClaimed)[0].delegatorRewards

    # Its time-weighted share: its part of the pool times the part of the stream it was there for.
    seconds_in_stream = left.timestamp - batch.timestamp
    time_weighted = shares * delegator_part * seconds_in_stream // (delegated_shares * staking.REWARD_STREAM_PERIOD())
    assert take <= time_weighted + 1  # + the sub-wei part of the rate credited at the deposit
    # Before the fix it took its share of the whole batch at once.
    share_of_batch = shares * delegator_part // delegated_shares
    assert take * staking.REWARD_STREAM_PERIOD() <= (share_of_batch + 1) * seconds_in_stream

    # The delegator that stays the whole period gets its share of the rest of the stream.
    chain.pending_timestamp += staking.REWARD_STREAM_PERIOD()
    stayed = staking.claimRewards(asset, sender=delegator2).events.filter(staking.RewardsClaimed)[0].delegatorRewards
    assert stayed >= delegator_part - share_of_batch - 2
