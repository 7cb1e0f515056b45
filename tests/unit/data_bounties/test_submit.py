"""DataBounties.submit and revealDataset: bonded commitments bound to the generator."""

from __future__ import annotations

from modelmarket.bounties.commitments import dataset_commitment
from tests.unit.data_bounties.helpers import BOND, REWARD, data_hash, salt_of


def test_submit_pulls_the_bond(driver, bounties, token, requester, generator):
    driver.post(requester)
    driver.submit(generator, "a")

    assert token.balanceOf(bounties) == REWARD + BOND


def test_submit_reverts_when_generator_already_submitted(driver, bounties, requester, generator, reverts_exactly):
    bounty_id = driver.post(requester)
    driver.submit(generator, "a")

    with reverts_exactly(bounties.AlreadySubmitted, bountyId=bounty_id, generator=generator):
        bounties.submit(bounty_id, b"\x01" * 32, sender=generator)


def test_submit_reverts_after_the_submit_deadline(driver, bounties, requester, generator, reverts_exactly):
    bounty_id = driver.post(requester)
    driver.after(0)

    with reverts_exactly(bounties.WrongPhase, bountyId=bounty_id, expected=0, actual=1):
        bounties.submit(bounty_id, b"\x01" * 32, sender=generator)


def test_submit_reverts_on_unknown_bounty(bounties, generator, reverts_exactly):
    with reverts_exactly(bounties.UnknownBounty, bountyId=77):
        bounties.submit(77, b"\x01" * 32, sender=generator)


def test_submit_reverts_on_zero_commitment(driver, bounties, requester, generator, reverts_exactly):
    bounty_id = driver.post(requester)
    with reverts_exactly(bounties.ZeroHash):
        bounties.submit(bounty_id, b"\x00" * 32, sender=generator)


def test_reveal_dataset_records_the_hash(driver, bounties, requester, generator):
    driver.post(requester)
    driver.submit(generator, "a")
    driver.after(0)
    driver.reveal_dataset(generator, "a")
    submission = bounties.getSubmission(driver.submissions["a"])

    assert (submission.status, submission.datasetHash) == (1, data_hash("a"))


def test_reveal_dataset_reverts_when_hash_differs_from_commitment(driver, bounties, requester, generator,
                                                                  reverts_exactly):
    bounty_id = driver.post(requester)
    submission_id = driver.submit(generator, "a")
    driver.after(0)
    committed = dataset_commitment(data_hash("a"), salt_of("a"), generator.address, bounty_id)
    actual = dataset_commitment(data_hash("b"), salt_of("a"), generator.address, bounty_id)

    with reverts_exactly(bounties.CommitmentMismatch, submissionId=submission_id, expected=committed, actual=actual):
        bounties.revealDataset(submission_id, data_hash("b"), salt_of("a"), "x", sender=generator)


def test_reveal_dataset_reverts_for_another_generator(driver, bounties, requester, generator, generator2,
                                                      reverts_exactly):
    driver.post(requester)
    submission_id = driver.submit(generator, "a")
    driver.after(0)

    with reverts_exactly(bounties.NotGenerator, submissionId=submission_id, caller=generator2):
        bounties.revealDataset(submission_id, data_hash("a"), salt_of("a"), "x", sender=generator2)


def test_reveal_dataset_reverts_on_a_duplicate_dataset(driver, bounties, requester, generator, generator2,
                                                      reverts_exactly):
    bounty_id = driver.post(requester)
    driver.submit(generator, "a")
    commitment = dataset_commitment(data_hash("a"), salt_of("a"), generator2.address, bounty_id)
    driver.token.approve(bounties, BOND, sender=generator2)
    second = bounties.submit(bounty_id, commitment, sender=generator2).events.filter(bounties.SubmissionCommitted)[0].submissionId
    driver.after(0)
    driver.reveal_dataset(generator, "a")

    with reverts_exactly(bounties.DuplicateDataset, bountyId=bounty_id, datasetHash=data_hash("a")):
        bounties.revealDataset(second, data_hash("a"), salt_of("a"), "x", sender=generator2)


def test_reveal_dataset_reverts_during_submission(driver, bounties, requester, generator, reverts_exactly):
    bounty_id = driver.post(requester)
    submission_id = driver.submit(generator, "a")

    with reverts_exactly(bounties.WrongPhase, bountyId=bounty_id, expected=1, actual=0):
        bounties.revealDataset(submission_id, data_hash("a"), salt_of("a"), "x", sender=generator)
