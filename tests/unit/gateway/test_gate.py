"""The gate on cached chain state: a refusal fresher state could cure is decided again on re-read
state, and a consumer the watcher sees leaving is re-read before its next voucher is accepted."""

from __future__ import annotations

import pytest

from modelmarket.gateway import gate as gate_module
from modelmarket.gateway.chain import build_gateway
from modelmarket.keccak import keccak
from modelmarket.payments_chain import payments_domain
from modelmarket.vouchers import VoucherSigner
from tests.gateway_fixtures import LANE, OPERATOR_KEY, sign_call

REQUEST = keccak(b"a request")


@pytest.fixture
def cached(market, served_asset, stranger, funded_consumer, classifier, book):
    """A gateway that reuses chain state for 30 s, as `modelmarket serve` does."""
    return build_gateway(market, served_asset, stranger, OPERATOR_KEY, book, min_ttl=60, cache_age=30,
                         model=classifier)


def test_admit_rereads_a_key_authorised_after_it_was_cached(cached, funded_consumer, served_asset, payments, chain,
                                                             monkeypatch):
    late = VoucherSigner(keccak(b"gate tests: a key authorised later"), payments_domain(payments))
    signed = sign_call(late, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600)
    assert cached.gate.admit(signed, REQUEST).reason == "InvalidSigner"  # the unknown key is now cached
    payments.authorizeSessionKey(late.address, LANE, chain.pending_timestamp + 86_400, [served_asset],
                                 sender=funded_consumer)
    monkeypatch.setattr(gate_module, "REREAD_INTERVAL", 0.0)
    assert cached.gate.admit(signed, REQUEST).status == "accepted"


def test_admit_rereads_at_most_once_an_interval_per_consumer(cached, funded_consumer, served_asset, payments, chain,
                                                              monkeypatch):
    monkeypatch.setattr(gate_module, "REREAD_INTERVAL", 3600.0)
    late = VoucherSigner(keccak(b"gate tests: a key authorised later"), payments_domain(payments))
    signed = sign_call(late, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600)
    assert cached.gate.admit(signed, REQUEST).reason == "InvalidSigner"
    payments.authorizeSessionKey(late.address, LANE, chain.pending_timestamp + 86_400, [served_asset],
                                 sender=funded_consumer)
    assert cached.gate.admit(signed, REQUEST).reason == "InvalidSigner"  # re-read a moment ago: cache stands


def test_tick_forgets_the_cached_lane_of_a_consumer_requesting_a_thaw(cached, agent, funded_consumer, served_asset,
                                                                      payments, chain):
    cached.gate.ledger.state.lane(funded_consumer.address, served_asset)  # the full lane is cached
    payments.requestThaw(served_asset, LANE, sender=funded_consumer)
    cached.tick()
    signed = sign_call(agent, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600)
    assert cached.gate.admit(signed, REQUEST).reason == "LaneEmpty"
