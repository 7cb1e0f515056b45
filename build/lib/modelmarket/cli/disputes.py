"""`modelmarket disputes ...`: open, resolve and time out disputes; prove equivocation."""

from __future__ import annotations

import json
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand, account_option, network_option
from rich.table import Table

from modelmarket.cli.common import (
    ZERO_ADDRESS,
    console,
    ensure_allowance,
    format_amount,
    marketplace,
    parse_address,
    parse_amount,
    parse_bytes32,
    require_asset,
    unlock,
)

STATUSES = ("none", "open", "upheld", "rejected", "timed out")


def _dispute(disputes, dispute_id: int):
    if not 1 <= dispute_id <= disputes.disputeCount():
        raise click.ClickException(f"dispute {dispute_id} does not exist")
    return disputes.getDispute(dispute_id)


@click.group()
def disputes() -> None:
    """Disputes against assets: bonded reports, arbiter decisions, equivocation proofs."""


@disputes.command("open", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("asset_id", type=int)
@click.option("--bond", required=True, help="bond in tokens (≥ the minimum)")
@click.option("--evidence-hash", required=True, help="0x 32-byte hash of the evidence")
@click.option("--evidence-uri", required=True)
@click.option("--consumer", default=None, help="harmed consumer to refund if upheld")
@click.option("--refund", default="0", help="refund claimed for the consumer (tokens)")
def open_dispute(account, asset_id, bond, evidence_hash, evidence_uri, consumer, refund) -> None:
    """Open a dispute against an asset with a bond and evidence."""
    market = marketplace()
    require_asset(market, asset_id)
    contract = market.require("Disputes")
    bond_amount = parse_amount(bond)
    ensure_allowance(market.token, unlock(account), contract.address, bond_amount)
    receipt = contract.openDispute(
        asset_id,
        bond_amount,
        parse_bytes32(evidence_hash),
        evidence_uri,
        parse_address(consumer) if consumer else ZERO_ADDRESS,
        parse_amount(refund),
        sender=account,
    )
    dispute_id = receipt.events.filter(contract.DisputeOpened)[0].disputeId
    console.print(f"opened dispute [bold]#{dispute_id}[/bold] against asset #{asset_id}")


@disputes.command("resolve", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("dispute_id", type=int)
@click.option("--uphold/--reject", required=True, help="the arbiter's decision")
@click.option("--slash", default="0", help="when upholding: tokens to slash (≤ the cap)")
@click.option("--refund", default="0", help="when upholding: refund to the consumer (≤ the claim)")
def resolve(account, dispute_id, uphold, slash, refund) -> None:
    """Arbiter: uphold (slash, refund) or reject a dispute."""
    contract = marketplace().require("Disputes")
    _dispute(contract, dispute_id)
    if uphold:
        receipt = contract.upholdDispute(dispute_id, parse_amount(slash), parse_amount(refund), sender=unlock(account))
        slashed = receipt.events.filter(contract.DisputeUpheld)[0].slashed
        console.print(f"dispute #{dispute_id} upheld: slashed {format_amount(slashed)}")
    else:
        contract.rejectDispute(dispute_id, sender=unlock(account))
        console.print(f"dispute #{dispute_id} rejected: bond forfeited")


@disputes.command("timeout", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("dispute_id", type=int)
def timeout(account, dispute_id) -> None:
    """After the resolution window: close an unresolved dispute and return the bond."""
    contract = marketplace().require("Disputes")
    _dispute(contract, dispute_id)
    contract.timeoutDispute(dispute_id, sender=unlock(account))
    console.print(f"dispute #{dispute_id} timed out: bond returned to the reporter")


@disputes.command("show", cls=ConnectedProviderCommand)
@network_option()
@click.argument("dispute_id", type=int)
def show(dispute_id) -> None:
    """Show a dispute."""
    contract = marketplace().require("Disputes")
    dispute = _dispute(contract, dispute_id)
    table = Table(title=f"dispute #{dispute_id}", show_header=False)
    table.add_row("asset", f"#{dispute.assetId}")
    table.add_row("status", STATUSES[dispute.status])
    table.add_row("reporter", dispute.reporter)
    table.add_row("bond", format_amount(dispute.bond))
    table.add_row("consumer", dispute.consumer)
    table.add_row("refund claim", format_amount(dispute.refundClaim))
    table.add_row("deadline", str(dispute.deadline))
    console.print(table)


def _wait_for_block_after(block_number: int, attempts: int = 120) -> None:
    """The proof must land in a later block than its commitment: mine one on a local chain, else wait."""
    import time

    from ape import chain

    for _ in range(attempts):  # bounded: about two minutes on a live network
        if chain.provider.get_block("latest").number > block_number:
            return
        try:  # a local node (anvil, hardhat) mines on request; a live network makes blocks anyway
            chain.provider.make_request("evm_mine", [])
        except Exception:  # noqa: BLE001 - the method is missing on live networks: wait for the next block
            time.sleep(1)
    raise click.ClickException(f"no block after the commitment (block {block_number}) yet; run the command again")


def _receipt(path: Path):
    from modelmarket.receipts import SignedReceipt

    try:
        return SignedReceipt.from_json(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(f"{path}: not a signed receipt ({error})") from None


@disputes.command("prove-equivocation", cls=ConnectedProviderCommand)
@network_option()
@account_option()
@click.argument("receipt_a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("receipt_b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def prove_equivocation(account, receipt_a, receipt_b) -> None:
    """Submit two signed receipts (JSON files) for one request with different responses.

    Commits to the evidence (bound to your address) first and proves it in a later block, so a
    copy of the proving transaction still pays you the finder's reward.
    """
    contract = marketplace().require("Disputes")
    a, b = _receipt(receipt_a), _receipt(receipt_b)
    signer = unlock(account)
    commitment = contract.equivocationCommitment(account.address, a.to_tuple(), b.to_tuple())
    committed_at = contract.equivocationCommitments(commitment)
    if committed_at == 0:
        committed_at = contract.commitEquivocation(commitment, sender=signer).block_number
    _wait_for_block_after(committed_at)
    receipt = contract.proveEquivocation(
        a.to_tuple(), a.signature, b.to_tuple(), b.signature, account.address, sender=signer
    )
    slashed = receipt.events.filter(contract.EquivocationProven)[0].slashed
    console.print(f"equivocation proven on asset #{a.receipt.asset_id}: slashed {format_amount(slashed)}")


@disputes.command("claim", cls=ConnectedProviderCommand)
@network_option()
@account_option()
def claim(account) -> None:
    """Claim bonds, rewards and refunds owed to you by the Disputes contract."""
    contract = marketplace().require("Disputes")
    owed = contract.claimable(account.address)
    if owed == 0:
        raise click.ClickException("nothing to claim")
    contract.claim(sender=unlock(account))
    console.print(f"claimed {format_amount(owed)}")
