"""`modelmarket session-keys add | revoke | list`."""

from __future__ import annotations

from eth_account import Account

from tests.conftest import TOKEN

CONSUMER = 7


def test_session_keys_add_scoped_list_and_revoke(run_cli, list_asset, payments, consumer, chain):
    asset = list_asset()
    agent = Account.create().address
    added = run_cli("session-keys", "add", agent, "--cap", "3", "--asset", str(asset), account=CONSUMER)
    assert added.exit_code == 0, added.output
    key = payments.sessionKeyOf(consumer, agent)
    assert key.spendCap == 3 * TOKEN and key.scopedAt != 0
    assert payments.keyScopeOf(consumer, agent, asset) > chain.pending_timestamp
    assert agent in run_cli("session-keys", "list", consumer.address).output
    revoked = run_cli("session-keys", "revoke", agent, account=CONSUMER)
    assert revoked.exit_code == 0 and "stops signing after" in revoked.output
    # delayed: still active until the withdrawal delay has passed
    assert payments.isSessionKeyActive(consumer, agent)
    chain.pending_timestamp += payments.withdrawDelay() + 1
    chain.mine()
    assert not payments.isSessionKeyActive(consumer, agent)


def test_session_keys_revoke_unknown_key_fails_in_one_line(run_cli):
    stranger = Account.create().address
    result = run_cli("session-keys", "revoke", stranger, account=CONSUMER)
    assert result.exit_code == 1
    assert "is not a session key" in result.output and [line for line in result.output.splitlines() if not line.startswith("INFO")] == [result.output.splitlines()[-1]]


def test_session_keys_add_own_account_or_unknown_scope_fails(run_cli, consumer):
    own = run_cli("session-keys", "add", consumer.address, "--cap", "1", account=CONSUMER)
    assert own.exit_code == 1 and "your own account" in own.output
    scope = run_cli("session-keys", "add", Account.create().address, "--cap", "1", "--asset", "999", account=CONSUMER)
    assert scope.exit_code == 1 and "asset 999 does not exist" in scope.output
