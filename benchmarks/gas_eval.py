"""Gas of EvalRegistry's operations (staked performance attestations) on a deployed marketplace.

`measure_eval_gas(market)` plays one full round on the given deployment: evaluators register, two
attesters post on one key, one is challenged and voted down, the other finalizes; then a key is
filled to its 16 entries and one more heavier attestation finalizes (the worst case: a full scan
and an eviction). Returns {operation name: gas used}.
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import actor, actors, sender

TOKEN = 10**18
EVAL_SET = bytes.fromhex("e5" * 32)
METHOD = bytes.fromhex("3e" * 32)


def _claim(asset_id: int, version_hash: bytes, metric: bytes, value: int) -> dict[str, Any]:
    return {"assetId": asset_id, "version": 1, "versionHash": version_hash, "evalSetHash": EVAL_SET,
            "metricId": metric, "value": value, "methodHash": METHOD}


def measure_eval_gas(market: Any) -> dict[str, int]:
    from ape import chain

    evals, token, registry = market.require("EvalRegistry"), market.token, market.registry
    deployer = sender(actor("deployer"))
    gas: dict[str, int] = {}
    people = actors("evaluator", 20)
    s = {who.name: sender(who) for who in people}
    for who in people:
        token.transfer(who.address, 10_000 * TOKEN, sender=deployer)
        token.approve(evals.address, 2**256 - 1, sender=s[who.name])
    version_hash = bytes.fromhex("7a" * 32)
    listing = {"kind": 0, "contentHash": version_hash, "metadataURI": "ipfs://bench-eval", "licenseId": b"MIT".ljust(32, b"\0"),
               "complianceFlags": 0, "pricePerCall": 0, "operator": "0x" + "00" * 20, "parents": []}
    asset_id = registry.list(listing, sender=s[people[0].name]).events.filter(registry.AssetListed)[0].assetId
    voters = people[1:4]
    for i, voter in enumerate(voters):
        receipt = evals.registerEvaluator(sender=s[voter.name])
        if i == 0:
            gas["evals.registerEvaluator"] = int(receipt.gas_used)
    chain.mine()

    bond = evals.MIN_ATTESTATION_BOND()
    accuracy = b"accuracy".ljust(32, b"\0")
    first = evals.attest(_claim(asset_id, version_hash, accuracy, 950_000), bond, sender=s[people[4].name])
    gas["evals.attest (first on its key)"] = int(first.gas_used)
    second = evals.attest(_claim(asset_id, version_hash, accuracy, 990_000), bond, sender=s[people[5].name])
    gas["evals.attest (second on its key)"] = int(second.gas_used)
    honest_id = first.events.filter(evals.Attested)[0].attestationId
    false_id = second.events.filter(evals.Attested)[0].attestationId
    gas["evals.challenge"] = int(evals.challenge(false_id, bond, sender=s[people[6].name]).gas_used)
    receipts = [evals.vote(false_id, False, sender=s[voter.name]) for voter in voters]
    gas["evals.vote (not deciding)"] = int(receipts[0].gas_used)
    gas["evals.vote (deciding: rejects, pays)"] = int(receipts[-1].gas_used)
    chain.pending_timestamp = evals.getAttestation(honest_id).windowEndsAt
    chain.mine()
    gas["evals.finalize (first entry of its key)"] = int(evals.finalize(honest_id, sender=deployer).gas_used)
    gas["evals.claim"] = int(evals.claim(sender=s[people[6].name]).gas_used)

    # Worst case: a key holding 16 entries, then a heavier one evicts the lightest.
    full = b"f1".ljust(32, b"\0")
    ids = [
        evals.attest(_claim(asset_id, version_hash, full, 900_000 + i), bond, sender=s[who.name])
        .events.filter(evals.Attested)[0].attestationId
        for i, who in enumerate(people[4:20])
    ]
    heavy = evals.attest(_claim(asset_id, version_hash, full, 800_000), 2 * bond, sender=s[people[3].name])
    heavy_id = heavy.events.filter(evals.Attested)[0].attestationId
    chain.pending_timestamp = evals.getAttestation(heavy_id).windowEndsAt
    chain.mine()
    for attestation_id in ids:
        evals.finalize(attestation_id, sender=deployer)
    gas["evals.finalize (full key: 16 entries, evicts one)"] = int(evals.finalize(heavy_id, sender=deployer).gas_used)
    return gas
