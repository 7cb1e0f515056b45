"""The ghost model: what every party is owed, kept in plain Python next to the chain.

Two layers, Liquity v2 style:

* an exact mirror of each contract's integer accounting (share math, reward accumulator, fee
  split, escrow, dispute payouts) — the specification the chain must equal after every step;
* an *ideal* model in exact rationals (`Fraction`) of what each staker and delegator is entitled
  to (their deposits, minus their pro-rata part of every slash; their pro-rata part of every
  second of the reward stream they were delegated for: time-weighted). The mirror may only
  differ from it by rounding, always in the pool's favour, and by at most a few wei per
  operation on the pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

BPS = 10_000
TOKEN = 10**18
VIRTUAL_SHARES = 10**3
VIRTUAL_TOKENS = 1
REWARD_SCALE = 10**36
REWARD_STREAM_PERIOD = 7 * 86_400
REWARD_RATE_SCALE = 10**12
RATE_TO_REWARD = REWARD_SCALE // REWARD_RATE_SCALE
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
    ideal: Fraction  # tokens the request is entitled to (slashed like its thawing pool)
    delegated: bool = False
    epoch: int = 0  # self requests: the self thawing pool's epoch


@dataclass
class StakerGhost:
    self_shares: int = 0
    self_epoch: int = 0
    delegated_shares: int = 0
    reward_per_share_paid: int = 0
    accrued_rewards: int = 0
    thaws: list[ThawGhost] = field(default_factory=list)
    ideal_self: Fraction = Fraction(0)
    ideal_delegated: Fraction = Fraction(0)
    ideal_rewards: Fraction = Fraction(0)  # earned, not yet claimed


@dataclass
class SharePool:
    """One share pool (tokens, shares, epoch) of a StakingPool asset."""

    tokens: int = 0
    shares: int = 0
    epoch: int = 0

    def to_shares(self, amount: int) -> int:
        return to_shares_down(amount, self.tokens, self.shares)

    def to_tokens(self, shares: int) -> int:
        return to_tokens_down(shares, self.tokens, self.shares)


@dataclass
class PoolGhost:
    """Exact mirror of `StakingPool.Pool` (separate self and delegated pools, each with a thawing
    pool; first-loss slashing; per-window cap; withdrawal freeze) plus ideal entitlements."""

    self_pool: SharePool = field(default_factory=SharePool)
    delegated_pool: SharePool = field(default_factory=SharePool)
    self_thawing: SharePool = field(default_factory=SharePool)
    delegated_thawing: SharePool = field(default_factory=SharePool)
    owner_rewards: int = 0
    frozen_until: int = 0
    slash_window_start: int = 0
    slash_window_cap: int = 0
    slashed_in_window: int = 0
    reward_per_share: int = 0
    reward_remainder: int = 0
    cut_bps: int = 0
    pending_cut_bps: int = 0
    pending_cut_effective_at: int = 0
    #: the reward stream (RewardMath): rate per second × REWARD_RATE_SCALE, end, released up to
    reward_rate: int = 0
    stream_end: int = 0
    stream_updated_at: int = 0
    stakers: dict[str, StakerGhost] = field(default_factory=dict)
    #: Operations that may each lose up to a wei of a staker's ideal value to rounding.
    ops: int = 0

    @property
    def delegated_shares(self) -> int:
        return self.delegated_pool.shares

    def staker(self, address: str) -> StakerGhost:
        return self.stakers.setdefault(address, StakerGhost())

    def self_shares_of(self, position: StakerGhost) -> int:
        return position.self_shares if position.self_epoch == self.self_pool.epoch else 0

    def effective_cut(self, now: int) -> int:
        return self.pending_cut_bps if now >= self.pending_cut_effective_at else self.cut_bps

    @property
    def reward_stream(self) -> int:
        """`Pool.rewardStream`, packed as RewardMath.packStream."""
        return self.reward_rate << 96 | self.stream_end << 48 | self.stream_updated_at

    def _unreleased_scaled(self, now: int) -> int:
        """What a release at `now` would credit (REWARD_SCALE units)."""
        if self.reward_rate == 0:
            return 0
        return self.reward_rate * (min(now, self.stream_end) - self.stream_updated_at) * RATE_TO_REWARD

    def pending_rewards(self, address: str, now: int | None = None) -> int:
        """`pendingRewards` at `now` (None: as booked, without releasing the stream)."""
        position = self.stakers.get(address)
        if position is None:
            return 0
        reward_per_share = self.reward_per_share
        if now is not None and self.delegated_shares:
            reward_per_share += (self._unreleased_scaled(now) + self.reward_remainder) // self.delegated_shares
        delta = reward_per_share - position.reward_per_share_paid
        return position.accrued_rewards + position.delegated_shares * delta // REWARD_SCALE

    def owner_claimable(self, now: int) -> int:
        """The owner balance a claim at `now` pays (stream seconds without delegators included)."""
        if self.delegated_shares:
            return self.owner_rewards
        return self.owner_rewards + self._unreleased_scaled(now) // REWARD_SCALE

    def stream_left(self) -> int:
        """Tokens the stream has not released yet (rounded down)."""
        return self.reward_rate * (self.stream_end - self.stream_updated_at) // REWARD_RATE_SCALE if self.reward_rate else 0

    def active_pool(self, delegated: bool) -> SharePool:
        return self.delegated_pool if delegated else self.self_pool

    def thaw_value(self, shares: int, delegated: bool) -> int:
        """Tokens that thawing `shares` active shares would move (0: the contract reverts ZeroAmount)."""
        return self.active_pool(delegated).to_tokens(shares)

    def request_value(self, request: ThawGhost) -> int:
        if request.delegated:
            return self.delegated_thawing.to_tokens(request.shares)
        if request.epoch != self.self_thawing.epoch:
            return 0
        return self.self_thawing.to_tokens(request.shares)

    def total_stake(self) -> int:
        return self.self_pool.tokens + self.delegated_pool.tokens + self.self_thawing.tokens + self.delegated_thawing.tokens

    def slash_cap(self, now: int, thawing_period: int) -> int:
        per_slash = self.total_stake() * MAX_SLASH_BPS // BPS
        if self.slash_window_start == 0 or now >= self.slash_window_start + thawing_period:
            return per_slash
        return min(per_slash, self.slash_window_cap - self.slashed_in_window)

    # -- mutations mirroring the contract (the caller checked the preconditions) -------------

    def _credit(self, scaled: int) -> None:
        """RewardMath._credit; the ideal gives each delegator its exact pro-rata part of `scaled`."""
        shares = self.delegated_shares
        self.ops += 1
        if shares == 0:
            self.owner_rewards += scaled // REWARD_SCALE
            return
        for position in self.stakers.values():
            if position.delegated_shares:
                position.ideal_rewards += Fraction(scaled * position.delegated_shares, shares * REWARD_SCALE)
        scaled += self.reward_remainder
        self.reward_per_share += scaled // shares
        self.reward_remainder = scaled % shares

    def release(self, now: int) -> None:
        """RewardMath.release: the stream up to `now` (or its end) into the accumulator."""
        rate = self.reward_rate
        if rate == 0:
            return
        until = min(now, self.stream_end)
        if until == self.stream_updated_at:
            return
        elapsed = until - self.stream_updated_at
        self.stream_updated_at = until
        if until == self.stream_end:
            self.reward_rate = 0
        self._credit(rate * elapsed * RATE_TO_REWARD)

    def _restream(self, delegator_part: int, now: int) -> None:
        total = delegator_part * REWARD_RATE_SCALE
        if now < self.stream_end:
            total += self.reward_rate * (self.stream_end - now)
        self.reward_rate = total // REWARD_STREAM_PERIOD
        self.stream_end, self.stream_updated_at = now + REWARD_STREAM_PERIOD, now
        dust = total - self.reward_rate * REWARD_STREAM_PERIOD
        if dust:
            self._credit(dust * RATE_TO_REWARD)

    def _settle(self, position: StakerGhost, now: int) -> None:
        self.release(now)
        if self.reward_per_share == position.reward_per_share_paid:
            return
        if position.delegated_shares:
            delta = self.reward_per_share - position.reward_per_share_paid
            position.accrued_rewards += position.delegated_shares * delta // REWARD_SCALE
        position.reward_per_share_paid = self.reward_per_share

    def add_stake(self, address: str, amount: int, delegated: bool, now: int = 0) -> int:
        position = self.staker(address)
        pool = self.active_pool(delegated)
        if delegated:
            self._settle(position, now)
        shares = pool.to_shares(amount)
        assert shares > 0
        pool.tokens += amount
        pool.shares += shares
        if delegated:
            position.delegated_shares += shares
            position.ideal_delegated += amount
        else:
            if position.self_epoch != self.self_pool.epoch:  # void shares of an emptied epoch
                position.self_shares, position.self_epoch, position.ideal_self = 0, self.self_pool.epoch, Fraction(0)
            position.self_shares += shares
            position.ideal_self += amount
        self.ops += 1
        return shares

    def start_thaw(self, address: str, shares: int, delegated: bool, thaw_end: int, now: int) -> int:
        position = self.stakers[address]
        if delegated:
            self._settle(position, now)
            ideal = position.ideal_delegated * shares / position.delegated_shares
            position.ideal_delegated -= ideal
            position.delegated_shares -= shares
        else:
            ideal = position.ideal_self * shares / position.self_shares
            position.ideal_self -= ideal
            position.self_shares -= shares
        pool = self.active_pool(delegated)
        thawing = self.delegated_thawing if delegated else self.self_thawing
        tokens = pool.to_tokens(shares)
        assert tokens > 0
        thawing_shares = thawing.to_shares(tokens)
        pool.tokens -= tokens
        pool.shares -= shares
        thawing.tokens += tokens
        thawing.shares += thawing_shares
        position.thaws.append(ThawGhost(thawing_shares, thaw_end, ideal, delegated, thawing.epoch))
        self.ops += 1
        return tokens

    def matured(self, address: str, now: int, max_freeze: int = 14 * 86_400) -> list[ThawGhost]:
        frozen = self.frozen_until > now
        matured = []
        for request in self.stakers.get(address, StakerGhost()).thaws:
            if request.thaw_end > now or (frozen and now < request.thaw_end + max_freeze):
                break
            matured.append(request)
        return matured

    def withdraw(self, address: str, now: int) -> tuple[int, Fraction]:
        """Pays the matured requests; returns (tokens paid, their ideal entitlement)."""
        position = self.stakers[address]
        matured = self.matured(address, now)
        assert matured
        self_shares = sum(r.shares for r in matured if not r.delegated and r.epoch == self.self_thawing.epoch)
        delegated_shares = sum(r.shares for r in matured if r.delegated)
        tokens = 0
        for pool, shares in ((self.self_thawing, self_shares), (self.delegated_thawing, delegated_shares)):
            if shares:
                part = pool.to_tokens(shares)
                pool.tokens -= part
                pool.shares -= shares
                tokens += part
        del position.thaws[: len(matured)]
        self.ops += 1
        return tokens, sum((r.ideal for r in matured), Fraction(0))

    def deposit_fees(self, amount: int, now: int) -> tuple[int, int]:
        """The owner part at once; the delegators' part into the stream (RewardMath.accrue)."""
        self.release(now)
        delegator_part = 0
        if self.delegated_shares:
            delegator_part = amount * self.effective_cut(now) // BPS
            if delegator_part:
                self._restream(delegator_part, now)
        owner_part = amount - delegator_part
        self.owner_rewards += owner_part
        return owner_part, delegator_part

    def claim(self, address: str, is_owner: bool, now: int) -> tuple[int, int]:
        position = self.staker(address)
        self._settle(position, now)
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

    def _scale_self(self, thawing: bool, keep: Fraction) -> None:
        for position in self.stakers.values():
            if thawing:
                for request in position.thaws:
                    if not request.delegated:
                        request.ideal *= keep
            else:
                position.ideal_self *= keep

    def slash(self, amount: int, now: int, thawing_period: int) -> tuple[int, int]:
        """First loss, clamped to the cap; returns (slashed, from self-stake)."""
        total = self.total_stake()
        cap = total * MAX_SLASH_BPS // BPS
        if self.slash_window_start == 0 or now >= self.slash_window_start + thawing_period:
            self.slash_window_start, self.slash_window_cap, self.slashed_in_window = now, cap, 0
        else:
            cap = min(cap, self.slash_window_cap - self.slashed_in_window)
        amount = min(amount, cap)
        if amount == 0:
            return 0, 0
        from_self = 0
        for pool, thawing in ((self.self_pool, False), (self.self_thawing, True)):
            take = min(amount - from_self, pool.tokens)
            if pool.tokens and take:
                self._scale_self(thawing, Fraction(pool.tokens - take, pool.tokens))
                pool.tokens -= take
                from_self += take
                if pool.tokens == 0 and pool.shares:
                    pool.shares = 0
                    pool.epoch += 1
        rest = amount - from_self
        from_delegated = 0
        active, thawing = self.delegated_pool.tokens, self.delegated_thawing.tokens
        if rest and active + thawing:
            rest = min(rest, active + thawing)
            from_active = rest * active // (active + thawing)
            from_thawing = rest * thawing // (active + thawing)
            if from_active:
                keep = Fraction(active - from_active, active)
                for position in self.stakers.values():
                    position.ideal_delegated *= keep
            if from_thawing:
                keep = Fraction(thawing - from_thawing, thawing)
                for position in self.stakers.values():
                    for request in position.thaws:
                        if request.delegated:
                            request.ideal *= keep
            self.delegated_pool.tokens -= from_active
            self.delegated_thawing.tokens -= from_thawing
            from_delegated = from_active + from_thawing
        slashed = from_self + from_delegated
        self.slashed_in_window += slashed
        self.ops += 1
        return slashed, from_self


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
    highest_cap: int = 0  # a lowered cap may end below what the key spent on an asset (that stops it there)

    def cap_in_force(self, now: int) -> int:
        return self.pending_cap if self.pending_cap_at and now >= self.pending_cap_at else self.spend_cap


