"""View models of the dashboard, folded from chain events (pure: no chain, no HTML).

A :class:`Snapshot` is what the chain said at one block: the catalog (``modelmarket.catalog``,
itself rebuilt from registry events), the other events (``modelmarket.dashboard.events``) and,
when the deployment has an ``EvalRegistry``, evaluated metrics per asset. Every page is a function
of a snapshot, so unit tests build snapshots by hand.

Stake is what the staking events add up to: tokens in, minus tokens moved to thawing, minus
slashes (a slash of thawing stake is counted against the pool it came from, self or delegated);
delegators' shares are exact (their shares are never voided).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from modelmarket.catalog import KINDS, STATUSES, AssetView, VersionView, matches
from modelmarket.compliance import FLAGS, describe_flags
from modelmarket.dashboard.events import ChainEvent
from modelmarket.labels import bytes32_label, label_bytes32

#: Reputation's `MEAN_SCALE`: the contract's weighted mean is score × this.
MEAN_SCALE = 100


@dataclass(frozen=True)
class Snapshot:
    """The chain at one block, as the dashboard reads it.

    ``metrics`` is None when the deployment has no EvalRegistry (the pages then hide metrics);
    otherwise asset id -> metric name -> value (an asset without evaluations is absent).
    """

    assets: Sequence[AssetView]
    events: Sequence[ChainEvent]
    head_block: int = 0
    head_timestamp: int = 0
    metrics: Mapping[int, Mapping[str, float]] | None = None

    def asset(self, asset_id: int) -> AssetView | None:
        return next((view for view in self.assets if view.asset_id == asset_id), None)

    def named(self, *names: str) -> list[ChainEvent]:
        return [event for event in self.events if event.name in names]

    @cached_property
    def _by_asset(self) -> dict[int, list[ChainEvent]]:
        index: dict[int, list[ChainEvent]] = defaultdict(list)
        for event in self.events:
            if "assetId" in event.args:
                index[event.args["assetId"]].append(event)
        return index

    def about(self, asset_id: int, *names: str) -> list[ChainEvent]:
        """The events whose `assetId` is `asset_id` (of the given names, or all), in chain order."""
        return [event for event in self._by_asset.get(asset_id, ()) if not names or event.name in names]

    def metric_names(self) -> list[str]:
        if self.metrics is None:
            return []
        return sorted({name for values in self.metrics.values() for name in values})


# ------------------------------------------------------------------------------------ catalog


@dataclass(frozen=True)
class CatalogFilter:
    """The catalog's filters, as the query string carries them."""

    kind: str | None = None
    license: str | None = None
    flags: int = 0
    status: str | None = None
    metric: str | None = None
    metric_min: float | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]]) -> CatalogFilter:
        """From ``parse_qs`` output; unknown or empty values mean "no filter" (`ValueError` if malformed)."""

        def one(key: str) -> str | None:
            values = [value for value in query.get(key, ()) if value.strip()]
            return values[-1].strip() if values else None

        kind, status = one("kind"), one("status")
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; known: {', '.join(STATUSES)}")
        flags = 0
        for name in query.get("flag", ()):
            if name not in FLAGS:
                raise ValueError(f"unknown compliance flag {name!r}")
            flags |= FLAGS[name]
        minimum = one("metric_min")
        return cls(
            kind=kind,
            license=one("license"),
            flags=flags,
            status=status,
            metric=one("metric"),
            metric_min=float(minimum) if minimum is not None else None,
        )

    def accepts(self, view: AssetView, metrics: Mapping[str, float] | None) -> bool:
        license_id = label_bytes32(self.license) if self.license is not None else None
        if not matches(view, kind=self.kind, license_id=license_id, required_flags=self.flags, status=self.status):
            return False
        if self.metric is None:
            return True
        value = (metrics or {}).get(self.metric)
        return value is not None and (self.metric_min is None or value >= self.metric_min)


@dataclass(frozen=True)
class CatalogRow:
    asset: AssetView
    license: str
    flags: str
    total_stake: int
    paid_total: int
    rating_mean: float | None
    rating_count: int
    metrics: Mapping[str, float] = field(default_factory=dict)


