"""The provider ledger's rules, one by one, against a fake chain state (no contract).

The differential test (tests/unit/sdk/test_ledger_differential.py) checks the same rules against
the real contract; these tests pin each rule and the rule order.
"""

from __future__ import annotations

import pytest
from eth_account import Account

from modelmarket.addresses import to_checksum_address
from modelmarket.eip712 import Domain
from modelmarket.ledger import ProviderLedger
from modelmarket.payments_state import AssetStatus, LaneState, RedeemEvents, SessionKeyState
from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner
from tests.unit.sdk.fake_state import FakePaymentsState

CONSUMER_KEY = bytes.fromhex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
AGENT_KEY = bytes.fromhex("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
STRANGER_KEY = bytes.fromhex("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
CONSUMER = Account.from_key(CONSUMER_KEY).address
AGENT = Account.from_key(AGENT_KEY).address
STRANGER = Account.from_key(STRANGER_KEY).address
SMART_ACCOUNT = to_checksum_address("0x" + "5a" * 20)
DOMAIN = Domain.usage_payments(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3")
NOW = 1_000_000
ASSET, OTHER_ASSET = 1, 2


@pytest.fixture
def state() -> FakePaymentsState:
    return FakePaymentsState(
        clock=NOW,
        lanes={(CONSUMER, ASSET): LaneState(balance=100), (CONSUMER, OTHER_ASSET): LaneState(balance=100)},
        assets={ASSET: AssetStatus.ACTIVE, OTHER_ASSET: AssetStatus.ACTIVE},
    )


@pytest.fixture
def ledger(state) -> ProviderLedger:
    return ProviderLedger(DOMAIN, state)


def sign(cumulative: int, *, key: bytes = CONSUMER_KEY, asset: int = ASSET, deadline: int = NOW + 3600,
         consumer: str = CONSUMER) -> SignedVoucher:
    return VoucherSigner(key, DOMAIN).sign(Voucher(consumer, asset, cumulative, deadline))


def agent_key(state, **fields) -> None:
    values = {"cap": 50, "spent": 0, "expiry": NOW + 86_400}
    values.update(fields)
    state.keys[(CONSUMER, AGENT)] = SessionKeyState(**values)


# --- predict: each rule ----------------------------------------------------------------------


def test_predict_pays_owed_amount_when_consumer_signed(ledger):
    verdict = ledger.predict(sign(30))
    assert verdict.accepted and (verdict.owed, verdict.paid, verdict.signer) == (30, 30, CONSUMER)


def test_predict_rejects_expired_voucher_after_its_deadline(ledger):
    assert ledger.predict(sign(30, deadline=NOW)).accepted  # the deadline itself still pays
    verdict = ledger.predict(sign(30, deadline=NOW - 1))
    assert (verdict.reason, verdict.args) == ("VoucherExpired", (CONSUMER, ASSET, NOW - 1))


def test_predict_rejects_stale_voucher_at_or_below_redeemed(ledger, state):
    state.lanes[(CONSUMER, ASSET)] = LaneState(balance=100, redeemed=30)
    verdict = ledger.predict(sign(30))
    assert (verdict.reason, verdict.args) == ("VoucherStale", (CONSUMER, ASSET, 30, 30))


def test_predict_rejects_unknown_and_retired_assets(ledger, state):
    assert ledger.predict(sign(5, asset=99)).reason == "UnknownAsset"
    state.assets[ASSET] = AssetStatus.RETIRED
    assert (ledger.predict(sign(5)).reason, ledger.predict(sign(5)).args) == ("AssetRetired", (ASSET,))


def test_predict_pays_paused_asset(ledger, state):
    state.assets[ASSET] = AssetStatus.PAUSED
    assert ledger.predict(sign(5)).accepted


@pytest.mark.parametrize("status", [AssetStatus.SUSPENDED, AssetStatus.DENIED])
def test_predict_pays_taken_down_asset(ledger, state, status):
    """Like UsagePayments: a takedown refuses new orders, not vouchers for inference already served."""
    state.assets[ASSET] = status
    assert ledger.predict(sign(5)).accepted


def test_predict_rejects_unauthorised_signer_naming_it(ledger):
    verdict = ledger.predict(sign(5, key=STRANGER_KEY))
    assert (verdict.reason, verdict.args) == ("InvalidSigner", (CONSUMER, STRANGER))


def test_predict_rejects_high_s_signature_as_invalid(ledger):
    from modelmarket.eip712 import SECP256K1_N

    good = sign(5)
    s = int.from_bytes(good.signature[32:64], "big")
    twin = good.signature[:32] + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - good.signature[64]])
    verdict = ledger.predict(SignedVoucher(good.voucher, twin))
    assert (verdict.reason, verdict.args) == ("InvalidSignature", (CONSUMER, ASSET))


def test_predict_accepts_smart_account_signature_through_erc1271(ledger, state):
    signed = sign(5, consumer=SMART_ACCOUNT)  # an owner key signs; the account vouches for it
    state.lanes[(SMART_ACCOUNT, ASSET)] = LaneState(balance=10)
    state.contracts[SMART_ACCOUNT] = {(DOMAIN.digest(signed.voucher), signed.signature)}
    verdict = ledger.predict(signed)
    assert verdict.accepted and verdict.signer == SMART_ACCOUNT


def test_predict_rejects_smart_account_signature_it_refuses(ledger, state):
    state.lanes[(SMART_ACCOUNT, ASSET)] = LaneState(balance=10)
    state.contracts[SMART_ACCOUNT] = set()
    verdict = ledger.predict(sign(5, consumer=SMART_ACCOUNT))
    assert (verdict.reason, verdict.args) == ("InvalidSigner", (SMART_ACCOUNT, CONSUMER))


def test_predict_session_key_pays_within_cap(ledger, state):
    agent_key(state)
    verdict = ledger.predict(sign(50, key=AGENT_KEY))
    assert verdict.accepted and verdict.signer == AGENT


def test_predict_rejects_session_key_over_cap(ledger, state):
    agent_key(state, spent=20)
    state.key_spent[(CONSUMER, AGENT, ASSET)] = 20
    verdict = ledger.predict(sign(31, key=AGENT_KEY))
    assert (verdict.reason, verdict.args) == ("SessionKeyCapExceeded", (CONSUMER, AGENT, 50, 20, 31))


def test_predict_session_key_cap_ignores_what_the_key_paid_other_assets(ledger, state):
    agent_key(state, spent=50)
    state.key_spent[(CONSUMER, AGENT, OTHER_ASSET)] = 50  # the key's whole cap, spent on another asset
    verdict = ledger.predict(sign(50, key=AGENT_KEY))
    assert verdict.accepted and verdict.paid == 50


def test_predict_applies_lowered_cap_only_from_its_time(ledger, state):
    agent_key(state, pending_cap=10, pending_cap_at=NOW + 1)
    assert ledger.predict(sign(40, key=AGENT_KEY)).accepted
    state.clock = NOW + 1
    assert ledger.predict(sign(40, key=AGENT_KEY)).reason == "SessionKeyCapExceeded"


def test_predict_rejects_key_past_its_effective_expiry(ledger, state):
    agent_key(state, expiry=NOW - 1)  # a revocation that took effect is an expiry too
    verdict = ledger.predict(sign(5, key=AGENT_KEY))
    assert (verdict.reason, verdict.args) == ("ExpiredSessionKey", (CONSUMER, AGENT, NOW - 1))


def test_predict_rejects_scoped_key_for_asset_out_of_scope(ledger, state):
    agent_key(state, scoped=True)
    state.scopes[(CONSUMER, AGENT, ASSET)] = NOW + 10
    assert ledger.predict(sign(5, key=AGENT_KEY)).accepted
    verdict = ledger.predict(sign(5, key=AGENT_KEY, asset=OTHER_ASSET))
    assert (verdict.reason, verdict.args) == ("SessionKeyOutOfScope", (CONSUMER, AGENT, OTHER_ASSET))


def test_predict_pays_what_lane_holds_and_reports_shortfall(ledger, state):
    state.lanes[(CONSUMER, ASSET)] = LaneState(balance=20, thaw_amount=20)
    verdict = ledger.predict(sign(30))
    assert verdict.accepted and (verdict.paid, verdict.shortfall) == (20, 10)


def test_predict_rejects_empty_lane(ledger, state):
    state.lanes[(CONSUMER, ASSET)] = LaneState(balance=0, redeemed=5)
    verdict = ledger.predict(sign(30))
    assert (verdict.reason, verdict.args) == ("LaneEmpty", (CONSUMER, ASSET, 25))


def test_predict_checks_rules_in_contract_order(ledger, state):
    # Expired, stale, unknown asset and a stranger's signature at once: the deadline wins.
    state.lanes[(CONSUMER, 99)] = LaneState(redeemed=50)
    assert ledger.predict(sign(50, asset=99, key=STRANGER_KEY, deadline=NOW - 1)).reason == "VoucherExpired"
    assert ledger.predict(sign(50, asset=99, key=STRANGER_KEY)).reason == "VoucherStale"
    assert ledger.predict(sign(60, asset=99, key=STRANGER_KEY)).reason == "UnknownAsset"


# --- predict_batch ---------------------------------------------------------------------------


def test_predict_batch_earlier_vouchers_drain_lane_and_key(ledger, state):
    state.lanes[(CONSUMER, ASSET)] = LaneState(balance=40)
    agent_key(state, cap=60)
    verdicts = ledger.predict_batch([sign(30, key=AGENT_KEY), sign(35, key=AGENT_KEY), sign(61, key=AGENT_KEY),
                                     sign(60, key=AGENT_KEY, asset=OTHER_ASSET)])
    assert [(v.reason, v.paid) for v in verdicts] == [
        (None, 30), (None, 5), ("SessionKeyCapExceeded", 0), (None, 60)
    ]
    assert verdicts[2].args == (CONSUMER, AGENT, 60, 35, 26)


# --- accept: the provider's credit policy ----------------------------------------------------


def test_accept_credits_only_the_increase_and_keeps_latest(ledger):
    assert ledger.accept(sign(10)).credit == 10
    assert ledger.accept(sign(25)).credit == 15
    stale = ledger.accept(sign(20))
    assert (stale.reason, stale.args) == ("VoucherStale", (CONSUMER, ASSET, 20, 25))
    assert ledger.latest(CONSUMER, ASSET).voucher.cumulative_amount == 25
    assert ledger.outstanding(CONSUMER, ASSET) == 25


def test_accept_requires_min_ttl_before_deadline(state):
    ledger = ProviderLedger(DOMAIN, state, min_ttl=600)
    assert ledger.accept(sign(10, deadline=NOW + 600)).accepted
    assert ledger.accept(sign(20, deadline=NOW + 599)).reason == "VoucherExpired"


def test_accept_uses_coverage_not_thawing_balance(ledger, state):
    state.lanes[(CONSUMER, ASSET)] = LaneState(balance=100, thaw_amount=80)
    verdict = ledger.accept(sign(30))
    assert (verdict.reason, verdict.args) == ("InsufficientLane", (CONSUMER, ASSET, 20, 30))
    assert ledger.accept(sign(20)).accepted


def test_accept_key_promises_for_other_assets_do_not_share_the_cap(ledger, state):
    agent_key(state, cap=50)
    assert ledger.accept(sign(50, key=AGENT_KEY)).accepted
    assert ledger.accept(sign(50, key=AGENT_KEY, asset=OTHER_ASSET)).accepted
    verdict = ledger.accept(sign(51, key=AGENT_KEY, asset=OTHER_ASSET))
    assert (verdict.reason, verdict.args) == ("SessionKeyCapExceeded", (CONSUMER, AGENT, 50, 0, 51))


def test_accept_applies_a_cap_lowering_scheduled_within_min_ttl(state):
    ledger = ProviderLedger(DOMAIN, state, min_ttl=600)
    agent_key(state, cap=50, pending_cap=10, pending_cap_at=NOW + 600)
    verdict = ledger.accept(sign(40, key=AGENT_KEY))
    assert (verdict.reason, verdict.args) == ("SessionKeyCapExceeded", (CONSUMER, AGENT, 10, 0, 40))
    assert ledger.predict(sign(40, key=AGENT_KEY)).accepted  # the contract pays it now


def test_accept_rejects_key_expiring_within_min_ttl(state):
    ledger = ProviderLedger(DOMAIN, state, min_ttl=600)
    agent_key(state, expiry=NOW + 599)
    verdict = ledger.accept(sign(10, key=AGENT_KEY))
    assert (verdict.reason, verdict.args) == ("ExpiredSessionKey", (CONSUMER, AGENT, NOW + 599))


def test_accept_rejected_voucher_changes_nothing(ledger):
    ledger.accept(sign(10))
    ledger.accept(sign(20, key=STRANGER_KEY))
    assert ledger.latest(CONSUMER, ASSET).voucher.cumulative_amount == 10


# --- batches and events ----------------------------------------------------------------------


def test_batch_groups_vouchers_by_asset_and_skips_expired(ledger, state):
    consumers = [Account.create() for _ in range(3)]
    for index, account in enumerate(consumers):
        for asset in (OTHER_ASSET, ASSET):
            state.lanes[(account.address, asset)] = LaneState(balance=100)
            deadline = NOW + 1 if index == 0 and asset == ASSET else NOW + 3600
            assert ledger.accept(sign(10 + index, key=account.key, consumer=account.address, asset=asset,
                                      deadline=deadline)).accepted
    state.clock = NOW + 2
    assets = [signed.voucher.asset_id for signed in ledger.batch(50)]
    assert assets == [ASSET, ASSET, OTHER_ASSET, OTHER_ASSET, OTHER_ASSET]
    assert len(ledger.batch(2)) == 2


def test_apply_drops_paid_vouchers_and_keeps_shortfalls(ledger, state):
    ledger.accept(sign(30))
    ledger.accept(sign(40, asset=OTHER_ASSET))
    ledger.apply(RedeemEvents(
        redeemed=((CONSUMER, ASSET, CONSUMER, 30, 30), (CONSUMER, OTHER_ASSET, CONSUMER, 40, 25)),
        shortfalls=((CONSUMER, OTHER_ASSET, 15),),
    ))
    assert ledger.latest(CONSUMER, ASSET) is None
    assert ledger.outstanding(CONSUMER, OTHER_ASSET) == 15
    assert ledger.predict(sign(30)).reason == "VoucherStale"  # before the chain read catches up
    assert state.invalidations == 1


def test_apply_drops_permanently_rejected_and_keeps_curable(ledger, state):
    ledger.accept(sign(30))
    ledger.accept(sign(40, asset=OTHER_ASSET))
    ledger.apply(RedeemEvents(rejected=((0, CONSUMER, ASSET, "LaneEmpty"), (1, CONSUMER, OTHER_ASSET, "AssetRetired"))))
    assert ledger.latest(CONSUMER, ASSET) is not None
    assert ledger.latest(CONSUMER, OTHER_ASSET) is None
    assert ledger.rejections[(CONSUMER, OTHER_ASSET)] == "AssetRetired"


def test_ledger_refuses_a_domain_that_does_not_verify_vouchers(state):
    with pytest.raises(ValueError, match="UsagePayments"):
        ProviderLedger(Domain.disputes(31337, CONSUMER), state)
