"""Attack 8: non-standard tokens.

A fee-on-transfer token would let escrow/stake/bond books exceed the tokens actually held;
every pull measures the balance delta and reverts `FeeOnTransferUnsupported(expected, received)`.
A token that returns `false` instead of reverting would let a failed transfer pass as paid;
SafeERC20 turns it into `SafeERC20FailedOperation(token)` and the whole call reverts.
"""

from __future__ import annotations

from tests.attacks.conftest import MIN_SELF_STAKE
from tests.attacks.helpers import sign_voucher, MAX_UINT, TOKEN
from tests.conftest import listing

AMOUNT = 1_000 * TOKEN
AFTER_FEE = AMOUNT * 99 // 100


def _list(world, sender) -> int:
    return world.registry.list(listing(), sender=sender).events.filter(world.registry.AssetListed)[0].assetId


def test_fee_on_transfer_deposit_fails(fee_market, consumer, stranger, reverts_exactly):
    world = fee_market
    world.token.approve(world.payments, MAX_UINT, sender=consumer)
    with reverts_exactly(world.payments.FeeOnTransferUnsupported, expected=AMOUNT, received=AFTER_FEE):
        world.payments.deposit(AMOUNT, sender=consumer)
    with reverts_exactly(world.payments.FeeOnTransferUnsupported, expected=AMOUNT, received=AFTER_FEE):
        world.payments.depositFor(stranger, AMOUNT, sender=consumer)
    assert world.payments.freeBalanceOf(consumer) == 0
    assert world.token.balanceOf(world.payments) == 0


def test_fee_on_transfer_stake_fails(fee_market, owner, delegator, reverts_exactly):
    world = fee_market
    asset = _list(world, owner)
    for account in (owner, delegator):
        world.token.approve(world.staking, MAX_UINT, sender=account)
    with reverts_exactly(world.staking.FeeOnTransferUnsupported, expected=MIN_SELF_STAKE,
                         received=MIN_SELF_STAKE * 99 // 100):
        world.staking.stake(asset, MIN_SELF_STAKE, sender=owner)
    with reverts_exactly(world.staking.FeeOnTransferUnsupported, expected=AMOUNT, received=AFTER_FEE):
        world.staking.delegateStake(asset, AMOUNT, sender=delegator)
    with reverts_exactly(world.staking.FeeOnTransferUnsupported, expected=AMOUNT, received=AFTER_FEE):
        world.staking.depositFees(asset, AMOUNT, sender=delegator)
    assert world.staking.totalStake(asset) == 0
    assert world.token.balanceOf(world.staking) == 0


def test_fee_on_transfer_dispute_bond_fails(fee_market, owner, stranger, reverts_exactly):
    world = fee_market
    asset = _list(world, owner)
    bond = world.disputes.minBond()
    world.token.approve(world.disputes, MAX_UINT, sender=stranger)
    with reverts_exactly(world.disputes.FeeOnTransferUnsupported, expected=bond, received=bond * 99 // 100):
        world.disputes.openDispute(asset, bond, b"\x01" * 32, "ipfs://e", "0x" + "00" * 20, 0, sender=stranger)
    assert world.disputes.disputeCount() == 0


def test_false_returning_token_pull_fails(false_market, owner, consumer, stranger, reverts_exactly):
    world = false_market
    asset = _list(world, owner)
    # No allowance: the token returns false instead of reverting.
    with reverts_exactly(world.payments.SafeERC20FailedOperation, token=world.token):
        world.payments.deposit(AMOUNT, sender=consumer)
    with reverts_exactly(world.staking.SafeERC20FailedOperation, token=world.token):
        world.staking.stake(asset, MIN_SELF_STAKE, sender=owner)
    with reverts_exactly(world.staking.SafeERC20FailedOperation, token=world.token):
        world.staking.delegateStake(asset, AMOUNT, sender=consumer)
    with reverts_exactly(world.disputes.SafeERC20FailedOperation, token=world.token):
        world.disputes.openDispute(asset, world.disputes.minBond(), b"\x01" * 32, "ipfs://e", "0x" + "00" * 20, 0,
                                   sender=stranger)
    assert world.payments.freeBalanceOf(consumer) == 0
    assert world.staking.totalStake(asset) == 0
    assert world.disputes.disputeCount() == 0


def test_false_returning_token_payout_fails(false_market, deployer, consumer, chain, reverts_exactly):
    world = false_market
    world.token.approve(world.payments, AMOUNT, sender=consumer)
    world.payments.deposit(AMOUNT, sender=consumer)
    world.token.setFailAll(True, sender=deployer)

    with reverts_exactly(world.payments.SafeERC20FailedOperation, token=world.token):
        world.payments.withdraw(AMOUNT, sender=consumer)
    # Nothing was booked as paid: the free balance survives, and the exit works later.
    assert world.payments.freeBalanceOf(consumer) == AMOUNT

    world.token.setFailAll(False, sender=deployer)
    before = world.token.balanceOf(consumer)
    world.payments.withdraw(AMOUNT, sender=consumer)
    assert world.token.balanceOf(consumer) == before + AMOUNT


def test_false_returning_token_settlement_fails(false_market, deployer, owner, consumer, stranger, reverts_exactly):
    """A settlement whose token movement fails books nothing: the revenue stays pending."""
    world = false_market
    asset = _list(world, owner)
    world.token.approve(world.payments, AMOUNT, sender=consumer)
    world.payments.depositAndAllocate([asset], [AMOUNT], sender=consumer)
    world.payments.redeem(*sign_voucher(consumer, world.payments, consumer, asset, AMOUNT), sender=stranger)
    world.token.setFailAll(True, sender=deployer)

    # (raised by StakingPool's pull; the same error in UsagePayments' ABI)
    with reverts_exactly(world.payments.SafeERC20FailedOperation, token=world.token):
        world.payments.settle(asset, sender=stranger)
    assert world.payments.pendingRevenueOf(asset) == AMOUNT
    assert world.payments.protocolFeesAccrued() == 0

    world.token.setFailAll(False, sender=deployer)
    assert world.payments.settle(asset, sender=stranger).return_value == AMOUNT
