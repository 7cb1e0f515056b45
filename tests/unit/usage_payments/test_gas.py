"""Gas of the hot paths (printed with `-s`, read from `receipt.gas_used`).

Steady state: each (consumer, asset) pair has been redeemed before, as for a provider that
settles periodically. First-time pairs pay the 0 → non-zero `redeemed` write (+17.1k) on top.

Targets (met): single redeem ≤ 70k including the fee split and the delegator accrual — possible
because StakingPool is credited (`creditFees`, no token transfer) and funded later in one sweep,
and the lineage is cached here instead of read from the registry; batch ≤ 25k per voucher at 50
vouchers; ≤ 100 gas per inference at 1,000 inferences per voucher. benchmarks/GAS_NOTES.md has the
table of what each technique saved.
"""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_utils import keccak

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import sign_voucher

SINGLE_BUDGET = 70_000
PER_VOUCHER_TARGET = 25_000
INFERENCES_PER_VOUCHER = 1_000
PER_INFERENCE_TARGET = 100
#: Per lineage parent a payment writes its royalty balance (5k) and emits RoyaltyAccrued (~2k).
LINEAGE_EXTRA_BUDGET = 2 * 7_600


def _consumers(count: int) -> list:
    return [Account.from_key(keccak(b"gas consumer %d" % i)) for i in range(count)]


@pytest.fixture
def batch_setup(chain, payments, token, owner, stranger, asset):
    """Factory: `count` consumers with escrow and one redeemed voucher each; returns next vouchers."""

    def _setup(count: int):
        consumers = _consumers(count)
        token.approve(payments.address, count * 100 * TOKEN, sender=stranger)
        for c in consumers:
            payments.depositFor(c.address, 100 * TOKEN, sender=stranger)
        deadline = chain.pending_timestamp + 3_600
        first = [sign_voucher(c, payments, c.address, asset, TOKEN, deadline) for c in consumers]
        first_receipt = payments.redeemBatch([v for v, _ in first], [s for _, s in first], sender=owner)
        print(f"\n[gas] redeemBatch {count} (first voucher of each pair): per voucher {first_receipt.gas_used / count:.0f}")
        second = [sign_voucher(c, payments, c.address, asset, 2 * TOKEN, deadline) for c in consumers]
        return [v for v, _ in second], [s for _, s in second]

    return _setup


def test_redeem_gas_within_budget(payments, owner, sign, funded, capsys):
    payments.redeem(*sign(TOKEN), sender=owner)

    receipt = payments.redeem(*sign(2 * TOKEN), sender=owner)

    with capsys.disabled():
        print(f"\n[gas] redeem single (steady state): {receipt.gas_used}")
    assert receipt.gas_used <= SINGLE_BUDGET
    assert receipt.gas_used / INFERENCES_PER_VOUCHER <= PER_INFERENCE_TARGET


def test_redeem_gas_with_two_lineage_parents(payments, owner, other_owner, stranger, sign, list_asset, funded, capsys):
    parent1 = list_asset(sender=other_owner)
    parent2 = list_asset(sender=stranger)
    child = list_asset(parents=[(parent1, 500), (parent2, 300)])
    payments.redeem(*sign(TOKEN, asset_id=child), sender=owner)  # first payment of the asset caches its lineage

    receipt = payments.redeem(*sign(2 * TOKEN, asset_id=child), sender=owner)

    with capsys.disabled():
        print(f"\n[gas] redeem single, 2 lineage parents (steady state): {receipt.gas_used}")
    assert receipt.gas_used <= SINGLE_BUDGET + LINEAGE_EXTRA_BUDGET


def test_claim_rewards_gas_with_sweep(payments, staking, owner, sign, funded, capsys):
    payments.redeem(*sign(TOKEN), sender=owner)
    payments.redeem(*sign(2 * TOKEN), sender=owner)

    receipt = staking.claimRewards(sign.asset_id, sender=owner)

    with capsys.disabled():
        print(f"\n[gas] claimRewards incl. sweep of deferred credits: {receipt.gas_used}")
    assert receipt.events.filter(payments.StakingFeesSwept)
    assert staking.unfundedFees() == 0


def test_redeem_gas_first_voucher_of_a_pair(payments, owner, consumer2, sign, fund, funded, capsys):
    fund(consumer2)
    payments.redeem(*sign(TOKEN, consumer=consumer2), sender=owner)  # the asset has been paid before

    receipt = payments.redeem(*sign(TOKEN), sender=owner)

    with capsys.disabled():
        print(f"\n[gas] redeem single (first voucher of the pair): {receipt.gas_used}")
    assert receipt.gas_used <= SINGLE_BUDGET + 17_100


@pytest.mark.parametrize("count", [10, 50])
def test_redeem_batch_gas_per_voucher_within_target(payments, owner, batch_setup, count, capsys):
    vouchers, signatures = batch_setup(count)

    receipt = payments.redeemBatch(vouchers, signatures, sender=owner)

    assert len(receipt.events.filter(payments.VoucherRedeemed)) == count
    per_voucher = receipt.gas_used / count
    with capsys.disabled():
        print(f"\n[gas] redeemBatch {count}: total {receipt.gas_used}, per voucher {per_voucher:.0f}")
    if count == 50:
        assert per_voucher <= PER_VOUCHER_TARGET


def test_sweep_staking_fees_gas(payments, staking, owner, stranger, sign, funded, capsys):
    payments.redeem(*sign(TOKEN), sender=owner)

    receipt = payments.sweepStakingFees(sender=stranger)

    with capsys.disabled():
        print(f"\n[gas] sweepStakingFees (direct): {receipt.gas_used}")
    assert staking.unfundedFees() == payments.stakingFeesOwed() == 0
