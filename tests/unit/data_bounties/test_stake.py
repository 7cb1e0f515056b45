"""DataBounties.depositStake / withdrawStake / joinBounty: bonded validators, locked while active."""

from __future__ import annotations

from tests.unit.data_bounties.helpers import STAKE


def test_deposit_stake_adds_to_the_validator_record(driver, bounties, validator):
    driver.stake(validator)

    assert bounties.validatorOf(validator).stake == STAKE


def test_withdraw_stake_returns_tokens_when_not_in_a_bounty(driver, bounties, token, validator):
    driver.stake(validator)
    before = token.balanceOf(validator)
    bounties.withdrawStake(STAKE, sender=validator)

    assert token.balanceOf(validator) == before + STAKE


def test_withdraw_stake_reverts_while_in_an_unfinalized_bounty(driver, bounties, requester, validator,
                                                               reverts_exactly):
    driver.post(requester)
    driver.join(validator)

    with reverts_exactly(bounties.StakeLocked, validator=validator, activeBounties=1):
        bounties.withdrawStake(1, sender=validator)


def test_withdraw_stake_reverts_above_the_stake(driver, bounties, validator, reverts_exactly):
    driver.stake(validator)
    with reverts_exactly(bounties.InsufficientStake, validator=validator, stake=STAKE, amount=STAKE + 1):
        bounties.withdrawStake(STAKE + 1, sender=validator)


def test_join_bounty_snapshots_the_stake_as_weight(driver, bounties, requester, validator):
    bounty_id = driver.post(requester)
    driver.join(validator)

    assert bounties.weightOf(bounty_id, validator) == STAKE
    assert bounties.validatorOf(validator).activeBounties == 1


def test_join_bounty_reverts_below_minimum_stake(driver, bounties, requester, validator, reverts_exactly):
    bounty_id = driver.post(requester)
    minimum = bounties.MIN_VALIDATOR_STAKE()
    driver.stake(validator, minimum - 1)

    with reverts_exactly(bounties.StakeBelowMinimum, validator=validator, stake=minimum - 1, minimum=minimum):
        bounties.joinBounty(bounty_id, sender=validator)


def test_join_bounty_reverts_when_joined_twice(driver, bounties, requester, validator, reverts_exactly):
    bounty_id = driver.post(requester)
    driver.join(validator)

    with reverts_exactly(bounties.AlreadyJoined, bountyId=bounty_id, validator=validator):
        bounties.joinBounty(bounty_id, sender=validator)


def test_join_bounty_reverts_once_scoring_started(driver, bounties, requester, validator, reverts_exactly):
    bounty_id = driver.post(requester)
    driver.stake(validator)
    driver.after(1)

    with reverts_exactly(bounties.WrongPhase, bountyId=bounty_id, expected=1, actual=2):
        bounties.joinBounty(bounty_id, sender=validator)


def test_join_bounty_reverts_beyond_max_active_bounties(driver, bounties, requester, validator, reverts_exactly):
    driver.stake(validator)
    for _ in range(bounties.MAX_ACTIVE_BOUNTIES()):
        driver.post(requester)
        bounties.joinBounty(driver.bounty_id, sender=validator)
    bounty_id = driver.post(requester)

    with reverts_exactly(bounties.TooManyActiveBounties, validator=validator, activeBounties=8):
        bounties.joinBounty(bounty_id, sender=validator)
