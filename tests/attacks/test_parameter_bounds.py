"""Attack 13: a (compromised or careless) admin pushes a parameter out of range.

Defence: every admin setter checks constant bounds and reverts `ParameterOutOfBounds(value,
minimum, maximum)` (or `ZeroAddress` for an address); the bounds themselves are accepted and
emit their event. The owner's delegators' cut is bounded by `CutAboveMax`.
"""

from __future__ import annotations

import pytest

from tests.attacks.helpers import DAY, ZERO_ADDRESS
from tests.unit.staking_pool.helpers import apply_change
from tests.unit.usage_payments.conftest import apply_change as apply_payments_change

HOUR = 3_600
# (contract, setter, minimum, maximum, event)
BOUNDED = [
    ("staking", "setMinSelfStake", 1, 10**27, "MinSelfStakeUpdated"),
    ("staking", "setThawingPeriod", 14 * DAY, 90 * DAY, "ThawingPeriodUpdated"),
    ("staking", "setCutChangeDelay", DAY, 30 * DAY, "CutChangeDelayUpdated"),
    ("payments", "setProtocolFeeBps", 0, 1_000, "ProtocolFeeUpdated"),
    ("payments", "setWithdrawDelay", HOUR, 30 * DAY, "WithdrawDelayUpdated"),
    ("disputes", "setMinBond", 10**15, 10**24, "MinBondUpdated"),
    ("disputes", "setResolutionWindow", DAY, 14 * DAY, "ResolutionWindowUpdated"),
    ("disputes", "setReporterRewardBps", 0, 5_000, "ReporterRewardUpdated"),
]
IDS = [f"{c}.{s}" for c, s, *_ in BOUNDED]


@pytest.mark.parametrize("name,setter,minimum,maximum,event", BOUNDED, ids=IDS)
def test_parameter_out_of_bounds_fails(staking, payments, disputes, name, setter, minimum, maximum, event, deployer, reverts_exactly):
    contract = {"staking": staking, "payments": payments, "disputes": disputes}[name]
    invalid = [maximum + 1] + ([minimum - 1] if minimum > 0 else [])
    for value in invalid:
        with reverts_exactly(contract.ParameterOutOfBounds, value=value, minimum=minimum, maximum=maximum):
            getattr(contract, setter)(value, sender=deployer)


@pytest.mark.parametrize("name,setter,minimum,maximum,event", BOUNDED, ids=IDS)
def test_parameter_at_bounds_is_accepted(staking, payments, disputes, name, setter, minimum, maximum, event, deployer):
    contract = {"staking": staking, "payments": payments, "disputes": disputes}[name]
    for value in (minimum, maximum):
        # every contract queues the change behind the change delay (at least the thawing period)
        receipt = (apply_payments_change if name == "payments" else apply_change)(contract, setter, value, deployer)
        assert len(receipt.events.filter(getattr(contract, event))) == 1


@pytest.mark.parametrize("name,setter", [
    ("staking", "setSlasher"), ("payments", "setTreasury"), ("disputes", "setArbiter"), ("disputes", "setTreasury"),
])
def test_zero_address_parameter_fails(staking, payments, disputes, name, setter, deployer, reverts_exactly):
    contract = {"staking": staking, "payments": payments, "disputes": disputes}[name]
    with reverts_exactly(contract.ZeroAddress):
        getattr(contract, setter)(ZERO_ADDRESS, sender=deployer)


def test_delegator_cut_above_max_fails(staking, asset, owner, reverts_exactly):
    maximum = staking.MAX_DELEGATOR_CUT_BPS()
    with reverts_exactly(staking.CutAboveMax, cutBps=maximum + 1, maximum=maximum):
        staking.setDelegatorCut(asset, maximum + 1, sender=owner)
