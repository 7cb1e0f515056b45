"""Wires a gateway to a deployed marketplace through Ape: prices, domains, redemptions."""

from __future__ import annotations

import threading
import time
from typing import Any

from modelmarket.eip712 import Domain
from modelmarket.gateway.app import Gateway
from modelmarket.gateway.gate import PaymentGate
from modelmarket.gateway.model import DigitsClassifier
from modelmarket.gateway.settler import Settler
from modelmarket.gateway.store import VoucherStore
from modelmarket.gateway.watch import ConsumerWatch
from modelmarket.gateway.wire import Offer
from modelmarket.ledger import ProviderLedger
from modelmarket.payments_chain import ContractPaymentsState, payments_domain, redeem_events_of
from modelmarket.payments_state import RedeemEvents
from modelmarket.receipts import ReceiptSigner
from modelmarket.vouchers import SignedVoucher

__all__ = ["GatewayChainState", "GatewayConfigError", "build_gateway"]


class GatewayConfigError(ValueError):
    """The gateway cannot serve this asset with these keys."""


class GatewayChainState(ContractPaymentsState):
    """The ledger's chain reads in a gateway: lanes, keys and the asset cached for ``max_age``, chain
    time for ``clock_age`` (both 0: every read goes to the chain).

    A long ``max_age`` is safe for *accepting*: what lowers a lane's coverage or a key's allowance
    (a thaw, a revocation, a lowered cap, a narrowed scope) takes effect only after the withdrawal
    delay and is watched (:mod:`.watch`): the gateway then drops that consumer's entries
    (:meth:`forget`) and settles it; redemptions clear the whole cache (``ProviderLedger.apply``);
    what raises them (an allocation, a new or widened key) only matters for a refusal, and the gate
    re-reads a consumer's state once before refusing for a reason fresher state could cure.
    """

    def __init__(self, payments: Any, registry: Any, *, max_age: float, clock_age: float) -> None:
        super().__init__(payments, registry, max_age=max_age)
        self.clock_age = clock_age
        self._clock: tuple[float, int] | None = None

    def now(self) -> int:
        if self._clock is not None and time.monotonic() - self._clock[0] <= self.clock_age:
            return self._clock[1]
        from ape import chain  # on a miss only: the import statement costs microseconds per paid call

        value = int(chain.pending_timestamp)
        if self.clock_age > 0:
            self._clock = (time.monotonic(), value)
        return value

    def forget(self, consumer: str) -> None:
        """Drop every cached read about ``consumer`` (its lanes, keys, scopes, key spending, code)."""
        who = consumer.lower()
        for key in [key for key in self._cache if len(key) > 1 and str(key[1]).lower() == who]:
            self._cache.pop(key, None)


def build_gateway(
    market: Any,
    asset_id: int,
    provider: Any,
    operator_key: bytes | str,
    store: VoucherStore,
    *,
    min_ttl: int = 60,
    batch_size: int = 50,
    max_age: float = 30.0,
    cache_age: float = 30.0,
    clock_age: float = 2.0,
    payment_checks: bool = True,
    model: DigitsClassifier | None = None,
) -> Gateway:
    """A gateway selling ``asset_id`` at its registry price; ``provider`` (an Ape account) redeems,
    ``operator_key`` signs receipts and must be the asset's receipt signer (``signerOf``).

    ``cache_age`` / ``clock_age``: how long chain state / chain time are reused (see
    :class:`GatewayChainState`; ``cache_age=0`` reads everything from the chain every time)."""
    payments, registry = market.require("UsagePayments"), market.registry
    if not registry.exists(asset_id):
        raise GatewayConfigError(f"asset {asset_id} does not exist")
    asset = registry.getAsset(asset_id)
    price, version = int(asset.pricePerCall), int(asset.versionCount)
    if price == 0:
        raise GatewayConfigError(f"asset {asset_id} has no price per call")
    receipts = ReceiptSigner(operator_key, Domain.from_eip5267(market.require("Disputes").eip712Domain()))
    signer_of = str(registry.signerOf(asset_id))
    if signer_of.lower() != receipts.address.lower():
        raise GatewayConfigError(f"the operator key is {receipts.address}, but asset {asset_id}'s receipt signer is {signer_of}")
    domain = payments_domain(payments)
    lock = threading.RLock()
    state = GatewayChainState(payments, registry, max_age=cache_age, clock_age=min(clock_age, cache_age))
    ledger = ProviderLedger(domain, state, min_ttl=min_ttl)

    def redeem(batch: list[SignedVoucher]) -> RedeemEvents:
        receipt = payments.redeemBatch([s.to_tuple() for s in batch], [s.signature for s in batch], sender=provider)
        return redeem_events_of(payments, receipt)

    def redeemed_of(consumer: str, asset: int) -> int:
        return int(payments.redeemed(consumer, asset))

    offer = Offer(asset_id, version, price, str(market.token.address), domain, receipts.address, min_ttl)
    return Gateway(
        offer=offer,
        gate=PaymentGate(ledger, store, asset_id, price, lock),
        settler=Settler(ledger, store, redeem, redeemed_of, lock, batch_size=batch_size, max_age=max_age),
        watch=ConsumerWatch(payments),
        model=model or DigitsClassifier.train(),
        receipts=receipts,
        payment_checks=payment_checks,
        clock=ledger.state.now,
    )
