from __future__ import annotations

from modelmarket import bindings
from modelmarket.deploy import DEFAULT_SUPPLY
from tests.conftest import TOKEN
from tests.unit.market_token.helpers import delegate


def test_total_supply_has_no_mint_or_burn_entry_point():
    names = [item.name.lower() for item in bindings.contract_types()["MarketToken"].abi if item.type == "function"]

    assert "transfer" in names  # the ABI is really the token's
    assert [name for name in names if "mint" in name or "burn" in name] == []


def test_total_supply_unchanged_by_transfers_and_delegation(token, owner, consumer):
    delegate(token, owner, sender=owner)
    token.approve(consumer, 10 * TOKEN, sender=owner)
    token.transferFrom(owner, consumer, 10 * TOKEN, sender=consumer)
    token.transfer(owner, 3 * TOKEN, sender=consumer)

    assert token.totalSupply() == DEFAULT_SUPPLY
