"""What the provider ledger reads from chain, as a small protocol with plain value types.

:class:`PaymentsState` is the only way :mod:`modelmarket.ledger` sees the chain: unit tests give it
a fake, providers give it :class:`modelmarket.payments_chain.ContractPaymentsState`, which reads
``UsagePayments`` and ``ModelRegistry``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

__all__ = ["AssetStatus", "LaneState", "PaymentsState", "RedeemEvents", "SessionKeyState"]


class AssetStatus(IntEnum):
    """A registry asset's status as ``UsagePayments`` sees it (``UNKNOWN``: never listed)."""

    ACTIVE = 0
    PAUSED = 1
    RETIRED = 2
    UNKNOWN = 255


@dataclass(frozen=True, slots=True)
class LaneState:
    """``laneOf(consumer, assetId)``: the escrow lane that pays one asset."""

    balance: int = 0
    redeemed: int = 0
    thaw_amount: int = 0
    thaw_ready_at: int = 0

    @property
    def coverage(self) -> int:
        """What the provider's guarantee covers: balance minus what is thawing (≥ 0)."""
        return max(0, self.balance - self.thaw_amount)


@dataclass(frozen=True, slots=True)
class SessionKeyState:
    """``sessionKeyOf(consumer, key)`` of a key the consumer authorised at some point.

    ``cap`` is in force until ``pending_cap_at`` (0: nothing pending), then ``pending_cap``; it bounds
    what the key makes the consumer pay *each* asset (:meth:`PaymentsState.key_spent_on`). ``spent``
    is the key's informational total over all assets.
    ``expiry`` is the effective expiry: a revocation sets it to ``min(expiry, revokedAt + delay)``.
    """

    cap: int
    spent: int
    expiry: int
    scoped: bool = False
    pending_cap: int = 0
    pending_cap_at: int = 0

    def cap_at(self, now: int) -> int:
        """The spend cap the contract applies at ``now``."""
        if self.pending_cap_at and now >= self.pending_cap_at:
            return self.pending_cap
        return self.cap


@dataclass(frozen=True, slots=True)
class RedeemEvents:
    """The payment events of one redeem transaction, decoded.

    ``redeemed``: ``(consumer, assetId, signer, cumulativeAmount, paid)``;
    ``rejected``: ``(index, consumer, assetId, reason error name)``;
    ``shortfalls``: ``(consumer, assetId, shortfall)``.
    """

    redeemed: tuple[tuple[str, int, str, int, int], ...] = ()
    rejected: tuple[tuple[int, str, int, str], ...] = ()
    shortfalls: tuple[tuple[str, int, int], ...] = ()


class PaymentsState(Protocol):
    """Chain reads the ledger needs, at the state the next block will see."""

    def now(self) -> int:
        """The timestamp the next block will carry (what deadlines are compared with)."""

    def lane(self, consumer: str, asset_id: int) -> LaneState:
        """The consumer's lane for the asset (zeros if never funded)."""

    def asset_status(self, asset_id: int) -> AssetStatus:
        """The asset's registry status, ``UNKNOWN`` if it was never listed."""

    def session_key(self, consumer: str, key: str) -> SessionKeyState | None:
        """The key's record, or ``None`` if ``consumer`` never authorised ``key``."""

    def key_may_pay(self, consumer: str, key: str, asset_id: int, now: int) -> bool:
        """Whether a *scoped* key may pay ``asset_id`` at ``now`` (its scope, removals delayed)."""

    def key_spent_on(self, consumer: str, key: str, asset_id: int) -> int:
        """``keySpentOn``: what vouchers signed by ``key`` paid ``asset_id`` (the key's cap bounds it)."""

    def has_code(self, address: str) -> bool:
        """Whether ``address`` is a contract (a smart-account consumer signs through ERC-1271)."""

    def erc1271_accepts(self, account: str, digest: bytes, signature: bytes) -> bool:
        """Whether ``account.isValidSignature(digest, signature)`` returns the ERC-1271 magic value."""

    def invalidate(self) -> None:
        """Forget anything cached (called after the ledger's own redemptions)."""
