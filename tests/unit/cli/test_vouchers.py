"""`modelmarket vouchers sign | verify | redeem`: the provider ledger decides, reasons print as names."""

from __future__ import annotations

import json

from eth_account import Account

from tests.conftest import TOKEN

OWNER, CONSUMER, STRANGER = 3, 7, 9


def _sign(run_cli, out, asset, cumulative, *extra, account=CONSUMER):
    result = run_cli("vouchers", "sign", "--asset", str(asset), "--cumulative", cumulative, "--out", str(out),
                     *extra, account=account)
    assert result.exit_code == 0, result.output
    return result


def test_vouchers_sign_verify_redeem_with_scoped_session_key(run_cli, list_asset, payments, consumer, tmp_path,
                                                           monkeypatch):
    asset = list_asset()
    run_cli("escrow", "deposit", "10", "--asset", str(asset), account=CONSUMER)
    agent = Account.create()
    assert run_cli("session-keys", "add", agent.address, "--cap", "3", "--asset", str(asset),
                   account=CONSUMER).exit_code == 0
    monkeypatch.setenv("AGENT_KEY", agent.key.hex())
    out = tmp_path / "vouchers.json"
    for cumulative in ("0.5", "1", "1.5"):
        _sign(run_cli, out, asset, cumulative, "--consumer", consumer.address, "--key-env", "AGENT_KEY", account=None)
    assert len(json.loads(out.read_text())) == 3
    verified = run_cli("vouchers", "verify", str(out))
    assert verified.exit_code == 0, verified.output
    redeemed = run_cli("vouchers", "redeem", str(out), account=OWNER)
    assert redeemed.exit_code == 0, redeemed.output
    assert "redeemed 1 of 1" in redeemed.output
    assert payments.redeemed(consumer, asset) == 15 * TOKEN // 10
    stale = run_cli("vouchers", "verify", str(out))
    assert stale.exit_code == 1 and "VoucherStale(" in stale.output and "would not pay" in stale.output


def test_vouchers_verify_names_why_each_voucher_would_be_rejected(run_cli, list_asset, tmp_path, chain):
    asset, empty = list_asset(), list_asset()
    run_cli("escrow", "deposit", "10", "--asset", str(asset), account=CONSUMER)
    out = tmp_path / "v.json"
    _sign(run_cli, out, 999, "1")  # unlisted asset
    _sign(run_cli, out, empty, "1")  # nothing allocated to this asset
    _sign(run_cli, out, asset, "1", account=STRANGER)  # the stranger pays for itself: its lane is empty
    result = run_cli("vouchers", "verify", str(out))
    assert result.exit_code == 1
    assert "UnknownAsset(assetId=999)" in result.output
    assert result.output.count("LaneEmpty(") == 2
    assert "3 of 3 voucher(s) would not pay" in result.output
    assert "0x" + "00" * 4 not in result.output


def test_vouchers_verify_reports_partial_payment(run_cli, list_asset, tmp_path):
    asset = list_asset()
    run_cli("escrow", "deposit", "1", "--asset", str(asset), account=CONSUMER)
    out = tmp_path / "v.json"
    _sign(run_cli, out, asset, "3")
    result = run_cli("vouchers", "verify", str(out))
    assert result.exit_code == 0 and "LaneShortfall" in result.output


def test_vouchers_redeem_with_nothing_payable_names_the_reasons(run_cli, list_asset, tmp_path):
    asset = list_asset()
    out = tmp_path / "v.json"
    _sign(run_cli, out, asset, "1")
    result = run_cli("vouchers", "redeem", str(out), account=OWNER)
    assert result.exit_code == 1
    assert "skipped: LaneEmpty(" in result.output and "would pay anything" in result.output


def test_vouchers_signed_with_ape_account_then_claim_settles_and_pays_owner(run_cli, list_asset, payments, staking,
                                                                          token, owner, consumer, tmp_path):
    asset = list_asset()
    token.approve(staking, 5_000 * TOKEN, sender=owner)
    staking.stake(asset, 5_000 * TOKEN, sender=owner)
    run_cli("escrow", "deposit", "10", "--asset", str(asset), account=CONSUMER)
    out = tmp_path / "v.json"
    _sign(run_cli, out, asset, "2")
    assert run_cli("vouchers", "redeem", str(out), account=STRANGER).exit_code == 0
    assert payments.redeemed(consumer, asset) == 2 * TOKEN
    assert payments.pendingRevenueOf(asset) == 2 * TOKEN
    before = token.balanceOf(owner)
    claimed = run_cli("claim", account=OWNER)
    assert claimed.exit_code == 0, claimed.output
    assert "owner rewards" in claimed.output
    assert payments.pendingRevenueOf(asset) == 0
    assert token.balanceOf(owner) > before


def test_vouchers_redeem_and_verify_fail_cleanly_on_bad_files(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    for command in (("vouchers", "redeem", str(bad)), ("vouchers", "verify", str(bad))):
        result = run_cli(*command, account=OWNER if command[1] == "redeem" else None)
        assert result.exit_code == 1
        assert "not a voucher file" in result.output and "Traceback" not in result.output


def test_vouchers_sign_and_verify_use_chain_time(run_cli, list_asset, chain, tmp_path):
    """Deadlines are set and checked against the chain's clock, which a local anvil can move ahead
    of the wall clock; a wall-clock deadline would already be past here."""
    asset = list_asset()
    run_cli("escrow", "deposit", "10", "--asset", str(asset), account=CONSUMER)
    chain.pending_timestamp += 30 * 86_400
    chain.mine()
    out = tmp_path / "v.json"
    _sign(run_cli, out, asset, "1", "--ttl", "600")
    deadline = json.loads(out.read_text())[0]["deadline"]
    assert deadline == chain.pending_timestamp + 600
    assert run_cli("vouchers", "verify", str(out)).exit_code == 0
    chain.pending_timestamp = deadline + 1
    chain.mine()
    expired = run_cli("vouchers", "verify", str(out))
    assert expired.exit_code == 1 and f"VoucherExpired(consumer=" in expired.output and str(deadline) in expired.output
