from __future__ import annotations

from tests.conftest import TOKEN
from tests.unit.market_token.helpers import ZERO_ADDRESS


def test_transfer_moves_balance_and_emits_event(token, owner, consumer):
    before = token.balanceOf(owner), token.balanceOf(consumer)

    receipt = token.transfer(consumer, 5 * TOKEN, sender=owner)

    assert receipt.events.filter(token.Transfer) == [
        token.Transfer(**{"from": owner, "to": consumer, "value": 5 * TOKEN})
    ]
    assert (token.balanceOf(owner), token.balanceOf(consumer)) == (before[0] - 5 * TOKEN, before[1] + 5 * TOKEN)


def test_transfer_from_spends_allowance(token, owner, consumer, stranger):
    token.approve(consumer, 5 * TOKEN, sender=owner)

    receipt = token.transferFrom(owner, stranger, 2 * TOKEN, sender=consumer)

    assert receipt.events.filter(token.Transfer) == [
        token.Transfer(**{"from": owner, "to": stranger, "value": 2 * TOKEN})
    ]
    assert token.allowance(owner, consumer) == 3 * TOKEN


def test_transfer_reverts_when_balance_insufficient(token, owner, consumer, reverts_exactly):
    balance = token.balanceOf(owner)
    with reverts_exactly(token.ERC20InsufficientBalance, sender=owner, balance=balance, needed=balance + 1):
        token.transfer(consumer, balance + 1, sender=owner)


def test_transfer_reverts_when_receiver_zero(token, owner, reverts_exactly):
    with reverts_exactly(token.ERC20InvalidReceiver, receiver=ZERO_ADDRESS):
        token.transfer(ZERO_ADDRESS, 1, sender=owner)


def test_transfer_from_reverts_when_allowance_insufficient(token, owner, consumer, reverts_exactly):
    token.approve(consumer, TOKEN, sender=owner)
    with reverts_exactly(token.ERC20InsufficientAllowance, spender=consumer, allowance=TOKEN, needed=TOKEN + 1):
        token.transferFrom(owner, consumer, TOKEN + 1, sender=consumer)
