"""Two gateway replicas of one provider share one PostgreSQL book (a real server from Debian's
package): a pair's cumulative amount is accepted once across replicas, and one settlement redeems
what both answered."""

from __future__ import annotations

import threading

import pytest
from starlette.testclient import TestClient

from modelmarket.gateway.app import build_app
from modelmarket.gateway.chain import build_gateway
from modelmarket.gateway.model import DigitsClassifier, canonical_json
from modelmarket.gateway.store import PostgresStore
from modelmarket.gateway.wire import PAYMENT_SIGNATURE_HEADER, encode_voucher_payment
from tests.gateway_fixtures import (  # noqa: F401 (fixtures)
    OPERATOR_KEY,
    PRICE,
    agent,
    classifier,
    funded_consumer,
    operator_address,
    receipt_domain,
    served_asset,
    sign_call,
)
from tests.postgres_server import PostgresServer


@pytest.fixture(scope="module")
def postgres():
    with PostgresServer() as server:
        yield server


@pytest.fixture
def replicas(postgres, market, served_asset, stranger, classifier, funded_consumer):
    gateways = [build_gateway(market, served_asset, stranger, OPERATOR_KEY, PostgresStore(postgres.url),
                              cache_age=0, model=classifier) for _ in range(2)]
    yield gateways
    with gateways[0].gate.store._transaction() as cursor:
        cursor.execute("DELETE FROM vouchers; DELETE FROM lanes")


def _pay(http, gateway, signed, digit):
    header = encode_voucher_payment(signed, gateway.offer.requirements())
    body = canonical_json({"pixels": DigitsClassifier.sample(digit)})
    return http.post("/v1/infer", content=body, headers={PAYMENT_SIGNATURE_HEADER: header})


def test_replicas_accept_one_cumulative_amount_once(replicas, agent, funded_consumer, served_asset, chain):
    https = [TestClient(build_app(gateway, manage_settlement=False)) for gateway in replicas]
    deadline = chain.pending_timestamp + 3600
    rivals = [sign_call(agent, funded_consumer.address, served_asset, 1, deadline + i) for i in range(2)]
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda i=i: statuses.append(_pay(https[i], replicas[i], rivals[i], i).status_code))
               for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 402]


def test_replicas_share_the_book_and_one_settlement_redeems_both(replicas, agent, funded_consumer, served_asset,
                                                                 chain, payments):
    https = [TestClient(build_app(gateway, manage_settlement=False)) for gateway in replicas]
    deadline = chain.pending_timestamp + 3600
    for call in range(1, 7):  # alternate replicas: each sees the other's vouchers
        replica = call % 2
        assert _pay(https[replica], replicas[replica], sign_call(agent, funded_consumer.address, served_asset, call,
                                                                 deadline), call).status_code == 200
    report = replicas[0].settler.settle()
    assert report.paid == 6 * PRICE
    assert payments.redeemed(funded_consumer.address, served_asset) == 6 * PRICE
    assert replicas[1].settler.settle().transactions == 0
