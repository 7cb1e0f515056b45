"""The gateway: an ASGI (Starlette) app that sells one asset's inferences for vouchers.

``POST /v1/infer`` with a JSON body (``{"pixels": [...]}``):

* no ``PAYMENT-SIGNATURE`` header: ``402`` with ``PAYMENT-REQUIRED`` (:mod:`.wire`);
* a voucher the gate refuses: ``402`` with the reason (``error``) and the cumulative amount the
  next voucher must carry;
* an admitted voucher: the answer (canonical JSON), ``PAYMENT-RESPONSE`` and a receipt signed by
  the asset's operator over ``keccak(request body)`` and ``keccak(response body)``.

:meth:`Gateway.handle` runs on the event loop's own thread when the voucher book is a local file
(SQLite), and on one worker thread when a commit waits on a database server (PostgreSQL), so the
loop reads other sockets meanwhile.

The model answers before the voucher is admitted: a body it cannot answer is ``400`` and charges
nothing.
``GET /v1/offer`` returns the payment requirements as JSON; ``GET /health`` the book's counts.
With ``payment_checks=False`` the same endpoint answers without payment or receipt (the load
test's baseline). A background thread settles (:mod:`.settler`) and watches consumers (:mod:`.watch`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from modelmarket.gateway.gate import PaymentGate
from modelmarket.gateway.model import DigitsClassifier, InvalidInput, canonical_json
from modelmarket.gateway.settler import Settler
from modelmarket.gateway.watch import ConsumerWatch
from modelmarket.gateway.wire import (
    CONSUMER_HEADER,
    PAYMENT_REQUIRED_HEADER,
    PAYMENT_RESPONSE_HEADER,
    PAYMENT_SIGNATURE_HEADER,
    RECEIPT_HEADER,
    Offer,
    WireError,
    decode_voucher_payment,
    encode_receipt,
    network_of,
    settle_header,
)
from modelmarket.keccak import keccak
from modelmarket.receipts import Receipt, ReceiptSigner

__all__ = ["Gateway", "Reply", "build_app"]

log = logging.getLogger("modelmarket.gateway")


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Gateway:
    """Everything one gateway process needs; :func:`modelmarket.gateway.chain.build_gateway` wires it."""

    offer: Offer
    gate: PaymentGate
    settler: Settler
    watch: ConsumerWatch | None
    model: DigitsClassifier
    receipts: ReceiptSigner
    clock: Callable[[], int]
    payment_checks: bool = True
    poll_seconds: float = 0.5
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    # ---------------------------------------------------------------------------- requests

    def handle(self, body: bytes, headers: Mapping[str, str]) -> Reply:
        """Answer one ``POST /v1/infer`` (synchronous; see the module docstring for the thread)."""
        payment = headers.get(PAYMENT_SIGNATURE_HEADER.lower())
        if payment is None and self.payment_checks:
            return self._payment_required("payment required", headers.get(CONSUMER_HEADER.lower()))
        try:
            request = json.loads(body)
            answer = canonical_json(self.model.predict(request))  # before a voucher is admitted: no charge
        except (ValueError, InvalidInput) as error:
            return _json(400, {"error": "InvalidInput", "detail": str(error)})
        if not self.payment_checks:
            return Reply(200, answer, {"content-type": "application/json"})
        try:
            signed = decode_voucher_payment(payment)
        except WireError as error:
            return self._payment_required(f"InvalidPayment: {error}")
        request_hash = keccak(body)
        admission = self.gate.admit(signed, request_hash)
        if not admission.admitted:
            return self._payment_required(f"{admission.reason}: {admission.detail}",
                                          next_cumulative=admission.next_cumulative)
        receipt = self.receipts.sign(
            Receipt(request_hash, keccak(answer), self.offer.asset_id, self.offer.version, self.clock())
        )
        return Reply(200, answer, {
            "content-type": "application/json",
            PAYMENT_RESPONSE_HEADER: settle_header(signed, network_of(self.offer.domain.chain_id)),
            RECEIPT_HEADER: encode_receipt(receipt),
        })

    def _payment_required(self, error: str, consumer: str | None = None, next_cumulative: int | None = None) -> Reply:
        if consumer is not None and next_cumulative is None:
            try:
                next_cumulative = self.gate.next_cumulative(consumer)
            except ValueError:
                next_cumulative = None
        required = self.offer.payment_required(error, next_cumulative)
        return Reply(
            402,
            json.dumps(required.model_dump(by_alias=True, exclude_none=True)).encode(),
            {"content-type": "application/json", PAYMENT_REQUIRED_HEADER: self.offer.header(error, next_cumulative)},
        )

    # ---------------------------------------------------------------------------- settlement

    def start(self) -> None:
        """Settle what a previous run left open, then keep settling in the background."""
        self.settler.settle("startup")
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="gateway-settler", daemon=True)
        self._thread.start()

    def stop(self, *, settle: bool = True) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        if settle:
            self.settler.settle("shutdown")

    def tick(self) -> None:
        """One round of the background loop: watched consumers first, then the thresholds, then the
        book's housekeeping (a WAL checkpoint, kept off the request path)."""
        if self.watch is not None:
            leaving = self.watch.poll()
            if leaving:
                forget = getattr(self.gate.ledger.state, "forget", None)
                if forget is not None:
                    with self.gate.lock:
                        for consumer in leaving:  # bounded by the events since the last poll
                            forget(consumer)
                self.settler.settle("consumer leaving", leaving)
        reason = self.settler.due()
        if reason:
            self.settler.settle(reason)
        self.gate.store.checkpoint()

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - keep serving; the next round retries
                log.exception("settlement round failed")

    def health(self) -> dict[str, Any]:
        answered, pairs = self.gate.store.answered()
        return {
            "assetId": self.offer.asset_id, "price": str(self.offer.price), "answered": answered, "pairs": pairs,
            "open": len(self.gate.store.open_lanes()), "paymentChecks": self.payment_checks,
            "modelAccuracy": self.model.accuracy,
        }


