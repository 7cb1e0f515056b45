from __future__ import annotations

from tests.unit.compute_jobs.helpers import ALGO, PRICE, RAW_ALGO, terms


def test_approve_algorithm_stores_terms_and_emits_event(compute, dataset, provider_asset, hospital):
    receipt = compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset, requiredFlags=3), sender=hospital)
    assert receipt.events.filter(compute.AlgorithmApproved) == [
        compute.AlgorithmApproved(
            datasetId=dataset, algorithmHash=RAW_ALGO, approver=hospital, price=PRICE, requiredFlags=3,
            allowedLicenceClasses=2**256 - 1, providerAssetId=provider_asset, algorithmAssetId=0,
            providerBps=2_000, algorithmBps=0,
        )
    ]
    approval = compute.getApproval(dataset, RAW_ALGO)
    assert approval.active and approval.price == PRICE and approval.approver == hospital.address


def test_approve_algorithm_replaces_terms_on_reapproval(compute, dataset, provider_asset, hospital):
    compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset), sender=hospital)
    compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset, price=7), sender=hospital)
    assert compute.getApproval(dataset, RAW_ALGO).price == 7


def test_approve_algorithm_accepts_registry_algorithm_current_hash(compute, dataset, provider_asset, algo_asset, hospital):
    compute.approveAlgorithm(
        dataset, ALGO, terms(provider_asset, algorithmAssetId=algo_asset, algorithmBps=1_000), sender=hospital
    )
    assert compute.getApproval(dataset, ALGO).algorithmAssetId == algo_asset


def test_approve_algorithm_reverts_for_non_owner(compute, dataset, provider_asset, hospital, stranger, reverts_exactly):
    with reverts_exactly(compute.NotAssetOwner, assetId=dataset, caller=stranger, owner=hospital):
        compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset), sender=stranger)


def test_approve_algorithm_reverts_for_model_asset(compute, provider_asset, provider, reverts_exactly):
    with reverts_exactly(compute.NotADataset, assetId=provider_asset):
        compute.approveAlgorithm(provider_asset, RAW_ALGO, terms(provider_asset), sender=provider)


def test_approve_algorithm_reverts_for_retired_dataset(compute, registry, dataset, provider_asset, hospital, reverts_exactly):
    registry.setStatus(dataset, 2, sender=hospital)
    with reverts_exactly(compute.AssetRetired, assetId=dataset):
        compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset), sender=hospital)


def test_approve_algorithm_reverts_for_stale_algorithm_hash(compute, registry, dataset, provider_asset, algo_asset,
                                                            algo_owner, hospital, reverts_exactly):
    new_hash = b"\xa2" * 32
    registry.publishVersion(algo_asset, new_hash, "ipfs://v2", sender=algo_owner)
    with reverts_exactly(compute.AlgorithmHashMismatch, algorithmAssetId=algo_asset, algorithmHash=ALGO,
                         currentHash=new_hash):
        compute.approveAlgorithm(dataset, ALGO, terms(provider_asset, algorithmAssetId=algo_asset), sender=hospital)


def test_approve_algorithm_reverts_for_dataset_as_algorithm(compute, dataset, provider_asset, hospital, reverts_exactly):
    with reverts_exactly(compute.NotAnAlgorithm, assetId=dataset):
        compute.approveAlgorithm(dataset, b"\xda" * 32, terms(provider_asset, algorithmAssetId=dataset), sender=hospital)


def test_approve_algorithm_reverts_for_algorithm_share_without_asset(compute, dataset, provider_asset, hospital,
                                                                     reverts_exactly):
    with reverts_exactly(compute.AlgorithmShareWithoutAsset, algorithmBps=5):
        compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset, algorithmBps=5), sender=hospital)


def test_approve_algorithm_reverts_for_shares_above_total(compute, dataset, provider_asset, algo_asset, hospital,
                                                          reverts_exactly):
    with reverts_exactly(compute.SharesAboveTotal, providerBps=6_000, algorithmBps=5_000):
        compute.approveAlgorithm(
            dataset, ALGO,
            terms(provider_asset, algorithmAssetId=algo_asset, providerBps=6_000, algorithmBps=5_000), sender=hospital,
        )


def test_approve_algorithm_reverts_for_zero_price(compute, dataset, provider_asset, hospital, reverts_exactly):
    with reverts_exactly(compute.ZeroAmount):
        compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset, price=0), sender=hospital)


def test_approve_algorithm_reverts_for_zero_hash(compute, dataset, provider_asset, hospital, reverts_exactly):
    with reverts_exactly(compute.ZeroAlgorithmHash):
        compute.approveAlgorithm(dataset, b"\0" * 32, terms(provider_asset), sender=hospital)


def test_approve_algorithm_reverts_for_unknown_provider_asset(compute, dataset, hospital, reverts_exactly):
    with reverts_exactly(compute.UnknownAsset, assetId=999):
        compute.approveAlgorithm(dataset, RAW_ALGO, terms(999), sender=hospital)
