// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IDelayedChanges} from "./IDelayedChanges.sol";
import {IStakingPool} from "./IStakingPool.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IUsagePayments
/// @notice Consumer escrow in lanes per (consumer, asset) and usage micropayments. A consumer
/// deposits tokens into its *free balance* and allocates them to the *lane* of each asset it uses.
/// Per inference it signs (or lets an authorised session key, or its ERC-1271 smart account, sign)
/// an EIP-712 voucher `Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)`
/// under the domain `("UsagePayments", "2", chainId, address(this))` (read it with `eip712Domain()`).
/// The provider keeps only the latest voucher; redeeming pays `cumulativeAmount - redeemed` from the
/// lane of (consumer, assetId), so a voucher can never pay twice and needs no nonce.
///
/// **The provider's guarantee.** Let a voucher for asset X be *covered at time t*: it would be
/// accepted at t and its owed amount (`cumulativeAmount - redeemed`) is at most X's lane
/// coverage (`coverageOf`: lane balance minus the amount thawing) at t. Then it pays in full if it is
/// redeemed (by anyone) at any time before `t + withdrawDelay()` (and, for a key-signed voucher,
/// before its own deadline and before the key's expiry, cap lowering or scope narrowing that were
/// already scheduled at t take effect), whatever the consumer does meanwhile: pay its own asset,
/// `payPerCall` or redeem vouchers for other assets (signed by itself or by the same key), revoke or
/// re-authorise keys (scoped or not, with any cap), narrow a key's scope or lower its cap, request
/// or complete thaws, withdraw its free balance. Funds leave X's lane only by paying X (another
/// voucher for X or `payPerCall` to X, both paying X's payees) or through a thaw that matures at the
/// earliest `withdrawDelay()` after it was requested; a key's revocation, earlier expiry, cap
/// lowering and scope narrowing take effect `withdrawDelay()` after they were asked (widening is
/// immediate and never hurts); a key's cap bounds what it makes the consumer pay *each* asset
/// (`keySpentOn`), so what the key pays other assets never lowers what it may still pay X, and what
/// it pays X lowers the voucher's owed amount by the same amount; a shortening of `withdrawDelay`
/// applies only from `now + old delay`.
/// One limit, by construction: an ERC-1271 account decides itself, at redemption, whether it still
/// accepts a signature (a provider that needs the guarantee from a smart account asks it to
/// authorise a session key, whose revocation is delayed).
///
/// **Fee path (one way).** A redemption only records: the lane (one slot: balance and redeemed),
/// the key's spend, and the asset's pending revenue. `settle(assetId)` (anyone) splits the pending
/// revenue once: protocol fee (rounded up) to `protocolFeesAccrued`, lineage royalties (rounded down)
/// to `royaltiesOf[parent]`, the rest to `StakingPool.depositFees` (owner and delegators), moving
/// tokens once. StakingPool never calls back here. Claims pay the rightful payee whoever calls.
///
/// **Batches** never revert for one bad voucher: `redeemBatch` skips it with `VoucherRejected`
/// carrying the selector of the error `redeem` would raise. Only `LengthMismatch` reverts.
///
/// **Admin.** The admin cannot move anyone's funds: the protocol fee, the treasury and the withdrawal
/// delay change only through the `IDelayedChanges` queue (`ChangeQueued`, then `executeChange` by
/// anyone after StakingPool's `changeDelay()`, read at execution and at least its thawing period), so
/// every consumer and provider sees a change coming and can leave first.
///
/// Token: fee-on-transfer tokens are rejected on deposit (`FeeOnTransferUnsupported`).
interface IUsagePayments is IMarketErrors, IDelayedChanges {
    /// @notice A usage voucher, signed by the consumer, one of its session keys, or (for a contract
    /// consumer) accepted by the consumer's ERC-1271 `isValidSignature` (EIP-712).
    /// @param consumer Whose lane pays.
    /// @param assetId The asset used.
    /// @param cumulativeAmount Everything the consumer has agreed to pay for this asset so far.
    /// @param deadline Last timestamp (inclusive) at which the voucher can be redeemed.
    struct Voucher {
        address consumer;
        uint256 assetId;
        uint256 cumulativeAmount;
        uint64 deadline;
    }

