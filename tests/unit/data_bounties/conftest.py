"""Fixtures for the DataBounties tests: the deployed contract and a bounty driver."""

from __future__ import annotations

import pytest

from tests.unit.data_bounties.helpers import Driver


@pytest.fixture(scope="session")
def bounties(market):
    return market.require("DataBounties")


@pytest.fixture
def driver(chain, bounties, token) -> Driver:
    return Driver(chain, bounties, token)


@pytest.fixture(scope="session")
def requester(owner):
    return owner


@pytest.fixture(scope="session")
def generator(other_owner):
    return other_owner


@pytest.fixture(scope="session")
def generator2(delegator):
    return delegator


@pytest.fixture(scope="session")
def validator(delegator2):
    return delegator2


@pytest.fixture(scope="session")
def validator2(consumer):
    return consumer


@pytest.fixture(scope="session")
def validator3(consumer2):
    return consumer2
