from __future__ import annotations

from tests.conftest import TOKEN

OWNER, DELEGATOR, STRANGER = 3, 5, 9


def test_stake_add_makes_asset_serving(run_cli, list_asset, staking, owner):
    asset = list_asset()
    result = run_cli("stake", "add", str(asset), "1000", account=OWNER)
    assert result.exit_code == 0, result.output
    assert staking.selfStakeOf(asset, owner.address) == 1000 * TOKEN
    assert staking.isServing(asset)
    assert "serving: True" in result.output


def test_stake_remove_then_withdraw_after_thawing(run_cli, list_asset, staking, token, owner, chain):
    asset = list_asset()
    run_cli("stake", "add", str(asset), "1500", account=OWNER)
    assert run_cli("stake", "remove", str(asset), "all", account=OWNER).exit_code == 0
    assert staking.thawingStakeOf(asset, owner.address) == 1500 * TOKEN
    early = run_cli("stake", "withdraw", str(asset), account=OWNER)
    assert early.exit_code == 1 and "transaction reverted" in early.output
    chain.pending_timestamp += staking.thawingPeriod() + 1
    chain.mine()
    before = token.balanceOf(owner)
    assert run_cli("stake", "withdraw", str(asset), account=OWNER).exit_code == 0
    assert token.balanceOf(owner) - before == 1500 * TOKEN


def test_delegate_add_remove_and_status(run_cli, list_asset, staking, delegator):
    asset = list_asset()
    assert run_cli("delegate", "add", str(asset), "250.5", account=DELEGATOR).exit_code == 0
    assert staking.delegatedStakeOf(asset, delegator.address) == 2505 * TOKEN // 10
    assert run_cli("delegate", "remove", str(asset), "100", account=DELEGATOR).exit_code == 0
    assert staking.thawingStakeOf(asset, delegator.address) > 0
    status = run_cli("stake", "status", str(asset), "--staker", delegator.address)
    assert status.exit_code == 0
    assert "thaw request 1" in status.output


def test_delegate_claim_pays_rewards(run_cli, list_asset, staking, token, delegator, stranger, chain, owner):
    asset = list_asset()
    staking.setDelegatorCut(asset, 5_000, sender=owner)
    chain.pending_timestamp += staking.cutChangeDelay() + 1
    chain.mine()
    run_cli("delegate", "add", str(asset), "100", account=DELEGATOR)
    token.approve(staking, 10 * TOKEN, sender=stranger)
    staking.depositFees(asset, 10 * TOKEN, sender=stranger)
    chain.pending_timestamp += staking.REWARD_STREAM_PERIOD()  # the delegators' cut streams over a period
    chain.mine()
    before = token.balanceOf(delegator)
    result = run_cli("delegate", "claim", str(asset), account=DELEGATOR)
    assert result.exit_code == 0, result.output
    assert 5 * TOKEN - 10 <= token.balanceOf(delegator) - before <= 5 * TOKEN


def test_stake_fails_cleanly(run_cli, list_asset):
    asset = list_asset()
    not_owner = run_cli("stake", "add", str(asset), "10", account=STRANGER)
    assert not_owner.exit_code == 1
    assert "transaction reverted" in not_owner.output and "Traceback" not in not_owner.output
    assert run_cli("stake", "add", "77", "10", account=OWNER).exit_code == 1
    bad_amount = run_cli("stake", "add", str(asset), "ten", account=OWNER)
    assert bad_amount.exit_code == 2 and "is not a number" in bad_amount.output
    nothing = run_cli("delegate", "remove", str(asset), "all", account=DELEGATOR)
    assert nothing.exit_code == 1 and "nothing to remove" in nothing.output
