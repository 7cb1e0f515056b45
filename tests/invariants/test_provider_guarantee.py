"""The provider's guarantee (IUsagePayments NatSpec, SECURITY.md) as a property on anvil.

A voucher for asset X that X's lane covers at time t (and that the contract would accept at t) is
redeemed at a random moment before t + withdrawDelay, after random actions of the consumer in
between: pay its own asset (voucher and payPerCall), fund and drain other lanes, request, cancel
and complete thaws of every lane (X's included), withdraw its free balance, revoke or re-authorise
the signing key with a lower cap, another scope or none, narrow the key's scope, and have the same
key spend its whole cap on the consumer's own asset (a key's cap bounds each asset). It must pay in
full.

Excluded by the guarantee's own terms: payments to X itself (they pay X's payees). The state
machine checks the lane half and the key half of the guarantee after every step.
"""

from __future__ import annotations

from eth_account import Account
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TOKEN, listing
from tests.unit.usage_payments.conftest import sign_voucher

MIN_SELF_STAKE = 1_000 * TOKEN
DEPOSIT = 1_000 * TOKEN
KEY = Account.from_key(keccak(b"provider guarantee agent"))

actions = st.lists(
    st.tuples(
        st.sampled_from([
            "thaw_x", "thaw_own", "cancel_thaw_x", "complete_thaw_x", "complete_thaw_own", "withdraw_free", "allocate_own",
            "pay_own_voucher", "pay_own_per_call", "revoke_key", "lower_key_cap", "rescope_key_away",
            "narrow_key_scope", "key_pays_own", "reauthorize_key_unscoped", "wait",
            # the moves that would hurt the provider if a delay were missing, drawn more often
            "thaw_x", "wait", "complete_thaw_x", "revoke_key", "key_pays_own", "wait",
        ]),
        st.integers(1, 10_000),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(
    owed_bps=st.integers(1, 10_000),
    by_key=st.booleans(),
    scoped=st.booleans(),
    steps=actions,
    redeem_at_bps=st.integers(0, 9_999),
)
def test_covered_voucher_pays_in_full_before_the_delay_ends(
    chain, market, owner, consumer, stranger, owed_bps, by_key, scoped, steps, redeem_at_bps
):
    payments, registry, staking, token = market.payments, market.registry, market.staking, market.token
    snapshot = chain.snapshot()
    try:
        token.approve(staking.address, 2**256 - 1, sender=owner)
        token.approve(staking.address, 2**256 - 1, sender=consumer)
        token.approve(payments.address, 2**256 - 1, sender=consumer)
        x = registry.list(listing(), sender=owner).events.filter(registry.AssetListed)[0].assetId
        own = registry.list(listing(), sender=consumer).events.filter(registry.AssetListed)[0].assetId
        staking.stake(x, MIN_SELF_STAKE, sender=owner)
        staking.stake(own, MIN_SELF_STAKE, sender=consumer)
        payments.depositAndAllocate([x, own], [DEPOSIT, DEPOSIT], sender=consumer)
        payments.deposit(DEPOSIT, sender=consumer)
        delay = payments.withdrawDelay()
        if by_key:
            # a cap of one lane: under a cap shared by all assets, the key's spend on `own` would void X's voucher
            payments.authorizeSessionKey(KEY.address, DEPOSIT, chain.pending_timestamp + 10 * delay,
                                         [x] if scoped else [], sender=consumer)
        # t: the voucher is covered by X's lane
        t = chain.pending_timestamp
        owed = max(1, payments.coverageOf(consumer, x) * owed_bps // 10_000)
        voucher, signature = sign_voucher(KEY if by_key else consumer, payments, consumer, x, owed, t + 10 * delay)
        assert payments.coverageOf(consumer, x) >= owed
        end = t + delay  # redeemed strictly before t + delay (at most end - 1)
        own_cumulative = 0
        for action, size in steps:
            if chain.pending_timestamp >= end - 2:
                break
            amount = max(1, DEPOSIT * size // 10_000)
            if action == "thaw_x":
                payments.requestThaw(x, payments.laneOf(consumer, x)[0], sender=consumer)
            elif action == "thaw_own" and payments.laneOf(consumer, own)[0]:
                payments.requestThaw(own, payments.laneOf(consumer, own)[0], sender=consumer)
            elif action == "cancel_thaw_x" and payments.laneOf(consumer, x)[2]:
                payments.cancelThaw(x, sender=consumer)
            elif action == "complete_thaw_x":
                _, _, thawing, ready_at = payments.laneOf(consumer, x)
                if thawing and chain.pending_timestamp >= ready_at:  # never before t + delay
                    payments.completeThaw(x, True, sender=consumer)
            elif action == "complete_thaw_own":
                _, _, thawing, ready_at = payments.laneOf(consumer, own)
                if thawing and chain.pending_timestamp >= ready_at:
                    payments.completeThaw(own, True, sender=consumer)
            elif action == "withdraw_free" and payments.freeBalanceOf(consumer):
                payments.withdraw(min(amount, payments.freeBalanceOf(consumer)), sender=consumer)
            elif action == "allocate_own" and payments.freeBalanceOf(consumer):
                payments.allocate(own, min(amount, payments.freeBalanceOf(consumer)), sender=consumer)
            elif action == "pay_own_voucher" and payments.laneOf(consumer, own)[0]:
                own_cumulative = max(own_cumulative, payments.redeemed(consumer, own)) + amount
                payments.redeem(*sign_voucher(consumer, payments, consumer, own, own_cumulative, end + delay),
                                sender=consumer)
            elif action == "pay_own_per_call":
                calls = min(size, payments.laneOf(consumer, own)[0] // 10**15)
                if calls:
                    payments.payPerCall(own, calls, 2**256 - 1, sender=consumer)
            elif action == "revoke_key" and by_key:
                payments.revokeSessionKey(KEY.address, sender=consumer)
            elif action == "lower_key_cap" and by_key:
                payments.authorizeSessionKey(KEY.address, 1, chain.pending_timestamp + 1, [], sender=consumer)
            elif action == "rescope_key_away" and by_key:
                payments.authorizeSessionKey(KEY.address, 10 * DEPOSIT, chain.pending_timestamp + 10 * delay, [own],
                                             sender=consumer)
            elif action == "narrow_key_scope" and by_key and payments.sessionKeyOf(consumer, KEY.address).scopedAt:
                payments.setSessionKeyScope(KEY.address, [x], False, sender=consumer)
            elif action == "key_pays_own" and by_key:
                if payments.keyScopeOf(consumer, KEY.address, own) < chain.pending_timestamp:
                    payments.authorizeSessionKey(KEY.address, DEPOSIT, chain.pending_timestamp + 10 * delay, [],
                                                 sender=consumer)
                cumulative = payments.redeemed(consumer, own) + min(amount, payments.laneOf(consumer, own)[0])
                spent = DEPOSIT - payments.keySpentOn(consumer, KEY.address, own)
                if cumulative > payments.redeemed(consumer, own) and spent > 0:
                    cumulative = min(cumulative, payments.redeemed(consumer, own) + spent)
                    payments.redeem(*sign_voucher(KEY, payments, consumer, own, cumulative, end + delay),
                                    sender=consumer)
            elif action == "reauthorize_key_unscoped" and by_key:
                payments.authorizeSessionKey(KEY.address, DEPOSIT, chain.pending_timestamp + 10 * delay, [],
                                             sender=consumer)
            elif action == "wait":
                chain.pending_timestamp = min(end - 2, chain.pending_timestamp + delay * size // 10_000)
        chain.pending_timestamp = max(chain.pending_timestamp, min(end - 1, t + delay * redeem_at_bps // 10_000))
        # the consumer front-runs the redemption: it leaves X's lane the moment any thaw of it allows
        _, _, thawing, ready_at = payments.laneOf(consumer, x)
        if thawing and chain.pending_timestamp >= ready_at:
            payments.completeThaw(x, True, sender=consumer)

        receipt = payments.redeem(voucher, signature, sender=stranger)

        assert receipt.timestamp < end
        assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [owed]
    finally:
        chain.restore(snapshot)
