"""The provider's voucher ledger: one mirror of ``UsagePayments``' acceptance rules.

Every question a provider asks about vouchers goes through :class:`ProviderLedger`:

* :meth:`~ProviderLedger.predict` / :meth:`~ProviderLedger.predict_batch`: what ``redeem`` /
  ``redeemBatch`` would do right now, rule by rule in the contract's order (payments-v2
  "Acceptance rules"): deadline, stale, asset listed and not retired, signer (ecrecover with the
  low-s rule, session key, ERC-1271 for contract consumers), session key expiry (revocations
  included) / scope / cap in force, lane. The answer names the contract's error and its values.
* :meth:`~ProviderLedger.accept`: whether to *credit* a voucher for service. The same rules, made
  safe for a provider who redeems later: the deadline must be ``min_ttl`` seconds away, the
  voucher must be newer than the one held, the lane's *coverage* (balance minus thawing, what
  the provider's guarantee covers) must pay it in full, and a session key's expiry, scope and cap
  must still allow it ``min_ttl`` seconds from now (a lowering or narrowing already scheduled counts).
  A key's cap bounds what it makes the consumer pay *each* asset (``keySpentOn``), so what the key
  signs for other assets never takes from what it may still pay this one.
* Only the latest voucher per ``(consumer, asset)`` is kept; :meth:`~ProviderLedger.batch` lists
  them grouped by asset (the contract settles a run of same-asset vouchers once), and
  :meth:`~ProviderLedger.apply` updates the ledger from a redeem's ``VoucherRedeemed`` /
  ``VoucherRejected`` / ``LaneShortfall`` events.

Chain state comes through :class:`~modelmarket.payments_state.PaymentsState`, so tests feed a
fake and providers read the contract. A differential test keeps this module equal to the contract.
Not thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from modelmarket.addresses import address_bytes, checksum_bytes
from modelmarket.eip712 import Domain, check_domain, try_recover
from modelmarket.payments_state import AssetStatus, LaneState, PaymentsState, RedeemEvents, SessionKeyState
from modelmarket.vouchers import SignedVoucher, Voucher

__all__ = ["PERMANENT_REJECTIONS", "ProviderLedger", "Verdict"]

#: Rejections no later chain state can cure: the ledger drops such a voucher.
PERMANENT_REJECTIONS = frozenset(
    {
        "VoucherExpired",
        "VoucherStale",
        "UnknownAsset",
        "AssetRetired",
        "InvalidSignature",
        "InvalidSigner",
        "ExpiredSessionKey",
        "SessionKeyOutOfScope",
    }
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What happens to one voucher: it pays ``paid`` (of ``owed``), or it is rejected.

    ``reason`` is the name of the contract error ``redeem`` raises (or a ledger-only policy
    error, see :meth:`ProviderLedger.accept`) and ``args`` its values in the error's order.
    ``signer`` is the consumer (its own or an ERC-1271 signature) or the session key.
    ``credit`` (from :meth:`ProviderLedger.accept`) is how much more this voucher promises than
    the ledger held for the pair before: the service it pays for.
    """

    signed: SignedVoucher
    reason: str | None = None
    args: tuple[object, ...] = ()
    owed: int = 0
    paid: int = 0
    signer: str | None = None
    credit: int = 0

    @property
    def accepted(self) -> bool:
        return self.reason is None

    @property
    def shortfall(self) -> int:
        """What stays redeemable after a partial payment (``LaneShortfall``)."""
        return self.owed - self.paid if self.accepted else 0

    def describe(self) -> str:
        """``"pays 12 of 12"`` or ``"VoucherExpired(0x…, 3, 1700000000)"``."""
        if self.accepted:
            return f"pays {self.paid} of {self.owed}"
        return f"{self.reason}({', '.join(str(arg) for arg in self.args)})"


class _Rejected(Exception):
    def __init__(self, reason: str, *args: object) -> None:
        super().__init__(reason)
        self.reason, self.args_ = reason, args


