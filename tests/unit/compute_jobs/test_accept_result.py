from __future__ import annotations

from tests.unit.compute_jobs.helpers import ACCEPTED, PRICE, RELEASED, split


def test_accept_result_splits_payment_and_emits_event(compute, posted, consumer, provider, hospital, treasury):
    receipt = compute.acceptResult(posted, sender=consumer)
    fee, provider_share, algorithm_share, dataset_share = split(PRICE, 2_000, 0)
    assert receipt.events.filter(compute.JobReleased) == [
        compute.JobReleased(jobId=posted, caller=consumer, amount=PRICE, protocolFee=fee, providerShare=provider_share,
                            algorithmShare=algorithm_share, datasetShare=dataset_share)
    ]
    assert compute.getJob(posted).status == RELEASED
    assert compute.claimable(treasury) == fee
    assert compute.claimable(provider) == provider_share
    assert compute.claimable(hospital) == dataset_share
    assert compute.totalEscrow() == 0 and compute.totalClaimable() == PRICE


def test_accept_result_reverts_for_non_consumer(compute, posted, stranger, reverts_exactly):
    with reverts_exactly(compute.NotJobConsumer, jobId=posted, caller=stranger):
        compute.acceptResult(posted, sender=stranger)


def test_accept_result_reverts_before_result(compute, accepted, consumer, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=accepted, status=ACCEPTED):
        compute.acceptResult(accepted, sender=consumer)


def test_accept_result_pays_algorithm_owner_and_lineage(compute, registry, dataset, provider_asset, hospital, token,
                                                       consumer, provider, owner, algo_owner, chain):
    from tests.conftest import listing
    from tests.unit.compute_jobs.helpers import order, post, terms

    base = registry.list(listing(contentHash=b"\xb0" * 32), sender=owner).events[0].assetId
    algo_hash = b"\xa3" * 32
    receipt = registry.list(listing(contentHash=algo_hash, parents=[(base, 1_000)]), sender=algo_owner)
    algo = receipt.events.filter(registry.AssetListed)[0].assetId
    compute.approveAlgorithm(
        dataset, algo_hash, terms(provider_asset, algorithmAssetId=algo, algorithmBps=3_000), sender=hospital
    )
    token.approve(compute, PRICE, sender=consumer)
    compute.orderJob(order(dataset, chain, algorithmHash=algo_hash), sender=consumer)
    compute.acceptJob(1, sender=provider)
    post(compute, chain, provider, 1, algorithm=algo_hash)
    receipt = compute.acceptResult(1, sender=consumer)
    fee, provider_share, algorithm_share, dataset_share = split(PRICE, 2_000, 3_000)
    royalty = algorithm_share * 1_000 // 10_000
    assert receipt.events.filter(compute.RoyaltyCredited) == [
        compute.RoyaltyCredited(jobId=1, parentId=base, parentOwner=owner, amount=royalty)
    ]
    assert compute.claimable(algo_owner) == algorithm_share - royalty
    assert compute.claimable(owner) == dataset_share + royalty  # owner is the hospital and the base model's owner
    assert compute.claimable(provider) == provider_share