@dataclass
class SignedVoucherGhost:
    consumer: str
    asset_id: int
    cumulative: int
    deadline: int
    signer: str
    signature: bytes


@dataclass
class PromiseGhost:
    """The provider's guarantee for a voucher covered at `made_at`: until `until`, the lane keeps at
    least `floor` minus what was paid to the asset since (only payments to the asset may lower it),
    and a key-signed `voucher` stays within its key's expiry, scope and cap (whatever the key pays
    other assets), until `until` (also bounded by narrowings already scheduled when it was made)."""

    consumer: str
    asset_id: int
    floor: int
    until: int
    voucher: SignedVoucherGhost | None = None


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
        shares = pool.self_shares_of(owner) if owner else 0
        return pool.self_pool.to_tokens(shares) >= self.min_self_stake

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
            cap = key.cap_in_force(now)  # bounds what the key pays each asset (`keySpentOn`)
            spent_on = record[1]
            if spent_on >= cap or owed > cap - spent_on:
                return "SessionKeyCapExceeded", 0, (consumer, voucher.signer, cap, spent_on, owed)
        if paid == 0:
            return "LaneEmpty", 0, (consumer, asset_id, owed)
        if apply:
            if key is not None:
                key.spent = min(key.spent + paid, 2**104 - 1)  # informational total, saturating
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
        """Tokens the pools account for, plus every delegator's booked rewards and what the reward
        streams have not released yet (rounded down).

        Covered by StakingPool's balance (UsagePayments pays in tokens at settlement)."""
        total = 0
        for pool in self.pools.values():
            total += pool.total_stake() + pool.owner_rewards + pool.stream_left()
            total += sum(pool.pending_rewards(address) for address in pool.stakers)
        return total

    def staking_reward_dust_bound(self) -> int:
        """Undistributed reward dust: each settle or deposit leaves < 1 wei per delegator."""
        return sum(pool.ops * (len(pool.stakers) + 1) + 1 for pool in self.pools.values())
