"""The demo scenario end to end: every payout follows from the parameters, and every token of the
supply is accounted for (held by a known account or owed by a contract)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from modelmarket_demo.scenario import DELEGATOR_CUT_BPS, INFERENCES, PRICE_PER_INFERENCE, run_demo

BPS = 10_000


@pytest.fixture(scope="module")
def scenario():
    return run_demo(Console(file=io.StringIO(), width=140), save=False)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def test_demo_split_matches_parameters(scenario):
    market, figures = scenario.market, scenario.figures
    paid = INFERENCES * PRICE_PER_INFERENCE
    assert figures["paid"] == paid

    fee = _ceil_div(paid * market.payments.protocolFeeBps(), BPS)
    royalty_base = paid * 500 // BPS
    royalty_data = paid * 300 // BPS
    rest = paid - fee - royalty_base - royalty_data
    delegators = rest * DELEGATOR_CUT_BPS // BPS
    owner = rest - delegators
    claims = figures["claims"]
    assert claims["treasury"] == fee
    assert claims["base owner"] == royalty_base
    assert claims["dataset owner"] == royalty_data
    assert claims["fine-tune owner"] == owner
    # Delegator 1 holds 3/4 of the delegated shares, delegator 2 1/4; accumulator rounding may
    # leave at most a few wei per delegator behind, never more than was deposited.
    d1, d2 = claims["delegator 1"], claims["delegator 2"]
    assert d1 + d2 <= delegators
    assert delegators - (d1 + d2) <= 2
    assert abs(d1 - 3 * delegators // 4) <= 1
    assert abs(d2 - delegators // 4) <= 1
    assert sum(claims.values()) <= paid


def test_demo_consumer_paid_exactly_what_agent_signed(scenario):
    market, cast, figures = scenario.market, scenario.cast, scenario.figures
    payments, consumer, tuned = market.payments, cast.consumer.address, scenario.assets["tuned"]
    signed = INFERENCES * PRICE_PER_INFERENCE
    gateway = figures["gateway_paid"]  # the gateway scene's calls, by another session key
    assert gateway == figures["gateway_calls"] * figures["gateway_price"]
    balance, redeemed, thawing, _ = payments.laneOf(consumer, tuned)
    assert redeemed == signed + gateway
    assert balance == figures["lane"] - signed - gateway and thawing == 0
    assert payments.freeBalanceOf(consumer) == figures["deposit"] - figures["lane"]
    key = payments.sessionKeyOf(consumer, figures["agent"])
    assert key.spent == signed <= key.spendCap
    assert payments.keySpentOn(consumer, figures["agent"], tuned) == signed


def test_demo_ledger_credited_what_was_redeemed_and_holds_nothing_after(scenario):
    ledger = scenario.figures["ledger"]
    assert scenario.figures["credited"] == INFERENCES * PRICE_PER_INFERENCE == scenario.figures["paid"]
    assert ledger.pending() == []
    assert scenario.market.payments.pendingRevenueOf(scenario.assets["tuned"]) == 0


def test_demo_slashes_stay_within_caps(scenario):
    market, figures = scenario.market, scenario.figures
    assert figures["dispute_slash"] > 0
    assert figures["equivocation_slash"] > 0
    stake_before_dispute = figures["self_stake"] + 8_000 * 10**18
    assert figures["dispute_slash"] <= stake_before_dispute * market.staking.MAX_SLASH_BPS() // BPS
    after_dispute = stake_before_dispute - figures["dispute_slash"]
    assert figures["equivocation_slash"] <= after_dispute * market.disputes.EQUIVOCATION_SLASH_BPS() // BPS + 1


def test_demo_reputation_counts_the_paying_consumer(scenario):
    count, mean, weight = scenario.figures["summary"]
    assert count == 1
    assert mean == 92 * scenario.market.reputation.MEAN_SCALE()
    assert weight == INFERENCES * PRICE_PER_INFERENCE


def test_demo_every_token_is_accounted_for(scenario, chain):
    market, cast, figures = scenario.market, scenario.cast, scenario.figures
    balances, supply = figures["balances"], figures["supply"]
    assert sum(balances.values()) == supply == market.token.totalSupply()

    payments, consumer = market.payments, cast.consumer.address
    assets = scenario.assets.values()
    owed_by_payments = payments.freeBalanceOf(consumer) + payments.protocolFeesAccrued()
    owed_by_payments += sum(payments.laneOf(consumer, asset)[0] for asset in assets)
    owed_by_payments += sum(payments.royaltiesOf(asset) + payments.pendingRevenueOf(asset) for asset in assets)
    assert balances["UsagePayments"] == owed_by_payments

    staking, tuned = market.staking, scenario.assets["tuned"]
    pool = staking.getPool(tuned)
    stakers = (cast.tuner, cast.delegator1, cast.delegator2)
    owed_rewards = pool.ownerRewards + sum(staking.pendingRewards(tuned, s.address) for s in stakers)
    rate, end, released_to = staking.rewardStreamOf(tuned)  # the delegators' stream not yet released
    if rate and chain.blocks.head.timestamp < end:
        owed_rewards += rate * (end - max(released_to, chain.blocks.head.timestamp)) // staking.REWARD_RATE_SCALE()
    owed_by_staking = staking.totalStake(tuned) + owed_rewards
    # The compute scene's provider stake (the hospital's self-stake on its dataset's pool).
    owed_by_staking += sum(staking.totalStake(a) for name, a in scenario.assets.items() if name.startswith("compute_"))
    assert balances["StakingPool"] >= owed_by_staking
    assert balances["StakingPool"] - owed_by_staking <= 4  # accumulator and stream rounding dust only

    disputes = market.disputes
    owed_by_disputes = sum(disputes.claimable(a.address) for a in cast.everyone().values())
    assert balances.get("Disputes", 0) == owed_by_disputes == 0


def test_demo_delegator_exit_bears_only_what_the_owner_could_not_cover(scenario):
    # Delegator 1 put in 6,000 of the 8,000 delegated; slashes are first-loss: the owner's self-stake
    # absorbs them before any delegator loses stake.
    withdrawn = scenario.figures["delegator_withdrawn"]
    slashed = scenario.figures["dispute_slash"] + scenario.figures["equivocation_slash"]
    delegators_loss = max(0, slashed - scenario.figures["self_stake"])
    expected = 6_000 * 10**18 - delegators_loss * 6_000 // 8_000
    assert 0 < withdrawn <= 6_000 * 10**18
    assert abs(withdrawn - expected) <= 10**6  # share rounding (virtual shares) only

def test_demo_compute_job_released_with_split_matching_parameters(scenario):
    from modelmarket_demo.compute_scene import ALGORITHM_BPS, JOB_PRICE, PROVIDER_BPS

    compute = scenario.market.require("ComputeJobs")
    figures = scenario.figures["compute"]
    fee = _ceil_div(JOB_PRICE * compute.FEE_BPS(), 10_000)
    net = JOB_PRICE - fee
    assert figures["status"] == "released"
    assert (figures["fee"], figures["provider"], figures["algorithm"]) == (
        fee, net * PROVIDER_BPS // 10_000, net * ALGORITHM_BPS // 10_000
    )
    assert figures["fee"] + figures["provider"] + figures["algorithm"] + figures["dataset"] == JOB_PRICE


def test_demo_compute_result_holds_weights_and_metrics_not_rows(scenario):
    figures = scenario.figures["compute"]
    assert figures["result_keys"] == ["algorithmHash", "jobId", "metrics", "paramsHash", "weights"]
    assert 0.9 < figures["accuracy"] <= 1.0


def test_demo_federated_model_is_listed_and_the_wrong_aggregator_paid_the_watcher(scenario):
    registry, training = scenario.market.registry, scenario.market.require("TrainingRounds")
    model = scenario.assets["federated"]
    assert registry.getParents(model)[0].assetId == scenario.assets["base"]
    task = training.getTask(scenario.figures["training_task"])
    assert task.aggregatorSlashed
    assert scenario.figures["training_paid"]["watcher"] == 50 * 10**18 * training.CHALLENGER_SHARE_BPS() // 10_000
    assert scenario.figures["training_paid"]["aggregator"] == 0


def test_demo_bounty_accepts_honest_data_and_rejects_junk(scenario):
    assert scenario.figures["bounty_statuses"] == {"honest": "Paid", "junk": "Junk"}


def test_demo_bounty_lazy_validator_loses_a_capped_share(scenario):
    from modelmarket_demo.bounty_scene import LAZY_STAKE

    assert 0 < scenario.figures["bounty_lazy_loss"] <= LAZY_STAKE * 500 // 10_000


def test_demo_bounty_contract_holds_nothing_after_everyone_exits(scenario):
    assert scenario.figures["balances"].get("DataBounties", 0) == 0


def test_demo_gateway_answers_the_packaged_digits_and_is_paid_per_call(scenario):
    from sklearn.datasets import load_digits

    figures = scenario.figures
    labels = [int(label) for label in load_digits().target[: figures["gateway_calls"]]]
    assert figures["gateway_digits"] == labels
    assert figures["gateway_paid"] == figures["gateway_calls"] * figures["gateway_price"]


def test_demo_governance_passes_parameter_change_and_takedown_lapses(scenario):
    from modelmarket.governance import LOCAL

    market, figures = scenario.market, scenario.figures
    assert figures["governance_executed"] is True
    assert figures["ratification_window"] == (LOCAL.ratification_window, 2 * 3600)
    assert figures["takedown_lapsed_status"] == 0
    assert market.registry.owner() == market.contracts["MarketTimelock"].address
