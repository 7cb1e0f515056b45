from __future__ import annotations

import pytest

from tests.unit.compute_jobs.helpers import (
    FLAG_EU, FLAG_RESEARCH, LICENCE_RESEARCH, MAX_JOB_DURATION, ORDERED, PARAMS, PRICE, RAW_ALGO, order, terms,
)


def test_order_job_escrows_price_and_emits_event(compute, token, approved, consumer, chain):
    before = token.balanceOf(consumer)
    request = order(approved, chain, maxPrice=PRICE * 2)
    receipt = compute.orderJob(request, sender=consumer)
    assert receipt.events.filter(compute.JobOrdered) == [
        compute.JobOrdered(
            jobId=1, datasetId=approved, consumer=consumer, algorithmHash=RAW_ALGO, paramsHash=PARAMS, price=PRICE,
            deadline=request["deadline"], declaredFlags=0, licenceClass=0,
        )
    ]
    assert token.balanceOf(consumer) == before - PRICE
    assert compute.totalEscrow() == PRICE
    job = compute.getJob(1)
    assert job.status == ORDERED and job.price == PRICE and job.consumer == consumer.address


def test_order_job_reverts_when_algorithm_not_approved(compute, approved, consumer, chain, reverts_exactly):
    other = b"\x77" * 32
    with reverts_exactly(compute.AlgorithmNotApproved, datasetId=approved, algorithmHash=other):
        compute.orderJob(order(approved, chain, algorithmHash=other), sender=consumer)


def test_order_job_reverts_when_price_above_max(compute, approved, consumer, chain, reverts_exactly):
    with reverts_exactly(compute.PriceAboveMax, datasetId=approved, algorithmHash=RAW_ALGO, price=PRICE,
                         maxPrice=PRICE - 1):
        compute.orderJob(order(approved, chain, maxPrice=PRICE - 1), sender=consumer)


def test_order_job_reverts_when_required_flag_missing(compute, dataset, provider_asset, hospital, token, consumer,
                                                      chain, reverts_exactly):
    required = FLAG_RESEARCH | FLAG_EU
    compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset, requiredFlags=required), sender=hospital)
    token.approve(compute, PRICE, sender=consumer)
    with reverts_exactly(compute.ComplianceRefused, datasetId=dataset, algorithmHash=RAW_ALGO,
                         declaredFlags=FLAG_RESEARCH, requiredFlags=required, licenceClass=0,
                         allowedLicenceClasses=2**256 - 1):
        compute.orderJob(order(dataset, chain, declaredFlags=FLAG_RESEARCH), sender=consumer)


def test_order_job_reverts_when_licence_class_not_allowed(compute, dataset, provider_asset, hospital, token, consumer,
                                                          chain, reverts_exactly):
    allowed = 1 << LICENCE_RESEARCH
    compute.approveAlgorithm(dataset, RAW_ALGO, terms(provider_asset, allowedLicenceClasses=allowed), sender=hospital)
    token.approve(compute, PRICE, sender=consumer)
    with reverts_exactly(compute.ComplianceRefused, datasetId=dataset, algorithmHash=RAW_ALGO, declaredFlags=0,
                         requiredFlags=0, licenceClass=0, allowedLicenceClasses=allowed):
        compute.orderJob(order(dataset, chain), sender=consumer)


def test_order_job_accepts_compliant_consumer(compute, dataset, provider_asset, hospital, token, consumer, chain):
    compute.approveAlgorithm(
        dataset, RAW_ALGO,
        terms(provider_asset, requiredFlags=FLAG_EU, allowedLicenceClasses=1 << LICENCE_RESEARCH), sender=hospital,
    )
    token.approve(compute, PRICE, sender=consumer)
    compute.orderJob(
        order(dataset, chain, declaredFlags=FLAG_EU | FLAG_RESEARCH, licenceClass=LICENCE_RESEARCH), sender=consumer
    )
    assert compute.getJob(1).status == ORDERED


def test_order_job_reverts_when_dataset_paused(compute, registry, approved, hospital, consumer, chain, reverts_exactly):
    registry.setStatus(approved, 1, sender=hospital)
    with reverts_exactly(compute.DatasetPaused, datasetId=approved):
        compute.orderJob(order(approved, chain), sender=consumer)


@pytest.mark.parametrize("status", [3, 4])  # Suspended, Denied
def test_order_job_reverts_when_dataset_taken_down(compute, registry, approved, deployer, consumer, chain, status,
                                                    reverts_exactly):
    """A takedown (here by governance, the registry's owner: e.g. a GDPR erasure request) refuses orders."""
    registry.takedown(approved, status, b"GDPR-ART17".ljust(32, b"\0"), b"\xab" * 32, sender=deployer)
    with reverts_exactly(compute.DatasetTakenDown, datasetId=approved, status=status):
        compute.orderJob(order(approved, chain), sender=consumer)


def test_order_job_reverts_when_dataset_retired(compute, registry, approved, hospital, consumer, chain, reverts_exactly):
    registry.setStatus(approved, 2, sender=hospital)
    with reverts_exactly(compute.AssetRetired, assetId=approved):
        compute.orderJob(order(approved, chain), sender=consumer)


def test_order_job_reverts_for_unknown_dataset(compute, consumer, chain, reverts_exactly):
    with reverts_exactly(compute.UnknownAsset, assetId=999):
        compute.orderJob(order(999, chain), sender=consumer)


def test_order_job_reverts_after_dataset_changed_hands(compute, registry, approved, hospital, stranger, consumer, chain,
                                                       reverts_exactly):
    registry.transferFrom(hospital, stranger, approved, sender=hospital)
    with reverts_exactly(compute.AlgorithmNotApproved, datasetId=approved, algorithmHash=RAW_ALGO):
        compute.orderJob(order(approved, chain), sender=consumer)


def test_order_job_reverts_when_deadline_too_far(compute, approved, consumer, chain, reverts_exactly):
    now = chain.pending_timestamp
    chain.pending_timestamp = now
    with reverts_exactly(compute.DeadlineOutOfRange, deadline=now + MAX_JOB_DURATION + 1, earliest=now + 1,
                         latest=now + MAX_JOB_DURATION):
        compute.orderJob(order(approved, chain, deadline=now + MAX_JOB_DURATION + 1), sender=consumer)


def test_order_job_reverts_when_deadline_not_in_future(compute, approved, consumer, chain, reverts_exactly):
    now = chain.pending_timestamp
    chain.pending_timestamp = now
    with reverts_exactly(compute.DeadlineOutOfRange, deadline=now, earliest=now + 1, latest=now + MAX_JOB_DURATION):
        compute.orderJob(order(approved, chain, deadline=now), sender=consumer)
