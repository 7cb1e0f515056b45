"""Attack: an asset owner slashes its own pool for profit (self-equivocation).

The owner is the receipt signer of its asset (or names its own operator key). It signs two
different responses to the same made-up request, N times with N request hashes, and submits the
proofs from an accomplice account. Each proof slashes `EQUIVOCATION_SLASH_BPS` (5 %) of the
pool's *total* stake — mostly delegators' money — and used to pay the submitter
`reporterRewardBps` (20 %) of it, while the owner only lost 5 % of its own (minimum) self-stake.

Defence: slashing is first-loss (the owner's self-stake, active then thawing, pays before any
delegator) and the finder's reward is capped at what the slash took from self-stake (the rest goes
to the treasury), so the coalition never gains; and an asset is slashed
for equivocation at most once per `EQUIVOCATION_COOLDOWN` (`EquivocationCooldown`), so a burst of
proofs cannot drain the pool at once.
"""

from __future__ import annotations

from tests.unit.staking_pool.helpers import prove

from tests.attacks.conftest import MIN_SELF_STAKE
from tests.attacks.helpers import MAX_UINT, TOKEN, sign_receipt

DELEGATED = 99_000 * TOKEN
PROOFS = 5


def _coalition_wealth(token, staking, disputes, asset, owner, accomplice) -> int:
    return (
        token.balanceOf(owner) + token.balanceOf(accomplice)
        + staking.selfStakeOf(asset, owner) + staking.thawingStakeOf(asset, owner)
        + disputes.claimable(owner) + disputes.claimable(accomplice)
    )


def _prove(disputes, owner, asset, request_id, accomplice):
    request = request_id.to_bytes(32, "big")
    a, sig_a = sign_receipt(owner, disputes, request, b"\xaa" * 32, asset)
    b, sig_b = sign_receipt(owner, disputes, request, b"\xbb" * 32, asset)
    return prove(disputes, a, sig_a, b, sig_b, sender=accomplice)


def test_self_equivocation_slash_for_profit_fails(staking, disputes, token, asset, owner, delegator, stranger, chain):
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, DELEGATED, sender=delegator)
    accomplice = stranger
    before = _coalition_wealth(token, staking, disputes, asset, owner, accomplice)
    cooldown = disputes.EQUIVOCATION_COOLDOWN()

    for i in range(PROOFS):  # the coalition waits out the cooldown between proofs
        event = _prove(disputes, owner, asset, i + 1, accomplice).events.filter(disputes.EquivocationProven)[0]
        assert event.slashed > 0 and event.finderReward <= event.slashed * disputes.reporterRewardBps() // 10_000
        chain.pending_timestamp += cooldown

    gain = _coalition_wealth(token, staking, disputes, asset, owner, accomplice) - before
    assert MIN_SELF_STAKE == 1_000 * TOKEN
    assert gain <= 0, f"the owner's coalition gained {gain / TOKEN:.0f} tokens by slashing its delegators"


def test_self_equivocation_burst_of_proofs_fails(staking, disputes, token, asset, owner, delegator, stranger, reverts_exactly):
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, DELEGATED, sender=delegator)
    _prove(disputes, owner, asset, 1, stranger)
    stake = staking.totalStake(asset)
    available_at = disputes.lastEquivocationAt(asset) + disputes.EQUIVOCATION_COOLDOWN()

    for i in range(1, PROOFS):
        with reverts_exactly(disputes.EquivocationCooldown, assetId=asset, availableAt=available_at):
            _prove(disputes, owner, asset, i + 1, stranger)
    assert staking.totalStake(asset) == stake  # one 5 % slash, not five