    /// @notice One (consumer, asset) lane in one slot: what is payable to the asset and what vouchers
    /// for the pair have paid (the counter vouchers are compared with). One write per voucher.
    /// @param balance Tokens payable to the asset (thawing tokens included until they leave).
    /// @param redeemed What vouchers for the pair have paid.
    struct Lane {
        uint128 balance;
        uint128 redeemed;
    }

    /// @notice An asset's revenue in one slot that never returns to zero: `recorded - settled` is pending.
    /// @param recorded Everything ever redeemed or paid per call for the asset.
    /// @param settled What `settle` has split so far.
    struct Revenue {
        uint128 recorded;
        uint128 settled;
    }

    /// @notice A pending request to take tokens out of a lane.
    /// @param amount Tokens requested (0: no request).
    /// @param readyAt When `completeThaw` may run.
    struct LaneThaw {
        uint128 amount;
        uint64 readyAt;
    }

    /// @notice The withdrawal delay: `inForce` until `nextAt` (0: nothing pending), then `next` (a
    /// shorter delay waits out the longer one).
    struct DelaySchedule {
        uint64 inForce;
        uint64 next;
        uint64 nextAt;
    }

    /// @notice A session key of a consumer (e.g. an AI agent's hot key). Two slots; the hot path
    /// reads both and writes the first.
    /// @param spendCap The cap in force until `pendingCapAt`: what the key may make the consumer pay
    /// each asset over its lifetime (compared with `keySpentOn` of the voucher's asset).
    /// @param spent What vouchers signed by the key have paid so far, all assets together
    /// (informational: the cap applies per asset; saturates at type(uint104).max).
    /// @param expiry Last timestamp (inclusive) at which the key may sign; a revocation lowers it to
    /// at most `now + withdrawDelay()`.
    /// @param pendingCap A lowered cap, in force from `pendingCapAt` (0 time: none pending).
    /// @param pendingCapAt When `pendingCap` replaces `spendCap`.
    /// @param scopedAt 0: the key may pay any asset; otherwise from this time on the key may pay only
    /// the assets in its scope (`keyScopeOf`).
    struct SessionKey {
        uint104 spendCap;
        uint104 spent;
        uint48 expiry;
        uint104 pendingCap;
        uint48 pendingCapAt;
        uint48 scopedAt;
    }

    /// @notice A session key's record for one asset.
    /// @param allowedUntil Last timestamp at which a scoped key may pay the asset (0: not in scope).
    /// @param spent What the key's vouchers paid this asset: the cap applies to it, and Reputation
    /// weighs `rateFor` with it.
    struct KeyAsset {
        uint64 allowedUntil;
        uint192 spent;
    }

    // ------------------------------------------------------------------ errors

