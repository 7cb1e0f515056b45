"""`modelmarket serve --asset ID`: sell an asset's inferences over HTTP for vouchers (x402)."""

from __future__ import annotations

import os

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option

from modelmarket.cli.common import console, format_amount, marketplace, unlock


@click.command("serve", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--asset", "asset_id", type=int, required=True, help="the asset whose inferences are sold")
@click.option("--operator-key-env", default="MODELMARKET_OPERATOR_KEY", show_default=True,
              help="env var holding the private key that signs receipts (the asset's operator)")
@click.option("--db", default="sqlite:///modelmarket-gateway.sqlite", show_default=True,
              help="voucher book: sqlite:///path or postgresql://... (shared by replicas)")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8402, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 500), default=50, show_default=True,
              help="settle when this many pairs are open")
@click.option("--max-age", type=float, default=30.0, show_default=True, help="settle when a pair is open this long (s)")
@click.option("--min-ttl", type=click.IntRange(0), default=60, show_default=True,
              help="seconds a voucher must stay valid to be accepted")
@click.option("--no-payment-checks", is_flag=True, help="answer without payment (a baseline for load tests)")
@click.option("--dashboard", "with_dashboard", is_flag=True,
              help="also serve the web dashboard (catalog, assets, providers) at /dashboard")
def serve(account, asset_id, operator_key_env, db, host, port, batch_size, max_age, min_ttl, no_payment_checks,
          with_dashboard) -> None:
    """Serve ASSET's model; --account redeems the vouchers, the operator key signs receipts."""
    import uvicorn

    from modelmarket.gateway.app import build_app
    from modelmarket.gateway.chain import GatewayConfigError, build_gateway
    from modelmarket.gateway.store import open_store

    key = os.environ.get(operator_key_env)
    if not key:
        raise click.ClickException(f"environment variable {operator_key_env} is empty (the receipt signing key)")
    try:
        gateway = build_gateway(
            marketplace(), asset_id, unlock(account), key, open_store(db), min_ttl=min_ttl,
            batch_size=batch_size, max_age=max_age, payment_checks=not no_payment_checks,
        )
    except (GatewayConfigError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    console.print(
        f"serving asset #{asset_id} v{gateway.offer.version} at {format_amount(gateway.offer.price)} per call "
        f"on http://{host}:{port}/v1/infer (model accuracy {gateway.model.accuracy:.3f}; book {db})"
    )
    dashboard = None
    if with_dashboard:
        from functools import partial

        from modelmarket.dashboard.server import Dashboard
        from modelmarket.dashboard.sources import head_block, load_snapshot, open_gateway_vouchers

        dashboard = Dashboard(partial(load_snapshot, marketplace()), head_block, open_gateway_vouchers(db))
        console.print(f"dashboard on http://{host}:{port}/dashboard")
    uvicorn.run(build_app(gateway, dashboard=dashboard), host=host, port=port, log_level="warning", access_log=False)
