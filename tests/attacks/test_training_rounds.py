"""Attacks on federated training (TrainingRounds): each test tries one and asserts it fails or costs
what SECURITY.md says."""

from __future__ import annotations

from modelmarket.training import chain as training_chain
from modelmarket.training import fixedpoint
from tests.conftest import TOKEN
from tests.unit.training_rounds.conftest import (  # noqa: F401 (fixtures)
    AGGREGATOR_BOND,
    MIN_BOND,
    POOL,
    UPDATES,
    aggregator,
    base_model,
    challenger,
    coordinator,
    earn,
    flow,
    hospitals,
    outsider,
    revealed,
    royalty_task,
    task,
    training,
)


def test_copying_another_participants_commitment_and_reveal_fails(flow, training, task, hospitals, reverts_exactly):
    honest, copier = hospitals[0], hospitals[1]
    opening = flow.commit(task, honest, *UPDATES[0])
    training.commit(task, training.updateHashOf(task, honest), sender=copier)  # copied from the event
    flow.goto(task, "Reveal")
    flow.reveal(task, honest)  # the copier now sees the opening in the mempool / event

    computed = fixedpoint.commitment(task, 0, opening.hash, opening.samples, 0, opening.salt, copier.address)
    stored = training.updateHashOf(task, copier)
    with reverts_exactly(training.CommitmentMismatch, taskId=task, participant=copier, stored=stored, computed=computed):
        training.reveal(task, opening.packed, opening.samples, 0, opening.salt, sender=copier)
    assert training.contributionOf(task, copier) == 0


def test_revealing_a_different_update_than_committed_fails(flow, training, task, hospitals, reverts_exactly):
    opening = flow.commit(task, hospitals[0], *UPDATES[0])
    flow.goto(task, "Reveal")
    better = fixedpoint.pack(UPDATES[1][0])
    computed = fixedpoint.commitment(
        task, 0, fixedpoint.update_hash(UPDATES[1][0]), opening.samples, 0, opening.salt, hospitals[0].address
    )
    with reverts_exactly(
        training.CommitmentMismatch, taskId=task, participant=hospitals[0], stored=training.updateHashOf(task, hospitals[0]),
        computed=computed,
    ):
        training.reveal(task, better, opening.samples, 0, opening.salt, sender=hospitals[0])


def test_inflating_the_sample_count_after_committing_fails(flow, training, task, hospitals, reverts_exactly):
    opening = flow.commit(task, hospitals[0], *UPDATES[0])
    flow.goto(task, "Reveal")
    computed = fixedpoint.commitment(task, 0, opening.hash, 9_999, 0, opening.salt, hospitals[0].address)
    with reverts_exactly(
        training.CommitmentMismatch, taskId=task, participant=hospitals[0], stored=training.updateHashOf(task, hospitals[0]),
        computed=computed,
    ):
        training.reveal(task, opening.packed, 9_999, 0, opening.salt, sender=hospitals[0])


def test_aggregator_leaving_an_honest_update_out_of_the_count_fails(flow, training, revealed, aggregator, hospitals, reverts_exactly):
    reveals = flow.reveals(revealed)
    reveals.pop(hospitals[1].address)
    average, root = fixedpoint.aggregate_round(reveals)
    with reverts_exactly(training.UpdateCountMismatch, taskId=revealed, given=2, revealed=3):
        training.postAggregate(revealed, fixedpoint.pack(average), root, 2, sender=aggregator)


def test_aggregator_leaving_an_honest_update_out_of_the_root_is_slashed(
    flow, training, token, revealed, aggregator, hospitals, challenger
):
    honest_average, _ = flow.honest(revealed)
    reveals = flow.reveals(revealed)
    reveals.pop(hospitals[1].address)
    average, root = fixedpoint.aggregate_round(reveals)
    flow.post(revealed, aggregator, values=average, root=root)  # the count still says three

    training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)

    assert training.getTask(revealed).modelHash == fixedpoint.update_hash(honest_average)
    assert training.getTask(revealed).aggregatorSlashed
    assert training.contributionOf(revealed, hospitals[1]) == UPDATES[1][1]


