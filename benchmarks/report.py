"""Targets, peer anchors, ``results.json`` and ``BENCHMARKS.md``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = ROOT / "benchmarks" / "results.json"
SNAPSHOT_PATH = ROOT / "benchmarks" / "gas-snapshot.json"
MARKDOWN_PATH = ROOT / "BENCHMARKS.md"
ANALYSIS_PATH = ROOT / "benchmarks" / "analysis.md"

#: results.json gas keys -> the operation (benchmarks.functions) they are read from.
GAS_KEYS: dict[str, str] = {
    "gas.list_model": "registry.list (0 parents)",
    "gas.list_model_8_parents": "registry.list (8 parents)",
    "gas.stake": "staking.stake (first, fresh pool)",
    "gas.stake_top_up": "staking.stake (top-up)",
    "gas.delegate": "staking.delegateStake (new delegator)",
    "gas.delegate_first_of_pool": "staking.delegateStake (first delegator of the pool)",
    "gas.delegate_floor": "floor.delegateStake (new delegator: fresh slot + transferFrom only)",
    "gas.deposit": "payments.deposit (first)",
    "gas.deposit_top_up": "payments.deposit (top-up)",
    "gas.redeem_single": "payments.redeem (steady, 1,000 calls)",
    "gas.redeem_single_first_pair": "payments.redeem (first of the pair)",
    "gas.redeem_single_8_parents": "payments.redeem (8 parents, steady)",
    "gas.pay_per_call": "payments.payPerCall (steady)",
    "gas.allocate": "payments.allocate (top-up)",
    "gas.allocate_first_lane": "payments.allocate (first of the lane)",
    "gas.redeem_single_smart_account": "payments.redeem (smart account, steady)",
    "gas.redeem_single_session_key": "payments.redeem (session key, steady)",
    "gas.settle_single": "payments.settle (one voucher)",
    "gas.rate": "reputation.rate (new rater)",
    "gas.rate_floor_no_fee": "floor.rate (new rater, no fee)",
    "gas.rate_floor_with_fee": "floor.rate (new rater, 10 % fee by transferFrom)",
    "gas.slash": "disputes.upholdDispute (slash)",
    "gas.slash_direct": "staking.slash (direct, by the slasher)",
    "gas.claim": "staking.claimRewards (delegator)",
    "gas.token_transfer": "token.transfer (existing holder)",
    "gas.token_transfer_new_holder": "token.transfer (new holder)",
    "gas.compute_order": "compute.orderJob",
    "gas.compute_order_first": "compute.orderJob (first of the contract)",
    "gas.compute_post_result": "compute.postResult",
    "gas.eval_attest": "evals.attest (first on its key)",
    "gas.eval_challenge": "evals.challenge",
    "gas.eval_vote_deciding": "evals.vote (deciding: rejects, pays)",
    "gas.eval_finalize_full_key": "evals.finalize (full key: 16 entries, evicts one)",
    "gas.training_commit": "training.commit (steady round)",
    "gas.training_reveal": "training.reveal (steady round, 31 weights)",
    "gas.training_commit_batch_4": "training.commitBatch (steady round, batch of 4, total)",
    "gas.training_reveal_batch_4": "training.revealBatch (steady round, batch of 4, 31 weights, total)",
    "gas.training_aggregate": "training.postAggregate (steady round, 4 updates, 31 weights)",
    "gas.training_aggregate_on_chain_bound": "training.aggregateOnChain (16 x 32, slash)",
    "gas.bounty_submit": "bounties.submit",
    "gas.bounty_finalize_2x2": "bounties.finalize (2 validators x 2 submissions)",
}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    bound: float | None  # None: no target, anchor only
    at_least: bool = False  # True: measured must be >= bound
    anchor: str = "—"

    def met(self, value: float) -> bool | None:
        if self.bound is None:
            return None
        return value >= self.bound if self.at_least else value <= self.bound


AREAS: dict[str, list[Target]] = {
    "Gateway (loopback load test: `make loadtest`)": [
        Target("gateway.overhead_ratio", "unpaid rps / paid rps through one gateway (payment overhead)", 1.15),
        Target("gateway.lost_after_kill", "answered but never redeemed after a kill -9 mid-load", 0),
        Target("gateway.paid_rps", "paid requests per second (4 clients, 127.0.0.1)", None),
        Target("gateway.p99_ms", "paid request latency p99 (ms)", None),
        Target("gateway.inproc_required_us", "steps a paid call cannot skip, in-process (µs)", None),
        Target("gateway.ratio_floor", "best ratio with those steps on this machine and model", None),
    ],
    "Payments (per voucher; the fee split and delegator accrual run in settle)": [
        Target("gas.redeem_single", "redeem one voucher (steady, delegators present, non-round amount)", 50_000,
               anchor="Horizon collect 141–154k (185–198k with delegation); Livepeer winning ticket ≥ 99k"),
        Target("gas.redeem_single_first_pair", "redeem, first voucher of a (consumer, asset) pair", None,
               anchor="Livepeer winning ticket ≥ 99k"),
        Target("gas.redeem_batch_per_voucher_10", "redeemBatch ×10, per voucher", None,
               anchor="Livepeer ~61k each batched ×10"),
        Target("gas.redeem_batch_per_voucher_50", "redeemBatch ×50, per voucher", 18_000,
               anchor="x402 batch-settlement 21.0k; Horizon 124k"),
        Target("gas.settle_per_voucher_50", "settle after a batch of 50 (split + payout), per voucher", None,
               anchor="x402 settle ~0.9k per voucher"),
        Target("gas.allocate", "allocate to a lane (top-up)", None),
        Target("gas.redeem_single_smart_account", "redeem one voucher, ERC-1271 consumer (steady)", None),
        Target("gas.per_inference_at_1000_calls", "per paid inference, 1,000 calls per voucher", 100),
        Target("gas.pay_per_call", "payPerCall (steady)", None),
        Target("gas.deposit", "escrow deposit (first)", None, anchor="Horizon escrow deposit 53–87k"),
        Target("gas.deposit_top_up", "escrow deposit (top-up)", None, anchor="Horizon escrow deposit 53–87k"),
    ],
    "Registry": [
        Target("gas.list_model", "list a model, 0 parents", 150_000, anchor="ERC-8004 register 184–218k"),
        Target("gas.list_model_8_parents", "list a model, 8 parents", None, anchor="ERC-8004 register 184–218k"),
    ],
    "Staking and slashing": [
        Target("gas.stake", "stake (owner's first stake, fresh pool)", None, anchor="Horizon stake 86k"),
        Target("gas.stake_top_up", "stake (top-up)", 70_000, anchor="Horizon stake 86k"),
        Target("gas.delegate", "delegate (new delegator)", 60_000, anchor="Horizon delegate 69–118k"),
        Target("gas.delegate_first_of_pool", "delegate (first delegator of a pool)", 60_000, anchor="Horizon delegate 69–118k"),
        Target("gas.delegate_floor", "floor: new delegator (fresh slot, total, event, transferFrom)", None,
               anchor="instrument `GasFloorDelegation` (benchmarks/gas_floors.py)"),
        Target("gas.claim", "claim delegator rewards", None),
        Target("gas.slash", "slash via Disputes.upholdDispute (arbiter tx)", 120_000, anchor="Horizon slash 102k"),
        Target("gas.slash_direct", "StakingPool.slash alone (slasher tx)", 90_000, anchor="Horizon slash 102k"),
    ],
    "Reputation and token": [
        Target("gas.rate", "rate (new rater)", 60_000, anchor="ERC-8004 giveFeedback 132–220k"),
        Target("gas.rate_floor_no_fee", "floor: new rater, no fee (spentBy, fresh slot, totals, event)", None,
               anchor="instrument `GasFloorRating` (benchmarks/gas_floors.py)"),
        Target("gas.rate_floor_with_fee", "floor: new rater, 10 % fee by transferFrom", None,
               anchor="instrument `GasFloorRating` (benchmarks/gas_floors.py)"),
        Target("gas.token_transfer", "MarketToken transfer (existing holder)", None, anchor="ERC-20 transfer 34–51k"),
        Target("gas.token_transfer_new_holder", "MarketToken transfer (new holder)", None, anchor="ERC-20 transfer 34–51k"),
    ],
    "Compute-to-data (ComputeJobs)": [
        Target("gas.compute_order", "order a job (escrow pulled, terms copied)", 200_000,
               anchor="Ocean startCompute + lock (lists scanned linearly)"),
        Target("gas.compute_order_first", "order the contract's first job (cold counters)", None),
        Target("gas.compute_post_result", "post a result (EIP-712 receipt verified)", 80_000,
               anchor="Ocean claimLock (proof not verified)"),
    ],
    "Performance attestations (EvalRegistry)": [
        Target("gas.eval_attest", "attest (bond pulled, first on its key)", None),
        Target("gas.eval_challenge", "challenge (bond pulled)", None),
        Target("gas.eval_vote_deciding", "deciding vote (resolves, credits winner and treasury)", None),
        Target("gas.eval_finalize_full_key", "finalize into a full key (16 entries, evicts the lightest)", None),
    ],
    "Federated training (TrainingRounds; 31-weight model, steady round)": [
        Target("gas.training_commit", "commit an update, sent by the participant itself", None,
               anchor="with reveal: the unbatched row below"),
        Target("gas.training_reveal", "reveal an update, 31 int64 weights, sent by the participant itself", None,
               anchor="with commit: the unbatched row below"),
        Target("gas.training_commit_batch_4", "commitBatch of 4 EIP-712-signed commits (whole tx)", None),
        Target("gas.training_reveal_batch_4", "revealBatch of 4 openings, 31 weights each (whole tx)", None),
        Target("gas.training_per_participant_round",
               "commit + reveal per participant per round, relayed in batches of 4 (share of 2 txs)", 60_000,
               anchor="Delta stores commitments up to 10 MB on-chain"),
        Target("gas.training_per_participant_round_unbatched",
               "commit + reveal per participant per round, unbatched (own 2 txs; always available)", None,
               anchor="beside the batched row: the censorship-proof path"),
        Target("gas.training_aggregate", "post the aggregate + Merkle root (4 updates)", None),
        Target("gas.training_aggregate_on_chain_bound", "on-chain FedAvg at the bound: 16 updates × 32 weights", None),
    ],
    "Synthetic-data bounties (DataBounties)": [
        Target("gas.bounty_submit", "submit: bond + dataset commitment (second generator)", None,
               anchor="four new slots (submission, index, one-per-generator flag, commitment) + the bond pull"),
        Target("gas.bounty_score", "commitScore + revealScore, per validator per submission (2 txs)", 100_000,
               anchor="Bittensor commit-reveal of weights: one extrinsic each"),
        Target("gas.bounty_finalize_2x2", "finalize: 2 validators × 2 submissions", None),
    ],
    "Scaling (gas at the large count / gas at 1)": [
        Target("scaling.redeem_1_vs_1000_delegators", "redeem, 1 vs 1,000 delegators", 1.05),
        Target("scaling.claim_1_vs_1000_delegators", "claim, 1 vs 1,000 delegators", 1.05),
        Target("scaling.delegate_1_vs_1000_delegators", "delegate, 1 vs 1,000 delegators", 1.05),
        Target("scaling.stake_1_vs_1000_stakers", "stake, 1 vs 1,000 stakers", 1.05),
        Target("scaling.summary_1_vs_10000_ratings", "summary, 1 vs 10,000 ratings", 1.01),
        Target("scaling.rate_1_vs_10000_ratings", "rate, 1 vs 10,000 ratings", 1.05),
    ],
    "Voucher SDK (one core, same run)": [
        Target("sdk.sign_speedup_vs_eth_account", "sign speed-up vs eth-account", 6.0, at_least=True),
        Target("sdk.verify_speedup_vs_eth_account", "verify speed-up vs eth-account", 3.5, at_least=True),
        Target("sdk.sign_fraction_of_raw_secp256k1", "sign, fraction of raw libsecp256k1", 0.60, at_least=True),
        Target("sdk.verify_fraction_of_raw_secp256k1", "verify, fraction of raw libsecp256k1", 0.60, at_least=True),
    ],
}


def build_results(gas: dict[str, int], ratios: dict[str, float], sdk: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """The flat dotted-key results dict (integers are gas, ratios are floats)."""
    results: dict[str, Any] = {key: gas[op] for key, op in GAS_KEYS.items()}
    results["gas.redeem_batch_per_voucher_10"] = round(gas["payments.redeemBatch x10 (steady, total)"] / 10)
    results["gas.redeem_batch_per_voucher_50"] = round(gas["payments.redeemBatch x50 (steady, total)"] / 50)
    results["gas.redeem_batch_per_voucher_50_first_pair"] = round(
        gas["payments.redeemBatch x50 (first of each pair, total)"] / 50
    )
    if "training.commit (steady round)" in gas:
        results["gas.training_per_participant_round_unbatched"] = (
            gas["training.commit (steady round)"] + gas["training.reveal (steady round, 31 weights)"]
        )
        # a participant's share of one commitBatch and one revealBatch of 4 (rounded up)
        results["gas.training_per_participant_round"] = -(
            -(results["gas.training_commit_batch_4"] + results["gas.training_reveal_batch_4"]) // 4
        )
    if "bounties.commitScore" in gas:
        results["gas.bounty_score"] = gas["bounties.commitScore"] + gas["bounties.revealScore"]
    results["gas.settle_per_voucher_50"] = round(gas["payments.settle (after a batch of 50)"] / 50)
    # a voucher for 1,000 calls redeemed on its own, plus its share of a settlement of 50 vouchers
    # (the fee split and the token movement): the whole cost of one inference
    results["gas.per_inference_at_1000_calls"] = round(
        (gas["payments.redeem (steady, 1,000 calls)"] + results["gas.settle_per_voucher_50"]) / 1_000
    )
    results.update({key: round(value, 4) for key, value in ratios.items()})
    for key in ("sign_per_s", "verify_per_s", "eth_account_sign_per_s", "eth_account_verify_per_s",
                "raw_sign_per_s", "raw_verify_per_s"):
        results[f"sdk.{key}"] = round(sdk[key], 1)
    for key in ("sign_speedup_vs_eth_account", "verify_speedup_vs_eth_account",
                "sign_fraction_of_raw_secp256k1", "verify_fraction_of_raw_secp256k1"):
        results[f"sdk.{key}"] = round(sdk[key], 3)
    results.update({f"meta.{key}": value for key, value in meta.items()})
    results.update({f"ops.{name}": value for name, value in gas.items()})
    return results


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value < 100:
        return f"{value:.3f}"
    return f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)


def _bound(target: Target) -> str:
    if target.bound is None:
        return "—"
    return ("≥ " if target.at_least else "≤ ") + _fmt(target.bound)


def misses(results: dict[str, Any]) -> list[tuple[Target, Any]]:
    return [(t, results[t.key]) for ts in AREAS.values() for t in ts if t.met(results[t.key]) is False]


def render_markdown(results: dict[str, Any], breakdowns: dict[str, list[tuple[int, str, int]]]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m benchmarks.run`) on a fresh embedded anvil; raw numbers in",
        "[`benchmarks/results.json`](benchmarks/results.json). Gas is `receipt.gas_used` (21,000 intrinsic",
        "gas and calldata included) on Solidity 0.8.30, optimizer 20,000 runs, EVM cancun. Peer anchors are",
        "published figures of The Graph Horizon, Livepeer, ERC-8004 and plain ERC-20s, listed for scale;",
        "they are not re-measured here.",
        "",
        f"Run: {results['meta.date']}, `make bench` wall time {results['meta.runtime_s']:.0f} s "
        f"({results['meta.delegators']:,} delegators, {results['meta.ratings']:,} ratings).",
        "",
        "**Steady** = warm storage (the slot already non-zero, e.g. a later voucher of a (consumer, asset)",
        "pair or a top-up); **first** = cold storage (0 → non-zero writes). Payments run with three",
        "delegators and a 20 % delegators' cut in force, so each payment includes the full fee split",
        "(protocol fee, lineage royalties, StakingPool owner/delegator accrual).",
        "",
    ]
    for area, targets in AREAS.items():
        lines += [f"## {area}", "", "| operation | measured | target | peer anchor | met? |", "|---|---:|---:|---|:---:|"]
        for t in targets:
            met = t.met(results[t.key])
            mark = "—" if met is None else ("yes" if met else "**no**")
            lines.append(f"| {t.label} | {_fmt(results[t.key])} | {_bound(t)} | {t.anchor} | {mark} |")
        lines.append("")
    lines += [
        "SDK rates (operations/s, one core): "
        f"ours sign {results['sdk.sign_per_s']:,.0f} / verify {results['sdk.verify_per_s']:,.0f}; "
        f"eth-account {results['sdk.eth_account_sign_per_s']:,.0f} / {results['sdk.eth_account_verify_per_s']:,.0f}; "
        f"raw libsecp256k1 on a precomputed digest {results['sdk.raw_sign_per_s']:,.0f} / {results['sdk.raw_verify_per_s']:,.0f}.",
        "",
        "Scaling method: see the docstring of `benchmarks/scaling.py`. The crowd (delegators, raters with",
        "payment history) is created with raw transactions from impersonated accounts, automine off and",
        "bulk mining; each measured transaction then runs alone with automine on. `summary` is a view: its",
        "cost is `eth_estimateGas` of the call (21,000 intrinsic gas included).",
        "",
        "## Every external mutating function",
        "",
        "| operation | gas |",
        "|---|---:|",
    ]
    lines += [f"| {key[4:]} | {value:,} |" for key, value in results.items() if key.startswith("ops.")]
    lines += ["", "## Where the gas goes (external calls inside the transaction, `callTracer`)", ""]
    for name, rows in breakdowns.items():
        lines += [f"**{name}** — {results['ops.' + name]:,} gas in total", "", "| depth | call | gas |", "|---:|---|---:|"]
        lines += [f"| {depth} | {call} | {gas:,} |" for depth, call, gas in rows]
        lines.append("")
    lines += ["## Where we miss and why", ""]
    missed = misses(results)
    if missed:
        lines += ["Missed targets in this run:", ""]
        lines += [f"- {t.label}: **{_fmt(v)}** vs target {_bound(t)}" for t, v in missed]
    else:
        lines.append("Every target is met in this run.")
    lines.append("")
    if ANALYSIS_PATH.exists():
        lines += [ANALYSIS_PATH.read_text().rstrip(), ""]
    return "\n".join(lines)


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load_snapshot() -> dict[str, int]:
    return json.loads(SNAPSHOT_PATH.read_text())
