"""Attacks on DataBounties: copying, switching, collusion, griefing and sybils.

What each attack achieves is stated in its docstring and in SECURITY.md ("Synthetic-data bounties").
Stake-weighted median with scores clipped into [median − 1,000, median]: a coalition below half of
the stake cannot move the median, so it can neither accept junk nor reject honest data whose median
clears the threshold by more than its stake share × 1,000 bps; a third of the stake is not a
threshold of this design (unlike BFT voting), half is. A majority coalition decides verdicts, and
then honest validators lose at most 5 % of their weight per bounty.
"""

from __future__ import annotations

import pytest

from modelmarket.bounties import consensus as mirror
from modelmarket.bounties.commitments import dataset_commitment, score_commitment
from tests.unit.data_bounties.helpers import BOND, MAX_UINT, STAKE, THRESHOLD, Driver, data_hash, salt_of

HONEST = {"good": 9_000, "junk": 2_000}
COLLUDING = {"good": 0, "junk": 10_000}
ACCEPTED, JUNK = 2, 4


@pytest.fixture
def bounties(market):
    return market.require("DataBounties")


@pytest.fixture
def driver(chain, bounties, token):
    return Driver(chain, bounties, token)


@pytest.fixture
def fresh(accounts, token, deployer):
    """Factory: a new funded account (gas and 10,000 tokens)."""

    def _fresh():
        account = accounts.generate_test_account()
        deployer.transfer(account, 10**17)
        token.transfer(account, 10_000 * 10**18, sender=deployer)
        return account

    return _fresh


def _coalition(fresh, honest_stakes, colluding_stakes):
    honest = [(fresh(), stake, HONEST) for stake in honest_stakes]
    colluding = [(fresh(), stake, COLLUDING) for stake in colluding_stakes]
    return honest, colluding


def _statuses(bounties, driver):
    return {label: bounties.getSubmission(i).status for label, i in driver.submissions.items()}


def test_copying_another_generators_commitment_cannot_be_revealed(driver, bounties, owner, other_owner, delegator,
                                                                  reverts_exactly):
    """The copier bonds the victim's commitment, then replays the victim's reveal: it does not hash
    to the commitment with the copier's address in it, so the copier loses its bond as unrevealed."""
    bounty_id = driver.post(owner)
    victim_id = driver.submit(other_owner, "good")
    commitment = bounties.getSubmission(victim_id).commitment
    driver.token.approve(bounties, MAX_UINT, sender=delegator)
    copy_id = bounties.submit(bounty_id, commitment, sender=delegator).events.filter(
        bounties.SubmissionCommitted)[0].submissionId
    driver.after(0)
    driver.reveal_dataset(other_owner, "good")

    with reverts_exactly(bounties.CommitmentMismatch, submissionId=copy_id, expected=commitment,
                         actual=dataset_commitment(data_hash("good"), salt_of("good"), delegator.address, bounty_id)):
        bounties.revealDataset(copy_id, data_hash("good"), salt_of("good"), "copied", sender=delegator)


def test_copying_another_validators_score_reveal_fails_and_costs_stake(driver, bounties, owner, other_owner,
                                                                      delegator2, consumer, reverts_exactly):
    """A lazy validator copies an honest validator's commitment, then its revealed score and salt:
    the reveal binds the validator's address, so it reverts; the copier ends as a non-revealer."""
    driver.post(owner)
    driver.submit(other_owner, "good")
    driver.join(delegator2)
    driver.join(consumer)
    driver.after(0)
    driver.reveal_dataset(other_owner, "good")
    driver.after(1)
    driver.commit(delegator2, "good", 9_000)
    submission_id = driver.submissions["good"]
    copied = bounties.scoreCommitmentOf(submission_id, delegator2)
    bounties.commitScore(submission_id, copied, sender=consumer)
    driver.after(2)
    driver.reveal(delegator2, "good", 9_000)
    salt = salt_of("good/9000")

    with reverts_exactly(bounties.CommitmentMismatch, submissionId=submission_id, expected=copied,
                         actual=score_commitment(9_000, salt, consumer.address, submission_id)):
        bounties.revealScore(submission_id, 9_000, salt, sender=consumer)
    driver.after(3)
    bounties.finalize(driver.bounty_id, sender=owner)
    assert bounties.validatorOf(consumer).stake == STAKE - mirror.penalty(STAKE, 1, 1)


