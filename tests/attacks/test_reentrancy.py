"""Attack 1: reentrancy.

(a) A hostile ERC-20 (`HostileToken`) hands control to the attacker contract on every transfer;
the attacker re-enters the function that is paying it (or any other entry point).
Defence: `ReentrancyGuardTransient` on every function that moves tokens, and checks-effects-
interactions (state is settled before the transfer, so a swallowed re-entry gains nothing).
Redeeming moves no tokens and has no guard: a redeem re-entered from a settlement's transfer
lands after that settlement's effects and only records revenue for the next one.

(b) A hostile ERC-721 receiver re-enters the registry and the staking pool from
`onERC721Received`. Defence: `list` mints without a receiver callback (`_mint`), and a safe
transfer calls back only after ownership moved, so whatever the receiver does runs against
consistent state.
"""

from __future__ import annotations

from tests.attacks.conftest import MIN_SELF_STAKE, selector
from tests.attacks.helpers import MAX_UINT, TOKEN, sign_voucher
from tests.conftest import listing

ROYALTY_BPS = 1_000


def act(world, contract, method, *args, sender):
    """The attacker contract calls `contract.method(*args)` as itself."""
    data = getattr(contract, method).encode_input(*args)
    return world.attacker.execute(contract, data, sender=sender)


def arm(world, calls, *, bubble, sender):
    """Arms the attacker: on its next callback it makes `calls` [(contract, method, args), ...]."""
    targets = [contract.address for contract, _, _ in calls]
    payloads = [getattr(contract, method).encode_input(*args) for contract, method, args in calls]
    world.attacker.arm(targets, payloads, bubble, sender=sender)


def blocked_by_guard(world, receipt, contract) -> bool:
    """The callback's one re-entry attempt failed with `contract`'s reentrancy guard error."""
    attempts = [(e.success, bytes(e.result)) for e in receipt.events.filter(world.attacker.ReentryAttempted)]
    return attempts == [(False, selector(contract.ReentrancyGuardReentrantCall))]


def attacker_escrow(world, chain, stranger, amount=100 * TOKEN):
    """The attacker deposits `amount` into its free balance (which it may withdraw at once)."""
    act(world, world.token, "approve", world.payments, MAX_UINT, sender=stranger)
    act(world, world.payments, "deposit", amount, sender=stranger)
    return amount


def attacker_listed_asset(world, stranger) -> int:
    """The attacker contract lists an asset of its own (no ERC-721 callback: `list` uses `_mint`)."""
    act(world, world.registry, "list", listing(), sender=stranger)
    asset_id = world.registry.assetCount()
    assert world.registry.ownerOf(asset_id) == world.attacker.address
    assert world.attacker.nftsReceived() == 0
    return asset_id


# ---------------------------------------------------------------- hostile token: escrow


def test_reentrant_escrow_withdraw_fails(hostile, chain, stranger, reverts_exactly):
    world = hostile
    amount = attacker_escrow(world, chain, stranger)
    arm(world, [(world.payments, "withdraw", (amount,))], bubble=True, sender=stranger)

    with reverts_exactly(world.payments.ReentrancyGuardReentrantCall):
        act(world, world.payments, "withdraw", amount, sender=stranger)

    assert world.payments.freeBalanceOf(world.attacker) == amount


def test_reentrant_escrow_withdraw_gains_nothing(hostile, chain, stranger):
    world = hostile
    amount = attacker_escrow(world, chain, stranger)
    before = world.token.balanceOf(world.attacker)
    held = world.token.balanceOf(world.payments)
    arm(world, [(world.payments, "withdraw", (amount,))], bubble=False, sender=stranger)

    receipt = act(world, world.payments, "withdraw", amount, sender=stranger)

    assert blocked_by_guard(world, receipt, world.payments)
    assert world.token.balanceOf(world.attacker) == before + amount
    assert world.token.balanceOf(world.payments) == held - amount
    assert world.payments.freeBalanceOf(world.attacker) == 0


