"""EIP-712 signing for the MarketToken unit tests (permit and delegateBySig), with eth_account."""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data

ZERO_ADDRESS = "0x" + "00" * 20
#: secp256k1 group order: s and n - s both verify, EIP-2 only accepts the low one.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}
DELEGATION_TYPES = {
    "Delegation": [
        {"name": "delegatee", "type": "address"},
        {"name": "nonce", "type": "uint256"},
        {"name": "expiry", "type": "uint256"},
    ]
}


def domain(token: Any) -> dict[str, Any]:
    """The token's EIP-712 domain as the contract builds it."""
    from ape import chain

    return {"name": "Model Market", "version": "1", "chainId": chain.chain_id, "verifyingContract": token.address}


def sign(token: Any, signer: Any, types: dict[str, Any], message: dict[str, Any]) -> tuple[int, bytes, bytes]:
    """(v, r, s) of `signer` (an ape test account) over `message` in the token's domain."""
    signed = Account.sign_typed_data(signer.private_key, domain(token), types, message)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def recover(token: Any, types: dict[str, Any], message: dict[str, Any], vrs: tuple[int, bytes, bytes]) -> str:
    """The address the contract recovers from `vrs` for `message` (the signer it will report)."""
    v, r, s = vrs
    signable = encode_typed_data(domain(token), types, message)
    return Account.recover_message(signable, vrs=(v, int.from_bytes(r, "big"), int.from_bytes(s, "big")))


def permit_message(owner: Any, spender: Any, value: int, nonce: int, deadline: int) -> dict[str, Any]:
    return {"owner": owner.address, "spender": spender.address, "value": value, "nonce": nonce, "deadline": deadline}


def delegation_message(delegatee: Any, nonce: int, expiry: int) -> dict[str, Any]:
    return {"delegatee": delegatee.address, "nonce": nonce, "expiry": expiry}


def delegate(token: Any, delegatee: Any, sender: Any) -> Any:
    """`token.delegate(delegatee)`: ape's `BaseAddress.delegate` (EIP-7702) shadows the method."""
    return token.invoke_transaction("delegate", delegatee, sender=sender)
