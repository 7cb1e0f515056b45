"""``make loadtest``: paid vs unpaid requests through the gateway on 127.0.0.1, and a kill -9 mid-load.

**Overhead ratio** (``gateway.overhead_ratio`` = unpaid rps / paid rps): two ``modelmarket serve``
processes of the same code and the same model (trained with a fixed seed), one with payment checks
and one with ``--no-payment-checks``, take the same load from the same loop: ``--clients`` threads,
each one consumer, posting its calls one after the other over one keep-alive connection. Paid and
unpaid rounds alternate (``--rounds`` of each, ``--requests`` calls per client per round, after an
untimed warm-up that reads the 402 and fills the gateways' caches), so noise from other work on the
machine hits both; each side's rps is its calls over its summed round time (the median of the
per-round ratios and the gateway processes' CPU per call are reported too: both move less with
other load on the machine). The paid loop sends
vouchers **signed before the clock starts** (the ratio measures the gateway's overhead, not the
client's signing; ``gateway.client_sign_us`` reports that cost per voucher) and checks the status of
each answer in the loop; every receipt is verified after the clock (signature by the asset's
receipt signer, request and response hashes; ``gateway.client_verify_us`` per receipt).

**SDK run**: the same clients through :class:`modelmarket.client.ModelClient` (signing, its spend
ledger and receipt checks in the loop): ``gateway.sdk_paid_rps``.

**kill -9 run**: SDK clients again, against a gateway SIGKILLed half-way and restarted on the same
voucher book while the clients keep calling (a call whose answer was lost is resent with the same
voucher). After each paid phase the gateway settles (SIGTERM) and the chain's ``redeemed`` is
compared with what the clients saw answered: ``gateway.lost_after_kill`` counts the difference.

Requests go to 127.0.0.1 only; counts are bounded by ``--clients`` x ``--requests`` x ``--rounds``
and every SDK run by ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

TOKEN = 10**18
PRICE = TOKEN // 1000
OPERATOR_KEY = bytes.fromhex("5a" * 32)
WARMUP = 20  # untimed calls per client and gateway before the first round
JSON = {"content-type": "application/json"}

#: One call of a client: the request body and its headers (a pre-signed voucher when paid).
Call = tuple[bytes, dict[str, str]]


def _setup(clients: int, calls: int, folder: Path) -> dict[str, Any]:
    """Deploy, list the digits model, fund ``clients`` consumers' lanes for ``calls`` paid calls each."""
    from ape import accounts, chain
    from eth_account import Account

    from modelmarket.deploy import deploy_marketplace
    from modelmarket.eip712 import Domain
    from modelmarket.keccak import keccak
    from modelmarket.payments_chain import payments_domain
    from modelmarket.vouchers import VoucherSigner

    test = accounts.test_accounts
    market = deploy_marketplace(test[0], save=False)
    market.deployment.save(folder)
    registry, payments, token = market.registry, market.require("UsagePayments"), market.token
    listing = {"kind": 0, "contentHash": keccak(b"digits logistic regression"), "metadataURI": "ipfs://digits",
               "licenseId": b"MIT".ljust(32, b"\0"), "complianceFlags": 0, "pricePerCall": PRICE,
               "operator": Account.from_key(OPERATOR_KEY).address, "parents": []}
    receipt = registry.list(listing, sender=test[1])
    asset_id = int(receipt.events.filter(registry.AssetListed)[0].assetId)
    lane = calls * PRICE
    consumers = []
    for index in range(clients):
        consumer = test[2 + index]
        token.transfer(consumer, lane, sender=test[0])
        token.approve(payments.address, lane, sender=consumer)
        payments.deposit(lane, sender=consumer)
        payments.allocate(asset_id, lane, sender=consumer)
        agent = VoucherSigner(keccak(b"load agent %d" % index), payments_domain(payments))
        payments.authorizeSessionKey(agent.address, lane, chain.pending_timestamp + 86_400, [asset_id], sender=consumer)
        consumers.append((consumer.address, agent))
    return {"market": market, "asset_id": asset_id, "consumers": consumers, "payments": payments,
            "receipt_domain": Domain.from_eip5267(market.require("Disputes").eip712Domain()),
            "operator": Account.from_key(OPERATOR_KEY).address}


def _gateway(setup: dict[str, Any], folder: Path, db: str, *extra: str) -> Any:
    from ape import chain

    from modelmarket.gateway.process import GatewayProcess

    return GatewayProcess(rpc=chain.provider.uri, asset_id=setup["asset_id"], operator_key=OPERATOR_KEY, db=db,
                          deployments=folder, account="TEST::9", extra=extra).wait_ready(600)


