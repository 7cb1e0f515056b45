"""Inference receipts: what an asset's operator signs per answer (equivocation proofs).

``Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version,uint64 issuedAt)``
under the ``Disputes`` EIP-712 domain; ``issuedAt`` dates the answer, so evidence from a key the
asset's sale retired cannot reach the buyer. Two receipts for the same request and version with different
responses prove equivocation on chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from modelmarket.eip712 import (
    DISPUTES_DOMAIN,
    Domain,
    TypedDataSigner,
    TypedStruct,
    recover_signer,
    signature_bytes,
    verify_signature,
)
from modelmarket.fields import bytes32, json_bytes, json_uint, uint

__all__ = ["Receipt", "ReceiptSigner", "SignedReceipt", "recover_receipt_signer", "verify_receipt"]


@dataclass(frozen=True, slots=True)
class Receipt(TypedStruct):
    """A provider's statement that it answered ``request_hash`` with ``response_hash``."""

    DOMAIN_NAME: ClassVar[str] = DISPUTES_DOMAIN
    TYPE_NAME: ClassVar[str] = "Receipt"
    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("requestHash", "bytes32"),
        ("responseHash", "bytes32"),
        ("assetId", "uint256"),
        ("version", "uint32"),
        ("issuedAt", "uint64"),
    )

    request_hash: bytes
    response_hash: bytes
    asset_id: int
    version: int
    issued_at: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "request_hash", bytes32(self.request_hash, "request_hash"))
        object.__setattr__(self, "response_hash", bytes32(self.response_hash, "response_hash"))
        uint(self.asset_id, 256, "asset_id")
        uint(self.version, 32, "version")
        uint(self.issued_at, 64, "issued_at")

    def encode_data(self) -> bytes:
        return (
            self.request_hash
            + self.response_hash
            + self.asset_id.to_bytes(32, "big")
            + self.version.to_bytes(32, "big")
            + self.issued_at.to_bytes(32, "big")
        )

    def to_tuple(self) -> tuple[bytes, bytes, int, int, int]:
        """``(requestHash, responseHash, assetId, version, issuedAt)``."""
        return (self.request_hash, self.response_hash, self.asset_id, self.version, self.issued_at)

    def to_json(self) -> dict[str, Any]:
        return {
            "requestHash": "0x" + self.request_hash.hex(),
            "responseHash": "0x" + self.response_hash.hex(),
            "assetId": self.asset_id,
            "version": self.version,
            "issuedAt": self.issued_at,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Receipt:
        """Inverse of :meth:`to_json`."""
        return cls(
            request_hash=json_bytes(data, "requestHash"),
            response_hash=json_bytes(data, "responseHash"),
            asset_id=json_uint(data, "assetId", 256),
            version=json_uint(data, "version", 32),
            issued_at=json_uint(data, "issuedAt", 64),
        )


@dataclass(frozen=True, slots=True)
class SignedReceipt:
    """A receipt with its 65-byte signature. JSON form: the receipt's fields plus ``signature``."""

    receipt: Receipt
    signature: bytes

    def __post_init__(self) -> None:
        if type(self.signature) is not bytes or len(self.signature) != 65:
            object.__setattr__(self, "signature", signature_bytes(self.signature))

    def to_tuple(self) -> tuple[bytes, bytes, int, int, int]:
        """The receipt's ABI tuple ``(requestHash, responseHash, assetId, version, issuedAt)``."""
        return self.receipt.to_tuple()

    def to_json(self) -> dict[str, Any]:
        return {**self.receipt.to_json(), "signature": "0x" + self.signature.hex()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignedReceipt:
        return cls(Receipt.from_json(data), json_bytes(data, "signature"))


class ReceiptSigner(TypedDataSigner[Receipt, SignedReceipt]):
    """Signs receipts under a ``Disputes`` domain."""

    __slots__ = ()
    struct_type = Receipt
    signed_type = SignedReceipt


def recover_receipt_signer(domain: Domain, signed: SignedReceipt) -> str:
    """Checksummed address that signed the receipt (see :func:`~modelmarket.eip712.recover_signer`)."""
    return recover_signer(domain, signed.receipt, signed.signature)


def verify_receipt(domain: Domain, signed: SignedReceipt, expected_signer: str) -> bool:
    """Whether ``expected_signer`` signed the receipt (see :func:`~modelmarket.eip712.verify_signature`)."""
    return verify_signature(domain, signed.receipt, signed.signature, expected_signer)
