"""Fixtures for the ModelRegistry unit tests: a listed asset and a retired one."""

from __future__ import annotations

import pytest

from tests.unit.model_registry.helpers import Status


@pytest.fixture
def asset_id(list_asset) -> int:
    """An active model listed by `owner`."""
    return list_asset()


@pytest.fixture
def retired_asset_id(registry, owner, asset_id) -> int:
    """`asset_id` after its owner retired it."""
    registry.setStatus(asset_id, Status.RETIRED, sender=owner)
    return asset_id
