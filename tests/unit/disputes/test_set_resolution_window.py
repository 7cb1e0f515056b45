"""setResolutionWindow is coupled to StakingPool's thawing period: a dispute must be resolvable
before stake that starts thawing after it was opened can be withdrawn."""

from __future__ import annotations

from tests.unit.staking_pool.helpers import DAY, THAWING_PERIOD, apply_change


def test_max_resolution_window_is_fourteen_days(disputes):
    assert disputes.MAX_RESOLUTION_WINDOW() == 14 * DAY
    assert disputes.MIN_RESOLUTION_WINDOW() == DAY


def test_set_resolution_window_accepts_max_with_default_thawing(disputes, staking, deployer):
    assert staking.thawingPeriod() == THAWING_PERIOD
    receipt = apply_change(disputes, "setResolutionWindow", 14 * DAY, deployer)
    assert receipt.events.filter(disputes.ResolutionWindowUpdated) == [
        disputes.ResolutionWindowUpdated(oldWindow=7 * DAY, newWindow=14 * DAY)
    ]


def test_set_resolution_window_accepts_window_equal_to_thawing(disputes, staking, deployer, force_thawing_period):
    force_thawing_period(3 * DAY)
    receipt = apply_change(disputes, "setResolutionWindow", 3 * DAY, deployer)
    assert receipt.events.filter(disputes.ResolutionWindowUpdated) == [
        disputes.ResolutionWindowUpdated(oldWindow=7 * DAY, newWindow=3 * DAY)
    ]
    assert disputes.resolutionWindow() == 3 * DAY


def test_set_resolution_window_reverts_when_above_thawing(disputes, staking, deployer, force_thawing_period, reverts_exactly):
    force_thawing_period(3 * DAY)
    with reverts_exactly(disputes.ResolutionWindowNotBelowThawing, window=3 * DAY + 1, thawingPeriod=3 * DAY):
        disputes.setResolutionWindow(3 * DAY + 1, sender=deployer)
    assert disputes.resolutionWindow() == 7 * DAY


def test_set_resolution_window_bounds_checked_before_thawing(disputes, deployer, force_thawing_period, reverts_exactly):
    force_thawing_period(3 * DAY)
    with reverts_exactly(disputes.ParameterOutOfBounds, value=15 * DAY, minimum=DAY, maximum=14 * DAY):
        disputes.setResolutionWindow(15 * DAY, sender=deployer)
