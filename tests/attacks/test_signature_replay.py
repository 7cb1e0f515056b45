"""Attacks 2 and 3: signature replay across chains and contracts, and high-s malleability.

Defence: EIP-712 domains bind every voucher and receipt to (name, version, chainId,
verifyingContract); a signature made for another domain recovers to an unrelated address, which
is neither the consumer nor one of its session keys (`InvalidSigner`) nor the asset's signer
(`WrongReceiptSigner`). OpenZeppelin ECDSA rejects s > n/2 (`InvalidSignature`,
`MalformedReceiptSignature(3, s)`), so the malleable twin of a signature is refused.
"""

from __future__ import annotations

from tests.unit.staking_pool.helpers import prove

from tests.attacks.conftest import DEPOSIT, selector
from tests.attacks.helpers import VOUCHER_TYPES, TOKEN, high_s, recover, sign_receipt, sign_voucher

AMOUNT = 100 * TOKEN
REQUEST = b"\x0a" * 32
RESPONSE_A = b"\x0b" * 32
RESPONSE_B = b"\x0c" * 32
INVALID_SIGNATURE_S = 3  # ECDSA.RecoverError.InvalidSignatureS


def test_voucher_replay_across_chains_fails(payments, asset, funded, consumer, stranger, chain, reverts_exactly):
    voucher, signature = sign_voucher(consumer, payments, consumer, asset, AMOUNT, chain_id=chain.chain_id + 1)
    recovered = recover(payments.voucherDigest(voucher), signature)
    assert recovered != consumer.address

    with reverts_exactly(payments.InvalidSigner, consumer=consumer, signer=recovered):
        payments.redeem(voucher, signature, sender=stranger)

    assert payments.coverageOf(consumer, asset) == DEPOSIT
    assert payments.redeemed(consumer, asset) == 0


def test_voucher_replay_across_contracts_fails(payments, token, twin, asset, funded, consumer, stranger,
                                               reverts_exactly):
    assert twin.asset == asset  # same asset id in both registries: only the domain tells them apart
    token.approve(twin.payments, DEPOSIT, sender=consumer)
    twin.payments.depositAndAllocate([asset], [DEPOSIT], sender=consumer)
    voucher, signature = sign_voucher(consumer, twin.payments, consumer, asset, AMOUNT)
    twin.payments.redeem(voucher, signature, sender=stranger)  # the voucher pays where it was meant to

    recovered = recover(payments.voucherDigest(voucher), signature)
    with reverts_exactly(payments.InvalidSigner, consumer=consumer, signer=recovered):
        payments.redeem(voucher, signature, sender=stranger)
    receipt = payments.redeemBatch([voucher], [signature], sender=stranger)

    assert [event.reason for event in receipt.events.filter(payments.VoucherRejected)] == [
        selector(payments.InvalidSigner)
    ]
    assert payments.coverageOf(consumer, asset) == DEPOSIT
    assert payments.redeemed(consumer, asset) == 0
    assert twin.payments.redeemed(consumer, asset) == AMOUNT


def test_receipt_replay_across_disputes_contracts_fails(disputes, twin, asset, owner, stranger, reverts_exactly):
    # The owner (no operator set) is the signer of `asset` in both markets.
    a, sig_a = sign_receipt(owner, twin.disputes, REQUEST, RESPONSE_A, asset)
    b, sig_b = sign_receipt(owner, twin.disputes, REQUEST, RESPONSE_B, asset)
    recovered = recover(disputes.receiptDigest(a), sig_a)

    with reverts_exactly(disputes.WrongReceiptSigner, assetId=asset, recovered=recovered, expected=owner):
        prove(disputes, a, sig_a, b, sig_b, sender=stranger)

    assert not disputes.equivocationProven(asset, 1, REQUEST)


def test_receipt_replay_across_chains_fails(disputes, asset, owner, stranger, chain, reverts_exactly):
    a, sig_a = sign_receipt(owner, disputes, REQUEST, RESPONSE_A, asset, chain_id=chain.chain_id + 1)
    b, sig_b = sign_receipt(owner, disputes, REQUEST, RESPONSE_B, asset, chain_id=chain.chain_id + 1)
    recovered = recover(disputes.receiptDigest(a), sig_a)

    with reverts_exactly(disputes.WrongReceiptSigner, assetId=asset, recovered=recovered, expected=owner):
        prove(disputes, a, sig_a, b, sig_b, sender=stranger)


