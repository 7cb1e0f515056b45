"""`modelmarket vouchers sign | verify | redeem`: EIP-712 usage vouchers, checked by the provider ledger."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, format_amount, marketplace, parse_address, parse_amount, sign_typed, unlock


def _chain_now() -> int:
    """The timestamp the next block will carry: what the contract compares deadlines with.

    Not the wall clock, which differs from chain time on a local anvil after time travel.
    """
    from ape import chain

    return chain.pending_timestamp


def _load(path: Path):
    from modelmarket.vouchers import SignedVoucher

    try:
        data = json.loads(path.read_text())
        items = data if isinstance(data, list) else [data]
        return [SignedVoucher.from_json(item) for item in items]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise click.ClickException(f"{path}: not a voucher file ({error})") from None


def _ledger(market):
    from modelmarket.ledger import ProviderLedger
    from modelmarket.payments_chain import ContractPaymentsState, payments_domain

    payments = market.require("UsagePayments")
    return ProviderLedger(payments_domain(payments), ContractPaymentsState(payments, market.registry, max_age=0))


def _reason(verdict) -> str:
    """`LaneEmpty(consumer=0x…, assetId=3, owed=5)`: the error name with its values."""
    from modelmarket.revert_reasons import error_inputs

    names = error_inputs(verdict.reason) or tuple(f"arg{i}" for i in range(len(verdict.args)))
    return f"{verdict.reason}({', '.join(f'{n}={v}' for n, v in zip(names, verdict.args))})"


@click.group()
def vouchers() -> None:
    """Sign, verify and redeem cumulative usage vouchers (EIP-712)."""


@vouchers.command("sign", cls=ConnectedProviderCommand)
@network_option()
@account_option(prompt=False)
@click.option("--consumer", default=None, help="whose lane pays (default: the signer)")
@click.option("--asset", "asset_id", type=int, required=True)
@click.option("--cumulative", required=True, help="total owed to this asset so far (tokens)")
@click.option("--ttl", type=int, default=86400, show_default=True, help="seconds until the voucher expires")
@click.option("--key-env", default=None, help="env var holding a session key's private key (instead of --account)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON file to append to")
def sign(account, consumer, asset_id, cumulative, ttl, key_env, out) -> None:
    """Sign a voucher with an Ape account or a session key, and append it to a JSON file."""
    from modelmarket.eip712 import typed_data
    from modelmarket.payments_chain import payments_domain
    from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner

    domain = payments_domain(marketplace().require("UsagePayments"))
    if key_env:
        key = os.environ.get(key_env)
        if not key:
            raise click.ClickException(f"environment variable {key_env} is empty")
        try:
            signer = VoucherSigner(key, domain)
        except ValueError as error:
            raise click.ClickException(f"{key_env} does not hold a private key ({error})") from None
        signer_address = signer.address
    elif account is not None:
        signer, signer_address = None, account.address
    else:
        raise click.ClickException("give --account or --key-env")
    voucher = Voucher(
        parse_address(consumer) if consumer else signer_address, asset_id, parse_amount(cumulative), _chain_now() + ttl
    )
    signed = signer.sign(voucher) if signer is not None else SignedVoucher(
        voucher, sign_typed(unlock(account), typed_data(domain, voucher))
    )
    existing = json.loads(out.read_text()) if out.exists() else []
    existing = existing if isinstance(existing, list) else [existing]
    out.write_text(json.dumps([*existing, signed.to_json()], indent=2) + "\n")
    console.print(f"signed voucher for #{asset_id}, cumulative {cumulative}, by {signer_address} → {out}")


@vouchers.command("verify", cls=ConnectedProviderCommand)
@network_option()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(path) -> None:
    """Say for every voucher in a file what redeeming it now would do, and why not if it would not pay."""
    market = marketplace()
    payments = market.require("UsagePayments")
    ledger = _ledger(market)
    items = _load(path)
    if items and bytes(payments.voucherDigest(items[0].to_tuple())) != ledger.domain.digest(items[0].voucher):
        raise click.ClickException("the SDK digest differs from the contract's: wrong chain or contract")
    table = Table(title=f"vouchers in {path}")
    for column in ("#", "consumer", "asset", "cumulative", "would pay", "signer", "verdict"):
        table.add_column(column)
    bad = 0
    for index, signed in enumerate(items):
        verdict = ledger.predict(signed)
        voucher = signed.voucher
        if verdict.accepted:
            text = "ok" if not verdict.shortfall else f"ok, short by {format_amount(verdict.shortfall)} (LaneShortfall)"
        else:
            bad += 1
            text = _reason(verdict)
        table.add_row(
            str(index), voucher.consumer, str(voucher.asset_id), format_amount(voucher.cumulative_amount),
            format_amount(verdict.paid), verdict.signer or "-", text,
        )
    console.print(table)
    if bad:
        raise click.ClickException(f"{bad} of {len(items)} voucher(s) would not pay")


@vouchers.command("redeem", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--max-batch", type=click.IntRange(1, 500), default=100, show_default=True)
def redeem(account, path, max_batch) -> None:
    """Redeem a file of vouchers: the latest per consumer and asset, grouped by asset, in one batch."""
    from modelmarket.payments_chain import redeem_events_of

    market = marketplace()
    payments = market.require("UsagePayments")
    ledger = _ledger(market)
    skipped = []
    for signed in _load(path):
        verdict = ledger.hold(signed)
        if not verdict.accepted:
            skipped.append(verdict)
    batch = ledger.batch(max_batch)
    for verdict in skipped:
        if ledger.latest(verdict.signed.voucher.consumer, verdict.signed.voucher.asset_id) is None:
            console.print(f"  skipped: {_reason(verdict)}")
    if not batch:
        raise click.ClickException(f"no voucher in {path} would pay anything")
    receipt = payments.redeemBatch(
        [item.to_tuple() for item in batch], [item.signature for item in batch], sender=unlock(account)
    )
    events = redeem_events_of(payments, receipt)
    ledger.apply(events)
    paid = sum(event[4] for event in events.redeemed)
    console.print(
        f"redeemed {len(events.redeemed)} of {len(batch)} vouchers: paid {format_amount(paid)} (gas {receipt.gas_used})"
    )
    for consumer, asset_id, shortfall in events.shortfalls:
        console.print(f"  short: consumer {consumer}, asset #{asset_id}: {format_amount(shortfall)} stays redeemable")
    for index, consumer, asset_id, reason in events.rejected:
        console.print(f"  rejected #{index}: consumer {consumer}, asset #{asset_id}: {reason}")
