"""Hand-built snapshots for the dashboard's unit tests (no chain)."""

from __future__ import annotations

from typing import Any

from modelmarket.addresses import to_checksum_address
from modelmarket.catalog import AssetView
from modelmarket.dashboard.events import ChainEvent
from modelmarket.labels import label_bytes32

OWNER = to_checksum_address("0x" + "aa" * 20)
OTHER = to_checksum_address("0x" + "bb" * 20)
ALICE = to_checksum_address("0x" + "a1" * 20)
BOB = to_checksum_address("0x" + "b0" * 20)
TOKEN = 10**18


def asset(asset_id: int, *, kind: str = "model", owner: str = OWNER, license: str = "MIT", flags: int = 0,
          status: str = "active", versions: int = 1) -> AssetView:
    return AssetView(
        asset_id=asset_id, kind=kind, owner=owner, content_hash=bytes([asset_id]) * 32,
        metadata_uri=f"ipfs://card-{asset_id}", license_id=label_bytes32(license), compliance_flags=flags,
        price_per_call=TOKEN // 100, status=status, versions=versions,
    )


class Events:
    """Builds events in chain order: each `add` lands in the next block, one second later."""

    def __init__(self) -> None:
        self.events: list[ChainEvent] = []

    def add(self, name: str, **args: Any) -> Events:
        block = len(self.events) + 1
        self.events.append(ChainEvent(name, block, 0, 1_700_000_000 + block, args))
        return self
