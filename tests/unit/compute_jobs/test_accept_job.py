from __future__ import annotations

from tests.unit.compute_jobs.helpers import ACCEPTED


def test_accept_job_records_provider_and_emits_event(compute, ordered, provider, provider_asset):
    receipt = compute.acceptJob(ordered, sender=provider)
    assert receipt.events.filter(compute.JobAccepted) == [
        compute.JobAccepted(jobId=ordered, provider=provider, providerAssetId=provider_asset)
    ]
    job = compute.getJob(ordered)
    assert job.status == ACCEPTED and job.provider == provider.address


def test_accept_job_reverts_for_non_provider(compute, ordered, stranger, provider, reverts_exactly):
    with reverts_exactly(compute.NotJobProvider, jobId=ordered, caller=stranger, provider=provider):
        compute.acceptJob(ordered, sender=stranger)


def test_accept_job_reverts_when_provider_stake_below_minimum(compute, staking, ordered, provider, provider_asset,
                                                              reverts_exactly):
    shares = staking.getStaker(provider_asset, provider).selfShares
    staking.unstake(provider_asset, shares // 2, sender=provider)
    with reverts_exactly(compute.ProviderNotStaked, providerAssetId=provider_asset):
        compute.acceptJob(ordered, sender=provider)


def test_accept_job_reverts_after_deadline(compute, ordered, provider, chain, reverts_exactly):
    deadline = compute.getJob(ordered).deadline
    chain.pending_timestamp = deadline + 1
    with reverts_exactly(compute.JobExpired, jobId=ordered, deadline=deadline):
        compute.acceptJob(ordered, sender=provider)


def test_accept_job_reverts_when_already_accepted(compute, accepted, provider, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=accepted, status=ACCEPTED):
        compute.acceptJob(accepted, sender=provider)


def test_accept_job_reverts_for_unknown_job(compute, provider, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=5, status=0):
        compute.acceptJob(5, sender=provider)

