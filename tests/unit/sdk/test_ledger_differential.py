"""Differential test: the provider ledger and UsagePayments agree on every voucher.

Hypothesis draws chain actions (allocate, thaw, authorise / revoke / lower the cap of / scope a
session key, let time pass) and then vouchers of every kind (good, expired, stale, over-cap,
revoked or out-of-scope keys, strangers' and malformed signatures, a smart-account consumer that
signs through ERC-1271 and may rotate its owner key, short and empty lanes, unknown and retired
assets). The ledger predicts each outcome from chain reads; the contract then
redeems the same vouchers, as one batch and one by one. Accept/reject, the error name and its
values, and every amount paid must match. Each example runs on a chain snapshot that is restored
after it. Deterministic in the default profile; deeper with MODELMARKET_DEEP=1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_account import Account
from hypothesis import event, example, given
from hypothesis import strategies as st

from modelmarket.eip712 import SECP256K1_N
from modelmarket.ledger import ProviderLedger, Verdict
from modelmarket.payments_chain import ContractPaymentsState, payments_domain, redeem_events_of
from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner
from tests.conftest import TOKEN

UNIT = TOKEN // 100
KEYS = [Account.from_key(bytes([0x11 + i]) * 32) for i in range(3)]
STRANGER = Account.from_key(b"\x77" * 32)
UNKNOWN_ASSET = 999

# ----------------------------------------------------------------------------------- actions

WHO = st.integers(0, 2)  # two EOAs and a smart account
allocate = st.tuples(st.just("allocate"), WHO, st.integers(0, 2), st.integers(1, 6))
thaw = st.tuples(st.just("thaw"), WHO, st.integers(0, 1), st.integers(0, 6))
authorize = st.tuples(
    st.just("authorize"), WHO, st.integers(0, 2), st.integers(1, 8),
    st.sampled_from(["long", "short"]), st.sampled_from([(), (0,), (1,), (0, 1)]),
)
revoke = st.tuples(st.just("revoke"), WHO, st.integers(0, 2))
narrow = st.tuples(st.just("narrow"), WHO, st.integers(0, 2), st.integers(0, 1))
rotate = st.tuples(st.just("rotate-account-owner"))
wait = st.tuples(st.just("wait"), st.sampled_from(["second", "half-delay", "delay"]))
redeem_now = st.tuples(st.just("redeem"), WHO, st.integers(0, 1), st.integers(1, 4))
key_redeem = st.tuples(st.just("key-redeem"), WHO, st.integers(0, 1), st.integers(1, 6))  # the key pays an asset
actions = st.lists(st.one_of(allocate, thaw, authorize, revoke, narrow, rotate, wait, redeem_now, key_redeem),
                   max_size=7)

#: (consumer index, asset slot: 0/1 active, 2 retired, 3 unknown, signer, cumulative units, deadline)
vouchers = st.lists(
    st.tuples(
        WHO,
        st.sampled_from([0, 0, 1, 1, 2, 3]),
        st.sampled_from(["consumer", "consumer", "key", "key", "other-key", "stranger", "high-s", "garbage"]),
        st.integers(0, 9),
        st.sampled_from(["future", "future", "now", "past"]),
    ),
    min_size=1,
    max_size=6,
)


@dataclass
class World:
    chain: object
    payments: object
    registry: object
    consumers: list  # two EOAs (Ape test accounts) and a MockSmartAccount
    assets: list[int]  # active, active, retired, unknown
    provider: object
    account_owners: list  # Ape accounts that may own the smart account (it rotates between them)

    def now(self) -> int:
        return self.chain.pending_timestamp

    def account_owner(self):
        """The smart account's owner now (read from chain: examples restore the chain, not Python)."""
        current = self.consumers[2].signerOwner()
        return next(owner for owner in self.account_owners if owner.address == current)

    def act(self, who: int, method: str, *args) -> None:
        """`payments.<method>(*args)` sent by consumer `who` (through `execute` for the smart account)."""
        if who < 2:
            getattr(self.payments, method)(*args, sender=self.consumers[who])
        else:
            data = getattr(self.payments, method).encode_input(*args)
            self.consumers[2].execute(self.payments.address, data, sender=self.account_owner())

    def signing_key(self, who: int) -> str:
        """The key whose signatures count as consumer `who`'s own (ERC-1271 for the smart account)."""
        return (self.consumers[who] if who < 2 else self.account_owner()).private_key


