"""Demo scene: a model's accuracy attested with stake, a false figure challenged by re-execution.

A logistic regression trained with a fixed seed on scikit-learn's breast-cancer data is listed (its
integer parameters' keccak is the version's content hash). One evaluator posts the true accuracy on
the hashed test split; another posts a flattering false figure. A challenger re-runs the evaluation,
finds the difference and challenges; three staked evaluators re-run it too and vote; the false
claim loses its bond. The true one finalizes after its window and becomes the model's score, which a
buyer's `models list --min-metric accuracy=0.9` filter reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelmarket.compliance import FLAGS
from modelmarket.evaluation import evaluate, train_reference_model
from modelmarket.evaluation import attestations as chain_evals
from modelmarket.evaluation.metrics import format_value, parse_value
from modelmarket.units import format_amount

if TYPE_CHECKING:
    from modelmarket_demo.scenario import Scenario

EVAL_SET = "breast-cancer-test-v1"
FALSE_ACCURACY = 999_000  # what the dishonest evaluator claims (0.999)


def run_eval_scene(scenario: Scenario) -> None:
    from ape import chain

    market, cast = scenario.market, scenario.cast
    evals, registry, token = market.require("EvalRegistry"), market.registry, market.token
    model = train_reference_model(EVAL_SET)
    receipt = registry.list(
        {
            "kind": 0,
            "contentHash": model.content_hash,
            "metadataURI": "ipfs://modelmarket-demo/breast-cancer-logreg/card.json",
            "licenseId": b"MIT".ljust(32, b"\0"),
            "complianceFlags": FLAGS["open-weights"],
            "pricePerCall": 0,
            "operator": "0x" + "00" * 20,
            "parents": [],
        },
        sender=cast.base_owner,
    )
    asset_id = receipt.events.filter(registry.AssetListed)[0].assetId
    voters = (cast.delegator1, cast.delegator2, cast.consumer)
    for voter in voters:
        chain_evals.register_evaluator(evals, token, voter)

    result = evaluate(model, EVAL_SET)
    bond = evals.MIN_ATTESTATION_BOND()
    honest = chain_evals.post(evals, token, cast.tuner, chain_evals.claim_of(result, asset_id, 1), bond)
    false = chain_evals.post(
        evals, token, cast.data_owner, chain_evals.claim_of(result, asset_id, 1, value=FALSE_ACCURACY), bond
    )
    scenario.say(
        f"model #{asset_id} (0x{model.content_hash.hex()[:12]}…): evaluator posts accuracy "
        f"{format_value(result.value)} (#{honest}); another claims {format_value(FALSE_ACCURACY)} (#{false})"
    )

    # The challenger re-runs every attestation and challenges only what it cannot reproduce.
    challenged = []
    for attestation_id in (honest, false):
        attestation = evals.getAttestation(attestation_id)
        rerun = evaluate(model, EVAL_SET)
        if not chain_evals.reproduces(attestation, rerun):
            chain_evals.challenge(evals, token, cast.reporter, attestation_id)
            challenged.append(attestation_id)
    for voter in voters:
        attestation = evals.getAttestation(false)
        if attestation.status != chain_evals.STATUSES.index("challenged"):
            break
        evals.vote(false, chain_evals.reproduces(attestation, evaluate(model, EVAL_SET)), sender=voter)
    resolved = evals.getAttestation(false)

    chain.pending_timestamp = evals.getAttestation(honest).windowEndsAt
    chain.mine()
    evals.finalize(honest, sender=cast.tuner)
    reporter_won = evals.claimable(cast.reporter)
    evals.claim(sender=cast.reporter)
    evals.claim(sender=cast.tuner)

    found = chain_evals.score(evals, asset_id, model.content_hash, "accuracy", result.eval_set_hash)
    listed = chain_evals.meets(found, parse_value("0.9"), 1)
    scenario.table(
        "performance attestations",
        [
            ("re-executed accuracy", format_value(result.value)),
            ("challenged", ", ".join(f"#{i}" for i in challenged)),
            (f"#{false} (claimed {format_value(FALSE_ACCURACY)})", chain_evals.status_name(resolved)),
            ("challenger paid (its bond + the loser's, less 10 %)", format_amount(reporter_won)),
            (f"#{honest}", chain_evals.status_name(evals.getAttestation(honest))),
            ("score (stake-weighted median)", format_value(found.median)),
            ("evaluators counted / final", f"{found.evaluators} / {'yes' if found.finalized else 'no'}"),
            ("listed by --min-metric accuracy=0.9", "yes" if listed else "no"),
        ],
    )
    scenario.assets["evaluated"] = asset_id
    scenario.figures["eval"] = {
        "asset_id": asset_id,
        "true_value": result.value,
        "honest": honest,
        "false": false,
        "challenged": challenged,
        "false_status": chain_evals.status_name(resolved),
        "honest_status": chain_evals.status_name(evals.getAttestation(honest)),
        "reporter_won": reporter_won,
        "bond": bond,
        "score": found,
        "listed": listed,
    }
