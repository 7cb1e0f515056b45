from __future__ import annotations

from tests.unit.compute_jobs.helpers import RAW_ALGO


def test_revoke_algorithm_deactivates_and_emits_event(compute, approved, hospital):
    receipt = compute.revokeAlgorithm(approved, RAW_ALGO, sender=hospital)
    assert receipt.events.filter(compute.AlgorithmRevoked) == [
        compute.AlgorithmRevoked(datasetId=approved, algorithmHash=RAW_ALGO, revoker=hospital)
    ]
    assert not compute.getApproval(approved, RAW_ALGO).active


def test_revoke_algorithm_reverts_when_not_approved(compute, dataset, hospital, reverts_exactly):
    with reverts_exactly(compute.AlgorithmNotApproved, datasetId=dataset, algorithmHash=RAW_ALGO):
        compute.revokeAlgorithm(dataset, RAW_ALGO, sender=hospital)


def test_revoke_algorithm_reverts_for_non_owner(compute, approved, hospital, stranger, reverts_exactly):
    with reverts_exactly(compute.NotAssetOwner, assetId=approved, caller=stranger, owner=hospital):
        compute.revokeAlgorithm(approved, RAW_ALGO, sender=stranger)
