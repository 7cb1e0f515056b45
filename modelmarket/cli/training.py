"""`modelmarket training open | join | run | aggregate | royalties | audit`: federated training on TrainingRounds."""

from __future__ import annotations

import json
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, label_bytes32, marketplace, parse_address, parse_amount, unlock

STATE_DIR = Path.home() / ".modelmarket" / "training"


def _flags_option(text: str) -> int:
    """Flag names (`"commercial,pii-free"`) or a number → bitmask, as the compliance registry defines them."""
    from modelmarket.compliance import parse_flags

    try:
        return parse_flags(text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group()
def training() -> None:
    """Federated training: institutions train locally, the chain keeps the audit trail."""


@training.command("open", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--base-model", type=int, required=True, help="registry asset id of the base model")
@click.option("--aggregator", required=True, help="address of the aggregator (bonds before posting)")
@click.option("--pool", required=True, help="reward pool in tokens")
@click.option("--rounds", type=int, default=3, show_default=True)
@click.option("--dimension", type=int, default=31, show_default=True, help="int64 weights per model (<= 32)")
@click.option("--allow", "allow_list", multiple=True, help="an institution's address (repeat; <= 16)")
@click.option("--open-to-all", is_flag=True, help="anyone posting --min-bond may join")
@click.option("--min-bond", default="0", show_default=True, help="bond per participant, in tokens")
@click.option("--aggregator-bond", default="100", show_default=True, help="in tokens")
@click.option("--max-samples", type=int, default=1_000_000, show_default=True, help="cap on a sample count")
@click.option("--max-epsilon", type=float, default=10.0, show_default=True, help="cap on the declared DP epsilon")
@click.option("--phase-seconds", type=int, default=600, show_default=True, help="each of commit/reveal/aggregate/challenge")
@click.option("--royalty-bps", type=int, default=500, show_default=True, help="royalty of the base model on the result")
@click.option("--participants-royalty", "participants_royalty", type=int, default=0, show_default=True, metavar="BPS",
              help="royalty of the participants (pro rata to accepted contributions) on the trained model's revenue")
@click.option("--license", "license_id", default="MIT", show_default=True)
@click.option("--uri", "metadata_uri", default="ipfs://federated-model-card", show_default=True)
@click.option("--require-flags", "required_flags", default="", help="compliance flags every participant must declare "
              "(names like pii-free,gdpr-reviewed or a number)")
def open_command(account, base_model, aggregator, pool, rounds, dimension, allow_list, open_to_all, min_bond,
                 aggregator_bond, max_samples, max_epsilon, phase_seconds, royalty_bps, participants_royalty, license_id,
                 metadata_uri, required_flags) -> None:
    """Open a federated task (pulls the reward pool); prints the task id."""
    from modelmarket.training import chain as training_chain

    market = marketplace()
    rounds_contract = market.require("TrainingRounds")
    params = training_chain.open_params(
        base_model_id=base_model,
        aggregator=parse_address(aggregator),
        reward_pool=parse_amount(pool),
        dimension=dimension,
        rounds=rounds,
        allow_list=[parse_address(a) for a in allow_list],
        min_bond=parse_amount(min_bond),
        aggregator_bond=parse_amount(aggregator_bond),
        max_samples=max_samples,
        max_epsilon_milli=round(max_epsilon * 1000),
        phase_seconds=(phase_seconds,) * 4,
        base_royalty_bps=royalty_bps,
        participants_royalty_bps=participants_royalty,
        license_id=label_bytes32(license_id),
        metadata_uri=metadata_uri,
        allow_list_only=not open_to_all,
        required_flags=_flags_option(required_flags),
    )
    task_id = training_chain.open_task(rounds_contract, market.token, unlock(account), params)
    console.print(f"opened federated task [bold]#{task_id}[/bold] on base model #{base_model}")


@training.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("task_id", type=int)
@click.option("--aggregator", "as_aggregator", is_flag=True, help="post the aggregator bond instead")
@click.option("--flags", default="", help="compliance flags you declare you hold (names or a number); "
              "must include every flag the task requires")
def join(account, task_id, as_aggregator, flags) -> None:
    """Join TASK_ID as a participant (posting its bond), or bond as its aggregator."""
    from modelmarket.training import chain as training_chain

    market = marketplace()
    rounds_contract = market.require("TrainingRounds")
    if as_aggregator:
        training_chain.bond_aggregator(rounds_contract, market.token, task_id, unlock(account))
        console.print(f"bonded as the aggregator of task #{task_id}")
        return
    declared = _flags_option(flags)
    required = int(rounds_contract.getTask(task_id).requiredFlags)
    if declared & required != required:
        from modelmarket.compliance import describe_flags

        raise click.ClickException(
            f"task #{task_id} requires the flags {describe_flags(required)}; you declared {describe_flags(declared)}"
        )
    training_chain.join(rounds_contract, market.token, task_id, unlock(account), declared)
    console.print(f"joined task #{task_id}")


def _comparison_table(comparison) -> Table:
    table = Table(title="held-out accuracy (breast-cancer, 25 % test split)")
    table.add_column("model")
    table.add_column("training samples", justify="right")
    table.add_column("accuracy", justify="right")
    table.add_row("federated (FedAvg, fixed point)", str(sum(comparison.samples.values())), f"{comparison.federated:.4f}")
    table.add_row("central (all data pooled)", str(sum(comparison.samples.values())), f"{comparison.central:.4f}")
    for name, value in comparison.alone.items():
        table.add_row(f"{name} alone", str(comparison.samples[name]), f"{value:.4f}")
    table.add_row("institutions alone (mean)", "", f"{comparison.alone_mean:.4f}")
    return table


@training.command()
@click.option("--rounds", type=int, default=5, show_default=True)
@click.option("--steps", type=int, default=20, show_default=True, help="local gradient steps per round")
@click.option("--institutions", type=int, default=4, show_default=True)
def simulate(rounds, steps, institutions) -> None:
    """Run the federated training off-chain and print federated vs central vs alone accuracy."""
    from modelmarket.training import federated

    split = federated.load_split(institutions)
    values = federated.run_offline(split, rounds, steps)
    console.print(_comparison_table(federated.compare(split, values, rounds, steps)))


def _state_path(state_dir: Path, chain_id: int, task_id: int, address: str) -> Path:
    return state_dir / f"{chain_id}-{task_id}-{address.lower()}.json"


@training.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("task_id", type=int)
@click.option("--institution", type=int, required=True, help="which partition of the dataset is yours (0-based)")
@click.option("--institutions", type=int, default=4, show_default=True)
@click.option("--steps", type=int, default=20, show_default=True, help="local gradient steps per round")
@click.option("--epsilon", type=float, default=0.0, show_default=True, help="declared DP epsilon (0: none applied)")
@click.option("--state-dir", type=click.Path(path_type=Path), default=STATE_DIR, show_default=True)
def run(account, task_id, institution, institutions, steps, epsilon, state_dir) -> None:
    """Your institution's step in TASK_ID: in the commit phase, train locally from the global model and
    commit (the opening is kept in --state-dir); in the reveal phase, reveal it."""
    from ape import chain

    from modelmarket.training import chain as training_chain
    from modelmarket.training import federated

    market = marketplace()
    rounds_contract = market.require("TrainingRounds")
    start = market.deployment.block_number
    sender = unlock(account)
    path = _state_path(state_dir, chain.chain_id, task_id, sender.address)
    name = training_chain.phase(rounds_contract, task_id)
    round_ = int(rounds_contract.getTask(task_id).round)
    if name == "Commit":
        split = federated.load_split(institutions)
        if not 0 <= institution < len(split.institutions):
            raise click.BadParameter(f"--institution must be in 0..{len(split.institutions) - 1}")
        mine = split.institutions[institution]
        values = federated.local_update(training_chain.global_model(rounds_contract, task_id, start), mine, steps)
        opening = training_chain.commit(rounds_contract, task_id, sender, values, mine.samples, round(epsilon * 1000))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"round": round_, "values": opening.values, "samples": opening.samples,
                                    "epsilon_milli": opening.epsilon_milli, "salt": opening.salt.hex()}))
        console.print(f"{mine.name}: trained on {mine.samples} local records, committed update "
                      f"0x{opening.hash.hex()} for round {round_}")
        return
    if name == "Reveal":
        if not path.exists():
            raise click.ClickException(f"no commitment of {sender.address} saved in {path}")
        saved = json.loads(path.read_text())
        if saved["round"] != round_:
            raise click.ClickException(f"the saved commitment is for round {saved['round']}, not {round_}")
        opening = training_chain.Opening(saved["values"], saved["samples"], saved["epsilon_milli"], bytes.fromhex(saved["salt"]))
        training_chain.reveal(rounds_contract, task_id, sender, opening)
        console.print(f"revealed update 0x{opening.hash.hex()} for round {round_}")
        return
    raise click.ClickException(f"task {task_id} is in its {name} phase: nothing for a participant to do")