@pytest.fixture
def world(chain, payments, registry, token, list_asset, consumer, consumer2, owner, stranger, delegator2, compiled):
    active = [list_asset(), list_asset()]
    retired = list_asset()
    registry.setStatus(retired, 2, sender=owner)
    smart = compiled.MockSmartAccount.deploy(stranger.address, sender=stranger)
    world = World(chain, payments, registry, [consumer, consumer2, smart], [*active, retired, UNKNOWN_ASSET],
                  owner, [stranger, delegator2])
    token.approve(payments, 300 * TOKEN, sender=stranger)
    for who, account in enumerate(world.consumers):
        payments.depositFor(account.address, 100 * TOKEN, sender=stranger)
        world.act(who, "allocateMany", active, [3 * UNIT, 3 * UNIT])
    # Keys to start from: key0 pays anything for consumer 0, key1 only asset 0 for consumer 1,
    # key2 anything for the smart account.
    expiry = chain.pending_timestamp + 10 * 86_400
    world.act(0, "authorizeSessionKey", KEYS[0].address, 5 * UNIT, expiry, [])
    world.act(1, "authorizeSessionKey", KEYS[1].address, 4 * UNIT, expiry, [active[0]])
    world.act(2, "authorizeSessionKey", KEYS[2].address, 4 * UNIT, expiry, [])
    return world


def _apply(world: World, action: tuple) -> None:
    """Run one chain action; an action the contract refuses (e.g. revoking an unknown key) is skipped."""
    from ape.exceptions import ContractLogicError

    payments, kind = world.payments, action[0]
    try:
        if kind == "allocate":
            _, who, slot, units = action
            world.act(who, "allocate", world.assets[slot], units * UNIT)
        elif kind == "thaw":
            _, who, slot, units = action
            lane = payments.laneOf(world.consumers[who].address, world.assets[slot])[0]
            world.act(who, "requestThaw", world.assets[slot], min(units * UNIT, lane))
        elif kind == "authorize":
            _, who, key, cap, life, scope = action
            expiry = world.now() + (10 * 86_400 if life == "long" else 5)
            scope_ids = [world.assets[slot] for slot in scope]
            world.act(who, "authorizeSessionKey", KEYS[key].address, cap * UNIT, expiry, scope_ids)
        elif kind == "revoke":
            _, who, key = action
            world.act(who, "revokeSessionKey", KEYS[key].address)
        elif kind == "narrow":
            _, who, key, slot = action
            world.act(who, "setSessionKeyScope", KEYS[key].address, [world.assets[slot]], False)
        elif kind == "rotate-account-owner":
            current = world.account_owner()
            other = next(owner for owner in world.account_owners if owner != current)
            world.consumers[2].setOwner(other.address, sender=current)
        elif kind == "wait":
            delay = int(payments.withdrawDelay())
            step = {"second": 1, "half-delay": delay // 2, "delay": delay + 1}[action[1]]
            world.chain.pending_timestamp = world.now() + step
            world.chain.mine()
        elif kind in ("redeem", "key-redeem"):
            _, who, slot, units = action
            address, asset = world.consumers[who].address, world.assets[slot]
            cumulative = int(payments.redeemed(address, asset)) + units * UNIT
            signing_key = world.signing_key(who) if kind == "redeem" else bytes(KEYS[who].key)
            signed = VoucherSigner(signing_key, payments_domain(payments)).sign(
                Voucher(address, asset, cumulative, world.now() + 3600)
            )
            payments.redeemBatch([signed.to_tuple()], [signed.signature], sender=world.provider)
    except ContractLogicError:
        pass


def _sign(world: World, spec: tuple) -> SignedVoucher:
    who, slot, signer, units, when = spec
    consumer, asset = world.consumers[who].address, world.assets[slot]
    redeemed = int(world.payments.redeemed(consumer, asset)) if slot < 3 else 0
    cumulative = max(0, redeemed + (units - 1) * UNIT)  # units 0 and 1 are stale
    deadline = {"future": world.now() + 3600, "now": world.now(), "past": world.now() - 1}[when]
    voucher = Voucher(consumer, asset, cumulative, deadline)
    domain = payments_domain(world.payments)
    key = {"key": KEYS[who].key, "other-key": KEYS[(who + 1) % 3].key, "stranger": STRANGER.key}.get(
        signer, world.signing_key(who)
    )
    signed = VoucherSigner(key if isinstance(key, str) else bytes(key), domain).sign(voucher)
    if signer == "high-s":
        s = int.from_bytes(signed.signature[32:64], "big")
        twin = signed.signature[:32] + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - signed.signature[64]])
        signed = SignedVoucher(voucher, twin)
    elif signer == "garbage":
        signed = SignedVoucher(voucher, b"\x01" * 64 + b"\x1d")
    return signed


