// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IStakingPool} from "./IStakingPool.sol";

/// @title IUsagePayments
/// @notice Consumer escrow and usage micropayments. A consumer deposits tokens into escrow and,
/// per inference, signs (or lets an authorised session key sign) an EIP-712 voucher
/// `Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)` under the
/// domain `EIP712("UsagePayments", "1")` with this chain id and this contract's address. The
/// provider keeps only the latest voucher; redeeming pays `cumulativeAmount - redeemed[consumer][assetId]`
/// from the consumer's escrow, so a voucher can never pay twice and needs no nonce.
///
/// Every payment is split: a protocol fee (`protocolFeeBps`, rounded up) to the treasury, a lineage
/// royalty per parent asset (`royaltyBps` of each registry parent, rounded down) to that parent's
/// current owner, and the rest to StakingPool, which splits it between the asset owner and its
/// delegators. Fees and royalties are claimable balances here (pull payments); the credits of a
/// payment always add up to exactly the amount paid.
///
/// Deferred funding: the StakingPool part is booked with `StakingPool.creditFees` (no token moves)
/// and kept here in `stakingFeesOwed` until `sweepStakingFees` (anyone; StakingPool calls it before
/// paying any claim) sends it to StakingPool. This contract's token balance always covers escrows +
/// royalties + protocol fees + `stakingFeesOwed`. Only if `stakingFeesOwed` would exceed
/// `StakingPool.MAX_UNFUNDED_FEES` is that payment's part sent in tokens (`depositFees`) instead.
///
/// Lineage: parents and royalty shares never change after listing, so the first payment of an asset
/// reads them from the registry and caches them packed here; later payments read one slot per three
/// parents (one slot for an asset without parents) instead of calling the registry.
///
/// Who may redeem: anyone. Money only ever flows from the consumer's escrow to the asset's payees
/// (treasury, parent owners, StakingPool), and never more than the consumer signed, so a relayer or
/// keeper can settle on a provider's behalf.
///
/// Batches: `redeemBatch` skips a voucher that fails a consumer-level check (expired, stale, bad
/// signature, session key revoked/expired/over cap) and emits `VoucherRejected` with the selector
/// of the error `redeem` would have raised, so one bad consumer cannot block a provider's batch.
/// Asset-level failures (an asset id that does not exist in the registry) revert the whole batch:
/// the submitter chose those ids.
///
/// Token: fee-on-transfer tokens are rejected on deposit (`FeeOnTransferUnsupported`).
interface IUsagePayments {
    /// @notice A usage voucher, signed by the consumer or one of its session keys (EIP-712).
    /// @param consumer Whose escrow pays.
    /// @param assetId The asset used.
    /// @param cumulativeAmount Everything the consumer has agreed to pay for this asset so far.
    /// @param deadline Last timestamp (inclusive) at which the voucher can be redeemed.
    struct Voucher {
        address consumer;
        uint256 assetId;
        uint256 cumulativeAmount;
        uint64 deadline;
    }

    /// @notice A consumer's escrow: available balance and the pending withdrawal request, if any.
    /// @param balance Tokens in escrow (the requested withdrawal amount stays here, redeemable, until withdrawn).
    /// @param withdrawAmount Amount requested for withdrawal (0: no request).
    /// @param withdrawReadyAt When the request can be executed.
    struct Escrow {
        uint128 balance;
        uint128 withdrawAmount;
        uint64 withdrawReadyAt;
    }

    /// @notice A session key of a consumer (e.g. an AI agent's hot key).
    /// @param spendCap Most the key may ever make the consumer pay (cumulative over its lifetime).
    /// @param spent What vouchers signed by the key have paid so far.
    /// @param expiry Last timestamp (inclusive) at which the key may sign; 0 once revoked.
    struct SessionKey {
        uint104 spendCap;
        uint104 spent;
        uint48 expiry;
    }

    // ------------------------------------------------------------------ errors