    /// @notice An amount does not fit the storage type.
    error AmountTooLarge(uint256 amount, uint256 maximum);
    /// @notice The consumer's free balance holds less than needed.
    error InsufficientFreeBalance(address consumer, uint256 balance, uint256 needed);
    /// @notice The consumer's lane for the asset holds less than needed (`payPerCall`, `requestThaw`).
    error InsufficientLane(address consumer, uint256 assetId, uint256 balance, uint256 needed);
    /// @notice The lane has no pending thaw request.
    error NoThawRequest(address consumer, uint256 assetId);
    /// @notice The thaw request cannot complete before `readyAt`.
    error ThawNotReady(address consumer, uint256 assetId, uint64 readyAt, uint256 nowTimestamp);
    /// @notice The voucher's deadline has passed.
    error VoucherExpired(address consumer, uint256 assetId, uint64 deadline);
    /// @notice The voucher's cumulative amount is not above what was already redeemed.
    error VoucherStale(address consumer, uint256 assetId, uint256 cumulativeAmount, uint256 redeemed);
    /// @notice The signature could not be recovered (wrong length, high-s, invalid v/r/s) and the
    /// consumer is not a contract that accepts it (ERC-1271).
    error InvalidSignature(address consumer, uint256 assetId);
    /// @notice The voucher was signed by neither the consumer nor one of its session keys, and the
    /// consumer is not a contract that accepts it. A voucher signed for another chain or contract
    /// recovers to an unrelated signer and fails here.
    error InvalidSigner(address consumer, address signer);
    /// @notice The session key's effective expiry (authorised expiry, or revocation time) has passed.
    error ExpiredSessionKey(address consumer, address key, uint64 expiry);
    /// @notice The scoped session key may not pay this asset (never in scope, or its removal took effect).
    error SessionKeyOutOfScope(address consumer, address key, uint256 assetId);
    /// @notice Paying the voucher's owed amount would take what the session key made the consumer pay
    /// the voucher's asset (`spent`, i.e. `keySpentOn`) over the key's cap in force.
    error SessionKeyCapExceeded(address consumer, address key, uint256 spendCap, uint256 spent, uint256 owed);
    /// @notice The lane for the voucher's asset is empty.
    error LaneEmpty(address consumer, uint256 assetId, uint256 owed);
    /// @notice A session key cannot be the consumer itself.
    error SessionKeyIsConsumer(address key);
    /// @notice The session key expiry is not in the future (or does not fit uint48).
    error InvalidExpiry(uint256 expiry, uint256 nowTimestamp);
    /// @notice The session key was never authorised by the consumer.
    error UnknownSessionKey(address consumer, address key);
    /// @notice Removing assets from the scope of a key that has none (it may pay every asset).
    error SessionKeyNotScoped(address consumer, address key);
    /// @notice Two arrays that must have the same length differ.
    error LengthMismatch(uint256 first, uint256 second);
    /// @notice The asset's price per call is above the caller's limit.
    error PriceAboveLimit(uint256 assetId, uint256 pricePerCall, uint256 maxPricePerCall);
    /// @notice `payPerCall` on an asset that is not Active.
    error AssetNotActive(uint256 assetId);
    /// @notice `payPerCall` on an asset that is not serving (owner self-stake below the minimum).
    error AssetNotServing(uint256 assetId);
    /// @notice The asset has no pending revenue to settle.
    error NothingToSettle(uint256 assetId);
    /// @notice An admin parameter outside its bounds.
    error ParameterOutOfBounds(uint256 value, uint256 minimum, uint256 maximum);

    // ------------------------------------------------------------------ events

