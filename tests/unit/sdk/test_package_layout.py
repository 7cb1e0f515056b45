"""The library never imports its faces (CLI, demo), and test tools are not runtime dependencies."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FACES = ("modelmarket.cli", "modelmarket_demo")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_library_modules_import_no_face():
    package = ROOT / "modelmarket"
    library = [p for p in package.rglob("*.py") if not p.is_relative_to(package / "cli")]
    assert library, "no library modules found"
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imports(path) if n.startswith(FACES))
        for path in library
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_test_tools_are_an_optional_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {dep.split("=")[0].split("<")[0].split(">")[0].strip() for dep in project["dependencies"]}
    assert not runtime & {"pytest", "pytest-xdist", "hypothesis"}
    assert {"pytest", "hypothesis"} <= set(project["optional-dependencies"]["test"])


def test_shipped_manifest_holds_deployables_only():
    from modelmarket import bindings

    shipped = set(bindings.contract_types())
    assert shipped == set(bindings.CONTRACT_NAMES)
    assert not {name for name in shipped if name.startswith(("Mock", "Hostile"))}

