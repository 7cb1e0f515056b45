// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDelayedChanges} from "./IDelayedChanges.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IStakingPool} from "./IStakingPool.sol";
import {IUsagePayments} from "./IUsagePayments.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IDisputes
/// @notice Bonded disputes against assets, resolved by a bounded arbiter, and arbiter-free slashing
/// on proof of equivocation. Payouts are pull payments (`claim`, or `claimFor` by anyone).
///
/// **Disputes.** Anyone opens a dispute with a bond (one open dispute per reporter and asset); while
/// any dispute against an asset is open, the StakingPool holds its matured withdrawals (each at most
/// `MAX_WITHDRAWAL_FREEZE` past its own end). The arbiter upholds (slash, reward, refund) or rejects
/// (bond to the treasury) within the resolution window; after it anyone times the dispute out (bond
/// back). The arbiter is bounded: a slash is clamped by the StakingPool to its cap (`MAX_SLASH_BPS` of
/// the stake per slash and per slash window of one thawing period, however many disputes are upheld);
/// a refund is at most the consumer's claim and at most what that consumer had paid the asset
/// (`IUsagePayments.spentBy`, read when the latest dispute naming that consumer and asset was opened)
/// less what it was already refunded for it; and reporter reward + refund
/// ≤ `MAX_PAYOUT_BPS` of the slash (the treasury gets the rest). So an arbiter that opens disputes
/// itself and names itself the consumer gets back at most what it paid plus the reporter reward, and
/// all its payouts together stay ≤ `MAX_PAYOUT_BPS` × the per-window cap per asset per thawing period.
///
/// **Equivocation.** The asset's signer (`registry.signerOf`) signs an EIP-712 `Receipt` per
/// inference, with the time it was issued, under `EIP712("Disputes", "1")`. Two receipts for the
/// same (requestHash, assetId, version) with different responses, signed by one key, prove
/// equivocation if that key is the signer now, or was retired (operator rotation) less than
/// `EVIDENCE_WINDOW` ago and both receipts were issued before its retirement; receipts issued before
/// the asset's last transfer never count (`registry.lastTransferAt`), so a seller's key can never
/// slash the buyer. What a rotated-out key can still do: sign receipts dated before its rotation
/// that slash the pool for `EVIDENCE_WINDOW` after the rotation; the owner who rotated it bears that
/// (first loss), delegators only beyond its self-stake. The finder commits first
/// (`commitEquivocation(keccak256(abi.encode(finder, digestA, digestB)))`) and proves in a later block;
/// the reward goes to the committed finder whoever submits, so a copied transaction pays the finder.
/// The reward is `reporterRewardBps` of the slash but at most what the slash took from self-stake
/// (the pool's first loss), so an owner colluding with the finder never profits from its
/// delegators' loss. One proof per (assetId, version, requestHash); one equivocation slash per asset
/// per `EQUIVOCATION_COOLDOWN`.
interface IDisputes is IMarketErrors, IDelayedChanges {
    /// @notice Lifecycle of a dispute.
    enum DisputeStatus {
        None,
        Open,
        Upheld,
        Rejected,
        TimedOut
    }

    /// @notice A stored dispute (evidence hash and URI are in the `DisputeOpened` event only), three
    /// slots: asset id and refund claim share one (asset ids are a registry counter, far below 2**64; a
    /// refund claim above 2**128 - 1 is stored as that, more than any lane can ever have paid).
    /// @param assetId The disputed asset.
    /// @param reporter Who opened the dispute and posted the bond.
    /// @param deadline End of the resolution window (timestamp).
    /// @param status Lifecycle state.
    /// @param consumer Harmed consumer named by the reporter (zero: none).
    /// @param bond Bond posted by the reporter.
    /// @param refundClaim Most the consumer may be refunded.
    struct Dispute {
        uint64 assetId;
        uint128 refundClaim;
        address reporter;
        uint64 deadline;
        DisputeStatus status;
        address consumer;
        uint96 bond;
    }

    /// @notice An inference receipt signed by the asset's signer (EIP-712 type
    /// `Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version,uint64 issuedAt)`).
    struct Receipt {
        bytes32 requestHash;
        bytes32 responseHash;
        uint256 assetId;
        uint32 version;
        uint64 issuedAt;
    }

