"""The ghost model: what every party is owed, kept in plain Python next to the chain.

Two layers, Liquity v2 style:

* an exact mirror of each contract's integer accounting (share math, reward accumulator, fee
  split, escrow, dispute payouts) — the specification the chain must equal after every step;
* an *ideal* model in exact rationals (`Fraction`) of what each staker and delegator is entitled
  to (their deposits, minus their pro-rata part of every slash; their pro-rata part of every fee
  deposit). The mirror may only differ from it by rounding, always in the pool's favour, and by
  at most a few wei per operation on the pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

BPS = 10_000
TOKEN = 10**18
VIRTUAL_SHARES = 10**3
VIRTUAL_TOKENS = 1
REWARD_SCALE = 10**36
MAX_SLASH_BPS = 1_000
EQUIVOCATION_SLASH_BPS = 500
WEIGHT_CAP = 1_000 * TOKEN
RATING_FEE_BPS = 1_000
MAX_THAW_REQUESTS = 8

ACTIVE, PAUSED, RETIRED = 0, 1, 2


def to_shares_down(tokens: int, total_tokens: int, total_shares: int) -> int:
    return tokens * (total_shares + VIRTUAL_SHARES) // (total_tokens + VIRTUAL_TOKENS)


def to_tokens_down(shares: int, total_tokens: int, total_shares: int) -> int:
    return shares * (total_tokens + VIRTUAL_TOKENS) // (total_shares + VIRTUAL_SHARES)


def bps_up(amount: int, bps: int) -> int:
    return -(-amount * bps // BPS)


def bps_down(amount: int, bps: int) -> int:
    return amount * bps // BPS


# ---------------------------------------------------------------------------------- registry


@dataclass
class AssetGhost:
    owner: str
    kind: int
    price: int
    parents: list[tuple[int, int]]
    operator: str | None  # None: the owner signs receipts
    operator_key: bytes | None
    status: int = ACTIVE
    versions: int = 1

    def signer(self) -> str:
        return self.operator or self.owner


# ---------------------------------------------------------------------------------- staking


@dataclass
class ThawGhost:
    shares: int
    thaw_end: int
    ideal: Fraction  # tokens the request is entitled to (slashed pro rata like the thawing pool)


@dataclass
class StakerGhost:
    self_shares: int = 0
    delegated_shares: int = 0
    reward_per_share_paid: int = 0
    accrued_rewards: int = 0
    thaws: list[ThawGhost] = field(default_factory=list)
    ideal_self: Fraction = Fraction(0)
    ideal_delegated: Fraction = Fraction(0)
    ideal_rewards: Fraction = Fraction(0)  # earned, not yet claimed


@dataclass
class PoolGhost:
    """Exact mirror of `StakingPool.Pool` plus the ideal entitlements of its stakers."""

    active_tokens: int = 0
    active_shares: int = 0
    thawing_tokens: int = 0
    thawing_shares: int = 0
    delegated_shares: int = 0
    owner_rewards: int = 0
    reward_per_share: int = 0
    reward_remainder: int = 0
    cut_bps: int = 0
    pending_cut_bps: int = 0
    pending_cut_effective_at: int = 0
    stakers: dict[str, StakerGhost] = field(default_factory=dict)
    #: Operations that may each lose up to a wei of a staker's ideal value to rounding.
    ops: int = 0

    def staker(self, address: str) -> StakerGhost:
        return self.stakers.setdefault(address, StakerGhost())

    def effective_cut(self, now: int) -> int:
        return self.pending_cut_bps if now >= self.pending_cut_effective_at else self.cut_bps

    def pending_rewards(self, address: str) -> int:
        position = self.stakers.get(address)
        if position is None:
            return 0
        delta = self.reward_per_share - position.reward_per_share_paid
        return position.accrued_rewards + position.delegated_shares * delta // REWARD_SCALE

    def preview_shares(self, amount: int) -> int:
        return to_shares_down(amount, self.active_tokens, self.active_shares)

    def value_of(self, shares: int) -> int:
        return to_tokens_down(shares, self.active_tokens, self.active_shares)

    def thawing_value_of(self, shares: int) -> int:
        return to_tokens_down(shares, self.thawing_tokens, self.thawing_shares)

    def total_stake(self) -> int:
        return self.active_tokens + self.thawing_tokens

    def slash_cap(self) -> int:
        return self.total_stake() * MAX_SLASH_BPS // BPS

    # -- mutations mirroring the contract (the caller checked the preconditions) -------------

    def _settle(self, position: StakerGhost) -> None:
        if self.reward_per_share == position.reward_per_share_paid:
            return
        if position.delegated_shares:
            delta = self.reward_per_share - position.reward_per_share_paid
            position.accrued_rewards += position.delegated_shares * delta // REWARD_SCALE
        position.reward_per_share_paid = self.reward_per_share

    def add_stake(self, address: str, amount: int, delegated: bool) -> int:
        position = self.staker(address)
        if delegated:
            self._settle(position)
        shares = self.preview_shares(amount)
        assert shares > 0
        self.active_tokens += amount
        self.active_shares += shares
        if delegated:
            position.delegated_shares += shares
            self.delegated_shares += shares
            position.ideal_delegated += amount
        else:
            position.self_shares += shares
            position.ideal_self += amount
        self.ops += 1
        return shares

    def start_thaw(self, address: str, shares: int, delegated: bool, thaw_end: int) -> int:
        position = self.stakers[address]
        if delegated:
            self._settle(position)
            ideal = position.ideal_delegated * shares / position.delegated_shares
            position.ideal_delegated -= ideal
            position.delegated_shares -= shares
            self.delegated_shares -= shares
        else:
            ideal = position.ideal_self * shares / position.self_shares
            position.ideal_self -= ideal
            position.self_shares -= shares
        tokens = self.value_of(shares)
        assert tokens > 0
        thawing_shares = to_shares_down(tokens, self.thawing_tokens, self.thawing_shares)
        self.active_tokens -= tokens
        self.active_shares -= shares
        self.thawing_tokens += tokens
        self.thawing_shares += thawing_shares
        position.thaws.append(ThawGhost(thawing_shares, thaw_end, ideal))
        self.ops += 1
        return tokens

    def matured(self, address: str, now: int) -> list[ThawGhost]:
        matured = []
        for request in self.stakers.get(address, StakerGhost()).thaws:
            if request.thaw_end > now:
                break
            matured.append(request)
        return matured

    def withdraw(self, address: str, now: int) -> tuple[int, Fraction]:
        """Pays the matured requests; returns (tokens paid, their ideal entitlement)."""
        position = self.stakers[address]
        matured = self.matured(address, now)
        assert matured
        shares = sum(r.shares for r in matured)
        tokens = self.thawing_value_of(shares)
        self.thawing_tokens -= tokens
        self.thawing_shares -= shares
        del position.thaws[: len(matured)]
        self.ops += 1
        return tokens, sum((r.ideal for r in matured), Fraction(0))

    def deposit_fees(self, amount: int, now: int) -> tuple[int, int]:
        delegator_part = 0
        if self.delegated_shares:
            delegator_part = amount * self.effective_cut(now) // BPS
            if delegator_part:
                scaled = delegator_part * REWARD_SCALE + self.reward_remainder
                self.reward_per_share += scaled // self.delegated_shares
                self.reward_remainder = scaled % self.delegated_shares
                for position in self.stakers.values():
                    if position.delegated_shares:
                        position.ideal_rewards += Fraction(
                            delegator_part * position.delegated_shares, self.delegated_shares
                        )
                self.ops += 1
        owner_part = amount - delegator_part
        self.owner_rewards += owner_part
        return owner_part, delegator_part

    def claim(self, address: str, is_owner: bool) -> tuple[int, int]:
        position = self.staker(address)
        self._settle(position)
        delegator_rewards = position.accrued_rewards
        position.accrued_rewards = 0
        position.ideal_rewards -= delegator_rewards  # the rounding dust stays owed in the ideal
        self.ops += 1  # each settle may floor away < 1 wei of the ideal
        owner_rewards = 0
        if is_owner:
            owner_rewards, self.owner_rewards = self.owner_rewards, 0
        return delegator_rewards, owner_rewards

    def set_cut(self, new_cut: int, effective_at: int, now: int) -> None:
        self.cut_bps = self.effective_cut(now)
        self.pending_cut_bps = new_cut
        self.pending_cut_effective_at = effective_at

    def slash(self, amount: int) -> int:
        total = self.total_stake()
        assert amount <= total * MAX_SLASH_BPS // BPS
        if amount == 0:
            return 0
        from_active = amount * self.active_tokens // total
        from_thawing = amount * self.thawing_tokens // total
        if from_active:
            keep = Fraction(self.active_tokens - from_active, self.active_tokens)
            for position in self.stakers.values():
                position.ideal_self *= keep
                position.ideal_delegated *= keep
        if from_thawing:
            keep = Fraction(self.thawing_tokens - from_thawing, self.thawing_tokens)
            for position in self.stakers.values():
                for request in position.thaws:
                    request.ideal *= keep
        self.active_tokens -= from_active
        self.thawing_tokens -= from_thawing
        self.ops += 1
        return from_active + from_thawing


# ---------------------------------------------------------------------------------- payments


@dataclass
class LaneGhost:
    """A (consumer, asset) lane: payable balance, what vouchers paid, and the pending thaw."""

    balance: int = 0
    redeemed: int = 0
    thaw_amount: int = 0
    thaw_ready_at: int = 0

    def coverage(self) -> int:
        return max(0, self.balance - self.thaw_amount)


@dataclass
class SessionKeyGhost:
    spend_cap: int = 0
    spent: int = 0
    expiry: int = 0
    pending_cap: int = 0
    pending_cap_at: int = 0
    scoped_at: int = 0
    highest_cap: int = 0  # a lowered cap may end below `spent` (that stops the key)

    def cap_in_force(self, now: int) -> int:
        return self.pending_cap if self.pending_cap_at and now >= self.pending_cap_at else self.spend_cap


@dataclass
class PromiseGhost:
    """The provider's guarantee for a voucher covered at `made_at`: until `until`, the lane keeps at
    least `floor` minus what was paid to the asset since (only payments to the asset may lower it)."""

    consumer: str
    asset_id: int
    floor: int
    until: int


@dataclass
class SignedVoucherGhost:
    consumer: str
    asset_id: int
    cumulative: int
    deadline: int
    signer: str
    signature: bytes


# ---------------------------------------------------------------------------------- disputes

OPEN, UPHELD, REJECTED, TIMED_OUT = 1, 2, 3, 4


@dataclass
class DisputeGhost:
    asset_id: int
    reporter: str
    deadline: int
    consumer: str | None
    bond: int
    refund_claim: int
    status: int = OPEN


# ---------------------------------------------------------------------------------- the whole


@dataclass
class Ghost:
    """Everything the marketplace owes, per party, plus the token balance of every holder."""

    supply: int
    wallets: dict[str, int]
    assets: dict[int, AssetGhost] = field(default_factory=dict)
    pools: dict[int, PoolGhost] = field(default_factory=dict)
    # UsagePayments
    free: dict[str, int] = field(default_factory=dict)
    lanes: dict[tuple[str, int], LaneGhost] = field(default_factory=dict)
    paid_per_call: dict[tuple[str, int], int] = field(default_factory=dict)
    max_signed: dict[tuple[str, int], int] = field(default_factory=dict)
    vouchers: list[SignedVoucherGhost] = field(default_factory=list)
    session_keys: dict[tuple[str, str], SessionKeyGhost] = field(default_factory=dict)
    #: (consumer, key, asset) -> [allowedUntil, spent]
    key_assets: dict[tuple[str, str, int], list[int]] = field(default_factory=dict)
    pending_revenue: dict[int, int] = field(default_factory=dict)
    royalties: dict[int, int] = field(default_factory=dict)
    protocol_fees: int = 0
    promises: list[PromiseGhost] = field(default_factory=list)
    protocol_fee_bps: int = 100
    withdraw_delay: int = 86_400
    # Reputation: (consumer, asset) -> (score, weight); the highest weight the fee was paid for
    ratings: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)
    rating_paid_for: dict[tuple[str, int], int] = field(default_factory=dict)
    # Disputes
    disputes: dict[int, DisputeGhost] = field(default_factory=dict)
    dispute_claimable: dict[str, int] = field(default_factory=dict)
    proven: set[tuple[int, int, bytes]] = field(default_factory=set)
    min_bond: int = 100 * TOKEN
    resolution_window: int = 7 * 86_400
    reporter_reward_bps: int = 2_000
    # StakingPool parameters
    thawing_period: int = 14 * 86_400
    cut_change_delay: int = 7 * 86_400
    min_self_stake: int = 1_000 * TOKEN
    #: Tokens sent straight to a contract (no one's liability; they must never be paid out).
    donations: dict[str, int] = field(default_factory=dict)

    # -- token movements ---------------------------------------------------------------------

    def move(self, source: str, target: str, amount: int) -> None:
        assert self.wallets[source] >= amount, f"ghost: {source} cannot pay {amount}"
        self.wallets[source] -= amount
        self.wallets[target] = self.wallets.get(target, 0) + amount

    # -- registry ----------------------------------------------------------------------------

    def is_serving(self, asset_id: int) -> bool:
        asset = self.assets[asset_id]
        if asset.status != ACTIVE:
            return False
        pool = self.pools[asset_id]
        owner = pool.stakers.get(asset.owner)
        shares = owner.self_shares if owner else 0
        return pool.value_of(shares) >= self.min_self_stake

    # -- payments ----------------------------------------------------------------------------

    def lane(self, consumer: str, asset_id: int) -> LaneGhost:
        return self.lanes.setdefault((consumer, asset_id), LaneGhost())

    def redeemed(self, consumer: str, asset_id: int) -> int:
        lane = self.lanes.get((consumer, asset_id))
        return lane.redeemed if lane else 0

    def spent_by(self, consumer: str, asset_id: int) -> int:
        return self.redeemed(consumer, asset_id) + self.paid_per_call.get((consumer, asset_id), 0)

    def asset_reason(self, asset_id: int) -> str | None:
        asset = self.assets.get(asset_id)
        if asset is None:
            return "UnknownAsset"
        return "AssetRetired" if asset.status == RETIRED else None

    def key_asset(self, consumer: str, key: str, asset_id: int) -> list[int]:
        return self.key_assets.setdefault((consumer, key, asset_id), [0, 0])

    def settle(self, voucher: SignedVoucherGhost, now: int, apply: bool = True) -> tuple[str | None, int, tuple]:
        """Mirror of `UsagePayments._redeem` (rule order of payments-v2.md): (rejection or None, paid,
        error args). Applies the effects (lane, key spend) unless `apply` is False."""
        consumer, asset_id = voucher.consumer, voucher.asset_id
        if now > voucher.deadline:
            return "VoucherExpired", 0, (consumer, asset_id, voucher.deadline)
        lane = self.lane(consumer, asset_id)
        if voucher.cumulative <= lane.redeemed:
            return "VoucherStale", 0, (consumer, asset_id, voucher.cumulative, lane.redeemed)
        reason = self.asset_reason(asset_id)
        if reason is not None:
            return reason, 0, (asset_id,)
        owed = voucher.cumulative - lane.redeemed
        paid = min(owed, lane.balance)
        key = None
        if voucher.signer != consumer:
            key = self.session_keys.get((consumer, voucher.signer))
            if key is None:
                return "InvalidSigner", 0, (consumer, voucher.signer)
            if now > key.expiry:
                return "ExpiredSessionKey", 0, (consumer, voucher.signer, key.expiry)
            record = self.key_assets.get((consumer, voucher.signer, asset_id), [0, 0])
            if key.scoped_at and now >= key.scoped_at and now > record[0]:
                return "SessionKeyOutOfScope", 0, (consumer, voucher.signer, asset_id)
            cap = key.cap_in_force(now)
            if key.spent >= cap or owed > cap - key.spent:
                return "SessionKeyCapExceeded", 0, (consumer, voucher.signer, cap, key.spent, owed)
        if paid == 0:
            return "LaneEmpty", 0, (consumer, asset_id, owed)
        if apply:
            if key is not None:
                key.spent += paid
                self.key_asset(consumer, voucher.signer, asset_id)[1] += paid
            self.pay_lane(consumer, asset_id, paid)
            lane.redeemed += paid
        return None, paid, ()

    def pay_lane(self, consumer: str, asset_id: int, amount: int) -> None:
        """`amount` leaves the lane to the asset's pending revenue (a voucher or payPerCall)."""
        self.lane(consumer, asset_id).balance -= amount
        self.pending_revenue[asset_id] = self.pending_revenue.get(asset_id, 0) + amount
        for promise in self.promises:
            if (promise.consumer, promise.asset_id) == (consumer, asset_id):
                promise.floor -= amount

    def settle_revenue(self, asset_id: int, payments: str, staking: str, now: int) -> int:
        """Mirror of `settle`: split the pending revenue once, StakingPool pulls its part; returns it."""
        amount = self.pending_revenue.get(asset_id, 0)
        if amount == 0:
            return 0
        self.pending_revenue[asset_id] = 0
        fee = bps_up(amount, self.protocol_fee_bps)
        self.protocol_fees += fee
        royalties = 0
        for parent_id, royalty_bps in self.assets[asset_id].parents:
            royalty = bps_down(amount, royalty_bps)
            if royalty:
                self.royalties[parent_id] = self.royalties.get(parent_id, 0) + royalty
                royalties += royalty
        to_staking = amount - fee - royalties
        assert to_staking >= 0
        if to_staking:
            self.pools[asset_id].deposit_fees(to_staking, now)
            self.move(payments, staking, to_staking)
        return amount

    # -- liabilities (what each contract owes) -----------------------------------------------

    def payments_liabilities(self) -> int:
        held = sum(self.free.values()) + sum(lane.balance for lane in self.lanes.values())
        return held + sum(self.pending_revenue.values()) + sum(self.royalties.values()) + self.protocol_fees

    def disputes_liabilities(self) -> int:
        open_bonds = sum(d.bond for d in self.disputes.values() if d.status == OPEN)
        return open_bonds + sum(self.dispute_claimable.values())

    def staking_liabilities(self) -> int:
        """Tokens the pools account for, plus every delegator's claimable rewards (rounded down).

        Covered by StakingPool's balance (UsagePayments pays in tokens at settlement)."""
        total = 0
        for pool in self.pools.values():
            total += pool.active_tokens + pool.thawing_tokens + pool.owner_rewards
            total += sum(pool.pending_rewards(address) for address in pool.stakers)
        return total

    def staking_reward_dust_bound(self) -> int:
        """Undistributed reward dust: each settle or deposit leaves < 1 wei per delegator."""
        return sum(pool.ops * (len(pool.stakers) + 1) + 1 for pool in self.pools.values())
