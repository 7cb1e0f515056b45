"""`modelmarket dashboard`: serves pages of the recorded deployment; errors are one line."""

from __future__ import annotations

import socket

from modelmarket.dashboard.server import DashboardServer


def test_dashboard_serves_the_catalog_of_the_deployment(run_cli, list_asset, monkeypatch):
    asset_id = list_asset()
    pages: list[str] = []

    def serve_once(self) -> None:
        pages.append(self.RequestHandlerClass.dashboard.respond("/").body)
        raise KeyboardInterrupt  # what Ctrl-C does to serve_forever

    monkeypatch.setattr(DashboardServer, "serve_forever", serve_once)
    result = run_cli("dashboard", "--port", "0")
    assert result.exit_code == 0, result.output
    assert "dashboard on http://127.0.0.1:" in result.output
    assert f'href="/asset/{asset_id}"' in pages[0]


def test_dashboard_reports_a_busy_port_in_one_line(run_cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli("dashboard", "--port", str(busy.getsockname()[1]))
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1:" in result.output
    assert "Traceback" not in result.output