    /// @notice The caller is not the arbiter.
    error NotArbiter(address caller);
    /// @notice The bond is below the minimum (or above what a dispute can hold).
    error BondOutOfRange(uint256 bond, uint256 minimum, uint256 maximum);
    /// @notice The evidence hash was zero.
    error EmptyEvidence();
    /// @notice A refund claim without a consumer to refund.
    error RefundWithoutConsumer(uint256 refundClaim);
    /// @notice The reporter already has an open dispute against this asset.
    error DisputeAlreadyOpen(uint256 assetId, address reporter, uint256 disputeId);
    /// @notice The dispute is not open (unknown or already settled).
    error DisputeNotOpen(uint256 disputeId, DisputeStatus status);
    /// @notice The resolution window of the dispute has closed: it can only time out.
    error ResolutionWindowClosed(uint256 disputeId, uint256 deadline);
    /// @notice The resolution window of the dispute is still open: it cannot time out yet.
    error ResolutionWindowOpen(uint256 disputeId, uint256 deadline);
    /// @notice The refund exceeds the consumer's claim.
    error RefundAboveClaim(uint256 disputeId, uint256 refund, uint256 claim);
    /// @notice A receipt is dated in the future.
    error ReceiptFromFuture(uint256 assetId, uint256 issuedAt, uint256 now_);
    /// @notice A receipt was issued before the asset's last transfer (or, for a retired key, at or after
    /// its retirement): it proves nothing against the current pool.
    error ReceiptOutsideSignerTerm(uint256 assetId, address signer, uint256 issuedAt);
    /// @notice No commitment of `finder` to this evidence from an earlier block.
    error EquivocationNotCommitted(address finder, bytes32 commitment);
    /// @notice Two receipts that are not for the same (requestHash, assetId, version).
    error ReceiptsNotComparable();
    /// @notice Two receipts with the same response: no equivocation.
    error SameResponse(bytes32 responseHash);
    /// @notice A receipt signature is malformed or malleable (OZ ECDSA `RecoverError` code and argument).
    error MalformedReceiptSignature(uint8 recoverError, bytes32 errorArg);
    /// @notice A receipt was not signed by the asset's signer: `expected` is the current signer (first
    /// receipt: its key is neither the current signer nor retired less than `EVIDENCE_WINDOW` ago)
    /// or the first receipt's signer (second receipt: both must come from the same key).
    error WrongReceiptSigner(uint256 assetId, address recovered, address expected);
    /// @notice The asset was slashed for equivocation less than `EQUIVOCATION_COOLDOWN` ago; the
    /// evidence stays valid and can be proven from `availableAt`.
    error EquivocationCooldown(uint256 assetId, uint256 availableAt);
    /// @notice The resolution window would exceed the StakingPool's thawing period, letting stakers
    /// withdraw before an open dispute is resolved.
    error ResolutionWindowNotBelowThawing(uint256 window, uint256 thawingPeriod);
    /// @notice This equivocation (assetId, version, requestHash) has already been proven.
    error EquivocationAlreadyProven(uint256 assetId, uint32 version, bytes32 requestHash);
    /// @notice An admin parameter outside its bounds.
    error ParameterOutOfBounds(uint256 value, uint256 minimum, uint256 maximum);

