"""Scenarios across StakingPool and Disputes: slashing of thawing stake, caps, reward fairness,
delayed cut changes, slasher access, parameter bounds and equivocation proofs."""

from __future__ import annotations

import pytest
from eth_account import Account

from tests.unit.staking_pool.helpers import (
    MAX_UINT, MIN_BOND, MIN_SELF_STAKE, THAWING_PERIOD, TOKEN, ZERO_ADDRESS, make_receipt, prove, sign_receipt,
    to_high_s,
)

EVIDENCE = b"\x07" * 32


@pytest.fixture
def actors(token, staking, disputes, owner, delegator, delegator2, consumer, stranger):
    for account in (owner, delegator, delegator2, consumer):
        token.approve(staking, MAX_UINT, sender=account)
    for account in (stranger, consumer):
        token.approve(disputes, MAX_UINT, sender=account)


@pytest.fixture
def asset(list_asset, staking, actors, owner):
    asset_id = list_asset()
    staking.stake(asset_id, MIN_SELF_STAKE, sender=owner)
    return asset_id


def _wait(chain, seconds):
    chain.pending_timestamp += seconds
    chain.mine()


def _uphold(disputes, arbiter, reporter, asset_id, amount):
    disputes.openDispute(asset_id, MIN_BOND, EVIDENCE, "ipfs://evidence", ZERO_ADDRESS, 0, sender=reporter)
    return disputes.upholdDispute(disputes.disputeCount(), amount, 0, sender=arbiter).return_value


def test_thawing_stake_is_slashed_when_slash_lands(
    staking, disputes, token, asset, owner, delegator, arbiter, stranger, chain
):
    staking.delegateStake(asset, 19_000 * TOKEN, sender=delegator)
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    assert staking.thawingStakeOf(asset, delegator) == 19_000 * TOKEN

    slashed = _uphold(disputes, arbiter, stranger, asset, 2_000 * TOKEN)  # 10 % of 20,000

    assert slashed == 2_000 * TOKEN
    # first loss: the owner's 1,000 of self-stake, then 1,000 of the delegator's thawing stake
    assert staking.selfStakeOf(asset, owner) == 0
    assert staking.thawingStakeOf(asset, delegator) == 18_000 * TOKEN
    _wait(chain, THAWING_PERIOD)
    balance = token.balanceOf(delegator)
    staking.withdraw(asset, sender=delegator)
    assert token.balanceOf(delegator) - balance == 18_000 * TOKEN
    assert token.balanceOf(staking) >= staking.totalStake(asset)


def test_slash_never_exceeds_cap(staking, disputes, asset, delegator, arbiter, stranger, consumer):
    staking.delegateStake(asset, 4_000 * TOKEN, sender=delegator)
    window_cap = staking.slashCap(asset)
    assert window_cap == staking.totalStake(asset) // 10
    total_slashed = 0
    for reporter in (stranger, consumer, stranger, consumer):  # four rulings, each asking 10x the cap
        total = staking.totalStake(asset)
        disputes.openDispute(asset, MIN_BOND, EVIDENCE, "u", ZERO_ADDRESS, 0, sender=reporter)
        slashed = disputes.upholdDispute(disputes.disputeCount(), 10 * window_cap, 0, sender=arbiter).return_value
        assert staking.totalStake(asset) == total - slashed
        total_slashed += slashed
    assert total_slashed == window_cap  # one thawing period, one cap


def test_two_delegators_with_different_entry_times_get_exact_shares(
    staking, token, asset, owner, delegator, delegator2, consumer, chain
):
    staking.setDelegatorCut(asset, 5_000, sender=owner)
    _wait(chain, staking.cutChangeDelay())
    staking.delegateStake(asset, 1_000 * TOKEN, sender=delegator)
    staking.depositFees(asset, 100 * TOKEN, sender=consumer)  # 50 to delegators, all to delegator
    _wait(chain, staking.REWARD_STREAM_PERIOD())  # streamed out while delegator was alone
    staking.delegateStake(asset, 3_000 * TOKEN, sender=delegator2)
    staking.depositFees(asset, 100 * TOKEN, sender=consumer)  # 50 to delegators, split 1:3
    _wait(chain, staking.REWARD_STREAM_PERIOD())

    expected_1 = 50 * TOKEN + 50 * TOKEN // 4
    expected_2 = 50 * TOKEN * 3 // 4
    for account, expected in ((delegator, expected_1), (delegator2, expected_2)):
        balance = token.balanceOf(account)
        staking.claimRewards(asset, sender=account)
        paid = token.balanceOf(account) - balance
        assert expected - 2 <= paid <= expected
    assert staking.claimRewards(asset, sender=owner).events.filter(staking.RewardsClaimed)[0].ownerRewards == 100 * TOKEN


