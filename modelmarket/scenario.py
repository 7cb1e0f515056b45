"""The demo scenario: deploy, list a model family, and show the registry.

`scripts/demo.py` prints it; `tests/e2e/test_demo_scenario.py` runs it and checks every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

from modelmarket.catalog import catalog
from modelmarket.cli.models import registry_table
from modelmarket.compliance import FLAGS
from modelmarket.deploy import Marketplace, deploy_marketplace

TOKEN = 10**18
ZERO_ADDRESS = "0x" + "00" * 20


def _hash(label: str) -> bytes:
    from modelmarket.vouchers import keccak

    return keccak(label.encode())


def _label(text: str) -> bytes:
    return text.encode().ljust(32, b"\0")


@dataclass
class Cast:
    """Who plays which role (Ape test accounts on the embedded anvil)."""

    deployer: Any
    treasury: Any
    arbiter: Any
    base_owner: Any
    data_owner: Any
    tuner: Any
    delegator1: Any
    delegator2: Any
    consumer: Any
    reporter: Any

    @classmethod
    def from_test_accounts(cls) -> Cast:
        from ape import accounts

        test = accounts.test_accounts
        return cls(*(test[i] for i in range(10)))


@dataclass
class Scenario:
    """State the scenario builds up, for printing and for the e2e assertions."""

    market: Marketplace
    cast: Cast
    assets: dict[str, int] = field(default_factory=dict)


def list_model_family(scenario: Scenario) -> None:
    """A base model, a training dataset and a fine-tune whose lineage names both."""
    registry = scenario.market.registry
    cast = scenario.cast

    def list_asset(sender, kind: int, name: str, license_id: str, flags: int, price: int, parents=()) -> int:
        params = {
            "kind": kind,
            "contentHash": _hash(f"{name}:v1"),
            "metadataURI": f"ipfs://modelmarket-demo/{name}/card.json",
            "licenseId": _label(license_id),
            "complianceFlags": flags,
            "pricePerCall": price,
            "operator": ZERO_ADDRESS,
            "parents": list(parents),
        }
        receipt = registry.list(params, sender=sender)
        return receipt.events.filter(registry.AssetListed)[0].assetId

    base = list_asset(cast.base_owner, 0, "llama-base-7b", "Apache-2.0", FLAGS["commercial"] | FLAGS["open-weights"], TOKEN // 1000)
    data = list_asset(cast.data_owner, 1, "clinical-notes-synth", "CC-BY-4.0", FLAGS["pii-free"] | FLAGS["synthetic-data"], 0)
    tuned = list_asset(
        cast.tuner, 0, "med-llama-7b-ft", "Apache-2.0", FLAGS["commercial"] | FLAGS["pii-free"], TOKEN // 500,
        parents=[(base, 500), (data, 300)],
    )
    registry.publishVersion(tuned, _hash("med-llama-7b-ft:v2"), "ipfs://modelmarket-demo/med-llama-7b-ft/v2.json", sender=cast.tuner)
    scenario.assets.update(base=base, dataset=data, tuned=tuned)


def run_demo(console: Console | None = None) -> Scenario:
    """Run every step and print it; returns the final state."""
    console = console or Console(width=140)
    cast = Cast.from_test_accounts()
    market = deploy_marketplace(cast.deployer, treasury=cast.treasury.address, arbiter=cast.arbiter.address)
    console.rule("[bold]modelmarket demo")
    console.print(f"deployed {', '.join(market.contracts)} on chain {market.deployment.chain_id}")
    scenario = Scenario(market, cast)
    list_model_family(scenario)
    console.print(registry_table(catalog(market), title="registry after listing and a new version"))
    return scenario
