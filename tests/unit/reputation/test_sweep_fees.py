"""Reputation.sweepFees: the rating fees go to the treasury (never to an asset's owner), all but one unit."""

from __future__ import annotations

import ape

from tests.conftest import TOKEN

EMPTY = b"\x00" * 32


def test_sweep_fees_pays_the_treasury_all_but_one_unit(reputation, payments, token, treasury, stranger, consumer,
                                                       asset, pay):
    pay(consumer, asset, 10 * TOKEN)
    reputation.rate(asset, 50, 10 * TOKEN, EMPTY, "", sender=consumer)
    before = token.balanceOf(treasury)

    receipt = reputation.sweepFees(sender=stranger)

    assert receipt.return_value == TOKEN - 1
    assert receipt.events.filter(reputation.FeesSwept) == [reputation.FeesSwept(treasury=treasury, amount=TOKEN - 1)]
    assert token.balanceOf(treasury) == before + TOKEN - 1
    assert token.balanceOf(reputation) == 1
    assert payments.treasury() == treasury.address


def test_sweep_fees_reverts_when_nothing_held(reputation, stranger):
    with ape.reverts(reputation.NothingToSweep):
        reputation.sweepFees(sender=stranger)


def test_sweep_fees_reverts_when_only_the_floor_is_left(reputation, stranger, consumer, asset, pay):
    pay(consumer, asset, 10 * TOKEN)
    reputation.rate(asset, 50, 10 * TOKEN, EMPTY, "", sender=consumer)
    reputation.sweepFees(sender=stranger)

    with ape.reverts(reputation.NothingToSweep):
        reputation.sweepFees(sender=stranger)
