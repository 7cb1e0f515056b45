"""`modelmarket token balance | transfer`, and reverts decoded with values and a hint."""

from __future__ import annotations

TOKEN = 10**18


def test_token_balance_accepts_an_account_alias(run_cli, token, accounts):
    result = run_cli("token", "balance", "TEST::0")

    assert result.exit_code == 0, result.output
    held = int(token.balanceOf(accounts[0].address)) // TOKEN
    assert f"{accounts[0].address}: {held}" in result.output


def test_token_transfer_moves_tokens(run_cli, token, accounts):
    recipient = accounts[8].address
    before = int(token.balanceOf(recipient))

    result = run_cli("token", "transfer", recipient, "2.5", account=0)

    assert result.exit_code == 0, result.output
    assert int(token.balanceOf(recipient)) - before == 25 * TOKEN // 10


def test_token_transfer_beyond_balance_fails_in_one_line(run_cli, token, accounts):
    poor = accounts[9]
    held = int(token.balanceOf(poor.address))

    result = run_cli("token", "transfer", accounts[0].address, str(held // TOKEN + 1), account=9)

    assert result.exit_code == 1
    assert result.output.startswith("error: cannot send")
    assert len(result.output.strip().splitlines()) == 1


def test_token_balance_of_an_unknown_alias_is_a_usage_error(run_cli):
    result = run_cli("token", "balance", "nobody-here")

    assert result.exit_code == 2
    assert "neither an address nor a known account alias" in result.output


def test_escrow_deposit_without_tokens_names_the_token_error_with_values_and_a_hint(run_cli, token, accounts):
    poor = accounts[9]
    held = int(token.balanceOf(poor.address))
    if held:
        token.transfer(accounts[0].address, held, sender=poor)

    result = run_cli("escrow", "deposit", "10", account=9)

    assert result.exit_code == 1
    line = result.output.strip()
    assert len(line.splitlines()) == 1
    assert f"ERC20InsufficientBalance(sender={poor.address}, balance=0, needed={10 * TOKEN})" in line
    assert "modelmarket token transfer" in line


def test_claim_error_prints_lowercase_error(run_cli):
    result = run_cli("claim", account=9)

    assert result.exit_code == 1
    assert result.output.startswith("error: ")
