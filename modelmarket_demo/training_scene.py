"""Demo scene: a federated task end to end on TrainingRounds.

Three hospitals (non-IID partitions of scikit-learn's breast-cancer data) train a logistic
regression locally for two rounds; only fixed-point updates and their hashes leave them. Round 0 is
aggregated honestly; the task requires every hospital to declare the `pii-free` and `gdpr-reviewed`
compliance flags when joining (recorded in the audit trail). In round 1 a relayer submits the
hospitals' signed commitments and their openings in one transaction each, and the aggregator posts a wrong average, a watcher proves it on-chain,
the aggregator is slashed and the round corrected. The trained model is listed with lineage to the
base model, the pool is paid by contribution, and the audit trail is printed from events alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelmarket.units import format_amount

if TYPE_CHECKING:
    from modelmarket_demo.scenario import Scenario

TOKEN = 10**18
ROUNDS = 2
LOCAL_STEPS = 20
PHASE_SECONDS = 60


def federated_training(scenario: Scenario) -> None:
    from ape import chain

    from modelmarket.compliance import FLAGS
    from modelmarket.training import chain as training_chain
    from modelmarket.training import federated, fixedpoint
    from modelmarket.training.audit import trail

    market, cast = scenario.market, scenario.cast
    rounds_contract, token = market.require("TrainingRounds"), market.token
    coordinator, aggregator, watcher = cast.base_owner, cast.delegator2, cast.consumer
    members = [cast.data_owner, cast.tuner, cast.reporter]
    split = federated.load_split(len(members))
    params = training_chain.open_params(
        base_model_id=scenario.assets["base"], aggregator=aggregator.address, reward_pool=300 * TOKEN,
        dimension=split.dimension, rounds=ROUNDS, allow_list=[m.address for m in members], min_bond=5 * TOKEN,
        aggregator_bond=50 * TOKEN, phase_seconds=(PHASE_SECONDS,) * 4, metadata_uri="ipfs://modelmarket-demo/fed-bc/card.json",
        required_flags=FLAGS["pii-free"] | FLAGS["gdpr-reviewed"],
    )
    task_id = training_chain.open_task(rounds_contract, token, coordinator, params)
    for member in members:
        training_chain.join(rounds_contract, token, task_id, member)
    training_chain.bond_aggregator(rounds_contract, token, task_id, aggregator)
    scenario.say(f"task #{task_id}: {len(members)} hospitals (each declared pii-free, gdpr-reviewed), {ROUNDS} rounds, "
                 f"{split.dimension} weights, pool 300")

    def at(offset: int, base: int | None = None) -> None:
        # Mine a block at the phase's start, so the keeper's view calls see the phase too.
        target = (int(rounds_contract.getTask(task_id).roundStart) if base is None else base) + offset
        if target > chain.pending_timestamp:
            chain.mine(timestamp=target)

    start = market.deployment.block_number
    for round_ in range(ROUNDS):
        at(0)
        global_values = training_chain.global_model(rounds_contract, task_id, start)
        openings = {}
        relayed = round_ == 1  # hospitals sign; the watcher relays both steps in one transaction each
        signed = []
        for member, institution in zip(members, split.institutions, strict=True):
            values = federated.local_update(global_values, institution, LOCAL_STEPS)
            if relayed:
                opening = training_chain.new_opening(values, institution.samples)
                signed.append(training_chain.signed_commit(rounds_contract, task_id, member, opening))
                openings[member.address] = opening
            else:
                openings[member.address] = training_chain.commit(
                    rounds_contract, task_id, member, values, institution.samples
                )
        if relayed:
            training_chain.commit_batch(rounds_contract, task_id, signed, watcher)
        at(PHASE_SECONDS)
        if relayed:
            training_chain.reveal_batch(rounds_contract, task_id, openings, watcher)
        else:
            for member in members:
                training_chain.reveal(rounds_contract, task_id, member, openings[member.address])
        at(2 * PHASE_SECONDS)
        if round_ == 0:
            training_chain.keeper_step(rounds_contract, task_id, aggregator, start)
            scenario.say(f"round {round_}: 3 updates committed, revealed, averaged by the aggregator")
            at(PHASE_SECONDS, base=int(rounds_contract.getTask(task_id).postedAt))
            training_chain.keeper_step(rounds_contract, task_id, watcher, start)
        else:
            reveals = training_chain.round_reveals(rounds_contract, task_id, round_, start)
            average, root = fixedpoint.aggregate_round(reveals)
            wrong = [v + (1 << 20) for v in average]  # every weight off by 1.0
            rounds_contract.postAggregate(task_id, fixedpoint.pack(wrong), root, len(reveals), sender=aggregator)
            done = training_chain.keeper_step(rounds_contract, task_id, watcher, start)
            scenario.say(f"round {round_}: commits and reveals relayed in one batch each; the aggregator "
                         f"posted a wrong average; a watcher {done}")
    training_chain.keeper_step(rounds_contract, task_id, watcher, start)
    task = rounds_contract.getTask(task_id)
    scenario.assets["federated"] = int(task.modelAssetId)
    paid = {}
    for name, account in (("hospital A", members[0]), ("hospital B", members[1]), ("hospital C", members[2]),
                          ("watcher", watcher), ("aggregator", aggregator)):
        owed = int(rounds_contract.claimableOf(task_id, account))
        if owed:
            rounds_contract.claim(task_id, sender=account)
        paid[name] = owed
    scenario.table("federated task payouts (bonds back + pool by contribution)",
                   [(name, format_amount(amount)) for name, amount in paid.items()], headers=("account", "paid"))

    final_values = training_chain.global_model(rounds_contract, task_id, start)
    comparison = federated.compare(split, final_values, ROUNDS, LOCAL_STEPS)
    rows = [("federated (on-chain FedAvg)", f"{comparison.federated:.4f}"), ("central (pooled)", f"{comparison.central:.4f}")]
    rows += [(f"{name} alone", f"{value:.4f}") for name, value in comparison.alone.items()]
    scenario.table("held-out accuracy", rows, headers=("model", "accuracy"))
    entries = trail(rounds_contract, task_id, start)
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.event] = counts.get(entry.event, 0) + 1
    scenario.table(f"audit trail of task #{task_id} from events ({len(entries)} entries)",
                   [(name, str(n)) for name, n in counts.items()], headers=("event", "count"))
    scenario.figures.update(training_task=task_id, training_accuracy=comparison, training_paid=paid)
    scenario.say(f"trained model listed as asset #{task.modelAssetId} (parent: base model #{scenario.assets['base']})")
