"""Shared by the gateway, client and e2e gateway tests: an asset served by a gateway, a funded
consumer with a scoped session key, and keys for the asset's operator and the agent."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account import Account

from modelmarket.eip712 import Domain
from modelmarket.gateway.model import DigitsClassifier
from modelmarket.keccak import keccak
from modelmarket.payments_chain import payments_domain
from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner

OPERATOR_KEY = keccak(b"gateway tests: the asset operator's receipt key")
AGENT_KEY = keccak(b"gateway tests: the agent's session key")
PRICE = 10**15
LANE = 100 * PRICE


@pytest.fixture(scope="session")
def classifier() -> DigitsClassifier:
    return DigitsClassifier.train()


@pytest.fixture(scope="session")
def operator_address() -> str:
    return Account.from_key(OPERATOR_KEY).address


@pytest.fixture(scope="module")
def served_asset(registry, owner, operator_address) -> int:
    from tests.conftest import listing

    receipt = registry.list(listing(operator=operator_address, pricePerCall=PRICE), sender=owner)
    return int(receipt.events.filter(registry.AssetListed)[0].assetId)


@pytest.fixture(scope="module")
def agent(payments) -> VoucherSigner:
    return VoucherSigner(AGENT_KEY, payments_domain(payments))


@pytest.fixture(scope="module")
def funded_consumer(payments, token, consumer, served_asset, agent, chain) -> Any:
    """``consumer`` with a lane of ``LANE`` for the served asset and the agent's scoped key."""
    token.approve(payments.address, LANE, sender=consumer)
    payments.deposit(LANE, sender=consumer)
    payments.allocate(served_asset, LANE, sender=consumer)
    payments.authorizeSessionKey(agent.address, 10**24, chain.pending_timestamp + 30 * 86_400, [served_asset],
                                 sender=consumer)
    return consumer


@pytest.fixture(scope="module")
def receipt_domain(disputes) -> Domain:
    return Domain.from_eip5267(disputes.eip712Domain())


def sign_call(agent: VoucherSigner, consumer: str, asset_id: int, calls: int, deadline: int) -> SignedVoucher:
    """The agent's voucher after ``calls`` calls at ``PRICE``."""
    return agent.sign(Voucher(consumer, asset_id, calls * PRICE, deadline))
