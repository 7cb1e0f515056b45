"""Fixtures for ComputeJobs: a hospital's dataset, a staked compute provider, an approved algorithm."""

from __future__ import annotations

import pytest

from tests.conftest import listing
from tests.unit.compute_jobs.helpers import ALGO, MAX_UINT, MIN_SELF_STAKE, PRICE, RAW_ALGO, terms


@pytest.fixture
def compute(market):
    return market.require("ComputeJobs")


@pytest.fixture
def hospital(owner):
    """The dataset owner."""
    return owner


@pytest.fixture
def provider(other_owner):
    """The compute provider (owner of a staked service asset)."""
    return other_owner


@pytest.fixture
def algo_owner(delegator2):
    return delegator2


def _listed(registry, sender, **overrides) -> int:
    receipt = registry.list(listing(**overrides), sender=sender)
    return receipt.events.filter(registry.AssetListed)[0].assetId


@pytest.fixture
def dataset(registry, hospital) -> int:
    return _listed(registry, hospital, kind=1, contentHash=b"\xda" * 32)


@pytest.fixture
def provider_asset(registry, staking, token, provider) -> int:
    asset_id = _listed(registry, provider, contentHash=b"\xcc" * 32)
    token.approve(staking, MAX_UINT, sender=provider)
    staking.stake(asset_id, MIN_SELF_STAKE, sender=provider)
    return asset_id


@pytest.fixture
def algo_asset(registry, algo_owner) -> int:
    return _listed(registry, algo_owner, contentHash=ALGO)


@pytest.fixture
def approved(compute, dataset, provider_asset, hospital, token, consumer) -> int:
    """RAW_ALGO approved for `dataset` at PRICE, run by `provider_asset`; the consumer approved the token."""
    compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset), sender=hospital)
    token.approve(compute, MAX_UINT, sender=consumer)
    return dataset


@pytest.fixture
def ordered(compute, approved, consumer, chain) -> int:
    """Job 1, ordered by `consumer`."""
    from tests.unit.compute_jobs.helpers import order

    compute.orderJob(order(approved, chain), sender=consumer)
    return 1


@pytest.fixture
def accepted(compute, ordered, provider) -> int:
    compute.acceptJob(ordered, sender=provider)
    return ordered


@pytest.fixture
def posted(compute, accepted, provider, chain) -> int:
    from tests.unit.compute_jobs.helpers import post

    post(compute, chain, provider, accepted)
    return accepted


@pytest.fixture
def disputed(compute, posted, consumer) -> int:
    compute.disputeResult(posted, b"\xee" * 32, sender=consumer)
    return posted


__all__ = ["ALGO", "PRICE"]
