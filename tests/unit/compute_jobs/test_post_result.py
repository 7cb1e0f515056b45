from __future__ import annotations

from tests.unit.compute_jobs.helpers import LOG, ORDERED, POSTED, RESULT, REVIEW_WINDOW, post, sign


def test_post_result_records_hash_and_opens_review(compute, accepted, provider, chain):
    receipt = post(compute, chain, provider, accepted)
    now = chain.blocks.head.timestamp
    assert receipt.events.filter(compute.ResultPosted) == [
        compute.ResultPosted(jobId=accepted, provider=provider, resultHash=RESULT, logHash=LOG,
                             reviewEnds=now + REVIEW_WINDOW)
    ]
    job = compute.getJob(accepted)
    assert job.status == POSTED and bytes(job.resultHash) == RESULT and job.windowEnds == now + REVIEW_WINDOW


def test_post_result_reverts_for_job_never_accepted(compute, ordered, provider, chain, reverts_exactly):
    with reverts_exactly(compute.WrongJobStatus, jobId=ordered, status=ORDERED):
        post(compute, chain, provider, ordered)


def test_post_result_reverts_for_other_caller(compute, accepted, provider, stranger, chain, reverts_exactly):
    signature = sign(compute, chain, provider, accepted)
    with reverts_exactly(compute.NotJobProvider, jobId=accepted, caller=stranger, provider=provider):
        compute.postResult(accepted, RESULT, LOG, signature, sender=stranger)


def test_post_result_reverts_for_signature_by_another_key(compute, accepted, provider, stranger, chain,
                                                          reverts_exactly):
    signature = sign(compute, chain, stranger, accepted)
    with reverts_exactly(compute.BadResultSignature, jobId=accepted, signer=provider):
        compute.postResult(accepted, RESULT, LOG, signature, sender=provider)


def test_post_result_reverts_for_signature_of_another_result(compute, accepted, provider, chain, reverts_exactly):
    signature = sign(compute, chain, provider, accepted, result=b"\x01" * 32)
    with reverts_exactly(compute.BadResultSignature, jobId=accepted, signer=provider):
        compute.postResult(accepted, RESULT, LOG, signature, sender=provider)


def test_post_result_reverts_after_deadline(compute, accepted, provider, chain, reverts_exactly):
    deadline = compute.getJob(accepted).deadline
    signature = sign(compute, chain, provider, accepted)
    chain.pending_timestamp = deadline + 1
    with reverts_exactly(compute.JobExpired, jobId=accepted, deadline=deadline):
        compute.postResult(accepted, RESULT, LOG, signature, sender=provider)


def test_post_result_reverts_for_zero_result(compute, accepted, provider, chain, reverts_exactly):
    signature = sign(compute, chain, provider, accepted, result=b"\0" * 32)
    with reverts_exactly(compute.ZeroResultHash):
        compute.postResult(accepted, b"\0" * 32, LOG, signature, sender=provider)


def test_result_receipt_digest_matches_python_signature(compute, accepted, provider, chain):
    from eth_account import Account
    from eth_account.messages import encode_typed_data

    from modelmarket.compute.receipts import result_receipt_message
    from tests.unit.compute_jobs.helpers import RAW_ALGO

    message = result_receipt_message(chain.chain_id, compute.address, accepted, RAW_ALGO, RESULT, LOG)
    signature = sign(compute, chain, provider, accepted)
    digest = compute.resultReceiptDigest((accepted, RAW_ALGO, RESULT, LOG))
    assert Account._recover_hash(bytes(digest), signature=signature) == provider.address
    assert Account.recover_message(encode_typed_data(full_message=message), signature=signature) == provider.address
