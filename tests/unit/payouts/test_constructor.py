"""Payouts' constructor announces its batch bound."""

from __future__ import annotations

from modelmarket import bindings


def test_constructor_emits_payout_limits(deployer, payments, staking, disputes, chain):
    payouts = bindings.container("Payouts").deploy(payments, staking, disputes, sender=deployer)

    receipt = chain.get_receipt(payouts.txn_hash)
    assert receipt.events.filter(payouts.PayoutLimitsSet) == [payouts.PayoutLimitsSet(maxAssets=64)]
