from __future__ import annotations

from eth_account.messages import encode_typed_data

from tests.conftest import TOKEN
from tests.unit.market_token.helpers import (
    PERMIT_TYPES,
    SECP256K1_N,
    domain,
    permit_message,
    recover,
    sign,
)

VALUE = 50 * TOKEN
HOUR = 3_600


def signed_permit(token, signer, owner, spender, value, nonce, deadline):
    """(message, (v, r, s)) for a permit of `owner`'s tokens to `spender`, signed by `signer`."""
    message = permit_message(owner, spender, value, nonce, deadline)
    return message, sign(token, signer, PERMIT_TYPES, message)


def test_permit_sets_allowance_and_nonce_and_emits_event(token, owner, consumer, stranger, chain):
    deadline = chain.pending_timestamp + HOUR
    _, (v, r, s) = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)

    receipt = token.permit(owner, consumer, VALUE, deadline, v, r, s, sender=stranger)

    assert receipt.events.filter(token.Approval) == [token.Approval(owner=owner, spender=consumer, value=VALUE)]
    assert token.allowance(owner, consumer) == VALUE
    assert token.nonces(owner) == 1


def test_permit_allowance_is_spendable(token, owner, consumer, chain):
    deadline = chain.pending_timestamp + HOUR
    _, (v, r, s) = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)
    token.permit(owner, consumer, VALUE, deadline, v, r, s, sender=consumer)
    before = token.balanceOf(consumer)

    token.transferFrom(owner, consumer, VALUE, sender=consumer)

    assert token.balanceOf(consumer) == before + VALUE
    assert token.allowance(owner, consumer) == 0


def test_permit_accepts_deadline_equal_to_block_timestamp(token, owner, consumer, chain):
    deadline = chain.pending_timestamp + 100
    _, (v, r, s) = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)
    chain.pending_timestamp = deadline

    receipt = token.permit(owner, consumer, VALUE, deadline, v, r, s, sender=consumer)

    assert chain.blocks[receipt.block_number].timestamp == deadline
    assert token.allowance(owner, consumer) == VALUE


def test_permit_reverts_when_expired(token, owner, consumer, chain, reverts_exactly):
    deadline = chain.blocks.head.timestamp - 1
    _, (v, r, s) = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)

    with reverts_exactly(token.ERC2612ExpiredSignature, deadline=deadline):
        token.permit(owner, consumer, VALUE, deadline, v, r, s, sender=consumer)


def test_permit_reverts_when_signed_by_someone_else(token, owner, consumer, stranger, chain, reverts_exactly):
    deadline = chain.pending_timestamp + HOUR
    _, (v, r, s) = signed_permit(token, stranger, owner, consumer, VALUE, 0, deadline)

    with reverts_exactly(token.ERC2612InvalidSigner, signer=stranger, owner=owner):
        token.permit(owner, consumer, VALUE, deadline, v, r, s, sender=consumer)


def test_permit_reverts_when_value_tampered(token, owner, consumer, chain, reverts_exactly):
    deadline = chain.pending_timestamp + HOUR
    _, vrs = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)
    # The contract hashes the value it is given, so the signature recovers to an unrelated address.
    recovered = recover(token, PERMIT_TYPES, permit_message(owner, consumer, 10 * VALUE, 0, deadline), vrs)
    assert recovered != owner.address

    with reverts_exactly(token.ERC2612InvalidSigner, signer=recovered, owner=owner):
        token.permit(owner, consumer, 10 * VALUE, deadline, *vrs, sender=consumer)


def test_permit_reverts_when_replayed(token, owner, consumer, chain, reverts_exactly):
    deadline = chain.pending_timestamp + HOUR
    _, vrs = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)
    token.permit(owner, consumer, VALUE, deadline, *vrs, sender=consumer)
    recovered = recover(token, PERMIT_TYPES, permit_message(owner, consumer, VALUE, 1, deadline), vrs)

    with reverts_exactly(token.ERC2612InvalidSigner, signer=recovered, owner=owner):
        token.permit(owner, consumer, VALUE, deadline, *vrs, sender=consumer)
    assert token.nonces(owner) == 1


def test_permit_reverts_when_signature_malleated(token, owner, consumer, chain, reverts_exactly):
    deadline = chain.pending_timestamp + HOUR
    _, (v, r, s) = signed_permit(token, owner, owner, consumer, VALUE, 0, deadline)
    high_s = (SECP256K1_N - int.from_bytes(s, "big")).to_bytes(32, "big")

    with reverts_exactly(token.ECDSAInvalidSignatureS, s=high_s):
        token.permit(owner, consumer, VALUE, deadline, 27 if v == 28 else 28, r, high_s, sender=consumer)


def test_permit_domain_is_model_market_version_1(token, chain):
    fields, name, version, chain_id, verifying_contract, salt, extensions = token.eip712Domain()
    # For EIP-712 eth_account's signable message is (0x01, domain separator, struct hash).
    signable = encode_typed_data(domain(token), PERMIT_TYPES, permit_message(token, token, 0, 0, 0))

    assert (name, version, chain_id, verifying_contract) == ("Model Market", "1", chain.chain_id, token.address)
    assert (fields, salt, extensions) == (b"\x0f", b"\0" * 32, [])
    assert token.DOMAIN_SEPARATOR() == signable.header