    /// @notice A zero address was given where one is required.
    error ZeroAddress();
    /// @notice An amount was zero.
    error ZeroAmount();
    /// @notice An amount does not fit the storage type.
    error AmountTooLarge(uint256 amount, uint256 maximum);
    /// @notice The token transfer delivered a different amount than requested.
    error FeeOnTransferUnsupported(uint256 expected, uint256 received);
    /// @notice The consumer's escrow holds less than needed.
    error InsufficientEscrow(address consumer, uint256 balance, uint256 needed);
    /// @notice The consumer has no pending withdrawal request.
    error NoWithdrawRequest(address consumer);
    /// @notice The withdrawal request cannot be executed before `readyAt`.
    error WithdrawNotReady(address consumer, uint64 readyAt, uint256 nowTimestamp);
    /// @notice The voucher's deadline has passed.
    error VoucherExpired(address consumer, uint256 assetId, uint64 deadline);
    /// @notice The voucher's cumulative amount is not above what was already redeemed.
    error VoucherStale(address consumer, uint256 assetId, uint256 cumulativeAmount, uint256 redeemed);
    /// @notice The signature could not be recovered (wrong length, high-s, invalid v/r/s).
    error InvalidSignature(address consumer, uint256 assetId);
    /// @notice The voucher was signed by neither the consumer nor one of its session keys.
    /// A voucher signed for another chain or contract recovers to an unrelated signer and fails here.
    error InvalidSigner(address consumer, address signer);
    /// @notice The session key was revoked by the consumer.
    error RevokedSessionKey(address consumer, address key);
    /// @notice The session key's expiry has passed.
    error ExpiredSessionKey(address consumer, address key, uint48 expiry);
    /// @notice Paying the voucher would take the session key over its spend cap.
    error SessionKeyCapExceeded(address consumer, address key, uint256 spendCap, uint256 spent, uint256 amount);
    /// @notice A session key cannot be the consumer itself.
    error SessionKeyIsConsumer(address key);
    /// @notice The session key expiry is not in the future (or does not fit uint48).
    error InvalidExpiry(uint256 expiry, uint256 nowTimestamp);
    /// @notice The session key was never authorised by the consumer.
    error UnknownSessionKey(address consumer, address key);
    /// @notice `vouchers` and `signatures` differ in length.
    error LengthMismatch(uint256 vouchers, uint256 signatures);
    /// @notice The asset's price per call is above the caller's limit.
    error PriceAboveLimit(uint256 assetId, uint256 pricePerCall, uint256 maxPricePerCall);
    /// @notice `payPerCall` on an asset that is not Active.
    error AssetNotActive(uint256 assetId);
    /// @notice `payPerCall` on an asset that is not serving (owner self-stake below the minimum).
    error AssetNotServing(uint256 assetId);
    /// @notice Only the current owner of the asset NFT may claim its royalties.
    error NotAssetOwner(uint256 assetId, address caller, address owner);
    /// @notice Nothing to claim.
    error NothingToClaim();
    /// @notice An admin parameter outside its bounds.
    error ParameterOutOfBounds(uint256 value, uint256 minimum, uint256 maximum);
    /// @notice A lineage parent id does not fit the 48 bits of the lineage cache (registry ids are
    /// sequential, so this needs ~2.8e14 listings).
    error ParentIdTooLarge(uint256 assetId, uint256 parentId);

    // ------------------------------------------------------------------ events

