"""Range checks for ABI-typed struct fields and their JSON forms (shared by vouchers and receipts)."""

from __future__ import annotations

from typing import Any

__all__ = ["bytes32", "json_bytes", "json_field", "json_uint", "uint"]


def uint(value: Any, bits: int, name: str) -> int:
    """``value`` if it is an int that fits ``uint<bits>``; ``TypeError``/``ValueError`` otherwise."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not 0 <= value < 1 << bits:
        raise ValueError(f"{name} must fit in uint{bits}, got {value}")
    return value


def bytes32(value: Any, name: str) -> bytes:
    """``value`` as exactly 32 bytes."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name} must be bytes, got {type(value).__name__}")
    value = bytes(value)
    if len(value) != 32:
        raise ValueError(f"{name} must be 32 bytes, got {len(value)}")
    return value


def json_field(data: dict[str, Any], key: str) -> Any:
    """``data[key]``, or a ``ValueError`` naming the missing field."""
    try:
        return data[key]
    except KeyError:
        raise ValueError(f"missing field {key!r}") from None


def json_uint(data: dict[str, Any], key: str, bits: int) -> int:
    """An integer JSON field: an int, or a decimal or ``0x`` hex string (big amounts)."""
    value = json_field(data, key)
    if isinstance(value, str):
        try:
            value = int(value, 16) if value[:2] in ("0x", "0X") else int(value, 10)
        except ValueError:
            raise ValueError(f"field {key!r} is not an integer: {value!r}") from None
    return uint(value, bits, key)


def json_bytes(data: dict[str, Any], key: str) -> bytes:
    """A ``0x`` hex JSON field as bytes."""
    value = json_field(data, key)
    if not isinstance(value, str) or value[:2] not in ("0x", "0X"):
        raise ValueError(f"field {key!r} must be a 0x-prefixed hex string")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise ValueError(f"field {key!r} is not valid hex: {value!r}") from None
