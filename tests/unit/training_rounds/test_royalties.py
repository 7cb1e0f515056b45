"""TrainingRounds.finalize with a participants royalty, collectRoyalties, claimRoyalties: the trained
model's revenue reaches the participants in proportion to their accepted contributions."""

from __future__ import annotations

from eth_abi import encode
from eth_utils import keccak

from tests.conftest import TOKEN
from tests.unit.training_rounds.conftest import PARTICIPANTS_BPS, UPDATES

ROYALTY_SCALE = 10**18


def _share(total_royalties: int, contribution: int, total: int) -> int:
    """What a participant is owed from one collection, computed as the contract specifies."""
    accumulator = total_royalties * ROYALTY_SCALE // total
    return contribution * accumulator // ROYALTY_SCALE


def test_finalize_lists_the_contributions_asset_as_the_second_parent(training, registry, royalty_task, base_model):
    parents = registry.getParents(royalty_task.model)

    assert [(int(p.assetId), int(p.royaltyBps)) for p in parents] == [
        (base_model, 500),
        (royalty_task.contributions, PARTICIPANTS_BPS),
    ]
    assert registry.ownerOf(royalty_task.contributions) == training.address
    assert registry.getAsset(royalty_task.contributions).kind == 1  # Dataset


def test_finalize_binds_the_contributions_asset_to_the_task(chain, training, registry, royalty_task):
    task = training.getTask(royalty_task.task_id)
    expected = keccak(encode(
        ["uint256", "address", "uint256", "bytes32", "uint64"],
        [chain.chain_id, training.address, royalty_task.task_id, bytes(task.modelHash), int(task.totalContributed)],
    ))

    assert bytes(registry.getVersion(royalty_task.contributions, 1).contentHash) == expected


def test_finalize_emits_the_contributions_asset(flow, training, coordinator, aggregator, hospitals, outsider):
    task_id = flow.open(coordinator, aggregator, hospitals, participantsRoyaltyBps=PARTICIPANTS_BPS)
    flow.join(task_id, *hospitals)
    flow.bond(task_id, aggregator)
    flow.play_round(task_id, {hospitals[0]: UPDATES[0]}, aggregator)
    flow.play_round(task_id, {hospitals[1]: UPDATES[1]}, aggregator)

    receipt = training.finalize(task_id, sender=outsider)

    event = receipt.events.filter(training.ContributionsAssetListed)[0]
    task = training.getTask(task_id)
    assert (event.taskId, event.contributionsAssetId, event.modelAssetId, event.royaltyBps) == (
        task_id, task.contributionsAssetId, task.modelAssetId, PARTICIPANTS_BPS
    )


def test_finalize_without_participants_royalty_keeps_one_parent(flow, training, registry, task, hospitals, aggregator, base_model):
    flow.play_round(task, {hospitals[0]: UPDATES[0]}, aggregator)
    flow.play_round(task, {hospitals[1]: UPDATES[1]}, aggregator)

    receipt = training.finalize(task, sender=hospitals[0])

    model = receipt.events.filter(training.TaskFinalized)[0].modelAssetId
    assert [int(p.assetId) for p in registry.getParents(model)] == [base_model]
    assert training.getTask(task).contributionsAssetId == 0
    assert not receipt.events.filter(training.ContributionsAssetListed)


def test_collect_royalties_takes_what_accrued_to_the_contributions_asset(training, payments, token, royalty_task, earn, outsider):
    earn(royalty_task.model, 50 * TOKEN)
    accrued = int(payments.royaltiesOf(royalty_task.contributions))
    before = token.balanceOf(training)

    receipt = training.collectRoyalties(royalty_task.task_id, sender=outsider)

    event = receipt.events.filter(training.RoyaltiesCollected)[0]
    assert accrued == 50 * TOKEN * PARTICIPANTS_BPS // 10_000
    assert (event.taskId, event.caller, event.amount) == (royalty_task.task_id, outsider.address, accrued)
    assert token.balanceOf(training) - before == accrued
    assert payments.royaltiesOf(royalty_task.contributions) == 0
    total = int(training.getTask(royalty_task.task_id).totalContributed)
    assert training.getTask(royalty_task.task_id).royaltyPerContribution == accrued * ROYALTY_SCALE // total


