"""DataBounties.linkDataset and claim: the accepted dataset is listed, then the reward is paid."""

from __future__ import annotations

import pytest

from modelmarket.compliance import FLAGS
from tests.unit.data_bounties.helpers import BOND, STAKE, data_hash

SYNTHETIC = FLAGS["synthetic-data"]
DATASET = 1


@pytest.fixture
def accepted(driver, requester, generator, validator):
    driver.play(requester, {"good": generator}, [(validator, STAKE, {"good": 9_000})])
    return driver.submissions["good"]


def test_link_dataset_credits_the_payout(accepted, bounties, list_asset, generator):
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("good"), complianceFlags=SYNTHETIC)
    payout = bounties.getSubmission(accepted).payout
    bounties.linkDataset(accepted, asset_id, 1, sender=generator)

    assert bounties.claimable(generator) == BOND + payout
    assert bounties.getSubmission(accepted).assetId == asset_id


def test_link_dataset_reverts_when_content_hash_differs(accepted, bounties, list_asset, generator, reverts_exactly):
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("other"), complianceFlags=SYNTHETIC)

    with reverts_exactly(bounties.ContentHashMismatch, assetId=asset_id, listed=data_hash("other"),
                         accepted=data_hash("good")):
        bounties.linkDataset(accepted, asset_id, 1, sender=generator)


def test_link_dataset_reverts_without_the_synthetic_flag(accepted, bounties, list_asset, generator, reverts_exactly):
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("good"))

    with reverts_exactly(bounties.NotSyntheticDataset, assetId=asset_id, complianceFlags=0):
        bounties.linkDataset(accepted, asset_id, 1, sender=generator)


def test_link_dataset_reverts_for_a_model_listing(accepted, bounties, list_asset, generator, reverts_exactly):
    asset_id = list_asset(sender=generator, contentHash=data_hash("good"), complianceFlags=SYNTHETIC)

    with reverts_exactly(bounties.NotSyntheticDataset, assetId=asset_id, complianceFlags=SYNTHETIC):
        bounties.linkDataset(accepted, asset_id, 1, sender=generator)


def test_link_dataset_reverts_for_someone_elses_listing(accepted, bounties, list_asset, generator, generator2,
                                                        reverts_exactly):
    asset_id = list_asset(sender=generator2, kind=DATASET, contentHash=data_hash("good"), complianceFlags=SYNTHETIC)

    with reverts_exactly(bounties.NotAssetOwner, assetId=asset_id, caller=generator, owner=generator2):
        bounties.linkDataset(accepted, asset_id, 1, sender=generator)


def test_link_dataset_reverts_when_linked_twice(accepted, bounties, list_asset, generator, reverts_exactly):
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("good"), complianceFlags=SYNTHETIC)
    bounties.linkDataset(accepted, asset_id, 1, sender=generator)

    with reverts_exactly(bounties.NotAccepted, submissionId=accepted, status=6):
        bounties.linkDataset(accepted, asset_id, 1, sender=generator)


def test_link_dataset_reverts_without_lineage_to_the_source(driver, bounties, list_asset, requester, generator,
                                                            validator, reverts_exactly):
    source = list_asset(kind=DATASET)
    driver.play(requester, {"good": generator}, [(validator, STAKE, {"good": 9_000})], sourceAssetId=source)
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("good"), complianceFlags=SYNTHETIC)

    with reverts_exactly(bounties.MissingLineage, assetId=asset_id, sourceAssetId=source):
        bounties.linkDataset(driver.submissions["good"], asset_id, 1, sender=generator)


def test_link_dataset_accepts_a_listing_with_lineage_to_the_source(driver, bounties, list_asset, requester,
                                                                   generator, validator):
    source = list_asset(kind=DATASET)
    driver.play(requester, {"good": generator}, [(validator, STAKE, {"good": 9_000})], sourceAssetId=source)
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("good"), complianceFlags=SYNTHETIC,
                          parents=[(source, 0)])
    bounties.linkDataset(driver.submissions["good"], asset_id, 1, sender=generator)

    assert bounties.getSubmission(driver.submissions["good"]).status == 6


def test_claim_pays_everything_credited(accepted, bounties, token, generator):
    before = token.balanceOf(generator)
    bounties.claim(sender=generator)

    assert token.balanceOf(generator) == before + BOND
    assert bounties.claimable(generator) == 0


def test_claim_reverts_when_nothing_is_owed(bounties, stranger, reverts_exactly):
    with reverts_exactly(bounties.NothingToClaim, account=stranger):
        bounties.claim(sender=stranger)


def test_link_dataset_reverts_for_a_retired_listing(accepted, bounties, registry, list_asset, generator,
                                                    reverts_exactly):
    asset_id = list_asset(sender=generator, kind=DATASET, contentHash=data_hash("good"), complianceFlags=SYNTHETIC)
    registry.setStatus(asset_id, 2, sender=generator)

    with reverts_exactly(bounties.AssetRetired, assetId=asset_id):
        bounties.linkDataset(accepted, asset_id, 1, sender=generator)
