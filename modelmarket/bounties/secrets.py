"""Local store of commit-reveal secrets (salts and what was committed), so `reveal` can run later.

One JSON file (`MODELMARKET_BOUNTY_SECRETS`, default `./.modelmarket/bounty-secrets.json`), keyed by
chain id, role, submission id and account. Losing it means not revealing, which costs the bond or
stake share the contract takes from non-revealers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def secrets_path() -> Path:
    return Path(os.environ.get("MODELMARKET_BOUNTY_SECRETS", ".modelmarket/bounty-secrets.json"))


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError:
        raise ValueError(f"{path} is not valid JSON") from None


def _key(chain_id: int, role: str, submission_id: int, account: str) -> str:
    return f"{chain_id}:{role}:{submission_id}:{account.lower()}"


def remember(chain_id: int, role: str, submission_id: int, account: str, secret: dict[str, Any]) -> None:
    """Stores `secret` (hex strings and ints) for a later reveal."""
    path = secrets_path()
    data = _load(path)
    data[_key(chain_id, role, submission_id, account)] = secret
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def recall(chain_id: int, role: str, submission_id: int, account: str) -> dict[str, Any] | None:
    """The stored secret, or None."""
    return _load(secrets_path()).get(_key(chain_id, role, submission_id, account))
