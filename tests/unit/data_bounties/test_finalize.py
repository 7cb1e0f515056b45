"""DataBounties.finalize: median, clipping, verdicts, bonds, validator penalties, EMA and the pool."""

from __future__ import annotations

import pytest

from modelmarket.bounties import consensus as mirror
from tests.unit.data_bounties.helpers import BOND, REWARD, STAKE, THRESHOLD

HONEST = {"good": 9_500, "junk": 2_500}
LAZY = {"good": 10_000, "junk": 10_000}
ACCEPTED, REJECTED, JUNK, UNSCORED = 2, 3, 4, 5


@pytest.fixture
def played(driver, requester, generator, generator2, validator, validator2, validator3):
    """An honest and a junk submission; two honest validators and a lazy one (always 10,000)."""
    receipt = driver.play(
        requester,
        {"good": generator, "junk": generator2},
        [(validator, STAKE, HONEST), (validator2, STAKE, HONEST), (validator3, STAKE, LAZY)],
    )
    return driver, receipt


def _pairs(label):
    return [(HONEST[label], STAKE), (HONEST[label], STAKE), (LAZY[label], STAKE)]


def test_finalize_accepts_the_honest_submission_at_the_clipped_consensus(played, bounties):
    driver, _ = played
    submission = bounties.getSubmission(driver.submissions["good"])
    expected = mirror.verdict(_pairs("good"), THRESHOLD)

    assert (submission.status, submission.medianBps, submission.consensusBps) == (
        ACCEPTED, expected.median, expected.consensus
    )


def test_finalize_marks_the_noise_submission_junk(played, bounties):
    driver, _ = played
    submission = bounties.getSubmission(driver.submissions["junk"])
    expected = mirror.verdict(_pairs("junk"), THRESHOLD)

    assert expected.status == "Junk"
    assert (submission.status, submission.consensusBps) == (JUNK, expected.consensus)


def test_finalize_slashes_the_junk_bond_half_to_the_requester(played, bounties, requester):
    # One accepted submission takes the whole generator pool, and the pool is split without dust
    # here, so the requester's credit is exactly its half of the junk bond.
    assert bounties.claimable(requester) == BOND // 2


def test_finalize_returns_the_accepted_generators_bond(played, bounties, generator):
    assert bounties.claimable(generator) == BOND


def test_finalize_penalizes_the_lazy_validator_by_its_share_of_misses(played, bounties, validator3):
    misses = sum(mirror.is_miss(LAZY[label], mirror.consensus(_pairs(label))[0]) for label in LAZY)

    assert misses == 1
    assert bounties.validatorOf(validator3).stake == STAKE - mirror.penalty(STAKE, misses, 2)


def test_finalize_never_takes_more_than_five_percent_of_weight(played, bounties, validator3):
    assert STAKE - bounties.validatorOf(validator3).stake <= STAKE * 500 // 10_000


def test_finalize_keeps_honest_validators_stake(played, bounties, validator, validator2):
    assert bounties.validatorOf(validator).stake == STAKE
    assert bounties.validatorOf(validator2).stake == STAKE


def test_finalize_splits_the_pool_by_weight_times_hits(played, bounties, validator, validator3):
    pool = REWARD * mirror.VALIDATOR_SHARE_BPS // mirror.BPS + (BOND - BOND // 2) + mirror.penalty(STAKE, 1, 2)
    hit_weights = {"honest": 2 * STAKE, "lazy": 1 * STAKE}
    total = 2 * hit_weights["honest"] + hit_weights["lazy"]

    assert bounties.claimable(validator) == pool * hit_weights["honest"] // total
    assert bounties.claimable(validator3) == pool * hit_weights["lazy"] // total


def test_finalize_moves_each_validators_ema_by_alpha(played, bounties, validator, validator3):
    assert bounties.validatorOf(validator).emaBps == mirror.next_ema(0, 2, 2)
    assert bounties.validatorOf(validator3).emaBps == mirror.next_ema(0, 1, 2)