def test_reentrant_complete_thaw_fails(hostile, chain, stranger, reverts_exactly):
    world = hostile
    amount = attacker_escrow(world, chain, stranger)
    act(world, world.payments, "allocate", world.asset, amount, sender=stranger)
    requested = act(world, world.payments, "requestThaw", world.asset, amount, sender=stranger)
    ready_at = requested.timestamp + world.payments.withdrawDelay()
    chain.pending_timestamp = ready_at
    arm(world, [(world.payments, "completeThaw", (world.asset, True))], bubble=True, sender=stranger)

    with reverts_exactly(world.payments.ReentrancyGuardReentrantCall):
        act(world, world.payments, "completeThaw", world.asset, True, sender=stranger)

    assert world.payments.laneOf(world.attacker, world.asset) == (amount, 0, amount, ready_at)


def test_reentrant_deposit_fails(hostile, stranger, reverts_exactly):
    world = hostile
    act(world, world.token, "approve", world.payments, MAX_UINT, sender=stranger)
    arm(world, [(world.payments, "deposit", (1,))], bubble=True, sender=stranger)

    with reverts_exactly(world.payments.ReentrancyGuardReentrantCall):
        act(world, world.payments, "deposit", 100 * TOKEN, sender=stranger)

    assert world.payments.freeBalanceOf(world.attacker) == 0


# ---------------------------------------------------------------- hostile token: redeem and claims


def _consumer_vouchers(world, consumer, amounts, asset=None):
    asset = world.asset if asset is None else asset
    world.token.approve(world.payments, MAX_UINT, sender=consumer)
    world.payments.depositAndAllocate([asset], [1_000 * TOKEN], sender=consumer)
    return [sign_voucher(consumer, world.payments, consumer, asset, amount) for amount in amounts]


def test_reentrant_settle_fails(hostile, consumer, stranger, reverts_exactly):
    """Settling moves the owner/delegator part once (StakingPool pulls it): the hook re-enters settle
    while the first settlement holds the guard."""
    world = hostile
    ((v1, s1),) = _consumer_vouchers(world, consumer, [100 * TOKEN])
    world.payments.redeem(v1, s1, sender=stranger)
    arm(world, [(world.payments, "settle", (world.asset,))], bubble=True, sender=stranger)

    with reverts_exactly(world.payments.ReentrancyGuardReentrantCall):
        world.payments.settle(world.asset, sender=stranger)

    assert world.payments.pendingRevenueOf(world.asset) == 100 * TOKEN


def test_reentrant_redeem_during_settle_gains_nothing(hostile, owner, consumer, stranger):
    """Redeeming only records (no token moves, no guard needed): a redeem re-entered from inside a
    settlement's token transfer lands after the settlement's effects, so its revenue waits for the
    next settlement and the consumer pays exactly what it signed."""
    world = hostile
    (v1, s1), (v2, s2) = _consumer_vouchers(world, consumer, [100 * TOKEN, 300 * TOKEN])
    world.payments.redeem(v1, s1, sender=stranger)
    arm(world, [(world.payments, "redeem", (v2, s2))], bubble=False, sender=stranger)

    receipt = world.payments.settle(world.asset, sender=stranger)

    assert receipt.events.filter(world.payments.RevenueSettled)[0].amount == 100 * TOKEN
    assert world.payments.redeemed(consumer, world.asset) == 300 * TOKEN
    assert world.payments.pendingRevenueOf(world.asset) == 200 * TOKEN
    assert world.payments.coverageOf(consumer, world.asset) == 700 * TOKEN
    world.payments.settle(world.asset, sender=stranger)
    fees = world.payments.protocolFeesAccrued()
    assert fees + world.staking.getPool(world.asset).ownerRewards == 300 * TOKEN


def test_reentrant_redeem_batch_gains_nothing(hostile, owner, consumer, stranger):
    world = hostile
    (v1, s1), (v2, s2) = _consumer_vouchers(world, consumer, [100 * TOKEN, 300 * TOKEN])
    world.payments.redeem(v1, s1, sender=stranger)
    world.payments.settle(world.asset, sender=stranger)
    owner_part = world.staking.getPool(world.asset).ownerRewards
    before = world.token.balanceOf(owner)
    arm(world, [(world.payments, "redeemBatch", ([v2], [s2]))], bubble=False, sender=stranger)

    world.staking.claimRewards(world.asset, sender=owner)
    assert world.token.balanceOf(owner) == before + owner_part

    # Re-entered or not, the later voucher pays only the difference: 300 in total, never 400.
    world.payments.redeemBatch([v2], [s2], sender=stranger)
    assert world.payments.redeemed(consumer, world.asset) == 300 * TOKEN
    assert world.payments.coverageOf(consumer, world.asset) == 700 * TOKEN


