"""Fixtures for the attack tests: a serving asset, a funded consumer, and second marketplaces
deployed on hostile / fee-on-transfer / false-returning tokens."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from modelmarket.deploy import deploy_marketplace
from tests.attacks.helpers import MAX_UINT, TOKEN
from tests.conftest import listing

#: StakingPool's default minimum self-stake for serving.
MIN_SELF_STAKE = 1_000 * TOKEN
#: Lane of the `funded` consumer for `asset`.
DEPOSIT = 1_000 * TOKEN
SUPPLY = 10**9 * TOKEN


@pytest.fixture(scope="session")
def roles(market, token, registry, staking, payments, reputation, disputes, owner, other_owner, delegator, delegator2, consumer, consumer2, stranger, reverts_exactly):
    """Session fixtures the module-scoped worlds below depend on, so that Ape snapshots them first
    (requesting a session fixture after a module one makes Ape rebase its isolation)."""
    return market


@pytest.fixture
def asset(list_asset, staking, token, owner) -> int:
    """A model listed by `owner` with the minimum self-stake (serving)."""
    asset_id = list_asset()
    token.approve(staking, MAX_UINT, sender=owner)
    staking.stake(asset_id, MIN_SELF_STAKE, sender=owner)
    return asset_id


@pytest.fixture
def funded(payments, token, consumer, asset) -> int:
    """`consumer` has `DEPOSIT` in its lane for `asset`."""
    token.approve(payments, DEPOSIT, sender=consumer)
    payments.deposit(DEPOSIT, sender=consumer)
    payments.allocate(asset, DEPOSIT, sender=consumer)
    return DEPOSIT


def _second_market(compiled, contract_name, deployer, treasury, arbiter, accounts):
    token = getattr(compiled, contract_name).deploy(deployer, SUPPLY, sender=deployer)
    market = deploy_marketplace(
        deployer, token=token.address, treasury=treasury.address, arbiter=arbiter.address, save=False
    )
    for account in accounts[3:10]:
        token.transfer(account, 1_000_000 * TOKEN, sender=deployer)
    return SimpleNamespace(
        token=token,
        registry=market.registry,
        staking=market.staking,
        payments=market.payments,
        reputation=market.reputation,
        disputes=market.disputes,
    )


@pytest.fixture(scope="module")
def hostile(roles, compiled, deployer, treasury, arbiter, owner, accounts):
    """A marketplace on `HostileToken`, whose every transfer calls the armed `HostileReentrant`
    `attacker` (1,000,000 tokens). `asset` is listed and self-staked by `owner`."""
    world = _second_market(compiled, "HostileToken", deployer, treasury, arbiter, accounts)
    world.attacker = compiled.HostileReentrant.deploy(sender=deployer)
    world.token.transfer(world.attacker, 1_000_000 * TOKEN, sender=deployer)
    receipt = world.registry.list(listing(), sender=owner)
    world.asset = receipt.events.filter(world.registry.AssetListed)[0].assetId
    world.token.approve(world.staking, MAX_UINT, sender=owner)
    world.staking.stake(world.asset, MIN_SELF_STAKE, sender=owner)
    world.token.setHook(world.attacker, sender=deployer)
    return world


@pytest.fixture(scope="module")
def fee_market(roles, compiled, deployer, treasury, arbiter, accounts):
    """A marketplace on `MockFeeToken` (1 % burnt on every transfer)."""
    return _second_market(compiled, "MockFeeToken", deployer, treasury, arbiter, accounts)


@pytest.fixture(scope="module")
def false_market(roles, compiled, deployer, treasury, arbiter, accounts):
    """A marketplace on `MockFalseToken` (returns false instead of reverting)."""
    return _second_market(compiled, "MockFalseToken", deployer, treasury, arbiter, accounts)


@pytest.fixture(scope="module")
def twin(roles, token, deployer, treasury, arbiter, owner):
    """A second, independent marketplace on the SAME token (other UsagePayments/Disputes
    addresses), with one asset listed by `owner` — the same id as the main market's first asset."""
    market = deploy_marketplace(
        deployer, token=token.address, treasury=treasury.address, arbiter=arbiter.address, save=False
    )
    world = SimpleNamespace(**{name: getattr(market, name) for name in (
        "registry", "staking", "payments", "reputation", "disputes")})
    world.asset = world.registry.list(listing(), sender=owner).events.filter(world.registry.AssetListed)[0].assetId
    return world


def selector(error) -> bytes:
    """The 4-byte selector of an Ape error class (as carried by `VoucherRejected.reason`)."""
    from eth_utils import keccak

    return keccak(text=error.abi.selector)[:4]
