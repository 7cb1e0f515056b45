"""`modelmarket serve --dashboard`: the dashboard's pages under /dashboard of the gateway's app."""

from __future__ import annotations

from functools import partial

import pytest
from starlette.testclient import TestClient

from modelmarket.dashboard.server import Dashboard
from modelmarket.dashboard.sources import head_block, load_snapshot
from modelmarket.gateway.app import build_app


@pytest.fixture
def site(gateway, market) -> TestClient:
    dashboard = Dashboard(partial(load_snapshot, market), head_block)
    return TestClient(build_app(gateway, manage_settlement=False, dashboard=dashboard))


def test_dashboard_catalog_links_to_the_served_asset_under_the_prefix(site, served_asset):
    catalog = site.get("/dashboard/")
    assert catalog.status_code == 200
    link = f'href="/dashboard/asset/{served_asset}"'
    assert link in catalog.text
    asset = site.get(f"/dashboard/asset/{served_asset}")
    assert asset.status_code == 200
    assert f"#{served_asset}" in asset.text


def test_dashboard_provider_search_redirects_under_the_prefix(site, owner):
    response = site.get(f"/dashboard/provider?address={owner.address}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/dashboard/provider/")


def test_dashboard_mount_leaves_the_paid_endpoint_alone(site):
    assert site.post("/v1/infer", content=b"{}").status_code == 402
