"""Short labels stored as bytes32 (licence ids): text → right-padded bytes and back."""

from __future__ import annotations

__all__ = ["bytes32_label", "label_bytes32"]


def label_bytes32(text: str) -> bytes:
    """A short label (e.g. an SPDX licence id) as a right-padded bytes32 (`ValueError` if too long)."""
    data = text.encode()
    if len(data) > 32:
        raise ValueError(f"{text!r} is longer than 32 bytes")
    return data.ljust(32, b"\0")


def bytes32_label(value: bytes) -> str:
    """Inverse of `label_bytes32` (hex when not printable)."""
    stripped = bytes(value).rstrip(b"\0")
    try:
        text = stripped.decode()
    except UnicodeDecodeError:
        return "0x" + bytes(value).hex()
    return text if text.isprintable() else "0x" + bytes(value).hex()
