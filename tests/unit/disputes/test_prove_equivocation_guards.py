"""proveEquivocation guards: submitter reward capped by the owner's self-stake loss, one proof per
asset per EQUIVOCATION_COOLDOWN, and evidence signed by a recently retired signer key."""

from __future__ import annotations

import pytest
from eth_account import Account

from tests.unit.staking_pool.helpers import (
    DAY, EQUIVOCATION_SLASH_BPS, REPORTER_REWARD_BPS, TOKEN, make_receipt, prove as commit_and_prove, sign_receipt,
)

COOLDOWN = 7 * DAY
EVIDENCE_WINDOW = 7 * DAY


@pytest.fixture
def sign(disputes, chain):
    def _sign(key, receipt):
        return sign_receipt(key.key, disputes.address, chain.chain_id, receipt)

    return _sign


@pytest.fixture
def prove(disputes, sign, stranger, chain):
    """Prove equivocation of `key` on `asset_id` for request `request` (the proof lands at `at`)."""

    def _prove(key, asset_id, request=1, sender=None, issued_at=1, at=None):
        a = make_receipt(asset_id, request=request, response=1, issued_at=issued_at)
        b = make_receipt(asset_id, request=request, response=2, issued_at=issued_at)
        sender = sender or stranger
        disputes.commitEquivocation(disputes.equivocationCommitment(sender, a, b), sender=sender)
        if at is not None:
            chain.pending_timestamp = at
        return disputes.proveEquivocation(a, sign(key, a), b, sign(key, b), sender, sender=sender)

    return _prove


@pytest.fixture
def owner_key(owner):
    return Account.from_key(owner.private_key)


def _wait(chain, seconds):
    chain.pending_timestamp += seconds
    chain.mine()


def test_constants_cooldown_and_evidence_window(disputes):
    assert disputes.EQUIVOCATION_COOLDOWN() == COOLDOWN
    assert disputes.EVIDENCE_WINDOW() == EVIDENCE_WINDOW


# ---------------------------------------------------------------- reward cap


def test_prove_equivocation_reward_uncapped_when_pool_is_all_self_stake(disputes, staking, staked_asset, owner_key, prove, stranger, treasury):
    receipt = prove(owner_key, staked_asset)
    event = receipt.events.filter(disputes.EquivocationProven)[0]
    slashed = 1_000 * TOKEN * EQUIVOCATION_SLASH_BPS // 10_000
    assert event.slashed == slashed
    assert event.finderReward == slashed * REPORTER_REWARD_BPS // 10_000
    assert disputes.claimable(treasury) == event.treasuryAmount == slashed - event.finderReward


def test_prove_equivocation_reward_capped_by_owner_self_stake_loss(disputes, staking, asset, approved, owner, delegator, owner_key, prove, stranger, treasury):
    """Collusion: an owner with 10 tokens of self-stake behind 9,990 delegated, and a colluding
    finder, gain at most what the owner loses (reward <= self-stake loss)."""
    staking.stake(asset, 10 * TOKEN, sender=owner)
    staking.delegateStake(asset, 9_990 * TOKEN, sender=delegator)
    event = prove(owner_key, asset).events.filter(disputes.EquivocationProven)[0]
    assert event.slashed == 500 * TOKEN
    assert staking.selfStakeOf(asset, owner) == 0  # the owner lost its 10 tokens first
    assert event.finderReward == 10 * TOKEN < event.slashed * REPORTER_REWARD_BPS // 10_000
    assert event.treasuryAmount == event.slashed - 10 * TOKEN
    assert (disputes.claimable(stranger), disputes.claimable(treasury)) == (10 * TOKEN, event.treasuryAmount)


def test_prove_equivocation_thawing_self_stake_still_takes_the_first_loss(disputes, staking, pool_asset, owner, owner_key, prove, stranger, treasury):
    staking.unstake(pool_asset, staking.getStaker(pool_asset, owner).selfShares, sender=owner)
    event = prove(owner_key, pool_asset).events.filter(disputes.EquivocationProven)[0]
    assert event.slashed == 10_000 * TOKEN * EQUIVOCATION_SLASH_BPS // 10_000
    assert staking.getPool(pool_asset).selfThawingTokens == 1_000 * TOKEN - event.slashed
    assert event.finderReward == event.slashed * REPORTER_REWARD_BPS // 10_000
    assert disputes.claimable(treasury) == event.slashed - event.finderReward


# ---------------------------------------------------------------- cooldown


