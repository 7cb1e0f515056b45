"""A consumer SDK for agents: pay a modelmarket gateway per call and check every answer.

:meth:`ModelClient.call`:

1. finishes any call a previous attempt left without a verified answer (same voucher, same body);
2. learns the offer from the gateway's ``402`` (price, chain, contract, asset, receipt signer),
   refusing a price above ``max_price`` and a chain / contract / signer other than expected;
3. stops at the budget: what the spend ledger committed plus this price may not pass ``budget``;
4. computes the next cumulative amount from *its own* ledger (or the chain's ``redeemed`` for a
   fresh ledger), never from what the gateway asks, and refuses a gateway that disagrees;
5. has the funder top the lane up when its coverage would not pay everything outstanding;
6. signs through x402's client with the registered ``modelmarket-voucher`` scheme, records the
   voucher with the request body *before* sending it, and resends exactly that on a dropped
   connection or a 5xx (the gateway answers a known voucher again and charges it once);
7. verifies the receipt: signed by the asset's receipt signer under the ``Disputes`` domain,
   ``requestHash == keccak(body)``, ``responseHash == keccak(answer)``, asset and version.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from modelmarket.client.scheme import VoucherScheme, x402_client
from modelmarket.client.spend import SpendLedger
from modelmarket.eip712 import Domain
from modelmarket.gateway.model import canonical_json
from modelmarket.gateway.wire import (
    CONSUMER_HEADER,
    PAYMENT_REQUIRED_HEADER,
    PAYMENT_SIGNATURE_HEADER,
    RECEIPT_HEADER,
    WireError,
    decode_payment_required,
    decode_receipt,
    encode_voucher_payment,
)
from modelmarket.keccak import keccak
from modelmarket.receipts import SignedReceipt, verify_receipt
from modelmarket.vouchers import SignedVoucher, VoucherSigner

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
]


class ClientError(RuntimeError):
    """Anything that stops a paid call; the message is one line."""


class BudgetExceeded(ClientError):
    pass


class PaymentRefused(ClientError):
    pass


class ProviderDisagrees(ClientError):
    pass


class ReceiptInvalid(ClientError):
    pass


class GatewayUnavailable(ClientError):
    pass


class Funder(Protocol):
    """The chain side of a client (the consumer's wallet); see :class:`modelmarket.client.funding.ApeFunder`."""

    def now(self) -> int:
        """Chain time (voucher deadlines are compared with it)."""

    def redeemed(self, asset_id: int) -> int:
        """What the consumer's lane for the asset has redeemed."""

    def ensure_coverage(self, asset_id: int, owed: int) -> int:
        """Top the lane up so its coverage pays ``owed``; returns what it allocated."""


@dataclass(frozen=True, slots=True)
class Answer:
    result: Any
    receipt: SignedReceipt
    price: int
    cumulative: int


class ModelClient:
    """Pays one gateway (``url``) for one asset's inferences (see the module docstring)."""

    def __init__(
        self,
        url: str,
        signer: VoucherSigner,
        consumer: str,
        *,
        budget: int,
        receipt_domain: Domain,
        receipt_signer: str | None = None,
        spend: SpendLedger | None = None,
        funder: Funder | None = None,
        http: httpx.Client | None = None,
        max_price: int | None = None,
        retries: int = 3,
        ttl: int = 3600,
    ) -> None:
        self.url = url.rstrip("/")
        self.signer, self.consumer = signer, consumer
        self.budget, self.max_price = budget, max_price
        self.receipt_domain, self.receipt_signer = receipt_domain, receipt_signer
        self.spend = spend or SpendLedger()
        self.funder, self.retries, self.ttl = funder, retries, ttl
        self.http = http or httpx.Client(timeout=30)
        self.contract = signer.domain.verifying_contract
        self.scheme = VoucherScheme(signer, consumer)
        self.x402 = x402_client(self.scheme)
        self._required: Any = None
        self._asked: int | None = None

    # ------------------------------------------------------------------------------ calls

    def call(self, request: Any) -> Answer:
        """One paid inference (see the module docstring)."""
        body = canonical_json(request)
        required = self.discover()
        requirements = required.accepts[0]
        asset_id, price = int(requirements.extra["assetId"]), int(requirements.amount)
        pending = self.spend.pending(self.contract, self.consumer, asset_id)
        if pending is not None:  # a call we paid for but never saw answered: finish it first
            self._send(pending.signed, pending.price, pending.body, required)
            self._asked = None  # the 402 was read before that voucher reached the gateway
        if self.spend.spent(self.contract, self.consumer) + price > self.budget:
            raise BudgetExceeded(f"budget {self.budget} reached: spent {self.spend.spent(self.contract, self.consumer)},"
                                 f" one more call costs {price}")
        floor = self.spend.last_cumulative(self.contract, self.consumer, asset_id)
        redeemed = self.funder.redeemed(asset_id) if self.funder is not None else 0
        cumulative = max(floor, redeemed) + price
        asked, self._asked = self._asked, None  # what a fresh 402 said; later calls follow the ledger
        if asked is not None and asked != cumulative:
            self._required = None
            raise ProviderDisagrees(f"the gateway expects cumulative {asked}; this client's ledger says {cumulative}")
        if self.funder is not None:
            self.funder.ensure_coverage(asset_id, cumulative - redeemed)
        now = self.funder.now() if self.funder is not None else int(time.time())
        self.scheme.plan(asset_id, cumulative, now + self.ttl)
        self.x402.create_payment_payload(required)
        signed = self.scheme.last
        assert signed is not None
        self.spend.begin(self.contract, signed, price, body)
        return self._send(signed, price, body, required)

    def discover(self) -> Any:
        """The gateway's ``PaymentRequired`` (asked once, then again after any refusal)."""
        if self._required is not None:
            return self._required
        response = self._post(b"{}", {CONSUMER_HEADER: self.consumer})
        header = response.headers.get(PAYMENT_REQUIRED_HEADER)
        if response.status_code != 402 or header is None:
            raise ClientError(f"{self.url} did not answer 402 with {PAYMENT_REQUIRED_HEADER} (status {response.status_code})")
        try:
            required = decode_payment_required(header)
        except WireError as error:
            raise ClientError(str(error)) from None
        requirements = required.accepts[0]
        extra = requirements.extra
        if str(extra.get("contract", "")).lower() != self.contract.lower() or int(extra.get("chainId", -1)) != self.signer.domain.chain_id:
            raise ProviderDisagrees("the gateway is paid through another chain or contract than this client's")
        if self.max_price is not None and int(requirements.amount) > self.max_price:
            raise BudgetExceeded(f"price {requirements.amount} is above the limit {self.max_price}")
        if self.receipt_signer is None:
            self.receipt_signer = str(extra["receiptSigner"])
        elif str(extra.get("receiptSigner", "")).lower() != self.receipt_signer.lower():
            raise ProviderDisagrees(f"the gateway signs receipts as {extra.get('receiptSigner')}, not {self.receipt_signer}")
        # x402's own spend controls: this token on this chain only, at most the price limit per call.
        allowed: dict[str, Any] = {"network": requirements.network, "asset": requirements.asset}
        if self.max_price is not None:
            allowed["max_amount_per_payment"] = str(self.max_price)
        self.x402.set_spend_controls({"allowed_assets": [allowed], "max_amount_per_payment": False})
        self._required = required
        asked = extra.get("nextCumulative")
        self._asked = int(asked) if asked is not None else None
        return required

    # ------------------------------------------------------------------------------ internals

    def _send(self, signed: SignedVoucher, price: int, body: bytes, required: Any) -> Answer:
        header = encode_voucher_payment(signed, required.accepts[0])
        response = None
        for attempt in range(self.retries + 1):  # bounded: the same voucher every time
            try:
                response = self._post(body, {PAYMENT_SIGNATURE_HEADER: header})
            except httpx.TransportError:
                response = None
            if response is not None and response.status_code < 500:
                break
            time.sleep(min(2.0, 0.05 * 2**attempt))
        if response is None or response.status_code >= 500:
            raise GatewayUnavailable(f"{self.url} did not answer; the voucher stays pending and is resent next call")
        if response.status_code != 200:
            self.spend.discard(self.contract, signed)
            self._required = None
            raise PaymentRefused(f"the gateway refused the payment ({response.status_code}): {_error_of(response)}")
        receipt = self._verify(response, body, required)
        self.spend.complete(self.contract, signed, receipt.to_json())
        return Answer(json.loads(response.content), receipt, price, signed.voucher.cumulative_amount)

    def _verify(self, response: httpx.Response, body: bytes, required: Any) -> SignedReceipt:
        header = response.headers.get(RECEIPT_HEADER)
        if header is None:
            raise ReceiptInvalid("the answer carries no receipt")
        try:
            signed = decode_receipt(header)
        except WireError as error:
            raise ReceiptInvalid(str(error)) from None
        receipt, extra = signed.receipt, required.accepts[0].extra
        assert self.receipt_signer is not None
        problems = [
            what for what, ok in (
                ("signature", verify_receipt(self.receipt_domain, signed, self.receipt_signer)),
                ("requestHash", receipt.request_hash == keccak(body)),
                ("responseHash", receipt.response_hash == keccak(response.content)),
                ("assetId", receipt.asset_id == int(extra["assetId"])),
                ("version", receipt.version == int(extra["version"])),
            ) if not ok
        ]
        if problems:
            raise ReceiptInvalid(f"the receipt does not match the answer: {', '.join(problems)}")
        return signed

    def _post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        return self.http.post(f"{self.url}/v1/infer", content=body,
                              headers={"content-type": "application/json", **headers})


def _error_of(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", response.text[:200]))
    except ValueError:
        return response.text[:200]
