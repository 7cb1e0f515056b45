"""A gateway on the test chain serving one asset, and an HTTP client for its app."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from modelmarket.gateway.app import build_app
from modelmarket.gateway.chain import build_gateway
from modelmarket.gateway.store import SqliteStore
from tests.gateway_fixtures import (  # noqa: F401 (fixtures)
    OPERATOR_KEY,
    agent,
    classifier,
    funded_consumer,
    operator_address,
    receipt_domain,
    served_asset,
)


@pytest.fixture
def book(tmp_path) -> SqliteStore:
    return SqliteStore(str(tmp_path / "book.sqlite"))


@pytest.fixture
def gateway(market, served_asset, stranger, funded_consumer, classifier, book):
    return build_gateway(market, served_asset, stranger, OPERATOR_KEY, book, min_ttl=60, cache_age=0,
                         model=classifier)


@pytest.fixture
def http(gateway) -> TestClient:
    return TestClient(build_app(gateway, manage_settlement=False))
