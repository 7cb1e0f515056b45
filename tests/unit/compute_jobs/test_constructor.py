from __future__ import annotations

from modelmarket.deploy import COMPUTE_JOBS_PARAMS
from tests.unit.compute_jobs.helpers import (
    DISPUTE_BOND_BPS, FEE_BPS, MAX_JOB_DURATION, MIN_DISPUTE_BOND, RESOLUTION_WINDOW, REVIEW_WINDOW,
)


def test_constructor_sets_parameters(compute, market):
    assert compute.FEE_BPS() == FEE_BPS and compute.MAX_JOB_DURATION() == MAX_JOB_DURATION
    assert compute.REVIEW_WINDOW() == REVIEW_WINDOW and compute.RESOLUTION_WINDOW() == RESOLUTION_WINDOW
    assert compute.DISPUTES() == market.disputes.address and compute.TOKEN() == market.token.address
    assert compute.DISPUTE_BOND_BPS() == DISPUTE_BOND_BPS and compute.MIN_DISPUTE_BOND() == MIN_DISPUTE_BOND


def test_constructor_emits_parameters(compiled, market, deployer, chain):
    deployed = compiled.ComputeJobs.deploy(
        market.token, market.registry, market.staking, market.disputes, *COMPUTE_JOBS_PARAMS, sender=deployer
    )
    logs = chain.get_receipt(deployed.txn_hash).events.filter(deployed.ComputeJobsConfigured)
    assert [dict(log.event_arguments) for log in logs] == [{
        "feeBps": FEE_BPS, "maxJobDuration": MAX_JOB_DURATION, "reviewWindow": REVIEW_WINDOW,
        "resolutionWindow": RESOLUTION_WINDOW, "disputeBondBps": DISPUTE_BOND_BPS, "minDisputeBond": MIN_DISPUTE_BOND,
    }]


def test_constructor_reverts_for_fee_above_maximum(compiled, compute, market, deployer, reverts_exactly):
    with reverts_exactly(compute.ParameterOutOfBounds, value=1_001, minimum=0, maximum=1_000):
        compiled.ComputeJobs.deploy(
            market.token, market.registry, market.staking, market.disputes, 1_001, 1, 1, 1, 0, 1, sender=deployer
        )


def test_constructor_reverts_for_bond_above_price(compiled, compute, market, deployer, reverts_exactly):
    with reverts_exactly(compute.ParameterOutOfBounds, value=10_001, minimum=0, maximum=10_000):
        compiled.ComputeJobs.deploy(
            market.token, market.registry, market.staking, market.disputes, 0, 1, 1, 1, 10_001, 1, sender=deployer
        )


def test_constructor_reverts_for_zero_bond_floor(compiled, compute, market, deployer, reverts_exactly):
    with reverts_exactly(compute.ZeroAmount):
        compiled.ComputeJobs.deploy(
            market.token, market.registry, market.staking, market.disputes, 0, 1, 1, 1, 0, 0, sender=deployer
        )
