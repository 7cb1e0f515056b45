"""Contract bindings built from the compiled manifest shipped as package data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ape.contracts import ContractContainer, ContractInstance
    from ethpm_types import ContractType

MANIFEST_PATH = Path(__file__).parent / "data" / "manifest.json"
#: The project's other compiled contracts (test mocks), written beside Ape's build output by
#: `make compile`; present only in a checkout, never shipped in the package.
DEV_MANIFEST_PATH = Path(__file__).resolve().parents[1] / ".build" / "dev-contracts.json"

#: Deployables in deployment order; a later one may take an earlier one's address.
CONTRACT_NAMES: tuple[str, ...] = (
    "MarketToken",
    "ModelRegistry",
    "StakingPool",
    "UsagePayments",
    "Reputation",
    "Disputes",
    "Payouts",
)


class ManifestMissing(RuntimeError):
    """The package was installed without its compiled manifest."""


@cache
def contract_types() -> dict[str, ContractType]:
    """All compiled contract types, by contract name."""
    from ethpm_types import ContractType

    if not MANIFEST_PATH.exists():
        raise ManifestMissing(f"compiled manifest not found at {MANIFEST_PATH}; run `make compile`")
    raw = json.loads(MANIFEST_PATH.read_text())["contractTypes"]
    return {name: ContractType.model_validate(data) for name, data in raw.items()}


@cache
def dev_contract_types() -> dict[str, ContractType]:
    """The checkout's non-deployable contracts (mocks), empty in an installed package."""
    from ethpm_types import ContractType

    if not DEV_MANIFEST_PATH.exists():
        return {}
    raw = json.loads(DEV_MANIFEST_PATH.read_text())["contractTypes"]
    return {name: ContractType.model_validate(data) for name, data in raw.items()}


def available() -> list[str]:
    """The deployable contracts this build contains, in deployment order."""
    types = contract_types()
    return [name for name in CONTRACT_NAMES if name in types]


def container(name: str) -> ContractContainer:
    """A deployable container for contract `name` (a checkout's mocks too, for tests)."""
    from ape.contracts import ContractContainer

    types = contract_types()
    contract_type = types.get(name) or dev_contract_types().get(name)
    if contract_type is None:
        raise KeyError(f"contract {name!r} is not in the compiled manifest")
    return ContractContainer(contract_type)


def at(name: str, address: str) -> ContractInstance:
    """Contract `name` at `address`, typed from the manifest (no explorer lookup).

    The manifest's type replaces whatever Ape cached for the address: on a custom or local
    network addresses repeat across deployments, and Ape keeps contract types on disk, so a cached
    type from an older build would otherwise be merged in (stale methods, events and errors).
    """
    from ape import chain
    from ape.contracts import ContractInstance

    contract_type = contract_types()[name]
    chain.contracts.cache_contract_type(address, contract_type)
    return ContractInstance(address, contract_type)