def test_prove_equivocation_reverts_within_cooldown(disputes, staking, pool_asset, owner_key, prove, chain, reverts_exactly):
    prove(owner_key, pool_asset, request=1)
    available_at = disputes.lastEquivocationAt(pool_asset) + COOLDOWN
    stake = staking.totalStake(pool_asset)
    with reverts_exactly(disputes.EquivocationCooldown, assetId=pool_asset, availableAt=available_at):
        prove(owner_key, pool_asset, request=2)
    with reverts_exactly(disputes.EquivocationCooldown, assetId=pool_asset, availableAt=available_at):
        prove(owner_key, pool_asset, request=2, at=available_at - 1)
    assert staking.totalStake(pool_asset) == stake
    assert not disputes.equivocationProven(pool_asset, 1, (2).to_bytes(32, "big"))


def test_prove_equivocation_evidence_provable_after_cooldown(disputes, staking, pool_asset, owner_key, prove, chain):
    first = prove(owner_key, pool_asset, request=1)
    available_at = disputes.lastEquivocationAt(pool_asset) + COOLDOWN
    second = prove(owner_key, pool_asset, request=2, at=available_at)
    assert second.events.filter(disputes.EquivocationProven)[0].slashed > 0
    assert disputes.lastEquivocationAt(pool_asset) == available_at
    assert first.return_value > second.return_value  # 5 % of a smaller pool


def test_prove_equivocation_cooldown_is_per_asset(disputes, pool_asset, list_asset, owner_key, prove):
    prove(owner_key, pool_asset)
    other = list_asset()
    prove(owner_key, other)
    assert disputes.equivocationProven(other, 1, (1).to_bytes(32, "big"))


# ---------------------------------------------------------------- signer history


def test_prove_equivocation_accepts_operator_rotated_within_window(disputes, staking, registry, pool_asset, owner, prove, chain):
    old, new = Account.create(), Account.create()
    registry.setOperator(pool_asset, old.address, sender=owner)
    registry.setOperator(pool_asset, new.address, sender=owner)
    _wait(chain, EVIDENCE_WINDOW - 10)
    stake = staking.totalStake(pool_asset)
    prove(old, pool_asset)
    assert staking.totalStake(pool_asset) < stake


def test_prove_equivocation_reverts_when_signer_retired_beyond_window(disputes, registry, pool_asset, owner, prove, chain, reverts_exactly):
    old, new = Account.create(), Account.create()
    registry.setOperator(pool_asset, old.address, sender=owner)
    registry.setOperator(pool_asset, new.address, sender=owner)
    chain.pending_timestamp = registry.signerRetiredAt(pool_asset, old.address) + EVIDENCE_WINDOW
    with reverts_exactly(disputes.WrongReceiptSigner, assetId=pool_asset, recovered=old.address, expected=new.address):
        prove(old, pool_asset)


def test_prove_equivocation_rejects_seller_key_after_transfer(disputes, registry, pool_asset, owner, other_owner, owner_key, prove, chain, reverts_exactly):
    """Finding 5: a key retired by a sale never slashes the buyer, whatever date it writes."""
    issued = chain.blocks.head.timestamp
    registry.transferFrom(owner, other_owner, pool_asset, sender=owner)
    with reverts_exactly(disputes.ReceiptOutsideSignerTerm, assetId=pool_asset, signer=owner, issuedAt=issued):
        prove(owner_key, pool_asset, issued_at=issued)


def test_prove_equivocation_accepts_reappointed_key_after_window(disputes, registry, pool_asset, owner, prove, chain):
    first, second = Account.create(), Account.create()
    registry.setOperator(pool_asset, first.address, sender=owner)
    registry.setOperator(pool_asset, second.address, sender=owner)
    registry.setOperator(pool_asset, first.address, sender=owner)
    _wait(chain, 2 * EVIDENCE_WINDOW)
    prove(first, pool_asset)
    assert disputes.equivocationProven(pool_asset, 1, (1).to_bytes(32, "big"))


def test_prove_equivocation_reverts_when_receipts_signed_by_two_keys(disputes, registry, pool_asset, owner, sign, stranger, reverts_exactly):
    """A retired key and the current key are different parties (e.g. seller and buyer): no equivocation."""
    old, new = Account.create(), Account.create()
    registry.setOperator(pool_asset, old.address, sender=owner)
    registry.setOperator(pool_asset, new.address, sender=owner)
    a, b = make_receipt(pool_asset, response=1), make_receipt(pool_asset, response=2)
    with reverts_exactly(disputes.WrongReceiptSigner, assetId=pool_asset, recovered=new.address, expected=old.address):
        commit_and_prove(disputes, a, sign(old, a), b, sign(new, b), sender=stranger)
