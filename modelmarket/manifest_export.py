"""Copy the compiled contract types from Ape's build folder into the package data.

`make compile` runs this after `ape compile`, so the installed package carries the exact ABI and
bytecode it was built from (no hand-written ABI anywhere).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from modelmarket.bindings import MANIFEST_PATH

BUILD_MANIFEST = Path(".build") / "__local__.json"


def export(build_manifest: Path = BUILD_MANIFEST, target: Path = MANIFEST_PATH) -> int:
    """Write `{name: contract_type}` for every project contract; return how many."""
    manifest = json.loads(build_manifest.read_text())
    types = manifest["contractTypes"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"contractTypes": types}, sort_keys=True))
    return len(types)


if __name__ == "__main__":
    if not BUILD_MANIFEST.exists():
        sys.exit(f"error: {BUILD_MANIFEST} not found; run `ape compile` first")
    print(f"exported {export()} contract types to {MANIFEST_PATH}")
