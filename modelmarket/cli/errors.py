"""Turn every failure into one clear line on stderr and a non-zero exit code."""

from __future__ import annotations

import re
from typing import Any

import click

_SELECTOR = re.compile(r"(?:custom error )?0x([0-9a-fA-F]{8})([0-9a-fA-F]*)")

#: What to do about a revert, by error name (shown after the decoded error).
HINTS: dict[str, str] = {
    "ERC20InsufficientBalance": "the sender holds too few tokens: see `modelmarket token balance`; get some with"
    " `modelmarket token transfer` from a funded account (`modelmarket dev start` funds the test accounts)",
    "ERC20InsufficientAllowance": "the spender's allowance is short: the CLI approves what it spends, so another"
    " transaction used it; run the command again",
    "NotAssetOwner": "only the asset's owner may do this: pass its account with --account",
    "UnknownAsset": "no asset has this id: see `modelmarket models list`",
    "InsufficientFreeBalance": "deposit first: `modelmarket escrow deposit AMOUNT`",
}


def describe(error: BaseException) -> str:
    """A one-line description of `error`, naming a contract's custom error and its values."""
    from ape.exceptions import ContractLogicError, CustomError

    if isinstance(error, CustomError):
        return "transaction reverted: " + _with_hint(error.name, dict(error.inputs))
    if isinstance(error, ContractLogicError):
        return f"transaction reverted: {reason_text(error.message or '')}"
    message = str(error).strip().splitlines()
    return message[0] if message else error.__class__.__name__


def reason_text(message: str) -> str:
    """A revert message with any leading error selector replaced by the error's name and values."""
    from modelmarket.revert_reasons import decode_error

    if not message:
        return "no reason given"
    match = _SELECTOR.fullmatch(message.replace(": ", "").strip())
    if match:
        decoded = decode_error(bytes.fromhex(match.group(1) + match.group(2)[: len(match.group(2)) // 2 * 2]))
        if decoded is None:
            return "0x" + match.group(1)
        return _with_hint(*decoded)
    return message


def _with_hint(name: str, values: dict[str, Any]) -> str:
    text = f"{name}({', '.join(f'{key}={_short(value)}' for key, value in values.items())})" if values else name
    hint = HINTS.get(name)
    return f"{text}; {hint}" if hint else text


def _short(value: Any) -> str:
    from eth_utils import is_hex_address, to_checksum_address

    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, str) and is_hex_address(value):
        return to_checksum_address(value)
    return str(value)


class SafeGroup(click.Group):
    """A click group whose commands never print a traceback: one line, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            click.echo(f"error: {error.format_message()}", err=True)
            raise SystemExit(error.exit_code) from None
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException as error:
            click.echo(f"error: {error.format_message()}", err=True)
            raise SystemExit(error.exit_code) from None
        except Exception as error:  # noqa: BLE001 - the CLI's contract is one line, never a traceback
            click.echo(f"error: {describe(error)}", err=True)
            raise SystemExit(1) from None
