from __future__ import annotations

import pytest
from modelmarket.bindings import container

from tests.unit.staking_pool.helpers import DAY, MIN_SELF_STAKE, TOKEN, ZERO_ADDRESS

PARAMETERS = [
    # setter, getter, event, valid value, (minimum, maximum)
    ("setMinSelfStake", "minSelfStake", "MinSelfStakeUpdated", 5 * TOKEN, (1, 10**27)),
    ("setThawingPeriod", "thawingPeriod", "ThawingPeriodUpdated", 28 * DAY, (14 * DAY, 90 * DAY)),
    ("setCutChangeDelay", "cutChangeDelay", "CutChangeDelayUpdated", 3 * DAY, (DAY, 30 * DAY)),
]


@pytest.mark.parametrize("setter,getter,event,value,bounds", PARAMETERS)
def test_admin_setter_updates_and_emits_event(staking, deployer, setter, getter, event, value, bounds):
    old = getattr(staking, getter)()
    receipt = getattr(staking, setter)(value, sender=deployer)
    assert receipt.events.filter(getattr(staking, event)) == [
        getattr(staking, event)(oldValue=old, newValue=value)
    ]
    assert getattr(staking, getter)() == value


@pytest.mark.parametrize("setter,getter,event,value,bounds", PARAMETERS)
@pytest.mark.parametrize("side", ["below", "above"])
def test_admin_setter_reverts_when_out_of_bounds(
    staking, deployer, setter, getter, event, value, bounds, side, reverts_exactly
):
    minimum, maximum = bounds
    bad = minimum - 1 if side == "below" else maximum + 1
    with reverts_exactly(staking.ParameterOutOfBounds, value=bad, minimum=minimum, maximum=maximum):
        getattr(staking, setter)(bad, sender=deployer)


@pytest.mark.parametrize("setter,getter,event,value,bounds", PARAMETERS)
def test_admin_setter_reverts_when_not_admin(staking, stranger, setter, getter, event, value, bounds, reverts_exactly):
    with reverts_exactly(staking.OwnableUnauthorizedAccount, account=stranger):
        getattr(staking, setter)(value, sender=stranger)


def test_set_slasher_updates_and_emits_event(staking, deployer, disputes, stranger):
    receipt = staking.setSlasher(stranger, sender=deployer)
    assert receipt.events.filter(staking.SlasherUpdated) == [
        staking.SlasherUpdated(oldSlasher=disputes, newSlasher=stranger)
    ]
    assert staking.slasher() == stranger.address


def test_set_slasher_reverts_when_zero(staking, deployer, reverts_exactly):
    with reverts_exactly(staking.ZeroAddress):
        staking.setSlasher(ZERO_ADDRESS, sender=deployer)


def test_set_slasher_reverts_when_not_admin(staking, stranger, reverts_exactly):
    with reverts_exactly(staking.OwnableUnauthorizedAccount, account=stranger):
        staking.setSlasher(stranger, sender=stranger)


def test_min_self_stake_change_moves_serving(staking, staked_asset, deployer):
    assert staking.isServing(staked_asset)
    staking.setMinSelfStake(MIN_SELF_STAKE + 1, sender=deployer)
    assert not staking.isServing(staked_asset)


def test_constructor_sets_wiring_and_defaults(staking, token, registry, deployer):
    assert staking.TOKEN() == token.address
    assert staking.REGISTRY() == registry.address
    assert staking.owner() == deployer.address
    assert (staking.minSelfStake(), staking.thawingPeriod(), staking.cutChangeDelay()) == (
        MIN_SELF_STAKE, 14 * DAY, 7 * DAY,
    )
    assert (staking.MAX_SLASH_BPS(), staking.MAX_THAW_REQUESTS(), staking.SHARES_OFFSET_DECIMALS()) == (1_000, 8, 3)


def test_constructor_reverts_when_token_zero(staking, registry, deployer, reverts_exactly):
    with reverts_exactly(staking.ZeroAddress):
        container("StakingPool").deploy(ZERO_ADDRESS, registry, deployer, sender=deployer)


def test_set_fee_collector_updates_and_emits_event(staking, deployer, payments, stranger):
    assert staking.feeCollector() == payments.address  # wired by deploy_marketplace
    receipt = staking.setFeeCollector(stranger, sender=deployer)
    assert receipt.events.filter(staking.FeeCollectorUpdated) == [
        staking.FeeCollectorUpdated(oldCollector=payments, newCollector=stranger)
    ]
    assert staking.feeCollector() == stranger.address


def test_set_fee_collector_sweeps_old_collector_first(
    staking, payments, token, deployer, owner, consumer, stranger, list_asset
):
    from tests.unit.staking_pool.test_claim_rewards import _credit_through_payments

    asset = list_asset()
    _credit_through_payments(payments, token, consumer, owner, asset, 10 * TOKEN)
    unfunded = staking.unfundedFees()
    balance = token.balanceOf(staking)

    receipt = staking.setFeeCollector(stranger, sender=deployer)

    assert receipt.events.filter(payments.StakingFeesSwept) == [payments.StakingFeesSwept(amount=unfunded)]
    assert staking.unfundedFees() == payments.stakingFeesOwed() == 0
    assert token.balanceOf(staking) == balance + unfunded
    assert staking.feeCollector() == stranger.address


def test_set_fee_collector_reverts_when_zero(staking, deployer, reverts_exactly):
    with reverts_exactly(staking.ZeroAddress):
        staking.setFeeCollector(ZERO_ADDRESS, sender=deployer)


def test_set_fee_collector_reverts_when_not_admin(staking, stranger, reverts_exactly):
    with reverts_exactly(staking.OwnableUnauthorizedAccount, account=stranger):
        staking.setFeeCollector(stranger, sender=stranger)
