"""`modelmarket escrow | vouchers | redeem | claim | session-keys`: usage micropayments."""

from __future__ import annotations

import json
import os
from pathlib import Path

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
    sign_typed,
    unlock,
)


def _domain(payments):
    from ape import chain

    from modelmarket.vouchers import Domain

    return Domain.usage_payments(chain.chain_id, payments.address)


def _chain_now() -> int:
    """The timestamp the next block will carry: what the contract compares deadlines with.

    Not the wall clock, which differs from chain time on a local anvil after time travel.
    """
    from ape import chain

    return chain.pending_timestamp


def _load_vouchers(path: Path):
    from modelmarket.vouchers import SignedVoucher

    try:
        data = json.loads(path.read_text())
        items = data if isinstance(data, list) else [data]
        return [SignedVoucher.from_json(item) for item in items]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise click.ClickException(f"{path}: not a voucher file ({error})") from None


# ----------------------------------------------------------------------------------- escrow


@click.group()
def escrow() -> None:
    """Consumer escrow that pays for vouchers and calls."""


@escrow.command("deposit", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("amount")
@click.option("--for", "beneficiary", default=None, help="deposit into another consumer's escrow")
def deposit(account, amount, beneficiary) -> None:
    """Deposit AMOUNT tokens into escrow."""
    market = marketplace()
    payments = market.require("UsagePayments")
    tokens = parse_amount(amount)
    ensure_allowance(market.token, unlock(account), payments.address, tokens)
    if beneficiary:
        payments.depositFor(parse_address(beneficiary), tokens, sender=account)
    else:
        payments.deposit(tokens, sender=account)
    console.print(f"deposited {amount}")


@escrow.command("request-withdraw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("amount")
def request_withdraw(account, amount) -> None:
    """Start the withdrawal delay for AMOUNT tokens (vouchers stay redeemable meanwhile)."""
    payments = marketplace().require("UsagePayments")
    receipt = payments.requestWithdraw(parse_amount(amount), sender=unlock(account))
    ready = receipt.events.filter(payments.WithdrawRequested)[0].readyAt
    console.print(f"withdrawal of {amount} ready at {ready}")


@escrow.command("cancel-withdraw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def cancel_withdraw(account) -> None:
    """Cancel the pending withdrawal request."""
    marketplace().require("UsagePayments").cancelWithdraw(sender=unlock(account))
    console.print("withdrawal request cancelled")


@escrow.command("withdraw", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def withdraw(account) -> None:
    """Withdraw the requested amount after the delay."""
    payments = marketplace().require("UsagePayments")
    receipt = payments.withdraw(sender=unlock(account))
    amount = receipt.events.filter(payments.Withdrawn)[0].amount
    console.print(f"withdrew {format_amount(amount)}")


@escrow.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("consumer")
def show_escrow(consumer) -> None:
    """A consumer's escrow and pending withdrawal."""
    payments = marketplace().require("UsagePayments")
    state = payments.escrowOf(parse_address(consumer))
    table = Table(title=f"escrow of {consumer}", show_header=False)
    table.add_row("balance", format_amount(state.balance))
    table.add_row("withdrawal requested", format_amount(state.withdrawAmount))
    table.add_row("withdrawal ready at", str(state.withdrawReadyAt) if state.withdrawAmount else "-")
    console.print(table)


# --------------------------------------------------------------------------------- vouchers


@click.group()
def vouchers() -> None:
    """Sign and verify EIP-712 cumulative vouchers off-chain."""


@vouchers.command("sign", cls=ConnectedProviderCommand)
@network_option()
@account_option(prompt=False)
@click.option("--consumer", default=None, help="whose escrow pays (default: the signer)")
@click.option("--asset", "asset_id", type=int, required=True)
@click.option("--cumulative", required=True, help="total owed to this asset so far (tokens)")
@click.option("--ttl", type=int, default=86400, show_default=True, help="seconds until the voucher expires")
@click.option("--key-env", default=None, help="env var holding a session key's private key (instead of --account)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON file to append to")
def sign(account, consumer, asset_id, cumulative, ttl, key_env, out) -> None:
    """Sign a voucher with an Ape account or a session key, and append it to a JSON file."""
    from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner, typed_data

    payments = marketplace().require("UsagePayments")
    domain = _domain(payments)
    if key_env:
        key = os.environ.get(key_env)
        if not key:
            raise click.ClickException(f"environment variable {key_env} is empty")
        signer = VoucherSigner(key, domain)
        signer_address = signer.address
    elif account is not None:
        signer, signer_address = None, account.address
    else:
        raise click.ClickException("give --account or --key-env")
    voucher = Voucher(
        parse_address(consumer) if consumer else signer_address,
        asset_id,
        parse_amount(cumulative),
        _chain_now() + ttl,
    )
    if signer is not None:
        signed = signer.sign(voucher)
    else:
        signed = SignedVoucher(voucher, sign_typed(unlock(account), typed_data(domain, voucher)))
    existing = json.loads(out.read_text()) if out.exists() else []
    existing = existing if isinstance(existing, list) else [existing]
    out.write_text(json.dumps([*existing, signed.to_json()], indent=2) + "\n")
    console.print(f"signed voucher for #{asset_id}, cumulative {cumulative}, by {signer_address} → {out}")


@vouchers.command("verify", cls=ConnectedProviderCommand)
@network_option()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(path) -> None:
    """Check every voucher in a file: digest matches the contract, signer may sign, amount due."""
    from modelmarket.vouchers import InvalidSignature, recover_voucher_signer

    payments = marketplace().require("UsagePayments")
    domain = _domain(payments)
    table = Table(title=f"vouchers in {path}")
    for column in ("#", "consumer", "asset", "cumulative", "due now", "signer", "verdict"):
        table.add_column(column)
    bad, now = 0, _chain_now()
    for index, signed in enumerate(_load_vouchers(path)):
        voucher = signed.voucher
        try:
            signer = recover_voucher_signer(domain, signed)
        except InvalidSignature as error:
            signer, verdict = "-", f"invalid signature: {error}"
        else:
            if bytes(payments.voucherDigest(voucher.to_tuple())) != domain.digest(voucher):
                raise click.ClickException("the SDK digest differs from the contract's: wrong chain or contract")
            allowed = signer == voucher.consumer or payments.isSessionKeyActive(voucher.consumer, signer)
            verdict = "ok" if allowed else "signer not authorised"
        redeemed = payments.redeemed(voucher.consumer, voucher.asset_id)
        due = max(voucher.cumulative_amount - redeemed, 0)
        if verdict == "ok" and due == 0:
            verdict = "stale (already redeemed)"
        if voucher.deadline < now:
            verdict = "expired"
        bad += verdict != "ok"
        table.add_row(
            str(index), voucher.consumer[:10] + "…", str(voucher.asset_id),
            format_amount(voucher.cumulative_amount), format_amount(due), signer[:10] + "…", verdict,
        )
    console.print(table)
    if bad:
        raise click.ClickException(f"{bad} voucher(s) would not pay")


@click.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def redeem(account, path) -> None:
    """Redeem a file of signed vouchers in one batch transaction (latest per consumer and asset)."""
    payments = marketplace().require("UsagePayments")
    latest: dict[tuple[str, int], object] = {}
    for signed in _load_vouchers(path):
        key = (signed.voucher.consumer, signed.voucher.asset_id)
        current = latest.get(key)
        if current is None or signed.voucher.cumulative_amount > current.voucher.cumulative_amount:
            latest[key] = signed
    batch = list(latest.values())
    if not batch:
        raise click.ClickException(f"{path} holds no vouchers")
    receipt = payments.redeemBatch(
        [item.to_tuple() for item in batch], [item.signature for item in batch], sender=unlock(account)
    )
    paid = sum(event.paid for event in receipt.events.filter(payments.VoucherRedeemed))
    rejected = receipt.events.filter(payments.VoucherRejected)
    console.print(
        f"redeemed {len(batch) - len(rejected)} of {len(batch)} vouchers: paid {format_amount(paid)}"
        f" (gas {receipt.gas_used})"
    )
    for event in rejected:
        console.print(f"  rejected #{event.index}: consumer {event.consumer}, reason 0x{bytes(event.reason).hex()}")


@click.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--asset", "asset_ids", type=int, multiple=True, help="assets you own or staked behind (repeat)")
def claim(account, asset_ids) -> None:
    """Claim everything owed: royalties, fee rewards, dispute payouts, protocol fees (treasury)."""
    market = marketplace()
    unlock(account)
    payments, staking = market.require("UsagePayments"), market.require("StakingPool")
    claimed: list[tuple[str, int]] = []
    for asset_id in asset_ids:
        require_asset(market, asset_id)
        owner = market.registry.ownerOf(asset_id)
        if owner == account.address and payments.royaltiesOf(asset_id) > 0:
            receipt = payments.claimRoyalties(asset_id, sender=account)
            claimed.append((f"royalties #{asset_id}", receipt.events.filter(payments.RoyaltiesClaimed)[0].amount))
        owner_part = staking.getPool(asset_id).ownerRewards if owner == account.address else 0
        if staking.pendingRewards(asset_id, account.address) > 0 or owner_part > 0:
            receipt = staking.claimRewards(asset_id, sender=account)
            event = receipt.events.filter(staking.RewardsClaimed)[0]
            claimed.append((f"fees #{asset_id}", event.delegatorRewards + event.ownerRewards))
    if market.disputes is not None and market.disputes.claimable(account.address) > 0:
        receipt = market.disputes.claim(sender=account)
        claimed.append(("disputes", receipt.events.filter(market.disputes.Claimed)[0].amount))
    if payments.treasury() == account.address and payments.protocolFeesAccrued() > 0:
        receipt = payments.claimProtocolFees(sender=account)
        claimed.append(("protocol fees", receipt.events.filter(payments.ProtocolFeesClaimed)[0].amount))
    if not claimed:
        raise click.ClickException("nothing to claim")
    table = Table(title=f"claimed by {account.address}")
    table.add_column("source")
    table.add_column("amount")
    for source, amount in claimed:
        table.add_row(source, format_amount(amount))
    console.print(table)


# ----------------------------------------------------------------------------- session keys


@click.group("session-keys")
def session_keys() -> None:
    """Spend-capped, expiring keys that let an AI agent sign vouchers for your escrow."""


@session_keys.command("add", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("key")
@click.option("--cap", required=True, help="most the key may spend (tokens)")
@click.option("--ttl", type=int, default=86400, show_default=True, help="seconds until the key expires")
def add_key(account, key, cap, ttl) -> None:
    """Authorise KEY (an address) to sign vouchers paid from your escrow."""
    payments = marketplace().require("UsagePayments")
    expiry = _chain_now() + ttl
    payments.authorizeSessionKey(parse_address(key), parse_amount(cap), expiry, sender=unlock(account))
    console.print(f"session key {key} may spend {cap} until {expiry}")


@session_keys.command("revoke", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("key")
def revoke_key(account, key) -> None:
    """Revoke a session key at once."""
    marketplace().require("UsagePayments").revokeSessionKey(parse_address(key), sender=unlock(account))
    console.print(f"session key {key} revoked")


@session_keys.command("list", cls=ConnectedProviderCommand)
@network_option()
@click.argument("consumer")
def list_keys(consumer) -> None:
    """A consumer's session keys (from events) with their live state."""
    from ape import chain

    market = marketplace()
    payments = market.require("UsagePayments")
    address = parse_address(consumer)
    start, stop = market.deployment.block_number, chain.blocks.head.number + 1
    keys = {log.key for log in payments.SessionKeyAuthorized.range(start, stop, search_topics={"consumer": address})}
    table = Table(title=f"session keys of {address}")
    for column in ("key", "cap", "spent", "expiry", "active"):
        table.add_column(column)
    for key in sorted(keys):
        state = payments.sessionKeyOf(address, key)
        table.add_row(
            key, format_amount(state.spendCap), format_amount(state.spent), str(state.expiry),
            str(payments.isSessionKeyActive(address, key)),
        )
    console.print(table)