# ------------------------------------------------------------------------------------ raw HTTP load


def _bodies() -> list[bytes]:
    from modelmarket.gateway.model import DigitsClassifier, canonical_json

    return [canonical_json({"pixels": DigitsClassifier.sample(i)}) for i in range(10)]


class _Vouchers:
    """Signs each consumer's next vouchers ahead of the clock (cumulative amounts in call order)."""

    def __init__(self, setup: dict[str, Any], requirements: Any) -> None:
        self.setup, self.requirements = setup, requirements
        self.issued = [0] * len(setup["consumers"])  # calls signed per consumer
        self.signing_ns = 0

    def plan(self, index: int, count: int, bodies: list[bytes]) -> list[Call]:
        from modelmarket.gateway.wire import PAYMENT_SIGNATURE_HEADER, encode_voucher_payment
        from modelmarket.vouchers import Voucher

        consumer, agent = self.setup["consumers"][index]
        deadline = int(time.time()) + 3_600
        calls = []
        for _call in range(count):  # bounded by the run's call count
            self.issued[index] += 1
            started = time.perf_counter_ns()
            signed = agent.sign(Voucher(consumer, self.setup["asset_id"], self.issued[index] * PRICE, deadline))
            header = encode_voucher_payment(signed, self.requirements)
            self.signing_ns += time.perf_counter_ns() - started
            calls.append((bodies[self.issued[index] % 10], {**JSON, PAYMENT_SIGNATURE_HEADER: header}))
        return calls


def _load(url: str, plans: list[list[Call]]) -> tuple[float, list[float], list[list[tuple[bytes, Any]]]]:
    """Every client posts its calls in order on its own keep-alive connection, all starting together.

    Returns the wall time from the common start to the last answer, every call's latency, and each
    client's ``(body, response)`` pairs (checked later). A status other than 200 stops the run.
    """
    latencies: list[float] = []
    answers: list[list[tuple[bytes, Any]]] = [[] for _ in plans]
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(plans) + 1)

    def work(index: int) -> None:
        mine: list[float] = []
        with httpx.Client(timeout=30) as http:
            http.get(f"{url}/health")  # connect before the clock starts
            start.wait()
            for body, headers in plans[index]:  # bounded by the plan
                began = time.perf_counter()
                response = http.post(f"{url}/v1/infer", content=body, headers=headers)
                mine.append(time.perf_counter() - began)
                if response.status_code != 200:
                    failures.append(f"client {index}: {response.status_code} {response.text[:200]}")
                    break
                answers[index].append((body, response))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(plans))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"the load run failed: {failures[0]}")
    return elapsed, latencies, answers


def _verify(setup: dict[str, Any], answers: list[tuple[bytes, Any]]) -> int:
    """Check every paid answer's receipt as the SDK does; returns the nanoseconds it took."""
    from modelmarket.gateway.wire import RECEIPT_HEADER, decode_receipt
    from modelmarket.keccak import keccak
    from modelmarket.receipts import verify_receipt

    began = time.perf_counter_ns()
    for body, response in answers:  # bounded by the answers
        signed = decode_receipt(response.headers[RECEIPT_HEADER])
        receipt = signed.receipt
        if not (verify_receipt(setup["receipt_domain"], signed, setup["operator"])
                and receipt.request_hash == keccak(body) and receipt.response_hash == keccak(response.content)
                and receipt.asset_id == setup["asset_id"]):
            raise RuntimeError("a receipt does not match its answer")
    return time.perf_counter_ns() - began


# ------------------------------------------------------------------------------------ SDK clients


class _Floor:
    """The load clients' funder: lanes were funded up front; ``redeemed`` is read once, at start."""

    def __init__(self, payments: Any, consumer: str, asset_id: int) -> None:
        from ape import chain

        self._redeemed = int(payments.redeemed(consumer, asset_id))
        self._offset = int(chain.pending_timestamp) - time.time()

    def now(self) -> int:
        return int(time.time() + self._offset)

    def redeemed(self, asset_id: int) -> int:
        return self._redeemed

    def ensure_coverage(self, asset_id: int, owed: int) -> int:
        return 0


