"""EIP-2612 permits: the typed data a token holder signs to approve in the same transaction."""

from __future__ import annotations

from typing import Any

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
PERMIT = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


def permit_typed_data(token: Any, owner: str, spender: str, value: int, deadline: int, chain_id: int) -> dict:
    """The full EIP-712 message of `token.permit(owner, spender, value, deadline, ...)` (OZ, version "1")."""
    return {
        "types": {"EIP712Domain": EIP712_DOMAIN, "Permit": PERMIT},
        "primaryType": "Permit",
        "domain": {"name": token.name(), "version": "1", "chainId": chain_id, "verifyingContract": token.address},
        "message": {
            "owner": owner,
            "spender": spender,
            "value": value,
            "nonce": int(token.nonces(owner)),
            "deadline": deadline,
        },
    }


def split_signature(signature: bytes) -> tuple[int, bytes, bytes]:
    """r||s||v → (v, r, s), the argument order of `permit` and `depositWithPermit`."""
    return signature[64], signature[:32], signature[32:64]
