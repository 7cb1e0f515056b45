"""Where the dashboard's data comes from: the chain (a snapshot per block), the evaluated metrics
(only when the deployment has an EvalRegistry) and, optionally, a gateway's voucher ledger."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from modelmarket.catalog import catalog
from modelmarket.dashboard.events import collect_events
from modelmarket.dashboard.model import OutstandingVoucher, Snapshot

if TYPE_CHECKING:
    from modelmarket.deploy import Marketplace
    from modelmarket.ledger import ProviderLedger

#: Reads evaluated metrics (asset id -> metric name -> value) from a deployment's EvalRegistry.
MetricsReader = Callable[["Marketplace"], Mapping[int, Mapping[str, float]]]

_metrics_reader: MetricsReader | None = None


def register_metrics_reader(reader: MetricsReader | None) -> None:
    """Plug in the EvalRegistry reader (the module that owns EvalRegistry's events provides it)."""
    global _metrics_reader
    _metrics_reader = reader


def evaluated_metrics(market: Marketplace) -> dict[int, dict[str, float]]:
    """The default reader: for each asset's current version, each metric on each named eval set, the
    EvalRegistry's stake-weighted median when at least one counted attestation backs it."""
    from modelmarket.evaluation.attestations import eval_set_hash, score
    from modelmarket.evaluation.datasets import EVAL_SETS
    from modelmarket.evaluation.metrics import METRICS, VALUE_SCALE

    evals = market.contracts["EvalRegistry"]
    found: dict[int, dict[str, float]] = {}
    for view in catalog(market):  # bounded by the catalog; one view call per (metric, eval set)
        for metric in METRICS:
            for name in EVAL_SETS:
                result = score(evals, view.asset_id, view.content_hash, metric, eval_set_hash(name))
                if result.evaluators >= 1:
                    found.setdefault(view.asset_id, {})[metric] = result.median / VALUE_SCALE
    return found


def load_metrics(market: Marketplace) -> Mapping[int, Mapping[str, float]] | None:
    """None when the deployment has no EvalRegistry (pages hide metrics); else its metrics."""
    if market.contracts.get("EvalRegistry") is None:
        return None
    reader = _metrics_reader or evaluated_metrics
    return {int(asset): dict(values) for asset, values in reader(market).items()}


def head_block() -> int:
    from ape import chain

    return int(chain.blocks.head.number)


def load_snapshot(market: Marketplace) -> Snapshot:
    """The catalog and every event the pages read, up to the current head."""
    from ape import chain

    head = chain.blocks.head
    return Snapshot(
        assets=catalog(market),
        events=collect_events(market, stop=int(head.number) + 1),
        head_block=int(head.number),
        head_timestamp=int(head.timestamp),
        metrics=load_metrics(market),
    )


class VoucherSource(Protocol):
    """A gateway's ledger as the provider page reads it."""

    def outstanding_vouchers(self) -> list[OutstandingVoucher]: ...


class LedgerVouchers:
    """A :class:`~modelmarket.ledger.ProviderLedger` (in memory, or loaded from a gateway's store)."""

    def __init__(self, ledger: ProviderLedger) -> None:
        self.ledger = ledger

    def outstanding_vouchers(self) -> list[OutstandingVoucher]:
        vouchers = []
        for signed in self.ledger.pending():
            voucher = signed.voucher
            vouchers.append(
                OutstandingVoucher(
                    consumer=voucher.consumer,
                    asset_id=voucher.asset_id,
                    cumulative_amount=voucher.cumulative_amount,
                    redeemed=self.ledger.redeemed(voucher.consumer, voucher.asset_id),
                )
            )
        return vouchers


class StoreVouchers:
    """A gateway's durable voucher book: anything with ``open_lanes()`` whose items carry the
    latest accepted voucher (``.latest.signed.voucher``) and what the chain ``.settled`` of it
    (the gateway's ``VoucherStore``; read through this shape so the dashboard needs no gateway)."""

    def __init__(self, store: object) -> None:
        self.store = store

    def outstanding_vouchers(self) -> list[OutstandingVoucher]:
        vouchers = []
        for lane in self.store.open_lanes():  # type: ignore[attr-defined]
            voucher = lane.latest.signed.voucher
            vouchers.append(
                OutstandingVoucher(voucher.consumer, voucher.asset_id, voucher.cumulative_amount, int(lane.settled))
            )
        return vouchers


def open_gateway_vouchers(url: str) -> VoucherSource:
    """The voucher book of the gateway whose database is at `url` (`sqlite:///…` or `postgresql://…`)."""
    try:
        from modelmarket.gateway.store import open_store  # type: ignore[import-not-found]
    except ImportError:
        raise LookupError("this build has no provider gateway (modelmarket.gateway) to read a ledger from") from None
    return StoreVouchers(open_store(url))
