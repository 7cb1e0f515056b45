"""Signing helpers for the attack tests (independent of the SDK: plain eth_account EIP-712)."""

from __future__ import annotations

from typing import Any

from eth_account import Account

ZERO_ADDRESS = "0x" + "00" * 20
TOKEN = 10**18
MAX_UINT = 2**256 - 1
DAY = 86_400
#: secp256k1 group order: `n - s` with the flipped v is the malleable twin of a signature.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
VOUCHER_TYPES = {
    "EIP712Domain": _DOMAIN_TYPE,
    "Voucher": [
        {"name": "consumer", "type": "address"},
        {"name": "assetId", "type": "uint256"},
        {"name": "cumulativeAmount", "type": "uint256"},
        {"name": "deadline", "type": "uint64"},
    ],
}
RECEIPT_TYPES = {
    "EIP712Domain": _DOMAIN_TYPE,
    "Receipt": [
        {"name": "requestHash", "type": "bytes32"},
        {"name": "responseHash", "type": "bytes32"},
        {"name": "assetId", "type": "uint256"},
        {"name": "version", "type": "uint32"},
        {"name": "issuedAt", "type": "uint64"},
    ],
}


def address_of(who: Any) -> str:
    return who if isinstance(who, str) else who.address


def _key(who: Any) -> Any:
    return who.private_key if hasattr(who, "private_key") else who.key


#: EIP-712 domain versions: UsagePayments v2 (lanes) signs under "2".
DOMAIN_VERSIONS = {"UsagePayments": "2", "Disputes": "1"}


def _domain(name: str, contract: Any, chain_id: int | None, verifying_contract: str | None) -> dict[str, Any]:
    from ape import chain

    return {
        "name": name,
        "version": DOMAIN_VERSIONS[name],
        "chainId": chain.chain_id if chain_id is None else chain_id,
        "verifyingContract": verifying_contract or address_of(contract),
    }


def sign_voucher(
    signer: Any,
    payments: Any,
    consumer: Any,
    asset_id: int,
    cumulative: int,
    deadline: int | None = None,
    *,
    chain_id: int | None = None,
    verifying_contract: str | None = None,
) -> tuple[tuple[str, int, int, int], bytes]:
    """A voucher (ABI tuple) and its 65-byte signature by `signer` (ape account or eth_account key)."""
    from ape import chain

    if deadline is None:
        deadline = chain.pending_timestamp + 3_600
    voucher = (address_of(consumer), asset_id, cumulative, deadline)
    message = {
        "types": VOUCHER_TYPES,
        "primaryType": "Voucher",
        "domain": _domain("UsagePayments", payments, chain_id, verifying_contract),
        "message": dict(zip(("consumer", "assetId", "cumulativeAmount", "deadline"), voucher)),
    }
    return voucher, bytes(Account.sign_typed_data(_key(signer), full_message=message).signature)


def sign_receipt(
    signer: Any,
    disputes: Any,
    request_hash: bytes,
    response_hash: bytes,
    asset_id: int,
    version: int = 1,
    *,
    issued_at: int = 1,
    chain_id: int | None = None,
    verifying_contract: str | None = None,
) -> tuple[tuple[bytes, bytes, int, int, int], bytes]:
    """An inference receipt (ABI tuple) and its signature by `signer`."""
    receipt = (request_hash, response_hash, asset_id, version, issued_at)
    message = {
        "types": RECEIPT_TYPES,
        "primaryType": "Receipt",
        "domain": _domain("Disputes", disputes, chain_id, verifying_contract),
        "message": dict(zip(("requestHash", "responseHash", "assetId", "version", "issuedAt"), receipt, strict=True)),
    }
    return receipt, bytes(Account.sign_typed_data(_key(signer), full_message=message).signature)


def high_s(signature: bytes) -> bytes:
    """The malleable twin (r, n - s, flipped v) of a valid signature: same signer for raw ecrecover."""
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])


def recover(digest: bytes, signature: bytes) -> str:
    """Raw ecrecover (accepts high s), to show that a malleable twin is mathematically valid."""
    from eth_keys import keys

    v = signature[64] - 27
    sig = keys.Signature(vrs=(v, int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big")))
    return sig.recover_public_key_from_msg_hash(digest).to_checksum_address()