def catalog_rows(snapshot: Snapshot, filters: CatalogFilter = CatalogFilter()) -> list[CatalogRow]:
    """The assets passing `filters`, by id, with stake, payments, rating and metrics."""
    rows = []
    for view in snapshot.assets:
        metrics = (snapshot.metrics or {}).get(view.asset_id, {})
        if not filters.accepts(view, metrics):
            continue
        stake = stake_of(snapshot, view.asset_id)
        rating = reputation_of(snapshot, view.asset_id)
        rows.append(
            CatalogRow(
                asset=view,
                license=bytes32_label(view.license_id),
                flags=describe_flags(view.compliance_flags),
                total_stake=stake.self_active + stake.delegated_active,
                paid_total=sum(payment.amount for payment in payments_of(snapshot, view.asset_id)),
                rating_mean=rating.mean,
                rating_count=rating.count,
                metrics=dict(metrics),
            )
        )
    return rows


def licenses(snapshot: Snapshot) -> list[str]:
    """Every licence label in the catalog (for the filter's choices)."""
    return sorted({bytes32_label(view.license_id) for view in snapshot.assets})


# ------------------------------------------------------------------------------------ an asset


def versions_of(snapshot: Snapshot, asset_id: int) -> list[VersionView]:
    """Every version of `asset_id`, oldest first (catalog's `VersionView`)."""
    views = {
        event["version"]: VersionView(
            version=event["version"],
            content_hash=event["contentHash"],
            metadata_uri=event["metadataURI"],
            published_at=event.timestamp,
            block_number=event.block_number,
        )
        for event in snapshot.about(asset_id, "VersionPublished")
    }
    return [views[number] for number in sorted(views)]


@dataclass(frozen=True)
class Lineage:
    """One level of lineage around an asset: its parents (with royalty bps) and its children."""

    asset_id: int
    parents: list[tuple[int, int]]
    children: list[tuple[int, int]]


def lineage_of(snapshot: Snapshot, asset_id: int) -> Lineage:
    links = [(event["assetId"], event["parentId"], event["royaltyBps"]) for event in snapshot.named("ParentLinked")]
    return Lineage(
        asset_id=asset_id,
        parents=[(parent, bps) for child, parent, bps in links if child == asset_id],
        children=[(child, bps) for child, parent, bps in links if parent == asset_id],
    )


@dataclass
class Delegation:
    delegator: str
    tokens_in: int = 0
    shares: int = 0
    thawing_started: int = 0
    rewards_claimed: int = 0


@dataclass
class Stake:
    """An asset's pool as its staking events add up (see the module docstring)."""

    self_active: int = 0
    delegated_active: int = 0
    thawing: int = 0
    slashed: int = 0
    delegations: list[Delegation] = field(default_factory=list)


def stake_of(snapshot: Snapshot, asset_id: int) -> Stake:
    stake = Stake()
    delegations: dict[str, Delegation] = {}
    for event in snapshot.about(asset_id):
        if event.name == "Staked":
            stake.self_active += event["tokens"]
        elif event.name == "Delegated":
            row = delegations.setdefault(event["delegator"], Delegation(event["delegator"]))
            row.tokens_in += event["tokens"]
            row.shares += event["shares"]
        elif event.name == "ThawStarted":
            stake.thawing += event["tokens"]
            if event["delegated"]:
                row = delegations.setdefault(event["staker"], Delegation(event["staker"]))
                row.shares -= event["activeShares"]
                row.thawing_started += event["tokens"]
                stake.delegated_active -= event["tokens"]
            else:
                stake.self_active -= event["tokens"]
        elif event.name == "Withdrawn":
            stake.thawing -= event["tokens"]
        elif event.name == "Slashed":
            stake.slashed += event["slashed"]
            stake.self_active -= event["fromSelf"]
            stake.delegated_active -= event["fromDelegated"]
        elif event.name == "RewardsClaimed" and event["account"] in delegations:
            delegations[event["account"]].rewards_claimed += event["delegatorRewards"]
    stake.delegated_active += sum(row.tokens_in for row in delegations.values())
    stake.self_active, stake.delegated_active = max(0, stake.self_active), max(0, stake.delegated_active)
    stake.thawing = max(0, stake.thawing)
    stake.delegations = sorted(delegations.values(), key=lambda row: (-row.shares, row.delegator))
    return stake


