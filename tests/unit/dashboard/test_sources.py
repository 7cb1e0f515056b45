"""Where the dashboard's data comes from: metrics only with an EvalRegistry, gateway ledgers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from modelmarket.dashboard import sources
from modelmarket.dashboard.model import OutstandingVoucher
from modelmarket.vouchers import SignedVoucher, Voucher
from tests.unit.dashboard.helpers import ALICE


@pytest.fixture
def reader():
    yield
    sources.register_metrics_reader(None)


def _market(*names: str):
    return SimpleNamespace(contracts={name: object() for name in names})


def test_load_metrics_is_none_without_an_eval_registry(reader):
    sources.register_metrics_reader(lambda market: {1: {"accuracy": 0.9}})
    assert sources.load_metrics(_market("ModelRegistry")) is None


def test_load_metrics_reads_the_registered_reader_with_an_eval_registry(reader):
    sources.register_metrics_reader(lambda market: {1: {"accuracy": 0.9}})
    assert sources.load_metrics(_market("EvalRegistry")) == {1: {"accuracy": 0.9}}


def test_load_metrics_reads_eval_registry_scores_when_no_reader_is_registered(reader, monkeypatch):
    monkeypatch.setattr(sources, "evaluated_metrics", lambda market: {2: {"accuracy": 0.8}})
    assert sources.load_metrics(_market("EvalRegistry")) == {2: {"accuracy": 0.8}}


def test_store_vouchers_reads_each_open_lane():
    voucher = Voucher(consumer=ALICE, asset_id=3, cumulative_amount=90, deadline=2**40)
    lane = SimpleNamespace(latest=SimpleNamespace(signed=SignedVoucher(voucher, b"\1" * 65)), settled=40)
    store = SimpleNamespace(open_lanes=lambda: [lane])
    assert sources.StoreVouchers(store).outstanding_vouchers() == [OutstandingVoucher(ALICE, 3, 90, 40)]


def test_ledger_vouchers_reads_what_each_held_voucher_still_promises():
    from modelmarket.ledger import ProviderLedger
    from modelmarket.payments_state import AssetStatus, LaneState
    from tests.unit.sdk.fake_state import FakePaymentsState
    from tests.unit.sdk.test_ledger import ASSET, CONSUMER, DOMAIN, NOW, sign

    state = FakePaymentsState(clock=NOW, lanes={(CONSUMER, ASSET): LaneState(balance=100, redeemed=30)},
                              assets={ASSET: AssetStatus.ACTIVE})
    ledger = ProviderLedger(DOMAIN, state)
    assert ledger.accept(sign(80)).accepted
    assert sources.LedgerVouchers(ledger).outstanding_vouchers() == [OutstandingVoucher(CONSUMER, ASSET, 80, 30)]
