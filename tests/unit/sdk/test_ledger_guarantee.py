"""The provider's guarantee, through the ledger: what `accept` credited pays in full later.

A provider serves asset X. Hypothesis draws vouchers for X, signed by the consumer or by its agent
key (scoped to X, or to nothing); the ledger accepts some of them (full coverage, the key's cap on
X). Then the consumer does its worst for less than the withdrawal delay: thaws X's lane, withdraws
its free balance, revokes the key, lowers its cap, narrows its scope, re-authorises it unscoped,
pays and redeems for another asset, and has the agent key spend on the other asset. The provider then redeems the ledger's batch: every held voucher must
pay exactly what it promised, with no rejection and no shortfall.
"""

from __future__ import annotations

from ape.exceptions import ContractLogicError
from eth_account import Account
from hypothesis import event, given
from hypothesis import strategies as st

from modelmarket.ledger import ProviderLedger
from modelmarket.payments_chain import ContractPaymentsState, payments_domain, redeem_events_of
from modelmarket.vouchers import Voucher, VoucherSigner
from tests.conftest import TOKEN

UNIT = TOKEN // 100
AGENT = Account.from_key(b"\x42" * 32)

offers = st.lists(st.tuples(st.sampled_from(["consumer", "agent"]), st.integers(1, 6)), min_size=1, max_size=6)
attacks = st.lists(
    st.one_of(
        st.tuples(st.just("thaw"), st.integers(1, 10)),
        st.tuples(st.just("withdraw-free"), st.integers(1, 10)),
        st.tuples(st.just("revoke"), st.just(0)),
        st.tuples(st.just("lower-cap"), st.integers(1, 3)),
        st.tuples(st.just("narrow-scope"), st.just(0)),
        st.tuples(st.just("reauthorize-unscoped"), st.integers(1, 3)),
        st.tuples(st.just("pay-other-asset"), st.integers(1, 5)),
        st.tuples(st.just("key-pays-other-asset"), st.integers(1, 8)),
        st.tuples(st.just("key-pays-other-asset"), st.integers(1, 8)),
        st.tuples(st.just("wait"), st.sampled_from([1, 600, 3_600])),
    ),
    max_size=6,
)


@given(offered=offers, attack=attacks, scoped=st.booleans())
def test_accepted_vouchers_pay_in_full_whatever_the_consumer_does(
    chain, payments, registry, token, list_asset, consumer, owner, other_owner, offered, attack, scoped
):
    snapshot = chain.snapshot()
    try:
        served, other = list_asset(), list_asset(sender=other_owner)
        token.approve(payments, 100 * TOKEN, sender=consumer)
        payments.deposit(100 * TOKEN, sender=consumer)
        payments.allocateMany([served, other], [8 * UNIT, 8 * UNIT], sender=consumer)
        expiry = chain.pending_timestamp + 10 * 86_400
        payments.authorizeSessionKey(AGENT.address, 5 * UNIT, expiry, [served] if scoped else [], sender=consumer)
        domain = payments_domain(payments)
        ledger = ProviderLedger(domain, ContractPaymentsState(payments, registry, max_age=0))
        signers = {"consumer": VoucherSigner(consumer.private_key, domain), "agent": VoucherSigner(AGENT.key, domain)}

        cumulative, deadline = 0, chain.pending_timestamp + 86_400 * 3
        for who, units in offered:
            cumulative += units * UNIT
            verdict = ledger.accept(signers[who].sign(Voucher(consumer.address, served, cumulative, deadline)))
            event(f"offer: {verdict.reason or 'accepted'}")
        promised = ledger.outstanding(consumer.address, served)

        start, delay = chain.pending_timestamp, int(payments.withdrawDelay())
        for kind, amount in attack:
            try:  # an attack the contract refuses (nothing to thaw, key unscoped) is skipped
                if kind == "thaw":
                    lane = payments.laneOf(consumer, served)[0]
                    payments.requestThaw(served, min(amount * UNIT, lane), sender=consumer)
                elif kind == "withdraw-free":
                    free = payments.freeBalanceOf(consumer)
                    if free:
                        payments.withdraw(min(amount * UNIT, free), sender=consumer)
                elif kind == "revoke":
                    payments.revokeSessionKey(AGENT.address, sender=consumer)
                elif kind == "lower-cap":
                    payments.authorizeSessionKey(AGENT.address, amount, expiry, [served], sender=consumer)
                elif kind == "narrow-scope":
                    payments.setSessionKeyScope(AGENT.address, [served], False, sender=consumer)
                elif kind == "reauthorize-unscoped":
                    payments.authorizeSessionKey(AGENT.address, amount * UNIT, expiry, [], sender=consumer)
                elif kind == "pay-other-asset":
                    own = VoucherSigner(consumer.private_key, domain).sign(
                        Voucher(consumer.address, other, int(payments.redeemed(consumer, other)) + amount * UNIT, deadline)
                    )
                    payments.redeem(own.to_tuple(), own.signature, sender=consumer)
                elif kind == "key-pays-other-asset":  # the agent spends its cap on another asset
                    if payments.keyScopeOf(consumer, AGENT.address, other) < chain.pending_timestamp:
                        payments.authorizeSessionKey(AGENT.address, 5 * UNIT, expiry, [], sender=consumer)
                    spent = VoucherSigner(AGENT.key, domain).sign(
                        Voucher(consumer.address, other, int(payments.redeemed(consumer, other)) + amount * UNIT, deadline)
                    )
                    payments.redeem(spent.to_tuple(), spent.signature, sender=consumer)
                elif chain.pending_timestamp + amount < start + delay - 60:  # stay inside the guarantee's window
                    chain.pending_timestamp += amount
                    chain.mine()

            except ContractLogicError:
                event(f"attack refused: {kind}")

        batch = ledger.batch(50)
        assert sum(ledger.outstanding(s.voucher.consumer, s.voucher.asset_id) for s in batch) == promised
        if not batch:
            return
        receipt = payments.redeemBatch([s.to_tuple() for s in batch], [s.signature for s in batch], sender=owner)
        events = redeem_events_of(payments, receipt)
        assert events.rejected == () and events.shortfalls == ()
        assert sum(e[4] for e in events.redeemed) == promised
        event("redeemed in full")
    finally:
        chain.restore(snapshot)
