"""`.venv/bin/modelmarket` called by its path, with no venv on PATH: it still starts its local
chain (the anvil beside its interpreter), and on a chain without a deployment says so in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_cli_by_path_without_venv_on_path_reaches_the_local_chain(tmp_path):
    cli = Path(sys.executable).parent / "modelmarket"
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "MODELMARKET_DEPLOYMENTS": str(tmp_path / "none"),
    }

    result = subprocess.run(
        [str(cli), "models", "list", "--network", "ethereum:local:foundry"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )

    assert result.returncode == 1
    assert "Missing local Foundry node client" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: no modelmarket deployment on chain 31337 (no {tmp_path / 'none' / '31337.json'}); run"
        " `modelmarket deploy`, or `modelmarket dev start` for a local chain with the marketplace deployed"
    ]
    assert "Traceback" not in result.stdout + result.stderr
