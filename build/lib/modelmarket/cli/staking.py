"""`modelmarket stake ...` and `modelmarket delegate ...`: collateral behind assets."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import (
    console,
    ensure_allowance,
    format_amount,
    marketplace,
    parse_address,
    parse_amount,
    require_asset,
    unlock,
)


def _shares_for(staking, asset_id: int, amount: str, held_shares: int, delegated: bool) -> int:
    """Shares to unstake (self pool) or undelegate (delegated pool) for a token amount, or all for "all"."""
    if amount == "all":
        shares = held_shares
    elif delegated:
        shares = staking.previewDelegate(asset_id, parse_amount(amount))
    else:
        shares = staking.previewStake(asset_id, parse_amount(amount))
    if shares == 0:
        raise click.ClickException("nothing to remove: amount rounds to zero shares or nothing is staked")
    return shares


@click.group()
def stake() -> None:
    """Owner self-stake: add, remove (starts thawing), withdraw, status."""


@stake.command("add", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("amount")
def stake_add(account, asset_id, amount) -> None:
    """Self-stake AMOUNT tokens behind an asset you own."""
    market = marketplace()
    require_asset(market, asset_id)
    tokens = parse_amount(amount)
    staking = market.require("StakingPool")
    ensure_allowance(market.token, unlock(account), staking.address, tokens)
    receipt = staking.stake(asset_id, tokens, sender=account)
    shares = receipt.events.filter(staking.Staked)[0].shares
    console.print(f"staked {amount} behind #{asset_id} ({shares} shares); serving: {staking.isServing(asset_id)}")


@stake.command("remove", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("amount")
def stake_remove(account, asset_id, amount) -> None:
    """Start thawing AMOUNT tokens (or "all") of your self-stake."""
    market = marketplace()
    require_asset(market, asset_id)
    staking = market.require("StakingPool")
    position = staking.getStaker(asset_id, account.address)
    # shares of a self pool a slash emptied (an older epoch) are void
    held = position.selfShares if position.selfEpoch == staking.getPool(asset_id).selfEpoch else 0
    staking.unstake(asset_id, _shares_for(staking, asset_id, amount, held, False), sender=unlock(account))
    console.print(f"thawing started; withdraw after {staking.thawingPeriod()} s")


def _withdraw(account, asset_id: int) -> None:
    market = marketplace()
    require_asset(market, asset_id)
    staking = market.require("StakingPool")
    receipt = staking.withdraw(asset_id, sender=unlock(account))
    tokens = receipt.events.filter(staking.Withdrawn)[0].tokens
    console.print(f"withdrew {format_amount(tokens)} tokens from #{asset_id}")


@stake.command("withdraw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
def stake_withdraw(account, asset_id) -> None:
    """Withdraw every thawed request (self-stake and delegation alike)."""
    _withdraw(account, asset_id)


@stake.command("status", cls=ConnectedProviderCommand)
@network_option()
@click.argument("asset_id", type=int)
@click.option("--staker", default=None, help="also show this address's position")
def stake_status(asset_id, staker) -> None:
    """The pool behind an asset, and optionally one staker's position."""
    market = marketplace()
    require_asset(market, asset_id)
    staking = market.require("StakingPool")
    pool = staking.getPool(asset_id)
    owner = market.registry.ownerOf(asset_id)
    table = Table(title=f"stake behind #{asset_id}", show_header=False)
    table.add_row("serving", str(staking.isServing(asset_id)))
    table.add_row("owner self-stake", format_amount(staking.selfStakeOf(asset_id, owner)))
    table.add_row("minimum self-stake", format_amount(staking.minSelfStake()))
    table.add_row("total stake (incl. thawing)", format_amount(staking.totalStake(asset_id)))
    table.add_row("thawing (self, delegated)", f"{format_amount(pool.selfThawingTokens)}, "
                  f"{format_amount(pool.delegatedThawingTokens)}")
    if pool.frozenUntil:
        table.add_row("withdrawals frozen until", f"{pool.frozenUntil} (a dispute is open)")
    table.add_row("delegator cut (bps)", str(staking.effectiveDelegatorCut(asset_id)))
    table.add_row("slash cap", format_amount(staking.slashCap(asset_id)))
    table.add_row("owner rewards unclaimed", format_amount(pool.ownerRewards))
    if staker:
        address = parse_address(staker)
        table.add_row("— staker", address)
        table.add_row("self-stake", format_amount(staking.selfStakeOf(asset_id, address)))
        table.add_row("delegated", format_amount(staking.delegatedStakeOf(asset_id, address)))
        table.add_row("thawing", format_amount(staking.thawingStakeOf(asset_id, address)))
        table.add_row("pending rewards", format_amount(staking.pendingRewards(asset_id, address)))
        for number, request in enumerate(staking.getThawRequests(asset_id, address), start=1):
            table.add_row(f"thaw request {number}", f"{request.shares} shares, ends at {request.thawEnd}")
    console.print(table)


@click.group()
def delegate() -> None:
    """Delegate stake behind any listed asset for a share of its fees."""


@delegate.command("add", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("amount")
def delegate_add(account, asset_id, amount) -> None:
    """Delegate AMOUNT tokens behind an asset."""
    market = marketplace()
    require_asset(market, asset_id)
    tokens = parse_amount(amount)
    staking = market.require("StakingPool")
    ensure_allowance(market.token, unlock(account), staking.address, tokens)
    receipt = staking.delegateStake(asset_id, tokens, sender=account)
    shares = receipt.events.filter(staking.Delegated)[0].shares
    console.print(f"delegated {amount} behind #{asset_id} ({shares} shares)")


@delegate.command("remove", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("amount")
def delegate_remove(account, asset_id, amount) -> None:
    """Start thawing AMOUNT tokens (or "all") of your delegation; withdraw with `stake withdraw`."""
    market = marketplace()
    require_asset(market, asset_id)
    staking = market.require("StakingPool")
    held = staking.getStaker(asset_id, account.address).delegatedShares
    staking.undelegate(asset_id, _shares_for(staking, asset_id, amount, held, True), sender=unlock(account))
    console.print(f"thawing started; withdraw after {staking.thawingPeriod()} s")


@delegate.command("withdraw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
def delegate_withdraw(account, asset_id) -> None:
    """Withdraw every thawed request."""
    _withdraw(account, asset_id)


@delegate.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
def delegate_claim(account, asset_id) -> None:
    """Claim fee rewards (delegator rewards, plus the owner's part if you own the asset)."""
    market = marketplace()
    require_asset(market, asset_id)
    staking = market.require("StakingPool")
    receipt = staking.claimRewards(asset_id, sender=unlock(account))
    event = receipt.events.filter(staking.RewardsClaimed)
    delegator, owner = (event[0].delegatorRewards, event[0].ownerRewards) if event else (0, 0)
    console.print(f"claimed {format_amount(delegator)} delegator + {format_amount(owner)} owner rewards")
