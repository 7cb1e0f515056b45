"""Gas floors of the two rows that miss 60k (issue 12): a new delegator and a new rater.

:func:`measure_floors` deploys two benchmark instruments on a deployed marketplace and measures
them exactly as :mod:`benchmarks.functions` measures the real rows (``receipt.gas_used``: 21,000
intrinsic gas and calldata included, same calldata, same token, same kind of actors):

- ``GasFloorDelegation.delegateStake``: only the delegator's fresh shares slot, the asset's total
  (already non-zero: a first delegation is made before), ``Delegated`` and the token's
  ``transferFrom`` (MarketToken, ERC20Votes) with a max approval, as the real row's delegators have;
  beside it, the same with an exact approval (the allowance goes to zero: a clearing refund);
- ``GasFloorRating.rate``: the real UsagePayments' ``spentBy`` (a cold call), a fresh one-slot
  rating, the asset's one-slot totals (already non-zero), ``Rated`` with the same fields and comment
  URI as Reputation's; without a fee, and with the 10 % fee pulled by ``transferFrom`` (the
  instrument's token balance already non-zero, the rater's approval max).

The raters pay the asset exactly as the real row's rater does (``depositAndAllocate``, then
``payPerCall`` of 1 and of 10 calls), so the weight, and with it the calldata, is the same.
``python -m benchmarks.gas_floors`` measures the real rows and the floors in one run on its own
anvil and prints an opcode-level profile of each floor (``debug_traceTransaction`` struct logs).
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import TOKEN, Actor, actor, sender
from benchmarks.functions import COMMENT_HASH, MAX_UINT, URI, Measured, asset_id_of, listing

FLOOR_DELEGATE = "floor.delegateStake (new delegator: fresh slot + transferFrom only)"
FLOOR_DELEGATE_EXACT = "floor.delegateStake (new delegator, exact approval: allowance cleared)"
FLOOR_RATE = "floor.rate (new rater, no fee)"
FLOOR_RATE_FEE = "floor.rate (new rater, 10 % fee by transferFrom)"
#: The real rows the floors stand beside (benchmarks.functions).
REAL_DELEGATE = "staking.delegateStake (new delegator)"
REAL_RATE = "reputation.rate (new rater)"

DELEGATION = 1_000 * TOKEN
#: Scores of the first rating of the asset and of the measured new rater (as benchmarks.functions).
FIRST_SCORE, NEW_RATER_SCORE = 80, 90


def measure_floors(market: Any) -> dict[str, int]:
    """{operation name: gas used} of the floor instruments on ``market`` (a few dozen transactions)."""
    return measure_floor_transactions(market).gas


def measure_floor_transactions(market: Any) -> Measured:
    """The floors' gas and transaction hashes (for a trace)."""
    from modelmarket import bindings

    m = Measured(market=market)
    token, payments, staking, registry = market.token, market.payments, market.staking, market.registry
    dep = sender(actor("deployer"))
    owner = actor("floor owner")
    delegators = [actor(f"floor delegator {i}") for i in range(3)]
    raters = [actor(f"floor rater {i}") for i in range(4)]
    for who in (owner, *delegators, *raters):
        token.transfer(who.address, 1_000_000 * TOKEN, sender=dep)

    # An asset that serves (its owner's self-stake at least the minimum), so raters can pay it.
    s_owner = sender(owner)
    asset = asset_id_of(registry, registry.list(listing(), sender=s_owner))
    token.approve(staking.address, MAX_UINT, sender=s_owner)
    staking.stake(asset, max(10_000 * TOKEN, int(staking.minSelfStake())), sender=s_owner)

    # ---------------------------------------------------------------- delegation
    delegation = bindings.container("GasFloorDelegation").deploy(token.address, sender=dep)
    first, new, exact = delegators
    for who, allowance in ((first, MAX_UINT), (new, MAX_UINT), (exact, DELEGATION)):
        token.approve(delegation.address, allowance, sender=sender(who))
    delegation.delegateStake(asset, DELEGATION, sender=sender(first))
    m.record(FLOOR_DELEGATE, delegation.delegateStake(asset, DELEGATION, sender=sender(new)))
    m.record(FLOOR_DELEGATE_EXACT, delegation.delegateStake(asset, DELEGATION, sender=sender(exact)))

    # ---------------------------------------------------------------- rating
    for who in raters:
        _pay_like_the_benchmark_rater(token, payments, asset, who)
    no_fee = bindings.container("GasFloorRating").deploy(payments.address, False, sender=dep)
    with_fee = bindings.container("GasFloorRating").deploy(payments.address, True, sender=dep)
    for (first_rater, new_rater), floor, name in (
        (raters[:2], no_fee, FLOOR_RATE),
        (raters[2:], with_fee, FLOOR_RATE_FEE),
    ):
        for who in (first_rater, new_rater):
            token.approve(floor.address, MAX_UINT, sender=sender(who))
        weight = int(market.reputation.maxWeightOf(new_rater.address, asset))
        floor.rate(asset, FIRST_SCORE, weight, COMMENT_HASH, URI, sender=sender(first_rater))
        m.record(name, floor.rate(asset, NEW_RATER_SCORE, weight, COMMENT_HASH, URI, sender=sender(new_rater)))
    return m


