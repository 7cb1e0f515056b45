from __future__ import annotations

import re

import pytest

HASH = "0x" + "ab" * 32


def _register(run_cli, *extra: str):
    return run_cli("models", "register", "--content-hash", HASH, "--uri", "ipfs://card", *extra, account=3)


def test_register_lists_asset_with_lineage(run_cli, registry):
    assert _register(run_cli, "--license", "MIT", "--flags", "commercial").exit_code == 0
    assert _register(run_cli, "--kind", "dataset").exit_code == 0
    result = _register(run_cli, "--parent", "1:500", "--parent", "2:250", "--price", "0.5")
    assert result.exit_code == 0, result.output
    assert "#3" in result.output
    parents = registry.getParents(3)
    assert [(p.assetId, p.royaltyBps) for p in parents] == [(1, 500), (2, 250)]
    assert registry.getAsset(3).pricePerCall == 5 * 10**17


def test_register_fails_with_one_line_on_malformed_hash(run_cli):
    result = run_cli("models", "register", "--content-hash", "0x1234", "--uri", "x", account=3)
    assert result.exit_code != 0
    assert "32-byte hash" in result.output
    assert "Traceback" not in result.output


def test_register_fails_with_custom_error_on_unknown_parent(run_cli):
    result = _register(run_cli, "--parent", "7:100")
    assert result.exit_code == 1
    assert "UnknownParent(parentId=7)" in result.output
    assert "Traceback" not in result.output


def test_version_publishes_and_rejects_non_owner(run_cli, registry):
    _register(run_cli)
    ok = run_cli("models", "version", "1", "--content-hash", "0x" + "cd" * 32, "--uri", "ipfs://v2", account=3)
    assert ok.exit_code == 0, ok.output
    assert registry.getAsset(1).versionCount == 2
    denied = run_cli("models", "version", "1", "--content-hash", "0x" + "cd" * 32, "--uri", "ipfs://v3", account=4)
    assert denied.exit_code == 1
    assert "NotAssetOwner" in denied.output


def test_price_and_status_update_asset(run_cli, registry):
    _register(run_cli)
    assert run_cli("models", "price", "1", "2.5", account=3).exit_code == 0
    assert registry.getAsset(1).pricePerCall == 25 * 10**17
    assert run_cli("models", "status", "1", "paused", account=3).exit_code == 0
    assert registry.getAsset(1).status == 1


@pytest.mark.parametrize(
    ("command", "account"), [(("show", "42"), None), (("price", "42", "1"), 3), (("status", "42", "paused"), 3)]
)
def test_models_fail_on_unknown_asset(run_cli, command, account):
    result = run_cli("models", *command, account=account)
    assert result.exit_code != 0
    assert "asset 42 does not exist" in result.output


def test_list_filters_by_kind_licence_flags_and_status(run_cli):
    _register(run_cli, "--license", "MIT", "--flags", "commercial,pii-free")
    _register(run_cli, "--kind", "dataset", "--license", "CC-BY-4.0", "--flags", "pii-free")
    _register(run_cli, "--license", "MIT")
    run_cli("models", "status", "3", "retired", account=3)

    def ids(*filters: str) -> set[str]:
        out = run_cli("models", "list", *filters).output
        rows = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")]
        return set(rows)

    assert ids() == {"1", "2", "3"}
    assert ids("--kind", "dataset") == {"2"}
    assert ids("--license", "MIT") == {"1", "3"}
    assert ids("--flags", "pii-free") == {"1", "2"}
    assert ids("--flags", "commercial,pii-free") == {"1"}
    assert ids("--status", "retired") == {"3"}


def test_list_reads_a_lapsed_guardian_takedown_as_the_prior_status(run_cli, registry, deployer, accounts, chain):
    _register(run_cli)
    _register(run_cli)
    run_cli("models", "status", "2", "paused", account=3)
    guardian = accounts[5]
    registry.setGuardian(guardian, 3_600, sender=deployer)
    reason, evidence = b"GDPR-ART17".ljust(32, b"\0"), b"\xab" * 32
    registry.takedown(1, 3, reason, evidence, sender=guardian)  # suspended
    registry.takedown(2, 4, reason, evidence, sender=guardian)  # denied

    def statuses() -> dict[str, str]:
        out = run_cli("models", "list").output
        rows = [[cell.strip() for cell in line.split("│")] for line in out.splitlines() if line.startswith("│")]
        return {row[1]: next(cell for cell in row if cell in ("active", "paused", "suspended", "denied")) for row in rows}

    assert statuses() == {"1": "suspended", "2": "denied"}
    registry.ratifyTakedown(2, reason, evidence, sender=deployer)
    chain.mine(1, timestamp=registry.takedownOf(1).lapsesAt)

    # asset 1's takedown lapsed unratified (no event marks it); asset 2's was ratified: it holds
    assert statuses() == {"1": "active", "2": "denied"}
    assert registry.listedStatus(1)[1] == 0 and registry.listedStatus(2)[1] == 4


def test_show_prints_versions_and_lineage(run_cli):
    _register(run_cli)
    _register(run_cli, "--parent", "1:300")
    result = run_cli("models", "show", "2")
    assert result.exit_code == 0
    assert "#1" in result.output and "300" in result.output
    assert "ipfs://card" in result.output


def test_show_reads_each_version_uri_and_the_licence_from_events(run_cli):
    _register(run_cli, "--license", "Apache-2.0")
    run_cli("models", "version", "1", "--content-hash", "0x" + "cd" * 32, "--uri", "ipfs://card-v2", account=3)

    result = run_cli("models", "show", "1")

    assert result.exit_code == 0, result.output
    assert re.search(r"ipfs://card\s", result.output)  # version 1's card, not only version 2's
    assert "ipfs://card-v2" in result.output
    assert "0x" + "cd" * 32 in result.output
    assert "Apache-2.0" in result.output


def test_list_shows_the_latest_card_uri_from_events(run_cli):
    _register(run_cli)
    run_cli("models", "version", "1", "--content-hash", "0x" + "cd" * 32, "--uri", "ipfs://card-v2", account=3)

    result = run_cli("models", "list")

    assert result.exit_code == 0, result.output
    assert "ipfs://card-v2" in result.output


def test_cli_fails_cleanly_without_deployment(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path / "empty"))
    result = run_cli("models", "list")
    assert result.exit_code == 1
    assert "no modelmarket deployment on chain" in result.output
    assert "Traceback" not in result.output


def test_cli_names_a_record_whose_contracts_are_gone(run_cli, market, tmp_path, monkeypatch):
    """A record left over from a restarted local chain: one line naming the fix, no traceback."""
    import dataclasses

    from eth_utils import to_checksum_address

    gone = {name: to_checksum_address("0x" + "5a" * 20) for name in market.deployment.contracts}
    stale = dataclasses.replace(market.deployment, contracts=gone)
    folder = tmp_path / "stale"
    stale.save(folder)
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(folder))

    result = run_cli("models", "show", "1")

    assert result.exit_code == 1
    assert "has no code here" in result.output and "modelmarket dev start" in result.output
    assert len(result.output.strip().splitlines()) == 1
