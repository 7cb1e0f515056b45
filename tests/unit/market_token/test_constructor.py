from __future__ import annotations

import pytest

from modelmarket import bindings
from modelmarket.deploy import DEFAULT_SUPPLY
from tests.unit.market_token.helpers import ZERO_ADDRESS

SUPPLY = 21_000_000 * 10**18
#: ERC20Votes keeps checkpoints in uint208.
MAX_SUPPLY = 2**208 - 1


@pytest.fixture
def market_token():
    return bindings.container("MarketToken")


def test_constructor_mints_supply_to_recipient(market_token, deployer, treasury, chain):
    fresh = market_token.deploy(treasury, SUPPLY, sender=deployer)

    receipt = chain.get_receipt(fresh.txn_hash)
    assert receipt.events.filter(fresh.Transfer) == [
        fresh.Transfer(**{"from": ZERO_ADDRESS, "to": treasury, "value": SUPPLY})
    ]
    assert receipt.events.filter(fresh.SupplyMinted) == [fresh.SupplyMinted(recipient=treasury, amount=SUPPLY)]
    assert fresh.totalSupply() == SUPPLY
    assert fresh.balanceOf(treasury) == SUPPLY
    assert fresh.balanceOf(deployer) == 0


def test_constructor_accepts_largest_votable_supply(market_token, deployer, treasury):
    fresh = market_token.deploy(treasury, MAX_SUPPLY, sender=deployer)

    assert fresh.totalSupply() == MAX_SUPPLY


def test_constructor_sets_metadata(market_token, deployer, treasury):
    fresh = market_token.deploy(treasury, SUPPLY, sender=deployer)

    assert (fresh.name(), fresh.symbol(), fresh.decimals()) == ("Model Market", "MMKT", 18)


def test_constructor_leaves_votes_undelegated(market_token, deployer, treasury):
    fresh = market_token.deploy(treasury, SUPPLY, sender=deployer)

    assert fresh.getVotes(treasury) == 0
    assert fresh.delegates(treasury) == ZERO_ADDRESS


def test_constructor_fixture_token_holds_default_supply(token, deployer, accounts):
    # The marketplace fixture minted DEFAULT_SUPPLY to the deployer and handed out 1M to seven accounts.
    handed_out = sum(token.balanceOf(account) for account in accounts[3:10])

    assert token.totalSupply() == DEFAULT_SUPPLY
    assert token.balanceOf(deployer) + handed_out == DEFAULT_SUPPLY


@pytest.mark.parametrize(("recipient", "supply"), [(ZERO_ADDRESS, SUPPLY), ("treasury", 0), (ZERO_ADDRESS, 0)])
def test_constructor_reverts_when_initial_mint_invalid(
    market_token, token, deployer, treasury, recipient, supply, reverts_exactly
):
    recipient = treasury.address if recipient == "treasury" else recipient
    with reverts_exactly(token.InvalidInitialMint, recipient=recipient, amount=supply):
        market_token.deploy(recipient, supply, sender=deployer)


def test_constructor_reverts_when_supply_exceeds_votes_cap(market_token, token, deployer, treasury, reverts_exactly):
    with reverts_exactly(token.ERC20ExceededSafeSupply, increasedSupply=MAX_SUPPLY + 1, cap=MAX_SUPPLY):
        market_token.deploy(treasury, MAX_SUPPLY + 1, sender=deployer)