@dataclass(frozen=True)
class Rating:
    consumer: str
    score: int
    weight: int
    rated_at: int
    comment_uri: str


@dataclass(frozen=True)
class Reputation:
    """The current ratings (a re-rating replaces the consumer's earlier one) and their sums."""

    ratings: list[Rating]

    @property
    def count(self) -> int:
        return len(self.ratings)

    @property
    def total_weight(self) -> int:
        return sum(rating.weight for rating in self.ratings)

    @property
    def weighted_score_sum(self) -> int:
        return sum(rating.score * rating.weight for rating in self.ratings)

    @property
    def weighted_mean_scaled(self) -> int:
        """What `Reputation.summary` returns as its weighted mean (score × MEAN_SCALE, rounded down)."""
        total = self.total_weight
        return self.weighted_score_sum * MEAN_SCALE // total if total else 0

    @property
    def mean(self) -> float | None:
        total = self.total_weight
        return self.weighted_score_sum / total if total else None


def reputation_of(snapshot: Snapshot, asset_id: int) -> Reputation:
    current: dict[str, Rating] = {}
    for event in snapshot.about(asset_id, "Rated"):
        current[event["consumer"]] = Rating(
            event["consumer"], event["score"], event["weight"], event.timestamp, event["commentURI"]
        )
    return Reputation(sorted(current.values(), key=lambda rating: rating.rated_at))


@dataclass(frozen=True)
class Payment:
    """Tokens a consumer paid an asset: a redeemed voucher or an on-chain `payPerCall`."""

    timestamp: int
    block_number: int
    consumer: str
    amount: int
    via: str  # "voucher" | "call"


def payments_of(snapshot: Snapshot, asset_id: int) -> list[Payment]:
    payments = []
    for event in snapshot.about(asset_id, "VoucherRedeemed", "CallsPaid"):
        amount = event["paid"] if event.name == "VoucherRedeemed" else event["amount"]
        via = "voucher" if event.name == "VoucherRedeemed" else "call"
        if amount:
            payments.append(Payment(event.timestamp, event.block_number, event["consumer"], amount, via))
    return payments


def cumulative(payments: Sequence[Payment]) -> list[tuple[int, int]]:
    """(timestamp, total paid so far) after each payment: the points of the payments plot."""
    points, total = [], 0
    for payment in payments:
        total += payment.amount
        if points and points[-1][0] == payment.timestamp:
            points[-1] = (payment.timestamp, total)
        else:
            points.append((payment.timestamp, total))
    return points


@dataclass
class Dispute:
    dispute_id: int
    reporter: str
    bond: int
    evidence_uri: str
    opened_at: int
    deadline: int
    status: str = "open"  # open | upheld | rejected | timed out
    slashed: int = 0


def disputes_of(snapshot: Snapshot, asset_id: int) -> list[Dispute]:
    """Disputes of `asset_id` with their outcome; proven equivocations appear as upheld, id 0."""
    disputes: dict[int, Dispute] = {}
    proofs: list[Dispute] = []
    for event in snapshot.about(asset_id):
        if event.name == "DisputeOpened":
            disputes[event["disputeId"]] = Dispute(
                event["disputeId"], event["reporter"], event["bond"], event["evidenceURI"],
                event.timestamp, event["deadline"],
            )
        elif event.name in ("DisputeUpheld", "DisputeRejected", "DisputeTimedOut") and event["disputeId"] in disputes:
            dispute = disputes[event["disputeId"]]
            dispute.status = {"DisputeUpheld": "upheld", "DisputeRejected": "rejected"}.get(event.name, "timed out")
            dispute.slashed = event.args.get("slashed", 0)
        elif event.name == "EquivocationProven":
            proofs.append(
                Dispute(0, event["finder"], 0, f"equivocation on version {event['version']}",
                        event.timestamp, event.timestamp, "upheld", event["slashed"])
            )
    return [disputes[key] for key in sorted(disputes)] + proofs