def _sdk_run(setup: dict[str, Any], url_of: Callable[[], str], requests: int, spends: list[Any], timeout: float,
             on_half: Callable[[], None] | None = None) -> tuple[float, list[float]]:
    """``requests`` calls per client through :class:`ModelClient`; ``on_half`` runs once half are answered."""
    from modelmarket.client import ClientError, GatewayUnavailable, ModelClient

    bodies = [json.loads(body) for body in _bodies()]
    latencies: list[float] = []
    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + timeout
    total = requests * len(setup["consumers"])
    floors = [_Floor(setup["payments"], consumer, setup["asset_id"]) for consumer, _agent in setup["consumers"]]

    def work(index: int) -> None:
        consumer, agent = setup["consumers"][index]
        client = None
        made = 0
        while made < requests and time.monotonic() < deadline:  # bounded by requests and the timeout
            if client is None:
                client = ModelClient(url_of(), agent, consumer, budget=10**30, receipt_domain=setup["receipt_domain"],
                                     receipt_signer=setup["operator"], spend=spends[index], retries=2,
                                     funder=floors[index], http=httpx.Client(timeout=30))
            started = time.perf_counter()
            try:
                client.call(bodies[made % 10])
            except (ClientError, httpx.HTTPError):  # the gateway is down: wait, then resend the pending voucher
                client = None
                time.sleep(1)
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                done[0] += 1
                if on_half is not None and done[0] == total // 2:
                    threading.Thread(target=on_half, daemon=True).start()
            made += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(setup["consumers"]))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def _sdk_answered(setup: dict[str, Any], spends: list[Any]) -> int:
    contract = setup["payments"].address
    return sum(spend.answered(contract, consumer) for spend, (consumer, _agent) in zip(spends, setup["consumers"]))


def _redeemed(setup: dict[str, Any]) -> int:
    payments = setup["payments"]
    return sum(int(payments.redeemed(consumer, setup["asset_id"])) for consumer, _agent in setup["consumers"])


