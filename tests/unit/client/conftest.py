"""A real gateway (uvicorn on 127.0.0.1) on the test chain, and a client factory for it."""

from __future__ import annotations

import pytest

from modelmarket.client import ModelClient, SpendLedger
from modelmarket.client.funding import ApeFunder
from modelmarket.gateway.app import build_app
from modelmarket.gateway.chain import build_gateway
from modelmarket.gateway.server import ThreadedServer
from modelmarket.gateway.store import SqliteStore
from tests.gateway_fixtures import (  # noqa: F401 (fixtures)
    OPERATOR_KEY,
    PRICE,
    agent,
    classifier,
    funded_consumer,
    operator_address,
    receipt_domain,
    served_asset,
)


@pytest.fixture
def gateway(market, served_asset, stranger, classifier, tmp_path):
    return build_gateway(market, served_asset, stranger, OPERATOR_KEY, SqliteStore(str(tmp_path / "book.sqlite")),
                         min_ttl=60, cache_age=0, model=classifier)


@pytest.fixture
def server(gateway):
    with ThreadedServer(build_app(gateway, manage_settlement=False)) as running:
        yield running


@pytest.fixture
def make_client(server, agent, payments, token, receipt_domain, operator_address):
    def _make(consumer, *, budget=10 * PRICE, http=None, receipt_signer=None, spend=None) -> ModelClient:
        return ModelClient(
            server.url, agent, consumer.address, budget=budget, receipt_domain=receipt_domain,
            receipt_signer=receipt_signer or operator_address, spend=spend or SpendLedger(),
            funder=ApeFunder(payments, token, consumer, topup=5 * PRICE), http=http,
        )

    return _make
