"""UsagePayments wiring and admin parameters (Ownable2Step, bounded, queued behind the change delay,
evented)."""

from __future__ import annotations

import ape
import pytest
from eth_utils import keccak

from tests.unit.usage_payments.conftest import ZERO_ADDRESS, apply_change, parameter_key

VOUCHER_TYPE = "Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)"
DAY = 86_400


def test_constructor_wires_contracts_and_defaults(chain, payments, token, registry, staking, treasury, deployer):
    assert payments.TOKEN() == token.address
    assert payments.REGISTRY() == registry.address
    assert payments.registry() == registry.address
    assert payments.STAKING() == staking.address
    assert payments.treasury() == treasury.address
    assert payments.owner() == deployer.address
    assert payments.protocolFeeBps() == 100
    assert payments.withdrawDelay() == 86_400
    assert token.allowance(payments.address, staking.address) == 2**256 - 1
    assert payments.VOUCHER_TYPEHASH() == keccak(text=VOUCHER_TYPE)
    domain = payments.eip712Domain()
    assert (domain[1], domain[2], domain[3], domain[4]) == ("UsagePayments", "2", chain.chain_id, payments.address)


def test_change_delay_is_staking_pools_and_at_least_its_thawing_period(payments, staking):
    assert payments.changeDelay() == staking.changeDelay()
    assert payments.changeDelay() >= staking.thawingPeriod()


@pytest.mark.parametrize("setter,value,parameter", [
    ("setProtocolFeeBps", 1_000, "protocolFeeBps"), ("setWithdrawDelay", 2 * DAY, "withdrawDelay"),
])
def test_admin_setter_queues_the_change_and_emits_event(payments, deployer, setter, value, parameter):
    receipt = getattr(payments, setter)(value, sender=deployer)

    event = receipt.events.filter(payments.ChangeQueued)[0]
    assert (event.parameter, event.value, event.executableAt) == (
        parameter_key(parameter), value, receipt.timestamp + payments.changeDelay())
    assert (payments.protocolFeeBps(), payments.withdrawDelay()) == (100, DAY)  # nothing applied yet


def test_set_treasury_queues_the_change(payments, deployer, treasury, stranger):
    receipt = payments.setTreasury(stranger, sender=deployer)

    event = receipt.events.filter(payments.ChangeQueued)[0]
    assert (event.parameter, event.value) == (parameter_key("treasury"), int(stranger.address, 16))
    assert payments.treasury() == treasury.address


def test_execute_change_reverts_before_the_change_delay(chain, payments, deployer, stranger, reverts_exactly):
    queued = payments.setProtocolFeeBps(1_000, sender=deployer)
    executable_at = queued.timestamp + payments.changeDelay()
    chain.pending_timestamp = executable_at - 1

    with reverts_exactly(payments.ChangeNotReady, parameter=parameter_key("protocolFeeBps"), executableAt=executable_at):
        payments.executeChange(parameter_key("protocolFeeBps"), sender=stranger)


def test_execute_change_reverts_when_nothing_queued(payments, stranger, reverts_exactly):
    with reverts_exactly(payments.NoPendingChange, parameter=parameter_key("treasury")):
        payments.executeChange(parameter_key("treasury"), sender=stranger)


def test_execute_change_reverts_for_an_unknown_parameter(payments, stranger, reverts_exactly):
    with reverts_exactly(payments.NoPendingChange, parameter=parameter_key("minBond")):
        payments.executeChange(parameter_key("minBond"), sender=stranger)


def test_execute_change_applies_protocol_fee_and_emits_event(payments, deployer):
    receipt = apply_change(payments, "setProtocolFeeBps", 1_000, deployer)

    event = receipt.events.filter(payments.ProtocolFeeUpdated)[0]
    assert (event.oldFeeBps, event.newFeeBps) == (100, 1_000)
    assert payments.protocolFeeBps() == 1_000
    assert payments.pendingChange(parameter_key("protocolFeeBps")).queuedAt == 0


def test_execute_change_applies_treasury_and_emits_event(payments, deployer, treasury, stranger):
    receipt = apply_change(payments, "setTreasury", stranger, deployer)

    event = receipt.events.filter(payments.TreasuryUpdated)[0]
    assert (event.oldTreasury, event.newTreasury) == (treasury.address, stranger.address)
    assert payments.treasury() == stranger.address


