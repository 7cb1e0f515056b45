from __future__ import annotations

from tests.conftest import TOKEN
from tests.unit.market_token.helpers import delegate


def test_get_past_votes_reads_checkpoints(token, owner, consumer, chain):
    first = delegate(token, owner, sender=owner)
    balance = token.balanceOf(owner)
    second = token.transfer(consumer, 9 * TOKEN, sender=owner)
    chain.mine()

    assert token.getPastVotes(owner, first.timestamp - 1) == 0
    assert token.getPastVotes(owner, first.timestamp) == balance
    assert token.getPastVotes(owner, second.timestamp) == balance - 9 * TOKEN
    assert token.numCheckpoints(owner) == 2
    assert token.checkpoints(owner, 0) == (first.timestamp, balance)


def test_get_past_total_supply_checkpoints_the_one_mint(token, chain):
    deployed_at = chain.get_receipt(token.txn_hash).timestamp
    chain.mine()

    assert token.getPastTotalSupply(deployed_at - 1) == 0
    assert token.getPastTotalSupply(deployed_at) == token.totalSupply()
    assert token.getPastTotalSupply(chain.blocks.head.timestamp - 1) == token.totalSupply()


def test_clock_is_block_timestamp(token, owner):
    """Timestamp clock (ERC-6372): L2 block numbers do not measure time; governance periods are seconds."""
    receipt = delegate(token, owner, sender=owner)

    assert token.CLOCK_MODE() == "mode=timestamp"
    assert token.clock(block_id=receipt.block_number) == receipt.timestamp


def test_get_past_votes_reverts_for_current_timepoint(token, owner, reverts_exactly):
    now = token.clock()
    with reverts_exactly(token.ERC5805FutureLookup, timepoint=now, clock=now):
        token.getPastVotes(owner, now)
