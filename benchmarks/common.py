"""Shared plumbing: deterministic actors, impersonated Ape senders and a batched JSON-RPC client.

Every actor is derived from a fixed seed, so a fresh deployer always has nonce 0, the contracts
always land at the same addresses and every voucher signature is the same byte string: gas
(calldata included) is reproducible run to run, on ``make bench``'s anvil and on the test chain.
Senders are impersonated (anvil), so no transaction needs a local signature.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode
from eth_account import Account
from eth_utils import keccak

#: One whole token (18 decimals).
TOKEN = 10**18
#: Ether given to every impersonated sender.
ETHER = 10**24
#: A fixed voucher/permit deadline (year 2096), so calldata does not depend on the clock.
FAR_DEADLINE = 4_000_000_000
#: The one block gas limit used while bulk-mining (restored afterwards).
BULK_BLOCK_GAS_LIMIT = 1_000_000_000
#: Transactions sent per mining round in bulk set-up.
BULK_ROUND = 500


@dataclass(frozen=True)
class Actor:
    """A deterministic key pair; ``key`` is 32 raw bytes."""

    name: str
    key: bytes
    address: str


def actor(name: str) -> Actor:
    """The actor called ``name`` (its key is ``keccak("modelmarket bench " + name)``)."""
    key = keccak(text=f"modelmarket bench {name}")
    return Actor(name, key, Account.from_key(key).address)


def actors(prefix: str, count: int) -> list[Actor]:
    """``count`` actors ``prefix 0`` ... ``prefix count-1``."""
    return [actor(f"{prefix} {i}") for i in range(count)]


def sender(who: Actor | str) -> Any:
    """An impersonated Ape account for ``who``, funded with ether."""
    from ape import accounts, chain

    address = who.address if isinstance(who, Actor) else who
    if chain.provider.get_balance(address) < ETHER // 2:
        chain.provider.set_balance(address, ETHER)
    return accounts[address]


def calldata(signature: str, *args: Any) -> str:
    """ABI call data of ``signature`` (e.g. ``"transfer(address,uint256)"``) with ``args``."""
    types = signature[signature.index("(") + 1 : -1]
    parsed = _split_types(types)
    return "0x" + (keccak(text=signature)[:4] + encode(parsed, list(args))).hex()


def _split_types(types: str) -> list[str]:
    """Top-level comma split of an ABI type list (tuples kept whole)."""
    out, depth, current = [], 0, ""
    for ch in types:
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    if current:
        out.append(current)
    return out


class Rpc:
    """A minimal JSON-RPC client that sends requests in HTTP batches (anvil answers ~10k/s)."""

    def __init__(self, uri: str) -> None:
        import requests

        self.uri = uri
        self._session = requests.Session()
        self._ids = itertools.count(1)

    @classmethod
    def connected(cls) -> Rpc:
        """A client for the provider Ape is connected to."""
        from ape import chain

        return cls(chain.provider.web3.provider.endpoint_uri)

    def call(self, method: str, params: Sequence[Any] = ()) -> Any:
        return self.batch([(method, params)])[0]

    def batch(self, calls: Iterable[tuple[str, Sequence[Any]]], chunk: int = 1_000) -> list[Any]:
        """Results of ``calls`` in order; raises on the first error."""
        results: list[Any] = []
        for group in _chunks_by_size(list(calls), chunk):
            payload = [
                {"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": list(params)}
                for method, params in group
            ]
            response = self._session.post(self.uri, json=payload, timeout=600)
            response.raise_for_status()
            answers = response.json()
            if not isinstance(answers, list):
                raise RuntimeError(f"{group[0][0]} batch failed: {answers}")
            answers.sort(key=lambda item: item["id"])
            for (method, _), answer in zip(group, answers):
                if "error" in answer:
                    raise RuntimeError(f"{method} failed: {answer['error']}")
                results.append(answer["result"])
        return results

    # -------------------------------------------------------------- bulk transactions

    def set_balances(self, addresses: Iterable[str], amount: int = ETHER) -> None:
        self.batch(("anvil_setBalance", [address, hex(amount)]) for address in addresses)

    def nonce(self, address: str) -> int:
        return int(self.call("eth_getTransactionCount", [address, "pending"]), 16)

    def send_bulk(self, txs: Sequence[dict[str, Any]]) -> list[str]:
        """Send ``txs`` (``from``, ``to``, ``data``, ``gas``) from impersonated senders with
        automine off, mine them in as few blocks as possible and check every one succeeded.

        Transactions of one sender keep their order (nonces); no order between senders is
        guaranteed, so dependent steps of different senders go in separate calls.
        """
        if not txs:
            return []
        senders = {tx["from"] for tx in txs}
        self.batch(("anvil_impersonateAccount", [address]) for address in senders)
        nonces = {address: self.nonce(address) for address in senders}
        gas_price = self.call("eth_gasPrice")
        prepared = []
        for tx in txs:
            nonce = nonces[tx["from"]]
            nonces[tx["from"]] = nonce + 1
            prepared.append(
                {
                    "from": tx["from"],
                    "to": tx["to"],
                    "data": tx["data"],
                    "gas": hex(tx["gas"]),
                    "gasPrice": gas_price,
                    "nonce": hex(nonce),
                }
            )
        old_limit = int(self.call("eth_getBlockByNumber", ["latest", False])["gasLimit"], 16)
        self.call("evm_setAutomine", [False])
        try:
            self.call("evm_setBlockGasLimit", [hex(BULK_BLOCK_GAS_LIMIT)])
            hashes = []
            # Anvil's pool gets slow (super-linear) with many thousands of pending transactions:
            # send and mine in rounds of BULK_ROUND.
            for start in range(0, len(prepared), BULK_ROUND):
                hashes += self.batch(("eth_sendTransaction", [tx]) for tx in prepared[start : start + BULK_ROUND])
                for _ in range(10_000):
                    self.call("evm_mine")
                    status = self.call("txpool_status")
                    if int(status["pending"], 16) == 0 and int(status["queued"], 16) == 0:
                        break
                else:  # pragma: no cover - anvil never leaves a funded tx behind
                    raise RuntimeError("transactions still pending after bulk mining")
        finally:
            self.call("evm_setBlockGasLimit", [hex(old_limit)])
            self.call("evm_setAutomine", [True])
        receipts = self.batch(("eth_getTransactionReceipt", [h]) for h in hashes)
        failed = [tx for tx, receipt in zip(txs, receipts) if receipt is None or receipt["status"] != "0x1"]
        if failed:
            raise RuntimeError(f"{len(failed)} bulk transactions failed, first: {failed[0]}")
        return hashes

    def call_tree(self, tx_hash: str) -> dict[str, Any]:
        """The call tree of a mined transaction (``callTracer``: gasUsed per call)."""
        return self.call("debug_traceTransaction", [tx_hash, {"tracer": "callTracer"}])


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


#: Largest HTTP batch body (anvil rejects very large request bodies).
MAX_BATCH_BYTES = 1_000_000


def _chunks_by_size(items: list[Any], size: int) -> Iterable[list[Any]]:
    """Groups of at most ``size`` calls and about MAX_BATCH_BYTES of parameters each."""
    group: list[Any] = []
    weight = 0
    for item in items:
        item_weight = len(str(item[1]))
        if group and (len(group) >= size or weight + item_weight > MAX_BATCH_BYTES):
            yield group
            group, weight = [], 0
        group.append(item)
        weight += item_weight
    if group:
        yield group
