"""Gas of every external mutating function, typical and worst case, on a fresh deployment.

:func:`measure_functions` deploys the marketplace from a deterministic deployer and walks one
fixed scenario, recording ``receipt.gas_used`` of each transaction under an operation name. The
scenario is deterministic (same actors, addresses, amounts, signatures and order), so the
numbers are exactly reproducible; :data:`SNAPSHOT_OPERATIONS` is the subset checked into
``benchmarks/gas-snapshot.json`` and re-measured by ``tests/unit/benchmarks/test_gas_snapshot.py``.

Conventions: "first" = cold storage (a slot goes 0 -> non-zero, e.g. a consumer's first deposit
or the first voucher of a (consumer, asset) pair); "steady" = the same operation again on warm
(non-zero) storage. Payments run with a 20 % delegators' cut in force and three delegators, so
redeem includes the fee split and the delegator accrual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from benchmarks.common import FAR_DEADLINE, TOKEN, Actor, actor, actors, sender

#: Operations in the checked-in gas snapshot (each a single, deterministic transaction).
SNAPSHOT_OPERATIONS: tuple[str, ...] = (
    "registry.list (0 parents)",
    "staking.stake (first, fresh pool)",
    "staking.delegateStake (new delegator)",
    "payments.deposit (first)",
    "payments.redeem (steady, 1,000 calls)",
    "payments.redeemBatch x10 (steady, total)",
    "payments.payPerCall (steady)",
    "reputation.rate (new rater)",
    "disputes.upholdDispute (slash)",
    "staking.claimRewards (delegator)",
)

PRICE_PER_CALL = 10**15
#: One voucher step covers this many calls (cumulative amount grows by CALLS * price).
CALLS = 1_000
STEP = CALLS * PRICE_PER_CALL
CONTENT = bytes.fromhex("11" * 32)
URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
LICENSE = b"MIT".ljust(32, b"\0")
COMMENT_HASH = bytes.fromhex("22" * 32)
EVIDENCE_HASH = bytes.fromhex("33" * 32)
ZERO = "0x" + "00" * 20
BATCH_CONSUMERS = 50
#: Added to voucher amounts so they are not round numbers (zero calldata bytes are cheaper).
ODD = 123_456_789_012_345
DELEGATOR_CUT_BPS = 2_000


MAX_UINT = 2**256 - 1  # no price limit where the benchmark sets the price itself

def listing(parents: list[tuple[int, int]] | None = None, price: int = PRICE_PER_CALL) -> dict[str, Any]:
    """A ListingParams struct."""
    return {
        "kind": 0,
        "contentHash": CONTENT,
        "metadataURI": URI,
        "licenseId": LICENSE,
        "complianceFlags": 0,
        "pricePerCall": price,
        "operator": ZERO,
        "parents": [(a, bps) for a, bps in parents or []],
    }


@dataclass
class Measured:
    """Gas by operation name, the transaction hash of each, and the deployment measured."""

    gas: dict[str, int] = field(default_factory=dict)
    txs: dict[str, str] = field(default_factory=dict)
    market: Any = None

    def record(self, name: str, receipt: Any) -> Any:
        if name in self.gas:
            raise KeyError(f"operation {name!r} measured twice")
        self.gas[name] = int(receipt.gas_used)
        self.txs[name] = receipt.txn_hash if isinstance(receipt.txn_hash, str) else receipt.txn_hash.hex()
        return receipt

    def snapshot(self) -> dict[str, int]:
        return {name: self.gas[name] for name in SNAPSHOT_OPERATIONS}


def quiet_ape() -> None:
    """Silence Ape's per-transaction INFO lines."""
    from ape.logging import logger

    logger.set_level("ERROR")


def deploy(deployer: Actor | None = None) -> Any:
    """A fresh marketplace from a deterministic deployer (treasury and arbiter are actors too)."""
    from modelmarket.deploy import deploy_marketplace

    deployer = deployer or actor("deployer")
    return deploy_marketplace(
        sender(deployer), treasury=actor("treasury").address, arbiter=actor("arbiter").address, save=False
    )