@dataclass
class _Overlay:
    """Chain state as changed by the earlier vouchers of a batch being simulated."""

    lanes: dict[tuple[str, int], LaneState] = field(default_factory=dict)
    #: (consumer, key, asset) -> what the batch's earlier vouchers signed by the key paid the asset
    key_spent: dict[tuple[str, str, int], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Held:
    signed: SignedVoucher
    signer: str


class ProviderLedger:
    """A provider's vouchers for one ``UsagePayments`` deployment (see the module docstring).

    ``domain`` must be the contract's EIP-712 domain (``Domain.from_eip5267(payments.eip712Domain())``);
    ``min_ttl`` is the time, in seconds, a provider needs to get a redemption mined.
    """

    def __init__(self, domain: Domain, state: PaymentsState, *, min_ttl: int = 0) -> None:
        check_domain(domain, Voucher)
        if min_ttl < 0:
            raise ValueError(f"min_ttl must be ≥ 0, got {min_ttl}")
        self.domain = domain
        self.state = state
        self.min_ttl = min_ttl
        self._held: dict[tuple[str, int], _Held] = {}
        # What this ledger saw redeemed (events), ahead of a cached chain read.
        self._redeemed: dict[tuple[str, int], int] = {}
        self.rejections: dict[tuple[str, int], str] = {}

    # ------------------------------------------------------------------------------ questions

    def predict(self, signed: SignedVoucher) -> Verdict:
        """What ``redeem(voucher, signature)`` would do in the next block."""
        return self._evaluate(signed, self.state.now(), _Overlay(), strict=False)

    def predict_batch(self, batch: Sequence[SignedVoucher]) -> list[Verdict]:
        """What ``redeemBatch`` would do with ``batch`` in the next block, voucher by voucher.

        Earlier vouchers change the lanes and key spending later ones see, as on chain.
        """
        now, overlay = self.state.now(), _Overlay()
        verdicts = []
        for signed in batch:
            verdict = self._evaluate(signed, now, overlay, strict=False)
            if verdict.accepted:
                self._record_payment(overlay, verdict)
            verdicts.append(verdict)
        return verdicts

    def accept(self, signed: SignedVoucher) -> Verdict:
        """Whether to credit ``signed`` for service; if so, hold it as the pair's latest voucher.

        The contract's rules, strict for a provider who redeems later (module docstring). Policy
        rejections reuse the contract's error names: ``VoucherExpired`` within ``min_ttl`` of its
        deadline, ``VoucherStale`` against the held voucher, ``ExpiredSessionKey`` /
        ``SessionKeyOutOfScope`` / ``SessionKeyCapExceeded`` when the key's expiry, scope or cap
        (with any lowering or narrowing already scheduled) will not allow it ``min_ttl`` seconds
        from now, and ``InsufficientLane(consumer, assetId, coverage, owed)`` when coverage cannot
        pay it in full. A rejected voucher changes nothing.

        A contract consumer's ERC-1271 signature is accepted as the contract accepts it today, but
        the account decides again at redemption (it may rotate its owner key): a provider that
        needs the guarantee from a smart account asks it for a session key, whose revocation waits.
        """
        verdict = self._evaluate(signed, self.state.now(), _Overlay(), strict=True)
        if verdict.accepted:
            self._hold(verdict)
        return verdict

    def hold(self, signed: SignedVoucher) -> Verdict:
        """Keep ``signed`` as the pair's latest voucher if the contract would pay anything for it now.

        For redeeming vouchers received elsewhere (a file): :meth:`predict`'s rules plus
        "newer than the one held"; no credit policy.
        """
        key = (signed.voucher.consumer, signed.voucher.asset_id)
        held = self._held.get(key)
        if held is not None and signed.voucher.cumulative_amount <= held.signed.voucher.cumulative_amount:
            v = signed.voucher
            return Verdict(signed, "VoucherStale", (v.consumer, v.asset_id, v.cumulative_amount,
                                                    held.signed.voucher.cumulative_amount))
        verdict = self.predict(signed)
        if verdict.accepted:
            self._hold(verdict)
        return verdict

    # ------------------------------------------------------------------------------ holdings

    def latest(self, consumer: str, asset_id: int) -> SignedVoucher | None:
        """The voucher held for ``(consumer, asset_id)``, if any."""
        held = self._held.get((checksum_bytes(address_bytes(consumer)), asset_id))
        return held.signed if held else None

    def redeemed(self, consumer: str, asset_id: int) -> int:
        """What the pair has redeemed as far as this ledger knows (chain, or newer events it applied)."""
        return self._redeemed_of((checksum_bytes(address_bytes(consumer)), asset_id))

    def outstanding(self, consumer: str, asset_id: int) -> int:
        """What the held voucher for the pair promises beyond what was redeemed."""
        key = (checksum_bytes(address_bytes(consumer)), asset_id)
        held = self._held.get(key)
        return max(0, held.signed.voucher.cumulative_amount - self._redeemed_of(key)) if held else 0

    def pending(self) -> list[SignedVoucher]:
        """Held vouchers that still promise something."""
        return [held.signed for key, held in self._held.items() if self.outstanding(*key) > 0]

    def batch(self, max_size: int = 50) -> list[SignedVoucher]:
        """Up to ``max_size`` held vouchers to redeem next, not expired, grouped by asset.

        Same-asset vouchers are adjacent (ordered by asset id, then consumer), so the contract
        checks the asset and books its revenue once per run.
        """
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        now = self.state.now()
        live = [s for s in self.pending() if s.voucher.deadline >= now]
        live.sort(key=lambda s: (s.voucher.asset_id, s.voucher.consumer.lower()))
        return live[:max_size]

    def __len__(self) -> int:
        return len(self._held)

    # ------------------------------------------------------------------------------ updates

    def apply(self, events: RedeemEvents) -> None:
        """Update from a redeem transaction's events (anyone's: a keeper may redeem for us).

        A pair's redeemed amount becomes the redeemed voucher's cumulative amount minus its
        ``LaneShortfall``; a fully paid voucher leaves the ledger; a voucher rejected for a
        reason no later state can cure (:data:`PERMANENT_REJECTIONS`) is dropped.
        """
        shortfalls = {(consumer, asset): amount for consumer, asset, amount in events.shortfalls}
        for consumer, asset_id, _signer, cumulative, _paid in events.redeemed:
            key = (checksum_bytes(address_bytes(consumer)), asset_id)
            redeemed = cumulative - shortfalls.get(key, 0)
            self._redeemed[key] = max(self._redeemed.get(key, 0), redeemed)
            held = self._held.get(key)
            if held is not None and held.signed.voucher.cumulative_amount <= self._redeemed[key]:
                del self._held[key]
        for _index, consumer, asset_id, reason in events.rejected:
            key = (checksum_bytes(address_bytes(consumer)), asset_id)
            self.rejections[key] = reason
            if reason in PERMANENT_REJECTIONS:
                self._held.pop(key, None)
        self.state.invalidate()

    # ------------------------------------------------------------------------------ the rules

    def _evaluate(self, signed: SignedVoucher, now: int, overlay: _Overlay, *, strict: bool) -> Verdict:
        try:
            return self._rules(signed, now, overlay, strict)
        except _Rejected as rejected:
            return Verdict(signed, rejected.reason, rejected.args_)

    def _rules(self, signed: SignedVoucher, now: int, overlay: _Overlay, strict: bool) -> Verdict:
        voucher = signed.voucher
        consumer, asset_id = voucher.consumer, voucher.asset_id
        pair = (consumer, asset_id)

        # 1. deadline (inclusive); a provider also needs time to get the redemption mined.
        if (now + self.min_ttl if strict else now) > voucher.deadline:
            raise _Rejected("VoucherExpired", consumer, asset_id, voucher.deadline)

        # 2. stale: not above what was redeemed (or, for credit, what is held).
        lane = self._lane(pair, overlay)
        floor = lane.redeemed
        if strict:
            held = self._held.get(pair)
            floor = max(floor, held.signed.voucher.cumulative_amount if held else 0)
        if voucher.cumulative_amount <= floor:
            raise _Rejected("VoucherStale", consumer, asset_id, voucher.cumulative_amount, floor)

        # 3. asset listed and not retired (paused assets still pay: the inference was served).
        status = self.state.asset_status(asset_id)
        if status is AssetStatus.UNKNOWN:
            raise _Rejected("UnknownAsset", asset_id)
        if status is AssetStatus.RETIRED:
            raise _Rejected("AssetRetired", asset_id)

        # 4. signer: the consumer, one of its session keys, or the consumer contract (ERC-1271).
        digest = self.domain.digest(voucher)
        recovered = try_recover(digest, signed.signature)
        key_address: str | None = None
        key: SessionKeyState | None = None
        if recovered is not None and recovered == address_bytes(consumer):
            signer = consumer
        elif recovered is not None and (
            key := self.state.session_key(consumer, checksum_bytes(recovered))
        ) is not None:
            key_address = signer = checksum_bytes(recovered)
        elif self.state.has_code(consumer) and self.state.erc1271_accepts(consumer, digest, signed.signature):
            signer = consumer
        elif recovered is None:
            raise _Rejected("InvalidSignature", consumer, asset_id)
        else:
            raise _Rejected("InvalidSigner", consumer, checksum_bytes(recovered))

        # 5. session key: effective expiry (revocations included), scope, cap in force on this asset.
        #    Credit (strict) needs all three to hold until ``now + min_ttl`` too.
        owed = voucher.cumulative_amount - lane.redeemed
        if key is not None and key_address is not None:
            horizon = now + self.min_ttl if strict else now
            if horizon > key.expiry:
                raise _Rejected("ExpiredSessionKey", consumer, key_address, key.expiry)
            if key.scoped and not all(
                self.state.key_may_pay(consumer, key_address, asset_id, moment) for moment in {now, horizon}
            ):
                raise _Rejected("SessionKeyOutOfScope", consumer, key_address, asset_id)
            cap = min(key.cap_at(now), key.cap_at(horizon))
            triple = (consumer, key_address, asset_id)
            spent = self.state.key_spent_on(*triple) + overlay.key_spent.get(triple, 0)
            if owed > max(0, cap - spent):
                raise _Rejected("SessionKeyCapExceeded", consumer, key_address, cap, spent, owed)

        # 6. lane: pays what is there (strict: coverage must pay all of it).
        available = lane.coverage if strict else lane.balance
        paid = min(owed, available)
        if paid == 0:
            raise _Rejected("LaneEmpty", consumer, asset_id, owed)
        if strict and paid < owed:
            raise _Rejected("InsufficientLane", consumer, asset_id, available, owed)
        credit = voucher.cumulative_amount - floor
        return Verdict(signed, None, (), owed, paid, signer, credit)

    # ------------------------------------------------------------------------------ internals

    def _lane(self, pair: tuple[str, int], overlay: _Overlay) -> LaneState:
        if pair in overlay.lanes:
            return overlay.lanes[pair]
        lane = self.state.lane(*pair)
        seen = self._redeemed.get(pair, 0)
        if seen > lane.redeemed:  # our own redemption, not yet in a (cached) chain read
            paid = seen - lane.redeemed
            lane = LaneState(max(0, lane.balance - paid), seen, lane.thaw_amount, lane.thaw_ready_at)
        overlay.lanes[pair] = lane
        return lane

    def _redeemed_of(self, pair: tuple[str, int]) -> int:
        return self._lane(pair, _Overlay()).redeemed

    def _hold(self, verdict: Verdict) -> None:
        voucher = verdict.signed.voucher
        assert verdict.signer is not None
        self._held[(voucher.consumer, voucher.asset_id)] = _Held(verdict.signed, verdict.signer)

    @staticmethod
    def _record_payment(overlay: _Overlay, verdict: Verdict) -> None:
        voucher = verdict.signed.voucher
        pair = (voucher.consumer, voucher.asset_id)
        lane = overlay.lanes[pair]  # read by the rules before the voucher could pay
        overlay.lanes[pair] = LaneState(
            lane.balance - verdict.paid, lane.redeemed + verdict.paid, lane.thaw_amount, lane.thaw_ready_at
        )
        if verdict.signer is not None and verdict.signer != voucher.consumer:
            spent_key = (voucher.consumer, verdict.signer, voucher.asset_id)
            overlay.key_spent[spent_key] = overlay.key_spent.get(spent_key, 0) + verdict.paid

