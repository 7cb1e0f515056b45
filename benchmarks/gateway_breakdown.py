"""Where a paid call's extra time goes, measured in-process (part of ``make loadtest`` / ``make bench``).

The load test's ratio mixes the gateway's work with HTTP, threads and the clients sharing the
machine. This module takes the HTTP away: one gateway built in-process (the same
:func:`modelmarket.gateway.chain.build_gateway` ``modelmarket serve`` uses, on a scratch SQLite
book) answers ``calls`` paid calls through :meth:`Gateway.handle`, then the same bodies with payment
checks off, and the steps a paid call cannot skip are timed one by one on the same objects:

* ``decode``: the ``PAYMENT-SIGNATURE`` header to a signed voucher (x402 v2 wire format);
* ``recover``: the voucher's EIP-712 digest and ecrecover (libsecp256k1 through coincurve);
* ``book``: one durable acceptance in the voucher book (``BEGIN IMMEDIATE`` .. ``COMMIT``, WAL);
* ``receipt``: the receipt's hashes and its ECDSA signature;
* ``headers``: ``PAYMENT-RESPONSE`` and the receipt header.

``gateway.inproc_required_us`` is their sum: what any gateway that keeps the issue's guarantees
(check the signature, persist before answering, sign a receipt, speak x402) pays per call in this
Python stack, whatever else it optimises. ``gateway.ratio_floor`` puts it over the unpaid call's
whole server CPU in the load test (``gateway.server_cpu_us_unpaid``): the best overhead ratio such
a gateway could reach on this machine with this model.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["measure_breakdown"]


def _per_call_us(action: Callable[[int], Any], count: int) -> float:
    """Mean microseconds of ``action(i)`` over ``i`` in ``range(count)`` (after one untimed call)."""
    action(0)
    began = time.perf_counter_ns()
    for index in range(1, count + 1):  # bounded by count
        action(index)
    return (time.perf_counter_ns() - began) / count / 1000


def measure_breakdown(calls: int = 1_000) -> dict[str, float]:
    """Run on the connected local chain; returns the ``gateway.inproc_*`` results."""
    from ape import accounts

    from benchmarks.gateway_load import OPERATOR_KEY, _bodies, _setup, _Vouchers
    from modelmarket.eip712 import try_recover
    from modelmarket.gateway.chain import build_gateway
    from modelmarket.gateway.store import open_store
    from modelmarket.gateway.wire import (
        PAYMENT_REQUIRED_HEADER,
        PAYMENT_SIGNATURE_HEADER,
        decode_payment_required,
        decode_voucher_payment,
        encode_receipt,
        network_of,
        settle_header,
    )
    from modelmarket.keccak import keccak
    from modelmarket.receipts import Receipt

    folder = Path(tempfile.mkdtemp(prefix="modelmarket-breakdown-"))
    setup = _setup(1, 2 * calls + 10, folder)
    gateway = build_gateway(setup["market"], setup["asset_id"], accounts.test_accounts[9], OPERATOR_KEY,
                            open_store(f"sqlite://{folder}/book.sqlite"))
    unpaid = dataclasses.replace(gateway, payment_checks=False)
    bodies = _bodies()
    offer = gateway.handle(bodies[0], {})
    vouchers = _Vouchers(setup, decode_payment_required(offer.headers[PAYMENT_REQUIRED_HEADER]).accepts[0])
    plan = [(body, {name.lower(): value for name, value in headers.items()})
            for body, headers in vouchers.plan(0, calls + 1, bodies)]

    def paid(index: int) -> None:
        reply = gateway.handle(*plan[index])
        if reply.status != 200:
            raise RuntimeError(f"paid call {index} answered {reply.status}: {reply.body[:200]!r}")

    results = {"gateway.inproc_paid_us": _per_call_us(paid, calls),
               "gateway.inproc_unpaid_us": _per_call_us(lambda i: unpaid.handle(plan[i][0], {}), calls)}

    header = plan[1][1][PAYMENT_SIGNATURE_HEADER.lower()]
    signed = decode_voucher_payment(header)
    domain = gateway.gate.ledger.domain
    body, answer = plan[1][0], unpaid.handle(plan[1][0], {}).body
    receipt = gateway.receipts.sign(Receipt(keccak(body), keccak(answer), 1, 1, 1))
    network = network_of(domain.chain_id)
    # The book on a scratch file: the second half of the signed vouchers, each a new acceptance.
    book = open_store(f"sqlite://{folder}/scratch-book.sqlite")
    fresh = [decode_voucher_payment(headers[PAYMENT_SIGNATURE_HEADER])
             for _body, headers in vouchers.plan(0, calls + 1, bodies)]

    def accept(index: int) -> None:
        voucher = fresh[index]
        with book.pair(voucher.voucher.consumer, voucher.voucher.asset_id) as pair:
            pair.record(voucher, domain.digest(voucher.voucher), voucher.voucher.consumer, keccak(body))

    steps = {
        "decode": lambda _i: decode_voucher_payment(header),
        "recover": lambda _i: try_recover(domain.digest(signed.voucher), signed.signature),
        "book": accept,
        "receipt": lambda _i: gateway.receipts.sign(Receipt(keccak(body), keccak(answer), 1, 1, 1)),
        "headers": lambda _i: (settle_header(signed, network), encode_receipt(receipt)),
    }
    for name, step in steps.items():
        results[f"gateway.inproc_{name}_us"] = _per_call_us(step, calls)
    results["gateway.inproc_required_us"] = sum(results[f"gateway.inproc_{name}_us"] for name in steps)
    book.close()
    return {key: round(value, 1) for key, value in results.items()}