    /// @notice `amount` was added to `consumer`'s free balance by `payer`.
    event Deposited(address indexed consumer, address indexed payer, uint256 amount);
    /// @notice `consumer` withdrew `amount` from its free balance (or from a lane, see `ThawCompleted`).
    event Withdrawn(address indexed consumer, uint256 amount);
    /// @notice `consumer` moved `amount` from its free balance into the lane for `assetId`.
    event Allocated(address indexed consumer, uint256 indexed assetId, uint256 amount);
    /// @notice `consumer` asked to take `amount` out of its lane for `assetId` from `readyAt`
    /// (replaces any earlier request of the lane). The amount stays payable to the asset until then.
    event ThawRequested(address indexed consumer, uint256 indexed assetId, uint256 amount, uint64 readyAt);
    /// @notice `consumer` cancelled the thaw request of its lane for `assetId`.
    event ThawCancelled(address indexed consumer, uint256 indexed assetId, uint256 amount);
    /// @notice `amount` left the lane for `assetId` to the free balance (or the wallet when `toWallet`).
    event ThawCompleted(address indexed consumer, uint256 indexed assetId, uint256 amount, bool toWallet);
    /// @notice A voucher paid `paid` (signed by `signer`: the consumer — also for ERC-1271 — or a session key).
    event VoucherRedeemed(
        address indexed consumer, uint256 indexed assetId, address signer, uint256 cumulativeAmount, uint256 paid
    );
    /// @notice A voucher could not be paid in full: `shortfall` stays redeemable once the lane is topped up.
    event LaneShortfall(address indexed consumer, uint256 indexed assetId, uint256 shortfall);
    /// @notice `redeemBatch` skipped the voucher at `index`; `reason` is the selector of the error `redeem` raises.
    event VoucherRejected(uint256 index, address indexed consumer, uint256 indexed assetId, bytes4 reason);
    /// @notice `consumer` paid `amount` on chain for `calls` calls of `assetId` (from its lane).
    event CallsPaid(address indexed consumer, uint256 indexed assetId, uint256 calls, uint256 amount);
    /// @notice The pending revenue `amount` of `assetId` was split once: `protocolFee` accrued to the
    /// treasury, `royalties` to lineage parents, `toStaking` deposited in StakingPool.
    event RevenueSettled(uint256 indexed assetId, uint256 amount, uint256 protocolFee, uint256 royalties, uint256 toStaking);
    /// @notice `amount` of royalty was credited to parent `assetId` from revenue of `fromAssetId`.
    event RoyaltyAccrued(uint256 indexed assetId, uint256 indexed fromAssetId, uint256 amount);
    /// @notice The accrued royalties of `assetId` were paid to its current owner.
    event RoyaltiesClaimed(uint256 indexed assetId, address indexed owner, uint256 amount);
    /// @notice Accrued protocol fees were paid to the treasury.
    event ProtocolFeesClaimed(address indexed treasury, uint256 amount);
    /// @notice `consumer` authorised (or re-authorised) a session key. `spendCap` and `expiry` are the
    /// values in force now (a lowering is announced by `SessionKeyCapLowered` / a later expiry here);
    /// `spent` carries over. `scoped`: the key may pay only the assets in its scope.
    event SessionKeyAuthorized(
        address indexed consumer, address indexed key, uint256 spendCap, uint64 expiry, bool scoped
    );
    /// @notice `consumer` revoked `key`; it stops signing at `effectiveAt` (vouchers it signed stay
    /// redeemable until then).
    event SessionKeyRevocationScheduled(address indexed consumer, address indexed key, uint64 effectiveAt);
    /// @notice The cap of `key` drops to `newCap` at `effectiveAt` (the old cap applies until then).
    event SessionKeyCapLowered(address indexed consumer, address indexed key, uint256 newCap, uint64 effectiveAt);
    /// @notice `key` may pay `assetId` until `allowedUntil` (type(uint64).max: added to its scope).
    /// Also emitted with `assetId` 0 and `allowedUntil` = the time scope enforcement starts when an
    /// unscoped key becomes scoped.
    event SessionKeyScopeChanged(
        address indexed consumer, address indexed key, uint256 indexed assetId, uint64 allowedUntil
    );
    /// @notice The protocol fee changed.
    event ProtocolFeeUpdated(uint16 oldFeeBps, uint16 newFeeBps);
    /// @notice The treasury changed.
    event TreasuryUpdated(address oldTreasury, address newTreasury);
    /// @notice The withdrawal delay changes from `oldDelay` to `newDelay` for requests made from
    /// `effectiveAt` (now for a longer delay; now + the old delay for a shorter one).
    event WithdrawDelayUpdated(uint64 oldDelay, uint64 newDelay, uint64 effectiveAt);

    // ------------------------------------------------------------------ constants and wiring

    /// @notice Highest protocol fee the admin may set (bps).
    function MAX_PROTOCOL_FEE_BPS() external view returns (uint256);
    /// @notice Shortest `withdrawDelay` the admin may set (seconds).
    function MIN_WITHDRAW_DELAY() external view returns (uint64);
    /// @notice Longest `withdrawDelay` the admin may set (seconds).
    function MAX_WITHDRAW_DELAY() external view returns (uint64);
    /// @notice EIP-712 type hash of `Voucher`.
    function VOUCHER_TYPEHASH() external view returns (bytes32);
    /// @notice The payment token.
    function TOKEN() external view returns (IERC20);
    /// @notice The asset registry.
    function REGISTRY() external view returns (IModelRegistry);
    /// @notice The staking pool that receives the owner/delegator part of settled revenue.
    function STAKING() external view returns (IStakingPool);
    /// @notice Same as `REGISTRY` (read by Reputation and off-chain tools).
    function registry() external view returns (IModelRegistry);

    // ------------------------------------------------------------------ free balance

    /// @notice Deposits `amount` into the caller's free balance (needs an allowance).
    function deposit(uint256 amount) external;

    /// @notice Deposits `amount` into the caller's free balance after an EIP-2612 permit. A permit that
    /// fails (e.g. already used by a front-runner) is ignored and the existing allowance is used.
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Deposits `amount` from the caller into `consumer`'s free balance.
    function depositFor(address consumer, uint256 amount) external;

    /// @notice Sends `amount` of the caller's free balance to the caller at once (free balance pays
    /// nothing, so nobody was promised it).
    function withdraw(uint256 amount) external;

    // ------------------------------------------------------------------ lanes

    /// @notice Moves `amount` of the caller's free balance into its lane for `assetId` at once.
    /// Reverts `UnknownAsset` for an unlisted asset and `AssetRetired` for a retired one.
    function allocate(uint256 assetId, uint256 amount) external;

