"""Usage vouchers: the typed struct, its JSON form, signing and signer recovery.

``Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)`` is signed
under the ``UsagePayments`` EIP-712 domain (read it from the contract with
``Domain.from_eip5267(payments.eip712Domain())``). A consumer (or its session key) signs an
ever-growing cumulative amount per asset; the provider redeems the latest one. Which vouchers a
provider should accept is :mod:`modelmarket.ledger`'s job.

Typical use::

    domain = Domain.from_eip5267(payments.eip712Domain())
    signer = VoucherSigner(consumer_key, domain)
    signed = signer.sign(Voucher(consumer, asset_id, cumulative_amount=10**18, deadline=t + 3600))
    assert verify_voucher(domain, signed, consumer)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from modelmarket.addresses import address_bytes, to_checksum_address
from modelmarket.eip712 import (
    PAD12,
    SECP256K1_HALF_N,
    SECP256K1_N,
    USAGE_PAYMENTS_DOMAIN,
    Domain,
    InvalidSignature,
    TypedDataSigner,
    TypedStruct,
    recover_signer,
    signature_bytes,
    typed_data,
    verify_signature,
)
from modelmarket.fields import json_bytes, json_field, json_uint, uint
from modelmarket.keccak import KECCAK_BACKEND, keccak

# Receipts live in modelmarket.receipts; these names stay importable from here for older code.
from modelmarket.receipts import (  # noqa: F401  (re-exported)
    Receipt,
    ReceiptSigner,
    SignedReceipt,
    recover_receipt_signer,
    verify_receipt,
)

__all__ = [
    "KECCAK_BACKEND",
    "SECP256K1_HALF_N",
    "SECP256K1_N",
    "Domain",
    "InvalidSignature",
    "Receipt",
    "ReceiptSigner",
    "SignedReceipt",
    "SignedVoucher",
    "Voucher",
    "VoucherSigner",
    "keccak",
    "recover_receipt_signer",
    "recover_signer",
    "recover_voucher_signer",
    "to_checksum_address",
    "typed_data",
    "verify_receipt",
    "verify_signature",
    "verify_voucher",
]


@dataclass(frozen=True, slots=True)
class Voucher(TypedStruct):
    """A consumer's promise to pay up to ``cumulative_amount`` in total for ``asset_id``.

    ``consumer`` is normalised to its EIP-55 checksum form; numbers are range-checked.
    """

    DOMAIN_NAME: ClassVar[str] = USAGE_PAYMENTS_DOMAIN
    TYPE_NAME: ClassVar[str] = "Voucher"
    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("consumer", "address"),
        ("assetId", "uint256"),
        ("cumulativeAmount", "uint256"),
        ("deadline", "uint64"),
    )

    consumer: str
    asset_id: int
    cumulative_amount: int
    deadline: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "consumer", to_checksum_address(self.consumer))
        uint(self.asset_id, 256, "asset_id")
        uint(self.cumulative_amount, 256, "cumulative_amount")
        uint(self.deadline, 64, "deadline")

    def encode_data(self) -> bytes:
        return (
            PAD12
            + address_bytes(self.consumer)
            + self.asset_id.to_bytes(32, "big")
            + self.cumulative_amount.to_bytes(32, "big")
            + self.deadline.to_bytes(32, "big")
        )

    def to_tuple(self) -> tuple[str, int, int, int]:
        """``(consumer, assetId, cumulativeAmount, deadline)``."""
        return (self.consumer, self.asset_id, self.cumulative_amount, self.deadline)

    def to_json(self) -> dict[str, Any]:
        return {
            "consumer": self.consumer,
            "assetId": self.asset_id,
            "cumulativeAmount": self.cumulative_amount,
            "deadline": self.deadline,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Voucher:
        """Inverse of :meth:`to_json`; integers may also be decimal or ``0x`` hex strings."""
        return cls(
            consumer=json_field(data, "consumer"),
            asset_id=json_uint(data, "assetId", 256),
            cumulative_amount=json_uint(data, "cumulativeAmount", 256),
            deadline=json_uint(data, "deadline", 64),
        )


@dataclass(frozen=True, slots=True)
class SignedVoucher:
    """A voucher with its 65-byte signature. JSON form: the voucher's fields plus ``signature``."""

    voucher: Voucher
    signature: bytes

    def __post_init__(self) -> None:
        if type(self.signature) is not bytes or len(self.signature) != 65:
            object.__setattr__(self, "signature", signature_bytes(self.signature))

    def to_tuple(self) -> tuple[str, int, int, int]:
        """The voucher's ABI tuple ``(consumer, assetId, cumulativeAmount, deadline)``."""
        return self.voucher.to_tuple()

    def to_json(self) -> dict[str, Any]:
        return {**self.voucher.to_json(), "signature": "0x" + self.signature.hex()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignedVoucher:
        return cls(Voucher.from_json(data), json_bytes(data, "signature"))


class VoucherSigner(TypedDataSigner[Voucher, SignedVoucher]):
    """Signs vouchers under a ``UsagePayments`` domain."""

    __slots__ = ()
    struct_type = Voucher
    signed_type = SignedVoucher


def recover_voucher_signer(domain: Domain, signed: SignedVoucher) -> str:
    """Checksummed address that signed the voucher (see :func:`~modelmarket.eip712.recover_signer`)."""
    return recover_signer(domain, signed.voucher, signed.signature)


def verify_voucher(domain: Domain, signed: SignedVoucher, expected_signer: str) -> bool:
    """Whether ``expected_signer`` signed the voucher (see :func:`~modelmarket.eip712.verify_signature`)."""
    return verify_signature(domain, signed.voucher, signed.signature, expected_signer)
