"""``python -m benchmarks.run [--update-snapshot]``: measure everything, write the reports.

Starts its own anvil (ape-foundry, ``ethereum:local:foundry``), measures every external mutating
function (:mod:`benchmarks.functions`), the scaling scenarios (:mod:`benchmarks.scaling`) and the
voucher SDK (``benchmarks.sdk_bench.benchmark_sdk``) in the same run, then writes
``benchmarks/results.json`` and ``BENCHMARKS.md``. The gas snapshot
(``benchmarks/gas-snapshot.json``) is rewritten only with ``--update-snapshot`` (``make bench-update``);
otherwise the run reports how the snapshot subset moved.
"""

from __future__ import annotations

import argparse
import datetime
import time
from collections.abc import Sequence
from typing import Any

from benchmarks import report
from benchmarks.gateway_load import gateway_results

#: Transactions whose internal call tree is shown in BENCHMARKS.md.
BREAKDOWN_OPERATIONS = (
    "payments.redeem (steady, 1,000 calls)",
    "staking.stake (first, fresh pool)",
    "staking.delegateStake (new delegator)",
    "registry.list (0 parents)",
    "reputation.rate (new rater)",
    "disputes.upholdDispute (slash)",
)


def _selector_names(market: Any) -> tuple[dict[str, str], dict[str, str]]:
    from eth_utils import keccak

    names = {contract.address.lower(): name for name, contract in market.contracts.items()}
    selectors: dict[str, str] = {}
    for contract in market.contracts.values():
        for abi in contract.contract_type.abi:
            if getattr(abi, "type", None) == "function":
                selectors["0x" + keccak(text=abi.selector)[:4].hex()] = abi.name
    return names, selectors


def call_breakdown(rpc: Any, market: Any, tx_hash: str) -> list[tuple[int, str, int]]:
    """(depth, "Contract.function", gasUsed) of every call in the transaction, depth-first."""
    names, selectors = _selector_names(market)
    rows: list[tuple[int, str, int]] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        to = node.get("to", "").lower()
        if to == "0x" + "00" * 19 + "01":
            label = "ecrecover (precompile)"
        else:
            selector = node.get("input", "0x")[:10]
            label = f"{names.get(to, to)}.{selectors.get(selector, selector)}"
        rows.append((depth, label, int(node["gasUsed"], 16)))
        for child in node.get("calls", []) or []:
            walk(child, depth + 1)

    walk(rpc.call_tree(tx_hash), 0)
    return rows


def compare_snapshot(measured: dict[str, int], snapshot: dict[str, int], tolerance: float = 0.01) -> list[str]:
    """Human-readable lines for each snapshot operation that moved; ``!`` marks a >tolerance regression."""
    lines = []
    for name, gas in measured.items():
        old = snapshot.get(name)
        if old is None:
            lines.append(f"  new   {name}: {gas:,}")
        elif gas != old:
            flag = "!" if gas > old * (1 + tolerance) else " "
            lines.append(f"{flag} {gas - old:+,} {name}: {old:,} -> {gas:,}")
    return lines


def _without_steps_tracing() -> None:
    """Start anvil without ``--steps-tracing``: ape-foundry always passes it, and recording opcode
    traces of the ~25,000 crowd transactions costs gigabytes of memory and most of the run time.
    Call trees (``callTracer``) and gas are unaffected."""
    from ape_foundry.provider import FoundryProvider

    build = FoundryProvider.build_command
    if getattr(build, "_bench_patched", False):
        return

    def build_command(self: Any) -> list[str]:
        return [arg for arg in build(self) if arg != "--steps-tracing"]

    build_command._bench_patched = True  # type: ignore[attr-defined]
    FoundryProvider.build_command = build_command  # type: ignore[method-assign]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--update-snapshot", action="store_true", help="rewrite benchmarks/gas-snapshot.json")
    parser.add_argument("--delegators", type=int, default=1_000)
    parser.add_argument("--ratings", type=int, default=10_000)
    parser.add_argument("--sdk-n", type=int, default=2_000, help="vouchers per SDK benchmark repeat")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from ape import networks

    from benchmarks.common import Rpc
    from benchmarks.functions import deploy, measure_functions, quiet_ape
    from benchmarks.gas_eval import measure_eval_gas
    from benchmarks.gas_training import measure_training
    from benchmarks.gas_bounties import measure_bounties
    from benchmarks.gas_floors import measure_floors
    from benchmarks.scaling import measure_scaling

    quiet_ape()
    _without_steps_tracing()
    with networks.parse_network_choice("ethereum:local:foundry"):
        print("measuring every external mutating function ...", flush=True)
        functions = measure_functions()
        functions.gas.update(__import__("benchmarks.gas_compute", fromlist=["x"]).measure_compute(functions.market))
        functions.gas.update(measure_eval_gas(functions.market))
        functions.gas.update(measure_floors(functions.market))
        functions.gas.update(measure_training(deploy()))
        functions.gas.update(measure_bounties(deploy()))
        rpc = Rpc.connected()
        breakdowns = {name: call_breakdown(rpc, functions.market, functions.txs[name]) for name in BREAKDOWN_OPERATIONS}
        print(f"  {len(functions.gas)} operations ({time.perf_counter() - started:.0f} s)", flush=True)
        print(f"scaling: {args.delegators:,} delegators, {args.ratings:,} ratings ...", flush=True)
        scaling, ratios = measure_scaling(
            deploy(), delegators=args.delegators, ratings=args.ratings, log=lambda line: print(line, flush=True)
        )
    print("voucher SDK vs eth-account vs raw libsecp256k1 ...", flush=True)
    from benchmarks.sdk_bench import benchmark_sdk

    sdk = benchmark_sdk(args.sdk_n)

    gas = {**functions.gas, **{f"scaling: {name}": value for name, value in scaling.gas.items()}}
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "runtime_s": round(time.perf_counter() - started, 1),
        "delegators": args.delegators,
        "ratings": args.ratings,
        "sdk_n": args.sdk_n,
        "keccak_backend": sdk["keccak_backend"],
    }
    results = report.build_results(gas, ratios, sdk, meta)
    results.update(gateway_results())  # the loopback gateway load test (`make loadtest`), own anvil
    report.write_json(report.RESULTS_PATH, results)
    report.MARKDOWN_PATH.write_text(report.render_markdown(results, breakdowns))

    snapshot = functions.snapshot()
    if args.update_snapshot or not report.SNAPSHOT_PATH.exists():
        report.write_json(report.SNAPSHOT_PATH, snapshot)
        print(f"wrote {report.SNAPSHOT_PATH.relative_to(report.ROOT)}")
    else:
        moved = compare_snapshot(snapshot, report.load_snapshot())
        print("gas snapshot: " + ("unchanged" if not moved else "moved (make bench-update to accept):"))
        print("\n".join(moved)) if moved else None

    width = max(len(t.label) for ts in report.AREAS.values() for t in ts)
    for area, targets in report.AREAS.items():
        print(f"\n{area}")
        for t in targets:
            met = t.met(results[t.key])
            mark = "" if met is None else ("  ok" if met else "  MISSED")
            print(f"  {t.label:<{width}}  {report._fmt(results[t.key]):>10}  {report._bound(t):>10}{mark}")
    print(f"\nwrote benchmarks/results.json and BENCHMARKS.md in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