def test_revealing_a_different_score_than_committed_reverts(driver, bounties, owner, other_owner, delegator2,
                                                            reverts_exactly):
    """A validator that saw the others' reveals cannot switch to the consensus: only its committed
    score opens the commitment."""
    driver.post(owner)
    driver.submit(other_owner, "good")
    driver.join(delegator2)
    driver.after(0)
    driver.reveal_dataset(other_owner, "good")
    driver.after(1)
    driver.commit(delegator2, "good", 10_000)
    driver.after(2)
    submission_id = driver.submissions["good"]
    salt = salt_of("good/10000")

    with reverts_exactly(bounties.CommitmentMismatch, submissionId=submission_id,
                         expected=score_commitment(10_000, salt, delegator2.address, submission_id),
                         actual=score_commitment(9_000, salt, delegator2.address, submission_id)):
        bounties.revealScore(submission_id, 9_000, salt, sender=delegator2)


def test_collusion_below_a_third_cannot_accept_junk_or_reject_honest_data(driver, bounties, owner, other_owner,
                                                                          delegator, fresh):
    """30 % of the stake scores junk 10,000 and honest data 0: the median stays honest, the junk
    score is clipped to it, the honest consensus drops by at most 30 % × 1,000 bps; the colluders
    lose 5 % each."""
    honest, colluding = _coalition(fresh, [350 * 10**18, 350 * 10**18], [300 * 10**18])
    driver.play(owner, {"good": other_owner, "junk": delegator}, honest + colluding)

    assert _statuses(bounties, driver) == {"good": ACCEPTED, "junk": JUNK}
    assert bounties.getSubmission(driver.submissions["good"]).consensusBps >= HONEST["good"] - 300
    assert bounties.validatorOf(colluding[0][0]).stake == 300 * 10**18 - mirror.penalty(300 * 10**18, 2, 2)


def test_collusion_above_a_third_below_half_still_cannot_flip_verdicts(driver, bounties, owner, other_owner,
                                                                       delegator, fresh):
    """45 % of the stake: the median is still the honest score (it needs half), so junk stays junk;
    the honest consensus drops by at most 45 % × 1,000 bps (9,000 → ≥ 8,550 here, above 6,000)."""
    honest, colluding = _coalition(fresh, [275 * 10**18, 275 * 10**18], [250 * 10**18, 200 * 10**18])
    driver.play(owner, {"good": other_owner, "junk": delegator}, honest + colluding)

    assert _statuses(bounties, driver) == {"good": ACCEPTED, "junk": JUNK}
    assert bounties.getSubmission(driver.submissions["good"]).consensusBps >= HONEST["good"] - 450
    for account, stake, _ in colluding:
        assert bounties.validatorOf(account).stake == stake - mirror.penalty(stake, 2, 2)


def test_collusion_above_half_decides_verdicts_but_honest_lose_at_most_five_percent(driver, bounties, owner,
                                                                                    other_owner, delegator, fresh):
    """A stake majority owns the median (the design's limit, as in Yuma consensus): junk is accepted
    and honest data rejected. Honest validators then count as far from consensus and lose the
    capped 5 %, no more; requesters should pick bounties whose validator set they trust."""
    honest, colluding = _coalition(fresh, [400 * 10**18], [600 * 10**18])
    driver.play(owner, {"good": other_owner, "junk": delegator}, honest + colluding)

    assert bounties.getSubmission(driver.submissions["junk"]).status == ACCEPTED
    assert bounties.getSubmission(driver.submissions["good"]).status == JUNK
    lost = 400 * 10**18 - bounties.validatorOf(honest[0][0]).stake
    assert lost == mirror.penalty(400 * 10**18, 2, 2) <= 400 * 10**18 * 500 // 10_000


def test_griefing_by_never_revealing_cannot_block_exit(driver, bounties, token, owner, other_owner, delegator,
                                                      delegator2, consumer):
    """A generator that never reveals and a validator that commits but never reveals: finalization
    still runs after the deadline (anyone may call it), the griefers pay (bond forfeited, 5 % of
    weight), everyone else exits with what is theirs and the contract ends holding nothing."""
    driver.post(owner)
    driver.submit(other_owner, "good")
    driver.submit(delegator, "hidden")
    driver.join(delegator2)
    driver.join(consumer)
    driver.after(0)
    driver.reveal_dataset(other_owner, "good")
    driver.after(1)
    driver.commit(delegator2, "good", 9_000)
    driver.commit(consumer, "good", 9_000)
    driver.after(2)
    driver.reveal(delegator2, "good", 9_000)
    driver.after(3)
    bounties.finalize(driver.bounty_id, sender=delegator2)

    assert bounties.getSubmission(driver.submissions["hidden"]).status == JUNK
    assert bounties.validatorOf(consumer).stake == STAKE - mirror.penalty(STAKE, 1, 1)
    for account in (owner, other_owner, delegator2, consumer):
        if bounties.claimable(account):
            bounties.claim(sender=account)
    for account in (delegator2, consumer):
        bounties.withdrawStake(bounties.validatorOf(account).stake, sender=account)
    unlinked = bounties.getSubmission(driver.submissions["good"]).payout
    assert token.balanceOf(bounties) == unlinked  # only the accepted reward awaiting its listing


