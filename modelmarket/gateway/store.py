"""The gateway's durable voucher book: every voucher it answered for, committed before the answer.

Two tables, the same SQL on both engines:

* ``vouchers``: each accepted voucher by its EIP-712 digest, with the hash of the request it paid
  for (a client that resends the same voucher with the same request is answered again, never
  charged twice; the same voucher with another request is refused).
* ``lanes``: per ``(consumer, asset)`` the latest accepted cumulative amount and what the chain
  has redeemed of it (``settled``); ``open`` marks the pairs the settler still has to redeem.

:class:`SqliteStore` (stdlib ``sqlite3``, WAL) is the default: a commit reaches the operating
system before :meth:`PairTransaction.record` returns, so a ``kill -9`` of the gateway loses
nothing (``durable=True`` also fsyncs each commit, for power loss). :class:`PostgresStore`
(psycopg 3) lets several gateway replicas of one provider share one book: a pair's row is locked
(``SELECT ... FOR UPDATE``) for the whole acceptance, so two replicas never accept two vouchers
on top of the same cumulative amount.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from modelmarket.vouchers import SignedVoucher, Voucher

__all__ = ["PairTransaction", "PostgresStore", "SqliteStore", "StoredVoucher", "VoucherStore", "open_store"]

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS vouchers (
        digest TEXT PRIMARY KEY, consumer TEXT NOT NULL, asset_id TEXT NOT NULL,
        cumulative TEXT NOT NULL, deadline BIGINT NOT NULL, signature TEXT NOT NULL,
        signer TEXT NOT NULL, request_hash TEXT NOT NULL, accepted_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS lanes (
        consumer TEXT NOT NULL, asset_id TEXT NOT NULL, latest TEXT NOT NULL, latest_digest TEXT NOT NULL,
        settled TEXT NOT NULL, open INTEGER NOT NULL, opened_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (consumer, asset_id))""",
)


@dataclass(frozen=True, slots=True)
class StoredVoucher:
    """An accepted voucher as the book holds it."""

    signed: SignedVoucher
    signer: str
    request_hash: bytes
    accepted_at: float


@dataclass(frozen=True, slots=True)
class OpenLane:
    """A pair whose latest voucher promises more than the chain has redeemed for it."""

    latest: StoredVoucher
    settled: int
    opened_at: float


class PairTransaction:
    """One locked ``(consumer, asset)`` pair inside a transaction (see :meth:`VoucherStore.pair`)."""

    def __init__(self, store: VoucherStore, cursor: Any, consumer: str, asset_id: int) -> None:
        self._store, self._cursor = store, cursor
        self.consumer, self.asset_id = consumer, asset_id
        row = store._one(cursor, "SELECT latest, settled FROM lanes WHERE consumer = ? AND asset_id = ?",
                         (consumer, str(asset_id)))
        #: The latest cumulative amount accepted for the pair (0: none yet).
        self.latest = int(row[0]) if row else 0
        #: What the chain had redeemed for the pair when the settler last looked.
        self.settled = int(row[1]) if row else 0
        self._exists = row is not None

    def find(self, digest: bytes) -> StoredVoucher | None:
        """The stored voucher with this EIP-712 digest, if this book accepted it."""
        row = self._store._one(self._cursor, f"SELECT {_COLUMNS} FROM vouchers WHERE digest = ?", (digest.hex(),))
        return _stored(row) if row else None

    def record(self, signed: SignedVoucher, digest: bytes, signer: str, request_hash: bytes) -> None:
        """Store ``signed`` as the pair's latest voucher (committed when the ``with`` block ends)."""
        v, now = signed.voucher, time.time()
        self._store._run(
            self._cursor,
            f"INSERT INTO vouchers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (digest.hex(), v.consumer, str(v.asset_id), str(v.cumulative_amount), v.deadline,
             signed.signature.hex(), signer, request_hash.hex(), now),
        )
        if self._exists:
            self._store._run(
                self._cursor,
                "UPDATE lanes SET latest = ?, latest_digest = ?, open = 1,"
                " opened_at = CASE WHEN open = 1 THEN opened_at ELSE ? END WHERE consumer = ? AND asset_id = ?",
                (str(v.cumulative_amount), digest.hex(), now, v.consumer, str(v.asset_id)),
            )
        else:
            self._store._run(
                self._cursor,
                "INSERT INTO lanes (consumer, asset_id, latest, latest_digest, settled, open, opened_at)"
                " VALUES (?, ?, ?, ?, '0', 1, ?)",
                (v.consumer, str(v.asset_id), str(v.cumulative_amount), digest.hex(), now),
            )
            self._exists = True
        self.latest = v.cumulative_amount


#: WAL pages after which a commit checkpoints by itself (SQLite's default is 1,000): only reached
#: when the background :meth:`SqliteStore.checkpoint` is not running.
AUTOCHECKPOINT_PAGES = 20_000

_COLUMNS = "digest, consumer, asset_id, cumulative, deadline, signature, signer, request_hash, accepted_at"


def _stored(row: Any) -> StoredVoucher:
    _digest, consumer, asset_id, cumulative, deadline, signature, signer, request_hash, accepted_at = row
    voucher = Voucher(consumer, int(asset_id), int(cumulative), int(deadline))
    return StoredVoucher(SignedVoucher(voucher, bytes.fromhex(signature)), signer,
                         bytes.fromhex(request_hash), float(accepted_at))


