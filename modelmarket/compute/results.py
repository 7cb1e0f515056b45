"""The provider's results folder: what it serves, and the consumer's hash check against the chain."""

from __future__ import annotations

from pathlib import Path

from modelmarket.compute.recipes import Params, RunOutput
from modelmarket.keccak import keccak

__all__ = ["ResultMismatch", "ResultStore", "verify_result"]


class ResultMismatch(ValueError):
    """A fetched result does not hash to what the provider posted on chain."""


class ResultStore:
    """`<root>/results/<jobId>.json|.log` (written by the provider, read by the consumer) and
    `<root>/params/<paramsHash>.json` (the consumer's run parameters, content-addressed)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def result_path(self, job_id: int) -> Path:
        return self.root / "results" / f"{job_id}.json"

    def log_path(self, job_id: int) -> Path:
        return self.root / "results" / f"{job_id}.log"

    def save(self, job_id: int, output: RunOutput) -> Path:
        path = self.result_path(job_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.result)
        self.log_path(job_id).write_bytes(output.log)
        return path

    def fetch(self, job_id: int) -> bytes:
        path = self.result_path(job_id)
        if not path.exists():
            raise FileNotFoundError(f"no result for job {job_id} at {path}")
        return path.read_bytes()

    def put_params(self, params: Params) -> bytes:
        """Stores `params` under its hash and returns the hash (what the order commits to)."""
        digest = params.content_hash
        path = self.root / "params" / f"0x{digest.hex()}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(params.to_json())
        return digest

    def get_params(self, params_hash: bytes) -> Params | None:
        """The parameters whose hash is `params_hash`, if the consumer left them here (checked)."""
        path = self.root / "params" / f"0x{bytes(params_hash).hex()}.json"
        if not path.exists():
            return None
        raw = path.read_bytes()
        return Params.from_json(raw) if keccak(raw) == bytes(params_hash) else None


def verify_result(result: bytes, posted_hash: bytes) -> bytes:
    """Returns `result` if it hashes to `posted_hash` (read from the chain), else raises."""
    actual = keccak(result)
    if actual != bytes(posted_hash):
        raise ResultMismatch(f"result hashes to 0x{actual.hex()}, the chain says 0x{bytes(posted_hash).hex()}")
    return result
