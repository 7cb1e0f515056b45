"""Gas of synthetic-data bounties (DataBounties): post, submit, reveal, join, score, finalize, link.

``measure_bounties(market)`` returns {operation: gas_used}. One bounty with two generators and two
validators (the demo's shape); `submit` and the score commit/reveal are measured for the second
generator / submission (steady: the contract's counters and the validator's packed word exist).
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import TOKEN, actor, actors, sender

PHASE = 60
OPERATIONS = (
    "bounties.postBounty",
    "bounties.submit",
    "bounties.revealDataset",
    "bounties.depositStake",
    "bounties.joinBounty",
    "bounties.commitScore",
    "bounties.revealScore",
    "bounties.finalize (2 validators x 2 submissions)",
    "bounties.linkDataset",
    "bounties.claim",
)


def measure_bounties(market: Any) -> dict[str, int]:
    """Run one bounty and return the gas of each DataBounties operation."""
    from ape import chain

    from modelmarket.bounties import chain as bounty_chain
    from modelmarket.bounties.commitments import dataset_commitment, score_commitment
    from modelmarket.bounties.spec import BountySpec

    token, registry, bounties = market.token, market.registry, market.require("DataBounties")
    deployer = sender(actor("deployer"))
    requester = sender(actor("bounty requester"))
    generators = [sender(a) for a in actors("bounty generator", 2)]
    validators = [sender(a) for a in actors("bounty validator", 2)]
    for account in (requester, *generators, *validators):
        token.transfer(account, 10_000 * TOKEN, sender=deployer)
        token.approve(bounties.address, 2**256 - 1, sender=account)
    gas: dict[str, int] = {}
    start = chain.pending_timestamp
    spec = BountySpec()
    params = {
        "specHash": spec.spec_hash(), "specURI": bounty_chain.spec_uri(spec), "criteriaHash": b"\x0c" * 32,
        "reward": 1_000 * TOKEN, "generatorBond": 50 * TOKEN, "acceptThresholdBps": 6_000, "sourceAssetId": 0,
        "submitDeadline": start + PHASE, "datasetRevealDeadline": start + 2 * PHASE,
        "scoreCommitDeadline": start + 3 * PHASE, "scoreRevealDeadline": start + 4 * PHASE,
    }
    receipt = bounties.postBounty(params, sender=requester)
    gas["bounties.postBounty"] = receipt.gas_used
    bounty_id = receipt.events.filter(bounties.BountyPosted)[0].bountyId
    hashes = [bytes([0xD0 + i]) * 32 for i in range(2)]
    salt = b"\x5a" * 32
    ids = []
    for generator, data_hash in zip(generators, hashes, strict=True):
        receipt = bounties.submit(bounty_id, dataset_commitment(data_hash, salt, generator.address, bounty_id),
                                  sender=generator)
        ids.append(receipt.events.filter(bounties.SubmissionCommitted)[0].submissionId)
    gas["bounties.submit"] = receipt.gas_used
    for validator in validators:
        gas["bounties.depositStake"] = bounties.depositStake(500 * TOKEN, sender=validator).gas_used
        gas["bounties.joinBounty"] = bounties.joinBounty(bounty_id, sender=validator).gas_used
    chain.pending_timestamp = start + PHASE + 1
    for generator, submission_id, data_hash in zip(generators, ids, hashes, strict=True):
        receipt = bounties.revealDataset(submission_id, data_hash, salt, "ipfs://bench/data.csv", sender=generator)
    gas["bounties.revealDataset"] = receipt.gas_used
    chain.pending_timestamp = start + 2 * PHASE + 1
    scores = {(v, s): 9_000 if i == 0 else 2_000 for v in range(2) for i, s in enumerate(ids)}
    for v, validator in enumerate(validators):
        for submission_id in ids:
            commitment = score_commitment(scores[(v, submission_id)], salt, validator.address, submission_id)
            receipt = bounties.commitScore(submission_id, commitment, sender=validator)
    gas["bounties.commitScore"] = receipt.gas_used
    chain.pending_timestamp = start + 3 * PHASE + 1
    for v, validator in enumerate(validators):
        for submission_id in ids:
            receipt = bounties.revealScore(submission_id, scores[(v, submission_id)], salt, sender=validator)
    gas["bounties.revealScore"] = receipt.gas_used
    chain.pending_timestamp = start + 4 * PHASE + 1
    gas["bounties.finalize (2 validators x 2 submissions)"] = bounties.finalize(bounty_id, sender=requester).gas_used
    listing = {
        "kind": 1, "contentHash": hashes[0], "metadataURI": "ipfs://bench/card.json", "licenseId": b"MIT".ljust(32, b"\0"),
        "complianceFlags": 1 << 7, "pricePerCall": 0, "operator": "0x" + "00" * 20, "parents": [],
    }
    asset_id = registry.list(listing, sender=generators[0]).events.filter(registry.AssetListed)[0].assetId
    gas["bounties.linkDataset"] = bounties.linkDataset(ids[0], asset_id, 1, sender=generators[0]).gas_used
    gas["bounties.claim"] = bounties.claim(sender=generators[0]).gas_used
    return gas
