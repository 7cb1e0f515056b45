from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TOKEN
from tests.unit.market_token.helpers import ZERO_ADDRESS, delegate


def test_delegate_to_self_activates_votes_and_emits_events(token, owner):
    balance = token.balanceOf(owner)

    receipt = delegate(token, owner, sender=owner)

    assert receipt.events.filter(token.DelegateChanged) == [
        token.DelegateChanged(delegator=owner, fromDelegate=ZERO_ADDRESS, toDelegate=owner)
    ]
    assert receipt.events.filter(token.DelegateVotesChanged) == [
        token.DelegateVotesChanged(delegate=owner, previousVotes=0, newVotes=balance)
    ]
    assert token.delegates(owner) == owner.address
    assert token.getVotes(owner) == balance


def test_delegate_to_other_account_gives_it_the_votes(token, owner, delegator):
    delegate(token, owner, sender=owner)

    receipt = delegate(token, delegator, sender=owner)

    balance = token.balanceOf(owner)
    assert receipt.events.filter(token.DelegateChanged) == [
        token.DelegateChanged(delegator=owner, fromDelegate=owner, toDelegate=delegator)
    ]
    assert receipt.events.filter(token.DelegateVotesChanged) == [
        token.DelegateVotesChanged(delegate=owner, previousVotes=balance, newVotes=0),
        token.DelegateVotesChanged(delegate=delegator, previousVotes=0, newVotes=balance),
    ]
    assert (token.getVotes(owner), token.getVotes(delegator)) == (0, balance)
    assert token.balanceOf(delegator) == 1_000_000 * TOKEN  # votes move, tokens do not


def test_delegate_votes_follow_transfers(token, owner, consumer):
    delegate(token, owner, sender=owner)
    delegate(token, consumer, sender=consumer)
    owner_votes, consumer_votes = token.getVotes(owner), token.getVotes(consumer)

    receipt = token.transfer(consumer, 7 * TOKEN, sender=owner)

    moved = 7 * TOKEN
    assert receipt.events.filter(token.DelegateVotesChanged) == [
        token.DelegateVotesChanged(delegate=owner, previousVotes=owner_votes, newVotes=owner_votes - moved),
        token.DelegateVotesChanged(delegate=consumer, previousVotes=consumer_votes, newVotes=consumer_votes + moved),
    ]
    assert token.getVotes(owner) == token.balanceOf(owner)
    assert token.getVotes(consumer) == token.balanceOf(consumer)


def test_delegate_votes_leave_with_tokens_sent_to_undelegated_account(token, owner, stranger):
    delegate(token, owner, sender=owner)
    votes = token.getVotes(owner)

    token.transfer(stranger, 7 * TOKEN, sender=owner)

    assert token.getVotes(owner) == votes - 7 * TOKEN
    assert token.getVotes(stranger) == 0
    delegate(token, stranger, sender=stranger)
    assert token.getVotes(stranger) == token.balanceOf(stranger)


@pytest.fixture
def holders(token, owner, consumer, stranger) -> list:
    """Three holders; the first two delegated to themselves, the third never delegates."""
    for holder in (owner, consumer):
        delegate(token, holder, sender=holder)
    return [owner, consumer, stranger]


@settings(max_examples=20, deadline=None)
@given(
    transfers=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 1_000_000 * TOKEN)),
        min_size=1,
        max_size=3,
    )
)
def test_delegate_votes_equal_balances_after_any_transfers(token, holders, chain, transfers):
    with chain.isolate():
        for source, target, amount in transfers:
            amount = min(amount, token.balanceOf(holders[source]))
            token.transfer(holders[target], amount, sender=holders[source])

        assert [token.getVotes(holder) for holder in holders] == [
            token.balanceOf(holders[0]),
            token.balanceOf(holders[1]),
            0,
        ]