def _pay_like_the_benchmark_rater(token: Any, payments: Any, asset: int, who: Actor) -> None:
    """The payment history of the real row's rater ("consumer 2" in benchmarks.functions): a lane of
    5,000 tokens, then ``payPerCall`` of 1 call and of 10 calls at the listing's price, so ``spentBy``
    (and the weight claimed) is the same."""
    s = sender(who)
    token.approve(payments.address, MAX_UINT, sender=s)
    payments.depositAndAllocate([asset], [5_000 * TOKEN], sender=s)
    payments.payPerCall(asset, 1, MAX_UINT, sender=s)
    payments.payPerCall(asset, 10, MAX_UINT, sender=s)


# -------------------------------------------------------------------- opcode profile (needs anvil's --steps-tracing)

#: Opcodes listed one by one in a profile (storage, logs, calls); the rest is summed per depth.
LISTED_OPS = frozenset({"SLOAD", "SSTORE", "LOG0", "LOG1", "LOG2", "LOG3", "LOG4", "CALL", "STATICCALL", "DELEGATECALL"})
CALL_OPS = frozenset({"CALL", "STATICCALL", "DELEGATECALL"})


def opcode_profile(tx: dict[str, Any], trace: dict[str, Any]) -> list[tuple[int, str, int]]:
    """(depth, what, gas) rows of a transaction from its ``eth_getTransactionByHash`` ``tx`` and its
    ``debug_traceTransaction`` struct-log ``trace``: the intrinsic gas (21,000 + calldata), each
    SLOAD/SSTORE/LOG and each call (its own cost: access, memory, stipend-free overhead; the
    callee's steps follow one depth deeper), the other opcodes summed per frame, and the refund.
    The rows add up to ``gasUsed``."""
    logs = trace["structLogs"]
    gas_limit = int(tx["gas"], 16)
    rows: list[tuple[int, str, int]] = [(0, "intrinsic (21,000 + calldata)", gas_limit - logs[0]["gas"])]

    def frame(start: int, depth: int) -> tuple[int, int]:
        """Profile the frame whose first step is ``start``; return (index after it, gas it used)."""
        used, other, i = 0, 0, start
        while i < len(logs) and logs[i]["depth"] == depth:
            step = logs[i]
            if step["op"] in CALL_OPS and i + 1 < len(logs) and logs[i + 1]["depth"] == depth + 1:
                at = len(rows)
                rows.append((depth, "", 0))  # filled in once the callee is profiled
                after, callee = frame(i + 1, depth + 1)
                inclusive = step["gas"] - logs[after]["gas"] if after < len(logs) else step["gasCost"]
                rows[at] = (depth, f"{step['op']} to {_short(step['stack'][-2])} (own cost)", inclusive - callee)
                used += inclusive
                i = after
                continue
            cost = step["gasCost"] if i + 1 >= len(logs) or logs[i + 1]["depth"] != depth else step["gas"] - logs[i + 1]["gas"]
            if step["op"] in LISTED_OPS:
                key = f" slot {_short(step['stack'][-1])}" if step["op"] in ("SLOAD", "SSTORE") else ""
                rows.append((depth, f"{step['op']}{key}", cost))
            else:
                other += cost
            used += cost
            i += 1
        rows.append((depth, "other opcodes of this frame", other))
        return i, used

    _, executed = frame(0, logs[0]["depth"])
    refund = min(logs[-1].get("refund", 0), (gas_limit - logs[0]["gas"] + executed) // 5)
    if refund:
        rows.append((0, "refund (capped at gas used / 5)", -refund))
    return rows


def _short(word: str) -> str:
    value = word[2:].lstrip("0") or "0"
    return "0x" + (value if len(value) <= 10 else value[:4] + "…" + value[-4:])


def main() -> int:
    """Measure the real rows and the floors in one run on a fresh anvil; print them and a profile."""
    from ape import networks

    from benchmarks.common import Rpc
    from benchmarks.functions import measure_functions

    with networks.parse_network_choice("ethereum:local:foundry"):
        functions = measure_functions()
        floors = measure_floor_transactions(functions.market)
        rpc = Rpc.connected()
        txs = {**{name: functions.txs[name] for name in (REAL_DELEGATE, REAL_RATE)}, **floors.txs}
        gas = {**functions.gas, **floors.gas}
        profiles = {
            name: opcode_profile(rpc.call("eth_getTransactionByHash", [tx]), rpc.call("debug_traceTransaction", [tx, {}]))
            for name, tx in txs.items()
        }
        print(f"{'gas':>8}  {'of which intrinsic':>18}  operation")
        for name in (REAL_DELEGATE, FLOOR_DELEGATE, FLOOR_DELEGATE_EXACT, REAL_RATE, FLOOR_RATE, FLOOR_RATE_FEE):
            print(f"{gas[name]:>8,}  {profiles[name][0][2]:>18,}  {name}")
        for name in floors.txs:
            rows = profiles[name]
            print(f"\n{name}: {gas[name]:,} gas; rows add up to {sum(row[2] for row in rows):,}")
            for depth, what, used in rows:
                print(f"  {'  ' * depth}{what:<48} {used:>8,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
