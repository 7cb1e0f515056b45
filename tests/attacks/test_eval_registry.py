"""Attacks on staked performance attestations (EvalRegistry).

* An evaluator that sees a challenge coming (mempool) tries to dodge it: finalize early, replace
  its attestation, or pull its bond. Attestations are immutable and their bonds locked until the
  window ends; a challenged bond moves only by the vote or the timeout.
* Parties vote on their own case; sybil evaluators appear after an attestation to decide it.
* Late challenges, double claims, double finalization.
* One outlier (with a huge bond) or a swarm of cheap sybil entries tries to move the score.
* A well-funded attester posts a bond far above the weight cap to price challengers out.
"""

from __future__ import annotations

import pytest

from tests.unit.eval_registry.helpers import (
    EVAL_SET, EVALUATOR_BOND, MAX_UINT, METRIC, MIN_BOND, QUORUM, REJECTED, VERSION_HASH, WEIGHT_CAP, attest, claim,
    cut, past_window,
)


@pytest.fixture(scope="session")
def evals(market):
    return market.require("EvalRegistry")


@pytest.fixture
def approved(evals, token, accounts):
    for account in accounts[3:10]:
        token.approve(evals, MAX_UINT, sender=account)


@pytest.fixture
def model(list_asset) -> int:
    return list_asset(contentHash=VERSION_HASH)


@pytest.fixture
def voters(evals, approved, delegator, delegator2, consumer):
    for account in (delegator, delegator2, consumer):
        evals.registerEvaluator(sender=account)
    return (delegator, delegator2, consumer)


def _score(evals, model):
    return evals.score(model, VERSION_HASH, METRIC, EVAL_SET)


def test_evaluator_front_runs_challenge_by_finalizing_fails(evals, model, approved, owner, stranger, chain, reverts_exactly):
    attestation_id = attest(evals, owner, model, value=999_999)
    ends = evals.getAttestation(attestation_id).windowEndsAt
    chain.pending_timestamp = ends - 2  # the challenge is in the mempool; the attester jumps in front
    with reverts_exactly(evals.ChallengeWindowOpen, attestationId=attestation_id, windowEndsAt=ends):
        evals.finalize(attestation_id, sender=owner)
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    assert evals.getAttestation(attestation_id).challenger == stranger.address


def test_evaluator_front_runs_challenge_by_replacing_attestation_fails(evals, model, approved, owner, stranger, reverts_exactly):
    attestation_id = attest(evals, owner, model, value=999_999)
    key = evals.getAttestation(attestation_id).key
    with reverts_exactly(evals.AlreadyAttested, key=key, attester=owner, attestationId=attestation_id):
        evals.attest(claim(model, value=950_000), MIN_BOND, sender=owner)
    # No function rewrites an attestation: the mutating surface is exactly this.
    mutating = {abi.name for abi in evals.contract_type.mutable_methods}
    assert mutating == {
        "attest", "challenge", "vote", "finalize", "timeout", "claim", "registerEvaluator", "requestExit",
        "withdrawEvaluatorBond",
    }
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    assert evals.getAttestation(attestation_id).claim.value == 999_999


def test_bond_withdrawal_during_challenge_fails(evals, token, model, voters, owner, stranger, chain, reverts_exactly):
    # The attester is also a registered evaluator: neither its attestation bond nor (within the
    # exit delay) its evaluator bond can leave once the challenge lands.
    attester = voters[0]
    attestation_id = attest(evals, attester, model, value=999_999)
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    with reverts_exactly(evals.NothingToClaim, account=attester):
        evals.claim(sender=attester)
    resolve_by = evals.getAttestation(attestation_id).resolveBy
    with reverts_exactly(evals.VotingOpen, attestationId=attestation_id, resolveBy=resolve_by):
        evals.timeout(attestation_id, sender=attester)
    evals.requestExit(sender=attester)
    unlocks = chain.blocks.head.timestamp + evals.exitDelay()
    with reverts_exactly(evals.ExitDelayNotElapsed, evaluator=attester, unlocksAt=unlocks):
        evals.withdrawEvaluatorBond(sender=attester)
    assert token.balanceOf(evals) == 2 * MIN_BOND + 3 * EVALUATOR_BOND


def test_self_vote_fails(evals, model, voters, stranger, reverts_exactly):
    attester = voters[0]
    attestation_id = attest(evals, attester, model, value=999_999)
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    with reverts_exactly(evals.PartyCannotVote, attestationId=attestation_id, voter=attester):
        evals.vote(attestation_id, True, sender=attester)
    assert not evals.canVote(attestation_id, attester)


def test_challenger_self_vote_fails(evals, model, voters, owner, reverts_exactly):
    challenger = voters[0]  # a registered evaluator challenges, then tries to vote its own challenge through
    attestation_id = attest(evals, owner, model)
    evals.challenge(attestation_id, MIN_BOND, sender=challenger)
    with reverts_exactly(evals.PartyCannotVote, attestationId=attestation_id, voter=challenger):
        evals.vote(attestation_id, False, sender=challenger)


