from __future__ import annotations

from tests.unit.market_token.helpers import (
    DELEGATION_TYPES,
    PERMIT_TYPES,
    ZERO_ADDRESS,
    delegation_message,
    permit_message,
    recover,
    sign,
)

HOUR = 3_600


def test_delegate_by_sig_delegates_for_signer(token, owner, delegator, stranger, chain):
    expiry = chain.pending_timestamp + HOUR
    v, r, s = sign(token, owner, DELEGATION_TYPES, delegation_message(delegator, 0, expiry))

    receipt = token.delegateBySig(delegator, 0, expiry, v, r, s, sender=stranger)

    assert receipt.events.filter(token.DelegateChanged) == [
        token.DelegateChanged(delegator=owner, fromDelegate=ZERO_ADDRESS, toDelegate=delegator)
    ]
    assert token.getVotes(delegator) == token.balanceOf(owner)
    assert token.nonces(owner) == 1


def test_delegate_by_sig_reverts_when_expired(token, owner, delegator, chain, reverts_exactly):
    expiry = chain.blocks.head.timestamp - 1
    v, r, s = sign(token, owner, DELEGATION_TYPES, delegation_message(delegator, 0, expiry))

    with reverts_exactly(token.VotesExpiredSignature, expiry=expiry):
        token.delegateBySig(delegator, 0, expiry, v, r, s, sender=delegator)


def test_delegate_by_sig_reverts_when_replayed(token, owner, delegator, chain, reverts_exactly):
    expiry = chain.pending_timestamp + HOUR
    vrs = sign(token, owner, DELEGATION_TYPES, delegation_message(delegator, 0, expiry))
    token.delegateBySig(delegator, 0, expiry, *vrs, sender=delegator)

    with reverts_exactly(token.InvalidAccountNonce, account=owner, currentNonce=1):
        token.delegateBySig(delegator, 0, expiry, *vrs, sender=delegator)


def test_delegate_by_sig_consumes_the_nonce_permit_uses(token, owner, delegator, consumer, chain, reverts_exactly):
    # Permit and delegateBySig share one nonce per account: using one invalidates the other.
    deadline = chain.pending_timestamp + HOUR
    permit = permit_message(owner, consumer, 1, 0, deadline)
    permit_vrs = sign(token, owner, PERMIT_TYPES, permit)
    delegation_vrs = sign(token, owner, DELEGATION_TYPES, delegation_message(delegator, 0, deadline))
    token.delegateBySig(delegator, 0, deadline, *delegation_vrs, sender=delegator)
    recovered = recover(token, PERMIT_TYPES, {**permit, "nonce": 1}, permit_vrs)

    with reverts_exactly(token.ERC2612InvalidSigner, signer=recovered, owner=owner):
        token.permit(owner, consumer, 1, deadline, *permit_vrs, sender=consumer)
