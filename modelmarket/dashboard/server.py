"""The dashboard's HTTP server (the standard library's: no web framework needed for four routes).

Routes: ``/`` the catalog (filters in the query string), ``/asset/<id>``, ``/provider/<address>``
(``/provider?address=`` redirects there), ``/healthz``. The snapshot is reloaded when the chain's
head moves; requests share it under a lock (Ape is not thread-safe).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from modelmarket.addresses import to_checksum_address
from modelmarket.dashboard import pages
from modelmarket.dashboard.model import CatalogFilter, Snapshot, asset_page, catalog_rows, provider_page
from modelmarket.dashboard.sources import VoucherSource


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    location: str | None = None
    content_type: str = "text/html; charset=utf-8"


class Dashboard:
    """Routes a request path to a page of the current snapshot (no sockets: tests call `respond`)."""

    def __init__(
        self,
        load: Callable[[], Snapshot],
        head: Callable[[], int],
        vouchers: VoucherSource | None = None,
    ) -> None:
        self._load, self._head, self.vouchers = load, head, vouchers
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The snapshot of the current head (reloaded only when a block was added)."""
        with self._lock:
            if self._snapshot is None or self._head() != self._snapshot.head_block:
                self._snapshot = self._load()
            return self._snapshot

    def respond(self, target: str) -> Response:
        url = urlsplit(target)
        path, query = url.path.rstrip("/") or "/", parse_qs(url.query)
        if path == "/healthz":
            return Response(HTTPStatus.OK, "ok", content_type="text/plain; charset=utf-8")
        snapshot = self.snapshot()
        if path == "/":
            try:
                filters, error = CatalogFilter.from_query(query), None
            except ValueError as problem:
                filters, error = CatalogFilter(), str(problem)
            rows = catalog_rows(snapshot, filters)
            status = HTTPStatus.OK if error is None else HTTPStatus.BAD_REQUEST
            return Response(status, pages.catalog_page(snapshot, filters, rows, error))
        if path.startswith("/asset/"):
            text = path.removeprefix("/asset/")
            page = asset_page(snapshot, int(text)) if text.isdigit() else None
            if page is None:
                return Response(HTTPStatus.NOT_FOUND, pages.error_page(404, f"no asset {text}", snapshot))
            return Response(HTTPStatus.OK, pages.asset_html(snapshot, page))
        if path == "/provider":
            address = (query.get("address") or [""])[-1].strip()
            return Response(HTTPStatus.SEE_OTHER, "", location=pages.provider_href(address))
        if path.startswith("/provider/"):
            text = unquote(path.removeprefix("/provider/"))
            try:
                address = to_checksum_address(text)
            except ValueError:
                return Response(HTTPStatus.BAD_REQUEST, pages.error_page(400, f"{text!r} is not an address", snapshot))
            outstanding = self.vouchers.outstanding_vouchers() if self.vouchers is not None else None
            return Response(HTTPStatus.OK, pages.provider_html(snapshot, provider_page(snapshot, address, outstanding)))
        return Response(HTTPStatus.NOT_FOUND, pages.error_page(404, f"no page at {url.path}", snapshot))


class _Handler(BaseHTTPRequestHandler):
    dashboard: Dashboard

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        try:
            response = self.dashboard.respond(self.path)
        except Exception as error:  # noqa: BLE001 - one failing page must not stop the server
            response = Response(HTTPStatus.INTERNAL_SERVER_ERROR, pages.error_page(500, f"{type(error).__name__}: {error}"))
        body = response.body.encode()
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        """Quiet: the CLI prints the address once; access logs would drown it."""


class DashboardServer(ThreadingHTTPServer):
    """A `ThreadingHTTPServer` bound to `host:port` (port 0: a free one) serving `dashboard`."""

    daemon_threads = True

    def __init__(self, dashboard: Dashboard, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = type("DashboardHandler", (_Handler,), {"dashboard": dashboard})
        super().__init__((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> DashboardServer:
        """Serve in a background thread (tests); `serve_forever` blocks instead (the CLI)."""
        self._thread = threading.Thread(target=self.serve_forever, name="dashboard", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
