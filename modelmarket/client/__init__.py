"""The consumer SDK: pay a modelmarket gateway per inference (x402 ``modelmarket-voucher``)."""

from __future__ import annotations

from modelmarket.client.client import (
    Answer,
    BudgetExceeded,
    ClientError,
    Funder,
    GatewayUnavailable,
    ModelClient,
    PaymentRefused,
    ProviderDisagrees,
    ReceiptInvalid,
)
from modelmarket.client.spend import SpendLedger

__all__ = [
    "Answer",
    "BudgetExceeded",
    "ClientError",
    "Funder",
    "GatewayUnavailable",
    "ModelClient",
    "PaymentRefused",
    "ProviderDisagrees",
    "ReceiptInvalid",
    "SpendLedger",
]
