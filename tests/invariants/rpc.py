"""A thin, fast JSON-RPC driver for the state machine.

Ape's contract layer costs ~70 ms per transaction and ~10 ms per view call on this machine; the
machine sends thousands of both, so it talks to anvil directly over one HTTP session (~6 ms per
transaction, one batched request for all the reads of an invariant check). Ape still does the ABI
work: calldata comes from `contract.method.encode_input`, and outputs/errors are decoded with the
method and error ABIs of the compiled contracts. Every account that sends is unlocked on anvil
(Ape's test accounts, and session keys the machine impersonates).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests
from eth_abi import decode, encode
from eth_utils import keccak, to_checksum_address, to_hex

#: Gas limit of every transaction (no estimation round trip).
GAS = 3_000_000


class TransactionFailed(AssertionError):
    """A transaction the ghost expected to succeed reverted."""


@dataclass(frozen=True)
class Call:
    """A view call: `contract.method(*args)`, decoded with the method's ABI."""

    contract: Any
    method: str
    args: tuple[Any, ...] = ()


def _abi_of(contract: Any, method: str) -> Any:
    return getattr(contract, method).abis[0]


def _normalise(value: Any, abi_type: Any) -> Any:
    """Decoded eth_abi value -> Python: addresses checksummed, single structs as dicts."""
    canonical = abi_type.canonical_type
    if canonical == "address":
        return to_checksum_address(value)
    if abi_type.components and canonical.startswith("(") and not canonical.endswith("]"):
        return {c.name: _normalise(v, c) for c, v in zip(abi_type.components, value, strict=True)}
    return value


def decode_output(contract: Any, method: str, data: bytes) -> Any:
    outputs = _abi_of(contract, method).outputs
    values = decode([o.canonical_type for o in outputs], data)
    normalised = [_normalise(v, o) for v, o in zip(values, outputs, strict=True)]
    return normalised[0] if len(normalised) == 1 else tuple(normalised)


def error_data(contract: Any, error: str, *args: Any) -> bytes:
    """The exact revert data of `error(*args)` as declared in the contract's ABI."""
    abi = getattr(contract, error).abi
    selector = keccak(text=abi.selector)[:4]
    types = [item.canonical_type for item in abi.inputs]
    values = [getattr(a, "address", a) for a in args]
    return selector + encode(types, values)


