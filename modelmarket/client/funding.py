"""The consumer's wallet side of a client, through Ape: chain time, lane reads and top-ups."""

from __future__ import annotations

from typing import Any

__all__ = ["ApeFunder"]


class ApeFunder:
    """Tops up ``consumer``'s lanes from its free balance (depositing from its wallet when short).

    ``topup`` is the smallest allocation it makes (fewer transactions than one per call).
    """

    def __init__(self, payments: Any, token: Any, consumer: Any, *, topup: int) -> None:
        self.payments, self.token, self.account = payments, token, consumer
        self.topup = topup
        self.allocated = 0

    def now(self) -> int:
        from ape import chain

        return int(chain.pending_timestamp)

    def redeemed(self, asset_id: int) -> int:
        return int(self.payments.redeemed(self.account.address, asset_id))

    def ensure_coverage(self, asset_id: int, owed: int) -> int:
        coverage = int(self.payments.coverageOf(self.account.address, asset_id))
        if coverage >= owed:
            return 0
        amount = max(self.topup, owed - coverage)
        free = int(self.payments.freeBalanceOf(self.account.address))
        if free < amount:
            missing = amount - free
            if int(self.token.allowance(self.account.address, self.payments.address)) < missing:
                self.token.approve(self.payments.address, missing, sender=self.account)
            self.payments.deposit(missing, sender=self.account)
        self.payments.allocate(asset_id, amount, sender=self.account)
        self.allocated += amount
        return amount
