"""Deploy as a user would to Sepolia: a keyfile account, passphrase from the environment,
`ape run deploy`, against an anvil that reports Sepolia's chain id and mines five blocks a second
(Ape waits for Sepolia's 2 confirmations, as it would on the real network)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from eth_account import Account

ROOT = Path(__file__).resolve().parents[2]
SEPOLIA = 11155111
PASSPHRASE = "rehearsal-passphrase"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rpc(url: str, method: str, params: list) -> dict:
    import urllib.request

    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


@pytest.fixture
def sepolia_like_node():
    port = _free_port()
    process = subprocess.Popen(
        ["anvil", "--port", str(port), "--chain-id", str(SEPOLIA), "--block-time", "0.2", "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):  # up to a minute on a loaded CI machine
        try:
            _rpc(url, "eth_chainId", [])
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        pytest.fail(f"anvil did not answer on port {port} within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def keyfile_account(tmp_path):
    """A fresh key (not a test account) imported as an Ape keyfile account."""
    account = Account.create()
    alias = f"rehearsal{os.getpid()}"
    folder = Path(os.environ.get("APE_DATA_FOLDER", ROOT / ".ape")) / "accounts"
    folder.mkdir(parents=True, exist_ok=True)
    keyfile = folder / f"{alias}.json"
    keyfile.write_text(json.dumps(Account.encrypt(account.key, PASSPHRASE)))
    yield alias, account.address
    keyfile.unlink(missing_ok=True)


def test_deploy_script_deploys_with_keyfile_account_on_sepolia_chain_id(
    sepolia_like_node, keyfile_account, tmp_path
):
    alias, address = keyfile_account
    _rpc(sepolia_like_node, "anvil_setBalance", [address, hex(10**20)])
    env = {
        **os.environ,
        f"APE_ACCOUNTS_{alias}_PASSPHRASE": PASSPHRASE,
        "MODELMARKET_DEPLOYMENTS": str(tmp_path),
    }
    ape = Path(sys.executable).parent / "ape"
    result = subprocess.run(
        [str(ape), "run", "deploy", "--network", sepolia_like_node, "--account", alias],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    record = json.loads((tmp_path / f"{SEPOLIA}.json").read_text())
    assert record["chain_id"] == SEPOLIA
    assert record["deployer"] == address
    assert record["token_is_external"] is False
    assert {"MarketToken", "ModelRegistry", "MarketGovernor", "MarketTimelock"} <= set(record["contracts"])
    owner_call = {"to": record["contracts"]["ModelRegistry"], "data": "0x8da5cb5b"}  # owner()
    owner = _rpc(sepolia_like_node, "eth_call", [owner_call, "latest"])["result"]
    assert int(owner, 16) == int(record["contracts"]["MarketTimelock"], 16)
    assert record["params"]["governance.timelock_delay"] == 2 * 86_400
    for name, contract in record["contracts"].items():
        code = _rpc(sepolia_like_node, "eth_getCode", [contract, "latest"])["result"]
        assert len(code) > 2, f"{name} has no code at {contract}"
    token = record["contracts"]["MarketToken"]
    balance_call = {"to": token, "data": "0x70a08231" + address[2:].lower().rjust(64, "0")}
    balance = int(_rpc(sepolia_like_node, "eth_call", [balance_call, "latest"])["result"], 16)
    assert balance == 10**9 * 10**18