def test_reentrant_claim_royalties_fails(hostile, owner, consumer, stranger, reverts_exactly):
    world = hostile
    parent = attacker_listed_asset(world, stranger)
    receipt = world.registry.list(listing(parents=[(parent, ROYALTY_BPS)]), sender=owner)
    child = receipt.events.filter(world.registry.AssetListed)[0].assetId
    ((voucher, signature),) = _consumer_vouchers(world, consumer, [1_000 * TOKEN], asset=child)
    world.payments.redeem(voucher, signature, sender=stranger)
    world.payments.settle(child, sender=stranger)
    royalty = world.payments.royaltiesOf(parent)
    assert royalty == 100 * TOKEN

    arm(world, [(world.payments, "claimRoyalties", (parent,))], bubble=True, sender=stranger)
    with reverts_exactly(world.payments.ReentrancyGuardReentrantCall):
        act(world, world.payments, "claimRoyalties", parent, sender=stranger)

    # Swallowed re-entry: paid exactly once.
    before = world.token.balanceOf(world.attacker)
    arm(world, [(world.payments, "claimRoyalties", (parent,))], bubble=False, sender=stranger)
    receipt = act(world, world.payments, "claimRoyalties", parent, sender=stranger)
    assert blocked_by_guard(world, receipt, world.payments)
    assert world.token.balanceOf(world.attacker) == before + royalty
    assert world.payments.royaltiesOf(parent) == 0


def test_reentrant_claim_protocol_fees_fails(hostile, consumer, stranger, reverts_exactly):
    world = hostile
    ((voucher, signature),) = _consumer_vouchers(world, consumer, [1_000 * TOKEN])
    world.payments.redeem(voucher, signature, sender=stranger)
    world.payments.settle(world.asset, sender=stranger)
    fees = world.payments.protocolFeesAccrued()
    assert fees > 0

    # The hook fires on the transfer to the (innocent) treasury: the attacker re-claims.
    arm(world, [(world.payments, "claimProtocolFees", ())], bubble=True, sender=stranger)
    with reverts_exactly(world.payments.ReentrancyGuardReentrantCall):
        world.payments.claimProtocolFees(sender=stranger)
    assert world.payments.protocolFeesAccrued() == fees


def test_reentrant_staking_withdraw_fails(hostile, chain, stranger, reverts_exactly):
    world = hostile
    act(world, world.token, "approve", world.staking, MAX_UINT, sender=stranger)
    act(world, world.staking, "delegateStake", world.asset, 100 * TOKEN, sender=stranger)
    shares = world.staking.getStaker(world.asset, world.attacker).delegatedShares
    act(world, world.staking, "undelegate", world.asset, shares, sender=stranger)
    chain.pending_timestamp += world.staking.thawingPeriod()
    thawing = world.staking.thawingStakeOf(world.asset, world.attacker)

    arm(world, [(world.staking, "withdraw", (world.asset,))], bubble=True, sender=stranger)
    with reverts_exactly(world.staking.ReentrancyGuardReentrantCall):
        act(world, world.staking, "withdraw", world.asset, sender=stranger)

    before = world.token.balanceOf(world.attacker)
    arm(world, [(world.staking, "withdraw", (world.asset,))], bubble=False, sender=stranger)
    receipt = act(world, world.staking, "withdraw", world.asset, sender=stranger)
    assert blocked_by_guard(world, receipt, world.staking)
    assert world.token.balanceOf(world.attacker) == before + thawing
    assert world.staking.getThawRequests(world.asset, world.attacker) == []


