from __future__ import annotations

import pytest
from modelmarket.bindings import container

from tests.unit.staking_pool.helpers import DAY, MIN_BOND, ZERO_ADDRESS, apply_change

BOUNDED = [
    # setter, getter, event, (old name, new name), valid value, (minimum, maximum)
    ("setMinBond", "minBond", "MinBondUpdated", ("oldMinBond", "newMinBond"), 10 * MIN_BOND, (10**15, 10**24)),
    ("setResolutionWindow", "resolutionWindow", "ResolutionWindowUpdated", ("oldWindow", "newWindow"), 3 * DAY, (DAY, 14 * DAY)),
    ("setReporterRewardBps", "reporterRewardBps", "ReporterRewardUpdated", ("oldRewardBps", "newRewardBps"), 5_000, (0, 5_000)),
]


@pytest.mark.parametrize("setter,getter,event,names,value,bounds", BOUNDED)
def test_admin_setter_updates_and_emits_event(disputes, deployer, setter, getter, event, names, value, bounds):
    old = getattr(disputes, getter)()
    receipt = apply_change(disputes, setter, value, deployer)
    assert receipt.events.filter(getattr(disputes, event)) == [
        getattr(disputes, event)(**{names[0]: old, names[1]: value})
    ]
    assert getattr(disputes, getter)() == value


OUT_OF_BOUNDS = [
    (setter, bad, bounds)
    for setter, _, _, _, _, bounds in BOUNDED
    for bad in ([bounds[0] - 1] if bounds[0] > 0 else []) + [bounds[1] + 1]
]


@pytest.mark.parametrize("setter,bad,bounds", OUT_OF_BOUNDS)
def test_admin_setter_reverts_when_out_of_bounds(disputes, deployer, setter, bad, bounds, reverts_exactly):
    minimum, maximum = bounds
    with reverts_exactly(disputes.ParameterOutOfBounds, value=bad, minimum=minimum, maximum=maximum):
        getattr(disputes, setter)(bad, sender=deployer)


@pytest.mark.parametrize("setter,value", [("setMinBond", MIN_BOND), ("setResolutionWindow", DAY), ("setReporterRewardBps", 1)])
def test_admin_setter_reverts_when_not_admin(disputes, stranger, setter, value, reverts_exactly):
    with reverts_exactly(disputes.OwnableUnauthorizedAccount, account=stranger):
        getattr(disputes, setter)(value, sender=stranger)


@pytest.mark.parametrize("setter,getter,event,names", [
    ("setArbiter", "arbiter", "ArbiterUpdated", ("oldArbiter", "newArbiter")),
    ("setTreasury", "treasury", "TreasuryUpdated", ("oldTreasury", "newTreasury")),
])
def test_address_setter_updates_and_emits_event(disputes, deployer, stranger, setter, getter, event, names, reverts_exactly):
    old = getattr(disputes, getter)()
    receipt = apply_change(disputes, setter, stranger, deployer)
    assert receipt.events.filter(getattr(disputes, event)) == [
        getattr(disputes, event)(**{names[0]: old, names[1]: stranger})
    ]
    assert getattr(disputes, getter)() == stranger.address
    with reverts_exactly(disputes.ZeroAddress):
        getattr(disputes, setter)(ZERO_ADDRESS, sender=deployer)
    with reverts_exactly(disputes.OwnableUnauthorizedAccount, account=stranger):
        getattr(disputes, setter)(stranger, sender=stranger)


def test_new_arbiter_resolves_and_old_cannot(disputes, staking, pool_asset, reporters_approved, deployer, arbiter, stranger, consumer, reverts_exactly):
    apply_change(disputes, "setArbiter", consumer, deployer)
    disputes.openDispute(pool_asset, MIN_BOND, b"\x01" * 32, "u", ZERO_ADDRESS, 0, sender=stranger)
    with reverts_exactly(disputes.NotArbiter, caller=arbiter):
        disputes.rejectDispute(1, sender=arbiter)
    disputes.rejectDispute(1, sender=consumer)


def test_constructor_wiring_and_defaults(disputes, token, registry, staking, treasury, arbiter, deployer):
    assert (disputes.TOKEN(), disputes.REGISTRY(), disputes.STAKING()) == (token.address, registry.address, staking.address)
    assert (disputes.treasury(), disputes.arbiter(), disputes.owner()) == (treasury.address, arbiter.address, deployer.address)
    assert (disputes.minBond(), disputes.resolutionWindow(), disputes.reporterRewardBps()) == (MIN_BOND, 7 * DAY, 2_000)
    assert disputes.EQUIVOCATION_SLASH_BPS() <= staking.MAX_SLASH_BPS()
    assert staking.slasher() == disputes.address


def test_constructor_reverts_when_treasury_zero(disputes, token, registry, staking, arbiter, deployer, reverts_exactly):
    with reverts_exactly(disputes.ZeroAddress):
        container("Disputes").deploy(token, registry, staking, disputes.PAYMENTS(), ZERO_ADDRESS, arbiter, deployer, sender=deployer)