def test_owner_cannot_change_cut_without_delay(staking, asset, owner, delegator, consumer, chain):
    staking.setDelegatorCut(asset, 8_000, sender=owner)
    _wait(chain, staking.cutChangeDelay())
    staking.delegateStake(asset, 1_000 * TOKEN, sender=delegator)

    staking.setDelegatorCut(asset, 0, sender=owner)  # owner tries to take everything
    assert staking.effectiveDelegatorCut(asset) == 8_000
    staking.depositFees(asset, 10 * TOKEN, sender=consumer)
    # A deposit made under the old cut streams the old cut in full, even past the change.
    _wait(chain, staking.REWARD_STREAM_PERIOD())
    assert staking.effectiveDelegatorCut(asset) == 0
    assert staking.pendingRewards(asset, delegator) >= 8 * TOKEN - 1

    # The delegator leaves once the change lands and keeps what it earned; new fees go to the owner.
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    staking.depositFees(asset, 10 * TOKEN, sender=consumer)
    assert staking.pendingRewards(asset, delegator) >= 8 * TOKEN - 1


def test_only_disputes_can_slash(staking, disputes, asset, deployer, owner, arbiter, stranger, reverts_exactly):
    for caller in (deployer, owner, arbiter):
        with reverts_exactly(staking.NotSlasher, caller=caller):
            staking.slash(asset, TOKEN, caller, sender=caller)
    assert _uphold(disputes, arbiter, stranger, asset, TOKEN) == TOKEN


def test_params_out_of_bounds_revert(staking, disputes, asset, owner, deployer, reverts_exactly):
    with reverts_exactly(staking.CutAboveMax, cutBps=10_001, maximum=10_000):
        staking.setDelegatorCut(asset, 10_001, sender=owner)
    with reverts_exactly(staking.ParameterOutOfBounds, value=0, minimum=1, maximum=10**27):
        staking.setMinSelfStake(0, sender=deployer)
    with reverts_exactly(staking.ParameterOutOfBounds, value=91 * 86_400, minimum=14 * 86_400, maximum=90 * 86_400):
        staking.setThawingPeriod(91 * 86_400, sender=deployer)
    with reverts_exactly(staking.ParameterOutOfBounds, value=3_600, minimum=86_400, maximum=30 * 86_400):
        staking.setCutChangeDelay(3_600, sender=deployer)
    with reverts_exactly(disputes.ParameterOutOfBounds, value=5_001, minimum=0, maximum=5_000):
        disputes.setReporterRewardBps(5_001, sender=deployer)
    with reverts_exactly(disputes.ParameterOutOfBounds, value=10**24 + 1, minimum=10**15, maximum=10**24):
        disputes.setMinBond(10**24 + 1, sender=deployer)
    with reverts_exactly(disputes.ParameterOutOfBounds, value=15 * 86_400, minimum=86_400, maximum=14 * 86_400):
        disputes.setResolutionWindow(15 * 86_400, sender=deployer)


def test_equivocation_proof_works_and_replays_wrong_signers_and_high_s_fail(
    staking, disputes, registry, token, asset, owner, delegator, stranger, treasury, chain, reverts_exactly
):
    staking.delegateStake(asset, 9_000 * TOKEN, sender=delegator)
    operator = Account.create()
    registry.setOperator(asset, operator.address, sender=owner)

    def sign(key, receipt):
        return sign_receipt(key.key, disputes.address, chain.chain_id, receipt)

    a, b = make_receipt(asset, request=5, response=1), make_receipt(asset, request=5, response=2)
    sig_a, sig_b = sign(operator, a), sign(operator, b)

    with reverts_exactly(disputes.MalformedReceiptSignature, recoverError=3, errorArg=to_high_s(sig_b)[32:64]):
        prove(disputes, a, sig_a, b, to_high_s(sig_b), sender=stranger)
    intruder = Account.create()
    with reverts_exactly(disputes.WrongReceiptSigner, assetId=asset, recovered=intruder.address, expected=operator.address):
        prove(disputes, a, sig_a, b, sign(intruder, b), sender=stranger)

    slashed = prove(disputes, a, sig_a, b, sig_b, sender=stranger).return_value
    assert slashed == 10_000 * TOKEN * 500 // 10_000
    assert staking.totalStake(asset) == 10_000 * TOKEN - slashed

    with reverts_exactly(disputes.EquivocationAlreadyProven, assetId=asset, version=1, requestHash=a["requestHash"]):
        prove(disputes, b, sig_b, a, sig_a, sender=stranger)

    reward = disputes.claimable(stranger)
    assert reward + disputes.claimable(treasury) == slashed
    balance = token.balanceOf(stranger)
    disputes.claim(sender=stranger)
    assert token.balanceOf(stranger) == balance + reward
    assert token.balanceOf(disputes) == disputes.claimable(treasury)
