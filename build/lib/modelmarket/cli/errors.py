"""Turn every failure into one clear line on stderr and a non-zero exit code."""

from __future__ import annotations

import re
from typing import Any

import click

_SELECTOR = re.compile(r"(?:custom error )?0x([0-9a-fA-F]{8})([0-9a-fA-F]*)")


def describe(error: BaseException) -> str:
    """A one-line description of `error`, naming a contract's custom error and its values."""
    from ape.exceptions import ContractLogicError, CustomError

    if isinstance(error, CustomError):
        values = ", ".join(f"{key}={_short(value)}" for key, value in error.inputs.items())
        return f"transaction reverted: {error.name}({values})"
    if isinstance(error, ContractLogicError):
        return f"transaction reverted: {reason_text(error.message or '')}"
    message = str(error).strip().splitlines()
    first = message[0] if message else error.__class__.__name__
    return f"{first}"


def reason_text(message: str) -> str:
    """A revert message with any leading error selector replaced by the error's name."""
    from modelmarket.revert_reasons import error_name

    if not message:
        return "no reason given"
    match = _SELECTOR.fullmatch(message.replace(": ", "").strip())
    if match:
        return error_name(bytes.fromhex(match.group(1)))
    return message


def _short(value: Any) -> str:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return str(value)


class SafeGroup(click.Group):
    """A click group whose commands never print a traceback: one line, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            click.echo(f"error: {error.format_message()}", err=True)
            raise SystemExit(error.exit_code) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:  # noqa: BLE001 - the CLI's contract is one line, never a traceback
            click.echo(f"error: {describe(error)}", err=True)
            raise SystemExit(1) from None
