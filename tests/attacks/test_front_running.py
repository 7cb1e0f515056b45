"""Attacks by the provider against consumers and fishermen through ordering (front-running).

* `payPerCall` charges `calls × pricePerCall` at execution time: the owner can raise the price in
  front of a consumer's call and take its whole escrow.
* Equivocation receipts are checked against the asset's *current* signer: after equivocating,
  the provider rotates its operator key (or, without an operator, transfers the NFT) and the
  evidence no longer proves anything.
"""

from __future__ import annotations

import pytest
from ape.exceptions import ContractLogicError
from eth_account import Account

from tests.attacks.conftest import DEPOSIT
from tests.attacks.helpers import TOKEN, sign_receipt

CALLS = 10


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="BUG: UsagePayments.payPerCall has no max price / max amount parameter; the owner front-runs "
    "with ModelRegistry.setPrice and the call drains the consumer's escrow",
)
def test_pay_per_call_price_front_run_fails(payments, registry, token, asset, funded, consumer, owner):
    price = registry.getAsset(asset).pricePerCall
    expected = CALLS * price  # what the consumer saw when it built its transaction

    registry.setPrice(asset, DEPOSIT // CALLS, sender=owner)  # mined first
    payments.payPerCall(asset, CALLS, sender=consumer)

    paid = DEPOSIT - payments.escrowOf(consumer).balance
    assert paid <= expected, f"consumer expected to pay {expected / TOKEN} tokens, paid {paid / TOKEN}"


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="BUG: Disputes._checkReceiptSigner compares with registry.signerOf(assetId) NOW; rotating the "
    "operator (ModelRegistry.setOperator) after equivocating makes the proof fail with WrongReceiptSigner",
)
def test_equivocation_evasion_by_operator_rotation_fails(registry, staking, disputes, asset, owner, stranger):
    operator = Account.create()
    registry.setOperator(asset, operator.address, sender=owner)
    a, sig_a = sign_receipt(operator, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(operator, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    stake = staking.totalStake(asset)

    registry.setOperator(asset, Account.create().address, sender=owner)  # the provider front-runs the proof

    evaded = None
    try:
        disputes.proveEquivocation(a, sig_a, b, sig_b, sender=stranger)
    except ContractLogicError as error:
        evaded = error
    assert evaded is None, f"valid equivocation evidence rejected after key rotation: {evaded!r}"
    assert staking.totalStake(asset) < stake
