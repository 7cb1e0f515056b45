"""TrainingRounds.claim: rewards in proportion to accepted contributions, bonds back, once."""

from __future__ import annotations

from tests.unit.training_rounds.conftest import AGGREGATOR_BOND, MIN_BOND, POOL, UPDATES


def _trained(flow, training, task, hospitals, aggregator):
    flow.play_round(task, {hospitals[0]: UPDATES[0], hospitals[1]: UPDATES[1]}, aggregator)
    flow.play_round(task, {hospitals[0]: UPDATES[2]}, aggregator)
    training.finalize(task, sender=aggregator)


def test_claim_pays_the_reward_share_and_the_bond(flow, training, token, task, hospitals, aggregator):
    _trained(flow, training, task, hospitals, aggregator)
    total = UPDATES[0][1] + UPDATES[1][1] + UPDATES[2][1]
    contributed = UPDATES[0][1] + UPDATES[2][1]
    before = token.balanceOf(hospitals[0])

    training.claim(task, sender=hospitals[0])

    assert token.balanceOf(hospitals[0]) - before == MIN_BOND + POOL * contributed // total


def test_claim_pays_a_non_revealer_only_its_bond(flow, training, token, task, hospitals, aggregator):
    _trained(flow, training, task, hospitals, aggregator)
    before = token.balanceOf(hospitals[2])

    training.claim(task, sender=hospitals[2])

    assert token.balanceOf(hospitals[2]) - before == MIN_BOND


def test_claim_returns_the_aggregator_bond(flow, training, token, task, hospitals, aggregator):
    _trained(flow, training, task, hospitals, aggregator)
    before = token.balanceOf(aggregator)

    training.claim(task, sender=aggregator)

    assert token.balanceOf(aggregator) - before == AGGREGATOR_BOND


def test_claim_reverts_when_claimed_twice(flow, training, task, hospitals, aggregator, reverts_exactly):
    _trained(flow, training, task, hospitals, aggregator)
    training.claim(task, sender=hospitals[0])
    with reverts_exactly(training.NothingToClaim, account=hospitals[0]):
        training.claim(task, sender=hospitals[0])


def test_claim_reverts_before_finalize(training, task, hospitals, reverts_exactly):
    with reverts_exactly(training.WrongPhase, taskId=task, expected=8, actual=1):
        training.claim(task, sender=hospitals[0])
