"""Attacks by the provider against consumers and fishermen through ordering (front-running).

* `payPerCall` charges `calls × pricePerCall` at execution time: the owner could raise the price in
  front of a consumer's call; the caller's `maxPricePerCall` makes that call revert instead.
* After equivocating, the provider rotates its operator key before the proof lands, hoping the
  evidence no longer matches the asset's signer. Defended: receipts by a key rotated out less than
  `Disputes.EVIDENCE_WINDOW` ago, issued before the rotation, still prove equivocation.
* Selling the asset instead voids the seller's receipts (a seller's key must never slash the buyer:
  issue 12 finding 5). The seller does not escape its stake: its self-stake stays in the asset's
  self pool, first in line for a disputed slash, and a dispute freezes its withdrawal.
"""

from __future__ import annotations

from tests.unit.staking_pool.helpers import prove

import pytest
from ape.exceptions import ContractLogicError
from eth_account import Account

from tests.attacks.conftest import DEPOSIT
from tests.attacks.helpers import TOKEN, sign_receipt

CALLS = 10


def test_pay_per_call_price_front_run_fails(payments, registry, token, asset, funded, consumer, owner, reverts_exactly):
    price = registry.getAsset(asset).pricePerCall  # what the consumer saw when it built its transaction
    raised = DEPOSIT // CALLS

    registry.setPrice(asset, raised, sender=owner)  # mined first
    with reverts_exactly(payments.PriceAboveLimit, assetId=asset, pricePerCall=raised, maxPricePerCall=price):
        payments.payPerCall(asset, CALLS, price, sender=consumer)

    assert payments.coverageOf(consumer, asset) == DEPOSIT


@pytest.mark.parametrize("rotation", ["setOperator"])
def test_equivocation_evasion_by_operator_rotation_fails(registry, staking, disputes, asset, owner, other_owner, stranger,
                                                         rotation):
    """Defence: the registry records when a key stops signing (`signerRetiredAt`), and Disputes
    accepts receipts by a key retired less than `EVIDENCE_WINDOW` ago."""
    operator = Account.create()
    registry.setOperator(asset, operator.address, sender=owner)
    a, sig_a = sign_receipt(operator, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(operator, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    stake = staking.totalStake(asset)

    # The provider front-runs the proof: it rotates its key, or sells the asset (which clears the operator).
    if rotation == "setOperator":
        registry.setOperator(asset, Account.create().address, sender=owner)
    else:
        registry.transferFrom(owner, other_owner, asset, sender=owner)
    assert registry.signerOf(asset) != operator.address

    evaded = None
    try:
        prove(disputes, a, sig_a, b, sig_b, sender=stranger)
    except ContractLogicError as error:
        evaded = error
    assert evaded is None, f"valid equivocation evidence rejected after key rotation: {evaded!r}"
    assert staking.totalStake(asset) < stake


def test_equivocation_evasion_by_sale_leaves_the_seller_stake_first_in_line(
    registry, staking, disputes, token, asset, owner, other_owner, stranger, arbiter, reverts_exactly
):
    """The sale voids the seller's receipts, but the seller's self-stake still pays a ruling first."""
    a, sig_a = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    registry.transferFrom(owner, other_owner, asset, sender=owner)
    with reverts_exactly(disputes.ReceiptOutsideSignerTerm, assetId=asset, signer=owner, issuedAt=1):
        prove(disputes, a, sig_a, b, sig_b, sender=stranger)
    token.approve(disputes, 2**256 - 1, sender=stranger)
    disputes.openDispute(asset, disputes.minBond(), b"\x01" * 32, "ipfs://e", "0x" + "00" * 20, 0, sender=stranger)
    seller_stake = staking.selfStakeOf(asset, owner)
    event = disputes.upholdDispute(1, staking.slashCap(asset), 0, sender=arbiter).events.filter(staking.Slashed)[0]
    assert event.fromSelf == event.slashed > 0
    assert staking.selfStakeOf(asset, owner) == seller_stake - event.slashed
