"""Fixtures for the Reputation unit tests: assets and a way to make a consumer pay for one.

Spend is created through redeemed vouchers signed with the `modelmarket.vouchers` SDK (so these
tests also exercise the SDK against the contract).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from modelmarket.vouchers import Domain, Voucher, VoucherSigner
from tests.conftest import TOKEN

WEIGHT_CAP = 1_000 * TOKEN


@pytest.fixture
def asset(list_asset) -> int:
    """An active model listed by `owner`."""
    return list_asset()


@pytest.fixture
def pay(chain, payments, token, owner) -> Callable[..., int]:
    """Factory: make `consumer` pay `amount` more for `asset_id` (deposit into the asset's lane and a
    redeemed voucher signed by `signer`: the consumer, or one of its session keys)."""

    def _pay(consumer, asset_id: int, amount: int, signer=None) -> int:
        token.approve(payments.address, amount, sender=consumer)
        payments.depositAndAllocate([asset_id], [amount], sender=consumer)
        cumulative = payments.redeemed(consumer, asset_id) + amount
        name, version = payments.eip712Domain()[1:3]
        voucher_signer = VoucherSigner(
            bytes.fromhex((signer or consumer).private_key.removeprefix("0x")),
            Domain(name, version, chain.chain_id, payments.address),
        )
        signed = voucher_signer.sign(Voucher(consumer.address, asset_id, cumulative, chain.pending_timestamp + 600))
        payments.redeem(signed.to_tuple(), signed.signature, sender=owner)
        return payments.spentBy(consumer, asset_id)

    return _pay


@pytest.fixture
def session_key(chain, payments, consumer, stranger):
    """`stranger` (an account that can send transactions) as an active session key of `consumer`."""
    payments.authorizeSessionKey(stranger.address, 10 * TOKEN, chain.pending_timestamp + 3_600, [], sender=consumer)
    return stranger
