"""`modelmarket escrow ...`: free balance, lanes, thaws; bad input is one line and exit 1."""

from __future__ import annotations

from tests.conftest import TOKEN

OWNER, CONSUMER, STRANGER = 3, 7, 9


def test_escrow_deposit_allocate_show(run_cli, list_asset, payments, consumer):
    asset = list_asset()
    assert run_cli("escrow", "deposit", "50", account=CONSUMER).exit_code == 0
    allocated = run_cli("escrow", "allocate", str(asset), "20", account=CONSUMER)
    assert allocated.exit_code == 0, allocated.output
    assert payments.freeBalanceOf(consumer) == 30 * TOKEN
    assert payments.laneOf(consumer, asset)[0] == 20 * TOKEN
    shown = run_cli("escrow", "show", consumer.address)
    assert shown.exit_code == 0 and "free balance" in shown.output and f"#{asset}" in shown.output


def test_escrow_deposit_straight_into_a_lane(run_cli, list_asset, payments, consumer):
    asset = list_asset()
    assert run_cli("escrow", "deposit", "5", "--asset", str(asset), account=CONSUMER).exit_code == 0
    assert payments.laneOf(consumer, asset)[0] == 5 * TOKEN
    assert payments.freeBalanceOf(consumer) == 0


def test_escrow_deposit_for_another_consumer(run_cli, payments, consumer2):
    assert run_cli("escrow", "deposit", "5", "--for", consumer2.address, account=CONSUMER).exit_code == 0
    assert payments.freeBalanceOf(consumer2) == 5 * TOKEN


def test_escrow_allocate_more_than_free_balance_fails_in_one_line(run_cli, list_asset, payments, consumer):
    asset = list_asset()
    run_cli("escrow", "deposit", "1", account=CONSUMER)
    result = run_cli("escrow", "allocate", str(asset), "2", account=CONSUMER)
    assert result.exit_code == 1
    assert "free balance" in result.output and [line for line in result.output.splitlines() if not line.startswith("INFO")] == [result.output.splitlines()[-1]]
    assert payments.laneOf(consumer, asset)[0] == 0


def test_escrow_allocate_to_unknown_asset_fails(run_cli):
    run_cli("escrow", "deposit", "1", account=CONSUMER)
    result = run_cli("escrow", "allocate", "999", "1", account=CONSUMER)
    assert result.exit_code == 1 and "asset 999 does not exist" in result.output


def test_escrow_withdraw_takes_free_balance_at_once(run_cli, payments, token, consumer):
    run_cli("escrow", "deposit", "10", account=CONSUMER)
    before = token.balanceOf(consumer)
    assert run_cli("escrow", "withdraw", "4", account=CONSUMER).exit_code == 0
    assert token.balanceOf(consumer) - before == 4 * TOKEN
    too_much = run_cli("escrow", "withdraw", "7", account=CONSUMER)
    assert too_much.exit_code == 1 and "free balance" in too_much.output


def test_escrow_thaw_waits_out_the_delay(run_cli, list_asset, payments, consumer, chain):
    asset = list_asset()
    run_cli("escrow", "deposit", "10", "--asset", str(asset), account=CONSUMER)
    assert run_cli("escrow", "thaw", str(asset), "4", account=CONSUMER).exit_code == 0
    assert payments.coverageOf(consumer, asset) == 6 * TOKEN
    early = run_cli("escrow", "complete-thaw", str(asset), account=CONSUMER)
    assert early.exit_code == 1 and "ready at" in early.output
    chain.pending_timestamp += payments.withdrawDelay() + 1
    chain.mine()
    assert run_cli("escrow", "complete-thaw", str(asset), account=CONSUMER).exit_code == 0
    assert payments.laneOf(consumer, asset)[0] == 6 * TOKEN
    assert payments.freeBalanceOf(consumer) == 4 * TOKEN


def test_escrow_thaw_more_than_lane_and_cancel_without_thaw_fail(run_cli, list_asset):
    asset = list_asset()
    run_cli("escrow", "deposit", "1", "--asset", str(asset), account=CONSUMER)
    too_much = run_cli("escrow", "thaw", str(asset), "2", account=CONSUMER)
    assert too_much.exit_code == 1 and "holds 1" in too_much.output
    nothing = run_cli("escrow", "cancel-thaw", str(asset), account=CONSUMER)
    assert nothing.exit_code == 1 and "no pending thaw" in nothing.output


def test_escrow_bad_amount_is_a_usage_error(run_cli):
    result = run_cli("escrow", "deposit", "lots", account=CONSUMER)
    assert result.exit_code == 2 and "is not a number" in result.output
