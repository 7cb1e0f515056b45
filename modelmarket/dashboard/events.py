"""Chain events as plain records: one scan per event type from the deployment block to the head.

The dashboard reads nothing but these events (and the catalog, itself rebuilt from events), so a
page shows what any archive node could prove. Each record carries its block's timestamp.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelmarket.addresses import to_checksum_address

if TYPE_CHECKING:
    from modelmarket.deploy import Marketplace

#: Contract (as named in the deployment) -> the events the dashboard folds.
EVENT_SOURCES: dict[str, tuple[str, ...]] = {
    "ModelRegistry": ("ParentLinked", "VersionPublished"),
    "StakingPool": ("Staked", "Delegated", "ThawStarted", "Withdrawn", "Slashed", "FeesDeposited", "RewardsClaimed"),
    "UsagePayments": ("VoucherRedeemed", "CallsPaid", "RevenueSettled", "RoyaltyAccrued", "RoyaltiesClaimed"),
    "Reputation": ("Rated",),
    "Disputes": ("DisputeOpened", "DisputeUpheld", "DisputeRejected", "DisputeTimedOut", "EquivocationProven"),
}


@dataclass(frozen=True)
class ChainEvent:
    """One log: its event name, where it sits in the chain, and its decoded arguments."""

    name: str
    block_number: int
    log_index: int
    timestamp: int
    args: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.args[key]


def normalise(value: Any) -> Any:
    """Decoded log values as plain Python: bytes for hashes, checksummed strings for addresses."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str) and len(value) == 42 and value[:2] in ("0x", "0X"):
        try:
            return to_checksum_address(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    return value


def collect_events(market: Marketplace, *, stop: int | None = None) -> list[ChainEvent]:
    """Every event of `EVENT_SOURCES` in the deployment, in chain order (block, log index)."""
    from ape import chain

    start = market.deployment.block_number
    stop = chain.blocks.head.number + 1 if stop is None else stop
    timestamps: dict[int, int] = {}

    def timestamp_of(block_number: int) -> int:
        if block_number not in timestamps:
            timestamps[block_number] = int(chain.blocks[block_number].timestamp)
        return timestamps[block_number]

    records: list[ChainEvent] = []
    for contract_name, event_names in EVENT_SOURCES.items():
        contract = market.contracts.get(contract_name)
        if contract is None:  # a build without this contract shows no such events
            continue
        for event_name in event_names:
            for log in getattr(contract, event_name).range(start, stop):
                records.append(
                    ChainEvent(
                        name=event_name,
                        block_number=int(log.block_number),
                        log_index=int(log.log_index),
                        timestamp=timestamp_of(int(log.block_number)),
                        args={key: normalise(value) for key, value in log.event_arguments.items()},
                    )
                )
    records.sort(key=lambda event: (event.block_number, event.log_index))
    return records