    /// @notice A dispute was opened.
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed assetId,
        address indexed reporter,
        uint256 bond,
        bytes32 evidenceHash,
        string evidenceURI,
        address consumer,
        uint256 refundClaim,
        uint64 deadline
    );
    /// @notice The arbiter upheld a dispute: `slashed` tokens split into reward, refund and treasury share.
    event DisputeUpheld(
        uint256 indexed disputeId,
        uint256 indexed assetId,
        uint256 slashed,
        uint256 reporterReward,
        uint256 refund,
        uint256 treasuryAmount
    );
    /// @notice The arbiter rejected a dispute; the bond was forfeited to the treasury.
    event DisputeRejected(uint256 indexed disputeId, uint256 indexed assetId, uint256 forfeitedBond);
    /// @notice A dispute was not resolved in its window; the bond was returned to the reporter.
    event DisputeTimedOut(uint256 indexed disputeId, uint256 indexed assetId, uint256 returnedBond);
    /// @notice Equivocation was proven and the pool slashed (`finderReward` is capped by the
    /// self-stake's loss); the asset's equivocation cooldown starts.
    event EquivocationProven(
        uint256 indexed assetId,
        uint32 indexed version,
        bytes32 indexed requestHash,
        address finder,
        uint256 slashed,
        uint256 finderReward,
        uint256 treasuryAmount
    );
    /// @notice `commitment` (see `equivocationCommitment`) was recorded in this block.
    event EquivocationCommitted(bytes32 indexed commitment, address indexed sender);
    /// @notice `account` was paid its claimable balance.
    event Claimed(address indexed account, uint256 amount);
    /// @notice The arbiter changed.
    event ArbiterUpdated(address oldArbiter, address newArbiter);
    /// @notice The treasury changed.
    event TreasuryUpdated(address oldTreasury, address newTreasury);
    /// @notice The minimum bond changed.
    event MinBondUpdated(uint256 oldMinBond, uint256 newMinBond);
    /// @notice The resolution window changed (applies to disputes opened from now on).
    event ResolutionWindowUpdated(uint64 oldWindow, uint64 newWindow);
    /// @notice The reporter reward share changed.
    event ReporterRewardUpdated(uint16 oldRewardBps, uint16 newRewardBps);

    // ---------------------------------------------------------------- constants and wiring

    /// @notice Most reporter reward + refund may take of one slash, in bps (the treasury gets the rest).
    function MAX_PAYOUT_BPS() external view returns (uint256);
    /// @notice UsagePayments (`spentBy` bounds refunds).
    function PAYMENTS() external view returns (IUsagePayments);
    /// @notice Slash for a proven equivocation, in bps of the pool's total stake (≤ the StakingPool cap).
    function EQUIVOCATION_SLASH_BPS() external view returns (uint256);
    /// @notice Highest reporter reward share, in bps of the slashed tokens.
    function MAX_REPORTER_REWARD_BPS() external view returns (uint16);
    /// @notice Bounds of `minBond`.
    function MIN_BOND_FLOOR() external view returns (uint256);
    function MIN_BOND_CEILING() external view returns (uint256);
    /// @notice Bounds of `resolutionWindow` (seconds); it must also stay ≤ the StakingPool's thawing period.
    function MIN_RESOLUTION_WINDOW() external view returns (uint64);
    function MAX_RESOLUTION_WINDOW() external view returns (uint64);
    /// @notice Minimum time (seconds) between two equivocation slashes of one asset.
    function EQUIVOCATION_COOLDOWN() external view returns (uint64);
    /// @notice How long (seconds) after a key stops being an asset's signer its receipts still prove
    /// equivocation (see `IModelRegistry.signerRetiredAt`).
    function EVIDENCE_WINDOW() external view returns (uint64);
    /// @notice keccak256 of the EIP-712 `Receipt` type string.
    function RECEIPT_TYPEHASH() external view returns (bytes32);
    /// @notice The bond and payout token.
    function TOKEN() external view returns (IERC20);
    /// @notice The ModelRegistry.
    function REGISTRY() external view returns (IModelRegistry);
    /// @notice The StakingPool this contract slashes.
    function STAKING() external view returns (IStakingPool);

    // ---------------------------------------------------------------- disputes

    /// @notice Opens a dispute against `assetId`, pulling `bond` from the caller. One open dispute per
    /// (asset, reporter): a reporter must wait for its previous dispute on the asset to settle.
    /// @param consumer Harmed consumer to refund if upheld (zero: none; then `refundClaim` must be 0).
    /// @return disputeId The new dispute's id (starting at 1).
    function openDispute(
        uint256 assetId,
        uint256 bond,
        bytes32 evidenceHash,
        string calldata evidenceURI,
        address consumer,
        uint256 refundClaim
    ) external returns (uint256 disputeId);

    /// @notice Upholds an open dispute within its window: slashes `min(slashAmount, the pool's slash
    /// cap now)` and credits the reporter its bond plus `reporterRewardBps` of the slashed tokens, the
    /// consumer `refund` clamped to what it had paid the asset (when the latest dispute naming it for the
    /// asset was opened) not yet refunded and to `MAX_PAYOUT_BPS` of
    /// the slash less the reward, the treasury the remainder. Arbiter only; `refund` ≤ the claim.
    /// @return slashed Tokens actually slashed.
    function upholdDispute(uint256 disputeId, uint256 slashAmount, uint256 refund) external returns (uint256 slashed);

    /// @notice Rejects an open dispute within its window; the bond goes to the treasury. Arbiter only.
    function rejectDispute(uint256 disputeId) external;

    /// @notice Closes an open dispute whose window has passed and returns the bond. Anyone.
    function timeoutDispute(uint256 disputeId) external;

    /// @notice Records `commitment` = `equivocationCommitment(finder, a, b)` (first record kept). Anyone.
    function commitEquivocation(bytes32 commitment) external;

    /// @notice Proves equivocation (see the contract notice): slashes `EQUIVOCATION_SLASH_BPS` of the
    /// pool (clamped to its cap) and credits `finder` `min(reporterRewardBps of the slash, what the
    /// slash took from self-stake)`, the treasury the rest. Needs `finder`'s commitment to (a, b) from
    /// an earlier block. Each (assetId, version, requestHash) once; one proof per asset per
    /// `EQUIVOCATION_COOLDOWN`.
    /// @return slashed Tokens slashed.
    function proveEquivocation(
        Receipt calldata a,
        bytes calldata sigA,
        Receipt calldata b,
        bytes calldata sigB,
        address finder
    ) external returns (uint256 slashed);

    /// @notice Pays the caller's claimable balance.
    /// @return amount Tokens paid.
    function claim() external returns (uint256 amount);

    /// @notice Pays `account` (never the caller) its claimable balance. Anyone.
    /// @return amount Tokens paid.
    function claimFor(address account) external returns (uint256 amount);

    // ---------------------------------------------------------------- admin (Ownable2Step owner)

    /// @notice Queues a new arbiter (parameter "arbiter"). Admin only; applies after `changeDelay()`.
    function setArbiter(address newArbiter) external;
    /// @notice Queues a new treasury (parameter "treasury"). Admin only.
    function setTreasury(address newTreasury) external;
    /// @notice Queues a new minimum bond (parameter "minBond"). Admin only, within bounds.
    function setMinBond(uint256 newMinBond) external;
    /// @notice Queues the resolution window of disputes opened after it applies (parameter
    /// "resolutionWindow"). Admin only, within bounds and ≤ `STAKING.thawingPeriod()`
    /// (`ResolutionWindowNotBelowThawing`, checked again when it applies).
    function setResolutionWindow(uint64 newWindow) external;
    /// @notice Queues the reporter reward share (parameter "reporterRewardBps"). Admin only, ≤
    /// `MAX_REPORTER_REWARD_BPS`.
    function setReporterRewardBps(uint16 newRewardBps) external;

    // ---------------------------------------------------------------- views

    /// @notice The arbiter.
    function arbiter() external view returns (address);
    /// @notice The treasury.
    function treasury() external view returns (address);
    /// @notice The minimum bond.
    function minBond() external view returns (uint256);
    /// @notice The resolution window (seconds) of new disputes.
    function resolutionWindow() external view returns (uint64);
    /// @notice The reporter reward share (bps of slashed tokens).
    function reporterRewardBps() external view returns (uint16);
    /// @notice Number of disputes opened so far (ids run from 1 to this).
    function disputeCount() external view returns (uint256);
    /// @notice Tokens `account` can claim.
    function claimable(address account) external view returns (uint256);
    /// @notice The open dispute of `reporter` against `assetId` (0: none).
    function openDisputeOf(uint256 assetId, address reporter) external view returns (uint256);
    /// @notice Number of open disputes against `assetId` (its withdrawals are frozen while > 0).
    function openDisputeCount(uint256 assetId) external view returns (uint256);
    /// @notice Refunds credited so far to `consumer` for `assetId` (bounded by what it had paid when the
    /// latest dispute naming it for the asset was opened).
    function refunded(address consumer, uint256 assetId) external view returns (uint256);
    /// @notice Block of the commitment's first record (0: none).
    function equivocationCommitments(bytes32 commitment) external view returns (uint256);
    /// @notice The commitment a finder records before proving: keccak256(abi.encode(finder,
    /// receiptDigest(a), receiptDigest(b))).
    function equivocationCommitment(address finder, Receipt calldata a, Receipt calldata b)
        external
        view
        returns (bytes32);
    /// @notice When `assetId` was last slashed for equivocation (0: never); the next proof is accepted
    /// from this time + `EQUIVOCATION_COOLDOWN`.
    function lastEquivocationAt(uint256 assetId) external view returns (uint64);
    /// @notice Whether the equivocation (assetId, version, requestHash) has been proven.
    function equivocationProven(uint256 assetId, uint32 version, bytes32 requestHash) external view returns (bool);
    /// @notice A stored dispute.
    function getDispute(uint256 disputeId) external view returns (Dispute memory);
    /// @notice The EIP-712 digest a signer signs for `receipt`.
    function receiptDigest(Receipt calldata receipt) external view returns (bytes32);
}
