"""Fixed-point conversion and canonical JSON bytes, shared by eval sets and models."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

#: Features are stored as integers of 1e-6.
FEATURE_SCALE = 10**6


def to_fixed(value: float, scale: int) -> int:
    """`value × scale` rounded half-even, through the float's exact decimal expansion."""
    return int((Decimal(value) * scale).to_integral_value(rounding=ROUND_HALF_EVEN))


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, ASCII: one byte string per document."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