def _json(status: int, payload: Any) -> Reply:
    return Reply(status, json.dumps(payload).encode(), {"content-type": "application/json"})


def build_app(gateway: Gateway, *, manage_settlement: bool = True, dashboard: Any = None) -> Any:
    """The Starlette app; with ``manage_settlement`` its lifespan starts and stops the settler; with
    ``dashboard`` (a :class:`modelmarket.dashboard.server.Dashboard`) it also serves ``/dashboard``."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    import anyio.to_thread

    one_worker: list[anyio.CapacityLimiter] = []  # made inside the event loop, on the first call
    # The model and the ledger are CPU-bound under the GIL and admissions are serialised by the
    # gate's lock, so a thread buys no parallelism: with a local book, every C call of a paid answer
    # (SQLite, libsecp256k1) released the GIL to the loop and took it back, and answering on the
    # loop's thread doubled requests/s (BENCHMARKS.md). A remote book's commit waits on the network:
    # then one worker thread (never a pool: GIL hand-offs) answers, and the loop reads sockets.
    on_worker = gateway.gate.store.remote

    async def infer(request: Request) -> Response:
        body = await request.body()
        if not on_worker:
            reply = gateway.handle(body, request.headers)
        else:
            if not one_worker:
                one_worker.append(anyio.CapacityLimiter(1))
            reply = await anyio.to_thread.run_sync(gateway.handle, body, request.headers, limiter=one_worker[0])
        return Response(reply.body, reply.status, reply.headers)

    async def offer(_request: Request) -> Response:
        return JSONResponse(gateway.offer.payment_required().model_dump(by_alias=True, exclude_none=True))

    async def health(_request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(gateway.health))

    @asynccontextmanager
    async def lifespan(_app: Any):  # type: ignore[no-untyped-def]
        if manage_settlement and gateway.payment_checks:
            await run_in_threadpool(gateway.start)
        try:
            yield
        finally:
            if manage_settlement and gateway.payment_checks:
                await run_in_threadpool(gateway.stop)

    routes = [Route("/v1/infer", infer, methods=["POST"]), Route("/v1/offer", offer), Route("/health", health)]
    if dashboard is not None:
        from modelmarket.gateway.dashboard_mount import dashboard_routes

        routes += dashboard_routes(dashboard)
    return Starlette(routes=routes, lifespan=lifespan)
