"""The dashboard is library code: it imports no face, and its browser driver is a test tool only."""

from __future__ import annotations

import tomllib

from tests.unit.sdk.test_package_layout import FACES, ROOT, _imports


def test_dashboard_modules_import_no_face():
    modules = sorted((ROOT / "modelmarket" / "dashboard").glob("*.py"))
    assert modules, "no dashboard modules found"
    offenders = {path.name: sorted(n for n in _imports(path) if n.startswith(FACES)) for path in modules}
    assert {name: imported for name, imported in offenders.items() if imported} == {}


def test_playwright_is_a_test_extra_not_a_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {dep.split("=")[0].split("<")[0].split(">")[0].strip() for dep in project["dependencies"]}
    assert "playwright" not in runtime
    assert "playwright" in project["optional-dependencies"]["test"]
