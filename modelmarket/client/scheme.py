"""The ``modelmarket-voucher`` scheme for x402's client: registered with ``x402ClientSync``, it
turns a gateway's payment requirements into a signed cumulative voucher.

The x402 client picks the requirement whose network and scheme are registered and wraps what
:meth:`VoucherScheme.create_payment_payload` returns into a ``PaymentPayload``; the scheme signs
the cumulative amount the caller planned (:meth:`VoucherScheme.plan`), never one the server asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from x402 import x402ClientSync
from x402.schemas import PaymentRequired, PaymentRequirements

from modelmarket.gateway.wire import SCHEME, network_of
from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner

__all__ = ["VoucherScheme", "x402_client"]


class SchemeMismatch(ValueError):
    """The requirements do not describe the payment the client planned."""


@dataclass
class _Plan:
    asset_id: int
    cumulative: int
    deadline: int


class VoucherScheme:
    """Signs vouchers for ``consumer`` with ``signer`` (the consumer's key or a session key)."""

    scheme = SCHEME

    def __init__(self, signer: VoucherSigner, consumer: str) -> None:
        self.signer, self.consumer = signer, consumer
        self._plan: _Plan | None = None
        self.last: SignedVoucher | None = None

    def plan(self, asset_id: int, cumulative: int, deadline: int) -> None:
        """What the next payload signs (the client's own ledger decides the amount)."""
        self._plan = _Plan(asset_id, cumulative, deadline)

    def create_payment_payload(self, requirements: PaymentRequirements) -> dict[str, Any]:
        plan, self._plan = self._plan, None
        if plan is None:
            raise SchemeMismatch("no payment planned")
        extra = requirements.extra
        domain = self.signer.domain
        if (requirements.network != network_of(domain.chain_id)
                or str(extra.get("contract", "")).lower() != domain.verifying_contract.lower()
                or int(extra.get("assetId", -1)) != plan.asset_id):
            raise SchemeMismatch("the requirements name another chain, contract or asset than the planned payment")
        self.last = self.signer.sign(Voucher(self.consumer, plan.asset_id, plan.cumulative, plan.deadline))
        return self.last.to_json()


def x402_client(scheme: VoucherScheme) -> x402ClientSync:
    """An x402 client that pays ``modelmarket-voucher`` requirements on the scheme's chain."""
    return x402ClientSync().register(network_of(scheme.signer.domain.chain_id), scheme)


def payment_of(client: x402ClientSync, required: PaymentRequired) -> Any:
    """The x402 ``PaymentPayload`` for ``required`` (the planned voucher)."""
    return client.create_payment_payload(required)