def test_cancel_change_drops_the_queued_change(chain, payments, deployer, stranger, reverts_exactly):
    payments.setProtocolFeeBps(1_000, sender=deployer)
    receipt = payments.cancelChange(parameter_key("protocolFeeBps"), sender=deployer)
    chain.pending_timestamp += payments.changeDelay()

    assert receipt.events.filter(payments.ChangeCancelled)[0].value == 1_000
    with reverts_exactly(payments.NoPendingChange, parameter=parameter_key("protocolFeeBps")):
        payments.executeChange(parameter_key("protocolFeeBps"), sender=stranger)
    assert payments.protocolFeeBps() == 100


def test_cancel_change_reverts_when_not_admin(payments, deployer, stranger, reverts_exactly):
    payments.setProtocolFeeBps(1_000, sender=deployer)
    with reverts_exactly(payments.OwnableUnauthorizedAccount, account=stranger):
        payments.cancelChange(parameter_key("protocolFeeBps"), sender=stranger)


def test_set_protocol_fee_bps_reverts_above_max(payments, deployer):
    with ape.reverts(payments.ParameterOutOfBounds, value=1_001, minimum=0, maximum=1_000):
        payments.setProtocolFeeBps(1_001, sender=deployer)


def test_set_protocol_fee_bps_reverts_when_not_admin(payments, stranger):
    with ape.reverts(payments.OwnableUnauthorizedAccount, account=stranger.address):
        payments.setProtocolFeeBps(10, sender=stranger)


def test_set_treasury_reverts_when_zero(payments, deployer):
    with ape.reverts(payments.ZeroAddress):
        payments.setTreasury(ZERO_ADDRESS, sender=deployer)


def test_set_treasury_reverts_when_not_admin(payments, stranger):
    with ape.reverts(payments.OwnableUnauthorizedAccount, account=stranger.address):
        payments.setTreasury(stranger, sender=stranger)


def test_set_withdraw_delay_shorter_is_scheduled_after_the_old_delay(payments, deployer):
    receipt = apply_change(payments, "setWithdrawDelay", 3_600, deployer)

    event = receipt.events.filter(payments.WithdrawDelayUpdated)[0]
    # a shorter delay applies only from execution + the old delay
    assert (event.oldDelay, event.newDelay, event.effectiveAt) == (DAY, 3_600, receipt.timestamp + DAY)
    assert payments.withdrawDelay() == DAY


def test_set_withdraw_delay_shorter_applies_after_the_old_delay(chain, payments, deployer):
    receipt = apply_change(payments, "setWithdrawDelay", 3_600, deployer)

    chain.mine(timestamp=receipt.timestamp + DAY)

    assert payments.withdrawDelay() == 3_600


def test_set_withdraw_delay_longer_applies_at_execution(payments, deployer):
    receipt = apply_change(payments, "setWithdrawDelay", 2 * DAY, deployer)

    event = receipt.events.filter(payments.WithdrawDelayUpdated)[0]
    assert (event.oldDelay, event.newDelay, event.effectiveAt) == (DAY, 2 * DAY, receipt.timestamp)
    assert payments.withdrawDelay() == 2 * DAY


def test_set_withdraw_delay_reverts_out_of_bounds(payments, deployer):
    with ape.reverts(payments.ParameterOutOfBounds, value=3_599, minimum=3_600, maximum=30 * DAY):
        payments.setWithdrawDelay(3_599, sender=deployer)
    with ape.reverts(payments.ParameterOutOfBounds, value=30 * DAY + 1):
        payments.setWithdrawDelay(30 * DAY + 1, sender=deployer)


def test_set_withdraw_delay_reverts_when_not_admin(payments, stranger):
    with ape.reverts(payments.OwnableUnauthorizedAccount, account=stranger.address):
        payments.setWithdrawDelay(3_600, sender=stranger)


def test_admin_transfer_is_two_step(payments, deployer, stranger):
    payments.transferOwnership(stranger, sender=deployer)
    assert payments.owner() == deployer.address

    payments.acceptOwnership(sender=stranger)

    assert payments.owner() == stranger.address
