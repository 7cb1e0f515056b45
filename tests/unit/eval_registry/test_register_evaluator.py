from __future__ import annotations

from tests.unit.eval_registry.helpers import CHALLENGE_WINDOW, EVALUATOR_BOND, RESOLUTION_WINDOW


def test_register_evaluator_locks_bond_and_emits_event(evals, token, approved, consumer2):
    balance = token.balanceOf(consumer2)
    receipt = evals.registerEvaluator(sender=consumer2)
    assert receipt.events.filter(evals.EvaluatorRegistered) == [
        evals.EvaluatorRegistered(evaluator=consumer2, bond=EVALUATOR_BOND)
    ]
    record = evals.getEvaluator(consumer2)
    assert (record.registeredBlock, record.exitRequestedAt, record.bond) == (receipt.block_number, 0, EVALUATOR_BOND)
    assert token.balanceOf(consumer2) == balance - EVALUATOR_BOND


def test_register_evaluator_reverts_when_registered(evals, approved, consumer2, reverts_exactly):
    evals.registerEvaluator(sender=consumer2)
    with reverts_exactly(evals.AlreadyRegistered, evaluator=consumer2):
        evals.registerEvaluator(sender=consumer2)


def test_request_exit_records_time_and_emits_unlock(evals, approved, consumer2, chain):
    evals.registerEvaluator(sender=consumer2)
    receipt = evals.requestExit(sender=consumer2)
    now = chain.blocks.head.timestamp
    assert receipt.events.filter(evals.EvaluatorExitRequested) == [
        evals.EvaluatorExitRequested(evaluator=consumer2, unlocksAt=now + CHALLENGE_WINDOW + RESOLUTION_WINDOW)
    ]
    assert evals.exitDelay() == CHALLENGE_WINDOW + RESOLUTION_WINDOW
    record = evals.getEvaluator(consumer2)
    assert (record.exiting, record.exitRequestedAt) == (True, now)


def test_request_exit_reverts_when_not_registered(evals, consumer2, reverts_exactly):
    with reverts_exactly(evals.NotRegistered, evaluator=consumer2):
        evals.requestExit(sender=consumer2)


def test_request_exit_reverts_when_requested_twice(evals, approved, consumer2, reverts_exactly):
    evals.registerEvaluator(sender=consumer2)
    evals.requestExit(sender=consumer2)
    with reverts_exactly(evals.ExitAlreadyRequested, evaluator=consumer2):
        evals.requestExit(sender=consumer2)


def test_withdraw_evaluator_bond_after_delay_returns_bond(evals, token, approved, consumer2, chain):
    evals.registerEvaluator(sender=consumer2)
    evals.requestExit(sender=consumer2)
    chain.pending_timestamp = chain.blocks.head.timestamp + evals.exitDelay()
    balance = token.balanceOf(consumer2)
    receipt = evals.withdrawEvaluatorBond(sender=consumer2)
    assert receipt.events.filter(evals.EvaluatorWithdrawn) == [
        evals.EvaluatorWithdrawn(evaluator=consumer2, bond=EVALUATOR_BOND)
    ]
    assert token.balanceOf(consumer2) == balance + EVALUATOR_BOND
    assert evals.getEvaluator(consumer2).bond == 0


def test_withdraw_evaluator_bond_reverts_before_delay(evals, approved, consumer2, chain, reverts_exactly):
    evals.registerEvaluator(sender=consumer2)
    evals.requestExit(sender=consumer2)
    unlocks = chain.blocks.head.timestamp + evals.exitDelay()
    with reverts_exactly(evals.ExitDelayNotElapsed, evaluator=consumer2, unlocksAt=unlocks):
        evals.withdrawEvaluatorBond(sender=consumer2)


def test_withdraw_evaluator_bond_reverts_without_exit_request(evals, approved, consumer2, reverts_exactly):
    evals.registerEvaluator(sender=consumer2)
    with reverts_exactly(evals.ExitNotRequested, evaluator=consumer2):
        evals.withdrawEvaluatorBond(sender=consumer2)


def test_withdraw_evaluator_bond_reverts_when_not_registered(evals, consumer2, reverts_exactly):
    with reverts_exactly(evals.NotRegistered, evaluator=consumer2):
        evals.withdrawEvaluatorBond(sender=consumer2)
