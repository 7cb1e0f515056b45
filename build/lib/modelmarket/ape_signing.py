"""EIP-712 signatures by an Ape account (test, keyfile or hardware), for messages the SDK does not
sign itself (a permit, or a voucher signed with the consumer's own wallet)."""

from __future__ import annotations

from typing import Any

__all__ = ["SigningDeclined", "sign_typed_data"]


class SigningDeclined(RuntimeError):
    """The account (e.g. a hardware wallet's user) refused to sign."""


def sign_typed_data(account: Any, full_message: dict[str, Any]) -> bytes:
    """The 65-byte ``r || s || v`` signature of ``full_message`` (``eth_signTypedData_v4`` JSON)."""
    from eth_account.messages import encode_typed_data

    signature = account.sign_message(encode_typed_data(full_message=full_message))
    if signature is None:
        raise SigningDeclined(f"{account.address} declined to sign")
    return signature.encode_rsv()
