"""Fee split at settlement, once per asset: protocol fee (rounded up), lineage royalties (rounded down),
rest to StakingPool in tokens (`depositFees`) — and conservation: the credits of a settlement add up to
exactly what was paid, and UsagePayments holds everything it owes."""

from __future__ import annotations

import pytest

from tests.conftest import TOKEN
from tests.unit.usage_payments.conftest import apply_change

ROYALTY_1 = 700
ROYALTY_2 = 333


@pytest.fixture
def lineage(list_asset, owner, other_owner, stranger, consumer, fund):
    """(child, parent1, parent2): `owner`'s child model names two parents owned by others; `consumer`
    has a funded lane for the child."""
    parent1 = list_asset(sender=other_owner)
    parent2 = list_asset(sender=stranger, kind=1)
    child = list_asset(parents=[(parent1, ROYALTY_1), (parent2, ROYALTY_2)])
    fund(consumer, asset_id=child)
    return child, parent1, parent2


def _ceil_bps(amount: int, bps: int) -> int:
    return -(-amount * bps // 10_000)


@pytest.mark.parametrize("amount", [1, 2, 3, 9_999, 10_001, 12_345_679, 7 * TOKEN + 13])
def test_split_credits_add_up_to_amount_paid(payments, token, staking, consumer, owner, sign, lineage, amount):
    child, parent1, parent2 = lineage
    fee_bps = payments.protocolFeeBps()
    staking_before = token.balanceOf(staking.address)
    owner_rewards_before = staking.getPool(child).ownerRewards

    payments.redeem(*sign(amount, asset_id=child), sender=owner)
    receipt = payments.settle(child, sender=owner)

    fee = payments.protocolFeesAccrued()
    royalty1, royalty2 = payments.royaltiesOf(parent1), payments.royaltiesOf(parent2)
    to_staking = token.balanceOf(staking.address) - staking_before
    assert fee == _ceil_bps(amount, fee_bps)
    assert royalty1 == amount * ROYALTY_1 // 10_000
    assert royalty2 == amount * ROYALTY_2 // 10_000
    assert fee + royalty1 + royalty2 + to_staking == amount
    assert staking.getPool(child).ownerRewards - owner_rewards_before == to_staking
    settled = receipt.events.filter(payments.RevenueSettled)[0]
    assert (settled.assetId, settled.amount, settled.protocolFee, settled.royalties, settled.toStaking) == (
        child, amount, fee, royalty1 + royalty2, to_staking
    )
    # the contract holds exactly what it owes
    assert token.balanceOf(payments.address) == payments.coverageOf(consumer, child) + fee + royalty1 + royalty2


def test_split_emits_royalty_accrued_per_parent(payments, owner, sign, lineage, funded):
    child, parent1, parent2 = lineage

    payments.redeem(*sign(10 * TOKEN, asset_id=child), sender=owner)
    receipt = payments.settle(child, sender=owner)

    accrued = [(e.assetId, e.fromAssetId, e.amount) for e in receipt.events.filter(payments.RoyaltyAccrued)]
    assert accrued == [
        (parent1, child, 10 * TOKEN * ROYALTY_1 // 10_000),
        (parent2, child, 10 * TOKEN * ROYALTY_2 // 10_000),
    ]


def test_split_without_fee_sends_everything_but_royalties_to_staking(
    payments, token, staking, deployer, owner, sign, lineage, funded
):
    child, parent1, parent2 = lineage
    apply_change(payments, "setProtocolFeeBps", 0, deployer)
    payments.redeem(*sign(10 * TOKEN, asset_id=child), sender=owner)
    staking_before = token.balanceOf(staking.address)

    payments.settle(child, sender=owner)

    royalties = payments.royaltiesOf(parent1) + payments.royaltiesOf(parent2)
    assert payments.protocolFeesAccrued() == 0
    assert token.balanceOf(staking.address) - staking_before == 10 * TOKEN - royalties


def test_split_of_one_wei_goes_to_treasury_without_staking_call(payments, staking, owner, sign, asset, funded):
    payments.redeem(*sign(1), sender=owner)

    receipt = payments.settle(asset, sender=owner)

    assert payments.protocolFeesAccrued() == 1
    assert receipt.events.filter(payments.RevenueSettled)[0].toStaking == 0
    assert not receipt.events.filter(staking.FeesDeposited)


def test_split_batch_conserves_across_runs_and_assets(
    payments, token, staking, consumer, consumer2, owner, sign, lineage, asset, fund
):
    child, parent1, parent2 = lineage
    fund(consumer)
    fund(consumer2, asset_id=child)
    amounts = [(consumer, child, 333_333), (consumer2, child, 777_777), (consumer, asset, 10_001), (consumer2, child, 888_888)]

    signed = [sign(a, consumer=c, asset_id=i) for c, i, a in amounts]

    receipt = payments.redeemBatch([v for v, _ in signed], [s for _, s in signed], sender=owner)
    staking_before = token.balanceOf(staking.address)
    settled = payments.settleMany([child, asset], sender=owner)

    paid = sum(e.paid for e in receipt.events.filter(payments.VoucherRedeemed))
    to_staking = token.balanceOf(staking.address) - staking_before
    credits = payments.protocolFeesAccrued() + payments.royaltiesOf(parent1) + payments.royaltiesOf(parent2) + to_staking
    assert paid == 333_333 + 777_777 + 10_001 + 111_111
    assert credits == paid
    splits = settled.events.filter(payments.RevenueSettled)
    assert [(s.assetId, s.amount) for s in splits] == [(child, paid - 10_001), (asset, 10_001)]
    assert payments.protocolFeesAccrued() == sum(s.protocolFee for s in splits)
    deposited = settled.events.filter(staking.FeesDeposited)
    assert [d.assetId for d in deposited] == [child, asset]


def test_split_feeds_delegator_accumulator(chain, payments, staking, token, owner, delegator, sign, asset, funded, serving):
    serving(asset)
    staking.setDelegatorCut(asset, 5_000, sender=owner)
    chain.pending_timestamp += staking.cutChangeDelay() + 1
    token.approve(staking.address, 100 * TOKEN, sender=delegator)
    staking.delegateStake(asset, 100 * TOKEN, sender=delegator)
    owner_rewards_before = staking.getPool(asset).ownerRewards

    payments.redeem(*sign(10 * TOKEN), sender=owner)
    receipt = payments.settle(asset, sender=owner)

    to_staking = receipt.events.filter(payments.RevenueSettled)[0].toStaking
    deposited = receipt.events.filter(staking.FeesDeposited)[0]
    assert deposited.delegatorPart == to_staking // 2
    assert staking.getPool(asset).ownerRewards - owner_rewards_before == to_staking - to_staking // 2
    # the delegators' cut streams over REWARD_STREAM_PERIOD; once it has, the only delegator holds all
    # of it, less a few wei of pool-favouring rounding
    chain.pending_timestamp += staking.REWARD_STREAM_PERIOD()
    chain.mine()
    assert to_staking // 2 - 3 <= staking.pendingRewards(asset, delegator) <= to_staking // 2
