"""`modelmarket call ASSET --input JSON`: pay a gateway for inferences as an agent does."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option

from modelmarket.cli.common import console, format_amount, marketplace, parse_amount, require_asset, unlock


def _input(text: str):
    raw = Path(text[1:]).read_text() if text.startswith("@") else text
    try:
        return json.loads(raw)
    except ValueError as error:
        raise click.BadParameter(f"--input is not JSON ({error})") from None


@click.command("call", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.option("--input", "request", required=True, help="the request as JSON, or @file.json")
@click.option("--gateway", default="http://127.0.0.1:8402", show_default=True)
@click.option("--key-env", default="MODELMARKET_SESSION_KEY", show_default=True,
              help="env var holding the session key that signs vouchers (authorised if it is not yet)")
@click.option("--budget", required=True, help="most this ledger may ever spend (tokens)")
@click.option("--max-price", default=None, help="refuse a price per call above this (tokens)")
@click.option("--topup", default="1", show_default=True, help="smallest lane top-up (tokens)")
@click.option("--count", type=click.IntRange(1, 10_000), default=1, show_default=True, help="calls to make")
@click.option("--ledger", "ledger_path", default="modelmarket-spend.sqlite", show_default=True,
              help="the client's own spend ledger (SQLite)")
def call(account, asset_id, request, gateway, key_env, budget, max_price, topup, count, ledger_path) -> None:
    """Pay GATEWAY for COUNT inferences of ASSET_ID; verify every receipt; stop at the budget."""
    from ape import chain

    from modelmarket.client import ClientError, ModelClient, SpendLedger
    from modelmarket.client.funding import ApeFunder
    from modelmarket.eip712 import Domain
    from modelmarket.payments_chain import payments_domain
    from modelmarket.vouchers import VoucherSigner

    market = marketplace()
    require_asset(market, asset_id)
    payments = market.require("UsagePayments")
    key = os.environ.get(key_env)
    if not key:
        raise click.ClickException(f"environment variable {key_env} is empty (the session key)")
    try:
        signer = VoucherSigner(key, payments_domain(payments))
    except ValueError as error:
        raise click.ClickException(f"{key_env} does not hold a private key ({error})") from None
    wallet = unlock(account)
    limit = parse_amount(budget)
    if not payments.isSessionKeyActive(wallet.address, signer.address):
        payments.authorizeSessionKey(signer.address, limit, chain.pending_timestamp + 86_400, [asset_id], sender=wallet)
        console.print(f"authorised session key {signer.address} (cap {budget}, asset #{asset_id}, one day)")
    client = ModelClient(
        gateway, signer, wallet.address, budget=limit,
        receipt_domain=Domain.from_eip5267(market.require("Disputes").eip712Domain()),
        receipt_signer=str(market.registry.signerOf(asset_id)), spend=SpendLedger(ledger_path),
        funder=ApeFunder(payments, market.token, wallet, topup=parse_amount(topup)),
        max_price=parse_amount(max_price) if max_price else None,
    )
    payload = _input(request)
    for _ in range(count):
        try:
            answer = client.call(payload)
        except ClientError as error:
            raise click.ClickException(str(error)) from None
        click.echo(json.dumps({"result": answer.result, "paid": format_amount(answer.price),
                                  "cumulative": format_amount(answer.cumulative),
                                  "receipt": answer.receipt.to_json()}))
    spent = client.spend.spent(client.contract, wallet.address)
    console.print(f"spent {format_amount(spent)} of the {budget} budget in {ledger_path}")
