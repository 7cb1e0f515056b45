"""`modelmarket eval ...`: evaluate listed model versions, attest, challenge, vote, show scores."""

from __future__ import annotations

from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, format_amount, marketplace, parse_amount, unlock
from modelmarket.evaluation import EVAL_SETS, METRICS, LinearModel, evaluate, train_reference_model
from modelmarket.evaluation import attestations as chain_evals
from modelmarket.evaluation.metrics import format_value, metric_name

_EVAL_SET = click.option(
    "--eval-set", type=click.Choice(sorted(EVAL_SETS)), default="breast-cancer-test-v1", show_default=True
)
_METRIC = click.option("--metric", type=click.Choice(METRICS), default="accuracy", show_default=True)
_MODEL_FILE = click.option(
    "--model-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
    help="the model version's canonical parameter file (its keccak is the version's content hash)",
)


def _model(path: Path) -> LinearModel:
    try:
        return LinearModel.load(path)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _attestation(evals, attestation_id: int):
    if not 1 <= attestation_id <= evals.attestationCount():
        raise click.ClickException(f"attestation {attestation_id} does not exist")
    return evals.getAttestation(attestation_id)


def _rerun(attestation, path: Path):
    """Re-executes the evaluation an attestation states with the given model file."""
    claim = attestation.claim
    model = _model(path)
    if model.content_hash != bytes(claim.versionHash):
        raise click.ClickException(
            f"the model file hashes to 0x{model.content_hash.hex()}, the attestation names 0x{bytes(claim.versionHash).hex()}"
        )
    name = next((n for n in EVAL_SETS if chain_evals.eval_set_hash(n) == bytes(claim.evalSetHash)), None)
    if name is None:
        raise click.ClickException(f"eval set 0x{bytes(claim.evalSetHash).hex()} is not one this library knows")
    metric = metric_name(claim.metricId)
    if metric not in METRICS:
        raise click.ClickException(f"metric {metric!r} is not one this library computes")
    return evaluate(model, name, metric)


@click.group("eval")
def evaluation() -> None:
    """Staked performance attestations: evaluate, attest, challenge, vote, show."""


@evaluation.command("model")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_EVAL_SET
@click.option("--regularization", type=float, default=1.0, show_default=True, help="inverse L2 strength C")
def export_model(out, eval_set, regularization) -> None:
    """Train the reference logistic regression (fixed seed) and write its canonical parameter file."""
    model = train_reference_model(eval_set, regularization)
    model.save(out)
    console.print(f"wrote {out}; content hash 0x{model.content_hash.hex()}")


