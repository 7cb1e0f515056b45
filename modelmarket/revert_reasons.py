"""Error names for 4-byte selectors, from the compiled ABIs (never a hand-written table).

``VoucherRejected`` carries the selector of the error ``redeem`` would raise; people and the
ledger speak in names (``LaneEmpty``), not in hex.
"""

from __future__ import annotations

from functools import cache

from modelmarket.keccak import keccak

__all__ = ["decode_error", "error_inputs", "error_name", "error_selector"]


@cache
def _signatures() -> dict[bytes, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """selector → (error name, input names, input types), over every compiled contract (the
    token's OpenZeppelin errors included, since MarketToken declares them)."""
    from modelmarket.bindings import contract_types, dev_contract_types

    table: dict[bytes, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    for contract_type in [*dev_contract_types().values(), *contract_types().values()]:
        for error in contract_type.errors:
            types = tuple(item.canonical_type for item in error.inputs)
            selector = keccak(f"{error.name}({','.join(types)})".encode())[:4]
            table[selector] = (error.name, tuple(item.name or "" for item in error.inputs), types)
    return table


def _errors() -> dict[bytes, tuple[str, tuple[str, ...]]]:
    return {selector: (name, inputs) for selector, (name, inputs, _) in _signatures().items()}


def decode_error(data: bytes) -> tuple[str, dict[str, object]] | None:
    """Revert data (selector + ABI-encoded arguments) → (error name, {input: value}), or None when
    no compiled contract declares the selector or the arguments do not decode."""
    from eth_abi import decode

    known = _signatures().get(bytes(data[:4]))
    if known is None:
        return None
    name, inputs, types = known
    try:
        values = decode(list(types), bytes(data[4:])) if types else ()
    except Exception:  # noqa: BLE001 - malformed data: name only
        return name, {}
    return name, {key or f"arg{index}": value for index, (key, value) in enumerate(zip(inputs, values))}


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