def asset_id_of(registry: Any, receipt: Any) -> int:
    return int(receipt.events.filter(registry.AssetListed)[0].assetId)


def permit_signature(token: Any, owner: Actor, spender: str, value: int) -> tuple[int, bytes, bytes]:
    """(v, r, s) of an EIP-2612 permit of MarketToken."""
    from ape import chain
    from eth_account import Account

    from modelmarket.permits import permit_typed_data

    message = permit_typed_data(token, owner.address, spender, value, FAR_DEADLINE, chain.chain_id)
    signed = Account.sign_typed_data(owner.key, full_message=message)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


class Vouchers:
    """Signs vouchers of one deployment with the SDK."""

    def __init__(self, payments: Any) -> None:
        from ape import chain

        from modelmarket.vouchers import Domain

        name, version = payments.eip712Domain()[1:3]
        self.domain = Domain(name, version, chain.chain_id, payments.address)

    def sign(self, signer: Actor, consumer: Actor, asset_id: int, cumulative: int) -> tuple[tuple, bytes]:
        return self.sign_for(signer, consumer.address, asset_id, cumulative)

    def sign_for(self, signer: Actor, consumer: str, asset_id: int, cumulative: int) -> tuple[tuple, bytes]:
        from modelmarket.vouchers import Voucher, VoucherSigner

        signed = VoucherSigner(signer.key, self.domain).sign(
            Voucher(consumer, asset_id=asset_id, cumulative_amount=cumulative, deadline=FAR_DEADLINE)
        )
        return signed.voucher.to_tuple(), signed.signature


