"""Gas of the compute-to-data path (ComputeJobs): approve, order, accept, post, release, claim.

:func:`measure_compute` walks one deterministic job on a given deployment (or a fresh one) with its
own actors and returns {operation name: gas used}.
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import TOKEN, actor, sender

#: ComputeJobs operations measured here ("first" = the consumer's first job: cold claimable slots).
OPERATIONS = (
    "compute.approveAlgorithm",
    "compute.orderJob (first of the contract)",
    "compute.orderJob",
    "compute.acceptJob",
    "compute.postResult",
    "compute.acceptResult (release, 3 payees)",
    "compute.claim",
)

_ALGORITHM = bytes.fromhex("a1" * 32)
_PARAMS = bytes.fromhex("9a" * 32)
_RESULT = bytes.fromhex("5e" * 32)
_LOG = bytes.fromhex("10" * 32)


def measure_compute(market: Any | None = None) -> dict[str, int]:
    """{operation: gas} for one compute-to-data job, hospital-run compute, 20 % provider share."""
    from ape import chain
    from eth_account import Account
    from eth_account.messages import encode_typed_data

    from benchmarks.functions import deploy, quiet_ape
    from modelmarket.compute.receipts import result_receipt_message

    quiet_ape()
    market = market or deploy()
    token, registry, staking, compute = market.token, market.registry, market.staking, market.require("ComputeJobs")
    deployer, hospital, buyer = actor("deployer"), actor("compute hospital"), actor("compute consumer")
    dep, hos, buy = sender(deployer), sender(hospital), sender(buyer)
    token.transfer(hospital.address, 100_000 * TOKEN, sender=dep)
    token.transfer(buyer.address, 100_000 * TOKEN, sender=dep)
    listing = {
        "kind": 1, "contentHash": bytes.fromhex("da" * 32), "metadataURI": "ipfs://bench-dataset",
        "licenseId": b"research".ljust(32, b"\0"), "complianceFlags": 0, "pricePerCall": 0,
        "operator": "0x" + "00" * 20, "parents": [],
    }
    dataset = int(registry.list(listing, sender=hos).events.filter(registry.AssetListed)[0].assetId)
    token.approve(staking.address, 2**256 - 1, sender=hos)
    staking.stake(dataset, staking.minSelfStake(), sender=hos)
    token.approve(compute.address, 2**256 - 1, sender=buy)

    gas: dict[str, int] = {}
    terms = {
        "price": 50 * TOKEN + 123_456_789, "requiredFlags": 1, "allowedLicenceClasses": 2,
        "providerAssetId": dataset, "algorithmAssetId": 0, "providerBps": 2_000, "algorithmBps": 0,
    }
    gas["compute.approveAlgorithm"] = compute.approveAlgorithm(dataset, _ALGORITHM, terms, sender=hos).gas_used
    order = {
        "datasetId": dataset, "algorithmHash": _ALGORITHM, "paramsHash": _PARAMS, "maxPrice": 2**128 - 1,
        "deadline": chain.pending_timestamp + 3_600, "declaredFlags": 1, "licenceClass": 1,
    }
    first = compute.orderJob(order, sender=buy)
    # steady: a later order (job counter, escrow total and the contract's token balance already non-zero)
    receipt = compute.orderJob(order, sender=buy)
    gas["compute.orderJob (first of the contract)"] = first.gas_used
    gas["compute.orderJob"] = receipt.gas_used
    job_id = int(receipt.events.filter(compute.JobOrdered)[0].jobId)
    gas["compute.acceptJob"] = compute.acceptJob(job_id, sender=hos).gas_used
    message = result_receipt_message(chain.chain_id, compute.address, job_id, _ALGORITHM, _RESULT, _LOG)
    signature = Account.sign_message(encode_typed_data(full_message=message), hospital.key).signature
    gas["compute.postResult"] = compute.postResult(job_id, _RESULT, _LOG, bytes(signature), sender=hos).gas_used
    gas["compute.acceptResult (release, 3 payees)"] = compute.acceptResult(job_id, sender=buy).gas_used
    gas["compute.claim"] = compute.claim(sender=hos).gas_used
    return gas


if __name__ == "__main__":  # measure on a fresh anvil: python -m benchmarks.gas_compute
    from ape import networks

    with networks.parse_network_choice("ethereum:local:foundry"):
        for name, value in measure_compute().items():
            print(f"{name}: {value:,}")
