"""`pip install` of the project gives bindings with every deployable's ABI and bytecode, no mocks,
and no compiling: the wheel is built from the checkout into a fresh virtual environment outside
the repository, and imported there from a folder that is not the checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from modelmarket.bindings import CONTRACT_NAMES

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, modelmarket.bindings as b
types = b.contract_types()
print(json.dumps({
    "file": b.__file__,
    "names": sorted(types),
    "dev": sorted(b.dev_contract_types()),
    "bytecode": {n: len(t.deployment_bytecode.bytecode or "") for n, t in types.items()},
    "abi": {n: len(t.abi) for n, t in types.items()},
    "available": b.available(),
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """Build the wheel, install it (no dependencies) into a fresh venv that sees this venv's
    third-party packages through a path file (not the checkout), and probe the bindings."""
    work = tmp_path_factory.mktemp("install")
    # Build from a copy of what a source distribution holds, so no build folder lands in the checkout.
    source = work / "src"
    source.mkdir()
    for item in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / item, source / item)
    for package in ("modelmarket", "modelmarket_demo"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = work / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        capture_output=True, text=True, timeout=600, cwd=work,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = wheels.glob("modelmarket-*.whl")
    target = work / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    # Third-party dependencies from this venv; a plain path line, so its editable hook for the
    # checkout is not loaded.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=600, cwd=work,
    )
    if "no such option: --python" in install.stderr:  # pip < 22.3
        install = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
            capture_output=True, text=True, timeout=600, cwd=work,
        )
    assert install.returncode == 0, install.stdout + install.stderr
    probe = subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True, timeout=300, cwd=work)
    assert probe.returncode == 0, probe.stderr
    return {"site": str(site), **json.loads(probe.stdout)}


def test_install_imports_the_installed_copy_not_the_checkout(installed):
    assert installed["file"].startswith(installed["site"])
    assert not installed["file"].startswith(str(ROOT))


def test_install_ships_every_deployable_with_abi_and_bytecode(installed):
    assert installed["names"] == sorted(CONTRACT_NAMES)
    assert installed["available"] == list(CONTRACT_NAMES)
    assert all(installed["bytecode"][name] > 2 for name in CONTRACT_NAMES)
    assert all(installed["abi"][name] > 0 for name in CONTRACT_NAMES)


def test_install_ships_no_mocks(installed):
    assert installed["dev"] == []
    assert not [name for name in installed["names"] if name.startswith(("Mock", "Hostile"))]
