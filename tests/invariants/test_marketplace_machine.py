"""Whole-system stateful test: random sequences of every user action on the deployed marketplace,
checked after every step against a Python ghost model (see `ghost.py`), then a full exit.

Actors: 3 owners, 3 delegators (2 + an owner delegating elsewhere), 2 consumers with 2 session
keys each (impersonated on anvil so they can also `rateFor`), a stranger (reporter, relayer,
donor), the arbiter and the treasury. Rules are grouped by contract; most are valid actions, a few
try invalid ones and assert the exact custom error (revert data compared byte for byte).

After every step (one batched JSON-RPC read):
* token: every holder's balance equals the ghost's, total supply is constant, the ghost's
  balances add up to the supply (nothing created or destroyed);
* conservation: UsagePayments and Disputes hold exactly their liabilities (+ donations),
  StakingPool at least its liabilities and at most a bounded rounding dust more;
* every contract view equals the ghost's exact mirror (free balances, lanes and their thaws,
  redeemed, pay-per-call, pending revenue, session keys and their per-asset spend and scope,
  royalties, fees, pools, stakers, thaw requests, pending rewards, ratings, totals, disputes,
  claimables);
* vouchers: redeemed ≤ the highest amount the consumer signed per (consumer, asset); what a
  consumer paid overall equals deposits − withdrawals − free balance − lane balances;
* the provider's guarantee: for every voucher covered by its lane when it was signed, until the
  withdrawal delay has passed, the lane holds at least its coverage then minus what was paid to
  that asset since (only payments to the asset itself may lower it) — whatever the consumer did;
* pools: stakers' values sum to ≤ the pool's tokens (rounding favours the pool) and each staker's
  stake and rewards are within a few wei (per operation) *below or at* its ideal entitlement
  (rewards: its pro-rata part of each second of the reward stream while it was delegated);
* reputation: totals equal sums over the current ratings, count equals the number of raters; each
  rating's fee high-water mark matches; Reputation holds exactly the unswept rating fees.

Slash caps are checked where slashes happen. Teardown: everyone exits (lanes, stake, rewards,
royalties, fees, dispute claims) and the contracts must be left with at most rounding dust.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

import pytest
from eth_account import Account
from eth_utils import keccak
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from modelmarket.vouchers import Domain, Receipt, ReceiptSigner, Voucher, VoucherSigner
from tests.conftest import listing
from tests.invariants.ghost import (
    ACTIVE,
    BPS,
    EQUIVOCATION_SLASH_BPS,
    MAX_THAW_REQUESTS,
    OPEN,
    PAUSED,
    REJECTED,
    RETIRED,
    TIMED_OUT,
    TOKEN,
    UPHELD,
    WEIGHT_CAP,
    AssetGhost,
    DisputeGhost,
    Ghost,
    RATING_FEE_BPS,
    PoolGhost,
    PromiseGhost,
    SessionKeyGhost,
    SignedVoucherGhost,
)
from tests.invariants.rpc import Call, Rpc

ZERO_ADDRESS = "0x" + "00" * 20
MAX_UINT = 2**256 - 1
MAX_ASSETS = 6
MAX_PAYOUT_BPS = 5_000  # Disputes: reporter reward + refund <= this share of a slash
MAX_WITHDRAWAL_FREEZE = 14 * 86_400
DAY = 86_400
#: An `eth_call` runs at a timestamp close to, not exactly at, the next block's: reverts that hinge
#: on time are only asserted when the boundary is further away than this.
TIME_MARGIN = 3_600
EVIDENCE = b"\x0e" * 32

amounts = st.one_of(st.integers(1, 3_000).map(lambda n: n * TOKEN), st.integers(1, 2_000 * TOKEN))
picks = st.integers(0, 2**16)
fractions_bps = st.integers(1, BPS)


def pick(sequence: list[Any], index: int) -> Any:
    return sequence[index % len(sequence)]


class MarketplaceMachine(RuleBasedStateMachine):
    """Set from fixtures by `test_marketplace_machine` before running (see `_configure`)."""

    market: ClassVar[Any]
    rpc: ClassVar[Rpc]
    chain: ClassVar[Any]
    deployer: ClassVar[str]
    treasury: ClassVar[str]
    arbiter: ClassVar[str]
    owners: ClassVar[list[str]]
    delegators: ClassVar[list[str]]
    consumers: ClassVar[list[str]]
    stranger: ClassVar[str]
    session_keys: ClassVar[list[Any]]  # eth_account LocalAccounts, impersonated on anvil
    operator_keys: ClassVar[list[Any]]
    private_keys: ClassVar[dict[str, bytes]]
    holders: ClassVar[list[str]]
    voucher_domain: ClassVar[Domain]
    receipt_domain: ClassVar[Domain]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = self.chain.snapshot()
        self.refunded: dict[tuple[str, int], int] = {}
        # what a consumer had paid an asset when the latest dispute naming it was opened (refund bound)
        self.spent_at_open: dict[tuple[str, int], int] = {}
        self.rpc.sync_clock()
        token = self.market.token
        balances = self.rpc.balances(token, self.holders)
        self.ghost = Ghost(supply=self.rpc.read([Call(token, "totalSupply")])[0], wallets=dict(zip(self.holders, balances)))
        self.deposited: dict[str, int] = {}
        self.withdrawn: dict[str, int] = {}
        self.steps = 0
        #: UsagePayments admin changes queued and not executed: parameter -> (value, queued at)
        self.payments_changes: dict[str, tuple[int, int]] = {}

    # ------------------------------------------------------------------ shorthands

    @property
    def token(self) -> Any:
        return self.market.token

    @property
    def registry(self) -> Any:
        return self.market.registry

    @property
    def staking(self) -> Any:
        return self.market.staking

    @property
    def payments(self) -> Any:
        return self.market.payments

    @property
    def reputation(self) -> Any:
        return self.market.reputation

    @property
    def disputes(self) -> Any:
        return self.market.disputes

    @property
    def now(self) -> int:
        return self.rpc.now

    def send(self, contract: Any, method: str, *args: Any, sender: str) -> None:
        self.rpc.send(contract, method, *args, sender=sender)

    def reverts(self, contract: Any, method: str, *args: Any, sender: str, error: str, error_args: tuple) -> None:
        self.rpc.assert_reverts(contract, method, *args, sender=sender, error=(contract, error, error_args))

    def asset_ids(self) -> list[int]:
        return sorted(self.ghost.assets)

    def stakers_of(self, asset_id: int) -> list[str]:
        return list(self.ghost.pools[asset_id].stakers)

    # ------------------------------------------------------------------ setup of each example

    @initialize(prices=st.lists(st.integers(0, 10**17), min_size=2, max_size=2), deposits=st.lists(amounts, min_size=2, max_size=2))
    def start_market(self, prices: list[int], deposits: list[int]) -> None:
        """Two base assets (one with an operator key), both serving; both consumers funded, each with
        a paid voucher per asset (so ratings have spend), the first with an authorised session key."""
        self._list(self.owners[0], kind=1, parents=[], price=prices[0], operator_index=0)
        self._list(self.owners[1], kind=0, parents=[(1, 500)], price=prices[1], operator_index=None)
        for asset_id in (1, 2):
            self._stake(asset_id, self.ghost.min_self_stake)
        for consumer, amount in zip(self.consumers, deposits, strict=True):
            self._deposit(consumer, consumer, amount)
            for asset_id in (1, 2):
                self._allocate(consumer, asset_id, amount // 2)
                self._redeem(self._sign(consumer, asset_id, amount // 10 + 1, 0, 30 * DAY), self.stranger)
        self._authorize(self.consumers[0], self.session_keys[0].address, 10**6 * TOKEN, self.now + 60 * DAY, [])

    # ================================================================== ModelRegistry

    def _list(self, owner: str, *, kind: int, parents: list[tuple[int, int]], price: int, operator_index: int | None) -> None:
        operator = self.operator_keys[operator_index] if operator_index is not None else None
        params = listing(
            kind=kind,
            pricePerCall=price,
            operator=operator.address if operator else ZERO_ADDRESS,
            parents=[(a, b) for a, b in parents],
        )
        total_bps = sum(b for _, b in parents)
        if total_bps > 3_000:
            self.reverts(self.registry, "list", params, sender=owner, error="RoyaltyAboveCap", error_args=(total_bps, 3_000))
            return
        self.send(self.registry, "list", params, sender=owner)
        asset_id = len(self.ghost.assets) + 1
        self.ghost.assets[asset_id] = AssetGhost(
            owner=owner, kind=kind, price=price, parents=parents,
            operator=operator.address if operator else None, operator_key=operator.key if operator else None,
        )
        self.ghost.pools[asset_id] = PoolGhost()

    @rule(owner=picks, kind=st.integers(0, 1), parents=st.lists(st.tuples(picks, st.integers(0, 1_600)), max_size=3),
          price=st.integers(0, 10**17), operator=st.sampled_from([None, 0, 1, 2]))
    def list_asset(self, owner: int, kind: int, parents: list[tuple[int, int]], price: int, operator: int | None) -> None:
        if len(self.ghost.assets) >= MAX_ASSETS:
            return
        lineage = {pick(self.asset_ids(), p): bps for p, bps in parents}  # distinct parents
        self._list(pick(self.owners, owner), kind=kind, parents=list(lineage.items()), price=price, operator_index=operator)

    @rule(owner=picks)
    def list_with_unknown_parent_reverts(self, owner: int) -> None:
        unknown = len(self.ghost.assets) + 5
        params = listing(parents=[(unknown, 100)])
        self.reverts(self.registry, "list", params, sender=pick(self.owners, owner), error="UnknownParent", error_args=(unknown,))

    @rule(asset=picks, sender=picks)
    def publish_version(self, asset: int, sender: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        ghost_asset = self.ghost.assets[asset_id]
        caller = pick(self.owners, sender)
        args = (asset_id, b"\x22" * 32, "ipfs://v2")
        if caller != ghost_asset.owner:
            self.reverts(self.registry, "publishVersion", *args, sender=caller, error="NotAssetOwner",
                         error_args=(asset_id, caller, ghost_asset.owner))
        elif ghost_asset.status == RETIRED:
            self.reverts(self.registry, "publishVersion", *args, sender=caller, error="AssetRetired", error_args=(asset_id,))
        else:
            self.send(self.registry, "publishVersion", *args, sender=caller)
            ghost_asset.versions += 1

    @rule(asset=picks, status=st.sampled_from([ACTIVE, ACTIVE, PAUSED, PAUSED, RETIRED]))
    def set_status(self, asset: int, status: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        ghost_asset = self.ghost.assets[asset_id]
        if ghost_asset.status == RETIRED:
            self.reverts(self.registry, "setStatus", asset_id, status, sender=ghost_asset.owner,
                         error="AssetRetired", error_args=(asset_id,))
        elif ghost_asset.status == status:
            self.reverts(self.registry, "setStatus", asset_id, status, sender=ghost_asset.owner,
                         error="InvalidStatusChange", error_args=(asset_id, status, status))
        else:
            self.send(self.registry, "setStatus", asset_id, status, sender=ghost_asset.owner)
            ghost_asset.status = status

    @rule(asset=picks, to=picks)
    def transfer_asset(self, asset: int, to: int) -> None:
        """Moving the NFT moves the revenue: owner rewards and royalties follow the new owner."""
        asset_id = pick(self.asset_ids(), asset)
        ghost_asset = self.ghost.assets[asset_id]
        new_owner = pick(self.owners, to)
        self.send(self.registry, "transferFrom", ghost_asset.owner, new_owner, asset_id, sender=ghost_asset.owner)
        ghost_asset.owner = new_owner
        ghost_asset.operator = ghost_asset.operator_key = None  # the seller's receipt key stops signing

    # ================================================================== StakingPool

    def _stake(self, asset_id: int, amount: int) -> None:
        owner = self.ghost.assets[asset_id].owner
        self.send(self.staking, "stake", asset_id, amount, sender=owner)
        self.ghost.pools[asset_id].add_stake(owner, amount, delegated=False)
        self.ghost.move(owner, self.staking.address, amount)

    @rule(asset=picks, amount=amounts)
    def stake(self, asset: int, amount: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        if self.ghost.assets[asset_id].status == RETIRED:
            owner = self.ghost.assets[asset_id].owner
            self.reverts(self.staking, "stake", asset_id, amount, sender=owner, error="AssetRetired", error_args=(asset_id,))
            return
        self._stake(asset_id, amount)

    @rule(asset=picks, staker=picks, amount=amounts)
    def stake_by_non_owner_reverts(self, asset: int, staker: int, amount: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        owner = self.ghost.assets[asset_id].owner
        caller = pick(self.delegators + self.consumers, staker)
        if caller == owner:
            return
        self.reverts(self.staking, "stake", asset_id, amount, sender=caller, error="NotAssetOwner",
                     error_args=(asset_id, caller, owner))

    def _delegate(self, delegator: str, asset_id: int, amount: int) -> None:
        self.send(self.staking, "delegateStake", asset_id, amount, sender=delegator)
        self.ghost.pools[asset_id].add_stake(delegator, amount, delegated=True, now=self.now - 1)
        self.ghost.move(delegator, self.staking.address, amount)

    @rule(delegator=picks, asset=picks, amount=amounts)
    def delegate(self, delegator: int, asset: int, amount: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        caller = pick(self.delegators, delegator)
        if self.ghost.assets[asset_id].status == RETIRED:
            self.reverts(self.staking, "delegateStake", asset_id, amount, sender=caller, error="AssetRetired",
                         error_args=(asset_id,))
            return
        self._delegate(caller, asset_id, amount)

    def _start_thaw(self, staker: str, asset_id: int, shares: int, delegated: bool) -> None:
        pool = self.ghost.pools[asset_id]
        method = "undelegate" if delegated else "unstake"
        if len(pool.stakers[staker].thaws) >= MAX_THAW_REQUESTS:
            self.reverts(self.staking, method, asset_id, shares, sender=staker, error="TooManyThawRequests",
                         error_args=(asset_id, staker, MAX_THAW_REQUESTS))
            return
        if pool.thaw_value(shares, delegated) == 0:
            self.reverts(self.staking, method, asset_id, shares, sender=staker, error="ZeroAmount", error_args=())
            return
        self.send(self.staking, method, asset_id, shares, sender=staker)
        pool.start_thaw(staker, shares, delegated, self.now - 1 + self.ghost.thawing_period, self.now - 1)

    @rule(staker=picks, asset=picks, part=fractions_bps, delegated=st.booleans(), too_many=st.booleans())
    def unstake_or_undelegate(self, staker: int, asset: int, part: int, delegated: bool, too_many: bool) -> None:
        asset_id = pick(self.asset_ids(), asset)
        pool = self.ghost.pools[asset_id]
        candidates = [
            address for address, position in pool.stakers.items()
            if (position.delegated_shares if delegated else pool.self_shares_of(position))
        ]
        if not candidates:
            return
        address = pick(candidates, staker)
        position = pool.stakers[address]
        available = position.delegated_shares if delegated else pool.self_shares_of(position)
        method = "undelegate" if delegated else "unstake"
        if too_many and part < 1_000:
            self.reverts(self.staking, method, asset_id, available + 1, sender=address, error="InsufficientShares",
                         error_args=(asset_id, address, available + 1, available))
            return
        shares = max(1, available * part // BPS)
        self._start_thaw(address, asset_id, shares, delegated)

    def _withdraw_stake(self, staker: str, asset_id: int) -> None:
        pool = self.ghost.pools[asset_id]
        self.send(self.staking, "withdraw", asset_id, sender=staker)
        tokens, ideal = pool.withdraw(staker, self.now - 1)
        self.ghost.move(self.staking.address, staker, tokens)
        # Rounding only ever favours the pool, by at most ~1 wei per operation on it.
        assert tokens <= ideal + pool.ops + 1, f"withdraw paid {tokens}, entitled to {float(ideal)}"
        assert tokens >= ideal - pool.ops - 2, f"withdraw paid {tokens}, entitled to {float(ideal)}"

    @rule(staker=picks, asset=picks)
    def withdraw_stake(self, staker: int, asset: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        address = pick(self.owners + self.delegators, staker)
        pool = self.ghost.pools[asset_id]
        thaws = pool.stakers[address].thaws if address in pool.stakers else []
        if thaws and pool.frozen_until and min(
            abs(pool.frozen_until - self.now), abs(thaws[0].thaw_end + MAX_WITHDRAWAL_FREEZE - self.now)
        ) <= TIME_MARGIN:
            return  # a freeze boundary around now
        if pool.matured(address, self.now):
            self._withdraw_stake(address, asset_id)
        elif not pool.stakers.get(address) or not pool.stakers[address].thaws or (
            pool.stakers[address].thaws[0].thaw_end - self.now > TIME_MARGIN
        ):
            self.reverts(self.staking, "withdraw", asset_id, sender=address, error="NothingToWithdraw",
                         error_args=(asset_id, address))

    @rule(asset=picks, cut=st.one_of(st.integers(0, BPS), st.just(BPS + 1)))
    def set_delegator_cut(self, asset: int, cut: int) -> None:
        asset_id = pick(self.asset_ids(), asset)
        owner = self.ghost.assets[asset_id].owner
        if cut > BPS:
            self.reverts(self.staking, "setDelegatorCut", asset_id, cut, sender=owner, error="CutAboveMax",
                         error_args=(cut, BPS))
            return
        self.send(self.staking, "setDelegatorCut", asset_id, cut, sender=owner)
        now = self.now - 1
        self.ghost.pools[asset_id].set_cut(cut, now + self.ghost.cut_change_delay, now)

    def _claim_rewards(self, account: str, asset_id: int) -> None:
        pool = self.ghost.pools[asset_id]
        is_owner = account == self.ghost.assets[asset_id].owner
        # the revert is simulated at the latest block's time; a claim is mined one second later
        owed = pool.pending_rewards(account, self.now - 1) + (pool.owner_claimable(self.now - 1) if is_owner else 0)
        if owed == 0:
            self.reverts(self.staking, "claimRewards", asset_id, sender=account, error="NothingToClaim",
                         error_args=(account,))
            return
        self.send(self.staking, "claimRewards", asset_id, sender=account)
        delegator_rewards, owner_rewards = pool.claim(account, is_owner, self.now - 1)
        self.ghost.move(self.staking.address, account, delegator_rewards + owner_rewards)

    @rule(account=picks, asset=picks, targeted=st.booleans())
    def claim_rewards(self, account: int, asset: int, targeted: bool) -> None:
        owed = [
            (address, asset_id) for asset_id, pool in self.ghost.pools.items() for address in self.owners + self.delegators
            if pool.pending_rewards(address, self.now - 1)
            or (address == self.ghost.assets[asset_id].owner and pool.owner_claimable(self.now - 1))
        ]
        if targeted and owed:
            self._claim_rewards(*pick(owed, account))
        else:
            self._claim_rewards(pick(self.owners + self.delegators, account), pick(self.asset_ids(), asset))

    @rule(asset=picks, amount=amounts)
    def deposit_fees_directly(self, asset: int, amount: int) -> None:
        """Anyone may pay fees straight into a pool (e.g. an off-chain deal)."""
        asset_id = pick(self.asset_ids(), asset)
        self.send(self.staking, "depositFees", asset_id, amount, sender=self.stranger)
        self.ghost.pools[asset_id].deposit_fees(amount, self.now - 1)
        self.ghost.move(self.stranger, self.staking.address, amount)

    # ================================================================== UsagePayments

    def _deposit(self, payer: str, consumer: str, amount: int) -> None:
        if payer == consumer:
            self.send(self.payments, "deposit", amount, sender=consumer)
        else:
            self.send(self.payments, "depositFor", consumer, amount, sender=payer)
        self.ghost.free[consumer] = self.ghost.free.get(consumer, 0) + amount
        self.ghost.move(payer, self.payments.address, amount)
        self.deposited[consumer] = self.deposited.get(consumer, 0) + amount

    @rule(consumer=picks, amount=amounts, by_stranger=st.booleans())
    def deposit(self, consumer: int, amount: int, by_stranger: bool) -> None:
        address = pick(self.consumers, consumer)
        self._deposit(self.stranger if by_stranger else address, address, amount)

    def _withdraw_free(self, consumer: str, amount: int) -> None:
        free = self.ghost.free.get(consumer, 0)
        if amount > free:
            self.reverts(self.payments, "withdraw", amount, sender=consumer, error="InsufficientFreeBalance",
                         error_args=(consumer, free, amount))
            return
        self.send(self.payments, "withdraw", amount, sender=consumer)
        self.ghost.free[consumer] = free - amount
        self.ghost.move(self.payments.address, consumer, amount)
        self.withdrawn[consumer] = self.withdrawn.get(consumer, 0) + amount

    @rule(consumer=picks, part=st.integers(1, BPS + 1))
    def withdraw_free(self, consumer: int, part: int) -> None:
        """The free balance leaves at once (nobody was promised it)."""
        address = pick(self.consumers, consumer)
        free = self.ghost.free.get(address, 0)
        self._withdraw_free(address, free + 1 if part > BPS else max(1, free * part // BPS))

    def _allocate(self, consumer: str, asset_id: int, amount: int) -> None:
        free = self.ghost.free.get(consumer, 0)
        reason = self.ghost.asset_reason(asset_id)
        if amount == 0:
            self.reverts(self.payments, "allocate", asset_id, amount, sender=consumer, error="ZeroAmount", error_args=())
        elif reason is not None:
            self.reverts(self.payments, "allocate", asset_id, amount, sender=consumer, error=reason,
                         error_args=(asset_id,))
        elif amount > free:
            self.reverts(self.payments, "allocate", asset_id, amount, sender=consumer, error="InsufficientFreeBalance",
                         error_args=(consumer, free, amount))
        else:
            self.send(self.payments, "allocate", asset_id, amount, sender=consumer)
            self.ghost.free[consumer] = free - amount
            self.ghost.lane(consumer, asset_id).balance += amount

    @rule(consumer=picks, asset=picks, part=st.integers(0, BPS + 1))
    def allocate(self, consumer: int, asset: int, part: int) -> None:
        address = pick(self.consumers, consumer)
        free = self.ghost.free.get(address, 0)
        asset_id = pick(self.asset_ids() + [len(self.ghost.assets) + 1], asset)  # sometimes an unlisted id
        self._allocate(address, asset_id, free + 1 if part > BPS else free * part // BPS)

    @rule(consumer=picks, amounts_=st.lists(st.tuples(picks, st.integers(1, 500 * TOKEN)), min_size=1, max_size=3))
    def deposit_and_allocate(self, consumer: int, amounts_: list[tuple[int, int]]) -> None:
        """An agent funds several lanes in one transaction (listed, unretired assets)."""
        address = pick(self.consumers, consumer)
        usable = [a for a in self.asset_ids() if self.ghost.asset_reason(a) is None]
        if not usable:
            return
        ids = [pick(usable, i) for i, _ in amounts_]
        values = [v for _, v in amounts_]
        self.send(self.payments, "depositAndAllocate", ids, values, sender=address)
        self.ghost.move(address, self.payments.address, sum(values))
        self.deposited[address] = self.deposited.get(address, 0) + sum(values)
        for asset_id, value in zip(ids, values, strict=True):
            self.ghost.lane(address, asset_id).balance += value

    @rule(consumer=picks, asset=picks, part=st.integers(1, BPS + 1))
    def request_thaw(self, consumer: int, asset: int, part: int) -> None:
        address = pick(self.consumers, consumer)
        asset_id = pick(self.asset_ids(), asset)
        lane = self.ghost.lane(address, asset_id)
        amount = lane.balance + 1 if part > BPS else max(1, lane.balance * part // BPS)
        if amount > lane.balance:
            self.reverts(self.payments, "requestThaw", asset_id, amount, sender=address, error="InsufficientLane",
                         error_args=(address, asset_id, lane.balance, amount))
            return
        self.send(self.payments, "requestThaw", asset_id, amount, sender=address)
        lane.thaw_amount, lane.thaw_ready_at = amount, self.now - 1 + self.ghost.withdraw_delay

    @rule(consumer=picks, asset=picks)
    def cancel_thaw(self, consumer: int, asset: int) -> None:
        address = pick(self.consumers, consumer)
        asset_id = pick(self.asset_ids(), asset)
        lane = self.ghost.lane(address, asset_id)
        if lane.thaw_amount == 0:
            self.reverts(self.payments, "cancelThaw", asset_id, sender=address, error="NoThawRequest",
                         error_args=(address, asset_id))
            return
        self.send(self.payments, "cancelThaw", asset_id, sender=address)
        lane.thaw_amount = lane.thaw_ready_at = 0

    def _complete_thaw(self, consumer: str, asset_id: int, to_wallet: bool) -> None:
        lane = self.ghost.lane(consumer, asset_id)
        self.send(self.payments, "completeThaw", asset_id, to_wallet, sender=consumer)
        amount = min(lane.thaw_amount, lane.balance)
        lane.balance -= amount
        lane.thaw_amount = lane.thaw_ready_at = 0
        if to_wallet:
            self.ghost.move(self.payments.address, consumer, amount)
            self.withdrawn[consumer] = self.withdrawn.get(consumer, 0) + amount
        else:
            self.ghost.free[consumer] = self.ghost.free.get(consumer, 0) + amount

    @rule(consumer=picks, asset=picks, to_wallet=st.booleans())
    def complete_thaw(self, consumer: int, asset: int, to_wallet: bool) -> None:
        address = pick(self.consumers, consumer)
        asset_id = pick(self.asset_ids(), asset)
        lane = self.ghost.lane(address, asset_id)
        if lane.thaw_amount == 0:
            self.reverts(self.payments, "completeThaw", asset_id, to_wallet, sender=address, error="NoThawRequest",
                         error_args=(address, asset_id))
        elif self.now >= lane.thaw_ready_at:
            self._complete_thaw(address, asset_id, to_wallet)
        elif lane.thaw_ready_at - self.now > TIME_MARGIN:
            data = self.rpc.assert_reverts_with_selector(self.payments, "completeThaw", asset_id, to_wallet,
                                                         sender=address, error=(self.payments, "ThawNotReady"))
            assert int.from_bytes(data[68:100], "big") == lane.thaw_ready_at

    # -- session keys (narrowing waits out the withdrawal delay) -----------------------------

    def _authorize(self, consumer: str, key: str, cap: int, expiry: int, assets: list[int]) -> None:
        self.send(self.payments, "authorizeSessionKey", key, cap, expiry, assets, sender=consumer)
        now = self.now - 1
        delay_end = now + self.ghost.withdraw_delay
        record = self.ghost.session_keys.get((consumer, key))
        known = record is not None
        record = record or SessionKeyGhost()
        in_force = record.cap_in_force(now)
        if not known or cap >= in_force:
            record.spend_cap, record.pending_cap, record.pending_cap_at = cap, 0, 0
        else:
            record.spend_cap, record.pending_cap, record.pending_cap_at = in_force, cap, delay_end
        if known and expiry < record.expiry:
            expiry = max(expiry, min(record.expiry, delay_end))
        record.expiry = expiry
        if not assets:
            record.scoped_at = 0
        elif record.scoped_at == 0:
            record.scoped_at = delay_end if known else now
        record.highest_cap = max(record.highest_cap, cap)
        self.ghost.session_keys[(consumer, key)] = record
        for asset_id in assets:
            self.ghost.key_asset(consumer, key, asset_id)[0] = 2**64 - 1

    @rule(consumer=picks, key=picks, cap=amounts, lifetime=st.sampled_from([2 * 3_600, DAY, 30 * DAY]),
          scope=st.lists(picks, max_size=2))
    def authorize_session_key(self, consumer: int, key: int, cap: int, lifetime: int, scope: list[int]) -> None:
        address = pick(self.consumers, consumer)
        session_key = pick(self.session_keys, key).address
        self._authorize(address, session_key, cap, self.now + lifetime, sorted({pick(self.asset_ids(), a) for a in scope}))

    @rule(consumer=picks, key=picks, asset=picks, allowed=st.booleans())
    def set_session_key_scope(self, consumer: int, key: int, asset: int, allowed: bool) -> None:
        address = pick(self.consumers, consumer)
        session_key = pick(self.session_keys, key).address
        asset_id = pick(self.asset_ids(), asset)
        record = self.ghost.session_keys.get((address, session_key))
        args = (session_key, [asset_id], allowed)
        if record is None:
            self.reverts(self.payments, "setSessionKeyScope", *args, sender=address, error="UnknownSessionKey",
                         error_args=(address, session_key))
        elif not allowed and record.scoped_at == 0:
            self.reverts(self.payments, "setSessionKeyScope", *args, sender=address, error="SessionKeyNotScoped",
                         error_args=(address, session_key))
        else:
            self.send(self.payments, "setSessionKeyScope", *args, sender=address)
            entry = self.ghost.key_asset(address, session_key, asset_id)
            entry[0] = 2**64 - 1 if allowed else min(entry[0], self.now - 1 + self.ghost.withdraw_delay)

    @rule(consumer=picks, key=picks)
    def revoke_session_key(self, consumer: int, key: int) -> None:
        address = pick(self.consumers, consumer)
        session_key = pick(self.session_keys, key).address
        record = self.ghost.session_keys.get((address, session_key))
        if record is None:
            self.reverts(self.payments, "revokeSessionKey", session_key, sender=address, error="UnknownSessionKey",
                         error_args=(address, session_key))
            return
        self.send(self.payments, "revokeSessionKey", session_key, sender=address)
        record.expiry = min(record.expiry, self.now - 1 + self.ghost.withdraw_delay)

    # -- vouchers --------------------------------------------------------------------------

    def _sign(self, consumer: str, asset_id: int, increment: int, signer: int, lifetime: int) -> SignedVoucherGhost:
        """A new voucher above everything signed for the pair (a provider keeps only the latest).
        A voucher its lane covers when signed is a promise the provider's guarantee must keep."""
        pair = (consumer, asset_id)
        cumulative = self.ghost.max_signed.get(pair, 0) + increment
        self.ghost.max_signed[pair] = cumulative
        # signer: 0 = the consumer, 1 = its first authorised session key, 1..4 = a session key
        # (authorised or not), 5 = a stranger's key
        authorised = [k for k in self.session_keys if (consumer, k.address) in self.ghost.session_keys]
        if signer == 0:
            key = self.private_keys[consumer]
        elif signer == 1 and authorised:
            key = authorised[0].key
        elif signer <= len(self.session_keys):
            key = self.session_keys[signer - 1].key
        else:
            key = self.operator_keys[0].key
        deadline = max(0, self.now + lifetime)
        signed = VoucherSigner(key, self.voucher_domain).sign(Voucher(consumer, asset_id, cumulative, deadline))
        voucher = SignedVoucherGhost(consumer, asset_id, cumulative, deadline, Account.from_key(key).address,
                                     signed.signature)
        self.ghost.vouchers.append(voucher)
        self._promise(voucher)
        return voucher

    def _promise(self, voucher: SignedVoucherGhost) -> None:
        now = self.now - 1
        lane = self.ghost.lanes.get((voucher.consumer, voucher.asset_id))
        if lane is None or voucher.deadline < now + self.ghost.withdraw_delay:
            return
        reason, paid, _ = self.ghost.settle(voucher, now, apply=False)
        owed = voucher.cumulative - lane.redeemed
        if reason is None and paid == owed and owed <= lane.coverage():
            until, by_key = now + self.ghost.withdraw_delay, None
            key = self.ghost.session_keys.get((voucher.consumer, voucher.signer))
            if voucher.signer != voucher.consumer and key is not None:
                # the key's limits the provider saw at `now`: its expiry and narrowings already scheduled
                by_key, until = voucher, min(until, key.expiry)
                if key.pending_cap_at > now:
                    until = min(until, key.pending_cap_at - 1)
                if key.scoped_at:
                    allowed = self.ghost.key_assets.get((voucher.consumer, voucher.signer, voucher.asset_id), [0, 0])[0]
                    until = min(until, max(allowed, key.scoped_at - 1))
            self.ghost.promises.append(PromiseGhost(voucher.consumer, voucher.asset_id, lane.coverage(), until, by_key))

    def _redeem(self, voucher: SignedVoucherGhost, relayer: str) -> None:
        args = ((voucher.consumer, voucher.asset_id, voucher.cumulative, voucher.deadline), voucher.signature)
        reason, _, error_args = self.ghost.settle(voucher, self.now)
        if reason is not None:
            self.reverts(self.payments, "redeem", *args, sender=relayer, error=reason, error_args=error_args)
            return
        self.send(self.payments, "redeem", *args, sender=relayer)

    voucher_lifetimes = st.sampled_from([-2 * 3_600, 2 * 3_600, 30 * DAY, 30 * DAY])

    @rule(consumer=picks, asset=picks, increment=amounts, signer=st.sampled_from([0, 0, 1, 2, 3, 5]),
          lifetime=voucher_lifetimes, relayer=picks)
    def sign_and_redeem(self, consumer: int, asset: int, increment: int, signer: int, lifetime: int, relayer: int) -> None:
        address = pick(self.consumers, consumer)
        voucher = self._sign(address, pick(self.asset_ids(), asset), increment, signer, lifetime)
        self._redeem(voucher, pick(self.owners + [self.stranger], relayer))

    @rule(index=picks, relayer=picks)
    def redeem_stored_voucher(self, index: int, relayer: int) -> None:
        """Replays any voucher signed earlier: stale ones must revert, none may pay twice."""
        if self.ghost.vouchers:
            self._redeem(pick(self.ghost.vouchers, index), pick(self.owners + [self.stranger], relayer))

    @rule(entries=st.lists(st.tuples(picks, picks, amounts, st.sampled_from([0, 0, 0, 1, 2, 5]), voucher_lifetimes,
                                     st.booleans()), min_size=1, max_size=5),
          sort_by_asset=st.booleans(), unlisted=st.booleans())
    def redeem_batch(self, entries: list[tuple], sort_by_asset: bool, unlisted: bool) -> None:
        """Several consumers and assets; bad vouchers (an unlisted asset included) are skipped with the
        selector of their error, never reverting the batch."""
        batch = []
        for consumer, asset, increment, signer, lifetime, replay in entries:
            if replay and self.ghost.vouchers:
                batch.append(pick(self.ghost.vouchers, consumer + asset))
            else:
                asset_ids = self.asset_ids() + ([len(self.ghost.assets) + 1] if unlisted else [])
                batch.append(self._sign(pick(self.consumers, consumer), pick(asset_ids, asset), increment, signer,
                                        lifetime))
        if sort_by_asset:
            batch.sort(key=lambda v: v.asset_id)
        receipt = self.rpc.send(self.payments, "redeemBatch",
                                [(v.consumer, v.asset_id, v.cumulative, v.deadline) for v in batch],
                                [v.signature for v in batch], sender=self.stranger)
        now = self.now - 1
        receipt_reasons = self._rejections(receipt)
        expected = []
        for index, voucher in enumerate(batch):
            reason, _, _ = self.ghost.settle(voucher, now)
            if reason is not None:
                expected.append((index, reason))
        assert receipt_reasons == expected, (receipt_reasons, expected)

    def _rejections(self, receipt: dict[str, Any]) -> list[tuple[int, str]]:
        """(index, error name) of every `VoucherRejected` in a batch's receipt."""
        topic = "0x" + keccak(text="VoucherRejected(uint256,address,uint256,bytes4)").hex()
        names = {keccak(text=abi.selector)[:4]: abi.name for abi in self.payments.contract_type.errors}
        out = []
        for log in receipt["logs"]:
            if log["topics"][0] == topic and log["address"].lower() == self.payments.address.lower():
                data = bytes.fromhex(log["data"][2:])
                out.append((int.from_bytes(data[:32], "big"), names[data[32:36]]))
        return out

    @rule(consumer=picks, asset=picks, calls=st.integers(0, 2_000))
    def pay_per_call(self, consumer: int, asset: int, calls: int) -> None:
        address = pick(self.consumers, consumer)
        asset_id = pick(self.asset_ids(), asset)
        ghost_asset = self.ghost.assets[asset_id]
        amount = calls * ghost_asset.price
        balance = self.ghost.lane(address, asset_id).balance
        args = (asset_id, calls, 2**256 - 1)
        if ghost_asset.status != ACTIVE:
            self.reverts(self.payments, "payPerCall", *args, sender=address, error="AssetNotActive", error_args=(asset_id,))
        elif not self.ghost.is_serving(asset_id):
            self.reverts(self.payments, "payPerCall", *args, sender=address, error="AssetNotServing", error_args=(asset_id,))
        elif amount == 0:
            self.reverts(self.payments, "payPerCall", *args, sender=address, error="ZeroAmount", error_args=())
        elif amount > balance:
            self.reverts(self.payments, "payPerCall", *args, sender=address, error="InsufficientLane",
                         error_args=(address, asset_id, balance, amount))
        else:
            self.send(self.payments, "payPerCall", *args, sender=address)
            pair = (address, asset_id)
            self.ghost.paid_per_call[pair] = self.ghost.paid_per_call.get(pair, 0) + amount
            self.ghost.pay_lane(address, asset_id, amount)

    # -- settlement and claims (one way: UsagePayments pays StakingPool, never the reverse) --

    def _settle(self, asset_id: int) -> None:
        if not self.ghost.pending_revenue.get(asset_id):
            self.reverts(self.payments, "settle", asset_id, sender=self.stranger, error="NothingToSettle",
                         error_args=(asset_id,))
            return
        self.send(self.payments, "settle", asset_id, sender=self.stranger)
        self.ghost.settle_revenue(asset_id, self.payments.address, self.staking.address, self.now - 1)

    @rule(asset=picks, many=st.booleans())
    def settle(self, asset: int, many: bool) -> None:
        if many:
            ids = self.asset_ids()
            self.send(self.payments, "settleMany", ids, sender=self.stranger)
            for asset_id in ids:
                self.ghost.settle_revenue(asset_id, self.payments.address, self.staking.address, self.now - 1)
        else:
            self._settle(pick(self.asset_ids(), asset))

    def _claim_royalties(self, asset_id: int, caller: str) -> None:
        owner = self.ghost.assets[asset_id].owner
        amount = self.ghost.royalties.get(asset_id, 0)
        if amount == 0:
            self.reverts(self.payments, "claimRoyalties", asset_id, sender=caller, error="NothingToClaim",
                         error_args=(owner,))
        else:
            self.send(self.payments, "claimRoyalties", asset_id, sender=caller)
            self.ghost.royalties[asset_id] = 0
            self.ghost.move(self.payments.address, owner, amount)

    @rule(asset=picks, caller=picks, targeted=st.booleans())
    def claim_royalties(self, asset: int, caller: int, targeted: bool) -> None:
        """Anyone may trigger it; the asset's current owner is paid."""
        owed = [a for a, amount in self.ghost.royalties.items() if amount]
        if targeted and owed:
            self._claim_royalties(pick(owed, asset), pick(self.owners + [self.stranger], caller))
        else:
            self._claim_royalties(pick(self.asset_ids(), asset), pick(self.owners + [self.stranger], caller))

    def _claim_protocol_fees(self) -> None:
        if self.ghost.protocol_fees == 0:
            self.reverts(self.payments, "claimProtocolFees", sender=self.stranger, error="NothingToClaim",
                         error_args=(self.treasury,))
            return
        self.send(self.payments, "claimProtocolFees", sender=self.stranger)
        self.ghost.move(self.payments.address, self.treasury, self.ghost.protocol_fees)
        self.ghost.protocol_fees = 0

    @rule()
    def claim_protocol_fees(self) -> None:
        self._claim_protocol_fees()

    # ================================================================== Reputation

    def _rate(self, consumer: str, asset_id: int, score: int, submitter: str, weight_pick: int = 0) -> None:
        """Rate with the full weight (pick 0), a part of it (1), one above it (2) or zero (3); the
        submitter pays 10 % (rounded up) of the weight above what this rating already paid for. A
        session key rates only what it paid itself, weighed at most by that."""
        ghost, pair = self.ghost, (consumer, asset_id)
        by_key = submitter != consumer
        spent = ghost.key_assets.get((consumer, submitter, asset_id), [0, 0])[1] if by_key else ghost.spent_by(
            consumer, asset_id)
        maximum = min(spent, WEIGHT_CAP)
        weight = (maximum, maximum // 2 + 1, maximum + 1, 0)[weight_pick % 4]
        method, args = ("rateFor", (consumer, asset_id, score, weight, b"\x01" * 32, "")) if by_key else (
            "rate", (asset_id, score, weight, b"\x01" * 32, ""))
        if by_key and spent == 0:
            self.reverts(self.reputation, method, *args, sender=submitter, error="SessionKeyDidNotPay",
                         error_args=(consumer, submitter, asset_id))
            return
        paid_for = ghost.rating_paid_for.get(pair, 0)
        fee = -(-(weight - paid_for) * RATING_FEE_BPS // BPS) if weight > paid_for else 0
        wallet = ghost.wallets.get(submitter, 0)
        if score > 100:
            self.reverts(self.reputation, method, *args, sender=submitter, error="ScoreOutOfRange", error_args=(score, 100))
        elif maximum == 0:
            self.reverts(self.reputation, method, *args, sender=submitter, error="NoPaymentHistory",
                         error_args=(consumer, asset_id))
        elif not 1 <= weight <= maximum:
            self.reverts(self.reputation, method, *args, sender=submitter, error="WeightOutOfRange",
                         error_args=(consumer, asset_id, weight, maximum))
        elif fee > wallet:
            self.rpc.assert_reverts(self.reputation, method, *args, sender=submitter,
                                    error=(self.token, "ERC20InsufficientBalance", (submitter, wallet, fee)))
        else:
            self.send(self.reputation, method, *args, sender=submitter)
            ghost.ratings[pair] = (score, weight)
            ghost.rating_paid_for[pair] = max(paid_for, weight)
            ghost.move(submitter, self.reputation.address, fee)

    def _payers(self) -> list[tuple[str, int]]:
        return [(c, a) for c in self.consumers for a in self.asset_ids() if self.ghost.spent_by(c, a)]

    @rule(consumer=picks, asset=picks, score=st.integers(0, 101), targeted=st.booleans(), weight=st.integers(0, 3))
    def rate(self, consumer: int, asset: int, score: int, targeted: bool, weight: int) -> None:
        payers = self._payers()
        if targeted and payers:
            address, asset_id = pick(payers, consumer + asset)
        else:
            address, asset_id = pick(self.consumers, consumer), pick(self.asset_ids(), asset)
        self._rate(address, asset_id, score, address, weight)

    @rule()
    def sweep_rating_fees(self) -> None:
        """Anyone pays the rating fees Reputation holds to the treasury, all but one unit."""
        held = self.ghost.wallets.get(self.reputation.address, 0)
        if held <= 1:
            self.reverts(self.reputation, "sweepFees", sender=self.stranger, error="NothingToSweep", error_args=())
            return
        self.send(self.reputation, "sweepFees", sender=self.stranger)
        self.ghost.move(self.reputation.address, self.treasury, held - 1)

    @rule(consumer=picks, key=picks, asset=picks, score=st.integers(0, 100), weight=st.integers(0, 3))
    def rate_by_session_key(self, consumer: int, key: int, asset: int, score: int, weight: int) -> None:
        address = pick(self.consumers, consumer)
        session_key = pick(self.session_keys, key).address
        asset_id = pick(self.asset_ids(), asset)
        active = [(c, k) for (c, k), record in self.ghost.session_keys.items() if self.now <= record.expiry]
        if active and key % 2:  # mostly a key that may sign, for a pair that paid
            address, session_key = pick(active, key)
            payers = [a for c, a in self._payers() if c == address]
            asset_id = pick(payers or self.asset_ids(), asset)
        expiry = self.ghost.session_keys.get((address, session_key), SessionKeyGhost()).expiry
        if self.now <= expiry:
            self._rate(address, asset_id, score, session_key, weight)
        elif self.now - expiry > TIME_MARGIN:
            self.reverts(self.reputation, "rateFor", address, asset_id, score, 1, b"\x01" * 32, "", sender=session_key,
                         error="NotSessionKey", error_args=(address, session_key))

    # ================================================================== Disputes

    @rule(reporter=picks, asset=picks, extra=st.integers(0, 500 * TOKEN), names_consumer=picks, claim=amounts,
          low_bond=st.booleans())
    def open_dispute(self, reporter: int, asset: int, extra: int, names_consumer: int, claim: int, low_bond: bool) -> None:
        address = pick(self.delegators + self.consumers + [self.stranger], reporter)
        asset_id = pick(self.asset_ids(), asset)
        consumer = pick(self.consumers + [None], names_consumer)
        refund_claim = claim if consumer else 0
        bond = self.ghost.min_bond - 1 if low_bond and extra % 4 == 0 else self.ghost.min_bond + extra
        args = (asset_id, bond, EVIDENCE, "ipfs://evidence", consumer or ZERO_ADDRESS, refund_claim)
        existing = next((i for i, d in self.ghost.disputes.items()
                         if d.status == OPEN and d.asset_id == asset_id and d.reporter == address), None)
        if bond < self.ghost.min_bond:
            self.reverts(self.disputes, "openDispute", *args, sender=address, error="BondOutOfRange",
                         error_args=(bond, self.ghost.min_bond, 2**96 - 1))
        elif existing is not None:
            self.reverts(self.disputes, "openDispute", *args, sender=address, error="DisputeAlreadyOpen",
                         error_args=(asset_id, address, existing))
        else:
            self.send(self.disputes, "openDispute", *args, sender=address)
            dispute_id = len(self.ghost.disputes) + 1
            deadline = self.now - 1 + self.ghost.resolution_window
            self.ghost.disputes[dispute_id] = DisputeGhost(asset_id, address, deadline, consumer, bond, refund_claim)
            if consumer:
                self.spent_at_open[(consumer, asset_id)] = self.ghost.spent_by(consumer, asset_id)
            self.ghost.move(address, self.disputes.address, bond)
            # No exit during a dispute: the asset's matured withdrawals wait (bounded per request).
            pool = self.ghost.pools[asset_id]
            pool.frozen_until = max(pool.frozen_until, deadline)

    def _dispute_ended(self, record: DisputeGhost) -> None:
        """The last open dispute of an asset lifts its withdrawal freeze."""
        if not any(d.status == OPEN and d.asset_id == record.asset_id for d in self.ghost.disputes.values()):
            self.ghost.pools[record.asset_id].frozen_until = 0

    def _open_disputes(self) -> list[int]:
        return [i for i, d in self.ghost.disputes.items() if d.status == OPEN]

    def _credit(self, account: str, amount: int) -> None:
        if amount:
            self.ghost.dispute_claimable[account] = self.ghost.dispute_claimable.get(account, 0) + amount

    def _slash(self, asset_id: int, amount: int) -> tuple[int, int]:
        """Mirror a StakingPool slash (clamped to the cap, first loss); returns (slashed, from self-stake)."""
        pool = self.ghost.pools[asset_id]
        now = self.now - 1
        cap = pool.slash_cap(now, self.ghost.thawing_period)
        self_before = pool.self_pool.tokens + pool.self_thawing.tokens
        slashed, from_self = pool.slash(amount, now, self.ghost.thawing_period)
        assert slashed <= min(amount, cap), f"slash {slashed} above cap {cap}"
        # first loss: delegators pay only once the self-stake (active and thawing) is gone
        assert from_self == min(slashed, self_before) or slashed - from_self <= 1
        self.ghost.move(self.staking.address, self.disputes.address, slashed)
        return slashed, from_self

    @rule(dispute=picks, part=st.integers(0, BPS + 1), refund_part=st.integers(0, BPS), by_stranger=st.booleans())
    def uphold_dispute(self, dispute: int, part: int, refund_part: int, by_stranger: bool) -> None:
        open_ids = self._open_disputes()
        if not open_ids:
            return
        dispute_id = pick(open_ids, dispute)
        record = self.ghost.disputes[dispute_id]
        if record.deadline - self.now <= TIME_MARGIN:
            return  # the window closes around now; see resolve_after_window / timeout rules
        pool = self.ghost.pools[record.asset_id]
        cap = pool.slash_cap(self.now, self.ghost.thawing_period)
        amount = 10 * cap + 1 if part > BPS else cap * part // BPS  # far above the cap: clamped
        refund = record.refund_claim * refund_part // BPS
        args = (dispute_id, amount, refund)
        if by_stranger:
            self.reverts(self.disputes, "upholdDispute", *args, sender=self.stranger, error="NotArbiter",
                         error_args=(self.stranger,))
            return
        self.send(self.disputes, "upholdDispute", *args, sender=self.arbiter)
        slashed = self._slash(record.asset_id, amount)[0] if amount else 0
        reward = slashed * self.ghost.reporter_reward_bps // BPS
        if refund:
            # bounded arbiter: reward + refund <= MAX_PAYOUT_BPS of the slash, refund <= what was paid
            key = (record.consumer, record.asset_id)
            already = self.refunded.get(key, 0)
            paid = self.spent_at_open[key]
            assert paid <= self.ghost.spent_by(record.consumer, record.asset_id)
            refund = min(refund, slashed * MAX_PAYOUT_BPS // BPS - reward, max(paid - already, 0))
            self.refunded[key] = already + refund
            assert self.refunded[key] <= paid
        assert reward + refund <= slashed * MAX_PAYOUT_BPS // BPS
        self._credit(record.reporter, record.bond + reward)
        if record.consumer:
            self._credit(record.consumer, refund)
        self._credit(self.treasury, slashed - reward - refund)
        record.status = UPHELD
        self._dispute_ended(record)

    @rule(dispute=picks)
    def reject_dispute(self, dispute: int) -> None:
        open_ids = self._open_disputes()
        if not open_ids:
            return
        dispute_id = pick(open_ids, dispute)
        record = self.ghost.disputes[dispute_id]
        if record.deadline - self.now <= TIME_MARGIN:
            if self.now - record.deadline > TIME_MARGIN:
                self.reverts(self.disputes, "rejectDispute", dispute_id, sender=self.arbiter,
                             error="ResolutionWindowClosed", error_args=(dispute_id, record.deadline))
            return
        self.send(self.disputes, "rejectDispute", dispute_id, sender=self.arbiter)
        self._credit(self.treasury, record.bond)
        record.status = REJECTED
        self._dispute_ended(record)

    def _timeout(self, dispute_id: int) -> None:
        record = self.ghost.disputes[dispute_id]
        self.send(self.disputes, "timeoutDispute", dispute_id, sender=self.stranger)
        self._credit(record.reporter, record.bond)
        record.status = TIMED_OUT
        self._dispute_ended(record)

    @rule(dispute=picks)
    def timeout_dispute(self, dispute: int) -> None:
        if not self.ghost.disputes:
            return
        dispute_id = pick(sorted(self.ghost.disputes), dispute)
        record = self.ghost.disputes[dispute_id]
        if record.status != OPEN:
            self.reverts(self.disputes, "timeoutDispute", dispute_id, sender=self.stranger, error="DisputeNotOpen",
                         error_args=(dispute_id, record.status))
        elif self.now >= record.deadline:
            self._timeout(dispute_id)
        elif record.deadline - self.now > TIME_MARGIN:
            self.reverts(self.disputes, "timeoutDispute", dispute_id, sender=self.stranger,
                         error="ResolutionWindowOpen", error_args=(dispute_id, record.deadline))

    @rule(asset=picks, version=picks, request=st.binary(min_size=32, max_size=32), submitter=picks,
          wrong_signer=st.booleans())
    def prove_equivocation(self, asset: int, version: int, request: bytes, submitter: int, wrong_signer: bool) -> None:
        """Two receipts for one request with different responses slash the pool, no arbiter needed."""
        asset_id = pick(self.asset_ids(), asset)
        ghost_asset = self.ghost.assets[asset_id]
        version_number = 1 + version % ghost_asset.versions
        signer_key = ghost_asset.operator_key or self.private_keys[ghost_asset.owner]
        if wrong_signer:
            signer_key = self.operator_keys[2].key if ghost_asset.operator != self.operator_keys[2].address else self.operator_keys[1].key
        signer = ReceiptSigner(signer_key, self.receipt_domain)
        issued_at = self.registry.lastTransferAt(asset_id)  # receipts before the last sale never count
        a = signer.sign(Receipt(request, b"\xaa" * 32, asset_id, version_number, issued_at))
        b = signer.sign(Receipt(request, b"\xbb" * 32, asset_id, version_number, issued_at))
        caller = pick(self.consumers + [self.stranger], submitter)
        args = (a.to_tuple(), a.signature, b.to_tuple(), b.signature, caller)
        # the finder commits first (bound to its address); the proof lands in a later block
        self.send(self.disputes, "commitEquivocation",
                  self.disputes.equivocationCommitment(caller, a.to_tuple(), b.to_tuple()), sender=caller)
        self.rpc.advance(0)  # one more block: calls and the proof see the commitment as past
        proof = (asset_id, version_number, request)
        # A key retired from signing for this asset less than EVIDENCE_WINDOW ago still counts as evidence.
        retired_at = self.registry.signerRetiredAt(asset_id, signer.address)
        recently_retired = retired_at != 0 and self.now - retired_at < self.disputes.EVIDENCE_WINDOW()
        if wrong_signer and recently_retired and self.now - retired_at > self.disputes.EVIDENCE_WINDOW() - TIME_MARGIN:
            return  # the evidence window closes around now
        available_at = self.disputes.lastEquivocationAt(asset_id) + self.disputes.EQUIVOCATION_COOLDOWN()
        if proof in self.ghost.proven:
            self.reverts(self.disputes, "proveEquivocation", *args, sender=caller, error="EquivocationAlreadyProven",
                         error_args=proof)
        elif wrong_signer and not recently_retired:
            self.reverts(self.disputes, "proveEquivocation", *args, sender=caller, error="WrongReceiptSigner",
                         error_args=(asset_id, signer.address, ghost_asset.signer()))
        elif wrong_signer and issued_at >= retired_at:  # the key was retired by the last sale
            self.reverts(self.disputes, "proveEquivocation", *args, sender=caller, error="ReceiptOutsideSignerTerm",
                         error_args=(asset_id, signer.address, issued_at))
        elif abs(available_at - self.now) <= TIME_MARGIN:
            return  # the cooldown ends around now
        elif self.now < available_at:
            self.reverts(self.disputes, "proveEquivocation", *args, sender=caller, error="EquivocationCooldown",
                         error_args=(asset_id, available_at))
        else:
            self.send(self.disputes, "proveEquivocation", *args, sender=caller)
            self.ghost.proven.add(proof)
            amount = self.ghost.pools[asset_id].total_stake() * EQUIVOCATION_SLASH_BPS // BPS
            slashed, from_self = self._slash(asset_id, amount) if amount else (0, 0)
            # The finder's reward never exceeds what the slash took from self-stake (first loss), so an
            # owner colluding with a finder never profits from slashing its delegators.
            reward = min(slashed * self.ghost.reporter_reward_bps // BPS, from_self)
            self._credit(caller, reward)
            self._credit(self.treasury, slashed - reward)

    def _claim_dispute_payout(self, account: str) -> None:
        amount = self.ghost.dispute_claimable.get(account, 0)
        if amount == 0:
            self.reverts(self.disputes, "claim", sender=account, error="NothingToClaim", error_args=(account,))
            return
        self.send(self.disputes, "claim", sender=account)
        self.ghost.dispute_claimable[account] = 0
        self.ghost.move(self.disputes.address, account, amount)

    @rule(account=picks, targeted=st.booleans())
    def claim_dispute_payout(self, account: int, targeted: bool) -> None:
        owed = sorted(a for a, amount in self.ghost.dispute_claimable.items() if amount)
        everyone = self.delegators + self.consumers + [self.stranger, self.treasury]
        self._claim_dispute_payout(pick(owed if targeted and owed else everyone, account))

    # ================================================================== time and donations

    # -- UsagePayments admin: every change waits StakingPool's change delay ------------------

    @rule(fee=st.integers(0, 1_000), longer_by=st.sampled_from([0, 3_600, DAY]), fee_change=st.booleans())
    def queue_payments_change(self, fee: int, longer_by: int, fee_change: bool) -> None:
        """The admin queues a new protocol fee or a longer withdrawal delay; nothing applies yet."""
        if fee_change:
            parameter, setter, value = "protocolFeeBps", "setProtocolFeeBps", fee
        else:  # only longer delays: the ghost keeps one delay (shortening is tested in tests/unit)
            parameter, setter, value = "withdrawDelay", "setWithdrawDelay", self.ghost.withdraw_delay + longer_by
        self.send(self.payments, setter, value, sender=self.deployer)
        self.payments_changes[parameter] = (value, self.now - 1)

    @rule(fee_change=st.booleans())
    def execute_payments_change(self, fee_change: bool) -> None:
        parameter = "protocolFeeBps" if fee_change else "withdrawDelay"
        key = parameter.encode().ljust(32, b"\0")
        queued = self.payments_changes.get(parameter)
        if queued is None:
            self.reverts(self.payments, "executeChange", key, sender=self.stranger, error="NoPendingChange",
                         error_args=(key,))
            return
        value, queued_at = queued
        executable_at = queued_at + self.rpc.read([Call(self.payments, "changeDelay")])[0]
        if self.now < executable_at:
            self.reverts(self.payments, "executeChange", key, sender=self.stranger, error="ChangeNotReady",
                         error_args=(key, executable_at))
            return
        self.send(self.payments, "executeChange", key, sender=self.stranger)
        del self.payments_changes[parameter]
        if fee_change:
            self.ghost.protocol_fee_bps = value
        else:
            self.ghost.withdraw_delay = value
        fee, delay = self.rpc.read([Call(self.payments, "protocolFeeBps"), Call(self.payments, "withdrawDelay")])
        assert (fee, delay) == (self.ghost.protocol_fee_bps, self.ghost.withdraw_delay)

    @rule(seconds=st.sampled_from([3_600, DAY, 7 * DAY, 15 * DAY]))
    def time_passes(self, seconds: int) -> None:
        self.rpc.advance(seconds)

    @rule(recipient=st.sampled_from(["staking", "payments", "disputes"]), amount=st.integers(1, 10 * TOKEN))
    def donate(self, recipient: str, amount: int) -> None:
        """A direct transfer is nobody's liability and must never change a share price or a payout."""
        contract = getattr(self, recipient)
        self.send(self.token, "transfer", contract.address, amount, sender=self.stranger)
        self.ghost.move(self.stranger, contract.address, amount)
        self.ghost.donations[contract.address] = self.ghost.donations.get(contract.address, 0) + amount

    # ================================================================== invariants

    @invariant()
    def chain_matches_ghost(self) -> None:
        self.steps += 1
        self.check_everything()

    def check_everything(self) -> None:
        ghost = self.ghost
        assets = self.asset_ids()
        consumer_assets = [(c, a) for c in self.consumers for a in assets]
        key_pairs = sorted(ghost.session_keys)
        key_assets = sorted(ghost.key_assets)
        staker_pairs = [(a, s) for a in assets for s in self.stakers_of(a)]
        rating_pairs = sorted(ghost.ratings)
        claimants = sorted(set(self.holders))
        dispute_ids = sorted(ghost.disputes)
        calls = (
            [Call(self.token, "balanceOf", (h,)) for h in self.holders]
            + [Call(self.token, "totalSupply")]
            + [Call(self.payments, "freeBalanceOf", (c,)) for c in self.consumers]
            + [Call(self.payments, "laneOf", p) for p in consumer_assets]
            + [Call(self.payments, "paidPerCall", p) for p in consumer_assets]
            + [Call(self.payments, "pendingRevenueOf", (a,)) for a in assets]
            + [Call(self.payments, "royaltiesOf", (a,)) for a in assets]
            + [Call(self.payments, "protocolFeesAccrued")]
            + [Call(self.payments, "sessionKeyOf", p) for p in key_pairs]
            + [Call(self.payments, "keySpentOn", t) for t in key_assets]
            + [Call(self.payments, "keyScopeOf", t) for t in key_assets]
            + [Call(self.staking, "getPool", (a,)) for a in assets]
            + [Call(self.staking, "getStaker", p) for p in staker_pairs]
            + [Call(self.staking, "getThawRequests", p) for p in staker_pairs]
            + [Call(self.staking, "pendingRewards", p) for p in staker_pairs]
            + [Call(self.reputation, "totalsOf", (a,)) for a in assets]
            + [Call(self.reputation, "ratingOf", p) for p in rating_pairs]
            + [Call(self.disputes, "claimable", (h,)) for h in claimants]
            + [Call(self.disputes, "getDispute", (i,)) for i in dispute_ids]
        )
        results = iter(self.rpc.read(calls))

        def take(n: int) -> list[Any]:
            return [next(results) for _ in range(n)]

        # -- token: exact balances, constant supply, nothing created or destroyed
        balances = dict(zip(self.holders, take(len(self.holders)), strict=True))
        assert balances == {h: ghost.wallets.get(h, 0) for h in self.holders}
        assert take(1)[0] == ghost.supply == sum(ghost.wallets.values())

        # -- UsagePayments
        for consumer, free in zip(self.consumers, take(len(self.consumers)), strict=True):
            assert free == ghost.free.get(consumer, 0), consumer
        for pair, lane in zip(consumer_assets, take(len(consumer_assets)), strict=True):
            mine = ghost.lanes.get(pair)
            expected = (mine.balance, mine.redeemed, mine.thaw_amount, mine.thaw_ready_at) if mine else (0, 0, 0, 0)
            assert tuple(lane) == expected, pair
            assert lane[1] <= ghost.max_signed.get(pair, 0), f"{pair} redeemed beyond what was signed"
        for pair, paid in zip(consumer_assets, take(len(consumer_assets)), strict=True):
            assert paid == ghost.paid_per_call.get(pair, 0), pair
        for asset_id, pending in zip(assets, take(len(assets)), strict=True):
            assert pending == ghost.pending_revenue.get(asset_id, 0), asset_id
        for asset_id, royalty in zip(assets, take(len(assets)), strict=True):
            assert royalty == ghost.royalties.get(asset_id, 0), asset_id
        assert take(1)[0] == ghost.protocol_fees
        for pair, key in zip(key_pairs, take(len(key_pairs)), strict=True):
            mine = ghost.session_keys[pair]
            assert key == {"spendCap": mine.spend_cap, "spent": mine.spent, "expiry": mine.expiry,
                           "pendingCap": mine.pending_cap, "pendingCapAt": mine.pending_cap_at,
                           "scopedAt": mine.scoped_at}, pair
        for triple, spent in zip(key_assets, take(len(key_assets)), strict=True):
            assert spent == ghost.key_assets[triple][1], triple
            key = ghost.session_keys.get(triple[:2])
            assert key is None or spent <= key.highest_cap, f"{triple} spent more than any cap it was given"
        for (consumer, key, asset_id), until in zip(key_assets, take(len(key_assets)), strict=True):
            scoped_at = ghost.session_keys[(consumer, key)].scoped_at if (consumer, key) in ghost.session_keys else 0
            allowed = ghost.key_assets[(consumer, key, asset_id)][0]
            assert until == (2**64 - 1 if scoped_at == 0 else max(allowed, scoped_at - 1)), (consumer, key, asset_id)
        for consumer in self.consumers:  # a consumer paid exactly what its vouchers and calls took
            paid = sum(ghost.spent_by(consumer, a) for a in assets)
            held = ghost.free.get(consumer, 0) + sum(ghost.lane(consumer, a).balance for a in assets)
            assert paid == self.deposited.get(consumer, 0) - self.withdrawn.get(consumer, 0) - held
        # the provider's guarantee: a covered voucher's lane keeps its coverage (less payments to the
        # asset itself) until the withdrawal delay has passed, whatever the consumer did
        ghost.promises = [p for p in ghost.promises if p.until >= self.now]
        for promise in ghost.promises:
            lane = dict(zip(consumer_assets, [ghost.lane(c, a).balance for c, a in consumer_assets]))
            assert lane[(promise.consumer, promise.asset_id)] >= promise.floor, promise
            if promise.voucher is not None:  # the key half: nothing the key paid elsewhere stops it
                reason, _, _ = ghost.settle(promise.voucher, self.now, apply=False)
                assert reason not in ("ExpiredSessionKey", "SessionKeyOutOfScope", "SessionKeyCapExceeded"), (
                    promise, reason)
        payments = self.payments.address
        assert balances[payments] == ghost.payments_liabilities() + ghost.donations.get(payments, 0)

        # -- StakingPool
        for asset_id, pool in zip(assets, take(len(assets)), strict=True):
            mine = ghost.pools[asset_id]
            assert pool == {
                "selfTokens": mine.self_pool.tokens, "selfEpoch": mine.self_pool.epoch,
                "selfShares": mine.self_pool.shares,
                "delegatedTokens": mine.delegated_pool.tokens, "delegatedShares": mine.delegated_pool.shares,
                "selfThawingTokens": mine.self_thawing.tokens, "selfThawingEpoch": mine.self_thawing.epoch,
                "selfThawingShares": mine.self_thawing.shares,
                "delegatedThawingTokens": mine.delegated_thawing.tokens,
                "delegatedThawingShares": mine.delegated_thawing.shares,
                "ownerRewards": mine.owner_rewards, "frozenUntil": mine.frozen_until,
                "slashWindowStart": mine.slash_window_start,
                "slashWindowLeft": mine.slash_window_cap - mine.slashed_in_window,
                "rewardPerShare": mine.reward_per_share, "rewardRemainder": mine.reward_remainder,
                "cutBps": mine.cut_bps, "pendingCutBps": mine.pending_cut_bps,
                "pendingCutEffectiveAt": mine.pending_cut_effective_at, "rewardStream": mine.reward_stream,
            }, asset_id
        for (asset_id, address), staker in zip(staker_pairs, take(len(staker_pairs)), strict=True):
            mine = ghost.pools[asset_id].stakers[address]
            assert (staker["selfShares"], staker["selfEpoch"], staker["delegatedShares"],
                    staker["rewardPerSharePaid"], staker["accruedRewards"], staker["thawCount"]) == (
                mine.self_shares, mine.self_epoch, mine.delegated_shares, mine.reward_per_share_paid,
                mine.accrued_rewards, len(mine.thaws)), (asset_id, address)
        for (asset_id, address), thaws in zip(staker_pairs, take(len(staker_pairs)), strict=True):
            mine = ghost.pools[asset_id].stakers[address]
            assert [tuple(t) for t in thaws] == [
                (t.shares, t.thaw_end, 0 if t.delegated else t.epoch, t.delegated) for t in mine.thaws
            ], (asset_id, address)
        for (asset_id, address), pending in zip(staker_pairs, take(len(staker_pairs)), strict=True):
            # views run at the latest block's time: the stream released up to it
            assert pending == ghost.pools[asset_id].pending_rewards(address, self.now - 1), (asset_id, address)
        for asset_id in assets:
            self._check_pool_against_ideal(asset_id)
        staking = self.staking.address
        covered = ghost.staking_liabilities() + ghost.donations.get(staking, 0)
        held = balances[staking]
        assert covered <= held <= covered + ghost.staking_reward_dust_bound()

        # -- Reputation: running sums == sums over the current ratings
        for asset_id, totals in zip(assets, take(len(assets)), strict=True):
            current = [(s, w) for (_, a), (s, w) in ghost.ratings.items() if a == asset_id]
            assert totals == {"count": len(current), "totalWeight": sum(w for _, w in current),
                              "weightedScoreSum": sum(s * w for s, w in current)}, asset_id
        for pair, rating in zip(rating_pairs, take(len(rating_pairs)), strict=True):
            assert (rating["score"], rating["weight"]) == ghost.ratings[pair], pair
            assert rating["weightPaidFor"] == ghost.rating_paid_for[pair], pair
        # (Reputation's token balance, checked with every holder's above, is the unswept rating fees.)

        # -- Disputes
        for holder, claimable in zip(claimants, take(len(claimants)), strict=True):
            assert claimable == ghost.dispute_claimable.get(holder, 0), holder
        for dispute_id, dispute in zip(dispute_ids, take(len(dispute_ids)), strict=True):
            mine = ghost.disputes[dispute_id]
            assert (dispute["status"], dispute["bond"], dispute["reporter"]) == (mine.status, mine.bond, mine.reporter)
        disputes = self.disputes.address
        assert balances[disputes] == ghost.disputes_liabilities() + ghost.donations.get(disputes, 0)

    def _check_pool_against_ideal(self, asset_id: int) -> None:
        """Each staker's stake and rewards within rounding of its ideal entitlement; pool keeps the dust."""
        pool = self.ghost.pools[asset_id]
        slack = pool.ops + 2
        self_values = delegated_values = self_thawing_values = delegated_thawing_values = 0
        for address, position in pool.stakers.items():
            self_value = pool.self_pool.to_tokens(pool.self_shares_of(position))
            delegated_value = pool.delegated_pool.to_tokens(position.delegated_shares)
            self_values += self_value
            delegated_values += delegated_value
            ideal_self = position.ideal_self if position.self_epoch == pool.self_pool.epoch else 0
            for value, ideal in ((self_value, ideal_self), (delegated_value, position.ideal_delegated)):
                assert ideal - slack <= value <= ideal + slack, (asset_id, address, value, float(ideal))
            for request in position.thaws:
                value = pool.request_value(request)
                if request.delegated:
                    delegated_thawing_values += value
                else:
                    self_thawing_values += value
                assert request.ideal - slack <= value <= request.ideal + slack, (asset_id, address, value)
            pending = pool.pending_rewards(address)
            assert pending <= position.ideal_rewards + Fraction(1, 10**9), (asset_id, address, pending)
            assert position.ideal_rewards - pending <= slack, (asset_id, address, pending, float(position.ideal_rewards))
        assert self_values <= pool.self_pool.tokens, f"pool {asset_id}: self values exceed its tokens"
        assert delegated_values <= pool.delegated_pool.tokens, f"pool {asset_id}: delegated values exceed its tokens"
        assert self_thawing_values <= pool.self_thawing.tokens, f"pool {asset_id}: self thaws exceed their tokens"
        assert delegated_thawing_values <= pool.delegated_thawing.tokens, f"pool {asset_id}: thaws exceed their tokens"
        # the per-window cap: whatever the number of rulings, one window never took more than its cap
        assert pool.slashed_in_window <= pool.slash_window_cap, f"pool {asset_id}: window cap exceeded"

    # ================================================================== everyone exits

    def teardown(self) -> None:
        try:
            if self.steps:  # only when the example ran (not when hypothesis aborted it in setup)
                self.everyone_exits()
        finally:
            self.chain.restore(self.snapshot)

    def everyone_exits(self) -> None:
        """Whatever happened, each party can take out what is theirs; only rounding dust remains."""
        ghost = self.ghost
        self.rpc.advance(31 * DAY)  # past every delay: withdrawals, thaws, resolution windows, cut changes
        for dispute_id in self._open_disputes():
            self._timeout(dispute_id)
        for (consumer, asset_id), lane in sorted(ghost.lanes.items()):
            if lane.balance:
                self.send(self.payments, "requestThaw", asset_id, lane.balance, sender=consumer)
                lane.thaw_amount, lane.thaw_ready_at = lane.balance, self.now - 1 + ghost.withdraw_delay
        for asset_id in self.asset_ids():
            pool = ghost.pools[asset_id]
            for address in self.stakers_of(asset_id):
                if pool.matured(address, self.now):
                    self._withdraw_stake(address, asset_id)
                position = pool.stakers[address]
                for delegated, shares in ((False, pool.self_shares_of(position)), (True, position.delegated_shares)):
                    if shares and pool.thaw_value(shares, delegated):
                        self._start_thaw(address, asset_id, shares, delegated)
        self.rpc.advance(31 * DAY)
        for (consumer, asset_id), lane in sorted(ghost.lanes.items()):
            if lane.thaw_amount:
                self._complete_thaw(consumer, asset_id, False)
        for consumer in self.consumers:
            if ghost.free.get(consumer):
                self._withdraw_free(consumer, ghost.free[consumer])
        for asset_id in self.asset_ids():
            if ghost.pending_revenue.get(asset_id):
                self._settle(asset_id)
        for asset_id in self.asset_ids():
            pool = ghost.pools[asset_id]
            for address in self.stakers_of(asset_id):
                if pool.matured(address, self.now):
                    self._withdraw_stake(address, asset_id)
            owner = ghost.assets[asset_id].owner
            for address in {*self.stakers_of(asset_id), owner}:
                if pool.pending_rewards(address, self.now - 1) or (address == owner and pool.owner_claimable(self.now - 1)):
                    self._claim_rewards(address, asset_id)
            if ghost.royalties.get(asset_id):
                self._claim_royalties(asset_id, owner)
        if ghost.protocol_fees:
            self._claim_protocol_fees()
        for account, amount in sorted(ghost.dispute_claimable.items()):
            if amount:
                self._claim_dispute_payout(account)
        self.check_everything()

        # Nothing is owed any more; the contracts keep only donations and rounding dust.
        assert ghost.payments_liabilities() == 0 and ghost.disputes_liabilities() == 0
        for address in self.consumers:
            assert ghost.free.get(address, 0) == 0
            assert all(lane.balance == 0 for (c, _), lane in ghost.lanes.items() if c == address)
        balances = dict(zip(self.holders, self.rpc.balances(self.token, self.holders), strict=True))
        staking = self.staking.address
        for contract in (self.payments.address, self.disputes.address):
            assert balances[contract] == ghost.donations.get(contract, 0)
        dust = balances[staking] - ghost.donations.get(staking, 0)
        ops = sum(pool.ops for pool in ghost.pools.values())
        assert 0 <= dust <= ghost.staking_reward_dust_bound() + ops + 2 * len(ghost.pools), f"staking dust {dust}"


# ====================================================================== the pytest entry point


@pytest.fixture
def configured_machine(market, accounts, chain, deployer, treasury, arbiter):
    """Wire the machine class to this session's deployment and fund/approve every actor once."""
    machine = MarketplaceMachine
    rpc = Rpc(chain.provider.web3.provider.endpoint_uri)
    machine.market, machine.rpc, machine.chain = market, rpc, chain
    machine.deployer, machine.treasury, machine.arbiter = deployer.address, treasury.address, arbiter.address
    machine.owners = [accounts[3].address, accounts[4].address, accounts[5].address]
    machine.delegators = [accounts[6].address, accounts[9].address, accounts[5].address]  # the third also owns
    machine.consumers = [accounts[7].address, accounts[8].address]
    machine.stranger = accounts[9].address
    machine.private_keys = {a.address: bytes.fromhex(a.private_key.removeprefix("0x")) for a in accounts}
    machine.session_keys = [Account.from_key(bytes([0x5E, i]) * 16) for i in range(1, 5)]
    machine.operator_keys = [Account.from_key(bytes([0x0F, i]) * 16) for i in range(1, 4)]
    machine.voucher_domain = Domain(*market.payments.eip712Domain()[1:3], chain.chain_id, market.payments.address)
    machine.receipt_domain = Domain.disputes(chain.chain_id, market.disputes.address)
    contracts = [market.staking.address, market.payments.address, market.disputes.address,
                 market.registry.address, market.reputation.address]
    machine.holders = [a.address for a in accounts] + [k.address for k in machine.session_keys] + contracts

    actors = sorted({*machine.owners, *machine.delegators, *machine.consumers, machine.stranger})
    for actor in actors:
        for spender in (market.staking, market.payments, market.disputes, market.reputation):
            rpc.sync_clock()
            rpc.send(market.token, "approve", spender.address, MAX_UINT, sender=actor)
    for key in machine.session_keys:  # session keys submit `rateFor` themselves and pay its fee
        rpc.request("anvil_impersonateAccount", [key.address])
        rpc.request("anvil_setBalance", [key.address, hex(10**20)])
        rpc.sync_clock()
        rpc.send(market.token, "transfer", key.address, 10_000 * TOKEN, sender=deployer.address)
        rpc.sync_clock()
        rpc.send(market.token, "approve", market.reputation.address, MAX_UINT, sender=key.address)
    return machine


def test_marketplace_machine(configured_machine):
    run_state_machine_as_test(configured_machine, settings=settings())
