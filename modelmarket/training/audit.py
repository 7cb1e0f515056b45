"""The audit trail of a federated task, rebuilt from TrainingRounds events alone.

What a regulator reads: the policy (who may take part, bonds, privacy cap, rounds, deadlines), who
joined, per round who committed and revealed which update (hash, samples, privacy parameter), which
aggregate was posted or computed and with which Merkle root, who was slashed, and the listed model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Every event of TrainingRounds that carries a task id, in the order a task emits them.
EVENTS = (
    "TaskOpened",
    "ParticipantAllowed",
    "ParticipantJoined",
    "AggregatorBonded",
    "RoundStarted",
    "UpdateCommitted",
    "UpdateRevealed",
    "AggregatePosted",
    "AggregateComputed",
    "AggregatorSlashed",
    "RoundAccepted",
    "TaskFinalized",
    "ContributionsAssetListed",
    "Claimed",
    "RoyaltiesCollected",
    "RoyaltiesClaimed",
)


#: The fields of `ITrainingRounds.OpenParams`, in ABI order (a decoded event may give a plain tuple).
OPEN_PARAMS_FIELDS = (
    "baseModelId", "aggregator", "rewardPool", "minParticipantBond", "aggregatorBond", "rounds", "dimension",
    "maxSamplesPerUpdate", "maxDpEpsilonMilli", "commitSeconds", "revealSeconds", "aggregateSeconds",
    "challengeSeconds", "baseRoyaltyBps", "participantsRoyaltyBps", "allowListOnly", "requiredFlags", "licenseId", "metadataURI", "allowList",
)


@dataclass(frozen=True)
class AuditEntry:
    """One step of the trail."""

    block: int
    log_index: int
    event: str
    round: int | None
    actor: str
    detail: str


def _hex(value: Any) -> str:
    return "0x" + bytes(value).hex()


def _flags(mask: Any) -> str:
    """A flag mask as its names (the deployment's ComplianceRegistry meaning) and its number."""
    from modelmarket.compliance import describe_flags

    return f"{describe_flags(int(mask))} ({int(mask):#x})"


def _open_params(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, (list, tuple)):
        return dict(zip(OPEN_PARAMS_FIELDS, raw, strict=False))
    return {key: getattr(raw, key) for key in OPEN_PARAMS_FIELDS}


def _describe(name: str, args: dict[str, Any]) -> tuple[str, str]:
    if name == "TaskOpened":
        p = _open_params(args["params"])

        def get(key: str) -> Any:
            return p[key]

        detail = (
            f"base model {get('baseModelId')}, aggregator {get('aggregator')}, pool {get('rewardPool')}, "
            f"{get('rounds')} rounds, dimension {get('dimension')}, allow-list only {get('allowListOnly')}, "
            f"min bond {get('minParticipantBond')}, aggregator bond {get('aggregatorBond')}, "
            f"max samples {get('maxSamplesPerUpdate')}, max epsilon {get('maxDpEpsilonMilli') / 1000}, "
            f"phases {get('commitSeconds')}/{get('revealSeconds')}/{get('aggregateSeconds')}/{get('challengeSeconds')} s, "
            f"required flags {_flags(get('requiredFlags'))}, royalties {get('baseRoyaltyBps')} bps base / "
            f"{get('participantsRoyaltyBps')} bps participants"
        )
        return str(args["coordinator"]), detail
    if name == "ParticipantAllowed":
        return str(args["participant"]), "allowed"
    if name == "ParticipantJoined":
        return str(args["participant"]), f"joined with bond {args['bond']}, declared flags {_flags(args['declaredFlags'])}"
    if name == "AggregatorBonded":
        return str(args["aggregator"]), f"bonded {args['bond']}"
    if name == "RoundStarted":
        return "", f"started at {args['startedAt']}"
    if name == "UpdateCommitted":
        return str(args["participant"]), f"commitment {_hex(args['commitment'])}"
    if name == "UpdateRevealed":
        return str(args["participant"]), (
            f"update {_hex(args['updateHash'])}, {args['sampleCount']} samples, "
            f"epsilon {args['dpEpsilonMilli'] / 1000}"
        )
    if name in ("AggregatePosted", "AggregateComputed"):
        actor = str(args["aggregator"] if name == "AggregatePosted" else args["caller"])
        return actor, f"aggregate {_hex(args['aggregateHash'])}, root {_hex(args['updatesRoot'])}, {args['count']} updates"
    if name == "AggregatorSlashed":
        return str(args["aggregator"]), (
            f"slashed: {args['toChallenger']} to {args['challenger']}, {args['toPool']} to the pool"
        )
    if name == "RoundAccepted":
        return "", (
            f"accepted aggregate {_hex(args['aggregateHash'])}, root {_hex(args['updatesRoot'])}, "
            f"{args['count']} updates, {args['samples']} samples"
        )
    if name == "TaskFinalized":
        return "", f"model asset {args['modelAssetId']} ({_hex(args['modelHash'])}), {args['totalContributed']} samples"
    if name == "ContributionsAssetListed":
        return "", (
            f"contributions asset {args['contributionsAssetId']} ({_hex(args['contentHash'])}) parent of model "
            f"{args['modelAssetId']} with {args['royaltyBps']} bps"
        )
    if name == "Claimed":
        return str(args["account"]), f"claimed {args['amount']}"
    if name == "RoyaltiesCollected":
        return str(args["caller"]), f"collected {args['amount']} royalties"
    if name == "RoyaltiesClaimed":
        return str(args["participant"]), f"claimed {args['amount']} royalties"
    return "", str(args)  # pragma: no cover - every event is handled above


def trail(rounds_contract, task_id: int, start_block: int = 0) -> list[AuditEntry]:
    """Every event of `task_id`, in chain order."""
    from modelmarket.training.chain import logs

    entries: list[AuditEntry] = []
    for name in EVENTS:
        for log in logs(getattr(rounds_contract, name), start_block, taskId=task_id):
            args = dict(log.event_arguments)
            actor, detail = _describe(name, args)
            round_ = args.get("round")
            entries.append(
                AuditEntry(int(log.block_number), int(log.log_index), name, None if round_ is None else int(round_), actor, detail)
            )
    entries.sort(key=lambda e: (e.block, e.log_index))
    return entries
