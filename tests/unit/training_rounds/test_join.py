"""TrainingRounds.join / bondAggregator: who may take part, and the bonds they post."""

from __future__ import annotations

from modelmarket.training import chain as training_chain
from tests.unit.training_rounds.conftest import AGGREGATOR_BOND, MIN_BOND


def test_join_pulls_the_minimum_bond(flow, training, token, coordinator, aggregator, hospitals):
    task_id = flow.open(coordinator, aggregator, hospitals)
    before = token.balanceOf(hospitals[0])

    flow.join(task_id, hospitals[0])

    assert before - token.balanceOf(hospitals[0]) == MIN_BOND
    assert training.getMember(task_id, hospitals[0]).bond == MIN_BOND


def test_join_reverts_when_not_on_allow_list(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.NotAllowed, taskId=task, account=outsider):
        training.join(task, 0, sender=outsider)


def test_join_reverts_when_joined_twice(training, task, hospitals, reverts_exactly):
    with reverts_exactly(training.AlreadyJoined, taskId=task, account=hospitals[0]):
        training.join(task, 0, sender=hospitals[0])


def test_join_open_task_takes_anyone_with_the_bond(flow, training, coordinator, aggregator, outsider):
    task_id = flow.open(coordinator, aggregator, [], allowListOnly=False)

    flow.join(task_id, outsider)

    assert training.getMember(task_id, outsider).joined


def test_bond_aggregator_pulls_the_bond(flow, training, token, coordinator, aggregator, hospitals):
    task_id = flow.open(coordinator, aggregator, hospitals)
    before = token.balanceOf(aggregator)

    flow.bond(task_id, aggregator)

    assert before - token.balanceOf(aggregator) == AGGREGATOR_BOND
    assert training.getTask(task_id).aggregatorBond == AGGREGATOR_BOND


def test_bond_aggregator_reverts_when_not_the_aggregator(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.NotAggregator, taskId=task, caller=outsider):
        training.bondAggregator(task, sender=outsider)


def test_bond_aggregator_reverts_when_already_bonded(training, task, aggregator, reverts_exactly):
    with reverts_exactly(training.AggregatorBondNotOpen, taskId=task):
        training.bondAggregator(task, sender=aggregator)


def test_join_records_the_declared_flags(flow, training, coordinator, aggregator, hospitals):
    task_id = flow.open(coordinator, aggregator, hospitals, requiredFlags=0b101)

    receipt = training_chain.join(training, flow.token, task_id, hospitals[0], flags=0b1101)

    event = receipt.events.filter(training.ParticipantJoined)[0]
    assert (event.participant, event.declaredFlags) == (hospitals[0].address, 0b1101)


def test_join_reverts_when_a_required_flag_is_missing(flow, training, token, coordinator, aggregator, hospitals, reverts_exactly):
    task_id = flow.open(coordinator, aggregator, hospitals, requiredFlags=0b101)
    token.approve(training.address, MIN_BOND, sender=hospitals[0])

    with reverts_exactly(
        training.ComplianceFlagsMissing, taskId=task_id, account=hospitals[0], declaredFlags=0b100, requiredFlags=0b101
    ):
        training.join(task_id, 0b100, sender=hospitals[0])