    /// @notice `amount` was added to `consumer`'s escrow by `payer`.
    event Deposited(address indexed consumer, address indexed payer, uint256 amount);
    /// @notice `consumer` asked to withdraw `amount`, executable from `readyAt` (replaces any earlier request).
    event WithdrawRequested(address indexed consumer, uint256 amount, uint64 readyAt);
    /// @notice `consumer` cancelled its withdrawal request.
    event WithdrawCancelled(address indexed consumer, uint256 amount);
    /// @notice `consumer` withdrew `amount` (min of the request and the escrow balance).
    event Withdrawn(address indexed consumer, uint256 amount);
    /// @notice A voucher paid `paid` (signed by `signer`: the consumer or a session key).
    event VoucherRedeemed(
        address indexed consumer, uint256 indexed assetId, address signer, uint256 cumulativeAmount, uint256 paid
    );
    /// @notice A voucher could not be paid in full: `shortfall` stays redeemable once escrow is topped up.
    event EscrowShortfall(address indexed consumer, uint256 indexed assetId, uint256 shortfall);
    /// @notice `redeemBatch` skipped the voucher at `index`; `reason` is the selector of the error `redeem` raises.
    event VoucherRejected(uint256 index, address indexed consumer, uint256 indexed assetId, bytes4 reason);
    /// @notice `consumer` paid `amount` on chain for `calls` calls of `assetId`.
    event CallsPaid(address indexed consumer, uint256 indexed assetId, uint256 calls, uint256 amount);
    /// @notice A payment of `amount` for `assetId` was split (`toStaking` was credited to StakingPool).
    event PaymentSplit(uint256 indexed assetId, uint256 amount, uint256 protocolFee, uint256 royalties, uint256 toStaking);
    /// @notice `amount` of royalty was credited to parent `assetId` from a payment for `fromAssetId`.
    event RoyaltyAccrued(uint256 indexed assetId, uint256 indexed fromAssetId, uint256 amount);
    /// @notice The owner of `assetId` claimed its accrued royalties.
    event RoyaltiesClaimed(uint256 indexed assetId, address indexed owner, uint256 amount);
    /// @notice Accrued protocol fees were paid to the treasury.
    event ProtocolFeesClaimed(address indexed treasury, uint256 amount);
    /// @notice `amount` of StakingPool credits was paid to StakingPool in tokens.
    event StakingFeesSwept(uint256 amount);
    /// @notice `consumer` authorised (or re-authorised) a session key; `spent` carries over.
    event SessionKeyAuthorized(address indexed consumer, address indexed key, uint256 spendCap, uint48 expiry);
    /// @notice `consumer` revoked a session key.
    event SessionKeyRevoked(address indexed consumer, address indexed key);
    /// @notice The protocol fee changed.
    event ProtocolFeeUpdated(uint16 oldFeeBps, uint16 newFeeBps);
    /// @notice The treasury changed.
    event TreasuryUpdated(address oldTreasury, address newTreasury);
    /// @notice The withdrawal delay changed (applies to new requests).
    event WithdrawDelayUpdated(uint64 oldDelay, uint64 newDelay);

    // ------------------------------------------------------------------ constants and wiring

    /// @notice Basis-point denominator (100 %).
    function BPS() external view returns (uint256);
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
    /// @notice The staking pool that receives the owner/delegator part of each payment.
    function STAKING() external view returns (IStakingPool);
    /// @notice Same as `REGISTRY` (read by Reputation and off-chain tools).
    function registry() external view returns (IModelRegistry);

    // ------------------------------------------------------------------ escrow

    /// @notice Deposits `amount` into the caller's escrow (needs an allowance).
    function deposit(uint256 amount) external;

    /// @notice Deposits `amount` into the caller's escrow after an EIP-2612 permit. A permit that
    /// fails (e.g. already used by a front-runner) is ignored and the existing allowance is used.
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Deposits `amount` from the caller into `consumer`'s escrow.
    function depositFor(address consumer, uint256 amount) external;

    /// @notice Requests to withdraw `amount` (≤ balance) after `withdrawDelay`; replaces any pending
    /// request and restarts its timer. The amount stays in escrow and redeemable until withdrawn.
    function requestWithdraw(uint256 amount) external;

    /// @notice Cancels the caller's pending withdrawal request.
    function cancelWithdraw() external;

    /// @notice Executes the caller's matured withdrawal request: pays min(requested, balance).
    /// @return amount Tokens sent to the caller.
    function withdraw() external returns (uint256 amount);

    // ------------------------------------------------------------------ session keys

    /// @notice Lets `key` sign vouchers paid from the caller's escrow, up to `spendCap` in total,
    /// until `expiry` (inclusive). Re-authorising updates cap and expiry; what the key spent carries over.
    function authorizeSessionKey(address key, uint256 spendCap, uint64 expiry) external;

    /// @notice Revokes `key`: vouchers it signed stop paying immediately.
    function revokeSessionKey(address key) external;

    // ------------------------------------------------------------------ payments

