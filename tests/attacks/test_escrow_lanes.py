"""Attacks of issue 11 on the escrow: a consumer who has used a provider's inference on credit tries
to get its escrow back before the provider redeems, by combining features.

Defence: escrow is per (consumer, asset) lane. A voucher or `payPerCall` for asset X draws only from
X's lane; tokens leave a lane other than by paying X only through a thaw of at least the withdrawal
delay; revocation, cap lowering and scope narrowing of session keys wait out the same delay. So a
voucher covered by X's lane at time t pays in full if redeemed before t + delay (the provider's
guarantee, also a property test and a state-machine invariant in tests/invariants).
A batch never reverts for one bad voucher (unlisted or retired asset, empty lane, bad signature),
so the consumer cannot block the provider's settlement either.
"""

from __future__ import annotations

from eth_account import Account

from tests.attacks.conftest import DEPOSIT, MIN_SELF_STAKE, selector
from tests.attacks.helpers import DAY, MAX_UINT, TOKEN, sign_voucher

USED = 100 * TOKEN


def _own_asset(registry, staking, token, consumer, list_asset):
    """The consumer lists (and stakes, to serve) an asset of its own."""
    own = list_asset(sender=consumer)
    token.approve(staking, MAX_UINT, sender=consumer)
    staking.stake(own, MIN_SELF_STAKE, sender=consumer)
    return own


def test_pay_own_asset_drain_fails(payments, registry, staking, token, asset, funded, consumer, stranger,
                                   list_asset):
    """The consumer signs itself a voucher for its own asset worth its whole escrow and redeems it
    first, to claim the owner share back: it can only take what it put in its own asset's lane."""
    provider_voucher = sign_voucher(consumer, payments, consumer, asset, USED)
    own = _own_asset(registry, staking, token, consumer, list_asset)
    drain = sign_voucher(consumer, payments, consumer, own, DEPOSIT)

    receipt = payments.redeemBatch([drain[0]], [drain[1]], sender=consumer)

    assert [e.reason for e in receipt.events.filter(payments.VoucherRejected)] == [selector(payments.LaneEmpty)]
    assert payments.coverageOf(consumer, asset) == DEPOSIT
    paid = payments.redeem(*provider_voucher, sender=stranger)
    assert paid.return_value == USED


