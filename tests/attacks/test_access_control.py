"""Attack 9: unauthorised slash / resolve / parameter change / registry update.

Defence: `slash` only from the slasher (the Disputes contract: `NotSlasher`), resolutions only from
the arbiter (`NotArbiter`), every admin setter behind `Ownable2Step` (`OwnableUnauthorizedAccount`),
and every per-asset change behind the current owner of the asset NFT (`NotAssetOwner`).
"""

from __future__ import annotations

import pytest

from tests.attacks.helpers import DAY, MAX_UINT, TOKEN, ZERO_ADDRESS, sign_voucher
from tests.unit.usage_payments.conftest import parameter_key

ADMIN_CALLS = [
    ("staking", "setSlasher", lambda who: (who.address,)),
    ("staking", "setMinSelfStake", lambda who: (TOKEN,)),
    ("staking", "setThawingPeriod", lambda who: (2 * DAY,)),
    ("staking", "setCutChangeDelay", lambda who: (2 * DAY,)),
    ("staking", "transferOwnership", lambda who: (who.address,)),
    ("staking", "renounceOwnership", lambda who: ()),
    ("payments", "setProtocolFeeBps", lambda who: (50,)),
    ("payments", "setTreasury", lambda who: (who.address,)),
    ("payments", "setWithdrawDelay", lambda who: (2 * 3_600,)),
    ("payments", "transferOwnership", lambda who: (who.address,)),
    ("payments", "renounceOwnership", lambda who: ()),
    ("disputes", "setArbiter", lambda who: (who.address,)),
    ("disputes", "setTreasury", lambda who: (who.address,)),
    ("disputes", "setMinBond", lambda who: (TOKEN,)),
    ("disputes", "setResolutionWindow", lambda who: (2 * DAY,)),
    ("disputes", "setReporterRewardBps", lambda who: (100,)),
    ("disputes", "transferOwnership", lambda who: (who.address,)),
    ("disputes", "renounceOwnership", lambda who: ()),
]


#: Setters of per-asset parameters, guarded by the asset owner instead (tested below), and of a
#: consumer's own session keys (every consumer sets only its own: `msg.sender` is the consumer).
ASSET_OWNER_SETTERS = {"setDelegatorCut", "setSessionKeyScope"}
#: Names that start with "set" but set nothing: anyone may settle an asset's revenue.
NOT_SETTERS = {"settle", "settleMany"}


def test_every_admin_setter_is_covered(staking, payments, disputes):
    """Tripwire: a new admin setter must join ADMIN_CALLS (and, if bounded, test_parameter_bounds)."""
    for name, contract in (("staking", staking), ("payments", payments), ("disputes", disputes)):
        setters = {abi.name for abi in contract.contract_type.mutable_methods if abi.name.startswith("set")}
        covered = {setter for contract_name, setter, _ in ADMIN_CALLS
                   if contract_name == name and setter.startswith("set")}
        assert setters - ASSET_OWNER_SETTERS - NOT_SETTERS == covered, name


@pytest.mark.parametrize("name,setter,args", ADMIN_CALLS, ids=[f"{c}.{s}" for c, s, _ in ADMIN_CALLS])
def test_admin_setter_by_non_owner_fails(staking, payments, disputes, name, setter, args, stranger, reverts_exactly):
    contract = {"staking": staking, "payments": payments, "disputes": disputes}[name]
    with reverts_exactly(contract.OwnableUnauthorizedAccount, account=stranger):
        getattr(contract, setter)(*args(stranger), sender=stranger)


def test_admin_setter_by_other_roles_fails(staking, payments, disputes, arbiter, treasury, owner, reverts_exactly):
    """Holding another role (arbiter, treasury, asset owner) gives no admin power."""
    for contract, setter, args, caller in ((disputes, "setReporterRewardBps", (5_000,), arbiter),
                                           (payments, "setProtocolFeeBps", (1_000,), treasury),
                                           (staking, "setSlasher", (owner.address,), owner)):
        with reverts_exactly(contract.OwnableUnauthorizedAccount, account=caller):
            getattr(contract, setter)(*args, sender=caller)


@pytest.mark.parametrize("name", ["staking", "payments", "disputes"])
def test_ownership_hijack_by_non_pending_owner_fails(staking, payments, disputes, name, deployer, other_owner, stranger,
                                                     reverts_exactly):
    contract = {"staking": staking, "payments": payments, "disputes": disputes}[name]
    contract.transferOwnership(other_owner, sender=deployer)
    with reverts_exactly(contract.OwnableUnauthorizedAccount, account=stranger):
        contract.acceptOwnership(sender=stranger)
    assert contract.owner() == deployer.address


