"""Gas of federated training (TrainingRounds): commit, reveal, post, and the worst-case on-chain FedAvg.

``measure_training(market)`` returns {operation: gas_used}. Commit and reveal are measured in the
second round (the steady state: a participant's slots already exist) with a 31-weight model (the
breast-cancer logistic regression of ``modelmarket.training.federated``), each participant sending its
own two transactions; the third round relays the same four participants' EIP-712-signed commits and
their openings in one ``commitBatch`` and one ``revealBatch`` (totals; per participant = total / 4).
The on-chain aggregation is measured at the bound: 16 participants × 32 weights.
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import TOKEN, Actor, actor, actors, sender

PHASE = 60
#: Participants per relayed batch in the measured round.
BATCH = 4


def _signed_commit(training: Any, task_id: int, who: Actor, opening: Any) -> tuple:
    """`who`'s EIP-712 signature of its commitment to `opening` (signed with its key, as a wallet would)."""
    from eth_account import Account
    from eth_account.messages import encode_typed_data

    from modelmarket.training import fixedpoint
    from modelmarket.training.relay import signed_commit_tuple, typed_commit

    round_ = int(training.getTask(task_id).round)
    digest = fixedpoint.commitment(task_id, round_, opening.hash, opening.samples, opening.epsilon_milli, opening.salt, who.address)
    previous = bytes(training.updateHashOf(task_id, who.address))
    message, authorization = typed_commit(training, task_id, round_, digest, previous)
    signed = Account.sign_message(encode_typed_data(full_message=message), who.key)
    signature = signed.r.to_bytes(32, "big") + signed.s.to_bytes(32, "big") + bytes([signed.v])
    return signed_commit_tuple(who.address, authorization, signature)


def _goto(chain: Any, training: Any, task_id: int, offset_phases: int) -> None:
    task = training.getTask(task_id)
    target = int(task.roundStart) + offset_phases * PHASE
    if target > chain.pending_timestamp:
        chain.pending_timestamp = target


