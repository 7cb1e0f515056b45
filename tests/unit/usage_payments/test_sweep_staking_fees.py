"""UsagePayments.sweepStakingFees: deferred StakingPool credits are paid in tokens, by anyone."""

from __future__ import annotations

from tests.conftest import TOKEN


def test_sweep_staking_fees_pays_pool_and_emits_event(payments, token, staking, stranger, owner, sign, asset, funded):
    payments.redeem(*sign(10 * TOKEN), sender=owner)
    owed = payments.stakingFeesOwed()
    payments_before, staking_before = token.balanceOf(payments), token.balanceOf(staking)

    receipt = payments.sweepStakingFees(sender=stranger)

    assert owed == 10 * TOKEN - payments.protocolFeesAccrued()
    assert receipt.return_value == owed
    assert receipt.events.filter(payments.StakingFeesSwept) == [payments.StakingFeesSwept(amount=owed)]
    assert receipt.events.filter(staking.FeesFunded) == [staking.FeesFunded(collector=payments, amount=owed)]
    assert token.balanceOf(staking) == staking_before + owed
    assert token.balanceOf(payments) == payments_before - owed
    assert payments.stakingFeesOwed() == staking.unfundedFees() == 0


def test_sweep_staking_fees_reverts_when_nothing_owed(payments, stranger, reverts_exactly):
    with reverts_exactly(payments.NothingToClaim):
        payments.sweepStakingFees(sender=stranger)


def test_sweep_staking_fees_then_claim_pays_owner_in_full(payments, token, staking, owner, sign, asset, funded):
    paid = 10 * TOKEN
    payments.redeem(*sign(paid), sender=owner)
    payments.sweepStakingFees(sender=owner)  # a direct sweep keeps the pool's counter in step
    owed_to_owner = staking.getPool(asset).ownerRewards
    balance = token.balanceOf(owner)

    receipt = staking.claimRewards(asset, sender=owner)

    assert not receipt.events.filter(payments.StakingFeesSwept)  # nothing left to sweep
    assert token.balanceOf(owner) - balance == owed_to_owner == paid - payments.protocolFeesAccrued()


def test_credits_accumulate_until_swept(payments, staking, consumer, consumer2, owner, sign, asset, fund):
    fund(consumer)
    fund(consumer2)
    payments.redeem(*sign(TOKEN), sender=owner)
    payments.redeem(*sign(3 * TOKEN, consumer=consumer2), sender=owner)
    payments.redeem(*sign(2 * TOKEN), sender=owner)

    fees = payments.protocolFeesAccrued()
    assert payments.stakingFeesOwed() == staking.unfundedFees() == 5 * TOKEN - fees
    assert staking.getPool(asset).ownerRewards == 5 * TOKEN - fees
