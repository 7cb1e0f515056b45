"""Run a gateway's app under uvicorn: in the foreground (``modelmarket serve``) or in a thread."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

__all__ = ["ThreadedServer", "free_port"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class ThreadedServer:
    """uvicorn serving ``app`` on ``127.0.0.1:port`` in a daemon thread (demo, tests, load test)."""

    def __init__(self, app: Any, port: int | None = None, host: str = "127.0.0.1") -> None:
        import uvicorn

        self.host, self.port = host, port or free_port(host)
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=self.port, log_level="warning",
                                                    access_log=False, lifespan="on"))
        self._thread = threading.Thread(target=self.server.run, name="gateway-http", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the gateway did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=60)
