"""A persistent local chain for trying the marketplace: anvil in the background with its state in a
file (kept across stop and start), the marketplace deployed, and the test accounts funded.

`start` is idempotent: a running chain is reused, a stopped one restarts from its saved state (the
deployment record stays valid), and a fresh one is deployed and funded. Settings come from the
environment so tests and several projects can run side by side: `MODELMARKET_DEV_HOME` (default
`.modelmarket-dev`), `MODELMARKET_DEV_PORT` (default 8545).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

#: Tokens each test account gets on a fresh dev chain (whole tokens).
FUNDING_TOKENS = 100_000
#: Test accounts funded (TEST::0 deploys and keeps the rest of the supply).
FUNDED_ACCOUNTS = 10
#: Seconds to wait for anvil to answer.
START_TIMEOUT = 60


class DevChainError(RuntimeError):
    """The dev chain could not be started, reached or stopped."""


@dataclass
class DevChain:
    """A running (or recorded) dev chain."""

    pid: int
    port: int
    home: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def home() -> Path:
    return Path(os.environ.get("MODELMARKET_DEV_HOME", ".modelmarket-dev")).resolve()


def port() -> int:
    return int(os.environ.get("MODELMARKET_DEV_PORT", "8545"))


def _record_path() -> Path:
    return home() / "chain.json"


def _rpc(url: str, method: str, params: list | None = None) -> object:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())["result"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def status() -> DevChain | None:
    """The dev chain if it is running and answering, else None."""
    path = _record_path()
    if not path.exists():
        return None
    chain = DevChain(**json.loads(path.read_text()))
    if not _alive(chain.pid):
        return None
    try:
        _rpc(chain.url, "eth_chainId")
    except OSError:
        return None
    return chain


def _spawn() -> DevChain:
    anvil = shutil.which("anvil")
    if anvil is None:
        raise DevChainError("anvil not found on PATH: run `make install` in the modelmarket checkout")
    folder = home()
    folder.mkdir(parents=True, exist_ok=True)
    log = (folder / "anvil.log").open("ab")
    process = subprocess.Popen(
        [anvil, "--host", "127.0.0.1", "--port", str(port()), "--state", str(folder / "state.json"),
         "--state-interval", "2", "--accounts", str(FUNDED_ACCOUNTS)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    chain = DevChain(pid=process.pid, port=port(), home=str(folder))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DevChainError(f"anvil exited at start (port {chain.port} in use?); see {folder / 'anvil.log'}")
        try:
            _rpc(chain.url, "eth_chainId")
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise DevChainError(f"anvil did not answer on {chain.url} within {START_TIMEOUT} s")
    _record_path().write_text(json.dumps(asdict(chain)) + "\n")
    return chain


def start() -> tuple[DevChain, bool]:
    """Start (or reuse) the dev chain and make sure the marketplace is deployed and funded there.

    Returns the chain and whether a fresh deployment was made.
    """
    chain = status() or _spawn()
    return chain, _ensure_deployment(chain)


def _ensure_deployment(chain: DevChain) -> bool:
    from ape import accounts, networks

    from modelmarket.deploy import deploy_marketplace, load_marketplace
    from modelmarket.deployments import DeploymentNotFound

    with networks.parse_network_choice(chain.url):
        try:
            load_marketplace()
            return False
        except DeploymentNotFound:
            pass
        deployer, *others = list(accounts.test_accounts)[:FUNDED_ACCOUNTS]
        market = deploy_marketplace(deployer)
        amount = FUNDING_TOKENS * 10 ** int(market.token.decimals())
        for account in others:
            market.token.transfer(account.address, amount, sender=deployer)
    return True


def stop() -> bool:
    """Stop the dev chain (its state is saved for the next start). False if it was not running."""
    chain = status()
    if chain is None:
        return False
    os.kill(chain.pid, signal.SIGTERM)
    for _ in range(100):
        if not _alive(chain.pid):
            break
        time.sleep(0.1)
    return True
