"""The session marketplace's ComplianceRegistry (owned by the deployer: no governance here)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def compliance(market):
    return market.require("ComplianceRegistry")
