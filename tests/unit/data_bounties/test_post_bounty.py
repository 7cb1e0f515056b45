"""DataBounties.postBounty: escrows the reward and checks deadlines, threshold, bond and source."""

from __future__ import annotations

from tests.unit.data_bounties.helpers import BOND, REWARD, THRESHOLD


def test_post_bounty_escrows_the_reward(driver, bounties, token, requester):
    before = token.balanceOf(requester)
    driver.post(requester)

    assert token.balanceOf(requester) == before - REWARD
    assert token.balanceOf(bounties) == REWARD


def test_post_bounty_stores_the_terms(driver, bounties, requester):
    bounty_id = driver.post(requester)
    bounty = bounties.getBounty(bounty_id)

    assert (bounty.requester, bounty.reward, bounty.generatorBond, bounty.acceptThresholdBps) == (
        requester.address, REWARD, BOND, THRESHOLD
    )
    assert bounties.phaseOf(bounty_id) == 0


def test_post_bounty_reverts_when_deadlines_do_not_increase(driver, bounties, requester, reverts_exactly):
    params = driver.params()
    params["scoreCommitDeadline"] = params["datasetRevealDeadline"]
    driver.token.approve(bounties, REWARD, sender=requester)

    with reverts_exactly(
        bounties.InvalidDeadlines,
        submitDeadline=params["submitDeadline"],
        datasetRevealDeadline=params["datasetRevealDeadline"],
        scoreCommitDeadline=params["scoreCommitDeadline"],
        scoreRevealDeadline=params["scoreRevealDeadline"],
    ):
        bounties.postBounty(params, sender=requester)


def test_post_bounty_reverts_when_threshold_is_above_scale(driver, bounties, requester, reverts_exactly):
    with reverts_exactly(bounties.InvalidThreshold, acceptThresholdBps=10_001):
        bounties.postBounty(driver.params(acceptThresholdBps=10_001), sender=requester)


def test_post_bounty_reverts_when_bond_is_below_minimum(driver, bounties, requester, reverts_exactly):
    minimum = bounties.MIN_GENERATOR_BOND()
    with reverts_exactly(bounties.BondBelowMinimum, generatorBond=minimum - 1, minimum=minimum):
        bounties.postBounty(driver.params(generatorBond=minimum - 1), sender=requester)


def test_post_bounty_reverts_when_reward_is_zero(driver, bounties, requester, reverts_exactly):
    with reverts_exactly(bounties.ZeroAmount):
        bounties.postBounty(driver.params(reward=0), sender=requester)


def test_post_bounty_reverts_when_source_asset_is_unknown(driver, bounties, requester, reverts_exactly):
    with reverts_exactly(bounties.UnknownAsset, assetId=999):
        bounties.postBounty(driver.params(sourceAssetId=999), sender=requester)
