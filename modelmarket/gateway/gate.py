"""Whether a paid request may be answered: the provider ledger's rules plus the durable book.

:meth:`PaymentGate.admit` runs, with the ``(consumer, asset)`` pair locked in the book:

1. the voucher is for this gateway's asset;
2. a voucher the book already holds is a *retry*: answered again (no new charge) when it comes
   with the same request, refused (``VoucherReused``) with another;
3. its cumulative amount is exactly one price above the pair's floor (the book's latest, or what
   the chain redeemed if that is higher): ``WrongCumulative(expected, got)`` otherwise;
4. :meth:`ProviderLedger.accept` (signature, session key expiry/scope/cap, deadline ``min_ttl``
   away, lane *coverage* paying everything owed, i.e. all that is outstanding plus this call) on
   cached chain state; a refusal that fresher state could cure (:data:`REREAD_BEFORE_REFUSING`)
   is decided again on the consumer's re-read state;
5. the voucher is written to the book and committed; only then does the caller answer.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

from modelmarket.gateway.faults import crash_point
from modelmarket.gateway.store import VoucherStore
from modelmarket.ledger import ProviderLedger
from modelmarket.vouchers import SignedVoucher

__all__ = ["REREAD_BEFORE_REFUSING", "Admission", "PaymentGate"]

#: Refusals that newer chain state could turn into an acceptance (a top-up, a new or widened key):
#: the gate re-reads the consumer's state once before giving them (at most once a second per consumer).
REREAD_BEFORE_REFUSING = frozenset({
    "InsufficientLane", "LaneEmpty", "InvalidSigner", "ExpiredSessionKey", "SessionKeyOutOfScope",
    "SessionKeyCapExceeded",
})
REREAD_INTERVAL = 1.0


@dataclass(frozen=True, slots=True)
class Admission:
    """The gate's answer: ``accepted`` (new payment), ``replayed`` (a retry) or ``refused``."""

    status: Literal["accepted", "replayed", "refused"]
    reason: str | None = None
    detail: str = ""
    next_cumulative: int | None = None

    @property
    def admitted(self) -> bool:
        return self.status != "refused"


class PaymentGate:
    """Admits vouchers for one asset at one price (see the module docstring).

    ``lock`` serialises every use of the ledger and its chain reads (the settler shares it).
    """

    def __init__(self, ledger: ProviderLedger, store: VoucherStore, asset_id: int, price: int,
                 lock: threading.RLock | None = None) -> None:
        if price <= 0:
            raise ValueError(f"price must be > 0, got {price}")
        self.ledger, self.store = ledger, store
        self.asset_id, self.price = asset_id, price
        self.lock = lock or threading.RLock()
        self._reread: dict[str, float] = {}

    def next_cumulative(self, consumer: str) -> int:
        """The cumulative amount the consumer's next voucher must carry."""
        with self.lock, self.store.pair(consumer, self.asset_id) as book:
            return max(book.latest, self.ledger.redeemed(consumer, self.asset_id)) + self.price

    def admit(self, signed: SignedVoucher, request_hash: bytes) -> Admission:
        voucher = signed.voucher
        if voucher.asset_id != self.asset_id:
            return Admission("refused", "WrongAsset", f"this gateway serves asset {self.asset_id}, "
                             f"the voucher pays asset {voucher.asset_id}")
        digest = self.ledger.domain.digest(voucher)
        with self.lock, self.store.pair(voucher.consumer, self.asset_id) as book:
            # Only a voucher at or below the pair's latest can be one the book holds (a digest binds
            # the amount), so a new payment skips the lookup.
            held = book.find(digest) if voucher.cumulative_amount <= book.latest else None
            if held is not None:
                if held.request_hash == request_hash:
                    return Admission("replayed")
                return Admission("refused", "VoucherReused", "this voucher already paid for another request")
            expected = max(book.latest, self.ledger.redeemed(voucher.consumer, self.asset_id)) + self.price
            if voucher.cumulative_amount != expected:
                return Admission("refused", "WrongCumulative",
                                 f"expected cumulative {expected}, got {voucher.cumulative_amount}", expected)
            verdict = self.ledger.accept(signed)
            if verdict.reason in REREAD_BEFORE_REFUSING and self._may_reread(voucher.consumer):
                verdict = self.ledger.accept(signed)
            if not verdict.accepted:
                return Admission("refused", verdict.reason, verdict.describe(), expected)
            assert verdict.signer is not None
            book.record(signed, digest, verdict.signer, request_hash)
        crash_point("after-persist")
        return Admission("accepted", next_cumulative=expected + self.price)

    def _may_reread(self, consumer: str) -> bool:
        """Drop the consumer's cached chain state, unless that was done less than a second ago."""
        forget = getattr(self.ledger.state, "forget", None)
        now = time.monotonic()
        if forget is None or now - self._reread.get(consumer, -REREAD_INTERVAL) < REREAD_INTERVAL:
            return False
        if len(self._reread) > 10_000:  # bound the memory a stream of strangers can take
            self._reread.clear()
        self._reread[consumer] = now
        forget(consumer)
        return True
