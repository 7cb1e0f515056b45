"""Block-explorer verification inputs, written beside the deployment record.

`deployments/<chain_id>.verification/` holds `input.json`, the exact standard-JSON compiler input
(sources and settings) this build compiled, and `contracts.json`, for every deployed contract its
address, compiler version and fully qualified name (`contracts/X.sol:X`): what Etherscan-family
verifiers ask for. One input serves every contract: solc's metadata covers only the sources a
contract imports, so the extra sources change no bytecode, and a recompile of the input reproduces
each deployed runtime bytecode, metadata hash included (tests/e2e/test_testnet_rehearsal.py).
The input is built by ape-solidity from the checkout's sources, so writing it needs a checkout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modelmarket import bindings
from modelmarket.deployments import Deployment, deployments_dir


class SourcesUnavailable(RuntimeError):
    """The contract sources are not here (an installed package, not a checkout)."""


def standard_input(names: list[str]) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(compiler version, standard-JSON input, {name: "path:Name"}) for contracts `names`."""
    from ape import compilers, project

    qualified: dict[str, str] = {}
    paths: list[Path] = []
    for name in names:
        source_id = bindings.contract_types()[name].source_id
        if not source_id or not (project.path / source_id).is_file():
            raise SourcesUnavailable(f"the source of {name} ({source_id}) is not under {project.path}")
        qualified[name] = f"{source_id}:{name}"
        paths.append(project.path / source_id)
    inputs = compilers.solidity.get_standard_input_json(paths, project=project)
    if len(inputs) != 1:
        raise SourcesUnavailable(f"the contracts need {len(inputs)} compiler versions; expected one")
    ((version, input_json),) = inputs.items()
    return f"v{version}", input_json, qualified


def verification_dir(record: Deployment, folder: Path | None = None) -> Path:
    return (folder or deployments_dir()) / f"{record.chain_id}.verification"


def write_verification_inputs(record: Deployment, folder: Path | None = None) -> Path:
    """Write `input.json` and `contracts.json` for the contracts of `record`; return the folder."""
    names = [n for n in record.contracts if not (record.token_is_external and n == "MarketToken")]
    version, input_json, qualified = standard_input(names)
    target = verification_dir(record, folder)
    target.mkdir(parents=True, exist_ok=True)
    (target / "input.json").write_text(json.dumps(input_json, sort_keys=True) + "\n")
    entries = {
        name: {"address": record.contracts[name], "compilerVersion": version, "contractName": qualified[name]}
        for name in names
    }
    (target / "contracts.json").write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n")
    return target
