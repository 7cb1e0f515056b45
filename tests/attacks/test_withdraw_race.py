"""Attack 5: a consumer races its provider — it tries to take its escrow out right after using the
service, hoping to leave before the provider redeems.

Defence: escrow sits in lanes per (consumer, asset); tokens leave a lane other than by paying its
asset only through a thaw that matures `withdrawDelay` after it was requested, and thawing tokens
stay payable to the asset. `completeThaw` moves min(requested, what is left). The free balance,
which leaves at once, pays nothing.
"""

from __future__ import annotations

from tests.attacks.conftest import DEPOSIT
from tests.attacks.helpers import TOKEN, sign_voucher
from tests.unit.usage_payments.conftest import apply_change

USED = 300 * TOKEN


def test_redeem_racing_thaw_request_fails(payments, token, asset, funded, consumer, stranger, chain, reverts_exactly):
    voucher, signature = sign_voucher(consumer, payments, consumer, asset, USED,
                                      deadline=chain.pending_timestamp + 30 * 86_400)
    request = payments.requestThaw(asset, DEPOSIT, sender=consumer)
    ready_at = request.events.filter(payments.ThawRequested)[0].readyAt

    chain.pending_timestamp = ready_at - 2
    with reverts_exactly(payments.ThawNotReady, consumer=consumer, assetId=asset, readyAt=ready_at,
                         nowTimestamp=ready_at - 2):
        payments.completeThaw(asset, True, sender=consumer)

    # The provider redeems inside the delay and is paid in full.
    receipt = payments.redeem(voucher, signature, sender=stranger)
    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [USED]

    chain.pending_timestamp = ready_at
    before = token.balanceOf(consumer)
    receipt = payments.completeThaw(asset, True, sender=consumer)
    assert [e.amount for e in receipt.events.filter(payments.ThawCompleted)] == [DEPOSIT - USED]
    assert token.balanceOf(consumer) == before + DEPOSIT - USED
    assert payments.laneOf(consumer, asset) == (0, USED, 0, 0)


def test_re_requesting_a_thaw_restarts_the_delay(payments, asset, funded, consumer, chain, reverts_exactly):
    """The consumer cannot shorten the window by re-requesting: every request restarts the timer."""
    first = payments.requestThaw(asset, DEPOSIT // 2, sender=consumer).events.filter(payments.ThawRequested)[0]
    chain.pending_timestamp = first.readyAt - 10
    second = payments.requestThaw(asset, DEPOSIT, sender=consumer).events.filter(payments.ThawRequested)[0]
    assert second.readyAt >= first.readyAt - 10 + payments.withdrawDelay()

    chain.pending_timestamp = first.readyAt
    with reverts_exactly(payments.ThawNotReady, consumer=consumer, assetId=asset, readyAt=second.readyAt,
                         nowTimestamp=first.readyAt):
        payments.completeThaw(asset, False, sender=consumer)


def test_withdrawing_allocated_escrow_at_once_fails(payments, asset, funded, consumer, reverts_exactly):
    """`withdraw` reaches only the free balance: allocated tokens are not in it."""
    with reverts_exactly(payments.InsufficientFreeBalance, consumer=consumer, balance=0, needed=DEPOSIT):
        payments.withdraw(DEPOSIT, sender=consumer)
    assert payments.coverageOf(consumer, asset) == DEPOSIT


def test_admin_shortening_the_delay_to_free_a_consumer_early_fails(
    payments, deployer, asset, funded, consumer, stranger, chain
):
    """A shorter withdrawal delay applies only to thaws asked after now + the old delay, so it cannot
    cut short the window a provider was promised (nor help a consumer race it)."""
    old_delay = payments.withdrawDelay()
    voucher = sign_voucher(consumer, payments, consumer, asset, USED, deadline=chain.pending_timestamp + 90 * 86_400)
    apply_change(payments, "setWithdrawDelay", 3_600, deployer)  # queued, then applied as early as possible
    request = payments.requestThaw(asset, DEPOSIT, sender=consumer)

    assert request.events.filter(payments.ThawRequested)[0].readyAt == request.timestamp + old_delay
    chain.pending_timestamp = request.timestamp + old_delay - 1
    receipt = payments.redeem(*voucher, sender=stranger)
    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [USED]
