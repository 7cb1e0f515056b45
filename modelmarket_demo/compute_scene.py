"""Demo scene: a compute-to-data job on a hospital's private table, end to end.

The hospital lists its breast-cancer records as a dataset (content hash of the table), stakes its
pool (it runs the compute itself) and approves a training recipe listed as a model. A research
consumer orders a job; the provider's runner accepts it, trains on the table it alone reads, posts
the signed result hashes; the consumer fetches the weights and metrics from the provider's result
server over HTTP (a request signed as the job's consumer), checks their hash against the chain and
accepts; every payee claims its share.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from modelmarket.compute.jobs import ApprovalTerms, OrderRequest, approve_algorithm, job_status, order_job
from modelmarket.compute.recipes import DEFAULT_PARAMS, Recipe, dataset_content_hash
from modelmarket.compute.fetch import fetch_artifact
from modelmarket.compute.results import ResultStore
from modelmarket.compute.runner import ComputeProvider
from modelmarket.compute.server import result_app
from modelmarket.gateway.server import ThreadedServer
from modelmarket.units import format_amount

if TYPE_CHECKING:
    from modelmarket_demo.scenario import Scenario

TOKEN = 10**18
JOB_PRICE = 50 * TOKEN
PROVIDER_BPS = 2_000
ALGORITHM_BPS = 1_000
FLAG_RESEARCH = 1 << 0  # the consumer declares a research purpose
LICENCE_RESEARCH = 1


def run_compute_scene(scenario: Scenario) -> None:
    from ape import chain

    market, cast = scenario.market, scenario.cast
    registry, staking, token, compute = market.registry, market.staking, market.token, market.require("ComputeJobs")
    hospital, recipe_author, consumer = cast.data_owner, cast.base_owner, cast.consumer
    recipe = Recipe()

    def list_asset(sender, kind: int, name: str, content_hash: bytes) -> int:
        params = {
            "kind": kind, "contentHash": content_hash, "metadataURI": f"ipfs://modelmarket-demo/{name}/card.json",
            "licenseId": b"research-only".ljust(32, b"\0"), "complianceFlags": 0, "pricePerCall": 0,
            "operator": "0x" + "00" * 20, "parents": [],
        }
        return registry.list(params, sender=sender).events.filter(registry.AssetListed)[0].assetId

    dataset = list_asset(hospital, 1, "hospital-breast-cancer-records", dataset_content_hash())
    algorithm = list_asset(recipe_author, 0, "logreg-training-recipe", recipe.content_hash)
    stake = staking.minSelfStake()
    token.approve(staking, stake, sender=hospital)
    staking.stake(dataset, stake, sender=hospital)
    approve_algorithm(
        compute, dataset, recipe.content_hash,
        ApprovalTerms(
            price=JOB_PRICE, provider_asset_id=dataset, required_flags=FLAG_RESEARCH,
            allowed_licence_classes=1 << LICENCE_RESEARCH, algorithm_asset_id=algorithm,
            provider_bps=PROVIDER_BPS, algorithm_bps=ALGORITHM_BPS,
        ),
        sender=hospital,
    )
    scenario.assets.update(compute_dataset=dataset, compute_algorithm=algorithm)
    scenario.say(
        f"hospital listed dataset #{dataset} (hash of its private table), staked {format_amount(stake)} on it and "
        f"approved recipe 0x{recipe.content_hash.hex()[:12]}… (asset #{algorithm}) at {format_amount(JOB_PRICE)}/job "
        "for declared research use"
    )

    workdir = Path(tempfile.mkdtemp(prefix="modelmarket-compute-"))
    store = ResultStore(workdir)
    job_id = order_job(
        compute, token,
        OrderRequest(
            dataset_id=dataset, algorithm_hash=recipe.content_hash, params_hash=store.put_params(DEFAULT_PARAMS),
            max_price=JOB_PRICE, deadline=chain.pending_timestamp + 3_600, declared_flags=FLAG_RESEARCH,
            licence_class=LICENCE_RESEARCH,
        ),
        sender=consumer,
    )
    scenario.say(f"consumer ordered job #{job_id}: {format_amount(JOB_PRICE)} in escrow")

    provider = ComputeProvider.with_recipes(compute, registry, hospital, store, [recipe], log=scenario.say)
    provider.poll_once()

    posted_hash = bytes(compute.getJob(job_id).resultHash)
    with ThreadedServer(result_app(compute, store, chain.chain_id)) as server:
        result = json.loads(fetch_artifact(server.url, compute, consumer, chain.chain_id, job_id))
    compute.acceptResult(job_id, sender=consumer)
    released = compute.JobReleased.range(0, chain.blocks.head.number + 1, search_topics={"jobId": job_id})
    event = list(released)[0]
    scenario.figures["compute"] = {
        "job_id": job_id, "status": job_status(compute, job_id), "accuracy": result["metrics"]["accuracy"],
        "price": JOB_PRICE, "fee": event.protocolFee, "provider": event.providerShare,
        "algorithm": event.algorithmShare, "dataset": event.datasetShare, "result_hash": posted_hash,
        "result_keys": sorted(result), "workdir": str(workdir),
    }
    scenario.say(
        f"consumer fetched the result over HTTP (hash matches the chain: 0x{posted_hash.hex()[:12]}…): "
        f"test accuracy "
        f"{result['metrics']['accuracy']:.4f} from {len(result['weights']['coef'])} weights, no rows"
    )
    scenario.table(
        f"job #{job_id} released",
        [
            ("protocol fee (treasury)", format_amount(event.protocolFee)),
            ("compute provider (hospital node)", format_amount(event.providerShare)),
            ("algorithm owner (recipe author)", format_amount(event.algorithmShare)),
            ("dataset owner (hospital)", format_amount(event.datasetShare)),
        ],
        headers=("payee", "credited"),
    )
    for account in (hospital, recipe_author, cast.treasury):
        if compute.claimable(account.address):
            compute.claim(sender=account)
