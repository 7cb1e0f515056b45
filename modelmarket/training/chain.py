"""The TrainingRounds calls of a federated task: open, join, commit/reveal an update, aggregate, advance.

Each institution keeps its update private until the reveal; the commitment binds the task, round,
update hash, sample count, privacy parameter, a random salt and the sender. The aggregator reads the
reveals from events and posts the same fixed-point FedAvg and Merkle root that the contract would
recompute (`modelmarket.training.fixedpoint`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from modelmarket.training import fixedpoint

ZERO_ADDRESS = "0x" + "00" * 20

#: Phase names by the contract's enum value.
PHASES = ("None", "Commit", "Reveal", "Aggregate", "Challenge", "Acceptable", "Overdue", "Trained", "Finalized")


@dataclass
class Opening:
    """What a participant must keep between commit and reveal."""

    values: list[int]
    samples: int
    epsilon_milli: int
    salt: bytes

    @property
    def packed(self) -> bytes:
        return fixedpoint.pack(self.values)

    @property
    def hash(self) -> bytes:
        return fixedpoint.update_hash(self.values)


def open_params(
    *,
    base_model_id: int,
    aggregator: str,
    reward_pool: int,
    dimension: int,
    rounds: int,
    allow_list: list[str],
    min_bond: int = 0,
    aggregator_bond: int,
    max_samples: int = 1_000_000,
    max_epsilon_milli: int = 10_000,
    phase_seconds: tuple[int, int, int, int] = (600, 600, 600, 600),
    base_royalty_bps: int = 500,
    participants_royalty_bps: int = 0,
    license_id: bytes = b"MIT".ljust(32, b"\0"),
    metadata_uri: str = "ipfs://federated-model-card",
    allow_list_only: bool = True,
    required_flags: int = 0,
) -> dict[str, Any]:
    """An `OpenParams` struct as a dict."""
    commit, reveal, aggregate, challenge = phase_seconds
    return {
        "baseModelId": base_model_id,
        "aggregator": aggregator,
        "rewardPool": reward_pool,
        "minParticipantBond": min_bond,
        "aggregatorBond": aggregator_bond,
        "rounds": rounds,
        "dimension": dimension,
        "maxSamplesPerUpdate": max_samples,
        "maxDpEpsilonMilli": max_epsilon_milli,
        "commitSeconds": commit,
        "revealSeconds": reveal,
        "aggregateSeconds": aggregate,
        "challengeSeconds": challenge,
        "baseRoyaltyBps": base_royalty_bps,
        "participantsRoyaltyBps": participants_royalty_bps,
        "allowListOnly": allow_list_only,
        "requiredFlags": required_flags,
        "licenseId": license_id,
        "metadataURI": metadata_uri,
        "allowList": allow_list,
    }


def open_task(rounds_contract, token, coordinator, params: dict[str, Any]) -> int:
    """Approve the reward pool and open the task; returns its id."""
    token.approve(rounds_contract.address, params["rewardPool"], sender=coordinator)
    receipt = rounds_contract.open(params, sender=coordinator)
    return int(receipt.events.filter(rounds_contract.TaskOpened)[0].taskId)


def collect_and_claim_royalties(rounds_contract, payments, task_id: int, participant) -> int:
    """Collect the task's accrued royalties (if any) and claim the participant's share; returns the amount
    claimed (0 when nothing is owed)."""
    asset_id = int(rounds_contract.getTask(task_id).contributionsAssetId)
    if asset_id and int(payments.royaltiesOf(asset_id)):
        rounds_contract.collectRoyalties(task_id, sender=participant)
    owed = int(rounds_contract.royaltiesClaimableOf(task_id, participant.address))
    if owed:
        rounds_contract.claimRoyalties(task_id, sender=participant)
    return owed


def join(rounds_contract, token, task_id: int, participant, flags: int | None = None) -> Any:
    """Approve the bond (if any) and join, declaring `flags` (default: exactly the task's required flags)."""
    task = rounds_contract.getTask(task_id)
    bond = int(task.minParticipantBond)
    if bond:
        token.approve(rounds_contract.address, bond, sender=participant)
    declared = int(task.requiredFlags) if flags is None else flags
    return rounds_contract.join(task_id, declared, sender=participant)


def bond_aggregator(rounds_contract, token, task_id: int, aggregator) -> None:
    """Approve and post the aggregator bond."""
    bond = int(rounds_contract.getTask(task_id).requiredAggregatorBond)
    token.approve(rounds_contract.address, bond, sender=aggregator)
    rounds_contract.bondAggregator(task_id, sender=aggregator)


def commit(rounds_contract, task_id: int, participant, values: list[int], samples: int, epsilon_milli: int = 0) -> Opening:
    """Commit to `values` in the current round; returns the opening to keep for the reveal."""
    opening = Opening(list(values), samples, epsilon_milli, os.urandom(32))
    round_ = int(rounds_contract.getTask(task_id).round)
    digest = fixedpoint.commitment(
        task_id, round_, opening.hash, samples, epsilon_milli, opening.salt, participant.address
    )
    rounds_contract.commit(task_id, digest, sender=participant)
    return opening


def reveal(rounds_contract, task_id: int, participant, opening: Opening) -> Any:
    """Reveal a committed update."""
    return rounds_contract.reveal(
        task_id, opening.packed, opening.samples, opening.epsilon_milli, opening.salt, sender=participant
    )


def new_opening(values: list[int], samples: int, epsilon_milli: int = 0) -> Opening:
    """An opening with a fresh random salt."""
    return Opening(list(values), samples, epsilon_milli, os.urandom(32))


def signed_commit(rounds_contract, task_id: int, participant, opening: Opening) -> tuple:
    """`participant` signs (EIP-712, its own wallet) a commitment to `opening` for the current round,
    for anyone to submit with `commitBatch`; returns the `SignedCommit` tuple."""
    from modelmarket.ape_signing import sign_typed_data
    from modelmarket.training.relay import signed_commit_tuple, typed_commit

    round_ = int(rounds_contract.getTask(task_id).round)
    digest = fixedpoint.commitment(
        task_id, round_, opening.hash, opening.samples, opening.epsilon_milli, opening.salt, participant.address
    )
    previous = bytes(rounds_contract.updateHashOf(task_id, participant.address))
    full_message, authorization = typed_commit(rounds_contract, task_id, round_, digest, previous)
    return signed_commit_tuple(participant.address, authorization, sign_typed_data(participant, full_message))


def commit_batch(rounds_contract, task_id: int, signed: list[tuple], relayer) -> Any:
    """Submit participants' signed commitments in one transaction (as any account)."""
    return rounds_contract.commitBatch(task_id, signed, sender=relayer)


def reveal_batch(rounds_contract, task_id: int, openings: dict[str, Opening], relayer) -> Any:
    """Submit participants' openings in one transaction (as any account): participant → opening."""
    batch = [(address, o.samples, o.epsilon_milli, o.salt, o.packed) for address, o in openings.items()]
    return rounds_contract.revealBatch(task_id, batch, sender=relayer)


def logs(event, start_block: int = 0, **topics: Any):
    """The logs of `event` from `start_block` to the head, filtered on indexed inputs."""
    from ape import chain

    return event.range(start_block, chain.blocks.head.number + 1, search_topics=topics or None)


def round_reveals(rounds_contract, task_id: int, round_: int, start_block: int = 0) -> dict[str, tuple[list[int], int]]:
    """The updates revealed in a round, read from `UpdateRevealed` events: participant → (values, samples)."""
    reveals: dict[str, tuple[list[int], int]] = {}
    for log in logs(rounds_contract.UpdateRevealed, start_block, taskId=task_id, round=round_):
        event = log.event_arguments
        reveals[str(event["participant"])] = (fixedpoint.unpack(bytes(event["update"])), int(event["sampleCount"]))
    return reveals


def round_inputs(reveals: dict[str, tuple[list[int], int]]) -> tuple[list[str], list[bytes]]:
    """The (participants, packed updates) arguments of `challengeAggregate` / `aggregateOnChain`."""
    participants, packed, _ = fixedpoint.sorted_round(reveals)
    return participants, packed


def post_honest_aggregate(rounds_contract, task_id: int, aggregator, start_block: int = 0) -> Any:
    """Aggregate the current round's reveals exactly as the contract would and post it; the receipt."""
    round_ = int(rounds_contract.getTask(task_id).round)
    reveals = round_reveals(rounds_contract, task_id, round_, start_block)
    average, root = fixedpoint.aggregate_round(reveals)
    return rounds_contract.postAggregate(task_id, fixedpoint.pack(average), root, len(reveals), sender=aggregator)


def phase(rounds_contract, task_id: int) -> str:
    """The task's current phase name."""
    return PHASES[int(rounds_contract.phaseOf(task_id))]


def seconds_left(rounds_contract, task_id: int, now: int) -> int:
    """Seconds until the current phase ends (0 when it is waiting for a call)."""
    task = rounds_contract.getTask(task_id)
    start = int(task.roundStart)
    name = phase(rounds_contract, task_id)
    ends = {
        "Commit": start + int(task.commitSeconds),
        "Reveal": start + int(task.commitSeconds) + int(task.revealSeconds),
        "Aggregate": start + int(task.commitSeconds) + int(task.revealSeconds) + int(task.aggregateSeconds),
        "Challenge": int(task.postedAt) + int(task.challengeSeconds),
    }
    return max(0, ends[name] - now) if name in ends else 0


def global_model(rounds_contract, task_id: int, start_block: int = 0) -> list[int]:
    """The current global model: the last accepted non-empty aggregate (zeros before any)."""
    dimension = int(rounds_contract.getTask(task_id).dimension)
    accepted = [
        bytes(log.event_arguments["aggregateHash"])
        for log in logs(rounds_contract.RoundAccepted, start_block, taskId=task_id)
    ]
    accepted = [h for h in accepted if h != b"\0" * 32]
    if not accepted:
        return [0] * dimension
    for event in (rounds_contract.AggregatePosted, rounds_contract.AggregateComputed):
        for log in logs(event, start_block, taskId=task_id):
            if bytes(log.event_arguments["aggregateHash"]) == accepted[-1]:
                return fixedpoint.unpack(bytes(log.event_arguments["aggregate"]))
    raise LookupError(f"task {task_id}: the accepted aggregate {accepted[-1].hex()} is in no event")


def keeper_step(rounds_contract, task_id: int, caller, start_block: int = 0) -> str:
    """Do whatever the task is waiting for, as `caller`; returns what was done.

    Aggregate phase (caller = aggregator): post the honest aggregate. Challenge phase: challenge the
    post if it differs from the recomputation. Overdue: aggregate on-chain. Acceptable: advance.
    Trained: finalize.
    """
    name = phase(rounds_contract, task_id)
    task = rounds_contract.getTask(task_id)
    if name == "Aggregate":
        if int(task.aggregatorBond) == 0:
            reveals = round_reveals(rounds_contract, task_id, int(task.round), start_block)
            rounds_contract.aggregateOnChain(task_id, *round_inputs(reveals), sender=caller)
            return "aggregated on-chain (no bonded aggregator)"
        post_honest_aggregate(rounds_contract, task_id, caller, start_block)
        return "posted the aggregate"
    if name == "Challenge":
        reveals = round_reveals(rounds_contract, task_id, int(task.round), start_block)
        average, root = fixedpoint.aggregate_round(reveals)
        if fixedpoint.update_hash(average) == bytes(task.postedAggregateHash) and root == bytes(task.postedRoot):
            return "posted aggregate is correct; waiting for the challenge window to end"
        rounds_contract.challengeAggregate(task_id, *round_inputs(reveals), sender=caller)
        return "challenged a wrong aggregate: aggregator slashed, round corrected"
    if name == "Overdue":
        reveals = round_reveals(rounds_contract, task_id, int(task.round), start_block)
        rounds_contract.aggregateOnChain(task_id, *round_inputs(reveals), sender=caller)
        return "aggregator missed its deadline: aggregated on-chain"
    if name == "Acceptable":
        rounds_contract.advance(task_id, sender=caller)
        return "advanced to the next round"
    if name == "Trained":
        rounds_contract.finalize(task_id, sender=caller)
        return "finalized: model listed"
    return f"nothing to do in the {name} phase"