def measure_training(market: Any) -> dict[str, int]:
    """Run two small tasks and return the gas of each training operation."""
    from ape import chain

    from modelmarket.training import chain as training_chain
    from modelmarket.training import fixedpoint

    token, registry, training = market.token, market.registry, market.require("TrainingRounds")
    deployer = sender(actor("deployer"))
    coordinator, aggregator = sender(actor("training coordinator")), sender(actor("training aggregator"))
    hospital_actors = actors("hospital", 16)
    hospitals = [sender(a) for a in hospital_actors]
    relayer = sender(actor("training relayer"))
    for account in (coordinator, aggregator, *hospitals):
        token.transfer(account, 10_000 * TOKEN, sender=deployer)
    listing = {
        "kind": 0, "contentHash": b"\x11" * 32, "metadataURI": "ipfs://base", "licenseId": b"MIT".ljust(32, b"\0"),
        "complianceFlags": 0, "pricePerCall": 0, "operator": "0x" + "00" * 20, "parents": [],
    }
    receipt = registry.list(listing, sender=coordinator)
    base = int(receipt.events.filter(registry.AssetListed)[0].assetId)
    gas: dict[str, int] = {}

    def open_task(members: list[Any], dimension: int, rounds: int, max_samples: int = 1_000_000) -> int:
        params = training_chain.open_params(
            base_model_id=base, aggregator=aggregator.address, reward_pool=1_000 * TOKEN, dimension=dimension,
            rounds=rounds, allow_list=[m.address for m in members], min_bond=TOKEN, aggregator_bond=100 * TOKEN,
            phase_seconds=(PHASE, PHASE, PHASE, PHASE), max_samples=max_samples,
        )
        task_id = training_chain.open_task(training, token, coordinator, params)
        for member in members:
            training_chain.join(training, token, task_id, member)
        return task_id

    # Steady state: 4 hospitals, 31 weights, measured in round 1 (round 0 created the slots) sent
    # directly, and in round 2 relayed as one batch of four.
    members = hospitals[:BATCH]
    task_id = open_task(members, 31, 3)
    training_chain.bond_aggregator(training, token, task_id, aggregator)
    for round_ in range(3):
        _goto(chain, training, task_id, 0)
        openings = {}
        for i, member in enumerate(members):
            values = [((round_ + 1) * 7_919 * (i + 1) * (j + 3)) % 2**40 - 2**39 for j in range(31)]
            openings[member.address] = training_chain.Opening(values, 100 + i, 1_000, bytes([i + 1]) * 32)
        if round_ == 2:
            signed = [_signed_commit(training, task_id, who, openings[who.address]) for who in hospital_actors[:BATCH]]
            batch_commit = training_chain.commit_batch(training, task_id, signed, relayer)
            _goto(chain, training, task_id, 1)
            batch_reveal = training_chain.reveal_batch(training, task_id, openings, relayer)
            gas[f"training.commitBatch (steady round, batch of {BATCH}, total)"] = batch_commit.gas_used
            gas[f"training.revealBatch (steady round, batch of {BATCH}, 31 weights, total)"] = batch_reveal.gas_used
            _goto(chain, training, task_id, 2)
            training_chain.post_honest_aggregate(training, task_id, aggregator)
            posted = training.getTask(task_id)
            if chain.pending_timestamp < int(posted.postedAt) + PHASE:
                chain.pending_timestamp = int(posted.postedAt) + PHASE
            training.advance(task_id, sender=coordinator)
            continue
        commits = []
        for member in members:
            opening = openings[member.address]
            digest = fixedpoint.commitment(task_id, round_, opening.hash, opening.samples, 1_000, opening.salt, member.address)
            commits.append(training.commit(task_id, digest, sender=member))
        _goto(chain, training, task_id, 1)
        reveals = [training_chain.reveal(training, task_id, m, openings[m.address]) for m in members]
        _goto(chain, training, task_id, 2)
        post = training_chain.post_honest_aggregate(training, task_id, aggregator)
        posted = training.getTask(task_id)
        if chain.pending_timestamp < int(posted.postedAt) + PHASE:
            chain.pending_timestamp = int(posted.postedAt) + PHASE
        advance = training.advance(task_id, sender=coordinator)
        suffix = "first round" if round_ == 0 else "steady round"
        gas[f"training.commit ({suffix})"] = commits[-1].gas_used
        gas[f"training.reveal ({suffix}, 31 weights)"] = reveals[-1].gas_used
        gas[f"training.advance ({suffix})"] = advance.gas_used
        gas[f"training.postAggregate ({suffix}, 4 updates, 31 weights)"] = post.gas_used
    gas["training.finalize (lists the model)"] = training.finalize(task_id, sender=coordinator).gas_used
    gas["training.claim (participant)"] = training.claim(task_id, sender=members[0]).gas_used

    # The bound: 16 participants × 32 weights, aggregated on-chain after a missed deadline (slash included).
    task_id = open_task(hospitals, 32, 1, max_samples=2**32 - 1)
    training_chain.bond_aggregator(training, token, task_id, aggregator)
    _goto(chain, training, task_id, 0)
    openings = {}
    for i, member in enumerate(hospitals):
        values = [(-1) ** j * (2**62 - 1 - 1_000 * i * j) for j in range(32)]
        openings[member.address] = training_chain.commit(training, task_id, member, values, 4_000_000_000 - i)
    _goto(chain, training, task_id, 1)
    for member in hospitals:
        training_chain.reveal(training, task_id, member, openings[member.address])
    _goto(chain, training, task_id, 3)
    reveals_by = {m.address: (o.values, o.samples) for m, o in zip(hospitals, openings.values(), strict=True)}
    participants, updates = training_chain.round_inputs(reveals_by)
    gas["training.aggregateOnChain (16 x 32, slash)"] = training.aggregateOnChain(
        task_id, participants, updates, sender=coordinator
    ).gas_used
    return gas


def main() -> None:
    """Measure on a fresh anvil and print the rows (``python -m benchmarks.gas_training``)."""
    from ape import networks

    from benchmarks.functions import deploy, quiet_ape

    quiet_ape()
    with networks.parse_network_choice("ethereum:local:foundry"):
        for name, value in measure_training(deploy()).items():
            print(f"{name}: {value:,}")


if __name__ == "__main__":
    main()