def test_collect_royalties_reverts_when_nothing_accrued(training, royalty_task, outsider, reverts_exactly):
    with reverts_exactly(training.NothingToClaim, account=training.address):
        training.collectRoyalties(royalty_task.task_id, sender=outsider)


def test_collect_royalties_reverts_without_contributions_asset(training, task, outsider, reverts_exactly):
    with reverts_exactly(training.NoContributionsAsset, taskId=task):
        training.collectRoyalties(task, sender=outsider)


def test_claim_royalties_pays_pro_rata_to_accepted_contributions(training, token, royalty_task, earn, hospitals, outsider):
    earn(royalty_task.model, 50 * TOKEN)
    receipt = training.collectRoyalties(royalty_task.task_id, sender=outsider)
    collected = int(receipt.events.filter(training.RoyaltiesCollected)[0].amount)
    total = int(training.getTask(royalty_task.task_id).totalContributed)

    for hospital in hospitals[:2]:
        contribution = int(training.contributionOf(royalty_task.task_id, hospital))
        before = token.balanceOf(hospital)
        receipt = training.claimRoyalties(royalty_task.task_id, sender=hospital)
        paid = token.balanceOf(hospital) - before
        assert paid == _share(collected, contribution, total)
        event = receipt.events.filter(training.RoyaltiesClaimed)[0]
        assert (event.taskId, event.participant, event.amount) == (royalty_task.task_id, hospital.address, paid)
    assert int(training.contributionOf(royalty_task.task_id, hospitals[0])) == UPDATES[0][1]
    assert int(training.contributionOf(royalty_task.task_id, hospitals[1])) == UPDATES[1][1] + UPDATES[2][1]


def test_claim_royalties_reverts_for_a_non_participant(training, royalty_task, earn, outsider, reverts_exactly):
    earn(royalty_task.model, 50 * TOKEN)
    training.collectRoyalties(royalty_task.task_id, sender=outsider)

    with reverts_exactly(training.NothingToClaim, account=outsider.address):
        training.claimRoyalties(royalty_task.task_id, sender=outsider)


def test_claim_royalties_twice_without_new_revenue_reverts(training, royalty_task, earn, hospitals, outsider, reverts_exactly):
    earn(royalty_task.model, 50 * TOKEN)
    training.collectRoyalties(royalty_task.task_id, sender=outsider)
    training.claimRoyalties(royalty_task.task_id, sender=hospitals[0])

    with reverts_exactly(training.NothingToClaim, account=hospitals[0].address):
        training.claimRoyalties(royalty_task.task_id, sender=hospitals[0])


def test_claim_royalties_after_new_revenue_pays_only_the_new_share(training, token, royalty_task, earn, hospitals, outsider):
    earn(royalty_task.model, 50 * TOKEN)
    training.collectRoyalties(royalty_task.task_id, sender=outsider)
    training.claimRoyalties(royalty_task.task_id, sender=hospitals[0])
    earn(royalty_task.model, 30 * TOKEN)
    training.collectRoyalties(royalty_task.task_id, sender=outsider)
    expected = int(training.royaltiesClaimableOf(royalty_task.task_id, hospitals[0]))
    before = token.balanceOf(hospitals[0])

    training.claimRoyalties(royalty_task.task_id, sender=hospitals[0])

    total = int(training.getTask(royalty_task.task_id).totalContributed)
    second = 30 * TOKEN * PARTICIPANTS_BPS // 10_000
    assert token.balanceOf(hospitals[0]) - before == expected
    assert abs(expected - UPDATES[0][1] * second // total) <= 1
