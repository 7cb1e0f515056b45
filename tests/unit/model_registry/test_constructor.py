"""ModelRegistry's constructor announces its listing limits."""

from __future__ import annotations

from modelmarket import bindings


def test_constructor_emits_listing_limits(deployer, chain):
    registry = bindings.container("ModelRegistry").deploy(sender=deployer)

    receipt = chain.get_receipt(registry.txn_hash)
    assert receipt.events.filter(registry.ListingLimitsSet) == [
        registry.ListingLimitsSet(maxParents=8, maxTotalRoyaltyBps=3_000)
    ]
