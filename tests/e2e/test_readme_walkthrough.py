"""The README's CLI walk-through, run as written by bash in an empty folder: a dev chain, one
model listed, staked, paid by voucher, claimed and rated, then the chain stopped. Only the port
and the state and record folders are chosen by the test (environment), so it runs beside others."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from modelmarket.gateway.server import free_port

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"<!-- walkthrough:start -->\s*```bash\n(.*?)```\s*<!-- walkthrough:end -->", re.S)


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory) -> subprocess.CompletedProcess:
    script = BLOCK.search((ROOT / "README.md").read_text())
    assert script, "README.md has no walk-through block"
    folder = tmp_path_factory.mktemp("walkthrough")
    bin_dir = Path(sys.executable).parent
    env = {
        "PATH": os.pathsep.join([str(bin_dir), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": os.environ.get("HOME", str(folder)),
        "APE_DATA_FOLDER": os.environ.get("APE_DATA_FOLDER", str(ROOT / ".ape")),
        "MODELMARKET_DEV_PORT": str(free_port()),
        "MODELMARKET_DEV_HOME": str(folder / "dev"),
        "MODELMARKET_DEPLOYMENTS": str(folder / "deployments"),
    }
    try:
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.group(1)],
            cwd=folder, env=env, capture_output=True, text=True, timeout=600,
        )
    finally:
        subprocess.run([str(bin_dir / "modelmarket"), "dev", "stop"], cwd=folder, env=env, capture_output=True, timeout=60)


def test_walkthrough_runs_as_written(walkthrough):
    assert walkthrough.returncode == 0, walkthrough.stdout[-3000:] + walkthrough.stderr[-3000:]
    assert walkthrough.stderr.strip() == ""


def test_walkthrough_pays_the_owner(walkthrough):
    out = walkthrough.stdout
    assert "redeemed 1 of 1 vouchers: paid 0.5" in out
    assert "owner rewards #1" in out
    assert "rated #1 90/100" in out


def test_walkthrough_prints_no_ape_log_lines_and_dates(walkthrough):
    assert "INFO:" not in walkthrough.stdout and "Confirmed 0x" not in walkthrough.stdout
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC", walkthrough.stdout)
