"""ModelClient.call against a real gateway: pays, verifies, funds, retries safely, stops at a budget."""

from __future__ import annotations

import httpx
import pytest

from modelmarket.client import BudgetExceeded, GatewayUnavailable, ProviderDisagrees, ReceiptInvalid, SpendLedger
from modelmarket.gateway.model import DigitsClassifier
from modelmarket.gateway.wire import PAYMENT_SIGNATURE_HEADER
from tests.gateway_fixtures import PRICE

PIXELS = {"pixels": DigitsClassifier.sample(7)}


@pytest.fixture
def new_consumer(accounts, payments, served_asset, agent, chain):
    """A consumer with no lane yet and the agent's scoped key."""
    consumer = accounts[8]
    payments.authorizeSessionKey(agent.address, 10**24, chain.pending_timestamp + 86_400, [served_asset], sender=consumer)
    return consumer


class Flaky(httpx.BaseTransport):
    """Delivers every request, but loses the answer to the first ``drops`` paid ones."""

    def __init__(self, drops: int = 1, tamper: bool = False) -> None:
        self.inner, self.drops, self.tamper, self.paid = httpx.HTTPTransport(), drops, tamper, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if PAYMENT_SIGNATURE_HEADER in request.headers:
            self.paid += 1
            response.read()
            if self.paid <= self.drops:
                raise httpx.ReadError("connection lost after the gateway answered", request=request)
            if self.tamper:
                return httpx.Response(200, headers=response.headers, content=b'{"digit":1,"probability":1.0}')
        return response


def test_call_funds_the_lane_pays_and_verifies_the_receipt(make_client, new_consumer, served_asset, payments, gateway):
    client = make_client(new_consumer)
    answers = [client.call(PIXELS) for _ in range(3)]
    assert [a.result["digit"] for a in answers] == [7, 7, 7]
    assert [a.cumulative for a in answers] == [PRICE, 2 * PRICE, 3 * PRICE]
    assert payments.coverageOf(new_consumer.address, served_asset) == 5 * PRICE  # one top-up
    gateway.settler.settle()
    assert payments.redeemed(new_consumer.address, served_asset) == client.spend.spent(client.contract, new_consumer.address)


def test_call_stops_at_the_budget(make_client, new_consumer):
    client = make_client(new_consumer, budget=2 * PRICE)
    client.call(PIXELS)
    client.call(PIXELS)
    with pytest.raises(BudgetExceeded):
        client.call(PIXELS)
    assert client.spend.spent(client.contract, new_consumer.address) == 2 * PRICE


def test_call_retried_after_a_lost_answer_pays_once(make_client, new_consumer, served_asset, payments, gateway):
    transport = Flaky(drops=1)
    client = make_client(new_consumer, http=httpx.Client(transport=transport, timeout=30))
    answer = client.call(PIXELS)
    assert transport.paid == 2 and answer.cumulative == PRICE
    assert gateway.gate.store.answered() == (1, 1)
    gateway.settler.settle()
    assert payments.redeemed(new_consumer.address, served_asset) == PRICE


def test_call_after_the_gateway_was_unreachable_resends_the_pending_voucher(make_client, new_consumer, gateway):
    transport = Flaky(drops=10)
    spend = SpendLedger()
    with pytest.raises(GatewayUnavailable):
        make_client(new_consumer, http=httpx.Client(transport=transport, timeout=30), spend=spend).call(PIXELS)
    client = make_client(new_consumer, spend=spend)
    answer = client.call(PIXELS)
    assert answer.cumulative == 2 * PRICE  # the pending first call was finished, then this one paid
    assert gateway.gate.store.answered() == (2, 1)
    assert spend.answered(client.contract, new_consumer.address) == 2


def test_call_rejects_a_tampered_answer(make_client, new_consumer):
    client = make_client(new_consumer, http=httpx.Client(transport=Flaky(drops=0, tamper=True), timeout=30))
    with pytest.raises(ReceiptInvalid, match="responseHash"):
        client.call(PIXELS)


def test_call_refuses_a_gateway_with_another_receipt_signer(make_client, new_consumer, stranger):
    with pytest.raises(ProviderDisagrees):
        make_client(new_consumer, receipt_signer=stranger.address).call(PIXELS)


def test_call_refuses_a_gateway_that_asks_for_more_than_this_client_signed(make_client, new_consumer, gateway, agent,
                                                                          served_asset, chain):
    make_client(new_consumer).call(PIXELS)  # another client's ledger paid one call the fresh ledger below never saw
    with pytest.raises(ProviderDisagrees, match="expects cumulative"):
        make_client(new_consumer).call(PIXELS)
