"""Error names for 4-byte selectors, from the compiled ABIs (never a hand-written table).

``VoucherRejected`` carries the selector of the error ``redeem`` would raise; people and the
ledger speak in names (``LaneEmpty``), not in hex.
"""

from __future__ import annotations

from functools import cache

from modelmarket.keccak import keccak

__all__ = ["error_inputs", "error_name", "error_selector"]


@cache
def _errors() -> dict[bytes, tuple[str, tuple[str, ...]]]:
    """selector → (error name, input names), over every contract in the manifest."""
    from modelmarket.bindings import contract_types

    table: dict[bytes, tuple[str, tuple[str, ...]]] = {}
    for contract_type in contract_types().values():
        for error in contract_type.errors:
            types = ",".join(item.canonical_type for item in error.inputs)
            selector = keccak(f"{error.name}({types})".encode())[:4]
            table[selector] = (error.name, tuple(item.name or "" for item in error.inputs))
    return table


def error_name(selector: bytes) -> str:
    """The error's name, or ``0x…`` hex when no compiled contract declares the selector."""
    known = _errors().get(bytes(selector))
    return known[0] if known else "0x" + bytes(selector).hex()


def error_inputs(name: str) -> tuple[str, ...]:
    """The input names of the error called ``name`` (empty if unknown)."""
    for known, inputs in _errors().values():
        if known == name:
            return inputs
    return ()


def error_selector(name: str) -> bytes:
    """The selector of the error called ``name``; ``KeyError`` if no compiled contract declares it."""
    for selector, (known, _) in _errors().items():
        if known == name:
            return selector
    raise KeyError(name)
