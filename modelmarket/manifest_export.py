"""Copy the compiled contract types from Ape's build folder into the package data.

`make compile` runs this after `ape compile`, so the installed package carries the exact ABI and
bytecode it was built from (no hand-written ABI anywhere).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from modelmarket.bindings import CONTRACT_NAMES, DEV_MANIFEST_PATH, MANIFEST_PATH

BUILD_MANIFEST = Path(".build") / "__local__.json"


def export(
    build_manifest: Path = BUILD_MANIFEST, target: Path = MANIFEST_PATH, dev_target: Path = DEV_MANIFEST_PATH
) -> int:
    """Write the deployables' `{name: contract_type}` to the package manifest (shipped, committed)
    and every other contract (mocks) to the checkout's dev manifest; return how many deployables."""
    types = json.loads(build_manifest.read_text())["contractTypes"]
    missing = [name for name in CONTRACT_NAMES if name not in types]
    if missing:
        raise SystemExit(f"error: {', '.join(missing)} not compiled; run `ape compile` first")
    shipped = {name: _shipped(types[name]) for name in CONTRACT_NAMES}
    dev = {name: data for name, data in types.items() if name not in shipped}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"contractTypes": shipped}, sort_keys=True) + "\n")
    dev_target.parent.mkdir(parents=True, exist_ok=True)
    dev_target.write_text(json.dumps({"contractTypes": dev}, sort_keys=True))
    return len(shipped)


#: What a contract type ships with: what deployers and clients use. Source maps are left out: their
#: file indices depend on which sources one compile run saw (an incremental build numbers them
#: differently), so the committed manifest would not be reproducible.
SHIPPED_KEYS = (
    "abi", "contractName", "deploymentBytecode", "devdoc", "methodIdentifiers", "runtimeBytecode", "sourceId", "userdoc",
)


def _shipped(contract_type: dict) -> dict:
    return {key: contract_type[key] for key in SHIPPED_KEYS if key in contract_type}


if __name__ == "__main__":
    if not BUILD_MANIFEST.exists():
        sys.exit(f"error: {BUILD_MANIFEST} not found; run `ape compile` first")
    print(f"exported {export()} deployable contract types to {MANIFEST_PATH}")
