"""TrainingRounds.open / allowParticipants: the policy a task is opened with."""

from __future__ import annotations

from tests.unit.training_rounds.conftest import POOL


def test_open_pulls_the_pool_and_records_the_policy(flow, training, token, coordinator, aggregator, hospitals, base_model):
    before = token.balanceOf(coordinator)

    task_id = flow.open(coordinator, aggregator, hospitals)

    task = training.getTask(task_id)
    assert before - token.balanceOf(coordinator) == POOL
    assert (task.coordinator, task.aggregator, task.baseModelId, task.rewardPool) == (
        coordinator.address, aggregator.address, base_model, POOL,
    )
    assert all(training.isAllowed(task_id, h) for h in hospitals)
    assert training.phaseOf(task_id) == 1  # Commit


def test_open_emits_the_policy_and_each_allowed_institution(flow, training, coordinator, aggregator, hospitals):
    params = flow.params(aggregator, hospitals)
    flow.token.approve(training.address, params["rewardPool"], sender=coordinator)

    receipt = training.open(params, sender=coordinator)

    assert len(receipt.events.filter(training.TaskOpened)) == 1
    allowed = [e.participant for e in receipt.events.filter(training.ParticipantAllowed)]
    assert allowed == [h.address for h in hospitals]


def test_open_reverts_when_base_model_unknown(flow, training, coordinator, aggregator, hospitals, reverts_exactly):
    params = flow.params(aggregator, hospitals, baseModelId=999)
    flow.token.approve(training.address, POOL, sender=coordinator)
    with reverts_exactly(training.UnknownAsset, assetId=999):
        training.open(params, sender=coordinator)


def test_open_reverts_when_dimension_above_bound(flow, training, coordinator, aggregator, hospitals, reverts_exactly):
    params = flow.params(aggregator, hospitals, dimension=33)
    flow.token.approve(training.address, POOL, sender=coordinator)
    with reverts_exactly(training.InvalidParameter, what=b"dimension".ljust(32, b"\0"), value=33):
        training.open(params, sender=coordinator)


def test_open_reverts_when_open_to_all_without_bond(flow, training, coordinator, aggregator, reverts_exactly):
    params = flow.params(aggregator, [], allowListOnly=False, minParticipantBond=0)
    flow.token.approve(training.address, POOL, sender=coordinator)
    with reverts_exactly(training.InvalidParameter, what=b"minParticipantBond".ljust(32, b"\0"), value=0):
        training.open(params, sender=coordinator)


def test_open_reverts_when_allow_list_above_bound(flow, training, coordinator, aggregator, reverts_exactly):
    many = [f"0x{i:040x}" for i in range(1, 18)]
    params = flow.params(aggregator, [])
    params["allowList"] = many
    flow.token.approve(training.address, POOL, sender=coordinator)
    with reverts_exactly(training.TooManyParticipants, taskId=training.taskCount() + 1, count=17, maximum=16):
        training.open(params, sender=coordinator)


def test_allow_participants_reverts_when_caller_not_coordinator(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.NotCoordinator, taskId=task, caller=outsider):
        training.allowParticipants(task, [outsider.address], sender=outsider)


def test_allow_participants_lets_a_new_institution_join(flow, training, task, coordinator, outsider):
    training.allowParticipants(task, [outsider.address], sender=coordinator)

    flow.join(task, outsider)

    assert training.getMember(task, outsider).joined


def test_open_records_the_required_flags(flow, training, coordinator, aggregator, hospitals):
    task_id = flow.open(coordinator, aggregator, hospitals, requiredFlags=0b110)

    assert training.getTask(task_id).requiredFlags == 0b110


def test_open_reverts_when_base_and_participants_royalties_exceed_the_cap(
    flow, training, registry, coordinator, aggregator, hospitals, reverts_exactly
):
    cap = int(registry.MAX_TOTAL_ROYALTY_BPS())
    params = flow.params(aggregator, hospitals, baseRoyaltyBps=500, participantsRoyaltyBps=cap - 499)
    flow.token.approve(training.address, POOL, sender=coordinator)
    with reverts_exactly(training.TrainingRoyaltyAboveCap, baseRoyaltyBps=500, participantsRoyaltyBps=cap - 499, maximum=cap):
        training.open(params, sender=coordinator)


def test_open_stores_the_participants_royalty(flow, training, coordinator, aggregator, hospitals):
    task_id = flow.open(coordinator, aggregator, hospitals, participantsRoyaltyBps=700)

    assert training.getTask(task_id).participantsRoyaltyBps == 700