def test_aggregator_posting_a_wrong_average_is_slashed_and_corrected(flow, training, token, revealed, aggregator, challenger):
    average, _ = flow.honest(revealed)
    flow.post(revealed, aggregator, values=[v // 2 for v in average])

    training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)

    assert training.getTask(revealed).modelHash == fixedpoint.update_hash(average)
    assert training.getTask(revealed).rewardPool == POOL + AGGREGATOR_BOND - AGGREGATOR_BOND // 2
    flow.goto(revealed, "Aggregate")  # the last round: no reveal, accepted empty; the task finalizes
    training.advance(revealed, sender=challenger)
    training.finalize(revealed, sender=challenger)
    before = token.balanceOf(challenger)
    training.claim(revealed, sender=challenger)
    assert token.balanceOf(challenger) - before == AGGREGATOR_BOND // 2
    assert training.claimableOf(revealed, aggregator) == 0


def test_challenging_a_correct_aggregate_fails_and_costs_the_challenger_only_gas(
    flow, training, revealed, aggregator, challenger, reverts_exactly
):
    flow.post(revealed, aggregator)
    with reverts_exactly(training.AggregateCorrect, taskId=revealed, round=0):
        training.challengeAggregate(revealed, *flow.inputs(revealed), sender=challenger)
    assert training.getTask(revealed).aggregatorBond == AGGREGATOR_BOND


def test_challenger_hiding_an_update_to_frame_an_honest_aggregator_fails(
    flow, training, revealed, aggregator, challenger, hospitals, reverts_exactly
):
    flow.post(revealed, aggregator)
    reveals = flow.reveals(revealed)
    reveals.pop(hospitals[2].address)
    participants, updates = fixedpoint.sorted_round(reveals)[:2]
    with reverts_exactly(training.UpdateCountMismatch, taskId=revealed, given=2, revealed=3):
        training.challengeAggregate(revealed, participants, updates, sender=challenger)


def test_griefing_by_never_revealing_forfeits_the_share_and_blocks_nothing(
    flow, training, token, task, hospitals, aggregator, outsider
):
    griefer = hospitals[2]
    flow.commit(task, griefer, *UPDATES[2])  # commits, never reveals, in both rounds
    flow.play_round(task, {hospitals[0]: UPDATES[0]}, aggregator)
    flow.commit(task, griefer, *UPDATES[2])
    flow.play_round(task, {hospitals[1]: UPDATES[1]}, aggregator)
    training.finalize(task, sender=outsider)
    before = token.balanceOf(griefer)

    training.claim(task, sender=griefer)

    assert token.balanceOf(griefer) - before == MIN_BOND
    assert training.contributionOf(task, griefer) == 0


def test_late_participant_cannot_commit_or_reveal_after_the_deadline(flow, training, task, hospitals, reverts_exactly):
    flow.goto(task, "Reveal")
    with reverts_exactly(training.WrongPhase, taskId=task, expected=1, actual=2):
        training.commit(task, b"\1" * 32, sender=hospitals[0])
    flow.goto(task, "Aggregate")
    with reverts_exactly(training.WrongPhase, taskId=task, expected=2, actual=5):
        training.reveal(task, fixedpoint.pack([0, 0, 0, 0]), 1, 0, b"\0" * 32, sender=hospitals[0])


def test_coordinator_stalling_never_blocks_the_task(flow, training, token, task, hospitals, aggregator, outsider, coordinator):
    # No transaction from the coordinator after `open`: participants, the aggregator and an outsider
    # drive every step, and the pool is paid out.
    flow.play_round(task, {hospitals[0]: UPDATES[0]}, aggregator)
    flow.play_round(task, {hospitals[1]: UPDATES[1]}, aggregator)
    training.finalize(task, sender=outsider)
    total = UPDATES[0][1] + UPDATES[1][1]
    before = token.balanceOf(hospitals[0])

    training.claim(task, sender=hospitals[0])

    assert token.balanceOf(hospitals[0]) - before == MIN_BOND + POOL * UPDATES[0][1] // total
    assert training.claimableOf(task, coordinator) == 0


def test_aggregator_stalling_is_slashed_and_the_round_aggregated_on_chain(flow, training, revealed, challenger):
    average, _ = flow.honest(revealed)
    flow.goto(revealed, "Overdue")

    training.aggregateOnChain(revealed, *flow.inputs(revealed), sender=challenger)

    assert training.getTask(revealed).modelHash == fixedpoint.update_hash(average)
    assert training.getTask(revealed).aggregatorSlashed


def test_slashed_aggregator_cannot_bond_again(flow, training, revealed, aggregator, challenger, reverts_exactly):
    flow.goto(revealed, "Overdue")
    training.aggregateOnChain(revealed, *flow.inputs(revealed), sender=challenger)
    with reverts_exactly(training.AggregatorBondNotOpen, taskId=revealed):
        training.bondAggregator(revealed, sender=aggregator)


def test_sybils_beyond_sixteen_participants_fail(flow, training, token, coordinator, aggregator, accounts, reverts_exactly):
    task_id = flow.open(coordinator, aggregator, [], allowListOnly=False, minParticipantBond=TOKEN)
    import ape

    sybils = [ape.accounts.test_accounts.generate_test_account() for _ in range(17)]
    for sybil in sybils:
        accounts[0].transfer(sybil, 10**18)
        token.transfer(sybil, TOKEN, sender=accounts[0])
    for sybil in sybils[:16]:
        flow.join(task_id, sybil)
    token.approve(training.address, TOKEN, sender=sybils[16])
    with reverts_exactly(training.TooManyParticipants, taskId=task_id, count=17, maximum=16):
        training.join(task_id, 0, sender=sybils[16])


# ------------------------------------------------------------------ compliance flags


def test_joining_without_the_required_flags_is_refused(flow, training, token, coordinator, aggregator, hospitals, reverts_exactly):
    task_id = flow.open(coordinator, aggregator, hospitals, requiredFlags=0b10100)
    token.approve(training.address, MIN_BOND, sender=hospitals[0])

    with reverts_exactly(
        training.ComplianceFlagsMissing, taskId=task_id, account=hospitals[0], declaredFlags=0, requiredFlags=0b10100
    ):
        training.join(task_id, 0, sender=hospitals[0])
    with reverts_exactly(training.NotParticipant, taskId=task_id, account=hospitals[0]):
        training.commit(task_id, b"\1" * 32, sender=hospitals[0])  # and so it cannot take part at all


def test_declaring_the_flags_after_joining_is_impossible(flow, training, token, coordinator, aggregator, hospitals, reverts_exactly):
    task_id = flow.open(coordinator, aggregator, hospitals, requiredFlags=0b100)
    flow.join(task_id, hospitals[0])  # declares exactly the required flags (recorded in the join event)
    token.approve(training.address, MIN_BOND, sender=hospitals[0])

    with reverts_exactly(training.AlreadyJoined, taskId=task_id, account=hospitals[0]):
        training.join(task_id, 0b111, sender=hospitals[0])  # no second declaration rewrites the trail
    joins = list(training_chain.logs(training.ParticipantJoined, 0, taskId=task_id, participant=hospitals[0].address))
    assert [int(log.event_arguments["declaredFlags"]) for log in joins] == [0b100]


# ------------------------------------------------------------------ relayed commits and reveals


def test_relayer_cannot_commit_for_a_participant_without_its_signature(training, task, hospitals, outsider, reverts_exactly):
    opening = training_chain.new_opening(*UPDATES[0])
    mine = training_chain.signed_commit(training, task, outsider, opening)  # the relayer signs itself
    forged = (hospitals[0].address, mine[1], training.updateHashOf(task, hospitals[0]), *mine[3:])

    with reverts_exactly(training.InvalidCommitSignature, taskId=task, participant=hospitals[0]):
        training.commitBatch(task, [forged], sender=outsider)


def test_relayer_cannot_replay_an_older_signed_commit_over_a_newer_one(training, task, hospitals, outsider):
    first = training_chain.signed_commit(training, task, hospitals[0], training_chain.new_opening(*UPDATES[0]))
    training_chain.commit_batch(training, task, [first], outsider)
    second = training_chain.signed_commit(training, task, hospitals[0], training_chain.new_opening(*UPDATES[1]))
    training_chain.commit_batch(training, task, [second], outsider)

    receipt = training_chain.commit_batch(training, task, [first], outsider)

    assert [e.participant for e in receipt.events.filter(training.BatchEntrySkipped)] == [hospitals[0].address]
    assert not list(receipt.events.filter(training.UpdateCommitted))
    assert training.updateHashOf(task, hospitals[0]) == second[1]


def test_participant_cannot_revert_a_relayed_commit_batch_by_committing_first(training, task, hospitals, outsider):
    signed = [training_chain.signed_commit(training, task, h, training_chain.new_opening(*u))
              for h, u in zip(hospitals, UPDATES, strict=True)]
    griefer = hospitals[0]
    training_chain.commit(training, task, griefer, *UPDATES[2])  # front-runs the relayer's batch

    receipt = training_chain.commit_batch(training, task, signed, outsider)  # does not revert

    assert [e.participant for e in receipt.events.filter(training.BatchEntrySkipped)] == [griefer.address]
    assert [training.updateHashOf(task, h) for h in hospitals[1:]] == [s[1] for s in signed[1:]]


def test_participant_cannot_revert_a_relayed_reveal_batch_by_revealing_first(flow, training, task, hospitals, outsider):
    openings = {h.address: flow.commit(task, h, *u) for h, u in zip(hospitals, UPDATES, strict=True)}
    flow.goto(task, "Reveal")
    griefer = hospitals[0]
    training_chain.reveal(training, task, griefer, openings[griefer.address])  # front-runs the relayer's batch

    receipt = training_chain.reveal_batch(training, task, openings, outsider)  # does not revert

    assert [e.participant for e in receipt.events.filter(training.BatchEntrySkipped)] == [griefer.address]
    assert [int(training.getMember(task, h).revealedRound) for h in hospitals] == [1, 1, 1]
    assert training.getTask(task).revealedCount == len(hospitals)


def test_signed_commit_of_one_task_is_refused_on_another(flow, training, task, coordinator, aggregator, hospitals, outsider, reverts_exactly):
    other = flow.open(coordinator, aggregator, hospitals)
    flow.join(other, hospitals[0])
    signed = training_chain.signed_commit(training, task, hospitals[0], training_chain.new_opening(*UPDATES[0]))

    with reverts_exactly(training.InvalidCommitSignature, taskId=other, participant=hospitals[0]):
        training_chain.commit_batch(training, other, [signed], outsider)


def test_relayer_cannot_reveal_a_different_update_for_a_participant(flow, training, task, hospitals, outsider, reverts_exactly):
    opening = flow.commit(task, hospitals[0], *UPDATES[0])
    flow.goto(task, "Reveal")
    tampered = training_chain.Opening([0, 0, 0, 0], opening.samples, 0, opening.salt)
    computed = fixedpoint.commitment(task, 0, tampered.hash, opening.samples, 0, opening.salt, hospitals[0].address)

    with reverts_exactly(
        training.CommitmentMismatch,
        taskId=task,
        participant=hospitals[0],
        stored=training.updateHashOf(task, hospitals[0]),
        computed=computed,
    ):
        training_chain.reveal_batch(training, task, {hospitals[0].address: tampered}, outsider)


def test_copying_a_revealed_opening_into_a_batch_under_another_name_fails(flow, training, task, hospitals, reverts_exactly):
    honest, copier = hospitals[0], hospitals[1]
    opening = flow.commit(task, honest, *UPDATES[0])
    training.commit(task, training.updateHashOf(task, honest), sender=copier)  # copied commitment
    flow.goto(task, "Reveal")
    flow.reveal(task, honest)  # the opening is now public
    computed = fixedpoint.commitment(task, 0, opening.hash, opening.samples, 0, opening.salt, copier.address)

    with reverts_exactly(
        training.CommitmentMismatch,
        taskId=task,
        participant=copier,
        stored=training.updateHashOf(task, copier),
        computed=computed,
    ):
        training_chain.reveal_batch(training, task, {copier.address: opening}, copier)


def test_non_revealer_cannot_claim_royalties_on_the_trained_model(training, royalty_task, earn, hospitals, outsider, reverts_exactly):
    earn(royalty_task.model, 50 * TOKEN)
    training.collectRoyalties(royalty_task.task_id, sender=outsider)
    griefer = hospitals[2]  # joined and committed, never revealed: no accepted contribution

    with reverts_exactly(training.NothingToClaim, account=griefer.address):
        training.claimRoyalties(royalty_task.task_id, sender=griefer)


def test_nobody_can_take_or_redirect_the_contributions_asset(
    registry, training, royalty_task, coordinator, outsider, reverts_exactly
):
    asset = royalty_task.contributions
    for attacker in (coordinator, outsider):
        with reverts_exactly(registry.ERC721InsufficientApproval, operator=attacker.address, tokenId=asset):
            registry.transferFrom(training.address, attacker, asset, sender=attacker)
        with reverts_exactly(registry.NotAssetOwner, assetId=asset, caller=attacker.address, owner=training.address):
            registry.setOperator(asset, attacker, sender=attacker)
    assert registry.ownerOf(asset) == training.address