def measure_functions() -> Measured:
    """Deploy and measure every external mutating function (about 150 transactions, ~10 s).

    Anvil stamps a block with the wall clock, so a slow step used to shift the reward stream's
    arithmetic and moved a delegator's claim by 2,800 gas between two runs of the same code: every
    block is one second after the previous one (unless the scenario jumps), as the test suite's
    session fixture already sets (`tests/conftest.py::deterministic_clock`); it stays so afterwards."""
    from ape import chain

    chain.provider.make_request("anvil_setBlockTimestampInterval", [1])
    quiet_ape()
    m = Measured()
    market = m.market = deploy()
    token, registry, staking = market.token, market.registry, market.staking
    payments, reputation, disputes = market.payments, market.reputation, market.disputes

    deployer, arbiter = actor("deployer"), actor("arbiter")
    owner, owner2 = actor("owner"), actor("owner2")
    d1, d2, d3 = actor("delegator 1"), actor("delegator 2"), actor("delegator 3")
    c1, c2, c3 = actor("consumer 1"), actor("consumer 2"), actor("consumer 3")
    reporter, session_key, stranger = actor("reporter"), actor("session key"), actor("stranger")
    s = {a.name: sender(a) for a in (deployer, arbiter, owner, owner2, d1, d2, d3, c1, c2, c3, reporter, session_key, stranger)}
    dep = s[deployer.name]

    # ---------------------------------------------------------------- MarketToken
    m.record("token.transfer (new holder)", token.transfer(owner.address, 1_000_000 * TOKEN, sender=dep))
    m.record("token.transfer (existing holder)", token.transfer(owner.address, 1_000_000 * TOKEN, sender=dep))
    for who in (owner2, d1, d2, d3, c1, c2, c3, reporter, stranger):
        token.transfer(who.address, 1_000_000 * TOKEN, sender=dep)
    m.record("token.approve (first)", token.approve(staking.address, 2**256 - 1, sender=s[owner.name]))
    m.record("token.delegate (self, first)", token.invoke_transaction("delegate", stranger.address, sender=s[stranger.name]))
    token.invoke_transaction("delegate", reporter.address, sender=s[reporter.name])
    m.record(
        "token.transfer (both sides vote-delegated)",
        token.transfer(reporter.address, TOKEN, sender=s[stranger.name]),
    )
    for who, spender in ((owner2, payments), (c1, payments), (c2, payments), (d1, staking), (d2, staking),
                         (reporter, disputes), (deployer, payments), (deployer, staking), (owner, payments)):
        token.approve(spender.address, 2**256 - 1, sender=s[who.name])

    # ---------------------------------------------------------------- ModelRegistry
    parents = [asset_id_of(registry, registry.list(listing(), sender=s[owner2.name])) for _ in range(8)]
    a = asset_id_of(registry, m.record("registry.list (0 parents)", registry.list(listing(), sender=s[owner.name])))
    d = asset_id_of(
        registry,
        m.record(
            "registry.list (8 parents)",
            registry.list(listing([(p, 300) for p in parents]), sender=s[owner.name]),
        ),
    )
    spare = asset_id_of(registry, registry.list(listing(), sender=s[owner2.name]))
    m.record("registry.publishVersion", registry.publishVersion(d, CONTENT, URI, sender=s[owner.name]))
    m.record("registry.setPrice", registry.setPrice(d, 2 * PRICE_PER_CALL, sender=s[owner.name]))
    m.record("registry.setOperator", registry.setOperator(d, stranger.address, sender=s[owner.name]))
    m.record("registry.setStatus (pause)", registry.setStatus(d, 1, sender=s[owner.name]))
    registry.setStatus(d, 0, sender=s[owner.name])
    m.record(
        "registry.transferFrom (NFT, new holder)",
        registry.transferFrom(owner2.address, c3.address, spare, sender=s[owner2.name]),
    )
    # A first listing that names an operator: the operator's own slot is written only then.
    m.record(
        "registry.list (0 parents, with operator)",
        registry.list({**listing(), "operator": stranger.address}, sender=s[reporter.name]),
    )

    # ---------------------------------------------------------------- StakingPool: stake, delegate
    m.record("staking.stake (first, fresh pool)", staking.stake(a, 10_000 * TOKEN, sender=s[owner.name]))
    m.record("staking.stake (top-up)", staking.stake(a, 1_000 * TOKEN, sender=s[owner.name]))
    staking.stake(d, 10_000 * TOKEN, sender=s[owner.name])
    v, r, s_ = permit_signature(token, owner2, staking.address, 2_000 * TOKEN)
    m.record(
        "staking.stakeWithPermit (first, fresh pool)",
        staking.stakeWithPermit(parents[0], 2_000 * TOKEN, FAR_DEADLINE, v, r, s_, sender=s[owner2.name]),
    )
    m.record("staking.setDelegatorCut", staking.setDelegatorCut(a, DELEGATOR_CUT_BPS, sender=s[owner.name]))
    m.record("staking.delegateStake (first delegator of the pool)", staking.delegateStake(a, 1_000 * TOKEN, sender=s[d1.name]))
    m.record("staking.delegateStake (new delegator)", staking.delegateStake(a, 1_000 * TOKEN, sender=s[d2.name]))
    v, r, s_ = permit_signature(token, d3, staking.address, 1_000 * TOKEN)
    m.record(
        "staking.delegateWithPermit (new delegator)",
        staking.delegateWithPermit(a, 1_000 * TOKEN, FAR_DEADLINE, v, r, s_, sender=s[d3.name]),
    )
    chain.mine(timestamp=chain.pending_timestamp + int(staking.cutChangeDelay()) + 1)

    # ---------------------------------------------------------------- UsagePayments: free balance, lanes
    m.record("payments.deposit (first)", payments.deposit(10_000 * TOKEN, sender=s[c1.name]))
    m.record("payments.deposit (top-up)", payments.deposit(1_000 * TOKEN, sender=s[c1.name]))
    m.record("payments.depositFor (first)", payments.depositFor(c2.address, 10_000 * TOKEN, sender=dep))
    v, r, s_ = permit_signature(token, c3, payments.address, 1_000 * TOKEN)
    m.record(
        "payments.depositWithPermit (first)",
        payments.depositWithPermit(1_000 * TOKEN, FAR_DEADLINE, v, r, s_, sender=s[c3.name]),
    )
    m.record("payments.allocate (first of the lane)", payments.allocate(a, 5_000 * TOKEN, sender=s[c1.name]))
    m.record("payments.allocate (top-up)", payments.allocate(a, 1_000 * TOKEN, sender=s[c1.name]))
    m.record(
        "payments.allocateMany x2 (first of each lane)",
        payments.allocateMany([d, parents[1]], [1_000 * TOKEN, 100 * TOKEN], sender=s[c1.name]),
    )
    m.record(
        "payments.depositAndAllocate x1 (first of the lane)",
        payments.depositAndAllocate([a], [5_000 * TOKEN], sender=s[c2.name]),
    )

    # ---------------------------------------------------------------- UsagePayments: vouchers
    vouchers = Vouchers(payments)
    m.record("payments.redeem (first of the pair)", payments.redeem(*vouchers.sign(c1, c1, a, STEP), sender=s[owner.name]))
    # Steady state: the pair and the asset's pending revenue were written before; a non-round amount
    # (round amounts have zero bytes in calldata and hide ~2.8k); three delegators in the pool.
    m.record(
        "payments.redeem (steady, 1,000 calls)",
        payments.redeem(*vouchers.sign(c1, c1, a, 2 * STEP + ODD), sender=s[owner.name]),
    )
    m.record("payments.settle (one voucher)", payments.settle(a, sender=s[owner.name]))
    m.record(
        "payments.authorizeSessionKey",
        payments.authorizeSessionKey(session_key.address, 1_000 * TOKEN, FAR_DEADLINE, [], sender=s[c1.name]),
    )
    m.record(
        "payments.redeem (session key, first spend)",
        payments.redeem(*vouchers.sign(session_key, c1, a, 3 * STEP + ODD), sender=s[owner.name]),
    )
    m.record(
        "payments.redeem (session key, steady)",
        payments.redeem(*vouchers.sign(session_key, c1, a, 4 * STEP + ODD), sender=s[owner.name]),
    )
    m.record(
        "payments.redeem (8 parents, first of the pair)",
        payments.redeem(*vouchers.sign(c1, c1, d, STEP + ODD), sender=s[owner.name]),
    )
    m.record(
        "payments.redeem (8 parents, steady)", payments.redeem(*vouchers.sign(c1, c1, d, 2 * STEP + ODD), sender=s[owner.name])
    )
    m.record("payments.settle (8 parents, first: lineage cached)", payments.settle(d, sender=s[owner.name]))
    payments.redeem(*vouchers.sign(c1, c1, d, 3 * STEP + ODD), sender=s[owner.name])
    m.record("payments.settle (8 parents, steady)", payments.settle(d, sender=s[owner.name]))

    # A smart-account consumer (ERC-1271): its owner EOA signs, the account validates.
    from modelmarket import bindings

    account = bindings.container("MockSmartAccount").deploy(c3.address, sender=dep)
    payments.depositFor(account.address, 1_000 * TOKEN, sender=dep)
    account.execute(payments.address, payments.allocate.encode_input(a, 1_000 * TOKEN), sender=s[c3.name])
    payments.redeem(*vouchers.sign_for(c3, account.address, a, STEP + ODD), sender=s[owner.name])
    m.record(
        "payments.redeem (smart account, steady)",
        payments.redeem(*vouchers.sign_for(c3, account.address, a, 2 * STEP + ODD), sender=s[owner.name]),
    )

    batch = actors("batch consumer", BATCH_CONSUMERS)
    for consumer in batch:
        payments.depositFor(consumer.address, 100 * TOKEN, sender=dep)
        payments.allocate(a, 100 * TOKEN, sender=sender(consumer))

    def redeem_batch(name: str, consumers: list[Actor], cumulative: int) -> None:
        signed = [vouchers.sign(c, c, a, cumulative) for c in consumers]
        receipt = payments.redeemBatch([v for v, _ in signed], [sig for _, sig in signed], sender=s[owner.name])
        m.record(name, receipt)

    redeem_batch("payments.redeemBatch x50 (first of each pair, total)", batch, STEP + ODD)
    redeem_batch("payments.redeemBatch x10 (steady, total)", batch[:10], 2 * STEP + ODD)
    payments.settle(a, sender=s[owner.name])
    redeem_batch("payments.redeemBatch x50 (steady, total)", batch, 3 * STEP + ODD)
    m.record("payments.settle (after a batch of 50)", payments.settle(a, sender=s[owner.name]))

    m.record("payments.payPerCall (first of the pair)", payments.payPerCall(a, 1, MAX_UINT, sender=s[c2.name]))
    m.record("payments.payPerCall (steady)", payments.payPerCall(a, 10, MAX_UINT, sender=s[c2.name]))
    m.record("payments.settleMany x2", payments.settleMany([a, d], sender=s[stranger.name]))

    # ---------------------------------------------------------------- Reputation
    # Each rater claims its full weight (min(spent, cap)) and pays the 10 % rating fee in tokens.
    for rater in (c1, c2):
        token.approve(reputation.address, 2**256 - 1, sender=s[rater.name])
    w1, w2 = reputation.maxWeightOf(c1.address, a), reputation.maxWeightOf(c2.address, a)
    m.record(
        "reputation.rate (first rating of the asset)", reputation.rate(a, 80, w1, COMMENT_HASH, URI, sender=s[c1.name])
    )
    m.record("reputation.rate (new rater)", reputation.rate(a, 90, w2, COMMENT_HASH, URI, sender=s[c2.name]))
    m.record("reputation.rate (re-rate)", reputation.rate(a, 70, w1, COMMENT_HASH, URI, sender=s[c1.name]))
    m.record(
        "reputation.rateFor (session key, re-rate)",
        reputation.rateFor(
            c1.address, a, 75, min(w1, payments.keySpentOn(c1.address, session_key.address, a)), COMMENT_HASH, URI,
            sender=s[session_key.name],
        ),
    )
    m.record("reputation.sweepFees", reputation.sweepFees(sender=s[stranger.name]))
    m.record("payments.revokeSessionKey", payments.revokeSessionKey(session_key.address, sender=s[c1.name]))
    m.record(
        "payments.setSessionKeyScope (add 1)", payments.setSessionKeyScope(session_key.address, [a], True, sender=s[c1.name])
    )

    # ---------------------------------------------------------------- lane thaws, withdrawal, claims
    m.record("payments.requestThaw", payments.requestThaw(a, 100 * TOKEN, sender=s[c2.name]))
    m.record("payments.cancelThaw", payments.cancelThaw(a, sender=s[c2.name]))
    payments.requestThaw(a, 100 * TOKEN, sender=s[c2.name])
    chain.mine(timestamp=chain.pending_timestamp + int(payments.withdrawDelay()) + 1)
    m.record("payments.completeThaw (to free balance)", payments.completeThaw(a, False, sender=s[c2.name]))
    m.record("payments.withdraw", payments.withdraw(100 * TOKEN, sender=s[c2.name]))
    m.record("payments.claimRoyalties", payments.claimRoyalties(parents[0], sender=s[owner2.name]))
    m.record("payments.claimProtocolFees", payments.claimProtocolFees(sender=s[stranger.name]))

    # ---------------------------------------------------------------- StakingPool: rewards, thawing
    m.record("staking.claimRewards (delegator)", staking.claimRewards(a, sender=s[d2.name]))
    m.record("staking.claimRewards (delegator, nothing to sweep)", staking.claimRewards(a, sender=s[d3.name]))
    m.record("staking.claimRewards (owner)", staking.claimRewards(a, sender=s[owner.name]))
    m.record(
        "staking.delegateStake (top-up, rewards pending)", staking.delegateStake(a, 100 * TOKEN, sender=s[d1.name])
    )
    m.record("staking.depositFees (direct)", staking.depositFees(a, TOKEN, sender=dep))
    owner_shares = int(staking.getStaker(a, owner.address).selfShares)
    m.record("staking.unstake (first thaw of the pool)", staking.unstake(a, owner_shares // 100, sender=s[owner.name]))
    d1_shares = int(staking.getStaker(a, d1.address).delegatedShares)
    m.record("staking.undelegate", staking.undelegate(a, d1_shares // 100, sender=s[d1.name]))
    for _ in range(7):
        staking.undelegate(a, d1_shares // 100, sender=s[d1.name])
    chain.mine(timestamp=chain.pending_timestamp + int(staking.thawingPeriod()) + 1)
    m.record("staking.withdraw (1 request)", staking.withdraw(a, sender=s[owner.name]))
    m.record("staking.withdraw (8 requests)", staking.withdraw(a, sender=s[d1.name]))

    # ---------------------------------------------------------------- Disputes and slashing
    bond = int(disputes.minBond())
    open_dispute = lambda: disputes.openDispute(a, bond, EVIDENCE_HASH, URI, c1.address, 10 * TOKEN, sender=s[reporter.name])  # noqa: E731
    m.record("disputes.openDispute", open_dispute())
    dispute_id = int(disputes.disputeCount())
    m.record(
        "disputes.upholdDispute (slash)",
        disputes.upholdDispute(dispute_id, 100 * TOKEN, 10 * TOKEN, sender=s[arbiter.name]),
    )
    open_dispute()
    m.record("disputes.rejectDispute", disputes.rejectDispute(int(disputes.disputeCount()), sender=s[arbiter.name]))
    open_dispute()
    chain.mine(timestamp=chain.pending_timestamp + int(disputes.resolutionWindow()) + 1)
    m.record("disputes.timeoutDispute", disputes.timeoutDispute(int(disputes.disputeCount()), sender=s[stranger.name]))
    m.record("disputes.proveEquivocation (slash)", _prove_equivocation(disputes, owner, a, s[stranger.name]))
    m.record("disputes.claim", disputes.claim(sender=s[reporter.name]))
    m.record(
        "staking.slash (direct, by the slasher)",
        staking.slash(a, 10 * TOKEN, reporter.address, sender=sender(disputes.address)),
    )

    # ---------------------------------------------------------------- admin (Ownable2Step owner)
    m.record("staking.setMinSelfStake", staking.setMinSelfStake(500 * TOKEN, sender=dep))
    m.record("staking.setThawingPeriod", staking.setThawingPeriod(21 * 86_400, sender=dep))
    m.record("staking.setCutChangeDelay", staking.setCutChangeDelay(2 * 86_400, sender=dep))
    m.record("payments.setProtocolFeeBps", payments.setProtocolFeeBps(150, sender=dep))
    m.record("payments.setTreasury", payments.setTreasury(stranger.address, sender=dep))
    m.record("payments.setWithdrawDelay", payments.setWithdrawDelay(2 * 86_400, sender=dep))
    m.record("disputes.setMinBond", disputes.setMinBond(2 * bond, sender=dep))
    return m


def _prove_equivocation(disputes: Any, signer: Actor, asset_id: int, submitter: Any) -> Any:
    from ape import chain

    from modelmarket.vouchers import Domain, Receipt, ReceiptSigner

    receipt_signer = ReceiptSigner(signer.key, Domain.disputes(chain.chain_id, disputes.address))
    request = bytes.fromhex("44" * 32)
    one = receipt_signer.sign(Receipt(request, bytes.fromhex("55" * 32), asset_id=asset_id, version=1))
    two = receipt_signer.sign(Receipt(request, bytes.fromhex("66" * 32), asset_id=asset_id, version=1))
    finder_address = submitter.address
    a, b = one.receipt.to_tuple(), two.receipt.to_tuple()
    disputes.commitEquivocation(disputes.equivocationCommitment(finder_address, a, b), sender=submitter)
    chain.mine()
    return disputes.proveEquivocation(a, one.signature, b, two.signature, finder_address, sender=submitter)
