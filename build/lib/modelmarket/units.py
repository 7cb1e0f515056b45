"""Token amounts: base units (wei-like integers) and their human form in whole tokens."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["DECIMALS", "TOKEN", "format_amount"]

#: The marketplace token's decimals (MarketToken, and any ERC-20 a deployment accepts for payment).
DECIMALS = 18
TOKEN = 10**DECIMALS


def format_amount(base_units: int) -> str:
    """Base units → whole tokens, trimmed (``1500000000000000000`` → ``"1.5"``)."""
    text = f"{Decimal(base_units) / (10**DECIMALS):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