def test_slash_from_non_disputes_fails(staking, disputes, asset, deployer, arbiter, owner, stranger,
                                       reverts_exactly):
    assert staking.slasher() == disputes.address
    stake = staking.totalStake(asset)
    for caller in (stranger, deployer, arbiter):  # not even the admin or the arbiter
        with reverts_exactly(staking.NotSlasher, caller=caller):
            staking.slash(asset, 1, caller, sender=caller)
    assert staking.totalStake(asset) == stake


def test_resolve_from_non_arbiter_fails(disputes, staking, token, asset, deployer, owner, stranger,
                                        reverts_exactly):
    token.approve(disputes, MAX_UINT, sender=stranger)
    dispute_id = disputes.openDispute(asset, disputes.minBond(), b"\x01" * 32, "ipfs://e", ZERO_ADDRESS, 0,
                                      sender=stranger).events.filter(disputes.DisputeOpened)[0].disputeId
    stake = staking.totalStake(asset)
    for caller in (stranger, deployer):  # the reporter, the admin
        with reverts_exactly(disputes.NotArbiter, caller=caller):
            disputes.upholdDispute(dispute_id, 1, 0, sender=caller)
        with reverts_exactly(disputes.NotArbiter, caller=caller):
            disputes.rejectDispute(dispute_id, sender=caller)
    assert disputes.getDispute(dispute_id).status == 1  # still Open
    assert staking.totalStake(asset) == stake


def test_registry_update_by_non_owner_fails(registry, asset, owner, stranger, reverts_exactly):
    before = registry.getAsset(asset)
    calls = [
        ("publishVersion", (asset, b"\x22" * 32, "ipfs://evil")),
        ("setPrice", (asset, 1)),
        ("setOperator", (asset, stranger.address)),
        ("setStatus", (asset, 2)),
    ]
    for method, args in calls:
        with reverts_exactly(registry.NotAssetOwner, assetId=asset, caller=stranger, owner=owner):
            getattr(registry, method)(*args, sender=stranger)
    with reverts_exactly(registry.ERC721InsufficientApproval, operator=stranger, tokenId=asset):
        registry.transferFrom(owner, stranger, asset, sender=stranger)
    assert registry.getAsset(asset) == before
    assert registry.signerOf(asset) == owner.address


def test_asset_owner_actions_by_non_owner_fail(staking, payments, token, asset, owner, stranger, reverts_exactly):
    token.approve(staking, MAX_UINT, sender=stranger)
    with reverts_exactly(staking.NotAssetOwner, assetId=asset, caller=stranger, owner=owner):
        staking.stake(asset, TOKEN, sender=stranger)
    with reverts_exactly(staking.NotAssetOwner, assetId=asset, caller=stranger, owner=owner):
        staking.setDelegatorCut(asset, 10_000, sender=stranger)
    # royalties are claimable by anyone but always paid to the current owner (see test_claims)
    # owner rewards are only for the current owner of the NFT
    staking.depositFees(asset, 10 * TOKEN, sender=stranger)
    with reverts_exactly(staking.NothingToClaim, account=stranger):
        staking.claimRewards(asset, sender=stranger)
    assert staking.getPool(asset).ownerRewards == 10 * TOKEN


def test_rate_for_by_non_session_key_fails(reputation, consumer, stranger, asset, reverts_exactly):
    with reverts_exactly(reputation.NotSessionKey, consumer=consumer, caller=stranger):
        reputation.rateFor(consumer, asset, 0, 1, b"\x00" * 32, "", sender=stranger)


def test_admin_taking_payments_revenue_at_once_fails(payments, token, asset, funded, consumer, owner, deployer,
                                                     stranger, reverts_exactly):
    """Issue 12 must-hold 1 on UsagePayments: the admin raises the protocol fee to its maximum and names
    itself treasury to take a cut of revenue already earned. Both only queue (`ChangeQueued`); the
    revenue settled before the change delay ends is split at the old fee and paid to the old treasury,
    and everyone has at least the thawing period to leave first."""
    treasury = payments.treasury()
    payments.setProtocolFeeBps(payments.MAX_PROTOCOL_FEE_BPS(), sender=deployer)
    queued = payments.setTreasury(deployer, sender=deployer)
    with reverts_exactly(payments.ChangeNotReady, parameter=parameter_key("treasury"),
                         executableAt=queued.timestamp + payments.changeDelay()):
        payments.executeChange(parameter_key("treasury"), sender=deployer)
    payments.redeem(*sign_voucher(consumer, payments, consumer, asset, 100 * TOKEN), sender=owner)
    payments.settle(asset, sender=stranger)
    before = token.balanceOf(treasury)

    payments.claimProtocolFees(sender=stranger)

    assert token.balanceOf(treasury) - before == 100 * TOKEN // 100  # the old 1 % fee, to the old treasury
    assert (payments.treasury(), payments.protocolFeeBps()) == (treasury, 100)
