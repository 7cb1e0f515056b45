"""Deploy as a user would to Sepolia and to the L2 testnets (Base, Arbitrum and OP Sepolia): a
keyfile account, passphrase from the environment, `ape run deploy --network <ecosystem>:sepolia:<uri>`
through the pinned ecosystem plugins, against an anvil that reports the network's chain id and
mines five blocks a second (Ape waits for the network's confirmations, as it would for real; for
Sepolia it is told the node's block time, see `_deploy`).
The deployment writes the standard-JSON compiler input beside the addresses; recompiling it
reproduces every deployed runtime bytecode (immutables masked), as explorer verification does."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from eth_account import Account

from modelmarket.gateway.server import free_port

ROOT = Path(__file__).resolve().parents[2]
SEPOLIA = 11155111
#: (Ape ecosystem, chain id) of each testnet a deployer is expected to use.
TESTNETS = {
    "ethereum": SEPOLIA,
    "base": 84532,
    "arbitrum": 421614,
    "optimism": 11155420,
}
PASSPHRASE = "rehearsal-passphrase"


def _rpc(url: str, method: str, params: list) -> dict:
    import urllib.request

    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def _node(chain_id: int):
    port = free_port()
    process = subprocess.Popen(
        ["anvil", "--port", str(port), "--chain-id", str(chain_id), "--block-time", "0.2", "--silent"],
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


@pytest.fixture(scope="module")
def keyfile_account():
    """A fresh key (not a test account) imported as an Ape keyfile account."""
    account = Account.create()
    alias = f"rehearsal{os.getpid()}"
    folder = Path(os.environ.get("APE_DATA_FOLDER", ROOT / ".ape")) / "accounts"
    folder.mkdir(parents=True, exist_ok=True)
    keyfile = folder / f"{alias}.json"
    keyfile.write_text(json.dumps(Account.encrypt(account.key, PASSPHRASE)))
    yield alias, account.address
    keyfile.unlink(missing_ok=True)


def _deploy(ecosystem: str, url: str, alias: str, address: str, folder: Path) -> subprocess.CompletedProcess:
    _rpc(url, "anvil_setBalance", [address, hex(10**20)])
    env = {
        **os.environ,
        f"APE_ACCOUNTS_{alias}_PASSPHRASE": PASSPHRASE,
        "MODELMARKET_DEPLOYMENTS": str(folder),
    }
    if ecosystem == "ethereum":
        # Ape polls for Sepolia's 2 confirmations at half its 15 s block time; this node mines five
        # blocks a second, so Ape is told a 1 s block time (everything else stays Sepolia's config).
        env["APE_ETHEREUM_SEPOLIA"] = json.dumps({"block_time": 1, "required_confirmations": 2})
    ape = Path(sys.executable).parent / "ape"
    return subprocess.run(
        [str(ape), "run", "deploy", "--network", f"{ecosystem}:sepolia:{url}", "--account", alias],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module", params=sorted(TESTNETS))
def deployed(request, keyfile_account, tmp_path_factory):
    """(chain id, node URL, deployer address, records folder, ape's result) per testnet."""
    ecosystem = request.param
    chain_id = TESTNETS[ecosystem]
    alias, address = keyfile_account
    folder = tmp_path_factory.mktemp(f"deploy-{ecosystem}")
    for url in _node(chain_id):
        result = _deploy(ecosystem, url, alias, address, folder)
        yield chain_id, url, address, folder, result


def test_deploy_script_deploys_with_keyfile_account_on_each_testnet_chain_id(deployed):
    chain_id, url, address, folder, result = deployed
    assert result.returncode == 0, result.stdout + result.stderr

    record = json.loads((folder / f"{chain_id}.json").read_text())
    assert record["chain_id"] == chain_id
    assert record["deployer"] == address
    assert record["token_is_external"] is False
    assert {"MarketToken", "ModelRegistry", "UsagePayments", "MarketGovernor", "MarketTimelock"} <= set(
        record["contracts"]
    )
    owner_call = {"to": record["contracts"]["ModelRegistry"], "data": "0x8da5cb5b"}  # owner()
    owner = _rpc(url, "eth_call", [owner_call, "latest"])["result"]
    assert int(owner, 16) == int(record["contracts"]["MarketTimelock"], 16)
    assert record["params"]["governance.timelock_delay"] == 2 * 86_400
    for name, contract in record["contracts"].items():
        code = _rpc(url, "eth_getCode", [contract, "latest"])["result"]
        assert len(code) > 2, f"{name} has no code at {contract}"
    token = record["contracts"]["MarketToken"]
    balance_call = {"to": token, "data": "0x70a08231" + address[2:].lower().rjust(64, "0")}
    balance = int(_rpc(url, "eth_call", [balance_call, "latest"])["result"], 16)
    assert balance == 10**9 * 10**18


def test_deploy_writes_a_verification_entry_for_every_contract(deployed):
    chain_id, _, _, folder, result = deployed
    assert result.returncode == 0, result.stdout + result.stderr
    record = json.loads((folder / f"{chain_id}.json").read_text())
    entries = json.loads((folder / f"{chain_id}.verification" / "contracts.json").read_text())
    assert set(entries) == set(record["contracts"])
    for name, entry in entries.items():
        assert entry["address"] == record["contracts"][name]
        assert entry["compilerVersion"].startswith("v0.8.30+commit.")
        assert entry["contractName"] == f"contracts/{name}.sol:{name}"


@functools.cache
def _recompile(input_text: str) -> dict:
    """solc's output for a written input (the same sources on every testnet: compiled once)."""
    standard = json.loads(input_text)
    standard["settings"]["outputSelection"] = {
        "*": {"*": ["evm.deployedBytecode.object", "evm.deployedBytecode.immutableReferences"]}
    }
    solc = ROOT / "solc-bin" / "solc-v0.8.30"
    compiled = subprocess.run(
        [str(solc), "--standard-json"], input=json.dumps(standard), capture_output=True, text=True, timeout=900
    )
    assert compiled.returncode == 0, compiled.stderr
    output = json.loads(compiled.stdout)
    assert not [e for e in output.get("errors", []) if e["severity"] == "error"]
    return output


def test_verification_input_recompiles_to_the_deployed_runtime_bytecode(deployed):
    """Recompile the written input with the project's solc and compare with the code on chain.

    Solidity leaves immutables as zeroes in the compiled runtime code and the constructor writes
    them at deployment: those byte ranges (solc's `immutableReferences`) are masked on both sides.
    """
    chain_id, url, _, folder, result = deployed
    assert result.returncode == 0, result.stdout + result.stderr
    verification = folder / f"{chain_id}.verification"
    entries = json.loads((verification / "contracts.json").read_text())
    output = _recompile((verification / "input.json").read_text())
    for name, entry in entries.items():
        path, contract = entry["contractName"].rsplit(":", 1)
        deployed_bytecode = output["contracts"][path][contract]["evm"]["deployedBytecode"]
        expected = bytearray.fromhex(deployed_bytecode["object"])
        onchain = bytearray.fromhex(_rpc(url, "eth_getCode", [entry["address"], "latest"])["result"][2:])
        for references in deployed_bytecode.get("immutableReferences", {}).values():
            for reference in references:
                start, length = reference["start"], reference["length"]
                onchain[start : start + length] = bytes(length)
        assert onchain == expected, f"{name}: the recompiled runtime bytecode differs from the deployed code"