@evaluation.command("run", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.option("--version", "version", type=int, required=True, help="registry version number")
@_MODEL_FILE
@_EVAL_SET
@_METRIC
@click.option("--bond", default=None, help="bond in tokens (default: the minimum)")
@click.option("--dry-run", is_flag=True, help="evaluate only; post nothing")
def run(account, asset_id, version, model_file, eval_set, metric, bond, dry_run) -> None:
    """Evaluate a listed model version and post a bonded attestation of the figure."""
    market = marketplace()
    evals = market.require("EvalRegistry")
    result = evaluate(_model(model_file), eval_set, metric)
    try:
        chain_evals.check_version(market.registry, asset_id, version, result.model_hash)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    console.print(f"{metric} on {eval_set}: [bold]{format_value(result.value)}[/bold]")
    if dry_run:
        return
    amount = parse_amount(bond) if bond else evals.MIN_ATTESTATION_BOND()
    claim = chain_evals.claim_of(result, asset_id, version)
    attestation_id = chain_evals.post(evals, market.token, unlock(account), claim, amount)
    console.print(f"attestation [bold]#{attestation_id}[/bold] posted with bond {format_amount(amount)}")


@evaluation.command("challenge", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("attestation_id", type=int)
@_MODEL_FILE
@click.option("--bond", default=None, help="bond in tokens (default: the attestation's bond)")
def challenge(account, attestation_id, model_file, bond) -> None:
    """Re-run the attested evaluation and challenge it when the posted figure differs."""
    evals = marketplace().require("EvalRegistry")
    attestation = _attestation(evals, attestation_id)
    result = _rerun(attestation, model_file)
    if chain_evals.reproduces(attestation, result):
        raise click.ClickException(
            f"re-execution reproduces the posted figure {format_value(result.value)}; nothing to challenge"
        )
    amount = chain_evals.challenge(
        evals, marketplace().token, unlock(account), attestation_id, parse_amount(bond) if bond else None
    )
    console.print(
        f"challenged #{attestation_id}: posted {format_value(attestation.claim.value)}, "
        f"re-execution gives {format_value(result.value)} (bond {format_amount(amount)})"
    )


@evaluation.command("register", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def register(account) -> None:
    """Register as an evaluator (locks the evaluator bond) to vote on challenges."""
    market = marketplace()
    evals = market.require("EvalRegistry")
    chain_evals.register_evaluator(evals, market.token, unlock(account))
    console.print(f"registered as evaluator with bond {format_amount(evals.EVALUATOR_BOND())}")


@evaluation.command("vote", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("attestation_id", type=int)
@_MODEL_FILE
def vote(account, attestation_id, model_file) -> None:
    """Re-run a challenged evaluation and vote on whether the posted figure is right."""
    evals = marketplace().require("EvalRegistry")
    attestation = _attestation(evals, attestation_id)
    right = chain_evals.reproduces(attestation, _rerun(attestation, model_file))
    evals.vote(attestation_id, right, sender=unlock(account))
    after = evals.getAttestation(attestation_id)
    console.print(
        f"voted {'for the attester' if right else 'for the challenger'} on #{attestation_id}: "
        f"{chain_evals.status_name(after)} ({after.votesForAttester} right / {after.votesForChallenger} wrong)"
    )


@evaluation.command("resolve", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("attestation_id", type=int)
def resolve(account, attestation_id) -> None:
    """Finalize an unchallenged attestation after its window, or time out an undecided challenge."""
    evals = marketplace().require("EvalRegistry")
    attestation = _attestation(evals, attestation_id)
    status = chain_evals.status_name(attestation)
    if status == "pending":
        evals.finalize(attestation_id, sender=unlock(account))
    elif status == "challenged":
        evals.timeout(attestation_id, sender=unlock(account))
    else:
        raise click.ClickException(f"attestation {attestation_id} is already {status}")
    console.print(f"#{attestation_id}: {chain_evals.status_name(evals.getAttestation(attestation_id))}")


@evaluation.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def claim(account) -> None:
    """Withdraw bonds and winnings credited to you."""
    evals = marketplace().require("EvalRegistry")
    receipt = evals.claim(sender=unlock(account))
    amount = receipt.events.filter(evals.Claimed)[0].amount
    console.print(f"claimed {format_amount(amount)}")


@evaluation.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("attestation_id", type=int)
def show(attestation_id) -> None:
    """Show an attestation and the score of its (model version, metric, eval set)."""
    evals = marketplace().require("EvalRegistry")
    attestation = _attestation(evals, attestation_id)
    claim_ = attestation.claim
    found = chain_evals.score(
        evals, claim_.assetId, bytes(claim_.versionHash), metric_name(claim_.metricId), bytes(claim_.evalSetHash)
    )
    table = Table(title=f"attestation #{attestation_id}")
    table.add_column("field")
    table.add_column("value", overflow="fold")
    rows = {
        "status": chain_evals.status_name(attestation),
        "attester": attestation.attester,
        "asset / version": f"#{claim_.assetId} v{claim_.version}",
        "version hash": "0x" + bytes(claim_.versionHash).hex(),
        "eval set hash": "0x" + bytes(claim_.evalSetHash).hex(),
        "metric": metric_name(claim_.metricId),
        "value": format_value(claim_.value),
        "bond": format_amount(attestation.bond),
        "challenge window ends": str(attestation.windowEndsAt),
        "challenger": attestation.challenger if attestation.resolveBy else "-",
        "votes right / wrong": f"{attestation.votesForAttester} / {attestation.votesForChallenger}",
        "score (median)": format_value(found.median),
        "evaluators counted": str(found.evaluators),
        "score final": "yes" if found.finalized else "no",
    }
    for field, value in rows.items():
        table.add_row(field, value)
    console.print(table)