def test_finalize_counts_generator_reputation(played, bounties, generator, generator2):
    assert tuple(bounties.generatorOf(generator)) == (1, 0)
    assert tuple(bounties.generatorOf(generator2)) == (0, 1)


def test_finalize_unlocks_validator_stake(played, bounties, validator3):
    record = bounties.validatorOf(validator3)
    bounties.withdrawStake(record.stake, sender=validator3)

    assert bounties.validatorOf(validator3).stake == 0


def test_finalize_sets_the_accepted_payout_to_the_generator_pool(played, bounties):
    driver, _ = played
    generator_pool = REWARD - REWARD * mirror.VALIDATOR_SHARE_BPS // mirror.BPS

    assert bounties.getSubmission(driver.submissions["good"]).payout == generator_pool


def test_finalize_keeps_tokens_equal_to_what_is_owed(played, bounties, token, requester, generator, generator2,
                                                      validator, validator2, validator3):
    driver, _ = played
    people = [requester, generator, generator2, validator, validator2, validator3]
    owed = sum(bounties.claimable(p) + bounties.validatorOf(p).stake for p in people)
    unlinked = bounties.getSubmission(driver.submissions["good"]).payout

    assert token.balanceOf(bounties) == owed + unlinked


def test_finalize_emits_one_settlement_per_validator(played, bounties):
    _, receipt = played
    assert len(receipt.events.filter(bounties.ValidatorSettled)) == 3


def test_finalize_reverts_before_the_reveal_deadline(driver, bounties, requester, reverts_exactly):
    bounty_id = driver.post(requester)
    driver.after(2)

    with reverts_exactly(bounties.WrongPhase, bountyId=bounty_id, expected=4, actual=3):
        bounties.finalize(bounty_id, sender=requester)


def test_finalize_reverts_when_already_finalized(played, bounties, requester, reverts_exactly):
    driver, _ = played
    with reverts_exactly(bounties.WrongPhase, bountyId=driver.bounty_id, expected=4, actual=5):
        bounties.finalize(driver.bounty_id, sender=requester)


def test_finalize_returns_the_bond_of_an_unscored_submission(driver, bounties, requester, generator, validator):
    driver.play(requester, {"good": generator}, [(validator, STAKE, {"good": None})])

    assert bounties.getSubmission(driver.submissions["good"]).status == UNSCORED
    assert bounties.claimable(generator) == BOND


def test_finalize_refunds_the_whole_reward_when_nothing_is_submitted(driver, bounties, requester, validator):
    driver.play(requester, {}, [(validator, STAKE, {})])

    assert bounties.claimable(requester) == REWARD
    assert bounties.validatorOf(validator).stake == STAKE


def test_finalize_returns_the_bond_between_half_threshold_and_threshold(driver, bounties, requester, generator,
                                                                        validator):
    driver.play(requester, {"meh": generator}, [(validator, STAKE, {"meh": THRESHOLD - 1})])

    assert bounties.getSubmission(driver.submissions["meh"]).status == REJECTED
    assert bounties.claimable(generator) == BOND


def test_finalize_forfeits_an_unrevealed_dataset_as_junk(driver, bounties, requester, generator, validator):
    driver.post(requester)
    driver.submit(generator, "hidden")
    driver.join(validator)
    driver.after(3)
    bounties.finalize(driver.bounty_id, sender=requester)

    assert bounties.getSubmission(driver.submissions["hidden"]).status == JUNK
    assert bounties.claimable(generator) == 0


def test_finalize_penalizes_a_validator_that_never_reveals(driver, bounties, requester, generator, validator,
                                                            validator2):
    driver.play(requester, {"good": generator}, [(validator, STAKE, {"good": 9_000}), (validator2, STAKE, {"good": None})])

    assert bounties.validatorOf(validator2).stake == STAKE - mirror.penalty(STAKE, 1, 1)
    assert bounties.validatorOf(validator2).emaBps == 0
