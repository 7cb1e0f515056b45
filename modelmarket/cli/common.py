"""Helpers shared by the CLI commands: parsing user input and loading the deployment."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import click
from rich.console import Console

from modelmarket.addresses import ZERO_ADDRESS  # noqa: F401 (the commands import it from here)
from modelmarket.labels import bytes32_label  # noqa: F401 (the commands import it from here)
from modelmarket.units import decimals, format_amount, format_time  # noqa: F401 (the commands import them from here)

if TYPE_CHECKING:
    from modelmarket.deploy import Marketplace

# Piped output (files, CI logs, tests) gets wide tables instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)


def marketplace() -> Marketplace:
    """The marketplace recorded for the connected chain; amounts then use its token's decimals."""
    from modelmarket.deploy import load_marketplace
    from modelmarket.units import use_decimals

    market = load_marketplace()
    use_decimals(int(market.token.decimals()))
    return market


def unlock(account):
    """Let a keyfile account sign without prompts when its passphrase is in the environment.

    Ape reads `APE_ACCOUNTS_<alias>_PASSPHRASE`; without it, Ape prompts as usual.
    """
    import os

    alias = getattr(account, "alias", None)
    if alias and hasattr(account, "set_autosign"):
        passphrase = os.environ.get(f"APE_ACCOUNTS_{alias}_PASSPHRASE")
        if passphrase:
            account.set_autosign(True, passphrase=passphrase)
    return account


def parse_amount(text: str) -> int:
    """Token amount in whole tokens ("12.5") → base units in the loaded token's decimals; `wei:123`
    passes base units through."""
    if text.startswith("wei:"):
        digits = text[4:]
        if not digits.isdigit():
            raise click.BadParameter(f"{text!r} is not a whole number of base units")
        return int(digits)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise click.BadParameter(f"{text!r} is not a number") from None
    places = decimals()
    base = value * (10**places)
    if value < 0 or base != base.to_integral_value():
        raise click.BadParameter(f"{text!r} must be ≥ 0 with at most {places} decimals")
    return int(base)


def parse_bytes32(text: str) -> bytes:
    """A 0x-prefixed 32-byte hex string."""
    raw = text[2:] if text.startswith("0x") else text
    try:
        value = bytes.fromhex(raw)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not hex") from None
    if len(value) != 32:
        raise click.BadParameter(f"{text!r} is {len(value)} bytes; a 32-byte hash is needed")
    return value


def label_bytes32(text: str) -> bytes:
    """A short label (e.g. an SPDX licence id) as a right-padded bytes32."""
    data = text.encode()
    if len(data) > 32:
        raise click.BadParameter(f"{text!r} is longer than 32 bytes")
    return data.ljust(32, b"\0")


def parse_address(text: str) -> str:
    """A checksummed address, or the address of an Ape account alias (`TEST::1`, a keyfile
    alias); a clear error otherwise."""
    from eth_utils import is_address, to_checksum_address

    if is_address(text):
        return to_checksum_address(text)
    if text.startswith("0x") or not text:
        raise click.BadParameter(f"{text!r} is not an address")
    from ape import accounts

    try:
        if text.startswith("TEST::"):
            return accounts.test_accounts[int(text.split("::", 1)[1])].address
        return accounts.load(text).address
    except Exception:  # noqa: BLE001 - Ape raises its own errors for unknown aliases
        raise click.BadParameter(f"{text!r} is neither an address nor a known account alias") from None


def ensure_allowance(token, owner, spender: str, amount: int) -> None:
    """Approve `spender` for `amount` when the current allowance is short."""
    if token.allowance(owner.address, spender) < amount:
        token.approve(spender, amount, sender=owner)


def require_asset(market: Marketplace, asset_id: int) -> None:
    """A clear error for an asset id that was never listed."""
    if not market.registry.exists(asset_id):
        raise click.ClickException(f"asset {asset_id} does not exist")


def sign_typed(account, full_message: dict) -> bytes:
    """EIP-712 signature (r||s||v) by an Ape account (test, keyfile or hardware)."""
    from modelmarket.ape_signing import SigningDeclined, sign_typed_data

    try:
        return sign_typed_data(account, full_message)
    except SigningDeclined as declined:
        raise click.ClickException(str(declined)) from None
