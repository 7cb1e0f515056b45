"""Token amounts and times in their human form.

Amounts: base units (wei-like integers) ↔ whole tokens, in the decimals of the deployment's token
(any ERC-20 may be used for stake and payments; `use_decimals` is set from `token.decimals()` when a
deployment is loaded). Times: Unix seconds ↔ UTC dates.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

__all__ = ["DECIMALS", "TOKEN", "decimals", "format_amount", "format_time", "use_decimals"]

#: MarketToken's decimals (the default until a deployment with another token is loaded).
DECIMALS = 18
TOKEN = 10**DECIMALS
#: Largest `decimals()` a token may report here (Reputation accepts at most 18).
MAX_DECIMALS = 36

_active = DECIMALS


def use_decimals(value: int) -> None:
    """Amounts parse and print in `value` decimals from now on (the loaded token's)."""
    global _active
    if not 0 <= value <= MAX_DECIMALS:
        raise ValueError(f"token decimals {value} outside 0..{MAX_DECIMALS}")
    _active = value


def decimals() -> int:
    """The decimals amounts parse and print in."""
    return _active


def format_amount(base_units: int) -> str:
    """Base units → whole tokens, trimmed (``1500000000000000000`` → ``"1.5"`` with 18 decimals)."""
    text = f"{Decimal(int(base_units)) / (Decimal(10) ** _active):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_time(seconds: int) -> str:
    """Unix seconds → ``2026-11-30 10:59:21 UTC`` (``-`` for 0, which the contracts use for "never")."""
    if int(seconds) == 0:
        return "-"
    moment = datetime.datetime.fromtimestamp(int(seconds), tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
