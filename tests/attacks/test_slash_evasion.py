"""Attack 6: unstake just before a slash — stakers see a dispute coming and start thawing.

Defence: thawing stake stays in the (slashable) thawing pool; a slash is spread pro rata over
active and thawing tokens, so leaving early saves nothing.
"""

from __future__ import annotations

import pytest

from tests.attacks.conftest import MIN_SELF_STAKE
from tests.attacks.helpers import MAX_UINT, TOKEN, sign_receipt

DELEGATED = 9_000 * TOKEN
TOTAL = MIN_SELF_STAKE + DELEGATED


def _pool(staking, token, asset, delegator):
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, DELEGATED, sender=delegator)
    assert staking.totalStake(asset) == TOTAL


def test_unstake_before_slash_fails(staking, disputes, token, asset, owner, delegator, stranger, arbiter, chain):
    _pool(staking, token, asset, delegator)
    token.approve(disputes, MAX_UINT, sender=stranger)
    dispute_id = disputes.openDispute(asset, disputes.minBond(), b"\x01" * 32, "ipfs://evidence",
                                      "0x" + "00" * 20, 0, sender=stranger).events.filter(
        disputes.DisputeOpened)[0].disputeId

    # The delegator front-runs the arbiter: all of its stake starts thawing.
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    assert staking.delegatedStakeOf(asset, delegator) == 0

    cap = staking.slashCap(asset)
    assert cap == TOTAL // 10
    receipt = disputes.upholdDispute(dispute_id, cap, 0, sender=arbiter)
    event = receipt.events.filter(staking.Slashed)[0]
    assert event.fromThawing == cap * DELEGATED // TOTAL  # 90 % of the slash hits the thawing stake
    assert event.fromActive == cap * MIN_SELF_STAKE // TOTAL

    expected = DELEGATED - cap * DELEGATED // TOTAL  # 8,100 tokens
    assert expected - 1 <= staking.thawingStakeOf(asset, delegator) <= expected
    chain.pending_timestamp += staking.thawingPeriod()
    before = token.balanceOf(delegator)
    staking.withdraw(asset, sender=delegator)
    assert expected - 1 <= token.balanceOf(delegator) - before <= expected


def test_unstake_before_equivocation_proof_fails(staking, disputes, token, asset, owner, delegator, stranger):
    """Even the asset owner, who knows it equivocated, cannot thaw its self-stake away first."""
    _pool(staking, token, asset, delegator)
    staking.unstake(asset, staking.getStaker(asset, owner).selfShares, sender=owner)
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    assert staking.getPool(asset).activeTokens == 0

    a, sig_a = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    receipt = disputes.proveEquivocation(a, sig_a, b, sig_b, sender=stranger)

    slashed = TOTAL * disputes.EQUIVOCATION_SLASH_BPS() // 10_000
    event = receipt.events.filter(staking.Slashed)[0]
    assert (event.slashed, event.fromThawing, event.fromActive) == (slashed, slashed, 0)
    assert staking.thawingStakeOf(asset, owner) <= MIN_SELF_STAKE * 95 // 100


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="BUG (parameter coupling): StakingPool.MIN_THAWING_PERIOD (1 day) < Disputes resolutionWindow "
    "(7 days default, up to MAX_RESOLUTION_WINDOW 30 days); with in-bounds settings a staker thaws and "
    "withdraws while a dispute is pending, before the arbiter can slash",
)
def test_withdraw_before_pending_dispute_resolves_fails(staking, disputes, token, asset, delegator, stranger,
                                                        arbiter, deployer, chain):
    staking.setThawingPeriod(staking.MIN_THAWING_PERIOD(), sender=deployer)  # in bounds
    _pool(staking, token, asset, delegator)
    token.approve(disputes, MAX_UINT, sender=stranger)
    dispute_id = disputes.openDispute(asset, disputes.minBond(), b"\x01" * 32, "ipfs://evidence",
                                      "0x" + "00" * 20, 0, sender=stranger).events.filter(
        disputes.DisputeOpened)[0].disputeId

    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    chain.pending_timestamp += staking.thawingPeriod()
    staking.withdraw(asset, sender=delegator)  # out before the arbiter rules (window: 7 days)
    disputes.upholdDispute(dispute_id, staking.slashCap(asset), 0, sender=arbiter)

    exposed = DELEGATED * 9 // 10  # what the delegator should still hold after a 10 % slash
    escaped = token.balanceOf(delegator) - (1_000_000 * TOKEN - DELEGATED + exposed)
    assert escaped <= 0, f"the delegator escaped a pending slash with {escaped / TOKEN:.0f} extra tokens"
