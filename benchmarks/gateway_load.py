"""``make loadtest``: paid vs unpaid requests through one gateway on 127.0.0.1, and a kill -9 mid-load.

N concurrent clients (threads, one consumer and session key each, lanes funded up front) make M
paid calls each against one ``modelmarket serve`` process; then the same endpoint of the same
gateway code with payment checks off takes the same calls (the payment overhead ratio is
unpaid rps / paid rps); then a paid run whose gateway is SIGKILLed half-way and restarted while
the clients keep calling (a call whose answer was lost is resent with the same voucher). After
each paid run the gateway settles (SIGTERM) and the chain's ``redeemed`` is compared with what
the clients' own ledgers say was answered: ``gateway.lost_after_kill`` counts the difference.

Requests go to 127.0.0.1 only; counts are bounded by ``--clients`` × ``--requests`` and every run
by ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

TOKEN = 10**18
PRICE = TOKEN // 1000
OPERATOR_KEY = bytes.fromhex("5a" * 32)


def _setup(clients: int, requests: int, folder: Path) -> dict[str, Any]:
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
    lane = 3 * requests * PRICE  # three paid runs
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
                          deployments=folder, account="TEST::9", extra=("--max-age", "5", *extra)).wait_ready(600)


def _paid_run(setup: dict[str, Any], url_of: Any, requests: int, spends: list[Any], timeout: float,
              on_half: Any = None) -> tuple[float, list[float]]:
    from modelmarket.client import ClientError, GatewayUnavailable, ModelClient
    from modelmarket.gateway.model import DigitsClassifier

    pixels = [{"pixels": DigitsClassifier.sample(i)} for i in range(10)]
    latencies: list[float] = []
    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + timeout
    total = requests * len(setup["consumers"])

    def work(index: int) -> None:
        consumer, agent = setup["consumers"][index]
        client = None
        made = 0
        while made < requests and time.monotonic() < deadline:
            if client is None:
                client = ModelClient(url_of(), agent, consumer, budget=10**30, receipt_domain=setup["receipt_domain"],
                                     receipt_signer=setup["operator"], spend=spends[index], retries=2,
                                     http=httpx.Client(timeout=30))
            started = time.perf_counter()
            try:
                client.call(pixels[made % 10])
            except GatewayUnavailable:
                client = None  # the gateway is down: wait, then resend the pending voucher to the new one
                time.sleep(1)
                continue
            except (ClientError, httpx.HTTPError):
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


def _unpaid_run(url: str, clients: int, requests: int) -> tuple[float, list[float]]:
    from modelmarket.gateway.model import DigitsClassifier, canonical_json

    bodies = [canonical_json({"pixels": DigitsClassifier.sample(i)}) for i in range(10)]
    latencies: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        with httpx.Client(timeout=30) as http:
            for made in range(requests):
                started = time.perf_counter()
                response = http.post(f"{url}/v1/infer", content=bodies[made % 10],
                                     headers={"content-type": "application/json"})
                response.raise_for_status()
                with lock:
                    latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def _answered(setup: dict[str, Any], spends: list[Any]) -> int:
    contract = setup["payments"].address
    return sum(spend.answered(contract, consumer) for spend, (consumer, _agent) in zip(spends, setup["consumers"]))


def _redeemed(setup: dict[str, Any]) -> int:
    payments = setup["payments"]
    return sum(int(payments.redeemed(consumer, setup["asset_id"])) for consumer, _agent in setup["consumers"])


def _p(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_gateway(clients: int = 4, requests: int = 50, timeout: float = 900, log: Any = print) -> dict[str, Any]:
    """Run the three loads on the connected local chain; returns the ``gateway.*`` results."""
    from modelmarket.client import SpendLedger

    folder = Path(tempfile.mkdtemp(prefix="modelmarket-load-"))
    setup = _setup(clients, requests, folder)
    book = f"sqlite://{folder}/book.sqlite"

    log(f"paid: {clients} clients x {requests} calls ...")
    spends = [SpendLedger() for _ in range(clients)]
    gateway = _gateway(setup, folder, book)
    paid_s, paid_lat = _paid_run(setup, lambda: gateway.url, requests, spends, timeout)
    gateway.stop()
    answered, redeemed = _answered(setup, spends), _redeemed(setup)

    log(f"unpaid (payment checks off): {clients} clients x {requests} calls ...")
    unpaid = _gateway(setup, folder, f"sqlite://{folder}/unused.sqlite", "--no-payment-checks")
    unpaid_s, unpaid_lat = _unpaid_run(unpaid.url, clients, requests)
    unpaid.stop()

    log("paid with a kill -9 of the gateway half-way ...")
    current = {"gateway": _gateway(setup, folder, book)}

    def kill_and_restart() -> None:
        current["gateway"].kill()
        current["gateway"] = _gateway(setup, folder, book)

    _paid_run(setup, lambda: current["gateway"].url, requests, spends, timeout, on_half=kill_and_restart)
    time.sleep(0.5)
    current["gateway"].stop()
    answered_after, redeemed_after = _answered(setup, spends), _redeemed(setup)

    paid_rps, unpaid_rps = len(paid_lat) / paid_s, len(unpaid_lat) / unpaid_s
    return {
        "gateway.paid_rps": round(paid_rps, 1),
        "gateway.unpaid_rps": round(unpaid_rps, 1),
        "gateway.overhead_ratio": round(unpaid_rps / paid_rps, 3),
        "gateway.p50_ms": round(_p(paid_lat, 0.5), 2),
        "gateway.p99_ms": round(_p(paid_lat, 0.99), 2),
        "gateway.unpaid_p50_ms": round(_p(unpaid_lat, 0.5), 2),
        "gateway.unpaid_p99_ms": round(_p(unpaid_lat, 0.99), 2),
        "gateway.requests_answered": answered,
        "gateway.vouchers_redeemed_equal_answered": redeemed == answered * PRICE,
        "gateway.lost_after_kill": answered_after - redeemed_after // PRICE,
        "gateway.clients": clients,
        "gateway.requests_per_client": requests,
    }


def gateway_results(clients: int = 4, requests: int = 50) -> dict[str, Any]:
    """The load test on a fresh local anvil (what ``benchmarks.run`` calls)."""
    from ape import networks

    with networks.parse_network_choice("ethereum:local:foundry"):
        return measure_gateway(clients, requests, log=lambda line: print(line, flush=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gateway_load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4, choices=range(1, 7))
    parser.add_argument("--requests", type=int, default=50, help="paid calls per client (≤ 2,000)")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 2_000:
        parser.error("--requests must be in 1..2000")
    results = gateway_results(args.clients, args.requests)
    for key, value in results.items():
        print(f"  {key:45} {value}")
    path = Path(__file__).with_name("results.json")
    merged = {**(json.loads(path.read_text()) if path.exists() else {}), **results}
    path.write_text(json.dumps(merged, indent=2) + "\n")
    return 0 if results["gateway.lost_after_kill"] == 0 and results["gateway.vouchers_redeemed_equal_answered"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
