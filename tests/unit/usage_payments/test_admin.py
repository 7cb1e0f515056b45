"""UsagePayments wiring and admin parameters (Ownable2Step, bounded, evented)."""

from __future__ import annotations

import ape
from eth_utils import keccak

from tests.unit.usage_payments.conftest import ZERO_ADDRESS

VOUCHER_TYPE = "Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)"


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


def test_set_protocol_fee_bps_updates_and_emits_event(payments, deployer):
    receipt = payments.setProtocolFeeBps(1_000, sender=deployer)

    event = receipt.events.filter(payments.ProtocolFeeUpdated)[0]
    assert (event.oldFeeBps, event.newFeeBps) == (100, 1_000)
    assert payments.protocolFeeBps() == 1_000


def test_set_protocol_fee_bps_reverts_above_max(payments, deployer):
    with ape.reverts(payments.ParameterOutOfBounds, value=1_001, minimum=0, maximum=1_000):
        payments.setProtocolFeeBps(1_001, sender=deployer)


def test_set_protocol_fee_bps_reverts_when_not_admin(payments, stranger):
    with ape.reverts(payments.OwnableUnauthorizedAccount, account=stranger.address):
        payments.setProtocolFeeBps(10, sender=stranger)


def test_set_treasury_updates_and_emits_event(payments, deployer, treasury, stranger):
    receipt = payments.setTreasury(stranger, sender=deployer)

    event = receipt.events.filter(payments.TreasuryUpdated)[0]
    assert (event.oldTreasury, event.newTreasury) == (treasury.address, stranger.address)
    assert payments.treasury() == stranger.address


def test_set_treasury_reverts_when_zero(payments, deployer):
    with ape.reverts(payments.ZeroAddress):
        payments.setTreasury(ZERO_ADDRESS, sender=deployer)


def test_set_treasury_reverts_when_not_admin(payments, stranger):
    with ape.reverts(payments.OwnableUnauthorizedAccount, account=stranger.address):
        payments.setTreasury(stranger, sender=stranger)


def test_set_withdraw_delay_shorter_emits_event_and_is_scheduled(payments, deployer):
    receipt = payments.setWithdrawDelay(3_600, sender=deployer)

    event = receipt.events.filter(payments.WithdrawDelayUpdated)[0]
    # a shorter delay applies only from now + the old delay
    assert (event.oldDelay, event.newDelay, event.effectiveAt) == (86_400, 3_600, receipt.timestamp + 86_400)
    assert payments.withdrawDelay() == 86_400


def test_set_withdraw_delay_shorter_applies_after_the_old_delay(chain, payments, deployer):
    receipt = payments.setWithdrawDelay(3_600, sender=deployer)

    chain.mine(timestamp=receipt.timestamp + 86_400)

    assert payments.withdrawDelay() == 3_600


def test_set_withdraw_delay_longer_applies_at_once(payments, deployer):
    receipt = payments.setWithdrawDelay(2 * 86_400, sender=deployer)

    event = receipt.events.filter(payments.WithdrawDelayUpdated)[0]
    assert (event.oldDelay, event.newDelay, event.effectiveAt) == (86_400, 2 * 86_400, receipt.timestamp)
    assert payments.withdrawDelay() == 2 * 86_400


def test_set_withdraw_delay_reverts_out_of_bounds(payments, deployer):
    with ape.reverts(payments.ParameterOutOfBounds, value=3_599, minimum=3_600, maximum=30 * 86_400):
        payments.setWithdrawDelay(3_599, sender=deployer)
    with ape.reverts(payments.ParameterOutOfBounds, value=30 * 86_400 + 1):
        payments.setWithdrawDelay(30 * 86_400 + 1, sender=deployer)


def test_set_withdraw_delay_reverts_when_not_admin(payments, stranger):
    with ape.reverts(payments.OwnableUnauthorizedAccount, account=stranger.address):
        payments.setWithdrawDelay(3_600, sender=stranger)


def test_admin_transfer_is_two_step(payments, deployer, stranger):
    payments.transferOwnership(stranger, sender=deployer)
    assert payments.owner() == deployer.address

    payments.acceptOwnership(sender=stranger)

    assert payments.owner() == stranger.address
