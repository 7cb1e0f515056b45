from __future__ import annotations

import json

from eth_account import Account

from modelmarket.eip712 import Domain
from modelmarket.receipts import Receipt, ReceiptSigner
from tests.conftest import TOKEN, MAX_UINT

OWNER, ARBITER, REPORTER, CONSUMER = 3, 2, 9, 7
EVIDENCE = "0x" + "ee" * 32


def _staked_asset(list_asset, staking, token, owner, operator=None):
    asset = list_asset(operator=operator) if operator else list_asset()
    token.approve(staking, 5_000 * TOKEN, sender=owner)
    staking.stake(asset, 5_000 * TOKEN, sender=owner)
    return asset


def test_disputes_open_uphold_show_claim(run_cli, list_asset, staking, token, owner, disputes, stranger):
    asset = _staked_asset(list_asset, staking, token, owner)
    opened = run_cli(
        "disputes", "open", str(asset), "--bond", "100", "--evidence-hash", EVIDENCE, "--evidence-uri", "ipfs://e",
        account=REPORTER,
    )
    assert opened.exit_code == 0, opened.output
    upheld = run_cli("disputes", "resolve", "1", "--uphold", "--slash", "100", account=ARBITER)
    assert upheld.exit_code == 0, upheld.output
    assert staking.totalStake(asset) == 4_900 * TOKEN
    assert "upheld" in run_cli("disputes", "show", "1").output
    before = token.balanceOf(stranger)
    assert run_cli("disputes", "claim", account=REPORTER).exit_code == 0
    assert token.balanceOf(stranger) > before


def test_disputes_reject_and_timeout(run_cli, list_asset, staking, token, owner, chain, disputes):
    asset = _staked_asset(list_asset, staking, token, owner)
    args = ("--bond", "100", "--evidence-hash", EVIDENCE, "--evidence-uri", "ipfs://e")
    run_cli("disputes", "open", str(asset), *args, account=REPORTER)
    denied = run_cli("disputes", "resolve", "1", "--reject", account=REPORTER)
    assert denied.exit_code == 1 and "NotArbiter" in denied.output
    assert run_cli("disputes", "resolve", "1", "--reject", account=ARBITER).exit_code == 0
    run_cli("disputes", "open", str(asset), *args, account=REPORTER)
    early = run_cli("disputes", "timeout", "2", account=CONSUMER)
    assert early.exit_code == 1
    chain.pending_timestamp += disputes.resolutionWindow() + 1
    chain.mine()
    assert run_cli("disputes", "timeout", "2", account=CONSUMER).exit_code == 0
    missing = run_cli("disputes", "show", "9")
    assert missing.exit_code == 1 and "dispute 9 does not exist" in missing.output


def test_disputes_prove_equivocation(run_cli, list_asset, staking, token, owner, disputes, chain, tmp_path):
    operator = Account.create()
    asset = _staked_asset(list_asset, staking, token, owner, operator=operator.address)
    signer = ReceiptSigner(operator.key, Domain.disputes(chain.chain_id, disputes.address))
    request = b"\x01" * 32
    files = []
    for index, response in enumerate((b"\x02" * 32, b"\x03" * 32)):
        path = tmp_path / f"r{index}.json"
        path.write_text(json.dumps(signer.sign(Receipt(request, response, asset, 1)).to_json()))
        files.append(str(path))
    proved = run_cli("disputes", "prove-equivocation", *files, account=REPORTER)
    assert proved.exit_code == 0, proved.output
    assert staking.totalStake(asset) < 5_000 * TOKEN
    replay = run_cli("disputes", "prove-equivocation", *files, account=REPORTER)
    assert replay.exit_code == 1 and "transaction reverted" in replay.output


def test_reputation_rate_and_show(run_cli, list_asset, payments, reputation, consumer, token, staking, owner):
    asset = _staked_asset(list_asset, staking, token, owner)
    token.approve(payments, 10 * TOKEN, sender=consumer)
    payments.depositAndAllocate([asset], [10 * TOKEN], sender=consumer)
    payments.payPerCall(asset, 3, MAX_UINT, sender=consumer)
    rated = run_cli("reputation", "rate", str(asset), "80", "--comment-uri", "ipfs://review", account=CONSUMER)
    assert rated.exit_code == 0, rated.output
    assert reputation.ratingOf(consumer, asset).weight == 3 * 10**15  # all its spend: 3 calls
    assert "fee" in rated.output
    count, mean, _ = reputation.summary(asset)
    assert count == 1 and mean == 80 * reputation.MEAN_SCALE()
    shown = run_cli("reputation", "show", str(asset), "--rater", consumer.address)
    assert "80.00 / 100" in shown.output


def test_reputation_rate_without_payment_fails_cleanly(run_cli, list_asset):
    asset = list_asset()
    result = run_cli("reputation", "rate", str(asset), "50", account=REPORTER)
    assert result.exit_code == 1 and "NoPaymentHistory" in result.output
    out_of_range = run_cli("reputation", "rate", str(asset), "101", account=REPORTER)
    assert out_of_range.exit_code == 2
