"""Metric ids and exact fixed-point metrics."""

from __future__ import annotations

from collections.abc import Sequence

#: 1.0 in an attested value (EvalRegistry.VALUE_SCALE).
VALUE_SCALE = 10**6

#: The metrics this library computes.
METRICS: tuple[str, ...] = ("accuracy",)


def metric_id(name: str) -> bytes:
    """The on-chain metric id: the ASCII name right-padded to 32 bytes."""
    data = name.encode("ascii")
    if not data or len(data) > 32:
        raise ValueError(f"metric name {name!r} must be 1..32 ASCII bytes")
    return data.ljust(32, b"\0")


def metric_name(identifier: bytes) -> str:
    """The name of an on-chain metric id (inverse of `metric_id`)."""
    return bytes(identifier).rstrip(b"\0").decode("ascii", errors="replace")


def accuracy(predictions: Sequence[int], labels: Sequence[int]) -> int:
    """correct / total as a fixed-point integer, floored (exact: integer arithmetic only)."""
    if len(predictions) != len(labels) or not labels:
        raise ValueError("predictions and labels must be non-empty and of equal length")
    correct = sum(1 for predicted, label in zip(predictions, labels, strict=True) if predicted == label)
    return correct * VALUE_SCALE // len(labels)


def parse_value(text: str) -> int:
    """A decimal figure ("0.9") as a fixed-point integer (floored)."""
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if value < 0:
        raise ValueError(f"{text!r} must be ≥ 0")
    return int(value * VALUE_SCALE)


def format_value(value: int) -> str:
    """A fixed-point integer as a decimal string with six places."""
    return f"{value // VALUE_SCALE}.{value % VALUE_SCALE:06d}"
