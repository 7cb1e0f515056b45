"""An in-memory `PaymentsState` for ledger unit tests (no chain)."""

from __future__ import annotations

from dataclasses import dataclass, field

from modelmarket.payments_state import AssetStatus, LaneState, SessionKeyState


@dataclass
class FakePaymentsState:
    clock: int = 1_000_000
    lanes: dict[tuple[str, int], LaneState] = field(default_factory=dict)
    assets: dict[int, AssetStatus] = field(default_factory=dict)
    keys: dict[tuple[str, str], SessionKeyState] = field(default_factory=dict)
    #: (consumer, key, asset) -> last timestamp the scoped key may pay the asset
    scopes: dict[tuple[str, str, int], int] = field(default_factory=dict)
    #: (consumer, key, asset) -> what the key's vouchers paid the asset (``keySpentOn``)
    key_spent: dict[tuple[str, str, int], int] = field(default_factory=dict)
    #: contract consumers: address -> set of (digest, signature) they accept
    contracts: dict[str, set[tuple[bytes, bytes]]] = field(default_factory=dict)
    invalidations: int = 0

    def now(self) -> int:
        return self.clock

    def lane(self, consumer: str, asset_id: int) -> LaneState:
        return self.lanes.get((consumer, asset_id), LaneState())

    def asset_status(self, asset_id: int) -> AssetStatus:
        return self.assets.get(asset_id, AssetStatus.UNKNOWN)

    def session_key(self, consumer: str, key: str) -> SessionKeyState | None:
        return self.keys.get((consumer, key))

    def key_may_pay(self, consumer: str, key: str, asset_id: int, now: int) -> bool:
        return now <= self.scopes.get((consumer, key, asset_id), -1)

    def key_spent_on(self, consumer: str, key: str, asset_id: int) -> int:
        return self.key_spent.get((consumer, key, asset_id), 0)

    def has_code(self, address: str) -> bool:
        return address in self.contracts

    def erc1271_accepts(self, account: str, digest: bytes, signature: bytes) -> bool:
        return (digest, signature) in self.contracts.get(account, set())

    def invalidate(self) -> None:
        self.invalidations += 1
