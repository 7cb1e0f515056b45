"""Demo scene: a synthetic-data bounty with an honest and a junk generator, an honest and a lazy validator.

The requester (the clinical data owner) lists the real wine data as a dataset and posts a bounty
for synthetic copies of it. The honest generator samples a per-class Gaussian fitted to the real
train split; the junk one submits uniform noise. The honest validator scores each file (TSTR
accuracy + per-feature KS, `modelmarket.bounties.scoring`); the lazy one commits 10,000 for everything
without looking. Finalization accepts the honest data, slashes the junk bond, and takes a capped
share of the lazy validator's stake. The accepted dataset is listed with the `synthetic-data` flag
and lineage to the real data, then linked to be paid; everyone claims and exits.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from modelmarket.bounties import chain as bounty_chain
from modelmarket.bounties.chain import STATUSES
from modelmarket.bounties.data import dataset_hash, honest_synthetic, junk_synthetic, real_split, to_csv
from modelmarket.bounties.scoring import score_dataset
from modelmarket.bounties.spec import BountySpec
from modelmarket.compliance import FLAGS
from modelmarket.keccak import keccak
from modelmarket.units import format_amount

if TYPE_CHECKING:
    from modelmarket_demo.scenario import Scenario

TOKEN = 10**18
REWARD = 1_000 * TOKEN
BOND = 50 * TOKEN
THRESHOLD_BPS = 6_000
PHASE_SECONDS = 3_600
HONEST_STAKE = 300 * TOKEN
LAZY_STAKE = 200 * TOKEN
LAZY_SCORE = 10_000
ROWS = 300


def _advance(seconds: int) -> None:
    from ape import chain

    chain.mine(timestamp=chain.blocks.head.timestamp + seconds)


def run_bounty_scene(scenario: Scenario) -> None:
    market, cast, say = scenario.market, scenario.cast, scenario.say
    contract, token, registry = market.require("DataBounties"), market.token, market.registry
    requester, honest_gen, junk_gen = cast.data_owner, cast.tuner, cast.reporter
    honest_val, lazy_val = cast.delegator2, cast.consumer
    spec = BountySpec(dataset="wine")
    salts = {name: keccak(f"demo salt {name}".encode()) for name in ("honest", "junk", "val-h", "val-l")}

    source = registry.list({
        "kind": 1, "contentHash": keccak(b"sklearn load_wine"), "metadataURI": "ipfs://modelmarket-demo/uci-wine/card.json",
        "licenseId": b"CC-BY-4.0".ljust(32, b"\0"), "complianceFlags": FLAGS["pii-free"], "pricePerCall": 0,
        "operator": "0x" + "00" * 20, "parents": [],
    }, sender=requester).events.filter(registry.AssetListed)[0].assetId
    from ape import chain

    bounty_id = bounty_chain.post_bounty(
        contract, token, requester, spec, reward=REWARD, bond=BOND, threshold_bps=THRESHOLD_BPS,
        start=chain.pending_timestamp, phase_seconds=PHASE_SECONDS, source_asset_id=source,
    )
    say(f"bounty #{bounty_id}: synthetic {spec.dataset} data, reward {format_amount(REWARD)}, "
        f"threshold {THRESHOLD_BPS} bps, source asset #{source}")

    folder = Path(tempfile.mkdtemp(prefix="modelmarket-bounty-"))
    names = real_split(spec).feature_names
    files = {
        "honest": to_csv(names, *honest_synthetic(spec, ROWS, seed=7)),
        "junk": to_csv(names, *junk_synthetic(spec, ROWS, seed=7)),
    }
    submissions: dict[str, int] = {}
    for name, generator in (("honest", honest_gen), ("junk", junk_gen)):
        (folder / f"{name}.csv").write_bytes(files[name])
        submissions[name] = bounty_chain.submit_dataset(contract, token, generator, bounty_id, files[name], salts[name])
    bounty_chain.join_bounty(contract, token, honest_val, bounty_id, HONEST_STAKE)
    bounty_chain.join_bounty(contract, token, lazy_val, bounty_id, LAZY_STAKE)
    say(f"two generators bonded {format_amount(BOND)} each; validators staked {format_amount(HONEST_STAKE)} "
        f"(honest) and {format_amount(LAZY_STAKE)} (lazy)")

    _advance(PHASE_SECONDS)
    for name, generator in (("honest", honest_gen), ("junk", junk_gen)):
        uri = (folder / f"{name}.csv").as_uri()
        bounty_chain.reveal_dataset(contract, generator, submissions[name], dataset_hash(files[name]), salts[name], uri)

    _advance(PHASE_SECONDS)
    scores: dict[str, int] = {}
    for name, submission_id in submissions.items():
        uri = bounty_chain.dataset_uri(contract, submission_id, market.deployment.block_number)
        data = Path(urlparse(uri).path).read_bytes()
        assert dataset_hash(data) == bytes(contract.getSubmission(submission_id).datasetHash)
        report = score_dataset(spec, data)
        scores[name] = report.score_bps
        say(f"honest validator scores {name}: TSTR accuracy {report.tstr_accuracy:.3f} "
            f"(real-trained {report.trtr_accuracy:.3f}), mean KS {report.mean_ks:.3f} -> {report.score_bps} bps")
        bounty_chain.commit_score(contract, honest_val, submission_id, report.score_bps, salts["val-h"])
        bounty_chain.commit_score(contract, lazy_val, submission_id, LAZY_SCORE, salts["val-l"])

    _advance(PHASE_SECONDS)
    for name, submission_id in submissions.items():
        bounty_chain.reveal_score(contract, honest_val, submission_id, scores[name], salts["val-h"])
        bounty_chain.reveal_score(contract, lazy_val, submission_id, LAZY_SCORE, salts["val-l"])

    _advance(PHASE_SECONDS)
    contract.finalize(bounty_id, sender=cast.reporter)
    rows = []
    for name, submission_id in submissions.items():
        item = contract.getSubmission(submission_id)
        rows.append((f"{name} (#{submission_id})", f"{STATUSES[item.status]}: median {item.medianBps}, "
                                                    f"consensus {item.consensusBps}"))
    scenario.table("bounty verdicts", rows, headers=("submission", "verdict"))

    accepted = submissions["honest"]
    asset_id = registry.list({
        "kind": 1, "contentHash": dataset_hash(files["honest"]), "metadataURI": "ipfs://modelmarket-demo/wine-synth/card.json",
        "licenseId": b"CC-BY-4.0".ljust(32, b"\0"), "complianceFlags": FLAGS["synthetic-data"] | FLAGS["pii-free"],
        "pricePerCall": 0, "operator": "0x" + "00" * 20, "parents": [(source, 200)],
    }, sender=honest_gen).events.filter(registry.AssetListed)[0].assetId
    contract.linkDataset(accepted, asset_id, 1, sender=honest_gen)
    say(f"accepted dataset listed as asset #{asset_id} (synthetic-data, lineage to #{source}) and linked")

    lazy_after = contract.validatorOf(lazy_val.address)
    honest_after = contract.validatorOf(honest_val.address)
    claimed = {}
    for label, account in (("requester", requester), ("honest generator", honest_gen), ("junk generator", junk_gen),
                           ("honest validator", honest_val), ("lazy validator", lazy_val)):
        amount = contract.claimable(account.address)
        if amount:
            contract.claim(sender=account)
        claimed[label] = amount
    for account in (honest_val, lazy_val):
        stake = contract.validatorOf(account.address).stake
        contract.withdrawStake(stake, sender=account)
    scenario.table("bounty payouts (claimed)", [(k, format_amount(v)) for k, v in claimed.items()],
                   headers=("who", "claimed"))
    say(f"lazy validator lost {format_amount(LAZY_STAKE - lazy_after.stake)} of {format_amount(LAZY_STAKE)} "
        f"(cap 5 %); EMA agreement: honest {honest_after.emaBps / 100:.1f} %, lazy {lazy_after.emaBps / 100:.1f} %")
    scenario.figures.update(
        bounty_statuses={name: STATUSES[contract.getSubmission(i).status] for name, i in submissions.items()},
        bounty_scores=scores,
        bounty_lazy_loss=LAZY_STAKE - lazy_after.stake,
        bounty_honest_stake=honest_after.stake,
        bounty_claimed=claimed,
    )
