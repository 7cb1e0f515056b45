"""Deployment records: `deployments/<chain_id>.json` holds what was deployed where."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


def deployments_dir() -> Path:
    """Folder of deployment records (`MODELMARKET_DEPLOYMENTS` overrides `./deployments`)."""
    return Path(os.environ.get("MODELMARKET_DEPLOYMENTS", "deployments"))


class DeploymentNotFound(FileNotFoundError):
    """No deployment record exists for the connected chain."""


@dataclass
class Deployment:
    """Addresses and settings of one marketplace deployment."""

    chain_id: int
    deployer: str
    block_number: int
    token_is_external: bool
    contracts: dict[str, str] = field(default_factory=dict)
    params: dict[str, int | str] = field(default_factory=dict)

    def path(self, folder: Path | None = None) -> Path:
        return (folder or deployments_dir()) / f"{self.chain_id}.json"

    def save(self, folder: Path | None = None) -> Path:
        target = self.path(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        return target

    @classmethod
    def load(cls, chain_id: int, folder: Path | None = None) -> Deployment:
        source = (folder or deployments_dir()) / f"{chain_id}.json"
        if not source.exists():
            raise DeploymentNotFound(
                f"no modelmarket deployment on chain {chain_id} (no {source}); run `modelmarket deploy`,"
                " or `modelmarket dev start` for a local chain with the marketplace deployed"
            )
        return cls(**json.loads(source.read_text()))
