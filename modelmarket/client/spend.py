"""The client's own spend ledger: every voucher it signed, per gateway asset, in SQLite.

A voucher is written *before* it is sent (``pending``) with the exact request body, so a client
that lost the answer (a dropped connection, a gateway crash, its own crash) resends the very same
voucher and body: the gateway answers again without charging twice, and the client never signs a
second voucher for one request. ``answered`` vouchers carry their verified receipt.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass

from modelmarket.vouchers import SignedVoucher

__all__ = ["Pending", "SpendLedger"]


@dataclass(frozen=True, slots=True)
class Pending:
    """A voucher sent (or about to be) whose answer the client has not verified yet."""

    signed: SignedVoucher
    price: int
    body: bytes


class SpendLedger:
    """``path``: a SQLite file (``":memory:"`` keeps it for this process only)."""

    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute(
            """CREATE TABLE IF NOT EXISTS spends (
                contract TEXT NOT NULL, consumer TEXT NOT NULL, asset_id TEXT NOT NULL,
                cumulative TEXT NOT NULL, price TEXT NOT NULL, voucher TEXT NOT NULL, body BLOB NOT NULL,
                state TEXT NOT NULL, receipt TEXT, at REAL NOT NULL,
                PRIMARY KEY (contract, consumer, asset_id, cumulative))"""
        )

    def last_cumulative(self, contract: str, consumer: str, asset_id: int) -> int:
        """The highest cumulative amount this client signed for the pair (0: none)."""
        rows = self._rows("SELECT cumulative FROM spends WHERE contract = ? AND consumer = ? AND asset_id = ?",
                          contract, consumer, asset_id)
        return max((int(row[0]) for row in rows), default=0)

    def spent(self, contract: str, consumer: str, asset_id: int | None = None) -> int:
        """What the client has committed to pay (answered and pending calls), for one asset or all."""
        sql = "SELECT price FROM spends WHERE contract = ? AND consumer = ?"
        args: tuple[object, ...] = (contract, consumer)
        if asset_id is not None:
            sql, args = sql + " AND asset_id = ?", (*args, str(asset_id))
        with self._lock:
            return sum(int(row[0]) for row in self._db.execute(sql, args))

    def answered(self, contract: str, consumer: str) -> int:
        """How many of the client's calls got a verified answer."""
        rows = self._rows("SELECT COUNT(*) FROM spends WHERE contract = ? AND consumer = ? AND state = 'answered'",
                          contract, consumer, None)
        return int(rows[0][0])

    def pending(self, contract: str, consumer: str, asset_id: int) -> Pending | None:
        rows = self._rows("SELECT voucher, price, body FROM spends WHERE contract = ? AND consumer = ? AND asset_id = ?"
                          " AND state = 'pending' ORDER BY CAST(cumulative AS REAL) LIMIT 1", contract, consumer, asset_id)
        if not rows:
            return None
        voucher, price, body = rows[0]
        return Pending(SignedVoucher.from_json(json.loads(voucher)), int(price), bytes(body))

    def begin(self, contract: str, signed: SignedVoucher, price: int, body: bytes) -> None:
        """Record a voucher before it is sent."""
        v = signed.voucher
        with self._lock:
            self._db.execute(
                "INSERT INTO spends VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL, ?)",
                (contract, v.consumer, str(v.asset_id), str(v.cumulative_amount), str(price),
                 json.dumps(signed.to_json()), body, time.time()),
            )

    def complete(self, contract: str, signed: SignedVoucher, receipt: dict[str, object]) -> None:
        self._set_state(contract, signed, "answered", json.dumps(receipt))

    def discard(self, contract: str, signed: SignedVoucher) -> None:
        """The gateway refused the voucher: it pays nothing, forget it."""
        v = signed.voucher
        with self._lock:
            self._db.execute("DELETE FROM spends WHERE contract = ? AND consumer = ? AND asset_id = ? AND cumulative = ?",
                             (contract, v.consumer, str(v.asset_id), str(v.cumulative_amount)))

    def _set_state(self, contract: str, signed: SignedVoucher, state: str, receipt: str) -> None:
        v = signed.voucher
        with self._lock:
            self._db.execute(
                "UPDATE spends SET state = ?, receipt = ? WHERE contract = ? AND consumer = ? AND asset_id = ?"
                " AND cumulative = ?", (state, receipt, contract, v.consumer, str(v.asset_id), str(v.cumulative_amount)))

    def _rows(self, sql: str, contract: str, consumer: str, asset_id: int | None) -> list[tuple[object, ...]]:
        args: tuple[object, ...] = (contract, consumer) if asset_id is None else (contract, consumer, str(asset_id))
        with self._lock:
            return list(self._db.execute(sql, args))

