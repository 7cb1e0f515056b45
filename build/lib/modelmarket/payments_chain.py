"""The provider ledger's view of the chain: ``UsagePayments`` and ``ModelRegistry`` read through Ape.

:class:`ContractPaymentsState` implements :class:`~modelmarket.payments_state.PaymentsState`.
Reads are cached for ``max_age`` seconds (a provider checking a thousand vouchers of one consumer
reads the lane once); the ledger clears the cache after each redemption it applies.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from modelmarket.eip712 import Domain
from modelmarket.payments_state import AssetStatus, LaneState, RedeemEvents, SessionKeyState
from modelmarket.revert_reasons import error_name

__all__ = ["ContractPaymentsState", "ERC1271_MAGIC", "payments_domain", "redeem_events_of"]

#: ``IERC1271.isValidSignature.selector``: what a contract returns for a signature it accepts.
ERC1271_MAGIC = bytes.fromhex("1626ba7e")

T = TypeVar("T")


def payments_domain(payments: Any) -> Domain:
    """The voucher domain ``payments`` reports (ERC-5267), never a hard-coded one."""
    return Domain.from_eip5267(payments.eip712Domain())


def redeem_events_of(payments: Any, receipt: Any) -> RedeemEvents:
    """The ``VoucherRedeemed`` / ``VoucherRejected`` / ``LaneShortfall`` events of ``receipt``."""
    return RedeemEvents(
        redeemed=tuple(
            (log.consumer, int(log.assetId), log.signer, int(log.cumulativeAmount), int(log.paid))
            for log in receipt.events.filter(payments.VoucherRedeemed)
        ),
        rejected=tuple(
            (int(log.index), log.consumer, int(log.assetId), error_name(bytes(log.reason)))
            for log in receipt.events.filter(payments.VoucherRejected)
        ),
        shortfalls=tuple(
            (log.consumer, int(log.assetId), int(log.shortfall))
            for log in receipt.events.filter(payments.LaneShortfall)
        ),
    )


class ContractPaymentsState:
    """Chain reads for the ledger, cached for ``max_age`` seconds (0: never cached)."""

    def __init__(self, payments: Any, registry: Any, *, max_age: float = 2.0) -> None:
        self.payments = payments
        self.registry = registry
        self.max_age = max_age
        self._cache: dict[tuple[Any, ...], tuple[float, Any]] = {}

    def now(self) -> int:
        from ape import chain

        return self._cached(("now",), lambda: int(chain.pending_timestamp))

    def lane(self, consumer: str, asset_id: int) -> LaneState:
        def read() -> LaneState:
            balance, redeemed, thaw_amount, thaw_ready_at = self.payments.laneOf(consumer, asset_id)
            return LaneState(int(balance), int(redeemed), int(thaw_amount), int(thaw_ready_at))

        return self._cached(("lane", consumer, asset_id), read)

    def asset_status(self, asset_id: int) -> AssetStatus:
        def read() -> AssetStatus:
            if not self.registry.exists(asset_id):
                return AssetStatus.UNKNOWN
            return AssetStatus(int(self.registry.ownerAndStatus(asset_id)[1]))

        return self._cached(("asset", asset_id), read)

    def session_key(self, consumer: str, key: str) -> SessionKeyState | None:
        def read() -> SessionKeyState | None:
            record = self.payments.sessionKeyOf(consumer, key)
            if int(record.spendCap) == 0:  # never authorised (an authorisation needs a cap > 0)
                return None
            return SessionKeyState(
                cap=int(record.spendCap),
                spent=int(record.spent),
                expiry=int(record.expiry),
                scoped=int(record.scopedAt) != 0,
                pending_cap=int(record.pendingCap),
                pending_cap_at=int(record.pendingCapAt),
            )

        return self._cached(("key", consumer, key), read)

    def key_may_pay(self, consumer: str, key: str, asset_id: int, now: int) -> bool:
        until = self._cached(("scope", consumer, key, asset_id),
                             lambda: int(self.payments.keyScopeOf(consumer, key, asset_id)))
        return now <= until

    def key_spent_on(self, consumer: str, key: str, asset_id: int) -> int:
        return self._cached(("key-spent", consumer, key, asset_id),
                            lambda: int(self.payments.keySpentOn(consumer, key, asset_id)))

    def has_code(self, address: str) -> bool:
        from ape import chain

        return self._cached(("code", address), lambda: len(chain.provider.get_code(address)) > 0)

    def erc1271_accepts(self, account: str, digest: bytes, signature: bytes) -> bool:
        """An ``eth_call`` of ``isValidSignature(digest, signature)``, judged as OpenZeppelin's
        ``SignatureChecker`` does: success and a first return word equal to the magic value."""
        from ape import chain
        from eth_abi import encode

        data = ERC1271_MAGIC + encode(["bytes32", "bytes"], [digest, signature])
        try:
            result = chain.provider.web3.eth.call({"to": account, "data": "0x" + data.hex()})
        except Exception:  # noqa: BLE001 - a revert or a failing account means "not accepted"
            return False
        return len(result) >= 32 and bytes(result[:32]) == ERC1271_MAGIC + bytes(28)

    def invalidate(self) -> None:
        self._cache.clear()

    def _cached(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        if self.max_age > 0:
            hit = self._cache.get(key)
            if hit is not None and time.monotonic() - hit[0] <= self.max_age:
                return hit[1]
        value = read()
        if self.max_age > 0:
            self._cache[key] = (time.monotonic(), value)
        return value
