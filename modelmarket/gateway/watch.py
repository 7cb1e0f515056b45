"""Watches ``UsagePayments`` for consumers about to take away what covers their vouchers.

A lane thaw (``ThawRequested``), a key revocation (``SessionKeyRevocationScheduled``), a lowered
cap (``SessionKeyCapLowered``) or a narrowed scope (``SessionKeyScopeChanged``) each take effect
only after the withdrawal delay; the gateway settles that consumer's vouchers as soon as it sees
the event, well inside the delay (the provider's guarantee then pays them in full).
"""

from __future__ import annotations

from typing import Any

__all__ = ["LEAVING_EVENTS", "ConsumerWatch"]

LEAVING_EVENTS = ("ThawRequested", "SessionKeyRevocationScheduled", "SessionKeyCapLowered", "SessionKeyScopeChanged")


class ConsumerWatch:
    """``poll()`` returns the consumers that emitted a leaving event since the last poll."""

    def __init__(self, payments: Any, from_block: int | None = None) -> None:
        from ape import chain

        self.payments = payments
        self.next_block = chain.blocks.head.number + 1 if from_block is None else from_block

    def poll(self) -> set[str]:
        from ape import chain

        head = int(chain.provider.web3.eth.block_number)  # eth_blockNumber: cheap, unlike a block object
        if head < self.next_block:
            return set()
        consumers: set[str] = set()
        for name in LEAVING_EVENTS:
            for log in getattr(self.payments, name).range(self.next_block, head + 1):
                consumers.add(str(log.consumer))
        self.next_block = head + 1
        return consumers
