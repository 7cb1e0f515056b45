"""`modelmarket payouts show | claim` and `modelmarket claim`."""

from __future__ import annotations

from modelmarket.cli.errors import reason_text
from modelmarket.revert_reasons import error_selector
from tests.conftest import TOKEN

OWNER, TREASURY, STRANGER, CONSUMER = 3, 1, 9, 7


def _paid_asset(list_asset, payments, staking, token, owner, consumer, calls=100):
    asset = list_asset()
    token.approve(staking, 5_000 * TOKEN, sender=owner)
    staking.stake(asset, 5_000 * TOKEN, sender=owner)
    token.approve(payments, 10 * TOKEN, sender=consumer)
    payments.depositAndAllocate([asset], [10 * TOKEN], sender=consumer)
    payments.payPerCall(asset, calls, 2**256 - 1, sender=consumer)
    return asset


def test_claim_with_nothing_owed_fails(run_cli):
    result = run_cli("claim", account=STRANGER)
    assert result.exit_code == 1 and "nothing to claim" in result.output


def test_payouts_show_then_claim_everything_owed_to_treasury(run_cli, list_asset, payments, staking, token, owner,
                                                             consumer, treasury):
    asset = _paid_asset(list_asset, payments, staking, token, owner, consumer)
    payments.settle(asset, sender=owner)
    fees = payments.protocolFeesAccrued()
    assert fees > 0
    shown = run_cli("payouts", "show", treasury.address)
    assert shown.exit_code == 0 and "protocol fees" in shown.output
    before = token.balanceOf(treasury)
    assert run_cli("payouts", "claim", account=TREASURY).exit_code == 0
    assert token.balanceOf(treasury) - before == fees


def test_claim_settles_pending_revenue_first(run_cli, list_asset, payments, staking, token, owner, consumer):
    asset = _paid_asset(list_asset, payments, staking, token, owner, consumer)
    assert payments.pendingRevenueOf(asset) > 0
    assert "nothing owed" in run_cli("payouts", "show", owner.address).output
    before = token.balanceOf(owner)
    result = run_cli("claim", account=OWNER)
    assert result.exit_code == 0, result.output
    assert payments.pendingRevenueOf(asset) == 0 and token.balanceOf(owner) > before


def test_reason_text_names_a_selector_instead_of_hex():
    selector = error_selector("LaneEmpty")
    assert reason_text("0x" + selector.hex()) == "LaneEmpty"
    assert reason_text(f"custom error 0x{selector.hex()}: 00ff") == "LaneEmpty"
    assert reason_text("plain message") == "plain message"
