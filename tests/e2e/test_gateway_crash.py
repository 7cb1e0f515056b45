"""kill -9 of a real `modelmarket serve` process at any point, restart: every answered voucher is
redeemed exactly once (the chain's redeemed amount and the sum of VoucherRedeemed payments both
equal what the client's own ledger says it was answered for)."""

from __future__ import annotations

import pytest

from modelmarket.client import ClientError, ModelClient, SpendLedger
from modelmarket.client.funding import ApeFunder
from modelmarket.gateway.model import DigitsClassifier
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
from modelmarket.gateway.process import GatewayProcess

PIXELS = {"pixels": DigitsClassifier.sample(9)}


@pytest.fixture
def deployments(market, tmp_path):
    market.deployment.save(tmp_path)
    return tmp_path


def _client(url, agent, consumer, payments, token, receipt_domain, operator_address, spend) -> ModelClient:
    return ModelClient(url, agent, consumer.address, budget=10**24, receipt_domain=receipt_domain,
                       receipt_signer=operator_address, spend=spend, retries=1,
                       funder=ApeFunder(payments, token, consumer, topup=10 * PRICE))


def test_gateway_killed_at_any_point_redeems_every_answered_voucher_once(
    chain, payments, token, served_asset, funded_consumer, agent, receipt_domain, operator_address, deployments
):
    start_block = chain.blocks.head.number + 1
    book, spend = f"sqlite://{deployments}/book.sqlite", SpendLedger(str(deployments / "spend.sqlite"))

    def gateway(crash: str | None = None, max_age: str = "0.5", ready: bool = True) -> GatewayProcess:
        process = GatewayProcess(rpc=chain.provider.uri, asset_id=served_asset, operator_key=OPERATOR_KEY, db=book,
                                 deployments=deployments, crash=crash, extra=("--max-age", max_age))
        return process.wait_ready() if ready else process

    def client(process: GatewayProcess) -> ModelClient:
        return _client(process.url, agent, funded_consumer, payments, token, receipt_domain, operator_address, spend)

    # 1. killed after committing the third voucher, before answering it
    first = gateway(crash="after-persist:3")
    caller = client(first)
    caller.call(PIXELS)
    caller.call(PIXELS)
    with pytest.raises(ClientError):
        caller.call(PIXELS)
    first.process.wait(timeout=30)

    # 2. restarted: the client finishes the unanswered call with the same voucher; then kill -9 from
    #    outside while vouchers are open (no age threshold in this run)
    second = gateway(max_age="3600")
    caller = client(second)
    caller.call(PIXELS)
    caller.call(PIXELS)
    second.kill()

    # 3. killed after its startup settlement is mined, before the book records it
    third = gateway(crash="after-redeem:1", ready=False)
    assert third.process.wait(timeout=120) == -9

    # 4. restarted cleanly: settles at start, and again on SIGTERM
    fourth = gateway()
    client(fourth).call(PIXELS)
    assert fourth.stop() in (0, -15)  # uvicorn re-raises SIGTERM after its graceful shutdown

    answered = spend.answered(payments.address, funded_consumer.address)
    assert answered >= 5
    assert payments.redeemed(funded_consumer.address, served_asset) == answered * PRICE
    paid = [log for log in payments.VoucherRedeemed.range(start_block, chain.blocks.head.number + 1)
            if log.consumer == funded_consumer.address and log.assetId == served_asset]
    assert sum(int(log.paid) for log in paid) == answered * PRICE
