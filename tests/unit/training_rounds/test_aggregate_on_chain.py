"""TrainingRounds.aggregateOnChain: the round never waits for a missing aggregator."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from modelmarket.training import fixedpoint
from tests.unit.training_rounds.conftest import AGGREGATOR_BOND


def test_aggregate_on_chain_slashes_an_aggregator_that_missed_the_deadline(flow, training, revealed, challenger):
    flow.goto(revealed, "Overdue")

    receipt = training.aggregateOnChain(revealed, *flow.inputs(revealed), sender=challenger)

    assert receipt.events.filter(training.AggregatorSlashed)[0].toChallenger == AGGREGATOR_BOND // 2
    assert training.getTask(revealed).round == 1


def test_aggregate_on_chain_equals_the_python_fedavg(flow, training, revealed, challenger):
    average, root = flow.honest(revealed)
    flow.goto(revealed, "Overdue")

    receipt = training.aggregateOnChain(revealed, *flow.inputs(revealed), sender=challenger)

    computed = receipt.events.filter(training.AggregateComputed)[0]
    assert (fixedpoint.unpack(bytes(computed.aggregate)), computed.updatesRoot) == (average, root)


def test_aggregate_on_chain_reverts_while_a_bonded_aggregator_may_still_post(flow, training, revealed, challenger, reverts_exactly):
    with reverts_exactly(training.WrongPhase, taskId=revealed, expected=6, actual=3):
        training.aggregateOnChain(revealed, *flow.inputs(revealed), sender=challenger)


def test_aggregate_on_chain_runs_at_once_without_a_bonded_aggregator(flow, training, coordinator, aggregator, hospitals, challenger):
    task_id = flow.open(coordinator, aggregator, hospitals)
    flow.join(task_id, hospitals[0])
    flow.commit(task_id, hospitals[0], [5, -5, 5, -5], 10)
    flow.goto(task_id, "Reveal")
    flow.reveal(task_id, hospitals[0])
    flow.goto(task_id, "Aggregate")

    receipt = training.aggregateOnChain(task_id, *flow.inputs(task_id), sender=challenger)

    assert len(receipt.events.filter(training.AggregatorSlashed)) == 0
    assert len(receipt.events.filter(training.RoundAccepted)) == 1


int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
update = st.tuples(st.lists(int64, min_size=4, max_size=4), st.integers(min_value=1, max_value=10_000))


@settings(max_examples=5)
@given(updates=st.lists(update, min_size=1, max_size=3))
def test_aggregate_on_chain_matches_python_on_random_updates(
    chain, flow, training, coordinator, aggregator, hospitals, challenger, updates
):
    with chain.isolate():
        task_id = flow.open(coordinator, aggregator, hospitals)
        members = hospitals[: len(updates)]
        flow.join(task_id, *members)
        for member, (values, samples) in zip(members, updates, strict=True):
            flow.commit(task_id, member, values, samples)
        flow.goto(task_id, "Reveal")
        for member in members:
            flow.reveal(task_id, member)
        flow.goto(task_id, "Aggregate")
        average, root = flow.honest(task_id)

        receipt = training.aggregateOnChain(task_id, *flow.inputs(task_id), sender=challenger)

        computed = receipt.events.filter(training.AggregateComputed)[0]
        assert (fixedpoint.unpack(bytes(computed.aggregate)), computed.updatesRoot) == (average, root)