def test_pay_per_call_own_asset_drain_fails(payments, registry, staking, token, asset, funded, consumer, stranger,
                                            list_asset, reverts_exactly):
    provider_voucher = sign_voucher(consumer, payments, consumer, asset, USED)
    own = _own_asset(registry, staking, token, consumer, list_asset)

    with reverts_exactly(payments.InsufficientLane, consumer=consumer, assetId=own, balance=0, needed=DEPOSIT):
        payments.payPerCall(own, DEPOSIT // registry.getAsset(own).pricePerCall, MAX_UINT, sender=consumer)

    assert payments.coverageOf(consumer, asset) == DEPOSIT
    assert payments.redeem(*provider_voucher, sender=stranger).return_value == USED


def test_voucher_for_one_asset_drawing_another_lane_fails(payments, token, asset, list_asset, funded, consumer,
                                                          stranger, reverts_exactly):
    """A voucher for an asset whose lane is empty does not fall back on the consumer's other lanes."""
    other = list_asset()
    voucher = sign_voucher(consumer, payments, consumer, other, USED)

    with reverts_exactly(payments.LaneEmpty, consumer=consumer, assetId=other, owed=USED):
        payments.redeem(*voucher, sender=stranger)
    assert payments.coverageOf(consumer, asset) == DEPOSIT


def test_revoke_voids_vouchers_fails(payments, asset, funded, consumer, stranger, chain):
    """Revoking the agent's key right after the agent used the service does not void its voucher."""
    agent = Account.create()
    payments.authorizeSessionKey(agent.address, DEPOSIT, chain.pending_timestamp + 30 * DAY, [], sender=consumer)
    voucher = sign_voucher(agent, payments, consumer, asset, USED, deadline=chain.pending_timestamp + 30 * DAY)
    revoked = payments.revokeSessionKey(agent.address, sender=consumer)
    payments.requestThaw(asset, DEPOSIT, sender=consumer)
    chain.pending_timestamp = revoked.timestamp + payments.withdrawDelay() - 1

    assert payments.redeem(*voucher, sender=stranger).return_value == USED


def test_key_spending_its_cap_on_another_asset_to_void_a_voucher_fails(
    payments, token, asset, funded, consumer, stranger, chain, list_asset
):
    """The provider accepts the agent's voucher for X, covered by X's lane. The consumer then has the same
    key spend its whole cap on another asset Y (its own), and re-authorises the key unscoped with the
    same cap (immediate): the key's cap bounds each asset, so X's voucher still pays in full."""
    other = list_asset(sender=consumer)
    token.approve(payments, DEPOSIT, sender=consumer)
    payments.depositAndAllocate([other], [DEPOSIT], sender=consumer)
    agent = Account.create()
    expiry = chain.pending_timestamp + 30 * DAY
    payments.authorizeSessionKey(agent.address, USED, expiry, [asset], sender=consumer)
    voucher = sign_voucher(agent, payments, consumer, asset, USED, deadline=expiry)

    payments.authorizeSessionKey(agent.address, USED, expiry, [], sender=consumer)
    drain = sign_voucher(agent, payments, consumer, other, USED, deadline=expiry)
    assert payments.redeem(*drain, sender=consumer).return_value == USED
    assert payments.sessionKeyOf(consumer, agent.address).spent == USED

    assert payments.redeem(*voucher, sender=stranger).return_value == USED
    assert payments.keySpentOn(consumer, agent.address, asset) == USED


def test_unlisted_and_retired_assets_in_a_batch_do_not_block_it(payments, registry, token, asset, funded,
                                                                consumer, consumer2, other_owner, stranger,
                                                                list_asset):
    """A consumer cannot make the provider's batch revert by slipping in vouchers for an unlisted id
    (today's `getParents` revert) or for an asset it retired."""
    retired = list_asset(sender=consumer2)
    token.approve(payments, MAX_UINT, sender=consumer2)
    payments.depositAndAllocate([retired], [TOKEN], sender=consumer2)
    retired_voucher = sign_voucher(consumer2, payments, consumer2, retired, TOKEN)
    registry.setStatus(retired, 2, sender=consumer2)
    unlisted = sign_voucher(consumer, payments, consumer, registry.assetCount() + 1, TOKEN)
    good = sign_voucher(consumer, payments, consumer, asset, USED)
    batch = [unlisted, retired_voucher, good]

    receipt = payments.redeemBatch([v for v, _ in batch], [s for _, s in batch], sender=stranger)

    assert [(e.index, e.reason) for e in receipt.events.filter(payments.VoucherRejected)] == [
        (0, selector(payments.UnknownAsset)), (1, selector(payments.AssetRetired)),
    ]
    assert receipt.return_value == USED


def test_smart_account_signing_for_another_consumer_fails(compiled, payments, token, asset, funded,
                                                          consumer, stranger, deployer):
    """ERC-1271 is asked only of the voucher's own consumer: a smart account (or its owner) cannot
    validate a voucher that names another consumer (here an EOA, checked by ecrecover only)."""
    account = compiled.MockSmartAccount.deploy(stranger.address, sender=deployer)
    forged = sign_voucher(stranger, payments, consumer, asset, USED)  # names `consumer`, signed by the account owner

    receipt = payments.redeemBatch([forged[0]], [forged[1]], sender=stranger)

    assert [e.reason for e in receipt.events.filter(payments.VoucherRejected)] == [selector(payments.InvalidSigner)]
    assert payments.coverageOf(consumer, asset) == DEPOSIT
    assert payments.coverageOf(account.address, asset) == 0


def test_smart_account_rotating_its_owner_cannot_void_its_session_key_vouchers(
    compiled, payments, token, asset, consumer, stranger, deployer, chain
):
    """A smart account can stop accepting its own signatures at any time (ERC-1271 is asked at
    redemption): a provider that needs the guarantee has the account pay through a session key, whose
    revocation waits out the delay — rotating the account's owner does not touch it."""
    account = compiled.MockSmartAccount.deploy(consumer.address, sender=deployer)
    token.approve(payments, DEPOSIT, sender=stranger)
    payments.depositFor(account.address, DEPOSIT, sender=stranger)
    account.execute(payments, payments.allocate.encode_input(asset, DEPOSIT), sender=consumer)
    agent = Account.create()
    account.execute(
        payments,
        payments.authorizeSessionKey.encode_input(agent.address, DEPOSIT, chain.pending_timestamp + 30 * DAY, [asset]),
        sender=consumer,
    )
    by_owner = sign_voucher(consumer, payments, account.address, asset, USED)
    by_agent = sign_voucher(agent, payments, account.address, asset, 2 * USED)
    account.execute(payments, payments.revokeSessionKey.encode_input(agent.address), sender=consumer)
    account.setOwner(stranger.address, sender=consumer)

    # the owner's own signature is void now (ERC-1271 said no), the agent's voucher still pays in full
    receipt = payments.redeemBatch([by_owner[0], by_agent[0]], [by_owner[1], by_agent[1]], sender=stranger)
    assert [e.reason for e in receipt.events.filter(payments.VoucherRejected)] == [selector(payments.InvalidSigner)]
    assert [e.paid for e in receipt.events.filter(payments.VoucherRedeemed)] == [2 * USED]
