"""The dashboard's browser driver is a test tool only (tests/unit/sdk/test_package_layout.py checks
that the dashboard, like all library code, imports no face)."""

from __future__ import annotations

import tomllib

from tests.unit.sdk.test_package_layout import ROOT


def test_playwright_is_a_test_extra_not_a_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {dep.split("=")[0].split("<")[0].split(">")[0].strip() for dep in project["dependencies"]}
    assert "playwright" not in runtime
    assert "playwright" in project["optional-dependencies"]["test"]
