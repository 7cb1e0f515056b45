"""`modelmarket serve` as a child process (the kill -9 tests and the load test run it this way)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from modelmarket.gateway.server import free_port

__all__ = ["GatewayProcess"]


class GatewayProcess:
    """``modelmarket serve`` in its own process; ``kill()`` is a SIGKILL (no cleanup of any kind)."""

    def __init__(self, *, rpc: str, asset_id: int, operator_key: bytes, db: str, deployments: Path,
                 account: str = "TEST::9", crash: str | None = None, extra: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MODELMARKET_DEPLOYMENTS": str(deployments),
               "MODELMARKET_OPERATOR_KEY": operator_key.hex()}
        env.pop("MODELMARKET_GATEWAY_CRASH", None)
        if crash:
            env["MODELMARKET_GATEWAY_CRASH"] = crash
        command = [str(Path(sys.executable).with_name("modelmarket")), "serve", "--asset", str(asset_id),
                   "--network", rpc, "--account", account, "--db", db, "--port", str(self.port), *extra]
        self.log = deployments / f"gateway-{self.port}.log"
        self.process = subprocess.Popen(command, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 120) -> GatewayProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the gateway exited ({self.process.returncode}): {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the gateway did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """kill -9."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """SIGTERM: uvicorn's shutdown settles what is open before exiting."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=120)
