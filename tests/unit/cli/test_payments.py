from __future__ import annotations

import json

from eth_account import Account

from tests.conftest import TOKEN

OWNER, CONSUMER, STRANGER = 3, 7, 9


def test_escrow_deposit_withdraw_flow(run_cli, payments, token, consumer, chain):
    assert run_cli("escrow", "deposit", "50", account=CONSUMER).exit_code == 0
    assert payments.escrowOf(consumer.address).balance == 50 * TOKEN
    assert run_cli("escrow", "request-withdraw", "20", account=CONSUMER).exit_code == 0
    early = run_cli("escrow", "withdraw", account=CONSUMER)
    assert early.exit_code == 1 and "transaction reverted" in early.output
    chain.pending_timestamp += payments.withdrawDelay() + 1
    chain.mine()
    before = token.balanceOf(consumer)
    assert run_cli("escrow", "withdraw", account=CONSUMER).exit_code == 0
    assert token.balanceOf(consumer) - before == 20 * TOKEN
    shown = run_cli("escrow", "show", consumer.address)
    assert "30" in shown.output


def test_escrow_deposit_for_another_consumer(run_cli, payments, consumer2):
    assert run_cli("escrow", "deposit", "5", "--for", consumer2.address, account=CONSUMER).exit_code == 0
    assert payments.escrowOf(consumer2.address).balance == 5 * TOKEN


def test_vouchers_sign_verify_redeem_with_session_key(
    run_cli, list_asset, payments, consumer, tmp_path, monkeypatch
):
    asset = list_asset()
    run_cli("escrow", "deposit", "10", account=CONSUMER)
    agent = Account.create()
    assert run_cli("session-keys", "add", agent.address, "--cap", "3", account=CONSUMER).exit_code == 0
    monkeypatch.setenv("AGENT_KEY", agent.key.hex())
    out = tmp_path / "vouchers.json"
    for cumulative in ("0.5", "1", "1.5"):
        signed = run_cli(
            "vouchers", "sign", "--consumer", consumer.address, "--asset", str(asset),
            "--cumulative", cumulative, "--key-env", "AGENT_KEY", "--out", str(out),
        )
        assert signed.exit_code == 0, signed.output
    assert len(json.loads(out.read_text())) == 3
    verified = run_cli("vouchers", "verify", str(out))
    assert verified.exit_code == 0, verified.output
    redeemed = run_cli("redeem", str(out), account=OWNER)
    assert redeemed.exit_code == 0, redeemed.output
    assert "redeemed 1 of 1" in redeemed.output
    assert payments.redeemed(consumer.address, asset) == 15 * TOKEN // 10
    stale = run_cli("vouchers", "verify", str(out))
    assert stale.exit_code == 1 and "would not pay" in stale.output
    listed = run_cli("session-keys", "list", consumer.address)
    assert agent.address in listed.output
    assert run_cli("session-keys", "revoke", agent.address, account=CONSUMER).exit_code == 0
    assert not payments.isSessionKeyActive(consumer.address, agent.address)


def test_vouchers_sign_with_ape_account_and_claim(run_cli, list_asset, payments, registry, consumer, tmp_path):
    asset = list_asset()
    run_cli("escrow", "deposit", "10", account=CONSUMER)
    out = tmp_path / "v.json"
    assert run_cli(
        "vouchers", "sign", "--asset", str(asset), "--cumulative", "2", "--out", str(out), account=CONSUMER
    ).exit_code == 0
    assert run_cli("redeem", str(out), account=STRANGER).exit_code == 0
    assert payments.redeemed(consumer.address, asset) == 2 * TOKEN
    claimed = run_cli("claim", "--asset", str(asset), account=OWNER)
    assert claimed.exit_code == 0, claimed.output
    assert "fees" in claimed.output


def test_redeem_and_verify_fail_cleanly_on_bad_files(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    for command in (("redeem", str(bad)), ("vouchers", "verify", str(bad))):
        result = run_cli(*command, account=OWNER if command[0] == "redeem" else None)
        assert result.exit_code == 1
        assert "not a voucher file" in result.output and "Traceback" not in result.output


def test_claim_with_nothing_owed_fails(run_cli):
    result = run_cli("claim", account=STRANGER)
    assert result.exit_code == 1 and "nothing to claim" in result.output


def test_vouchers_sign_and_verify_use_chain_time(run_cli, list_asset, payments, consumer, chain, tmp_path):
    """Deadlines are set and checked against the chain's clock, which a local anvil can move ahead
    of the wall clock; a wall-clock deadline would already be past here."""
    asset = list_asset()
    run_cli("escrow", "deposit", "10", account=CONSUMER)
    chain.pending_timestamp += 30 * 86_400
    chain.mine()
    out = tmp_path / "v.json"
    signed = run_cli("vouchers", "sign", "--asset", str(asset), "--cumulative", "1", "--ttl", "600",
                     "--out", str(out), account=CONSUMER)
    assert signed.exit_code == 0, signed.output
    deadline = json.loads(out.read_text())[0]["deadline"]
    assert deadline == chain.pending_timestamp + 600
    assert run_cli("vouchers", "verify", str(out)).exit_code == 0
    chain.pending_timestamp = deadline + 1
    chain.mine()
    expired = run_cli("vouchers", "verify", str(out))
    assert expired.exit_code == 1 and "expired" in expired.output