def _cpu(process: Any) -> float:
    """Seconds of CPU (user + system) a gateway process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{process.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _p(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ------------------------------------------------------------------------------------ the test


def measure_gateway(clients: int = 4, requests: int = 100, rounds: int = 8, timeout: float = 900,
                    log: Any = print) -> dict[str, Any]:
    """Run the loads on the connected local chain; returns the ``gateway.*`` results."""
    from modelmarket.client import SpendLedger
    from modelmarket.gateway.wire import PAYMENT_REQUIRED_HEADER, decode_payment_required

    folder = Path(tempfile.mkdtemp(prefix="modelmarket-load-"))
    # Lanes for every paid call, plus a run's worth of slack: a call whose answer a kill -9 lost is
    # paid (its voucher resent and answered) and then made again with a new voucher.
    setup = _setup(clients, WARMUP + rounds * requests + 3 * requests, folder)
    book = f"sqlite://{folder}/book.sqlite"
    bodies = _bodies()

    log(f"paid vs unpaid: {clients} clients, {rounds} alternating rounds of {requests} calls each ...")
    paid = _gateway(setup, folder, book)
    unpaid = _gateway(setup, folder, f"sqlite://{folder}/unused.sqlite", "--no-payment-checks")
    offer = httpx.post(f"{paid.url}/v1/infer", content=b"{}", headers=JSON)
    requirements = decode_payment_required(offer.headers[PAYMENT_REQUIRED_HEADER]).accepts[0]
    vouchers = _Vouchers(setup, requirements)
    _load(paid.url, [vouchers.plan(i, WARMUP, bodies) for i in range(clients)])
    _load(unpaid.url, [[(bodies[k % 10], JSON) for k in range(WARMUP)] for _ in range(clients)])
    times: dict[str, list[float]] = {"paid": [], "unpaid": []}
    latencies: dict[str, list[float]] = {"paid": [], "unpaid": []}
    cpu = {"paid": 0.0, "unpaid": 0.0}
    answers: list[tuple[bytes, Any]] = []
    for _round in range(rounds):  # bounded by --rounds
        plans = [vouchers.plan(i, requests, bodies) for i in range(clients)]
        before = _cpu(paid)
        elapsed, lat, got = _load(paid.url, plans)
        cpu["paid"] += _cpu(paid) - before
        times["paid"].append(elapsed)
        latencies["paid"] += lat
        answers += [pair for client in got for pair in client]
        before = _cpu(unpaid)
        elapsed, lat, _ = _load(unpaid.url, [[(bodies[k % 10], JSON) for k in range(requests)] for _ in range(clients)])
        cpu["unpaid"] += _cpu(unpaid) - before
        times["unpaid"].append(elapsed)
        latencies["unpaid"] += lat
    unpaid.stop()
    paid.stop()  # SIGTERM: settles everything open before exiting
    verify_ns = _verify(setup, answers)
    raw_answered = sum(vouchers.issued)
    raw_redeemed = _redeemed(setup)

    log(f"SDK clients (ModelClient): {clients} x {requests} calls ...")
    spends = [SpendLedger() for _ in range(clients)]
    sdk = _gateway(setup, folder, book, "--max-age", "5")
    sdk_s, sdk_lat = _sdk_run(setup, lambda: sdk.url, requests, spends, timeout)
    sdk.stop()
    sdk_answered, sdk_redeemed = _sdk_answered(setup, spends), _redeemed(setup) - raw_redeemed

    log("SDK clients with a kill -9 of the gateway half-way ...")
    before = _redeemed(setup)
    kill_spends = [SpendLedger() for _ in range(clients)]
    current = {"gateway": _gateway(setup, folder, book, "--max-age", "5")}

    def kill_and_restart() -> None:
        current["gateway"].kill()
        current["gateway"] = _gateway(setup, folder, book, "--max-age", "5")

    _sdk_run(setup, lambda: current["gateway"].url, requests, kill_spends, timeout, on_half=kill_and_restart)
    time.sleep(0.5)
    current["gateway"].stop()
    kill_answered, kill_redeemed = _sdk_answered(setup, kill_spends), _redeemed(setup) - before

    timed = rounds * requests * clients
    paid_rps, unpaid_rps = timed / sum(times["paid"]), timed / sum(times["unpaid"])
    per_round = [u / p for p, u in zip(times["paid"], times["unpaid"])]
    return {
        "gateway.paid_rps": round(paid_rps, 1),
        "gateway.unpaid_rps": round(unpaid_rps, 1),
        "gateway.overhead_ratio": round(unpaid_rps / paid_rps, 3),
        "gateway.overhead_ratio_rounds": [round(1 / r, 3) for r in per_round],
        "gateway.overhead_ratio_median_round": round(statistics.median(1 / r for r in per_round), 3),
        # CPU the gateway process spent per call in the timed rounds (less sensitive to other load)
        "gateway.server_cpu_us_paid": round(1e6 * cpu["paid"] / timed, 1),
        "gateway.server_cpu_us_unpaid": round(1e6 * cpu["unpaid"] / timed, 1),
        "gateway.p50_ms": round(_p(latencies["paid"], 0.5), 2),
        "gateway.p99_ms": round(_p(latencies["paid"], 0.99), 2),
        "gateway.unpaid_p50_ms": round(_p(latencies["unpaid"], 0.5), 2),
        "gateway.unpaid_p99_ms": round(_p(latencies["unpaid"], 0.99), 2),
        "gateway.client_sign_us": round(vouchers.signing_ns / max(1, raw_answered) / 1000, 1),
        "gateway.client_verify_us": round(verify_ns / max(1, len(answers)) / 1000, 1),
        "gateway.sdk_paid_rps": round(len(sdk_lat) / sdk_s, 1),
        "gateway.sdk_p50_ms": round(_p(sdk_lat, 0.5), 2),
        "gateway.requests_answered": raw_answered + sdk_answered,
        "gateway.vouchers_redeemed_equal_answered": raw_redeemed == raw_answered * PRICE
        and sdk_redeemed == sdk_answered * PRICE,
        "gateway.lost_after_kill": kill_answered - kill_redeemed // PRICE,
        "gateway.clients": clients,
        "gateway.requests_per_client": requests,
        "gateway.rounds": rounds,
    }


def gateway_results(clients: int = 4, requests: int = 100, rounds: int = 8) -> dict[str, Any]:
    """The load test on a fresh local anvil (what ``benchmarks.run`` calls)."""
    from ape import networks

    from benchmarks.gateway_breakdown import measure_breakdown

    with networks.parse_network_choice("ethereum:local:foundry"):
        results = measure_gateway(clients, requests, rounds, log=lambda line: print(line, flush=True))
        print("in-process breakdown of a paid call ...", flush=True)
        results.update(measure_breakdown())
    # The best ratio a gateway keeping the guarantees could reach here: the required steps on top of
    # an unpaid call's whole server CPU.
    unpaid_cpu = results["gateway.server_cpu_us_unpaid"]
    results["gateway.ratio_floor"] = round((unpaid_cpu + results["gateway.inproc_required_us"]) / unpaid_cpu, 3)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gateway_load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4, choices=range(1, 7))
    parser.add_argument("--requests", type=int, default=100, help="calls per client per round (≤ 2,000)")
    parser.add_argument("--rounds", type=int, default=8, choices=range(1, 21), help="paid and unpaid rounds each")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 2_000:
        parser.error("--requests must be in 1..2000")
    results = gateway_results(args.clients, args.requests, args.rounds)
    for key, value in results.items():
        print(f"  {key:45} {value}")
    path = Path(__file__).with_name("results.json")
    merged = {**(json.loads(path.read_text()) if path.exists() else {}), **results}
    path.write_text(json.dumps(merged, indent=2) + "\n")
    return 0 if results["gateway.lost_after_kill"] == 0 and results["gateway.vouchers_redeemed_equal_answered"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