def test_reentrant_claim_rewards_fails(hostile, stranger, delegator, reverts_exactly):
    world = hostile
    own_asset = attacker_listed_asset(world, stranger)
    world.token.approve(world.staking, MAX_UINT, sender=delegator)
    world.staking.depositFees(own_asset, 50 * TOKEN, sender=delegator)

    arm(world, [(world.staking, "claimRewards", (own_asset,))], bubble=True, sender=stranger)
    with reverts_exactly(world.staking.ReentrancyGuardReentrantCall):
        act(world, world.staking, "claimRewards", own_asset, sender=stranger)

    before = world.token.balanceOf(world.attacker)
    arm(world, [(world.staking, "claimRewards", (own_asset,))], bubble=False, sender=stranger)
    receipt = act(world, world.staking, "claimRewards", own_asset, sender=stranger)
    assert blocked_by_guard(world, receipt, world.staking)
    assert world.token.balanceOf(world.attacker) == before + 50 * TOKEN
    assert world.staking.getPool(own_asset).ownerRewards == 0


def test_reentrant_disputes_claim_fails(hostile, chain, stranger, reverts_exactly):
    world = hostile
    bond = world.disputes.minBond()
    act(world, world.token, "approve", world.disputes, MAX_UINT, sender=stranger)
    act(world, world.disputes, "openDispute", world.asset, bond, b"\x01" * 32, "ipfs://e", stranger.address, 0,
        sender=stranger)
    chain.pending_timestamp += world.disputes.resolutionWindow()
    world.disputes.timeoutDispute(world.disputes.disputeCount(), sender=stranger)
    assert world.disputes.claimable(world.attacker) == bond

    arm(world, [(world.disputes, "claim", ())], bubble=True, sender=stranger)
    with reverts_exactly(world.disputes.ReentrancyGuardReentrantCall):
        act(world, world.disputes, "claim", sender=stranger)

    before = world.token.balanceOf(world.attacker)
    arm(world, [(world.disputes, "claim", ())], bubble=False, sender=stranger)
    receipt = act(world, world.disputes, "claim", sender=stranger)
    assert blocked_by_guard(world, receipt, world.disputes)
    assert world.token.balanceOf(world.attacker) == before + bond
    assert world.disputes.claimable(world.attacker) == 0


# ---------------------------------------------------------------- hostile ERC-721 receiver


def test_hostile_erc721_receiver_reentry_fails(compiled, registry, staking, token, owner, deployer, stranger):
    """The receiver re-enters `list`, `publishVersion` and `stake` from `onERC721Received`: each call
    runs against settled state (the NFT already moved), so ids, versions and stake stay consistent."""
    attacker = compiled.HostileReentrant.deploy(sender=deployer)
    token.transfer(attacker, 10_000 * TOKEN, sender=owner)
    attacker.execute(token, token.approve.encode_input(staking, MAX_UINT), sender=stranger)

    # `list` gives the receiver no callback, so there is no window inside `list` itself.
    attacker.execute(registry, registry.list.encode_input(listing()), sender=stranger)
    own_id = registry.assetCount()
    assert registry.ownerOf(own_id) == attacker.address and attacker.nftsReceived() == 0

    gifted = registry.list(listing(), sender=owner).events.filter(registry.AssetListed)[0].assetId
    new_hash = b"\x22" * 32
    calls = [
        (registry, registry.list.encode_input(listing())),
        (registry, registry.publishVersion.encode_input(gifted, new_hash, "ipfs://v2")),
        (staking, staking.stake.encode_input(gifted, MIN_SELF_STAKE)),
    ]
    attacker.arm([c.address for c, _ in calls], [data for _, data in calls], True, sender=stranger)
    staking_balance = token.balanceOf(staking)

    receipt = registry.safeTransferFrom(owner, attacker, gifted, sender=owner)

    assert attacker.nftsReceived() == 1
    assert [e.success for e in receipt.events.filter(attacker.ReentryAttempted)] == [True, True, True]
    # ids stay sequential and unique; the re-entrant listing got the next id
    assert registry.assetCount() == gifted + 1
    assert registry.ownerOf(gifted + 1) == attacker.address
    assert registry.balanceOf(attacker) == 3
    # history appended, never rewritten
    assert registry.getAsset(gifted).versionCount == 2
    assert registry.getVersion(gifted, 2).contentHash == new_hash
    assert registry.getVersion(gifted, 1).contentHash != new_hash
    # stake booked once, backed by tokens
    assert staking.selfStakeOf(gifted, attacker) == MIN_SELF_STAKE
    assert staking.totalStake(gifted) == MIN_SELF_STAKE
    assert token.balanceOf(staking) == staking_balance + MIN_SELF_STAKE
    assert staking.isServing(gifted)
