"""Attack 7: first-depositor / donation inflation of a staking pool.

The attacker is the first delegator (1 wei), then donates a large amount straight to the
StakingPool (`token.transfer`) so that, in a naive vault, the victim's deposit would mint zero
shares. Defence: the pool only counts tokens that came in through `stake`/`delegateStake` (a
donation never moves the share price) and shares carry a virtual offset (10**3 shares per
virtual token), so the victim's stake is worth its deposit and the donation is simply lost.
"""

from __future__ import annotations

from tests.attacks.helpers import MAX_UINT, TOKEN

DONATION = 100_000 * TOKEN
VICTIM_DEPOSIT = 1_000 * TOKEN


def test_first_delegator_donation_inflation_fails(staking, token, list_asset, delegator, stranger):
    asset = list_asset()
    token.approve(staking, MAX_UINT, sender=stranger)
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.delegateStake(asset, 1, sender=stranger)
    token.transfer(staking, DONATION, sender=stranger)
    assert staking.getPool(asset).delegatedTokens == 1  # the donation is not pool value
    assert staking.previewDelegate(asset, VICTIM_DEPOSIT) > 0

    staking.delegateStake(asset, VICTIM_DEPOSIT, sender=delegator)

    assert VICTIM_DEPOSIT - 1 <= staking.delegatedStakeOf(asset, delegator) <= VICTIM_DEPOSIT
    assert staking.delegatedStakeOf(asset, stranger) <= 1
    # The attacker can only take back its 1 wei; its donation stays stranded.
    staking.undelegate(asset, staking.getStaker(asset, stranger).delegatedShares, sender=stranger)
    assert staking.thawingStakeOf(asset, stranger) <= 1


def test_first_self_staker_donation_inflation_fails(staking, token, list_asset, owner, delegator):
    """Same attack by the asset owner: 1 wei self-stake, then a donation."""
    asset = list_asset()
    token.approve(staking, MAX_UINT, sender=owner)
    token.approve(staking, MAX_UINT, sender=delegator)
    staking.stake(asset, 1, sender=owner)
    token.transfer(staking, DONATION, sender=owner)

    staking.delegateStake(asset, VICTIM_DEPOSIT, sender=delegator)

    assert VICTIM_DEPOSIT - 1 <= staking.delegatedStakeOf(asset, delegator) <= VICTIM_DEPOSIT
    assert staking.selfStakeOf(asset, owner) <= 1


def test_fee_donation_does_not_move_share_price(staking, token, list_asset, delegator, stranger):
    """Donating through `depositFees` pays rewards; it cannot inflate the share price either."""
    asset = list_asset()
    token.approve(staking, MAX_UINT, sender=stranger)
    staking.delegateStake(asset, 1, sender=stranger)
    price = staking.previewDelegate(asset, VICTIM_DEPOSIT)

    staking.depositFees(asset, DONATION, sender=stranger)

    assert staking.previewDelegate(asset, VICTIM_DEPOSIT) == price
    assert staking.getPool(asset).delegatedTokens == 1
