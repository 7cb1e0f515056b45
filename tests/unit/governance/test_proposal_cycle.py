from __future__ import annotations

from modelmarket.governance import ProposalState, Support, call, find_proposal, status, vote
from tests.unit.usage_payments.conftest import parameter_key
from tests.unit.governance.helpers import VOTER_TOKENS, pass_proposal, to_queue, to_vote

NEW_FEE_BPS = 250


def test_execute_queues_parameter_change_in_contract(world, owner, chain):
    action = call(world.payments, "setProtocolFeeBps", NEW_FEE_BPS)

    pass_proposal(world, [action], "protocol fee to 2.5 %", owner)

    pending = world.payments.pendingChange(parameter_key("protocolFeeBps"))
    assert pending.value == NEW_FEE_BPS
    assert pending.queuedAt == chain.blocks.head.timestamp


def test_execute_sets_guardian_directly_owned_parameter(world, owner, stranger):
    action = call(world.registry, "setGuardian", stranger.address, 2 * 3600)

    proposal = pass_proposal(world, [action], "new guardian", owner)

    assert world.registry.guardian() == stranger.address
    assert world.registry.ratificationWindow() == 2 * 3600
    assert status(world.governor, proposal.proposal_id).state is ProposalState.EXECUTED


def test_vote_counts_delegated_votes_at_snapshot(world, owner):
    proposal = to_vote(world, [call(world.registry, "setGuardian", owner.address, 3600)], "count", owner)

    vote(world.governor, proposal.proposal_id, Support.FOR, owner)

    current = status(world.governor, proposal.proposal_id)
    assert current.state is ProposalState.ACTIVE
    assert current.votes_for == VOTER_TOKENS
    assert current.quorum == world.token.totalSupply() * 4 // 100


def test_queue_sets_eta_after_timelock_delay(world, owner, chain):
    proposal = to_queue(world, [call(world.registry, "setGuardian", owner.address, 3600)], "eta", owner)

    current = status(world.governor, proposal.proposal_id)
    assert current.state is ProposalState.QUEUED
    assert current.eta == chain.blocks.head.timestamp + world.params.timelock_delay


def test_find_proposal_reads_actions_from_event(world, owner):
    action = call(world.registry, "setGuardian", owner.address, 3600)
    proposal = to_vote(world, [action], "find me", owner)

    found = find_proposal(world.governor, proposal.proposal_id)

    assert found == proposal
    assert found.actions == (action,)