def test_sybil_validators_gain_no_weight_over_one_validator(chain, driver, bounties, owner, other_owner, fresh):
    """Splitting 600 tokens of stake into three validators weighs exactly what one validator with
    600 does: the median and consensus are the same."""
    honest = (fresh(), 700 * 10**18, {"good": 9_000})
    driver.play(owner, {"good": other_owner}, [honest, (fresh(), 600 * 10**18, {"good": 7_000})])
    single = bounties.getSubmission(driver.submissions["good"])
    sybils = [(fresh(), 200 * 10**18, {"good": 7_000}) for _ in range(3)]
    honest2 = (fresh(), 700 * 10**18, {"good": 9_000})
    split = Driver(chain, bounties, driver.token)
    split.play(owner, {"good": other_owner}, [honest2, *sybils])
    several = bounties.getSubmission(split.submissions["good"])

    assert (single.medianBps, single.consensusBps) == (several.medianBps, several.consensusBps)


def test_sybils_cannot_grow_the_validator_set_beyond_its_bound(driver, bounties, owner, fresh, reverts_exactly):
    """At most 64 validators per bounty (each with the minimum stake locked): the median stays
    bounded work, and a 65th account is refused."""
    start = driver.chain.pending_timestamp
    long = 10_000  # 64 sybils take a few hundred one-second blocks to join
    bounty_id = driver.post(owner, submitDeadline=start + long, datasetRevealDeadline=start + 2 * long,
                            scoreCommitDeadline=start + 3 * long, scoreRevealDeadline=start + 4 * long)
    minimum = bounties.MIN_VALIDATOR_STAKE()
    for _ in range(bounties.MAX_VALIDATORS()):
        driver.join(fresh(), minimum)
    late = fresh()
    driver.stake(late, minimum)

    with reverts_exactly(bounties.ValidatorSetFull, bountyId=bounty_id, maximum=64):
        bounties.joinBounty(bounty_id, sender=late)


def test_validator_cannot_withdraw_to_dodge_a_penalty(driver, bounties, owner, delegator2, reverts_exactly):
    """Stake stays locked from joining until finalization, so a validator that expects to be far from
    consensus cannot pull its stake first."""
    driver.post(owner)
    driver.join(delegator2)
    driver.after(2)

    with reverts_exactly(bounties.StakeLocked, validator=delegator2, activeBounties=1):
        bounties.withdrawStake(STAKE, sender=delegator2)


def test_resubmitting_an_accepted_dataset_under_a_second_account_is_refused(driver, bounties, owner, other_owner,
                                                                           delegator, reverts_exactly):
    """One dataset is paid once per bounty: a second submission revealing the same hash reverts
    (and forfeits its bond as unrevealed)."""
    bounty_id = driver.post(owner)
    driver.submit(other_owner, "good")
    driver.token.approve(bounties, BOND, sender=delegator)
    commitment = dataset_commitment(data_hash("good"), salt_of("x"), delegator.address, bounty_id)
    second = bounties.submit(bounty_id, commitment, sender=delegator).events.filter(
        bounties.SubmissionCommitted)[0].submissionId
    driver.after(0)
    driver.reveal_dataset(other_owner, "good")

    with reverts_exactly(bounties.DuplicateDataset, bountyId=bounty_id, datasetHash=data_hash("good")):
        bounties.revealDataset(second, data_hash("good"), salt_of("x"), "dup", sender=delegator)


def test_threshold_is_what_the_requester_posted(driver, bounties, owner):
    """Sanity for the scenarios above: they run at the posted threshold."""
    bounty_id = driver.post(owner)
    assert bounties.getBounty(bounty_id).acceptThresholdBps == THRESHOLD
