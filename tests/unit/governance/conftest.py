"""A governed marketplace, deployed once per module."""

from __future__ import annotations

import pytest

from tests.unit.governance.helpers import deploy_governed


@pytest.fixture(scope="module")
def world(market, deployer, treasury, arbiter, owner, other_owner):
    """`owner` votes (10 % of the supply, self-delegated); `other_owner` is the guardian."""
    return deploy_governed(deployer, treasury, arbiter, voter=owner, guardian=other_owner)
