"""Demo scene: an agent pays the fine-tune's gateway for real inferences; the provider settles.

The gateway (``modelmarket serve`` in a thread, on 127.0.0.1) serves a classifier trained at start
from scikit-learn's packaged digits; the agent's client learns the price from the 402, signs
cumulative vouchers with its session key, verifies every receipt; stopping the gateway settles.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from modelmarket.client import ModelClient, SpendLedger
from modelmarket.client.funding import ApeFunder
from modelmarket.eip712 import Domain
from modelmarket.gateway.app import build_app
from modelmarket.gateway.chain import build_gateway
from modelmarket.gateway.model import DigitsClassifier
from modelmarket.gateway.server import ThreadedServer
from modelmarket.gateway.store import SqliteStore
from modelmarket.payments_chain import payments_domain
from modelmarket.units import format_amount
from modelmarket.vouchers import VoucherSigner

if TYPE_CHECKING:
    from modelmarket_demo.scenario import Scenario

CALLS = 5


def agent_pays_the_gateway(scenario: Scenario, agent_key: bytes, operator_key: bytes) -> None:
    """``agent_key`` gets a fresh one-day key scoped to the fine-tune (the earlier key may have expired)."""
    from ape import chain

    from modelmarket_demo.scenario import TOKEN

    market, cast = scenario.market, scenario.cast
    payments, tuned = market.require("UsagePayments"), scenario.assets["tuned"]
    agent = VoucherSigner(agent_key, payments_domain(payments))
    payments.authorizeSessionKey(agent.address, TOKEN, chain.pending_timestamp + 86_400, [tuned], sender=cast.consumer)
    before = int(payments.redeemed(cast.consumer.address, tuned))
    book = SqliteStore(str(Path(tempfile.mkdtemp(prefix="modelmarket-demo-")) / "book.sqlite"))
    gateway = build_gateway(market, tuned, cast.tuner, operator_key, book, cache_age=0)
    answers = []
    with ThreadedServer(build_app(gateway, manage_settlement=False)) as server:
        client = ModelClient(
            server.url, agent, cast.consumer.address, budget=TOKEN,
            receipt_domain=Domain.from_eip5267(market.require("Disputes").eip712Domain()),
            receipt_signer=str(market.registry.signerOf(tuned)), spend=SpendLedger(),
            funder=ApeFunder(payments, market.token, cast.consumer, topup=TOKEN),
        )
        for index in range(CALLS):
            answers.append(client.call({"pixels": DigitsClassifier.sample(index)}))
    report = gateway.settler.settle("demo")
    paid = int(payments.redeemed(cast.consumer.address, tuned)) - before
    payments.settle(tuned, sender=cast.tuner)  # the provider splits the new revenue at once
    scenario.figures.update(gateway_calls=CALLS, gateway_paid=paid, gateway_price=gateway.offer.price,
                            gateway_digits=[answer.result["digit"] for answer in answers])
    scenario.table(
        f"the agent paid the gateway of #{tuned} for {CALLS} real inferences (x402, receipts verified)",
        [
            ("model accuracy on held-out digits", f"{gateway.model.accuracy:.3f}"),
            ("answers (digits 0..4 from the packaged data set)", ", ".join(str(a.result["digit"]) for a in answers)),
            ("price per call (from the 402)", format_amount(gateway.offer.price)),
            ("redeemed in one redeemBatch, then settled", f"{format_amount(paid)} ({report.transactions} tx)"),
        ],
    )
