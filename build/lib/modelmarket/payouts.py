"""Everything an account is owed by the marketplace, in one place, and claiming all of it.

Sources: royalties of the assets it owns (``UsagePayments.claimRoyalties``), owner and delegator
rewards in ``StakingPool`` (``claimRewardsFor`` where the build has it, else ``claimRewards`` as
the account), ``Disputes`` payouts (``claimFor`` / ``claim``) and protocol fees when it is the
treasury (``claimProtocolFees``). Revenue redeemed but not settled yet is settled first
(``settleMany``), so "claim everything" includes it. Every claim function pays the rightful payee
whoever sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelmarket.deploy import Marketplace

__all__ = ["Payout", "claim_all", "owed", "settle_pending"]


@dataclass(frozen=True, slots=True)
class Payout:
    """``amount`` owed to an account from ``source`` (for ``asset_id`` where it applies)."""

    source: str
    amount: int
    asset_id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.source} #{self.asset_id}" if self.asset_id is not None else self.source


def _has_method(contract: Any, name: str) -> bool:
    return any(abi.name == name for abi in contract.contract_type.mutable_methods)


def _asset_ids(market: Marketplace) -> range:
    return range(1, int(market.registry.assetCount()) + 1)


def _owner(market: Marketplace, asset_id: int) -> str:
    return market.registry.ownerAndStatus(asset_id)[0]


def _staking_rewards(market: Marketplace, asset_id: int, account: str, owns: bool) -> tuple[int, int]:
    staking = market.contracts.get("StakingPool")
    if staking is None:
        return 0, 0
    delegator = int(staking.pendingRewards(asset_id, account))
    owner = int(staking.getPool(asset_id).ownerRewards) if owns else 0
    return delegator, owner


def owed(market: Marketplace, account: str) -> list[Payout]:
    """What ``account`` can claim now (settled revenue only; see :func:`settle_pending`)."""
    payments = market.require("UsagePayments")
    payouts: list[Payout] = []
    for asset_id in _asset_ids(market):
        owns = _owner(market, asset_id) == account
        if owns and (royalties := int(payments.royaltiesOf(asset_id))):
            payouts.append(Payout("royalties", royalties, asset_id))
        delegator, owner = _staking_rewards(market, asset_id, account, owns)
        if owner:
            payouts.append(Payout("owner rewards", owner, asset_id))
        if delegator:
            payouts.append(Payout("delegator rewards", delegator, asset_id))
    disputes = market.contracts.get("Disputes")
    if disputes is not None and (amount := int(disputes.claimable(account))):
        payouts.append(Payout("disputes", amount))
    if payments.treasury() == account and (fees := int(payments.protocolFeesAccrued())):
        payouts.append(Payout("protocol fees", fees))
    return payouts


def _pending_for(market: Marketplace, account: str) -> list[int]:
    """Assets with unsettled revenue whose split pays ``account`` something."""
    payments = market.require("UsagePayments")
    if not _has_method(payments, "settleMany"):
        return []
    treasury = payments.treasury() == account
    staking = market.contracts.get("StakingPool")
    owned = {asset_id for asset_id in _asset_ids(market) if _owner(market, asset_id) == account}
    pending = []
    for asset_id in _asset_ids(market):
        if not int(payments.pendingRevenueOf(asset_id)):
            continue
        staked = staking is not None and int(staking.delegatedStakeOf(asset_id, account)) > 0
        parents = {int(parent.assetId) for parent in market.registry.getParents(asset_id)}
        if treasury or asset_id in owned or staked or parents & owned:
            pending.append(asset_id)
    return pending


def settle_pending(market: Marketplace, account: str, sender: Any) -> list[int]:
    """Settle the unsettled revenue that pays ``account`` (one ``settleMany``); returns the assets."""
    assets = _pending_for(market, account)
    if assets:
        market.require("UsagePayments").settleMany(assets, sender=sender)
    return assets


def claim_all(market: Marketplace, account: Any) -> list[Payout]:
    """Settle, then claim everything owed to ``account`` (sent by ``account``); returns what arrived.

    With a ``Payouts`` contract in the deployment this is one transaction (``Payouts.claimAll``);
    otherwise one claim per source."""
    address = account.address
    payouts = market.contracts.get("Payouts")
    if payouts is not None:
        # One scan each: settle what pays the account, then read what it is owed; the contract visits
        # those assets plus the settled ones (its own settleMany skips them, already settled).
        settled = settle_pending(market, address, account)
        expected = owed(market, address)
        assets = sorted({p.asset_id for p in expected if p.asset_id is not None} | set(settled))
        max_assets = int(payouts.MAX_ASSETS())
        for start in range(0, max(len(assets), 1), max_assets):
            payouts.claimAll(address, assets[start : start + max_assets], sender=account)
        return expected
    payments = market.require("UsagePayments")
    settle_pending(market, address, account)
    token = market.token
    claimed: list[Payout] = []
    staking_done: set[int] = set()
    for payout in owed(market, address):
        before = int(token.balanceOf(address))
        if payout.source == "royalties":
            payments.claimRoyalties(payout.asset_id, sender=account)
        elif payout.source in ("owner rewards", "delegator rewards"):
            if payout.asset_id in staking_done:  # one claim pays both parts
                claimed.append(payout)
                continue
            staking_done.add(payout.asset_id)
            staking = market.require("StakingPool")
            if _has_method(staking, "claimRewardsFor"):
                staking.claimRewardsFor(payout.asset_id, address, sender=account)
            else:
                staking.claimRewards(payout.asset_id, sender=account)
        elif payout.source == "disputes":
            disputes = market.require("Disputes")
            if _has_method(disputes, "claimFor"):
                disputes.claimFor(address, sender=account)
            else:
                disputes.claim(sender=account)
        else:
            payments.claimProtocolFees(sender=account)
        received = int(token.balanceOf(address)) - before
        if payout.source in ("owner rewards", "delegator rewards"):
            claimed.append(Payout(payout.source, payout.amount, payout.asset_id))
        else:
            claimed.append(Payout(payout.source, received, payout.asset_id))
    return claimed