class Rpc:
    """Raw JSON-RPC to the local anvil node behind Ape's provider."""

    def __init__(self, uri: str) -> None:
        self._uri = uri
        self._session = requests.Session()
        self._next_id = 0
        #: Timestamp the next transaction is mined at (set explicitly, so the ghost knows it).
        self.now = 0
        #: Number of the latest block (every transaction mines one).
        self.block = 0
        self._calldata_cache: dict[tuple[str, str, tuple[Any, ...]], str] = {}

    # ------------------------------------------------------------------ plumbing

    def request(self, method: str, params: list[Any]) -> Any:
        self._next_id += 1
        reply = self._session.post(
            self._uri, json={"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params}
        ).json()
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def _batch(self, requests_: list[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        body = [
            {"jsonrpc": "2.0", "id": i, "method": method, "params": params}
            for i, (method, params) in enumerate(requests_)
        ]
        replies = self._session.post(self._uri, json=body).json()
        return sorted(replies, key=lambda reply: reply["id"])

    # ------------------------------------------------------------------ time

    def sync_clock(self) -> None:
        """Start the ghost clock just after the latest block."""
        latest = self.request("eth_getBlockByNumber", ["latest", False])
        self.now = int(latest["timestamp"], 16) + 1
        self.block = int(latest["number"], 16)

    def advance(self, seconds: int) -> None:
        """Mine an empty block `seconds` later, so views and calls see the new time too."""
        self.now += seconds
        self.request("evm_setNextBlockTimestamp", [self.now])
        self.request("evm_mine", [])
        self.block += 1
        while int(self.request("eth_blockNumber", []), 16) < self.block:
            time.sleep(0.0005)
        self.now += 1

    # ------------------------------------------------------------------ reads

    def read(self, calls: list[Call]) -> list[Any]:
        """All `calls` in one batched request, decoded."""
        if not calls:
            return []
        replies = self._batch([("eth_call", [{"to": c.contract.address, "data": self._view_calldata(c)}, "latest"]) for c in calls])
        results = []
        for call, reply in zip(calls, replies, strict=True):
            if "error" in reply:
                raise AssertionError(f"view {call.method}{call.args} reverted: {reply['error']}")
            results.append(decode_output(call.contract, call.method, bytes.fromhex(reply["result"][2:])))
        return results

    def _view_calldata(self, call: Call) -> str:
        """Calldata of a view call, memoised: every check repeats the same few hundred calls."""
        key = (call.contract.address, call.method, call.args)
        data = self._calldata_cache.get(key)
        if data is None:
            data = self._calldata_cache[key] = self._calldata(call.contract, call.method, call.args)
        return data

    def balances(self, token: Any, holders: list[str]) -> list[int]:
        return self.read([Call(token, "balanceOf", (h,)) for h in holders])

    # ------------------------------------------------------------------ writes

    @staticmethod
    def _calldata(contract: Any, method: str, args: tuple[Any, ...]) -> str:
        return to_hex(getattr(contract, method).encode_input(*args))

    def send(self, contract: Any, method: str, *args: Any, sender: Any) -> dict[str, Any]:
        """Mine `contract.method(*args)` from `sender` at `self.now`; it must succeed."""
        tx = {
            "from": getattr(sender, "address", sender),
            "to": contract.address,
            "data": self._calldata(contract, method, args),
            "gas": hex(GAS),
        }
        self.request("evm_setNextBlockTimestamp", [self.now])
        try:
            tx_hash = self.request("eth_sendTransaction", [tx])
        except RuntimeError as error:
            raise TransactionFailed(f"{method}{args} from {tx['from']}: {error}") from None
        receipt = self._mined_receipt(tx_hash)
        self.now += 1
        if receipt["status"] != "0x1":
            raise TransactionFailed(f"{method}{args} from {tx['from']} reverted (ghost expected success)")
        return receipt

    def _mined_receipt(self, tx_hash: str) -> dict[str, Any]:
        """The receipt of the block this transaction just made.

        anvil answers `eth_sendTransaction` before its automine finishes, and after `evm_revert` it
        may still serve the receipt of an identical transaction from a reverted block (same hash).
        So wait for the new block first, then take the receipt and check it belongs to that block.
        """
        self.block += 1
        while int(self.request("eth_blockNumber", []), 16) < self.block:
            time.sleep(0.0005)
        while True:
            receipt = self.request("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None and int(receipt["blockNumber"], 16) == self.block:
                return receipt
            time.sleep(0.0005)

    def revert_data(self, contract: Any, method: str, *args: Any, sender: Any) -> bytes:
        """Simulate `contract.method(*args)` from `sender`; it must revert. Returns the revert data."""
        tx = {
            "from": getattr(sender, "address", sender),
            "to": contract.address,
            "data": self._calldata(contract, method, args),
            "gas": hex(GAS),
        }
        self._next_id += 1
        reply = self._session.post(
            self._uri, json={"jsonrpc": "2.0", "id": self._next_id, "method": "eth_call", "params": [tx, "latest"]}
        ).json()
        assert "error" in reply, f"{method}{args} from {tx['from']} succeeded; the ghost expected a revert"
        data = reply["error"].get("data") or "0x"
        return bytes.fromhex(data[2:])

    def assert_reverts(
        self, contract: Any, method: str, *args: Any, sender: Any, error: tuple[Any, str, tuple[Any, ...]]
    ) -> None:
        """`contract.method(*args)` must revert with exactly `error` = (declaring contract, name, args)."""
        declaring, name, error_args = error
        expected = error_data(declaring, name, *error_args)
        actual = self.revert_data(contract, method, *args, sender=sender)
        assert actual == expected, (
            f"{method}{args}: expected revert {name}{error_args} ({expected.hex()}), got {actual.hex()}"
        )

    def assert_reverts_with_selector(self, contract: Any, method: str, *args: Any, sender: Any, error: tuple[Any, str]) -> bytes:
        """Like `assert_reverts`, checking only the selector (for errors that carry `block.timestamp`)."""
        declaring, name = error
        selector = keccak(text=getattr(declaring, name).abi.selector)[:4]
        actual = self.revert_data(contract, method, *args, sender=sender)
        assert actual[:4] == selector, f"{method}{args}: expected revert {name}, got {actual.hex()}"
        return actual
