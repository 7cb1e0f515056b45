"""x402 (version 2) wire format for modelmarket vouchers, through the ``x402`` package's schemas.

A request without payment gets ``402`` with a ``PAYMENT-REQUIRED`` header (base64 JSON
``PaymentRequired``) whose one ``accepts`` entry uses the scheme :data:`SCHEME`:

* ``network``: CAIP-2 ``eip155:<chainId>``; ``asset``: the payment token; ``amount``: the price of
  one call in base units; ``payTo``: the ``UsagePayments`` contract (the escrow that pays);
* ``extra``: ``assetId``, ``version``, ``contract``, ``chainId``, the EIP-712 ``domain`` and
  ``voucherType`` a voucher is signed under, ``minTtl`` (seconds a voucher must still be valid),
  ``receiptSigner`` and, when the client named itself (``X-Consumer``), ``nextCumulative``:
  the cumulative amount its next voucher must carry (the book's latest plus the price).

The client answers with ``PAYMENT-SIGNATURE`` (base64 JSON ``PaymentPayload``) whose ``payload``
is the signed voucher (:meth:`SignedVoucher.to_json`). A paid answer carries ``PAYMENT-RESPONSE``
(base64 JSON ``SettleResponse``: ``transaction`` is empty, the voucher is redeemed later in a batch)
and :data:`RECEIPT_HEADER` (base64 JSON signed receipt).

The 402 side and the client go through the ``x402`` package's models; the gateway's per-call path
(:func:`decode_voucher_payment`, :func:`settle_header`) reads and writes the same bytes directly.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from x402.http.constants import PAYMENT_REQUIRED_HEADER, PAYMENT_RESPONSE_HEADER, PAYMENT_SIGNATURE_HEADER
from x402.http.utils import (
    decode_payment_required_header,
    decode_payment_response_header,
    encode_payment_required_header,
    encode_payment_signature_header,
)
from x402.schemas import PaymentPayload, PaymentRequired, PaymentRequirements, ResourceInfo, SettleResponse

from modelmarket.eip712 import Domain
from modelmarket.receipts import SignedReceipt
from modelmarket.vouchers import SignedVoucher, Voucher

__all__ = [
    "CONSUMER_HEADER",
    "PAYMENT_REQUIRED_HEADER",
    "PAYMENT_RESPONSE_HEADER",
    "PAYMENT_SIGNATURE_HEADER",
    "RECEIPT_HEADER",
    "SCHEME",
    "Offer",
    "WireError",
    "decode_receipt",
    "decode_voucher_payment",
    "encode_receipt",
    "network_of",
]

#: The x402 scheme name of a cumulative modelmarket voucher.
SCHEME = "modelmarket-voucher"
#: Response header with the provider's signed receipt (base64 JSON).
RECEIPT_HEADER = "X-MODELMARKET-RECEIPT"
#: Request header naming the consumer, so a 402 can say which cumulative amount comes next.
CONSUMER_HEADER = "X-CONSUMER"


class WireError(ValueError):
    """A header that does not decode to what the scheme expects."""


def network_of(chain_id: int) -> str:
    """CAIP-2 network id of an EVM chain."""
    return f"eip155:{chain_id}"


@dataclass(frozen=True, slots=True)
class Offer:
    """What one call of an asset costs and how to pay it: the body of a 402."""

    asset_id: int
    version: int
    price: int
    token: str
    domain: Domain
    receipt_signer: str
    min_ttl: int
    url: str = "/v1/infer"

    def requirements(self, next_cumulative: int | None = None) -> PaymentRequirements:
        extra: dict[str, Any] = {
            "assetId": str(self.asset_id),
            "version": self.version,
            "contract": self.domain.verifying_contract,
            "chainId": self.domain.chain_id,
            "domain": self.domain.to_eip712(),
            "voucherType": Voucher.TYPE_STRING,
            "minTtl": self.min_ttl,
            "receiptSigner": self.receipt_signer,
        }
        if next_cumulative is not None:
            extra["nextCumulative"] = str(next_cumulative)
        return PaymentRequirements(
            scheme=SCHEME,
            network=network_of(self.domain.chain_id),
            asset=self.token,
            amount=str(self.price),
            pay_to=self.domain.verifying_contract,
            max_timeout_seconds=self.min_ttl,
            extra=extra,
        )

    def payment_required(self, error: str | None = None, next_cumulative: int | None = None) -> PaymentRequired:
        return PaymentRequired(
            error=error,
            resource=ResourceInfo(url=self.url, description=f"inference on asset #{self.asset_id}",
                                  mime_type="application/json"),
            accepts=[self.requirements(next_cumulative)],
        )

    def header(self, error: str | None = None, next_cumulative: int | None = None) -> str:
        """The ``PAYMENT-REQUIRED`` header value."""
        return encode_payment_required_header(self.payment_required(error, next_cumulative))


def decode_payment_required(header: str) -> PaymentRequired:
    try:
        required = decode_payment_required_header(header)
    except (ValueError, TypeError) as error:
        raise WireError(f"PAYMENT-REQUIRED does not decode: {error}") from None
    if not isinstance(required, PaymentRequired):
        raise WireError("PAYMENT-REQUIRED is x402 version 1; version 2 is expected")
    return required


def encode_voucher_payment(signed: SignedVoucher, accepted: PaymentRequirements) -> str:
    """The ``PAYMENT-SIGNATURE`` header a client sends (x402 ``PaymentPayload``)."""
    return encode_payment_signature_header(PaymentPayload(payload=signed.to_json(), accepted=accepted))


def decode_voucher_payment(header: str) -> SignedVoucher:
    """The signed voucher inside a ``PAYMENT-SIGNATURE`` header, or :class:`WireError`.

    The gateway's hot path: one base64 and one JSON parse straight into the voucher, with the
    checks x402's ``decode_payment_signature_header`` + ``PaymentPayload`` validation make on what
    the scheme reads (version 2, ``accepted`` requirements of this scheme with their string
    fields, a ``payload`` object); the pydantic models cost more than the whole check.
    ``tests/unit/gateway/test_wire.py`` keeps it equal to x402's decoder on the fields it reads.
    """
    try:
        payment = json.loads(base64.b64decode(header, validate=True))
    except (ValueError, TypeError) as error:
        raise WireError(f"PAYMENT-SIGNATURE does not decode: {error}") from None
    if not isinstance(payment, dict):
        raise WireError("PAYMENT-SIGNATURE does not decode: not a JSON object")
    version, accepted, payload = payment.get("x402Version", 2), payment.get("accepted"), payment.get("payload")
    if (version != 2 or isinstance(version, bool) or not isinstance(accepted, dict) or not isinstance(payload, dict)
            or not all(isinstance(accepted.get(name), str) for name in _REQUIREMENT_STRINGS)
            or accepted["scheme"] != SCHEME):
        raise WireError(f"PAYMENT-SIGNATURE must be an x402 v2 payload of scheme {SCHEME!r}")
    try:
        return SignedVoucher.from_json(payload)
    except (ValueError, KeyError, TypeError) as error:
        raise WireError(f"the payload is not a signed voucher: {error}") from None


#: ``PaymentRequirements`` fields x402 requires as strings (``maxTimeoutSeconds`` is an int).
_REQUIREMENT_STRINGS = ("scheme", "network", "asset", "amount", "payTo")


def settle_header(signed: SignedVoucher, network: str) -> str:
    """``PAYMENT-RESPONSE``: the voucher is accepted; its redemption comes in a later batch.

    The bytes x402's ``encode_payment_response_header(SettleResponse(...))`` writes for these
    fields (same keys, order and separators), without building the pydantic model per answer.
    """
    voucher = signed.voucher
    response = {"success": True, "payer": voucher.consumer, "transaction": "", "network": network,
                "amount": str(voucher.cumulative_amount)}
    return base64.b64encode(json.dumps(response).encode()).decode()


def decode_settle(header: str) -> SettleResponse:
    try:
        return decode_payment_response_header(header)
    except (ValueError, TypeError) as error:
        raise WireError(f"PAYMENT-RESPONSE does not decode: {error}") from None


def encode_receipt(signed: SignedReceipt) -> str:
    return base64.b64encode(json.dumps(signed.to_json(), separators=(",", ":")).encode()).decode()


def decode_receipt(header: str) -> SignedReceipt:
    try:
        return SignedReceipt.from_json(json.loads(base64.b64decode(header)))
    except (ValueError, KeyError, TypeError) as error:
        raise WireError(f"{RECEIPT_HEADER} does not decode: {error}") from None
