from __future__ import annotations

from tests.unit.compute_jobs.helpers import FEE_BPS, MAX_JOB_DURATION, RESOLUTION_WINDOW, REVIEW_WINDOW


def test_constructor_sets_parameters(compute, market):
    assert compute.FEE_BPS() == FEE_BPS and compute.MAX_JOB_DURATION() == MAX_JOB_DURATION
    assert compute.REVIEW_WINDOW() == REVIEW_WINDOW and compute.RESOLUTION_WINDOW() == RESOLUTION_WINDOW
    assert compute.DISPUTES() == market.disputes.address and compute.TOKEN() == market.token.address


def test_constructor_reverts_for_fee_above_maximum(compiled, compute, market, deployer, reverts_exactly):
    with reverts_exactly(compute.ParameterOutOfBounds, value=1_001, minimum=0, maximum=1_000):
        compiled.ComputeJobs.deploy(
            market.token, market.registry, market.staking, market.disputes, 1_001, 1, 1, 1, sender=deployer
        )
