"""Reputation's constructor: the weight cap follows the token's decimals, up to 18."""

from __future__ import annotations

import pytest

from modelmarket import bindings


@pytest.fixture
def payments_on(deployer, treasury, registry, staking):
    """Factory: a UsagePayments on a fresh token with `decimals` decimals."""

    def _payments_on(decimals: int):
        token = bindings.container("MockDecimalsToken").deploy(decimals, sender=deployer)
        return bindings.container("UsagePayments").deploy(
            token, registry, staking, treasury, deployer, sender=deployer
        )

    return _payments_on


@pytest.mark.parametrize("decimals", [0, 6, 18])
def test_constructor_sets_weight_cap_from_token_decimals(payments_on, deployer, decimals):
    reputation = bindings.container("Reputation").deploy(payments_on(decimals), sender=deployer)

    assert reputation.WEIGHT_CAP() == 1_000 * 10**decimals


@pytest.mark.parametrize("decimals", [19, 24])
def test_constructor_reverts_when_token_has_more_than_18_decimals(
    payments_on, deployer, reverts_exactly, decimals
):
    payments = payments_on(decimals)
    reputation = bindings.container("Reputation")

    with reverts_exactly(reputation.UnsupportedDecimals, decimals=decimals, maximum=18):
        reputation.deploy(payments, sender=deployer)


def test_constructor_reverts_on_zero_payments(deployer, reverts_exactly):
    reputation = bindings.container("Reputation")

    with reverts_exactly(reputation.ZeroAddress):
        reputation.deploy("0x" + "00" * 20, sender=deployer)


def test_constructor_emits_rating_rules(payments_on, deployer, chain):
    reputation = bindings.container("Reputation").deploy(payments_on(6), sender=deployer)

    receipt = chain.get_receipt(reputation.txn_hash)
    assert receipt.events.filter(reputation.RatingRulesSet) == [
        reputation.RatingRulesSet(weightCap=1_000 * 10**6, ratingFeeBps=1_000, maxScore=100)
    ]