    /// @notice `allocate` for each (assetIds[i], amounts[i]).
    function allocateMany(uint256[] calldata assetIds, uint256[] calldata amounts) external;

    /// @notice Pulls the sum of `amounts` from the caller once and allocates each to its asset's lane.
    function depositAndAllocate(uint256[] calldata assetIds, uint256[] calldata amounts) external;

    /// @notice Asks to take `amount` (≤ lane balance) out of the caller's lane for `assetId` after
    /// `withdrawDelay()`. Replaces any pending request of the lane and restarts its timer. The tokens
    /// stay payable to the asset until `completeThaw`.
    function requestThaw(uint256 assetId, uint256 amount) external;

    /// @notice Cancels the pending thaw request of the caller's lane for `assetId`.
    function cancelThaw(uint256 assetId) external;

    /// @notice After `readyAt`, moves min(thaw amount, lane balance) out of the caller's lane for
    /// `assetId`: to its free balance, or to its wallet when `toWallet`.
    /// @return amount Tokens that left the lane.
    function completeThaw(uint256 assetId, bool toWallet) external returns (uint256 amount);

    // ------------------------------------------------------------------ session keys

    /// @notice Lets `key` sign vouchers paid from the caller's lanes, up to `spendCap` per asset, until
    /// `expiry` (inclusive), for the assets in `assetIds` only (empty: every asset). Re-authorising:
    /// raising the cap or the expiry, adding assets or removing the scope is immediate; a lower cap is
    /// in force only from `now + withdrawDelay()`, a lower expiry never cuts below `now + withdrawDelay()`,
    /// and turning an unscoped key into a scoped one is enforced from `now + withdrawDelay()`.
    /// What the key spent carries over.
    function authorizeSessionKey(address key, uint256 spendCap, uint64 expiry, uint256[] calldata assetIds) external;

    /// @notice Adds (`allowed`, at once) or removes (from `now + withdrawDelay()`) assets of a scoped
    /// key's scope.
    function setSessionKeyScope(address key, uint256[] calldata assetIds, bool allowed) external;

    /// @notice Revokes `key`: it stops signing at min(its expiry, now + withdrawDelay()); vouchers it
    /// signed stay redeemable until then. Reverts `UnknownSessionKey` for a key never authorised.
    function revokeSessionKey(address key) external;

    // ------------------------------------------------------------------ payments

    /// @notice Redeems one voucher (anyone may submit it); reverts with the specific error if it
    /// cannot pay. Acceptance, in order: deadline (`VoucherExpired`), cumulative above redeemed
    /// (`VoucherStale`), asset listed and not retired (`UnknownAsset`, `AssetRetired`; paused assets
    /// pay), signer (consumer by ecrecover, an authorised session key, else ERC-1271 for a contract
    /// consumer: `InvalidSignature` / `InvalidSigner`), session key expiry, scope and cap
    /// (`ExpiredSessionKey`, `SessionKeyOutOfScope`, `SessionKeyCapExceeded`), lane not empty
    /// (`LaneEmpty`). Pays min(owed, lane balance) and emits `LaneShortfall` for the rest.
    /// Records only: the lane, the key's spend, the asset's pending revenue (split at `settle`).
    /// @return paid Tokens taken from the lane.
    function redeem(Voucher calldata voucher, bytes calldata signature) external returns (uint256 paid);

    /// @notice Redeems many vouchers (any consumers, any assets) in one transaction. A voucher that
    /// `redeem` would reject is skipped with `VoucherRejected`; the asset check and the pending-revenue
    /// write run once per run of consecutive same-asset vouchers, so sort a batch by asset.
    /// @return totalPaid Tokens taken from all lanes.
    function redeemBatch(Voucher[] calldata vouchers, bytes[] calldata signatures) external returns (uint256 totalPaid);

    /// @notice Pays `calls × pricePerCall` of `assetId` from the caller's lane for it. The asset must be
    /// Active and serving. Never advances `redeemed`: it has its own spend counter (`paidPerCall`).
    /// @param maxPricePerCall The most the caller accepts per call; a higher current price reverts
    /// with `PriceAboveLimit` (protects against the owner front-running with `setPrice`).
    /// @return amount Tokens paid.
    function payPerCall(uint256 assetId, uint256 calls, uint256 maxPricePerCall) external returns (uint256 amount);

