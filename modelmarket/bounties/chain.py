"""Thin calls to a deployed `DataBounties`, shared by the CLI and the demo."""

from __future__ import annotations

import urllib.parse
from typing import Any

from modelmarket.bounties.commitments import dataset_commitment, score_commitment
from modelmarket.bounties.data import dataset_hash
from modelmarket.bounties.spec import BountySpec, criteria_hash

SPEC_URI_PREFIX = "data:application/json,"
PHASES = ("Submission", "DatasetReveal", "ScoreCommit", "ScoreReveal", "Finalizable", "Finalized")
STATUSES = ("Committed", "Revealed", "Accepted", "Rejected", "Junk", "Unscored", "Paid")


def spec_uri(spec: BountySpec) -> str:
    """The spec inline as a data URI, so every validator reads it from the chain."""
    return SPEC_URI_PREFIX + urllib.parse.quote(spec.to_json(), safe="")


def spec_from_uri(uri: str) -> BountySpec:
    if not uri.startswith(SPEC_URI_PREFIX):
        raise ValueError(f"spec URI {uri[:40]!r} is not an inline data URI")
    return BountySpec.from_json(urllib.parse.unquote(uri[len(SPEC_URI_PREFIX):]))


def _approve(token: Any, owner: Any, spender: Any, amount: int) -> None:
    if token.allowance(owner.address, spender.address) < amount:
        token.approve(spender.address, amount, sender=owner)


def post_bounty(
    contract: Any,
    token: Any,
    requester: Any,
    spec: BountySpec,
    *,
    reward: int,
    bond: int,
    threshold_bps: int,
    start: int,
    phase_seconds: int,
    source_asset_id: int = 0,
) -> int:
    """Posts a bounty whose four phases each last `phase_seconds` from `start`; returns its id."""
    _approve(token, requester, contract, reward)
    params = {
        "specHash": spec.spec_hash(),
        "specURI": spec_uri(spec),
        "criteriaHash": criteria_hash(),
        "reward": reward,
        "generatorBond": bond,
        "acceptThresholdBps": threshold_bps,
        "sourceAssetId": source_asset_id,
        "submitDeadline": start + phase_seconds,
        "datasetRevealDeadline": start + 2 * phase_seconds,
        "scoreCommitDeadline": start + 3 * phase_seconds,
        "scoreRevealDeadline": start + 4 * phase_seconds,
    }
    receipt = contract.postBounty(params, sender=requester)
    return receipt.events.filter(contract.BountyPosted)[0].bountyId


def submit_dataset(contract: Any, token: Any, generator: Any, bounty_id: int, data: bytes, salt: bytes) -> int:
    """Bonds and commits to `data`; returns the submission id."""
    _approve(token, generator, contract, contract.getBounty(bounty_id).generatorBond)
    commitment = dataset_commitment(dataset_hash(data), salt, generator.address, bounty_id)
    receipt = contract.submit(bounty_id, commitment, sender=generator)
    return receipt.events.filter(contract.SubmissionCommitted)[0].submissionId


def reveal_dataset(contract: Any, generator: Any, submission_id: int, data_hash: bytes, salt: bytes, uri: str) -> None:
    contract.revealDataset(submission_id, data_hash, salt, uri, sender=generator)


def join_bounty(contract: Any, token: Any, validator: Any, bounty_id: int, top_up: int) -> None:
    """Adds `top_up` stake (if any) and joins the bounty."""
    if top_up:
        _approve(token, validator, contract, top_up)
        contract.depositStake(top_up, sender=validator)
    contract.joinBounty(bounty_id, sender=validator)


def commit_score(contract: Any, validator: Any, submission_id: int, score_bps: int, salt: bytes) -> None:
    contract.commitScore(submission_id, score_commitment(score_bps, salt, validator.address, submission_id), sender=validator)


def reveal_score(contract: Any, validator: Any, submission_id: int, score_bps: int, salt: bytes) -> None:
    contract.revealScore(submission_id, score_bps, salt, sender=validator)


def bounty_posted(contract: Any, bounty_id: int, start_block: int = 0) -> Any:
    """The `BountyPosted` event of a bounty (its spec URI lives only there)."""
    for log in contract.BountyPosted.range(start_block, _stop(), search_topics={"bountyId": bounty_id}):
        return log
    raise LookupError(f"no BountyPosted event for bounty {bounty_id}")


def dataset_uri(contract: Any, submission_id: int, start_block: int = 0) -> str:
    """The URI a generator revealed for its dataset."""
    submission = contract.getSubmission(submission_id)
    for log in contract.DatasetRevealed.range(
        start_block, _stop(), search_topics={"bountyId": submission.bountyId, "submissionId": submission_id}
    ):
        return log.datasetURI
    raise LookupError(f"submission {submission_id} has not revealed its dataset")


def _stop() -> int:
    from ape import chain

    return chain.blocks.head.number + 1
