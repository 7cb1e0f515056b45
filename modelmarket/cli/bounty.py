"""`modelmarket bounty post | submit | join | validate | reveal | finalize | link | claim | show`:
synthetic-data bounties with staked, commit-reveal validation."""

from __future__ import annotations

from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, format_amount, marketplace, parse_amount, unlock


def _contract(market):
    return market.require("DataBounties")


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror}") from None


def _submission(contract, submission_id: int):
    if not 0 < submission_id <= contract.submissionCount():
        raise click.ClickException(f"submission {submission_id} does not exist")
    return contract.getSubmission(submission_id)


def _bounty(contract, bounty_id: int):
    if not 0 < bounty_id <= contract.bountyCount():
        raise click.ClickException(f"bounty {bounty_id} does not exist")
    return contract.getBounty(bounty_id)


@click.group()
def bounty() -> None:
    """Synthetic-data bounties: post, submit, validate (score), reveal, finalize, show."""


@bounty.command("post", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.option("--dataset", type=click.Choice(["wine", "iris", "breast_cancer"]), default="wine",
              help="packaged real dataset the synthetic data must imitate")
@click.option("--reward", required=True, help="reward in tokens (10 % goes to validators)")
@click.option("--bond", default="10", show_default=True, help="generator bond in tokens")
@click.option("--threshold", type=click.IntRange(1, 10_000), default=6_000, show_default=True,
              help="acceptance threshold in score bps")
@click.option("--phase-seconds", type=click.IntRange(1), default=3_600, show_default=True,
              help="length of each of the four phases")
@click.option("--min-rows", type=click.IntRange(1), default=100, show_default=True)
@click.option("--source", "source_asset", type=int, default=0, help="registry asset the data derives from")
def post(account, dataset, reward, bond, threshold, phase_seconds, min_rows, source_asset) -> None:
    """Post a bounty; the spec is stored inline in the event, its hash on-chain."""
    from ape import chain

    from modelmarket.bounties.chain import post_bounty
    from modelmarket.bounties.spec import BountySpec

    market = marketplace()
    spec = BountySpec(dataset=dataset, min_rows=min_rows)
    bounty_id = post_bounty(
        _contract(market), market.token, unlock(account), spec,
        reward=parse_amount(reward), bond=parse_amount(bond), threshold_bps=threshold,
        start=chain.pending_timestamp, phase_seconds=phase_seconds, source_asset_id=source_asset,
    )
    console.print(f"posted bounty #{bounty_id} ({dataset}, threshold {threshold} bps, spec 0x{spec.spec_hash().hex()})")


@bounty.command("submit", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("bounty_id", type=int)
@click.argument("data_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--uri", default=None, help="where validators fetch the data (default: file:// of DATA_FILE)")
def submit(account, bounty_id, data_file, uri) -> None:
    """Bond and commit to a dataset file (its hash stays hidden until the reveal phase)."""
    from ape import chain

    from modelmarket.bounties import secrets
    from modelmarket.bounties.chain import submit_dataset
    from modelmarket.bounties.commitments import new_salt
    from modelmarket.bounties.data import dataset_hash

    market = marketplace()
    contract = _contract(market)
    _bounty(contract, bounty_id)
    data = _read(data_file)
    salt = new_salt()
    signer = unlock(account)
    submission_id = submit_dataset(contract, market.token, signer, bounty_id, data, salt)
    secrets.remember(chain.chain_id, "dataset", submission_id, signer.address, {
        "hash": dataset_hash(data).hex(), "salt": salt.hex(), "uri": uri or Path(data_file).resolve().as_uri(),
    })
    console.print(f"submission #{submission_id} committed to bounty #{bounty_id}; reveal it after the submit deadline")


@bounty.command("join", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("bounty_id", type=int)
@click.option("--stake", "top_up", default="0", help="tokens to add to your validator stake first")
def join(account, bounty_id, top_up) -> None:
    """Join a bounty as a validator (your whole stake is its weight and stays locked until it ends)."""
    from modelmarket.bounties.chain import join_bounty

    market = marketplace()
    contract = _contract(market)
    _bounty(contract, bounty_id)
    signer = unlock(account)
    join_bounty(contract, market.token, signer, bounty_id, parse_amount(top_up))
    console.print(f"joined bounty #{bounty_id} with weight {format_amount(contract.weightOf(bounty_id, signer.address))}")


@bounty.command("validate", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("submission_id", type=int)
@click.argument("data_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--commit/--no-commit", default=True, show_default=True, help="commit the score on-chain")
def validate(account, submission_id, data_file, commit) -> None:
    """Score a submitted dataset against the bounty's spec (TSTR accuracy + per-feature KS) and commit it."""
    from ape import chain

    from modelmarket.bounties import secrets
    from modelmarket.bounties.chain import bounty_posted, commit_score, spec_from_uri
    from modelmarket.bounties.commitments import new_salt
    from modelmarket.bounties.data import dataset_hash
    from modelmarket.bounties.scoring import score_dataset

    market = marketplace()
    contract = _contract(market)
    submission = _submission(contract, submission_id)
    data = _read(data_file)
    if dataset_hash(data) != bytes(submission.datasetHash):
        raise click.ClickException(f"{data_file} does not hash to submission {submission_id}'s revealed dataset")
    event = bounty_posted(contract, submission.bountyId, market.deployment.block_number)
    spec = spec_from_uri(event.specURI)
    if spec.spec_hash() != bytes(event.specHash):
        raise click.ClickException(f"bounty {submission.bountyId}'s spec does not match its hash")
    try:
        report = score_dataset(spec, data)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    table = Table(title=f"submission #{submission_id} against {spec.dataset}", show_header=False)
    table.add_row("rows", str(report.rows))
    table.add_row("train-synthetic/test-real accuracy", f"{report.tstr_accuracy:.4f}")
    table.add_row("train-real/test-real accuracy", f"{report.trtr_accuracy:.4f}")
    table.add_row("mean per-feature KS", f"{report.mean_ks:.4f}")
    table.add_row("score", f"{report.score_bps} bps")
    console.print(table)
    if commit:
        signer = unlock(account)
        salt = new_salt()
        commit_score(contract, signer, submission_id, report.score_bps, salt)
        secrets.remember(chain.chain_id, "score", submission_id, signer.address,
                         {"score": report.score_bps, "salt": salt.hex()})
        console.print(f"committed score {report.score_bps} for submission #{submission_id}")


@bounty.command("reveal", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("submission_id", type=int)
def reveal(account, submission_id) -> None:
    """Reveal what you committed for a submission: the dataset (generator) or your score (validator)."""
    from ape import chain

    from modelmarket.bounties import secrets
    from modelmarket.bounties.chain import PHASES, reveal_dataset, reveal_score

    market = marketplace()
    contract = _contract(market)
    submission = _submission(contract, submission_id)
    phase = PHASES[contract.phaseOf(submission.bountyId)]
    signer = unlock(account)
    role = {"DatasetReveal": "dataset", "ScoreReveal": "score"}.get(phase)
    if role is None:
        raise click.ClickException(f"bounty {submission.bountyId} is in phase {phase}: nothing to reveal now")
    secret = secrets.recall(chain.chain_id, role, submission_id, signer.address)
    if secret is None:
        raise click.ClickException(f"no stored {role} secret for submission {submission_id} and {signer.address}")
    if role == "dataset":
        reveal_dataset(contract, signer, submission_id, bytes.fromhex(secret["hash"]), bytes.fromhex(secret["salt"]),
                       secret["uri"])
        console.print(f"revealed dataset 0x{secret['hash']} of submission #{submission_id}")
    else:
        reveal_score(contract, signer, submission_id, int(secret["score"]), bytes.fromhex(secret["salt"]))
        console.print(f"revealed score {secret['score']} for submission #{submission_id}")


@bounty.command("finalize", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("bounty_id", type=int)
def finalize(account, bounty_id) -> None:
    """Settle a bounty after its reveal deadline (anyone may)."""
    market = marketplace()
    contract = _contract(market)
    _bounty(contract, bounty_id)
    receipt = contract.finalize(bounty_id, sender=unlock(account))
    event = receipt.events.filter(contract.BountyFinalized)[0]
    console.print(f"finalized bounty #{bounty_id}: {event.accepted} accepted, {format_amount(event.payoutEach)} each, "
                  f"{format_amount(event.refund)} back to the requester")


@bounty.command("link", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("submission_id", type=int)
@click.argument("asset_id", type=int)
@click.option("--version", type=int, default=1, show_default=True)
def link(account, submission_id, asset_id, version) -> None:
    """Link your accepted dataset to its registry listing (kind dataset, flag synthetic-data) to be paid."""
    market = marketplace()
    contract = _contract(market)
    _submission(contract, submission_id)
    contract.linkDataset(submission_id, asset_id, version, sender=unlock(account))
    console.print(f"linked submission #{submission_id} to asset #{asset_id}")


@bounty.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def claim(account) -> None:
    """Withdraw everything DataBounties credited to you."""
    market = marketplace()
    contract = _contract(market)
    signer = unlock(account)
    if contract.claimable(signer.address) == 0:
        raise click.ClickException(f"{signer.address} has nothing to claim")
    receipt = contract.claim(sender=signer)
    console.print(f"claimed {format_amount(receipt.events.filter(contract.Claimed)[0].amount)}")


@bounty.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("bounty_id", type=int)
def show(bounty_id) -> None:
    """A bounty, its submissions and its validators (with their O(1) standing)."""
    from modelmarket.bounties.chain import PHASES, STATUSES

    market = marketplace()
    contract = _contract(market)
    record = _bounty(contract, bounty_id)
    console.print(f"bounty #{bounty_id} by {record.requester}: reward {format_amount(record.reward)}, bond "
                  f"{format_amount(record.generatorBond)}, threshold {record.acceptThresholdBps} bps, "
                  f"phase {PHASES[contract.phaseOf(bounty_id)]}")
    submissions = Table(title="submissions")
    for column in ("id", "generator", "status", "median", "consensus", "payout", "accepted/rejected"):
        submissions.add_column(column)
    for index in range(record.submissionCount):  # ≤ 16
        submission_id = contract.submissionAt(bounty_id, index)
        item = contract.getSubmission(submission_id)
        reputation = contract.generatorOf(item.generator)
        submissions.add_row(str(submission_id), item.generator, STATUSES[item.status], str(item.medianBps),
                            str(item.consensusBps), format_amount(item.payout),
                            f"{reputation.accepted}/{reputation.rejected}")
    console.print(submissions)
    validators = Table(title="validators")
    for column in ("validator", "weight", "stake now", "EMA agreement", "bounties scored"):
        validators.add_column(column)
    for index in range(record.validatorCount):  # ≤ 64
        address = contract.validatorAt(bounty_id, index)
        standing = contract.validatorOf(address)
        validators.add_row(address, format_amount(contract.weightOf(bounty_id, address)), format_amount(standing.stake),
                           f"{standing.emaBps / 100:.1f} %", str(standing.bountiesScored))
    console.print(validators)
