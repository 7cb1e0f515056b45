"""`modelmarket dashboard`: serve the web dashboard (catalog, assets, providers) from chain events."""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, network_option

from modelmarket.cli.common import console, marketplace


@click.command(cls=ConnectedProviderCommand)
@network_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8787, show_default=True, type=click.IntRange(0, 65535), help="0: any free port")
@click.option(
    "--gateway-db",
    default=None,
    help="the provider gateway's database (sqlite:///path or postgresql://…) for outstanding vouchers",
)
def dashboard(host: str, port: int, gateway_db: str | None) -> None:
    """Serve the dashboard until interrupted (pages are rebuilt from events at each new block)."""
    from functools import partial

    from modelmarket.dashboard.server import Dashboard, DashboardServer
    from modelmarket.dashboard.sources import head_block, load_snapshot, open_gateway_vouchers

    market = marketplace()
    vouchers = None
    if gateway_db is not None:
        try:
            vouchers = open_gateway_vouchers(gateway_db)
        except LookupError as error:
            raise click.ClickException(str(error)) from None
    try:
        server = DashboardServer(Dashboard(partial(load_snapshot, market), head_block, vouchers), host, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    console.print(f"dashboard on [bold]{server.url}[/bold] (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
