"""Ethereum addresses: EIP-55 checksums and raw 20-byte forms, validated and cached."""

from __future__ import annotations

from functools import lru_cache

from modelmarket.keccak import keccak

__all__ = ["ZERO_ADDRESS", "address_bytes", "checksum_bytes", "to_checksum_address"]

ZERO_ADDRESS = "0x" + "00" * 20


@lru_cache(maxsize=16384)
def checksum_bytes(raw: bytes) -> str:
    """EIP-55 checksum of a 20-byte address (cached: it costs a keccak)."""
    hex_lower = raw.hex()
    hashed = keccak(hex_lower.encode()).hex()
    return "0x" + "".join(c.upper() if h >= "8" else c for c, h in zip(hex_lower, hashed))


@lru_cache(maxsize=16384)
def address_bytes(address: str) -> bytes:
    """The 20 bytes of a ``0x`` address; a mixed-case address must carry a valid EIP-55 checksum."""
    if not isinstance(address, str) or len(address) != 42 or address[:2] not in ("0x", "0X"):
        raise ValueError(f"not a 0x-prefixed 20-byte hex address: {address!r}")
    body = address[2:]
    try:
        raw = bytes.fromhex(body)
    except ValueError:
        raise ValueError(f"not a 0x-prefixed 20-byte hex address: {address!r}") from None
    if body != body.lower() and body != body.upper() and checksum_bytes(raw)[2:] != body:
        raise ValueError(f"address has an invalid EIP-55 checksum: {address!r}")
    return raw


def to_checksum_address(address: str | bytes) -> str:
    """EIP-55 form of a hex address string or of 20 raw bytes (validated, cached)."""
    if isinstance(address, (bytes, bytearray)):
        if len(address) != 20:
            raise ValueError(f"raw address must be 20 bytes, got {len(address)}")
        return checksum_bytes(bytes(address))
    return checksum_bytes(address_bytes(address))
