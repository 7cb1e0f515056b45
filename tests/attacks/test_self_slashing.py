"""Attack: an asset owner slashes its own pool for profit (self-equivocation).

The owner is the receipt signer of its asset (or names its own operator key). It signs two
different responses to the same made-up request, N times with N request hashes, and submits the
proofs from an accomplice account. Each proof slashes `EQUIVOCATION_SLASH_BPS` (5 %) of the
pool's *total* stake — mostly delegators' money — and pays the submitter `reporterRewardBps`
(20 %) of it, while the owner only loses 5 % of its own (minimum) self-stake per proof.
"""

from __future__ import annotations

import pytest

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


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="BUG: Disputes.proveEquivocation pays reporterRewardBps of a slash of the WHOLE pool (delegators "
    "included) to any submitter, once per fresh requestHash, so the asset's own signer profits from "
    "equivocating on purpose and can drain ~20 % of delegated stake",
)
def test_self_equivocation_slash_for_profit_fails(staking, disputes, token, asset, owner, delegator, stranger):
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, DELEGATED, sender=delegator)
    accomplice = stranger
    before = _coalition_wealth(token, staking, disputes, asset, owner, accomplice)
    delegated_before = staking.delegatedStakeOf(asset, delegator)

    for i in range(PROOFS):
        request = (i + 1).to_bytes(32, "big")
        a, sig_a = sign_receipt(owner, disputes, request, b"\xaa" * 32, asset)
        b, sig_b = sign_receipt(owner, disputes, request, b"\xbb" * 32, asset)
        disputes.proveEquivocation(a, sig_a, b, sig_b, sender=accomplice)

    gain = _coalition_wealth(token, staking, disputes, asset, owner, accomplice) - before
    delegator_loss = delegated_before - staking.delegatedStakeOf(asset, delegator)
    # ~4,520 tokens of reward for ~230 tokens of own self-stake; delegators lose ~22,400 tokens.
    assert delegator_loss > 20_000 * TOKEN and MIN_SELF_STAKE == 1_000 * TOKEN
    assert gain <= 0, f"the owner's coalition gained {gain / TOKEN:.0f} tokens by slashing its delegators"
