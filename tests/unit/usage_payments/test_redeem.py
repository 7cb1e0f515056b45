"""UsagePayments.redeem: full, incremental, shortfall, and every rejection with its exact error."""

from __future__ import annotations

import ape
import pytest

from modelmarket.vouchers import Domain, Voucher, VoucherSigner
from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import DEPOSIT, high_s, voucher_digest


def test_redeem_pays_full_amount_and_records_revenue(payments, token, staking, consumer, stranger, sign, asset, funded):
    voucher, signature = sign(10 * TOKEN)
    staking_before = token.balanceOf(staking.address)

    receipt = payments.redeem(voucher, signature, sender=stranger)

    event = receipt.events.filter(payments.VoucherRedeemed)[0]
    assert (event.consumer, event.assetId, event.signer) == (consumer.address, asset, consumer.address)
    assert (event.cumulativeAmount, event.paid) == (10 * TOKEN, 10 * TOKEN)
    assert not receipt.events.filter(payments.LaneShortfall)
    assert payments.redeemed(consumer, asset) == 10 * TOKEN
    assert payments.spentBy(consumer, asset) == 10 * TOKEN
    assert payments.laneOf(consumer, asset) == (DEPOSIT - 10 * TOKEN, 10 * TOKEN, 0, 0)
    # a redeem only records: the split and the token movement wait for settle
    assert payments.pendingRevenueOf(asset) == 10 * TOKEN
    assert payments.protocolFeesAccrued() == 0
    assert token.balanceOf(staking.address) == staking_before


