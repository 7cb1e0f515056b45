from __future__ import annotations

import pytest
from modelmarket.bindings import container

from tests.unit.staking_pool.helpers import DAY, MIN_SELF_STAKE, TOKEN, ZERO_ADDRESS, apply_change, parameter_key

PARAMETERS = [
    # setter, getter, event, valid value, (minimum, maximum)
    ("setMinSelfStake", "minSelfStake", "MinSelfStakeUpdated", 5 * TOKEN, (1, 10**27)),
    ("setThawingPeriod", "thawingPeriod", "ThawingPeriodUpdated", 28 * DAY, (14 * DAY, 90 * DAY)),
    ("setCutChangeDelay", "cutChangeDelay", "CutChangeDelayUpdated", 3 * DAY, (DAY, 30 * DAY)),
]


@pytest.mark.parametrize("setter,getter,event,value,bounds", PARAMETERS)
def test_admin_setter_updates_and_emits_event(staking, deployer, setter, getter, event, value, bounds):
    old = getattr(staking, getter)()
    receipt = apply_change(staking, setter, value, deployer)
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
    receipt = apply_change(staking, "setSlasher", stranger, deployer)
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
    apply_change(staking, "setMinSelfStake", MIN_SELF_STAKE + 1, deployer)
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


def test_set_slasher_only_queues_a_change(staking, deployer, disputes, stranger, chain):
    receipt = staking.setSlasher(stranger, sender=deployer)
    executable_at = chain.blocks.head.timestamp + staking.changeDelay()
    assert staking.changeDelay() == staking.thawingPeriod() + staking.MAX_WITHDRAWAL_FREEZE() + staking.REACTION_TIME()
    assert receipt.events.filter(staking.ChangeQueued) == [
        staking.ChangeQueued(parameter=parameter_key("slasher"), value=int(stranger.address, 16), executableAt=executable_at)
    ]
    assert staking.slasher() == disputes.address


def test_execute_change_reverts_before_the_thawing_period(staking, deployer, stranger, chain, reverts_exactly):
    staking.setSlasher(stranger, sender=deployer)
    executable_at = chain.blocks.head.timestamp + staking.changeDelay()
    chain.pending_timestamp = executable_at - 1
    with reverts_exactly(staking.ChangeNotReady, parameter=parameter_key("slasher"), executableAt=executable_at):
        staking.executeChange(parameter_key("slasher"), sender=stranger)


def test_execute_change_waits_for_a_raised_thawing_period(staking, deployer, stranger, chain, reverts_exactly):
    staking.setSlasher(stranger, sender=deployer)
    queued_at = chain.blocks.head.timestamp
    apply_change(staking, "setThawingPeriod", 28 * DAY, deployer)  # raised while the slasher change waits
    executable_at = queued_at + 28 * DAY + staking.MAX_WITHDRAWAL_FREEZE() + staking.REACTION_TIME()
    assert chain.blocks.head.timestamp < executable_at
    with reverts_exactly(staking.ChangeNotReady, parameter=parameter_key("slasher"), executableAt=executable_at):
        staking.executeChange(parameter_key("slasher"), sender=stranger)
    chain.pending_timestamp = executable_at
    staking.executeChange(parameter_key("slasher"), sender=stranger)
    assert staking.slasher() == stranger.address


def test_cancel_change_drops_it_and_emits_event(staking, deployer, stranger, chain, reverts_exactly):
    staking.setSlasher(stranger, sender=deployer)
    receipt = staking.cancelChange(parameter_key("slasher"), sender=deployer)
    assert receipt.events.filter(staking.ChangeCancelled) == [
        staking.ChangeCancelled(parameter=parameter_key("slasher"), value=int(stranger.address, 16))
    ]
    chain.pending_timestamp += int(staking.changeDelay())
    with reverts_exactly(staking.NoPendingChange, parameter=parameter_key("slasher")):
        staking.executeChange(parameter_key("slasher"), sender=stranger)


def test_cancel_change_reverts_when_not_admin(staking, deployer, stranger, reverts_exactly):
    staking.setSlasher(stranger, sender=deployer)
    with reverts_exactly(staking.OwnableUnauthorizedAccount, account=stranger):
        staking.cancelChange(parameter_key("slasher"), sender=stranger)
