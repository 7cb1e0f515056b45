"""Batch settlement: redeem the book's open vouchers on a size or age threshold, or at once when
a consumer starts to leave (a lane thaw, a key revocation, a lowered cap, a narrowed scope).

Exactly once follows from two facts: the book holds every answered voucher before its answer
left (:mod:`modelmarket.gateway.store`), and the contract pays a cumulative voucher only above
what the pair already redeemed. So after a ``kill -9`` anywhere, a restarted settler simply
redeems every open pair again: a voucher whose redemption was mined before the crash comes back
``VoucherStale`` and pays nothing, the others pay once. The book records the chain's ``redeemed``
after each batch; a pair leaves the open set when the chain has redeemed its latest voucher.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from modelmarket.gateway.faults import crash_point
from modelmarket.gateway.store import OpenLane, VoucherStore
from modelmarket.ledger import PERMANENT_REJECTIONS, ProviderLedger
from modelmarket.payments_state import RedeemEvents
from modelmarket.vouchers import SignedVoucher

__all__ = ["SettleReport", "Settler"]

#: Sends ``redeemBatch`` for the vouchers and returns its decoded events.
Redeem = Callable[[list[SignedVoucher]], RedeemEvents]
#: ``redeemed(consumer, assetId)`` read from the chain now.
RedeemedOf = Callable[[str, int], int]


@dataclass
class SettleReport:
    """What one settlement did."""

    reason: str
    transactions: int = 0
    redeemed: int = 0
    paid: int = 0
    rejected: list[tuple[str, int, str]] = field(default_factory=list)
    abandoned: list[tuple[str, int, str]] = field(default_factory=list)


class Settler:
    """Redeems the book's open vouchers (see the module docstring)."""

    def __init__(self, ledger: ProviderLedger, store: VoucherStore, redeem: Redeem, redeemed_of: RedeemedOf,
                 lock: threading.RLock, *, batch_size: int = 50, max_age: float = 30.0) -> None:
        if batch_size < 1 or max_age <= 0:
            raise ValueError("batch_size must be ≥ 1 and max_age > 0")
        self.ledger, self.store = ledger, store
        self.redeem, self.redeemed_of, self.lock = redeem, redeemed_of, lock
        self.batch_size, self.max_age = batch_size, max_age
        self.history: list[SettleReport] = []

    def due(self, lanes: list[OpenLane] | None = None) -> str | None:
        """Why a settlement is due now (``"size"`` / ``"age"``), or ``None``."""
        lanes = self.store.open_lanes() if lanes is None else lanes
        if len(lanes) >= self.batch_size:
            return "size"
        if lanes and time.time() - lanes[0].opened_at >= self.max_age:
            return "age"
        return None

    def settle(self, reason: str = "manual", consumers: Iterable[str] | None = None) -> SettleReport:
        """Redeem every open pair (only ``consumers``' pairs when given), ``batch_size`` at a time."""
        report = SettleReport(reason)
        only = {c.lower() for c in consumers} if consumers is not None else None
        lanes = [lane for lane in self.store.open_lanes()
                 if only is None or lane.latest.signed.voucher.consumer.lower() in only]
        todo: list[OpenLane] = []
        for lane in lanes:  # pairs the chain already redeemed (a crash after the redemption) just close
            voucher = lane.latest.signed.voucher
            redeemed = self.redeemed_of(voucher.consumer, voucher.asset_id)
            if redeemed >= voucher.cumulative_amount:
                self.store.mark_settled(voucher.consumer, voucher.asset_id, redeemed)
            else:
                todo.append(lane)
        todo.sort(key=lambda lane: (lane.latest.signed.voucher.asset_id, lane.latest.signed.voucher.consumer.lower()))
        for start in range(0, len(todo), self.batch_size):  # bounded by the open pairs
            self._redeem_batch(todo[start:start + self.batch_size], report)
        if report.transactions:
            self.history.append(report)
        return report

    def _redeem_batch(self, lanes: list[OpenLane], report: SettleReport) -> None:
        batch = [lane.latest.signed for lane in lanes]
        # Admissions go on while the transaction is mined: until the ledger applies its events it
        # sees the lane as before, when owed and coverage were both higher by the same amount.
        events = self.redeem(batch)
        crash_point("after-redeem")
        with self.lock:
            self.ledger.apply(events)
        report.transactions += 1
        report.redeemed += len(events.redeemed)
        report.paid += sum(event[4] for event in events.redeemed)
        shortfalls = {(consumer.lower(), asset): short for consumer, asset, short in events.shortfalls}
        paid_up_to = {(consumer.lower(), asset): cumulative - shortfalls.get((consumer.lower(), asset), 0)
                      for consumer, asset, _signer, cumulative, _paid in events.redeemed}
        reasons = {(consumer.lower(), asset): why for _i, consumer, asset, why in events.rejected}
        for signed in batch:
            voucher = signed.voucher
            pair = (voucher.consumer.lower(), voucher.asset_id)
            redeemed = paid_up_to.get(pair)
            if redeemed is None:  # rejected: ask the chain what the pair has redeemed
                redeemed = self.redeemed_of(voucher.consumer, voucher.asset_id)
            self.store.mark_settled(voucher.consumer, voucher.asset_id, redeemed)
            why = reasons.get(pair)
            if why is None:
                continue
            report.rejected.append((voucher.consumer, voucher.asset_id, why))
            if why in PERMANENT_REJECTIONS and redeemed < voucher.cumulative_amount:
                # Expired or revoked before it could be redeemed: nothing will ever pay it.
                self.store.abandon(voucher.consumer, voucher.asset_id)
                report.abandoned.append((voucher.consumer, voucher.asset_id, why))
