"""Payouts.claimAll / owedTo: everything an account is owed, settled and claimed in one transaction."""

from __future__ import annotations

from tests.conftest import TOKEN
from tests.unit.payouts.conftest import PAID


def _fee(amount: int, fee_bps: int) -> int:
    return -(-amount * fee_bps // 10_000)  # the protocol fee rounds up


def test_claim_all_settles_and_pays_the_owner_in_one_transaction(payouts, payments, token, asset, owner, stranger, earn):
    earn(asset)
    assert payments.pendingRevenueOf(asset) == PAID
    expected = PAID - _fee(PAID, payments.protocolFeeBps())
    before = token.balanceOf(owner)

    receipt = payouts.claimAll(owner, [asset], sender=stranger)

    assert token.balanceOf(owner) - before == expected
    assert payments.pendingRevenueOf(asset) == 0
    assert receipt.events.filter(payouts.PayoutsClaimed) == [
        payouts.PayoutsClaimed(account=owner, caller=stranger, total=expected)
    ]


def test_claim_all_never_pays_the_caller(payouts, token, asset, owner, stranger, earn):
    earn(asset)
    before = token.balanceOf(stranger)

    payouts.claimAll(owner, [asset], sender=stranger)

    assert token.balanceOf(stranger) == before


def test_claim_all_pays_royalties_of_a_parent_the_account_owns(
    payouts, payments, registry, token, list_asset, owner, other_owner, stranger, earn
):
    parent = list_asset()
    child = list_asset(sender=other_owner, parents=[(parent, 1_000)])
    earn(child)
    payments.settle(child, sender=stranger)
    royalties = payments.royaltiesOf(parent)
    assert royalties == PAID * 1_000 // 10_000
    before = token.balanceOf(owner)

    payouts.claimAll(owner, [parent, child], sender=stranger)

    assert token.balanceOf(owner) - before == royalties
    assert payments.royaltiesOf(parent) == 0


def test_claim_all_pays_dispute_payouts(payouts, disputes, token, asset, owner, stranger, chain):
    token.approve(disputes.address, 100 * TOKEN, sender=stranger)
    dispute_id = disputes.openDispute(asset, 100 * TOKEN, b"\x01" * 32, "ipfs://e", "0x" + "00" * 20, 0,
                                      sender=stranger).return_value
    chain.pending_timestamp = disputes.getDispute(dispute_id).deadline
    disputes.timeoutDispute(dispute_id, sender=owner)
    assert disputes.claimable(stranger) == 100 * TOKEN
    before = token.balanceOf(stranger)

    payouts.claimAll(stranger, [], sender=owner)

    assert token.balanceOf(stranger) - before == 100 * TOKEN
    assert disputes.claimable(stranger) == 0


def test_claim_all_pays_the_treasury_its_protocol_fees(payouts, payments, token, asset, treasury, stranger, earn):
    earn(asset)
    payments.settle(asset, sender=stranger)
    fees = payments.protocolFeesAccrued()
    assert fees == _fee(PAID, payments.protocolFeeBps())
    before = token.balanceOf(treasury)

    payouts.claimAll(treasury, [], sender=stranger)

    assert token.balanceOf(treasury) - before == fees


def test_claim_all_with_nothing_owed_pays_nothing_and_does_not_revert(payouts, token, asset, stranger, consumer):
    before = token.balanceOf(consumer)

    receipt = payouts.claimAll(consumer, [asset], sender=stranger)

    assert token.balanceOf(consumer) == before
    assert receipt.events.filter(payouts.PayoutsClaimed)[0].total == 0


def test_owed_to_is_what_claim_all_pays(payouts, payments, token, asset, owner, stranger, earn):
    earn(asset)
    payments.settle(asset, sender=stranger)
    owed = payouts.owedTo(owner, [asset])
    before = token.balanceOf(owner)

    payouts.claimAll(owner, [asset], sender=stranger)

    assert owed == token.balanceOf(owner) - before > 0
    assert payouts.owedTo(owner, [asset]) == 0


def test_claim_all_reverts_when_too_many_assets(payouts, stranger, reverts_exactly):
    with reverts_exactly(payouts.TooManyAssets, count=65, maximum=64):
        payouts.claimAll(stranger, list(range(1, 66)), sender=stranger)


def test_claim_all_reverts_for_the_zero_account(payouts, stranger, reverts_exactly):
    with reverts_exactly(payouts.ZeroAddress):
        payouts.claimAll("0x" + "00" * 20, [], sender=stranger)