    /// @notice Redeems one voucher; reverts with the specific error if it cannot pay. Pays
    /// min(cumulativeAmount - redeemed, escrow balance) and emits `EscrowShortfall` for the rest.
    /// @return paid Tokens taken from the consumer's escrow.
    function redeem(Voucher calldata voucher, bytes calldata signature) external returns (uint256 paid);

    /// @notice Redeems many vouchers (any consumers, any assets) in one transaction. Bad vouchers are
    /// skipped with `VoucherRejected`. Consecutive vouchers of the same asset are split once, so
    /// sort a batch by asset for the lowest gas.
    /// @return totalPaid Tokens taken from all consumers' escrows.
    function redeemBatch(Voucher[] calldata vouchers, bytes[] calldata signatures) external returns (uint256 totalPaid);

    /// @notice Pays `calls × pricePerCall` of `assetId` from the caller's escrow. The asset must be
    /// Active and serving (an on-chain caller pays up front and cannot vet the provider off chain).
    /// Never advances `redeemed`: it has its own spend counter (`paidPerCall`).
    /// @return amount Tokens paid.
    /// @param maxPricePerCall The most the caller accepts per call; a higher current price reverts
    /// with `PriceAboveLimit` (protects against the owner front-running with `setPrice`).
    function payPerCall(uint256 assetId, uint256 calls, uint256 maxPricePerCall) external returns (uint256 amount);

    /// @notice Pays the accrued royalties of `assetId` to its current owner (caller must be it).
    /// @return amount Tokens paid.
    function claimRoyalties(uint256 assetId) external returns (uint256 amount);

    /// @notice Pays the accrued protocol fees to the treasury (anyone may trigger it).
    /// @return amount Tokens paid.
    function claimProtocolFees() external returns (uint256 amount);

    /// @notice Pays `stakingFeesOwed` to StakingPool (through `StakingPool.fundFees`) and zeroes it.
    /// Anyone may trigger it; StakingPool does before every claim that needs it.
    /// @return amount Tokens paid.
    function sweepStakingFees() external returns (uint256 amount);

    // ------------------------------------------------------------------ admin

    /// @notice Sets the protocol fee (bps, ≤ `MAX_PROTOCOL_FEE_BPS`). Admin only.
    function setProtocolFeeBps(uint16 newFeeBps) external;

    /// @notice Sets the treasury. Admin only.
    function setTreasury(address newTreasury) external;

    /// @notice Sets the withdrawal delay for new requests (within bounds). Admin only.
    function setWithdrawDelay(uint64 newDelay) external;

    // ------------------------------------------------------------------ views

    /// @notice What vouchers of `consumer` for `assetId` have paid so far.
    function redeemed(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice What `consumer` paid for `assetId` through `payPerCall`.
    function paidPerCall(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice Total paid by `consumer` for `assetId` (`redeemed + paidPerCall`).
    function spentBy(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice The consumer's escrow and withdrawal request.
    function escrowOf(address consumer) external view returns (Escrow memory);
    /// @notice The consumer's session key record.
    function sessionKeyOf(address consumer, address key) external view returns (SessionKey memory);
    /// @notice Whether `key` may currently sign for `consumer` (authorised, not revoked, not expired;
    /// its cap may be used up).
    function isSessionKeyActive(address consumer, address key) external view returns (bool);
    /// @notice The EIP-712 digest a signer signs for `voucher`.
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32);
    /// @notice Royalties accrued to `assetId` as a lineage parent, claimable by its owner.
    function royaltiesOf(uint256 assetId) external view returns (uint256);
    /// @notice Protocol fees accrued, claimable to the treasury.
    function protocolFeesAccrued() external view returns (uint128);
    /// @notice StakingPool credits not yet paid in tokens (equals `StakingPool.unfundedFees`).
    function stakingFeesOwed() external view returns (uint256);
    /// @notice Protocol fee (bps).
    function protocolFeeBps() external view returns (uint16);
    /// @notice Delay (seconds) between a withdrawal request and its execution.
    function withdrawDelay() external view returns (uint64);
    /// @notice Receives protocol fees.
    function treasury() external view returns (address);
}