@training.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("task_id", type=int)
def aggregate(account, task_id) -> None:
    """Do what TASK_ID waits for: post the aggregate (aggregator), challenge a wrong one, aggregate
    on-chain after a missed deadline, advance, or finalize."""
    from modelmarket.training import chain as training_chain

    market = marketplace()
    rounds_contract = market.require("TrainingRounds")
    done = training_chain.keeper_step(rounds_contract, task_id, unlock(account), market.deployment.block_number)
    console.print(f"task #{task_id}: {done}")


@training.command(cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("task_id", type=int)
def royalties(account, task_id) -> None:
    """Collect TASK_ID's royalties on its trained model and claim your share (pro rata to your contribution)."""
    from modelmarket.training import chain as training_chain

    market = marketplace()
    rounds_contract = market.require("TrainingRounds")
    claimed = training_chain.collect_and_claim_royalties(
        rounds_contract, market.require("UsagePayments"), task_id, unlock(account)
    )
    if claimed == 0:
        raise click.ClickException(f"task {task_id}: no royalties owed to this account")
    console.print(f"task #{task_id}: claimed {claimed} base units of royalties")


@training.command(cls=ConnectedProviderCommand)
@network_option()
@click.argument("task_id", type=int)
def audit(task_id) -> None:
    """The whole trail of TASK_ID from events alone: policy, participants, rounds, updates, aggregates."""
    from modelmarket.training.audit import trail

    market = marketplace()
    entries = trail(market.require("TrainingRounds"), task_id, market.deployment.block_number)
    if not entries:
        raise click.ClickException(f"no events for task {task_id}")
    table = Table(title=f"audit trail of federated task #{task_id}")
    for column in ("block", "round", "event", "actor", "detail"):
        table.add_column(column)
    for entry in entries:
        table.add_row(str(entry.block), "" if entry.round is None else str(entry.round), entry.event, entry.actor, entry.detail)
    console.print(table)
