"""Attack 6: unstake just before a slash — stakers see a dispute coming and start thawing.

Defence: thawing stake stays in the (slashable) thawing pools; a slash takes the self-stake first
(active, then thawing) and delegators (active and thawing pro rata) for the rest, so leaving early
saves nothing. While a dispute against the asset is open, matured thaw requests wait (StakingPool's
withdrawal freeze, set by Disputes; at most MAX_WITHDRAWAL_FREEZE past a request's end). Disputes
also refuses a resolution window longer than StakingPool's thawing period, and StakingPool's
MIN_THAWING_PERIOD is >= Disputes' MAX_RESOLUTION_WINDOW (14 days).
"""

from __future__ import annotations

from tests.unit.staking_pool.helpers import apply_change, prove

from tests.attacks.conftest import MIN_SELF_STAKE
from tests.attacks.helpers import DAY, MAX_UINT, TOKEN, sign_receipt

DELEGATED = 19_000 * TOKEN
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
    # first loss: the owner's 1,000 of self-stake, then the delegator's thawing stake for the rest
    assert (event.fromSelf, event.fromDelegated) == (MIN_SELF_STAKE, cap - MIN_SELF_STAKE)

    expected = DELEGATED - (cap - MIN_SELF_STAKE)  # 18,000 tokens
    assert expected - 1 <= staking.thawingStakeOf(asset, delegator) <= expected
    chain.pending_timestamp = chain.pending_timestamp + staking.thawingPeriod()
    before = token.balanceOf(delegator)
    staking.withdraw(asset, sender=delegator)
    assert expected - 1 <= token.balanceOf(delegator) - before <= expected


def test_unstake_before_equivocation_proof_fails(staking, disputes, token, asset, owner, delegator, stranger):
    """Even the asset owner, who knows it equivocated, cannot thaw its self-stake away first."""
    _pool(staking, token, asset, delegator)
    staking.unstake(asset, staking.getStaker(asset, owner).selfShares, sender=owner)
    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    pool = staking.getPool(asset)
    assert pool.selfTokens == pool.delegatedTokens == 0

    a, sig_a = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0b" * 32, asset)
    b, sig_b = sign_receipt(owner, disputes, b"\x0a" * 32, b"\x0c" * 32, asset)
    receipt = prove(disputes, a, sig_a, b, sig_b, sender=stranger)

    slashed = TOTAL * disputes.EQUIVOCATION_SLASH_BPS() // 10_000
    event = receipt.events.filter(staking.Slashed)[0]
    assert (event.slashed, event.fromSelf, event.fromDelegated) == (slashed, slashed, 0)
    assert staking.thawingStakeOf(asset, owner) == MIN_SELF_STAKE - slashed  # its thawing stake paid first


def test_withdraw_before_pending_dispute_resolves_fails(staking, disputes, token, asset, delegator, stranger,
                                                        arbiter, deployer, chain, reverts_exactly):
    """Worst case both contracts allow: the shortest thawing period and the longest resolution window."""
    apply_change(staking, "setThawingPeriod", staking.MIN_THAWING_PERIOD(), deployer)  # in bounds
    thawing = staking.thawingPeriod()
    window = min(disputes.MAX_RESOLUTION_WINDOW(), thawing)
    if window < disputes.MAX_RESOLUTION_WINDOW():  # a longer window than the thawing period is refused
        with reverts_exactly(disputes.ResolutionWindowNotBelowThawing, window=window + 1, thawingPeriod=thawing):
            disputes.setResolutionWindow(window + 1, sender=deployer)
    apply_change(disputes, "setResolutionWindow", window, deployer)
    _pool(staking, token, asset, delegator)
    token.approve(disputes, MAX_UINT, sender=stranger)
    dispute_id = disputes.openDispute(asset, disputes.minBond(), b"\x01" * 32, "ipfs://evidence",
                                      "0x" + "00" * 20, 0, sender=stranger).events.filter(
        disputes.DisputeOpened)[0].disputeId
    deadline = disputes.getDispute(dispute_id).deadline

    staking.undelegate(asset, staking.getStaker(asset, delegator).delegatedShares, sender=delegator)
    assert staking.getThawRequests(asset, delegator)[0].thawEnd >= deadline
    chain.pending_timestamp = deadline - 2  # the failed attempt is mined too, one block per second
    with reverts_exactly(staking.NothingToWithdraw, assetId=asset, staker=delegator):
        staking.withdraw(asset, sender=delegator)
    ruling = disputes.upholdDispute(dispute_id, staking.slashCap(asset), 0, sender=arbiter)
    assert chain.blocks[ruling.block_number].timestamp == deadline - 1  # the last second the arbiter can rule
    chain.pending_timestamp += thawing
    staking.withdraw(asset, sender=delegator)

    exposed = DELEGATED - (TOTAL // 10 - MIN_SELF_STAKE)  # what the delegator holds after the capped slash
    escaped = token.balanceOf(delegator) - (1_000_000 * TOKEN - DELEGATED + exposed)
    assert escaped <= 0, f"the delegator escaped a pending slash with {escaped / TOKEN:.0f} extra tokens"


def test_thawing_period_below_resolution_window_fails(staking, disputes, deployer, reverts_exactly):
    """Disputes checks the window against the thawing period only when the window is set; the admin
    must not be able to lower the thawing period below a window in force afterwards (the escape the
    test above would then allow: thaw and withdraw in 1 day while a 7-day dispute is pending)."""
    longest_window = disputes.MAX_RESOLUTION_WINDOW()
    minimum, maximum = staking.MIN_THAWING_PERIOD(), staking.MAX_THAWING_PERIOD()
    for short in (DAY, longest_window - 1):
        with reverts_exactly(staking.ParameterOutOfBounds, value=short, minimum=minimum, maximum=maximum):
            staking.setThawingPeriod(short, sender=deployer)
    assert minimum >= longest_window