def test_redeem_pays_only_the_increment_of_a_later_voucher(payments, consumer, owner, sign, asset, funded):
    payments.redeem(*sign(3 * TOKEN), sender=owner)

    receipt = payments.redeem(*sign(5 * TOKEN), sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 2 * TOKEN
    assert payments.redeemed(consumer, asset) == 5 * TOKEN
    assert payments.coverageOf(consumer, asset) == DEPOSIT - 5 * TOKEN


def test_redeem_pays_what_the_lane_holds_and_emits_shortfall(payments, consumer, owner, sign, asset, fund):
    fund(consumer, 4 * TOKEN)

    receipt = payments.redeem(*sign(10 * TOKEN), sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 4 * TOKEN
    shortfall = receipt.events.filter(payments.LaneShortfall)[0]
    assert (shortfall.consumer, shortfall.assetId, shortfall.shortfall) == (consumer.address, asset, 6 * TOKEN)
    assert payments.redeemed(consumer, asset) == 4 * TOKEN
    assert payments.coverageOf(consumer, asset) == 0


def test_redeem_pays_the_rest_of_a_short_voucher_after_top_up(payments, consumer, owner, sign, asset, fund):
    fund(consumer, 4 * TOKEN)
    voucher, signature = sign(10 * TOKEN)
    payments.redeem(voucher, signature, sender=owner)
    fund(consumer, 100 * TOKEN)

    receipt = payments.redeem(voucher, signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 6 * TOKEN
    assert payments.redeemed(consumer, asset) == 10 * TOKEN
    assert payments.coverageOf(consumer, asset) == 94 * TOKEN


def test_redeem_reverts_when_lane_empty(payments, consumer, owner, sign, asset, reverts_exactly):
    with reverts_exactly(payments.LaneEmpty, consumer=consumer, assetId=asset, owed=TOKEN):
        payments.redeem(*sign(TOKEN), sender=owner)


def test_redeem_never_draws_another_lane(payments, consumer, owner, sign, asset, other_asset, fund, reverts_exactly):
    fund(consumer, 10 * TOKEN, asset_id=other_asset)

    with reverts_exactly(payments.LaneEmpty, consumer=consumer, assetId=asset, owed=TOKEN):
        payments.redeem(*sign(TOKEN), sender=owner)


def test_redeem_reverts_when_asset_retired(payments, registry, owner, sign, asset, funded, reverts_exactly):
    registry.setStatus(asset, 2, sender=owner)

    with reverts_exactly(payments.AssetRetired, assetId=asset):
        payments.redeem(*sign(TOKEN), sender=owner)


def test_redeem_reverts_when_voucher_stale(payments, consumer, owner, sign, asset, funded):
    voucher, signature = sign(5 * TOKEN)
    payments.redeem(voucher, signature, sender=owner)
    older, older_signature = sign(4 * TOKEN)

    with ape.reverts(
        payments.VoucherStale, consumer=consumer.address, assetId=asset, cumulativeAmount=4 * TOKEN, redeemed=5 * TOKEN
    ):
        payments.redeem(older, older_signature, sender=owner)


def test_redeem_reverts_when_same_voucher_redeemed_twice(payments, consumer, owner, sign, asset, funded):
    voucher, signature = sign(5 * TOKEN)
    payments.redeem(voucher, signature, sender=owner)

    with ape.reverts(
        payments.VoucherStale, consumer=consumer.address, assetId=asset, cumulativeAmount=5 * TOKEN, redeemed=5 * TOKEN
    ):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_reverts_when_voucher_expired(chain, payments, consumer, owner, sign, asset, funded):
    deadline = chain.pending_timestamp + 10
    voucher, signature = sign(TOKEN, deadline=deadline)
    chain.pending_timestamp = deadline + 1

    with ape.reverts(payments.VoucherExpired, consumer=consumer.address, assetId=asset, deadline=deadline):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_accepts_voucher_at_its_deadline(chain, payments, consumer, owner, sign, asset, funded):
    deadline = chain.pending_timestamp + 10
    voucher, signature = sign(TOKEN, deadline=deadline)
    chain.pending_timestamp = deadline

    receipt = payments.redeem(voucher, signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == TOKEN


def test_redeem_reverts_when_signed_by_someone_else(payments, consumer, stranger, owner, sign, funded):
    voucher, signature = sign(TOKEN, signer=stranger)

    with ape.reverts(payments.InvalidSigner, consumer=consumer.address, signer=stranger.address):
        payments.redeem(voucher, signature, sender=owner)


@pytest.mark.parametrize(
    "override",
    [{"chain_id": 1}, {"verifying_contract": "0x" + "ab" * 20}, {"name": "Payments"}, {"version": "1"}],
    ids=["other-chain", "other-contract", "other-name", "other-version"],
)
def test_redeem_reverts_when_signed_for_another_domain(payments, consumer, owner, sign, asset, funded, override):
    voucher, signature = sign(TOKEN, **override)

    with ape.reverts(payments.InvalidSigner):
        payments.redeem(voucher, signature, sender=owner)
    assert payments.coverageOf(consumer, asset) == DEPOSIT


def test_redeem_reverts_when_voucher_fields_tampered(payments, consumer, owner, sign, asset, funded):
    (who, asset_id, amount, deadline), signature = sign(TOKEN)

    with ape.reverts(payments.InvalidSigner):
        payments.redeem((who, asset_id, amount * 2, deadline), signature, sender=owner)


def test_redeem_reverts_when_signature_has_high_s(payments, consumer, owner, sign, asset, funded):
    voucher, signature = sign(TOKEN)

    with ape.reverts(payments.InvalidSignature, consumer=consumer.address, assetId=asset):
        payments.redeem(voucher, high_s(signature), sender=owner)


def test_redeem_reverts_when_signature_malformed(payments, consumer, owner, sign, asset, funded):
    voucher, signature = sign(TOKEN)

    with ape.reverts(payments.InvalidSignature, consumer=consumer.address, assetId=asset):
        payments.redeem(voucher, signature[:64], sender=owner)


def test_redeem_reverts_when_asset_unknown(payments, consumer, owner, sign, funded):
    voucher, signature = sign(TOKEN, asset_id=999)

    with ape.reverts(payments.UnknownAsset, assetId=999):
        payments.redeem(voucher, signature, sender=owner)


def test_redeem_pays_for_paused_asset(payments, registry, consumer, owner, sign, asset, funded):
    registry.setStatus(asset, 1, sender=owner)

    receipt = payments.redeem(*sign(TOKEN), sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == TOKEN


def test_voucher_digest_matches_eth_account_and_sdk(chain, payments, consumer, sign, asset):
    voucher, _ = sign(123)
    sdk_domain = Domain.usage_payments(chain.chain_id, payments.address, version="2")

    digest = payments.voucherDigest(voucher)

    assert digest == voucher_digest(payments, voucher)
    assert digest == sdk_domain.digest(Voucher(*voucher))


def test_redeem_accepts_sdk_signed_voucher(chain, payments, consumer, owner, asset, funded):
    signer = VoucherSigner(bytes.fromhex(consumer.private_key[2:]), Domain.usage_payments(chain.chain_id, payments.address, version="2"))
    signed = signer.sign(Voucher(consumer.address, asset, 7 * TOKEN, chain.pending_timestamp + 60))

    receipt = payments.redeem(signed.to_tuple(), signed.signature, sender=owner)

    assert receipt.events.filter(payments.VoucherRedeemed)[0].paid == 7 * TOKEN
