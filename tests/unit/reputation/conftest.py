"""Fixtures for the Reputation unit tests: assets and a way to make a consumer pay for one.

Spend is created through redeemed vouchers signed with the `modelmarket.vouchers` SDK (so these
tests also exercise the SDK against the contract). A payer also approves Reputation for its rating
fees (as a rater must).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from modelmarket.vouchers import Domain, Voucher, VoucherSigner
from tests.conftest import TOKEN

WEIGHT_CAP = 1_000 * TOKEN
RATING_FEE_BPS = 1_000
MAX_UINT = 2**256 - 1


def fee(weight: int) -> int:
    """The rating fee of `weight` newly paid for: 10 %, rounded up."""
    return -(-weight * RATING_FEE_BPS // 10_000)


@pytest.fixture
def asset(list_asset) -> int:
    """An active model listed by `owner`."""
    return list_asset()


@pytest.fixture
def pay(chain, payments, reputation, token, owner) -> Callable[..., int]:
    """Factory: make `consumer` pay `amount` more for `asset_id` (deposit, allocate, redeemed voucher
    signed by `signer`: the consumer itself or one of its session keys); it approves Reputation for
    its fees too. Returns the consumer's spend on the asset."""

    def _pay(consumer, asset_id: int, amount: int, signer=None) -> int:
        token.approve(reputation.address, MAX_UINT, sender=consumer)
        token.approve(payments.address, amount, sender=consumer)
        payments.depositAndAllocate([asset_id], [amount], sender=consumer)
        cumulative = payments.redeemed(consumer, asset_id) + amount
        voucher_signer = VoucherSigner(
            bytes.fromhex((signer or consumer).private_key.removeprefix("0x")),
            Domain.usage_payments(chain.chain_id, payments.address),
        )
        signed = voucher_signer.sign(Voucher(consumer.address, asset_id, cumulative, chain.pending_timestamp + 600))
        payments.redeem(signed.to_tuple(), signed.signature, sender=owner)
        return payments.spentBy(consumer, asset_id)

    return _pay


@pytest.fixture
def session_key(chain, payments, reputation, token, consumer, stranger):
    """`stranger` (an account with tokens) as an active session key of `consumer`; it approved
    Reputation for the fees of the ratings it submits."""
    payments.authorizeSessionKey(stranger.address, 10 * TOKEN, chain.pending_timestamp + 3_600, [], sender=consumer)
    token.approve(reputation.address, MAX_UINT, sender=stranger)
    return stranger
