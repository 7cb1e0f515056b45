"""`modelmarket gov ...`: propose, vote, queue, execute and show governance proposals; the
guardian's takedown."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import console, label_bytes32, marketplace, parse_address, parse_bytes32, unlock

SUPPORT = {"for": 1, "against": 0, "abstain": 2}
TAKEDOWN_STATUSES = {"suspended": 3, "denied": 4}


def _governor(market):
    return market.require("MarketGovernor")


def _argument(text: str, abi_type: str) -> Any:
    """A command-line argument converted to what the ABI input `abi_type` takes."""
    if abi_type.startswith(("uint", "int")):
        try:
            return int(text, 0)
        except ValueError:
            raise click.BadParameter(f"{text!r} is not an integer") from None
    if abi_type == "bool":
        return text.lower() in ("1", "true", "yes")
    if abi_type == "address":
        return parse_address(text)
    if abi_type == "bytes32":
        return parse_bytes32(text) if text.startswith("0x") else label_bytes32(text)
    if abi_type.startswith("bytes"):
        return bytes.fromhex(text.removeprefix("0x"))
    return text


def _action(market, contract_name: str, method: str, args: tuple[str, ...]):
    from modelmarket.governance import call

    contract = market.require(contract_name)
    abis = [abi for abi in contract.contract_type.abi if abi.type == "function" and abi.name == method]
    abis = [abi for abi in abis if len(abi.inputs) == len(args)]
    if not abis:
        raise click.ClickException(f"{contract_name} has no function {method} taking {len(args)} arguments")
    values = [_argument(text, item.type) for text, item in zip(args, abis[0].inputs, strict=True)]
    return call(contract, method, *values)


def _proposal(market, proposal_id: int):
    from modelmarket.governance import find_proposal

    try:
        return find_proposal(_governor(market), proposal_id, market.deployment.block_number)
    except LookupError as error:
        raise click.ClickException(str(error)) from None


def _when(timestamp: int) -> str:
    if timestamp == 0:
        return "-"
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@click.group("gov")
def governance() -> None:
    """Governance: proposals through the Governor and its timelock, and takedowns."""


@governance.command("propose", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("contract_name")
@click.argument("method")
@click.argument("args", nargs=-1)
@click.option("--description", required=True, help="what the proposal does and why (its id depends on it)")
def propose(account, contract_name, method, args, description) -> None:
    """Propose one call CONTRACT_NAME.METHOD(ARGS...) made by the timelock.

    Example: modelmarket gov propose UsagePayments setProtocolFeeBps 250 --description "fee 2.5 %"
    """
    from modelmarket.governance import propose as submit

    market = marketplace()
    action = _action(market, contract_name, method, args)
    proposal = submit(_governor(market), [action], description, unlock(account))
    console.print(f"proposal {proposal.proposal_id}")
    console.print(f"voting from {_when(proposal.vote_start)} to {_when(proposal.vote_end)}")


@governance.command("vote", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("proposal_id", type=int)
@click.argument("support", type=click.Choice(tuple(SUPPORT)))
@click.option("--reason", default="", help="recorded with the vote")
def vote(account, proposal_id, support, reason) -> None:
    """Vote for, against or abstain (the votes delegated to you at the proposal's snapshot)."""
    from modelmarket.governance import Support
    from modelmarket.governance import vote as cast

    market = marketplace()
    cast(_governor(market), proposal_id, Support(SUPPORT[support]), unlock(account), reason)
    console.print(f"voted {support} on proposal {proposal_id}")


@governance.command("queue", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("proposal_id", type=int)
def queue(account, proposal_id) -> None:
    """Queue a succeeded proposal in the timelock."""
    from modelmarket.governance import queue as enqueue

    market = marketplace()
    eta = enqueue(_governor(market), _proposal(market, proposal_id), unlock(account))
    console.print(f"proposal {proposal_id} queued; executable from {_when(eta)}")


@governance.command("execute", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("proposal_id", type=int)
def execute(account, proposal_id) -> None:
    """Execute a queued proposal after the timelock delay."""
    from modelmarket.governance import execute as run

    market = marketplace()
    run(_governor(market), _proposal(market, proposal_id), unlock(account))
    console.print(f"proposal {proposal_id} executed")


@governance.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("proposal_id", type=int, required=False)
def show(proposal_id) -> None:
    """Show a proposal (state, votes, quorum, times), or the governance settings without an id."""
    from modelmarket.governance import status

    market = marketplace()
    governor = _governor(market)
    table = Table(title=f"proposal {proposal_id}" if proposal_id is not None else "governance")
    table.add_column("")
    table.add_column("")
    if proposal_id is None:
        timelock = market.require("MarketTimelock")
        rows = [
            ("governor", governor.address),
            ("timelock", timelock.address),
            ("voting delay (s)", str(governor.votingDelay())),
            ("voting period (s)", str(governor.votingPeriod())),
            ("quorum (% of supply)", f"{governor.quorumNumerator()} / {governor.quorumDenominator()}"),
            ("proposal threshold", str(governor.proposalThreshold())),
            ("timelock delay (s)", str(timelock.getMinDelay())),
            ("guardian", market.registry.guardian()),
            ("ratification window (s)", str(market.registry.ratificationWindow())),
        ]
    else:
        proposal = _proposal(market, proposal_id)
        current = status(governor, proposal_id)
        rows = [
            ("state", current.state.name.lower()),
            ("description", proposal.description),
            ("for / against / abstain", f"{current.votes_for} / {current.votes_against} / {current.votes_abstain}"),
            ("quorum", str(current.quorum)),
            ("snapshot", _when(current.snapshot)),
            ("deadline", _when(current.deadline)),
            ("executable from", _when(current.eta)),
        ]
        rows += [(f"call {i + 1}", f"{a.target} 0x{a.calldata.hex()[:8]}…") for i, a in enumerate(proposal.actions)]
    for row in rows:
        table.add_row(*row)
    console.print(table)


@governance.command("takedown", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.argument("status", type=click.Choice(tuple(TAKEDOWN_STATUSES)))
@click.option("--reason", required=True, help="reason code, e.g. GDPR-ART17 (≤ 32 bytes) or a 0x hash")
@click.option("--evidence-hash", required=True, help="0x 32-byte hash of the evidence")
def takedown(account, asset_id, status, reason, evidence_hash) -> None:
    """Guardian: suspend or deny an asset; it lapses unless governance ratifies it in time."""
    market = marketplace()
    reason_code = parse_bytes32(reason) if reason.startswith("0x") else label_bytes32(reason)
    market.registry.takedown(
        asset_id, TAKEDOWN_STATUSES[status], reason_code, parse_bytes32(evidence_hash), sender=unlock(account)
    )
    record = market.registry.takedownOf(asset_id)
    lapses = f"lapses {_when(int(record.lapsesAt))} unless ratified" if record.lapsesAt else "until lifted"
    console.print(f"asset #{asset_id}: {status} ({lapses})")