@dataclass(frozen=True)
class AssetPage:
    asset: AssetView
    license: str
    flags: str
    versions: list[VersionView]
    lineage: Lineage
    stake: Stake
    reputation: Reputation
    payments: list[Payment]
    disputes: list[Dispute]
    metrics: Mapping[str, float] | None


def asset_page(snapshot: Snapshot, asset_id: int) -> AssetPage | None:
    """Everything the asset page shows, or None for an id the catalog does not hold."""
    view = snapshot.asset(asset_id)
    if view is None:
        return None
    return AssetPage(
        asset=view,
        license=bytes32_label(view.license_id),
        flags=describe_flags(view.compliance_flags),
        versions=versions_of(snapshot, asset_id),
        lineage=lineage_of(snapshot, asset_id),
        stake=stake_of(snapshot, asset_id),
        reputation=reputation_of(snapshot, asset_id),
        payments=payments_of(snapshot, asset_id),
        disputes=disputes_of(snapshot, asset_id),
        metrics=None if snapshot.metrics is None else dict(snapshot.metrics.get(asset_id, {})),
    )


# ------------------------------------------------------------------------------------ a provider


@dataclass(frozen=True)
class OutstandingVoucher:
    """A voucher a provider holds and has not redeemed in full (from its gateway's ledger)."""

    consumer: str
    asset_id: int
    cumulative_amount: int
    redeemed: int

    @property
    def outstanding(self) -> int:
        return max(0, self.cumulative_amount - self.redeemed)


@dataclass(frozen=True)
class ProviderPage:
    """A provider (an asset owner): its assets, what consumers paid them, and what it earned.

    ``outstanding`` is None when no gateway ledger was given (then only settled payments show).
    ``owner_fees`` is the owner's part of the fees its assets' revenue paid into staking;
    ``royalties`` what lineage children paid its assets.
    """

    address: str
    assets: list[AssetView]
    settled: int
    settled_by_asset: dict[int, int]
    owner_fees: int
    royalties: int
    claimed: int
    outstanding: list[OutstandingVoucher] | None

    @property
    def outstanding_total(self) -> int:
        return sum(voucher.outstanding for voucher in self.outstanding or [])

    @property
    def earnings(self) -> int:
        return self.owner_fees + self.royalties


def provider_page(
    snapshot: Snapshot, address: str, outstanding: Sequence[OutstandingVoucher] | None = None
) -> ProviderPage:
    """The page of `address` (checksummed); `outstanding`: the gateway ledger's vouchers, if any."""
    owned = [view for view in snapshot.assets if view.owner.lower() == address.lower()]
    ids = {view.asset_id for view in owned}
    settled_by_asset: dict[int, int] = defaultdict(int)
    for asset_id in sorted(ids):
        settled_by_asset[asset_id] = sum(payment.amount for payment in payments_of(snapshot, asset_id))
    owner_fees = sum(event["ownerPart"] for event in snapshot.named("FeesDeposited") if event["assetId"] in ids)
    royalties = sum(event["amount"] for event in snapshot.named("RoyaltyAccrued") if event["assetId"] in ids)
    claimed = sum(
        event["ownerRewards"] for event in snapshot.named("RewardsClaimed") if event["account"].lower() == address.lower()
    ) + sum(event["amount"] for event in snapshot.named("RoyaltiesClaimed") if event["owner"].lower() == address.lower())
    return ProviderPage(
        address=address,
        assets=owned,
        settled=sum(settled_by_asset.values()),
        settled_by_asset=dict(settled_by_asset),
        owner_fees=owner_fees,
        royalties=royalties,
        claimed=claimed,
        outstanding=None
        if outstanding is None
        else [voucher for voucher in outstanding if voucher.asset_id in ids and voucher.outstanding > 0],
    )
