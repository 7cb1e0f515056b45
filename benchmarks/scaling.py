"""Does gas stay flat as the protocol grows? 1 vs 1,000 delegators, 1 vs 10,000 ratings.

Each ratio is gas at the large count divided by gas at the small count, for the same operation
in the same storage state (every slot the measured transaction touches is cold/warm, zero/non-zero
alike in both runs):

* Delegators. Pool B holds 1 delegator, pool A 1,000 (none of them has seen fees yet). A fresh
  delegator joins each (``delegate``: the 2nd vs the 1,001st), one consumer redeems a first and a
  steady-state voucher on each (``redeem``: steady state compared), the fresh delegator claims
  its first rewards (``claim``). ``stake``: the owner's top-up in pool C (the owner is its only
  staker) vs pool A (owner + 1,001 delegators).
* Ratings. Asset R1 has 1 rating, R2 has 10,000 (each rater has a redeemed voucher). ``summary``
  is a view: its cost is ``eth_estimateGas`` of the call (21,000 intrinsic gas included). ``rate``:
  a fresh rater's first rating of R1 (the 2nd) vs R2 (the 10,001st), same payment history.

The crowd is built with raw transactions from impersonated accounts, automine off, mined in bulk
(:meth:`benchmarks.common.Rpc.send_bulk`); the measured transactions go through Ape one at a time.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.common import FAR_DEADLINE, TOKEN, Rpc, actor, actors, calldata, sender
from benchmarks.functions import COMMENT_HASH, STEP, URI, Measured, Vouchers, asset_id_of, listing

MAX = 2**256 - 1
#: Odd on purpose: the pools' reward remainders end up non-zero in both runs (same SSTORE class).
DELEGATION = 100 * TOKEN + 1
REDEEM_CHUNK = 200
FUNDER_SPAN = 50


def measure_scaling(market: Any, *, delegators: int = 1_000, ratings: int = 10_000, log: Any = print) -> tuple[Measured, dict[str, float]]:
    """Measure the scaling scenarios on ``market``; returns the gas measured and the ratios."""
    from ape import chain

    rpc = Rpc.connected()
    # Each block one second after the last, whatever the machine's load: the reward stream releases
    # per second, so wall-clock timestamps would make the claims compare unlike storage writes.
    chain.provider.make_request("anvil_setBlockTimestampInterval", [1])
    m = Measured(market=market)
    token, registry, staking = market.token, market.registry, market.staking
    payments, reputation = market.payments, market.reputation
    deployer = actor("deployer")
    dep = sender(deployer)
    owner = actor("scale owner")
    seed, joiner_a, joiner_b = actor("scale seed delegator"), actor("scale joiner A"), actor("scale joiner B")
    consumer = actor("scale consumer")
    s = {a.name: sender(a) for a in (owner, seed, joiner_a, joiner_b, consumer)}
    for who in (owner, seed, joiner_a, joiner_b, consumer):
        token.transfer(who.address, 100_000 * TOKEN, sender=dep)
    token.approve(staking.address, MAX, sender=s[owner.name])
    for who in (seed, joiner_a, joiner_b):
        token.approve(staking.address, MAX, sender=s[who.name])
    token.approve(payments.address, MAX, sender=s[consumer.name])
    token.approve(payments.address, MAX, sender=dep)

    pool_a, pool_b, pool_c, r1, r2 = (
        asset_id_of(registry, registry.list(listing(), sender=s[owner.name])) for _ in range(5)
    )
    for pool in (pool_a, pool_b, pool_c):
        staking.stake(pool, 10_000 * TOKEN, sender=s[owner.name])
    for pool in (pool_a, pool_b):
        staking.setDelegatorCut(pool, 2_000, sender=s[owner.name])
    chain.mine(timestamp=chain.pending_timestamp + int(staking.cutChangeDelay()) + 1)

    # ---------------------------------------------------------------- the delegator crowd
    started = time.perf_counter()
    staking.delegateStake(pool_b, DELEGATION, sender=s[seed.name])
    crowd = actors("scale crowd delegator", delegators)
    rpc.set_balances(d.address for d in crowd)
    rpc.send_bulk(
        [{"from": deployer.address, "to": token.address, "gas": 100_000,
          "data": calldata("transfer(address,uint256)", d.address, DELEGATION)} for d in crowd]
    )
    rpc.send_bulk(
        [tx for d in crowd for tx in (
            {"from": d.address, "to": token.address, "gas": 100_000,
             "data": calldata("approve(address,uint256)", staking.address, MAX)},
            {"from": d.address, "to": staking.address, "gas": 400_000,
             "data": calldata("delegateStake(uint256,uint256)", pool_a, DELEGATION)},
        )]
    )
    assert int(staking.getPool(pool_a).delegatedShares) == delegators * int(staking.getPool(pool_b).delegatedShares)
    log(f"  {delegators:,} delegators in {time.perf_counter() - started:.1f} s")

    def pair(name: str, small: Any, large: Any) -> None:
        m.record(f"{name} [small]", small())
        m.record(f"{name} [large]", large())

    pair("delegateStake (fresh delegator joins)",
         lambda: staking.delegateStake(pool_b, DELEGATION, sender=s[joiner_b.name]),
         lambda: staking.delegateStake(pool_a, DELEGATION, sender=s[joiner_a.name]))
    payments.depositAndAllocate([pool_a, pool_b], [5_000 * TOKEN, 5_000 * TOKEN], sender=s[consumer.name])
    vouchers = Vouchers(payments)
    redeem = lambda pool, cumulative: payments.redeem(*vouchers.sign(consumer, consumer, pool, cumulative), sender=s[owner.name])  # noqa: E731
    pair("redeem (first of the pair)", lambda: redeem(pool_b, STEP), lambda: redeem(pool_a, STEP))
    remainders = [int(staking.getPool(p).rewardRemainder) for p in (pool_b, pool_a)]
    if (remainders[0] == 0) != (remainders[1] == 0):
        log(f"  warning: reward remainders differ in kind {remainders}: redeem ratios compare unlike SSTOREs")
    pair("redeem (steady)", lambda: redeem(pool_b, 2 * STEP), lambda: redeem(pool_a, 2 * STEP))
    # Fees reach StakingPool only through settle; the delegators' cut is then streamed
    # (REWARD_STREAM_PERIOD): let a day of it release before claiming.
    payments.settle(pool_b, sender=s[owner.name])
    payments.settle(pool_a, sender=s[owner.name])
    chain.mine(timestamp=chain.pending_timestamp + 86_400)
    # Warm-up claims (the seed in B, one of the crowd in A): after these, both measured claims see the
    # same state (a running stream to release, accumulator slots written).
    staking.claimRewards(pool_b, sender=s[seed.name])
    staking.claimRewards(pool_a, sender=sender(crowd[0]))
    pair("claimRewards (delegator, first claim)",
         lambda: staking.claimRewards(pool_b, sender=s[joiner_b.name]),
         lambda: staking.claimRewards(pool_a, sender=s[joiner_a.name]))
    pair("stake (owner top-up)",
         lambda: staking.stake(pool_c, 1_000 * TOKEN, sender=s[owner.name]),
         lambda: staking.stake(pool_a, 1_000 * TOKEN, sender=s[owner.name]))

    # ---------------------------------------------------------------- the rating crowd
    started = time.perf_counter()
    first_rater = actor("scale rater R1")
    raters = actors("scale rater", ratings)
    _give_payment_history(rpc, payments, vouchers, deployer, r2, raters, reputation)
    # Every rater claims the weight of its one voucher (STEP) and pays the 10 % rating fee.
    rpc.send_bulk(
        [{"from": r.address, "to": reputation.address, "gas": 300_000,
          "data": calldata("rate(uint256,uint8,uint256,bytes32,string)", r2, 80, STEP, COMMENT_HASH, URI)}
         for r in raters]
    )
    _give_payment_history(rpc, payments, vouchers, deployer, r1, [first_rater], reputation)
    reputation.rate(r1, 80, STEP, COMMENT_HASH, URI, sender=sender(first_rater))
    assert int(reputation.totalsOf(r2).count) == ratings and int(reputation.totalsOf(r1).count) == 1
    log(f"  {ratings:,} ratings (with payment history) in {time.perf_counter() - started:.1f} s")

    summary = {pool: int(rpc.call("eth_estimateGas", [{"to": reputation.address, "data": calldata("summary(uint256)", pool)}], ), 16)
               for pool in (r1, r2)}
    m.gas["summary (eth_estimateGas) [small]"], m.gas["summary (eth_estimateGas) [large]"] = summary[r1], summary[r2]
    fresh_1, fresh_2 = actor("scale fresh rater 1"), actor("scale fresh rater 2")
    _give_payment_history(rpc, payments, vouchers, deployer, r1, [fresh_1], reputation)
    _give_payment_history(rpc, payments, vouchers, deployer, r2, [fresh_2], reputation)
    pair("rate (fresh rater)",
         lambda: reputation.rate(r1, 80, STEP, COMMENT_HASH, URI, sender=sender(fresh_1)),
         lambda: reputation.rate(r2, 80, STEP, COMMENT_HASH, URI, sender=sender(fresh_2)))

    def ratio(name: str) -> float:
        return m.gas[f"{name} [large]"] / m.gas[f"{name} [small]"]

    ratios = {
        "scaling.redeem_1_vs_1000_delegators": ratio("redeem (steady)"),
        "scaling.redeem_first_1_vs_1000_delegators": ratio("redeem (first of the pair)"),
        "scaling.claim_1_vs_1000_delegators": ratio("claimRewards (delegator, first claim)"),
        "scaling.delegate_1_vs_1000_delegators": ratio("delegateStake (fresh delegator joins)"),
        "scaling.stake_1_vs_1000_stakers": ratio("stake (owner top-up)"),
        "scaling.summary_1_vs_10000_ratings": ratio("summary (eth_estimateGas)"),
        "scaling.rate_1_vs_10000_ratings": ratio("rate (fresh rater)"),
    }
    return m, ratios


def _give_payment_history(rpc: Rpc, payments: Any, vouchers: Vouchers, funder: Any, asset_id: int, raters: list,
                          reputation: Any = None) -> None:
    """A funded lane for each rater (``depositFor`` by the funder, ``allocate`` by the rater) and one
    redeemed voucher of ``asset_id``; with ``reputation``, also one token in each rater's wallet,
    approved for the rating fee."""
    # Anvil's pool slows down sharply on long nonce chains of one sender: spread the deposits
    # over helpers (one per FUNDER_SPAN raters), each funded and approved in bulk first.
    helpers = actors(f"scale funder {asset_id}", -(-len(raters) // FUNDER_SPAN))
    rpc.set_balances(h.address for h in helpers)
    rpc.send_bulk(
        [{"from": funder.address, "to": payments.TOKEN(), "gas": 100_000,
          "data": calldata("transfer(address,uint256)", h.address, FUNDER_SPAN * 11 * TOKEN)} for h in helpers]
    )
    rpc.send_bulk(
        [{"from": h.address, "to": payments.TOKEN(), "gas": 100_000,
          "data": calldata("approve(address,uint256)", payments.address, MAX)} for h in helpers]
    )
    rpc.send_bulk(
        [{"from": helpers[i // FUNDER_SPAN].address, "to": payments.address, "gas": 200_000,
          "data": calldata("depositFor(address,uint256)", r.address, 10 * TOKEN)} for i, r in enumerate(raters)]
    )
    # each rater moves its free balance into the asset's lane (escrow is per (consumer, asset))
    rpc.set_balances(r.address for r in raters)
    rpc.send_bulk(
        [{"from": r.address, "to": payments.address, "gas": 100_000,
          "data": calldata("allocate(uint256,uint256)", asset_id, 10 * TOKEN)} for r in raters]
    )
    if reputation is not None:
        rpc.send_bulk(
            [{"from": helpers[i // FUNDER_SPAN].address, "to": payments.TOKEN(), "gas": 100_000,
              "data": calldata("transfer(address,uint256)", r.address, TOKEN)} for i, r in enumerate(raters)]
        )
        rpc.send_bulk(
            [{"from": r.address, "to": payments.TOKEN(), "gas": 100_000,
              "data": calldata("approve(address,uint256)", reputation.address, MAX)} for r in raters]
        )
    txs = []
    for start in range(0, len(raters), REDEEM_CHUNK):
        chunk = raters[start : start + REDEEM_CHUNK]
        signed = [vouchers.sign(r, r, asset_id, STEP) for r in chunk]
        txs.append({
            "from": funder.address, "to": payments.address, "gas": 100_000 * len(chunk) + 200_000,
            "data": calldata("redeemBatch((address,uint256,uint256,uint64)[],bytes[])",
                             [v for v, _ in signed], [sig for _, sig in signed]),
        })
    rpc.send_bulk(txs)
