"""Gas of the hot paths (printed with `-s`, read from `receipt.gas_used`); the benchmark
(`benchmarks/functions.py`, `make bench`) measures the same paths on its own deployment.

Steady state: the (consumer, asset) lane and the asset's pending revenue were written before, as for
a provider that redeems and settles periodically; amounts are not round numbers (zero calldata bytes
are cheaper). A redeem only records (lane, key spend, pending revenue); the fee split and the token
movement run once per asset in `settle`, measured here too so the whole cost is visible.
benchmarks/GAS_NOTES.md has what each technique gained.
"""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_utils import keccak

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import impersonate, sign_voucher

# Issue 11's target. The voucher path reads the asset's status through `listedStatus` (one registry
# slot, no owner read), which pays for the takedown check issue 16 added.
SINGLE_BUDGET = 50_000
PER_VOUCHER_TARGET = 18_000
INFERENCES_PER_VOUCHER = 1_000
PER_INFERENCE_TARGET = 100
#: Not a round number: every byte of it is non-zero in calldata.
ODD = 123_456_789_012_345


def _consumers(count: int) -> list:
    return [Account.from_key(keccak(b"gas consumer %d" % i)) for i in range(count)]


@pytest.fixture
def batch_setup(chain, payments, token, owner, stranger, asset):
    """Factory: `count` consumers with a funded lane and one redeemed voucher each; returns the next
    vouchers (signed, not redeemed)."""

    def _setup(count: int):
        consumers = _consumers(count)
        token.approve(payments.address, count * 100 * TOKEN, sender=stranger)
        for c in consumers:
            payments.depositFor(c.address, 100 * TOKEN, sender=stranger)
            payments.allocate(asset, 100 * TOKEN, sender=impersonate(c.address))
        deadline = chain.pending_timestamp + 3_600
        first = [sign_voucher(c, payments, c.address, asset, TOKEN + ODD, deadline) for c in consumers]
        payments.redeemBatch([v for v, _ in first], [s for _, s in first], sender=owner)
        second = [sign_voucher(c, payments, c.address, asset, 2 * TOKEN + ODD, deadline) for c in consumers]
        return [v for v, _ in second], [s for _, s in second]

    return _setup


def test_redeem_gas_within_budget(payments, owner, sign, asset, funded, capsys):
    payments.redeem(*sign(TOKEN + ODD), sender=owner)

    receipt = payments.redeem(*sign(2 * TOKEN + ODD), sender=owner)

    with capsys.disabled():
        print(f"\n[gas] redeem single (steady state, non-round amount): {receipt.gas_used}")
    assert receipt.gas_used <= SINGLE_BUDGET


def test_redeem_batch_gas_per_voucher_within_target(payments, owner, asset, batch_setup, capsys):
    vouchers, signatures = batch_setup(50)

    receipt = payments.redeemBatch(vouchers, signatures, sender=owner)
    settled = payments.settle(asset, sender=owner)

    assert len(receipt.events.filter(payments.VoucherRedeemed)) == 50
    per_voucher, settle_per_voucher = receipt.gas_used / 50, settled.gas_used / 50
    with capsys.disabled():
        print(f"\n[gas] redeemBatch 50: per voucher {per_voucher:.0f}; settle per voucher {settle_per_voucher:.0f}")
    assert per_voucher <= PER_VOUCHER_TARGET


def test_gas_per_inference_with_settlement_within_target(payments, owner, asset, batch_setup, sign, funded):
    vouchers, signatures = batch_setup(50)
    payments.redeem(*sign(TOKEN + ODD), sender=owner)
    single = payments.redeem(*sign(2 * TOKEN + ODD), sender=owner)
    payments.redeemBatch(vouchers, signatures, sender=owner)

    settled = payments.settle(asset, sender=owner)

    # one voucher of 1,000 inferences redeemed alone, plus its share of settling the 51 vouchers
    assert (single.gas_used + settled.gas_used / 51) / INFERENCES_PER_VOUCHER <= PER_INFERENCE_TARGET


def test_redeem_gas_smart_account_consumer(compiled, payments, token, owner, stranger, consumer, asset, capsys):
    account = compiled.MockSmartAccount.deploy(consumer.address, sender=consumer)
    token.approve(payments.address, 10 * TOKEN, sender=stranger)
    payments.depositFor(account.address, 10 * TOKEN, sender=stranger)
    account.execute(payments.address, payments.allocate.encode_input(asset, 10 * TOKEN), sender=consumer)
    deadline = owner.provider.chain_manager.pending_timestamp + 3_600
    payments.redeem(*sign_voucher(consumer, payments, account.address, asset, TOKEN + ODD, deadline), sender=owner)

    receipt = payments.redeem(*sign_voucher(consumer, payments, account.address, asset, 2 * TOKEN + ODD, deadline), sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].signer == account.address
    with capsys.disabled():
        print(f"\n[gas] redeem single, ERC-1271 consumer (steady state): {receipt.gas_used}")