def _contract_single(world: World, signed: SignedVoucher) -> tuple[str | None, tuple, int, int]:
    """`redeem` as a transaction: (error name, error values, paid, shortfall)."""
    from ape.exceptions import ContractLogicError, CustomError

    try:
        receipt = world.payments.redeem(signed.to_tuple(), signed.signature, sender=world.provider)
    except CustomError as error:
        return error.name, tuple(_plain(value) for value in error.inputs.values()), 0, 0
    except ContractLogicError as error:  # pragma: no cover - would mean an undecodable revert
        pytest.fail(f"redeem reverted without a decodable error: {error}")
    events = redeem_events_of(world.payments, receipt)
    shortfall = sum(event[2] for event in events.shortfalls)
    return None, (), sum(event[4] for event in events.redeemed), shortfall


def _plain(value: object) -> object:
    return value.address if hasattr(value, "address") else value


def _ledger_single(verdict: Verdict) -> tuple[str | None, tuple, int, int]:
    return verdict.reason, tuple(verdict.args), verdict.paid, verdict.shortfall


# Every rule is reached in every run, whatever the profile draws:
@example(setup=[("revoke", 0, 0), ("wait", "delay")], specs=[(0, 0, "key", 3, "future")])  # revoked key
@example(setup=[], specs=[(1, 1, "key", 3, "future"), (1, 0, "key", 3, "now")])  # out of scope, in scope
@example(setup=[("authorize", 0, 0, 5, "long", (0,)), ("wait", "delay")], specs=[(0, 1, "key", 3, "future")])
@example(setup=[("authorize", 0, 0, 1, "long", ()), ("wait", "half-delay")],  # lowered cap not in force yet
         specs=[(0, 0, "key", 4, "future")])
@example(setup=[("authorize", 0, 0, 1, "long", ()), ("wait", "delay")], specs=[(0, 0, "key", 4, "future")])
@example(setup=[("redeem", 0, 1, 4)], specs=[(0, 1, "consumer", 3, "future"), (0, 0, "consumer", 6, "future")])
@example(setup=[("rotate-account-owner",)],  # ERC-1271: the new owner's signature counts, a stranger's not
         specs=[(2, 0, "consumer", 3, "future"), (2, 1, "stranger", 3, "future"), (2, 0, "key", 4, "future")])
@example(setup=[("thaw", 0, 0, 2)], specs=[(0, 0, "consumer", 4, "future"), (0, 0, "key", 6, "future")])
# the key spent its whole cap on asset 1 after its voucher for asset 0 was signed: the cap is per asset
@example(setup=[("key-redeem", 0, 1, 3), ("key-redeem", 0, 1, 2)],
         specs=[(0, 0, "key", 6, "future"), (0, 1, "key", 2, "future")])
@given(setup=actions, specs=vouchers)
def test_ledger_predicts_every_contract_outcome(world, setup, specs):
    chain = world.chain
    snapshot = chain.snapshot()
    try:
        for action in setup:
            _apply(world, action)
        signed = [_sign(world, spec) for spec in specs]
        ledger = ProviderLedger(
            payments_domain(world.payments), ContractPaymentsState(world.payments, world.registry, max_age=0)
        )

        # one by one: error names, their values, amounts
        for item in signed:
            single = chain.snapshot()
            predicted = _ledger_single(ledger.predict(item))
            actual = _contract_single(world, item)
            chain.restore(single)
            assert predicted == actual, f"{item.voucher}: ledger {predicted} != contract {actual}"
            event(f"redeem: {predicted[0] or ('short' if predicted[3] else 'paid')}")

        # as a batch: earlier vouchers change what later ones see
        verdicts = ledger.predict_batch(signed)
        receipt = world.payments.redeemBatch(
            [item.to_tuple() for item in signed], [item.signature for item in signed], sender=world.provider
        )
        events = redeem_events_of(world.payments, receipt)
        rejected = {index: reason for index, _, _, reason in events.rejected}
        assert [verdict.reason for verdict in verdicts] == [rejected.get(i) for i in range(len(signed))]
        paid = [event[4] for event in events.redeemed]
        assert [verdict.paid for verdict in verdicts if verdict.accepted] == paid
        assert [v.shortfall for v in verdicts if v.accepted and v.shortfall] == [s[2] for s in events.shortfalls]
        assert sum(paid) == sum(
            int(log.paid) for log in receipt.events.filter(world.payments.VoucherRedeemed)
        )

        # and the ledger, told the events, knows what the chain redeemed
        ledger.apply(events)
        for consumer, asset_id, *_ in events.redeemed:
            assert ledger.redeemed(consumer, asset_id) == world.payments.redeemed(consumer, asset_id)
    finally:
        chain.restore(snapshot)