class VoucherStore:
    """What both engines share; subclasses open the connection and lock a pair."""

    placeholder = "?"
    #: Whether a commit waits on another process (a database server) rather than on a local file.
    remote = False

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- engine hooks
    def _connection(self) -> Any:
        raise NotImplementedError

    @contextmanager
    def _transaction(self, consumer: str | None = None, asset_id: int | None = None) -> Iterator[Any]:
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _run(self, cursor: Any, sql: str, params: tuple[Any, ...] = ()) -> None:
        cursor.execute(self._sql(sql), params)

    def _one(self, cursor: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
        cursor.execute(self._sql(sql), params)
        return cursor.fetchone()

    def _all(self, cursor: Any, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        cursor.execute(self._sql(sql), params)
        return list(cursor.fetchall())

    # -- the book
    @contextmanager
    def pair(self, consumer: str, asset_id: int) -> Iterator[PairTransaction]:
        """Lock the pair for one acceptance; everything recorded commits together on exit."""
        with self._transaction(consumer, asset_id) as cursor:
            yield PairTransaction(self, cursor, consumer, asset_id)

    def open_lanes(self) -> list[OpenLane]:
        """Every pair whose latest voucher the chain has not fully redeemed, oldest first."""
        with self._transaction() as cursor:
            rows = self._all(
                cursor,
                f"SELECT {', '.join('v.' + c.strip() for c in _COLUMNS.split(','))}, l.settled, l.opened_at"
                " FROM lanes l JOIN vouchers v ON v.digest = l.latest_digest WHERE l.open = 1 ORDER BY l.opened_at",
            )
        return [OpenLane(_stored(row[:9]), int(row[9]), float(row[10])) for row in rows]

    def mark_settled(self, consumer: str, asset_id: int, redeemed: int) -> None:
        """The chain has redeemed ``redeemed`` for the pair; it stays open while ``latest`` is above."""
        with self._transaction(consumer, asset_id) as cursor:
            row = self._one(cursor, "SELECT latest, settled FROM lanes WHERE consumer = ? AND asset_id = ?",
                            (consumer, str(asset_id)))
            if row is None:
                return
            settled = max(int(row[1]), redeemed)
            self._run(cursor, "UPDATE lanes SET settled = ?, open = ? WHERE consumer = ? AND asset_id = ?",
                      (str(settled), int(int(row[0]) > settled), consumer, str(asset_id)))

    def abandon(self, consumer: str, asset_id: int) -> None:
        """Close a pair the chain will never pay (its latest voucher expired or its key was revoked)."""
        with self._transaction(consumer, asset_id) as cursor:
            self._run(cursor, "UPDATE lanes SET open = 0 WHERE consumer = ? AND asset_id = ?", (consumer, str(asset_id)))

    def answered(self) -> tuple[int, int]:
        """``(vouchers accepted, pairs)`` in the book."""
        with self._transaction() as cursor:
            vouchers = self._one(cursor, "SELECT COUNT(*) FROM vouchers")[0]
            pairs = self._one(cursor, "SELECT COUNT(*) FROM lanes")[0]
        return int(vouchers), int(pairs)

    def checkpoint(self) -> None:
        """Housekeeping off the request path (the gateway's background loop calls it); a no-op here."""

    def close(self) -> None:
        self._connection().close()


class SqliteStore(VoucherStore):
    """The embedded default: one SQLite file in WAL mode (``":memory:"`` for tests)."""

    def __init__(self, path: str, *, durable: bool = False) -> None:
        super().__init__()
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        # Checkpoints (copying the WAL into the database, with an fsync) run in the background
        # (:meth:`checkpoint`); the automatic one stays as a bound if nobody calls it.
        self._db.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        self._db.execute(f"PRAGMA journal_size_limit={64 * 1024 * 1024}")
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._checkpointer: sqlite3.Connection | None = None

    def _connection(self) -> Any:
        return self._db

    def checkpoint(self) -> None:
        """Copy the WAL into the database from a second connection, without blocking acceptances
        (a ``PASSIVE`` checkpoint takes no lock a writer needs)."""
        if self.path == ":memory:":
            return
        if self._checkpointer is None:
            self._checkpointer = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        super().close()

    @contextmanager
    def _transaction(self, consumer: str | None = None, asset_id: int | None = None) -> Iterator[Any]:
        with self._lock:
            cursor = self._db.cursor()
            cursor.execute("BEGIN IMMEDIATE")  # takes the write lock: one acceptance at a time
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")


class PostgresStore(VoucherStore):
    """A book shared by several gateway replicas (``postgresql://...``), through psycopg 3."""

    remote = True

    placeholder = "%s"

    def __init__(self, url: str) -> None:
        import psycopg

        super().__init__()
        self.url = url
        self._db = psycopg.connect(url, autocommit=False)
        with self._db.cursor() as cursor:
            for statement in _SCHEMA:
                cursor.execute(statement)
        self._db.commit()

    def _connection(self) -> Any:
        return self._db

    @contextmanager
    def _transaction(self, consumer: str | None = None, asset_id: int | None = None) -> Iterator[Any]:
        with self._lock:
            cursor = self._db.cursor()
            try:
                if consumer is not None:
                    # Every replica queues on the pair's row lock until this acceptance commits.
                    cursor.execute(
                        "INSERT INTO lanes (consumer, asset_id, latest, latest_digest, settled, open, opened_at)"
                        " VALUES (%s, %s, '0', '', '0', 0, 0) ON CONFLICT DO NOTHING",
                        (consumer, str(asset_id)),
                    )
                    cursor.execute("SELECT 1 FROM lanes WHERE consumer = %s AND asset_id = %s FOR UPDATE",
                                   (consumer, str(asset_id)))
                yield cursor
            except BaseException:
                self._db.rollback()
                raise
            self._db.commit()


def open_store(url: str) -> VoucherStore:
    """``sqlite:///path`` (or a bare path), ``sqlite://:memory:``, or ``postgresql://...``."""
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresStore(url)
    path = url.removeprefix("sqlite://")
    return SqliteStore(path or ":memory:")
