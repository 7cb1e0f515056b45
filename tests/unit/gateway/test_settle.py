"""Batch settlement: thresholds, watched consumers, restarts; every answered voucher pays once."""

from __future__ import annotations

from modelmarket.gateway.chain import build_gateway
from modelmarket.gateway.model import DigitsClassifier, canonical_json
from modelmarket.gateway.store import SqliteStore
from modelmarket.gateway.wire import PAYMENT_SIGNATURE_HEADER, encode_voucher_payment
from tests.gateway_fixtures import OPERATOR_KEY, PRICE, sign_call

BODY = canonical_json({"pixels": DigitsClassifier.sample(5)})


def _answer(gateway, agent, consumer, asset, calls, chain) -> None:
    for call in range(1, calls + 1):
        signed = sign_call(agent, consumer, asset, call, chain.pending_timestamp + 3600)
        header = encode_voucher_payment(signed, gateway.offer.requirements())
        assert gateway.handle(BODY, {PAYMENT_SIGNATURE_HEADER.lower(): header}).status == 200


def test_settle_redeems_the_answered_vouchers_once(gateway, agent, funded_consumer, served_asset, chain, payments):
    _answer(gateway, agent, funded_consumer.address, served_asset, 3, chain)
    report = gateway.settler.settle()
    assert (report.transactions, report.paid) == (1, 3 * PRICE)
    assert payments.redeemed(funded_consumer.address, served_asset) == 3 * PRICE
    assert gateway.settler.settle().transactions == 0


def test_tick_settles_when_the_batch_size_is_reached(gateway, agent, funded_consumer, served_asset, chain, payments):
    gateway.settler.batch_size = 1
    _answer(gateway, agent, funded_consumer.address, served_asset, 1, chain)
    gateway.tick()
    assert payments.redeemed(funded_consumer.address, served_asset) == PRICE


def test_tick_settles_when_a_consumer_requests_a_thaw(gateway, agent, funded_consumer, served_asset, chain, payments):
    _answer(gateway, agent, funded_consumer.address, served_asset, 2, chain)
    payments.requestThaw(served_asset, PRICE, sender=funded_consumer)
    gateway.tick()
    assert payments.redeemed(funded_consumer.address, served_asset) == 2 * PRICE


def test_tick_settles_when_the_agent_key_is_revoked(gateway, agent, funded_consumer, served_asset, chain, payments):
    _answer(gateway, agent, funded_consumer.address, served_asset, 1, chain)
    payments.revokeSessionKey(agent.address, sender=funded_consumer)
    gateway.tick()
    assert payments.redeemed(funded_consumer.address, served_asset) == PRICE


def test_start_after_a_restart_redeems_what_the_book_holds(market, gateway, agent, funded_consumer, served_asset,
                                                           chain, payments, stranger, classifier, book):
    _answer(gateway, agent, funded_consumer.address, served_asset, 2, chain)
    restarted = build_gateway(market, served_asset, stranger, OPERATOR_KEY, SqliteStore(book.path), model=classifier)
    restarted.start()
    restarted.stop(settle=False)
    assert payments.redeemed(funded_consumer.address, served_asset) == 2 * PRICE
    assert restarted.gate.next_cumulative(funded_consumer.address) == 3 * PRICE


def test_settle_after_a_redemption_it_did_not_record_pays_nothing_twice(gateway, agent, funded_consumer,
                                                                        served_asset, chain, payments, stranger):
    _answer(gateway, agent, funded_consumer.address, served_asset, 2, chain)
    (lane,) = gateway.gate.store.open_lanes()
    latest = lane.latest.signed
    payments.redeem(latest.to_tuple(), latest.signature, sender=stranger)  # mined, then "crashed" before recording
    report = gateway.settler.settle()
    assert report.transactions == 0
    assert payments.redeemed(funded_consumer.address, served_asset) == 2 * PRICE
    assert gateway.gate.store.open_lanes() == []
