from __future__ import annotations

from modelmarket.compliance import DEFAULT_POLICY, load_policy


def test_load_policy_falls_back_to_defaults_without_deployment(market, tmp_path, monkeypatch):
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path))

    assert load_policy() == DEFAULT_POLICY


def test_load_policy_reads_chain_when_deployed(market, compliance, deployer, tmp_path, monkeypatch):
    monkeypatch.setenv("MODELMARKET_DEPLOYMENTS", str(tmp_path))
    market.deployment.save(tmp_path)
    compliance.defineFlags([(0, ("commercial-use", "https://x", b"\1" * 32))], b"\0" * 32, b"\0" * 32, sender=deployer)

    policy = load_policy()

    assert policy.source == "chain"
    assert policy.flags[0] == "commercial-use"