def test_sybil_evaluators_registered_after_attestation_cannot_vote(evals, model, approved, owner, accounts, reverts_exactly):
    # The attester sees a challenge coming and registers QUORUM fresh evaluators to uphold its figure.
    attestation_id = attest(evals, owner, model, value=999_999)
    sybils = accounts[4 : 4 + QUORUM]
    for sybil in sybils:
        evals.registerEvaluator(sender=sybil)
    evals.challenge(attestation_id, MIN_BOND, sender=accounts[9])
    for sybil in sybils:
        with reverts_exactly(evals.NotEligibleVoter, attestationId=attestation_id, voter=sybil):
            evals.vote(attestation_id, True, sender=sybil)
    assert evals.getAttestation(attestation_id).votesForAttester == 0


def test_challenge_after_window_fails(evals, model, approved, owner, stranger, chain, reverts_exactly):
    attestation_id = attest(evals, owner, model)
    past_window(chain, evals, attestation_id)
    ends = evals.getAttestation(attestation_id).windowEndsAt
    with reverts_exactly(evals.ChallengeWindowClosed, attestationId=attestation_id, windowEndsAt=ends):
        evals.challenge(attestation_id, MIN_BOND, sender=stranger)


def test_double_claim_fails(evals, token, model, voters, owner, stranger, reverts_exactly):
    attestation_id = attest(evals, owner, model, value=999_999)
    evals.challenge(attestation_id, MIN_BOND, sender=stranger)
    for voter in voters:
        evals.vote(attestation_id, False, sender=voter)
    assert evals.getAttestation(attestation_id).status == REJECTED
    evals.claim(sender=stranger)
    with reverts_exactly(evals.NothingToClaim, account=stranger):
        evals.claim(sender=stranger)
    with reverts_exactly(evals.WrongStatus, attestationId=attestation_id, status=REJECTED, expected=2):
        evals.timeout(attestation_id, sender=stranger)
    with reverts_exactly(evals.WrongStatus, attestationId=attestation_id, status=REJECTED, expected=1):
        evals.finalize(attestation_id, sender=owner)
    # What is left is exactly the treasury's cut and the evaluators' bonds.
    assert token.balanceOf(evals) == cut(MIN_BOND) + 3 * EVALUATOR_BOND


def test_bond_above_the_weight_cap_prices_out_challengers_fails(evals, token, model, voters, owner, stranger):
    huge = 100 * WEIGHT_CAP  # counts in the score as WEIGHT_CAP, whatever is posted
    attestation_id = attest(evals, owner, model, value=999_999, bond=huge)

    # a challenger needs to match only what the bond buys in the score
    evals.challenge(attestation_id, WEIGHT_CAP, sender=stranger)
    for voter in voters:
        evals.vote(attestation_id, False, sender=voter)

    assert evals.getAttestation(attestation_id).status == REJECTED
    before = token.balanceOf(stranger)
    evals.claim(sender=stranger)
    assert token.balanceOf(stranger) - before == WEIGHT_CAP + huge - cut(huge)


def test_median_manipulation_by_one_outlier_fails(evals, model, approved, owner, delegator, delegator2, consumer, chain):
    honest = {delegator: 940_000, delegator2: 950_000, consumer: 960_000}
    ids = [attest(evals, account, model, value, bond=2 * MIN_BOND) for account, value in honest.items()]
    ids.append(attest(evals, owner, model, value=0, bond=100 * MIN_BOND))  # one outlier, a huge bond
    past_window(chain, evals, ids[-1])
    for attestation_id in ids:
        evals.finalize(attestation_id, sender=owner)
    median, count, _ = _score(evals, model)
    assert count == 4
    assert min(honest.values()) <= median <= max(honest.values())
    key = evals.scoreKey(model, VERSION_HASH, METRIC, EVAL_SET)
    assert max(evals.scoreEntries(key).weights) == WEIGHT_CAP  # the outlier weighs the cap, not its bond


def test_sybil_entries_filling_the_score_are_displaced(evals, token, model, approved, deployer, accounts, owner, chain):
    # 16 fresh accounts post the minimum bond with a fake figure and fill the key's slots; heavier
    # honest attestations displace them one by one, and the score returns to the honest figure.
    from ape import accounts as ape_accounts

    sybils = [ape_accounts.test_accounts.generate_test_account() for _ in range(16)]
    ids = []
    for sybil in sybils:
        deployer.transfer(sybil, 10**18)
        token.transfer(sybil, MIN_BOND, sender=deployer)
        token.approve(evals, MIN_BOND, sender=sybil)
        ids.append(attest(evals, sybil, model, value=1_000_000))
    honest = accounts[3:9]
    ids += [attest(evals, account, model, value=900_000, bond=WEIGHT_CAP) for account in honest]
    past_window(chain, evals, ids[-1])
    for attestation_id in ids:
        evals.finalize(attestation_id, sender=owner)
    median, count, _ = _score(evals, model)
    assert count == 16  # bounded
    assert median == 900_000  # 6 honest × 4 bonds outweigh the 10 sybils left
