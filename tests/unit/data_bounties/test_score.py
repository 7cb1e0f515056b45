"""DataBounties.commitScore / revealScore: commitments bound to validator and submission."""

from __future__ import annotations

import pytest

from modelmarket.bounties.commitments import score_commitment
from tests.unit.data_bounties.helpers import salt_of


@pytest.fixture
def scoring(driver, requester, generator, validator):
    """A bounty with one revealed dataset `a`, `validator` joined, in the score-commit phase."""
    driver.post(requester)
    driver.submit(generator, "a")
    driver.join(validator)
    driver.after(0)
    driver.reveal_dataset(generator, "a")
    driver.after(1)
    return driver


def test_commit_score_stores_the_commitment(scoring, bounties, validator):
    scoring.commit(validator, "a", 9_000)
    submission_id = scoring.submissions["a"]

    assert bounties.scoreCommitmentOf(submission_id, validator) == score_commitment(
        9_000, salt_of("a/9000"), validator.address, submission_id
    )


def test_commit_score_reverts_for_a_validator_not_in_the_bounty(scoring, bounties, validator2, reverts_exactly):
    with reverts_exactly(bounties.NotBountyValidator, bountyId=scoring.bounty_id, validator=validator2):
        bounties.commitScore(scoring.submissions["a"], b"\x01" * 32, sender=validator2)


def test_commit_score_reverts_for_an_unrevealed_dataset(driver, bounties, requester, generator, validator,
                                                        reverts_exactly):
    driver.post(requester)
    submission_id = driver.submit(generator, "a")
    driver.join(validator)
    driver.after(1)

    with reverts_exactly(bounties.DatasetNotRevealed, submissionId=submission_id):
        bounties.commitScore(submission_id, b"\x01" * 32, sender=validator)


def test_reveal_score_records_the_score(scoring, bounties, validator):
    scoring.commit(validator, "a", 9_000)
    scoring.after(2)
    scoring.reveal(validator, "a", 9_000)

    assert tuple(bounties.revealedScoreOf(scoring.submissions["a"], validator)) == (True, 9_000)


def test_reveal_score_reverts_when_score_differs_from_commitment(scoring, bounties, validator, reverts_exactly):
    scoring.commit(validator, "a", 9_000)
    scoring.after(2)
    submission_id = scoring.submissions["a"]
    salt = salt_of("a/9000")

    with reverts_exactly(
        bounties.CommitmentMismatch,
        submissionId=submission_id,
        expected=score_commitment(9_000, salt, validator.address, submission_id),
        actual=score_commitment(9_001, salt, validator.address, submission_id),
    ):
        bounties.revealScore(submission_id, 9_001, salt, sender=validator)


def test_reveal_score_reverts_above_the_scale(scoring, bounties, validator, reverts_exactly):
    scoring.commit(validator, "a", 10_001)
    scoring.after(2)

    with reverts_exactly(bounties.ScoreOutOfRange, score=10_001, maximum=10_000):
        scoring.reveal(validator, "a", 10_001)


def test_reveal_score_reverts_without_commitment(scoring, bounties, validator, reverts_exactly):
    scoring.after(2)
    submission_id = scoring.submissions["a"]

    with reverts_exactly(bounties.NothingCommitted, submissionId=submission_id, account=validator):
        bounties.revealScore(submission_id, 1, b"\x00" * 32, sender=validator)


def test_reveal_score_reverts_when_revealed_twice(scoring, bounties, validator, reverts_exactly):
    scoring.commit(validator, "a", 9_000)
    scoring.after(2)
    scoring.reveal(validator, "a", 9_000)
    submission_id = scoring.submissions["a"]

    with reverts_exactly(bounties.NothingCommitted, submissionId=submission_id, account=validator):
        scoring.reveal(validator, "a", 9_000)
