"""Deferred credits are bounded by StakingPool.MAX_UNFUNDED_FEES (uint96). A payment whose pool part
would take the credits past it is paid to StakingPool in tokens (`depositFees`) instead, so even a
huge-supply token never blocks a voucher. Needs its own deployment with a supply above 2**96."""

from __future__ import annotations

import pytest

from modelmarket.deploy import deploy_marketplace
from tests.unit.usage_payments.conftest import sign_voucher

SUPPLY = 10**30  # > 2**96 ≈ 7.9e28


@pytest.fixture
def big(deployer, treasury, owner, consumer):
    market = deploy_marketplace(deployer, treasury=treasury.address, supply=SUPPLY, save=False)
    market.token.transfer(consumer, SUPPLY // 2, sender=deployer)
    market.token.approve(market.payments, SUPPLY // 2, sender=consumer)
    market.payments.deposit(SUPPLY // 2, sender=consumer)
    asset = market.registry.list(
        {
            "kind": 0, "contentHash": b"\x11" * 32, "metadataURI": "ipfs://big", "licenseId": b"\0" * 32,
            "complianceFlags": 0, "pricePerCall": 1, "operator": "0x" + "00" * 20, "parents": [],
        },
        sender=owner,
    ).events.filter(market.registry.AssetListed)[0].assetId
    return market, asset


def test_redeem_pays_pool_in_tokens_when_credit_would_exceed_max(chain, big, owner, consumer):
    market, asset = big
    payments, staking, token = market.payments, market.staking, market.token
    maximum = staking.MAX_UNFUNDED_FEES()
    assert maximum == 2**96 - 1
    deadline = chain.pending_timestamp + 3_600
    payments.redeem(*sign_voucher(consumer, payments, consumer, asset, 10**28, deadline), sender=owner)
    credited = payments.stakingFeesOwed()
    assert credited == staking.unfundedFees() == 10**28 - 10**26  # 1 % protocol fee
    staking_before = token.balanceOf(staking)

    amount = 10**29 - 10**28  # its pool part alone exceeds the maximum
    receipt = payments.redeem(*sign_voucher(consumer, payments, consumer, asset, 10**29, deadline), sender=owner)

    to_staking = amount - amount // 100
    assert not receipt.events.filter(staking.FeesCredited)
    deposited = receipt.events.filter(staking.FeesDeposited)
    assert [(e.assetId, e.payer, e.amount) for e in deposited] == [(asset, payments.address, to_staking)]
    assert token.balanceOf(staking) == staking_before + to_staking
    assert payments.stakingFeesOwed() == staking.unfundedFees() == credited  # earlier credits untouched
    escrow = payments.escrowOf(consumer).balance
    assert token.balanceOf(payments) == escrow + payments.protocolFeesAccrued() + credited