    /// @notice Splits the pending revenue of `assetId` once (protocol fee rounded up, lineage royalties
    /// rounded down, the rest to `StakingPool.depositFees`) and moves its tokens. Anyone may call.
    /// @return amount The revenue settled.
    function settle(uint256 assetId) external returns (uint256 amount);

    /// @notice `settle` for each asset with pending revenue (others are skipped).
    /// @return total The revenue settled.
    function settleMany(uint256[] calldata assetIds) external returns (uint256 total);

    /// @notice Pays the accrued royalties of `assetId` to its current owner; anyone may call.
    /// @return amount Tokens paid.
    function claimRoyalties(uint256 assetId) external returns (uint256 amount);

    /// @notice Pays the accrued protocol fees to the treasury; anyone may call.
    /// @return amount Tokens paid.
    function claimProtocolFees() external returns (uint256 amount);

    // ------------------------------------------------------------------ admin

    /// @notice Queues a new protocol fee (bps, ≤ `MAX_PROTOCOL_FEE_BPS`; parameter "protocolFeeBps").
    /// Admin only. Applies through `executeChange` after the change delay (`ProtocolFeeUpdated`).
    function setProtocolFeeBps(uint16 newFeeBps) external;

    /// @notice Queues a new treasury (parameter "treasury"). Admin only. Applies through
    /// `executeChange` after the change delay (`TreasuryUpdated`).
    function setTreasury(address newTreasury) external;

    /// @notice Queues a new withdrawal delay (within bounds; parameter "withdrawDelay"). Admin only.
    /// When `executeChange` applies it, a longer delay applies at once; a shorter one only to thaws,
    /// revocations and lowerings asked from `now + old delay`.
    function setWithdrawDelay(uint64 newDelay) external;

    // ------------------------------------------------------------------ views

    /// @notice The consumer's free balance.
    function freeBalanceOf(address consumer) external view returns (uint256);
    /// @notice The lane of (consumer, assetId) and its pending thaw.
    function laneOf(address consumer, uint256 assetId)
        external
        view
        returns (uint256 balance, uint256 redeemedAmount, uint256 thawAmount, uint64 thawReadyAt);
    /// @notice What the provider's guarantee covers now: lane balance minus the amount thawing (≥ 0).
    function coverageOf(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice What vouchers of `consumer` for `assetId` have paid so far.
    function redeemed(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice What `consumer` paid for `assetId` through `payPerCall`.
    function paidPerCall(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice Total paid by `consumer` for `assetId` (`redeemed + paidPerCall`).
    function spentBy(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice Revenue of `assetId` redeemed or paid but not settled yet.
    function pendingRevenueOf(uint256 assetId) external view returns (uint256);
    /// @notice The consumer's session key record.
    function sessionKeyOf(address consumer, address key) external view returns (SessionKey memory);
    /// @notice Whether `key` may currently sign for `consumer` (authorised and not past its effective
    /// expiry; its cap may be used up).
    function isSessionKeyActive(address consumer, address key) external view returns (bool);
    /// @notice Until when `key` may pay `assetId` as far as scope goes (type(uint64).max: no limit;
    /// 0: never). Expiry and cap apply on top.
    function keyScopeOf(address consumer, address key, uint256 assetId) external view returns (uint64);
    /// @notice What vouchers signed by `key` paid `assetId` from `consumer`'s lane (the key's cap bounds it).
    function keySpentOn(address consumer, address key, uint256 assetId) external view returns (uint256);
    /// @notice The EIP-712 digest a signer signs for `voucher`.
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32);
    /// @notice Royalties accrued to `assetId` as a lineage parent, payable to its current owner.
    function royaltiesOf(uint256 assetId) external view returns (uint256);
    /// @notice Protocol fees accrued, payable to the treasury.
    function protocolFeesAccrued() external view returns (uint128);
    /// @notice Protocol fee (bps).
    function protocolFeeBps() external view returns (uint16);
    /// @notice Delay (seconds) that thaws, key revocations, cap lowerings and scope narrowings asked now wait.
    function withdrawDelay() external view returns (uint64);
    /// @notice Receives protocol fees.
    function treasury() external view returns (address);
}
