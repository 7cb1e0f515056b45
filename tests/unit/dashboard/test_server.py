"""The dashboard's routes on hand-built snapshots (no chain, no sockets but one)."""

from __future__ import annotations

import urllib.request
from http import HTTPStatus

from modelmarket.compliance import FLAGS
from modelmarket.dashboard.model import OutstandingVoucher, Snapshot
from modelmarket.dashboard.server import Dashboard, DashboardServer
from tests.unit.dashboard.helpers import ALICE, OWNER, Events, asset


class _Vouchers:
    def outstanding_vouchers(self) -> list[OutstandingVoucher]:
        return [OutstandingVoucher(ALICE, 1, 7 * 10**18, 2 * 10**18)]


def _dashboard(snapshot: Snapshot, vouchers=None) -> Dashboard:
    return Dashboard(lambda: snapshot, lambda: snapshot.head_block, vouchers)


def _snapshot(**overrides) -> Snapshot:
    events = Events().add("ParentLinked", assetId=2, parentId=1, royaltyBps=500)
    events.add("VersionPublished", assetId=2, version=1, contentHash=b"\2" * 32, metadataURI="ipfs://card-two")
    assets = [asset(1, flags=FLAGS["pii-free"]), asset(2, kind="dataset")]
    return Snapshot(assets, events.events, head_block=5, head_timestamp=1_700_000_000, **overrides)


def test_respond_catalog_lists_every_asset_with_links():
    response = _dashboard(_snapshot()).respond("/")
    assert response.status == HTTPStatus.OK
    assert 'href="/asset/1"' in response.body and 'href="/asset/2"' in response.body
    assert "2 of 2 assets" in response.body


def test_respond_catalog_applies_the_query_filters():
    body = _dashboard(_snapshot()).respond("/?kind=dataset").body
    assert "1 of 2 assets" in body and 'href="/asset/2"' in body and 'href="/asset/1"' not in body


def test_respond_catalog_reports_a_bad_filter_as_400():
    response = _dashboard(_snapshot()).respond("/?flag=tasty")
    assert response.status == HTTPStatus.BAD_REQUEST
    assert "unknown compliance flag" in response.body


def test_respond_catalog_hides_metrics_without_an_eval_registry():
    assert "evaluated metric" not in _dashboard(_snapshot()).respond("/").body


def test_respond_catalog_shows_metrics_with_an_eval_registry():
    body = _dashboard(_snapshot(metrics={1: {"accuracy": 0.93}})).respond("/").body
    assert "evaluated metric" in body and "<th class=\"\">accuracy</th>" in body and "0.93" in body


def test_respond_asset_shows_versions_and_a_lineage_graph():
    body = _dashboard(_snapshot()).respond("/asset/2").body
    assert "ipfs://card-two" in body
    assert "<svg" in body and 'href="/asset/1"' in body and "5 %" in body


def test_respond_asset_is_404_for_an_unknown_asset():
    assert _dashboard(_snapshot()).respond("/asset/9").status == HTTPStatus.NOT_FOUND
    assert _dashboard(_snapshot()).respond("/asset/x").status == HTTPStatus.NOT_FOUND


def test_respond_provider_without_ledger_says_settled_only():
    body = _dashboard(_snapshot()).respond(f"/provider/{OWNER}").body
    assert 'data-testid="no-ledger"' in body


def test_respond_provider_with_ledger_shows_outstanding_vouchers():
    body = _dashboard(_snapshot(), _Vouchers()).respond(f"/provider/{OWNER}").body
    assert 'data-testid="outstanding-vouchers"' in body and ">5<" in body


def test_respond_provider_rejects_a_bad_address():
    assert _dashboard(_snapshot()).respond("/provider/0x123").status == HTTPStatus.BAD_REQUEST


def test_respond_provider_query_redirects_to_the_provider_page():
    response = _dashboard(_snapshot()).respond(f"/provider?address={OWNER}")
    assert (response.status, response.location) == (HTTPStatus.SEE_OTHER, f"/provider/{OWNER}")


def test_snapshot_reloads_only_when_the_head_moves():
    loads, head = [], [5]

    def load() -> Snapshot:
        loads.append(head[0])
        return Snapshot([], [], head_block=head[0])

    dashboard = Dashboard(load, lambda: head[0])
    dashboard.respond("/")
    dashboard.respond("/")
    head[0] = 6
    dashboard.respond("/")
    assert loads == [5, 6]


def test_server_serves_pages_over_http():
    server = DashboardServer(_dashboard(_snapshot())).start()
    try:
        with urllib.request.urlopen(f"{server.url}/asset/1", timeout=5) as reply:
            assert reply.status == 200
            assert reply.headers["Content-Type"].startswith("text/html")
            assert b"Model #1" in reply.read()
    finally:
        server.stop()


def test_respond_escapes_strings_that_events_carry():
    """Card, evidence and comment URIs and licence labels are anyone's input: text, never markup or links."""
    hostile = '<script>alert(1)</script>"><a href="javascript:alert(2)">'
    events = Events().add("VersionPublished", assetId=1, version=1, contentHash=b"\1" * 32, metadataURI=hostile)
    events.add("DisputeOpened", disputeId=1, assetId=1, reporter=ALICE, bond=1, evidenceHash=b"",
               evidenceURI=hostile, consumer=OWNER, refundClaim=0, deadline=0)
    snapshot = Snapshot([asset(1, license="<b>MIT</b>")], events.events)
    for target in ("/", "/asset/1"):
        body = _dashboard(snapshot).respond(target).body
        assert "<script>alert" not in body and 'href="javascript:' not in body and "<b>MIT" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _dashboard(snapshot).respond("/asset/1").body