def test_receipt_replay_of_proven_equivocation_fails(disputes, staking, asset, owner, stranger, reverts_exactly):
    a, sig_a = sign_receipt(owner, disputes, REQUEST, RESPONSE_A, asset)
    b, sig_b = sign_receipt(owner, disputes, REQUEST, RESPONSE_B, asset)
    prove(disputes, a, sig_a, b, sig_b, sender=stranger)
    stake = staking.totalStake(asset)

    with reverts_exactly(disputes.EquivocationAlreadyProven, assetId=asset, version=1, requestHash=REQUEST):
        prove(disputes, b, sig_b, a, sig_a, sender=stranger)  # swapped order: same proof
    assert staking.totalStake(asset) == stake


def test_high_s_voucher_fails(payments, asset, funded, consumer, stranger, reverts_exactly):
    voucher, signature = sign_voucher(consumer, payments, consumer, asset, AMOUNT)
    twin_signature = high_s(signature)
    # Raw ecrecover accepts the twin: it is a real, malleable signature of the consumer.
    assert recover(payments.voucherDigest(voucher), twin_signature) == consumer.address

    with reverts_exactly(payments.InvalidSignature, consumer=consumer, assetId=asset):
        payments.redeem(voucher, twin_signature, sender=stranger)
    receipt = payments.redeemBatch([voucher], [twin_signature], sender=stranger)
    assert [event.reason for event in receipt.events.filter(payments.VoucherRejected)] == [
        selector(payments.InvalidSignature)
    ]
    assert payments.redeemed(consumer, asset) == 0

    payments.redeem(voucher, signature, sender=stranger)  # the canonical signature pays, once
    assert payments.redeemed(consumer, asset) == AMOUNT


def test_high_s_receipt_fails(disputes, asset, owner, stranger, reverts_exactly):
    a, sig_a = sign_receipt(owner, disputes, REQUEST, RESPONSE_A, asset)
    b, sig_b = sign_receipt(owner, disputes, REQUEST, RESPONSE_B, asset)
    twin_b = high_s(sig_b)
    assert recover(disputes.receiptDigest(b), twin_b) == owner.address

    with reverts_exactly(disputes.MalformedReceiptSignature, recoverError=INVALID_SIGNATURE_S,
                         errorArg=twin_b[32:64]):
        prove(disputes, a, sig_a, b, twin_b, sender=stranger)
    assert not disputes.equivocationProven(asset, 1, REQUEST)


def test_high_s_session_key_voucher_fails(payments, asset, funded, consumer, stranger, chain, reverts_exactly):
    from eth_account import Account

    key = Account.create()
    payments.authorizeSessionKey(key.address, AMOUNT, chain.pending_timestamp + 3_600, [], sender=consumer)
    voucher, signature = sign_voucher(key, payments, consumer, asset, AMOUNT)

    with reverts_exactly(payments.InvalidSignature, consumer=consumer, assetId=asset):
        payments.redeem(voucher, high_s(signature), sender=stranger)
    assert payments.sessionKeyOf(consumer, key.address).spent == 0


def test_voucher_signed_for_another_domain_name_fails(payments, asset, funded, consumer, stranger, chain,
                                                     reverts_exactly):
    """Same chain, same address, another EIP-712 name (e.g. a look-alike app): no payment."""
    from eth_account import Account

    voucher = (consumer.address, asset, AMOUNT, chain.pending_timestamp + 3_600)
    message = {
        "types": VOUCHER_TYPES,
        "primaryType": "Voucher",
        "domain": {"name": "UsagePayments2", "version": "2", "chainId": chain.chain_id,
                   "verifyingContract": payments.address},
        "message": dict(zip(("consumer", "assetId", "cumulativeAmount", "deadline"), voucher)),
    }
    signature = bytes(Account.sign_typed_data(consumer.private_key, full_message=message).signature)
    recovered = recover(payments.voucherDigest(voucher), signature)

    with reverts_exactly(payments.InvalidSigner, consumer=consumer, signer=recovered):
        payments.redeem(voucher, signature, sender=stranger)
    assert payments.coverageOf(consumer, asset) == DEPOSIT
