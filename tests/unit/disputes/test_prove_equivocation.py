from __future__ import annotations

import pytest
from eth_account import Account
from eth_utils import keccak

from tests.unit.staking_pool.helpers import (
    prove,
    EQUIVOCATION_SLASH_BPS, RECEIPT_TYPE, REPORTER_REWARD_BPS, TOKEN, make_receipt, receipt_digest, sign_receipt, to_high_s,
)

TOTAL_STAKE = 10_000 * TOKEN


@pytest.fixture
def operator(registry, pool_asset, owner):
    """A fresh key set as the asset's receipt signer."""
    key = Account.create()
    registry.setOperator(pool_asset, key.address, sender=owner)
    return key


@pytest.fixture
def sign(disputes, chain):
    def _sign(key, receipt):
        return sign_receipt(key.key, disputes.address, chain.chain_id, receipt)

    return _sign


def test_receipt_digest_matches_eip712(disputes, chain):
    receipt = make_receipt(3, request=11, response=12, version=2)
    assert disputes.receiptDigest(receipt) == receipt_digest(disputes.address, chain.chain_id, receipt)
    assert disputes.RECEIPT_TYPEHASH() == keccak(text=RECEIPT_TYPE)


def test_prove_equivocation_slashes_and_emits_event(disputes, staking, pool_asset, operator, sign, owner, stranger, treasury, chain):
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    self_before = staking.selfStakeOf(pool_asset, owner)
    receipt = prove(disputes, a, sign(operator, a), b, sign(operator, b), sender=stranger)

    slashed = TOTAL_STAKE * EQUIVOCATION_SLASH_BPS // 10_000
    # First loss: the owner's 1,000 of self-stake pays the whole 500; the reward is 20 % of it.
    owner_loss = self_before - staking.selfStakeOf(pool_asset, owner)
    assert owner_loss == slashed
    reward = slashed * REPORTER_REWARD_BPS // 10_000
    assert receipt.events.filter(disputes.EquivocationProven) == [
        disputes.EquivocationProven(
            assetId=pool_asset, version=1, requestHash=a["requestHash"], finder=stranger,
            slashed=slashed, finderReward=reward, treasuryAmount=slashed - reward,
        )
    ]
    assert staking.totalStake(pool_asset) == TOTAL_STAKE - slashed
    assert disputes.claimable(stranger) == reward
    assert disputes.claimable(treasury) == slashed - reward
    assert disputes.equivocationProven(pool_asset, 1, a["requestHash"])
    assert disputes.lastEquivocationAt(pool_asset) == chain.blocks.head.timestamp


def test_prove_equivocation_owner_signs_without_operator(disputes, pool_asset, owner, sign, stranger):
    key = Account.from_key(owner.private_key)
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    prove(disputes, a, sign(key, a), b, sign(key, b), sender=stranger)
    assert disputes.equivocationProven(pool_asset, 1, a["requestHash"])


def test_prove_equivocation_reverts_on_replay(disputes, pool_asset, operator, sign, stranger, reverts_exactly):
    a, b, c = (make_receipt(pool_asset, response=n) for n in (1, 2, 3))
    prove(disputes, a, sign(operator, a), b, sign(operator, b), sender=stranger)
    with reverts_exactly(disputes.EquivocationAlreadyProven, assetId=pool_asset, version=1, requestHash=a["requestHash"]):
        prove(disputes, a, sign(operator, a), c, sign(operator, c), sender=stranger)


def test_prove_equivocation_reverts_when_wrong_signer(disputes, pool_asset, operator, sign, stranger, reverts_exactly):
    intruder = Account.create()
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    with reverts_exactly(disputes.WrongReceiptSigner, assetId=pool_asset, recovered=intruder.address, expected=operator.address):
        prove(disputes, a, sign(operator, a), b, sign(intruder, b), sender=stranger)


def test_prove_equivocation_reverts_when_signature_high_s(disputes, pool_asset, operator, sign, stranger, reverts_exactly):
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    high = to_high_s(sign(operator, b))
    with reverts_exactly(disputes.MalformedReceiptSignature, recoverError=3, errorArg=high[32:64]):
        prove(disputes, a, sign(operator, a), b, high, sender=stranger)


def test_prove_equivocation_reverts_when_signature_length_wrong(disputes, pool_asset, operator, sign, stranger, reverts_exactly):
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    with reverts_exactly(disputes.MalformedReceiptSignature, recoverError=2, errorArg=(64).to_bytes(32, "big")):
        prove(disputes, a, sign(operator, a), b, sign(operator, b)[:64], sender=stranger)


def test_prove_equivocation_reverts_when_same_response(disputes, pool_asset, operator, sign, stranger, reverts_exactly):
    a = make_receipt(pool_asset, response=1)
    with reverts_exactly(disputes.SameResponse, responseHash=a["responseHash"]):
        prove(disputes, a, sign(operator, a), a, sign(operator, a), sender=stranger)


@pytest.mark.parametrize("field,value", [("requestHash", (9).to_bytes(32, "big")), ("version", 2), ("assetId", 99)])
def test_prove_equivocation_reverts_when_receipts_not_comparable(
    disputes, pool_asset, operator, sign, stranger, field, value, reverts_exactly
):
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    b[field] = value
    with reverts_exactly(disputes.ReceiptsNotComparable):
        prove(disputes, a, sign(operator, a), b, sign(operator, b), sender=stranger)


def test_prove_equivocation_on_empty_pool_slashes_nothing(disputes, list_asset, owner, sign, stranger):
    asset = list_asset()
    key = Account.from_key(owner.private_key)
    a, b = make_receipt(asset, response=1), make_receipt(asset, response=2)
    receipt = prove(disputes, a, sign(key, a), b, sign(key, b), sender=stranger)
    assert receipt.events.filter(disputes.EquivocationProven)[0].slashed == 0
