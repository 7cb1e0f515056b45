"""Turn every failure into one clear line on stderr and a non-zero exit code."""

from __future__ import annotations

from typing import Any

import click


def describe(error: BaseException) -> str:
    """A one-line description of `error`, naming a contract's custom error and its values."""
    from ape.exceptions import ContractLogicError, CustomError

    if isinstance(error, CustomError):
        values = ", ".join(f"{key}={_short(value)}" for key, value in error.inputs.items())
        return f"transaction reverted: {error.name}({values})"
    if isinstance(error, ContractLogicError):
        return f"transaction reverted: {error.message or 'no reason given'}"
    message = str(error).strip().splitlines()
    first = message[0] if message else error.__class__.__name__
    return f"{first}"


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
