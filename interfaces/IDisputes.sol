// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IStakingPool} from "./IStakingPool.sol";

/// @title IDisputes
/// @notice Disputes against listed assets, and objective slashing for equivocation.
///
/// Subjective disputes: anyone opens a dispute against an asset with a bond (≥ `minBond`), an
/// evidence hash and URI, optionally naming a harmed consumer and a refund claim. Anti-spam: at most
/// ONE open dispute per (asset, reporter), plus the bond. Within the resolution window the arbiter
/// upholds (the asset's pool is slashed, capped by the StakingPool; the reporter gets
/// `reporterRewardBps` of the slashed tokens, the consumer a refund up to the claim from the rest,
/// the treasury the remainder; the bond is returned) or rejects (the bond is forfeited to the
/// treasury — not to the asset owner, so that an owner cannot bait or self-file disputes at no cost
/// and the arbiter's time is paid for). After the window anyone can time an unresolved dispute out
/// and the bond returns to the reporter.
///
/// The resolution window never exceeds the StakingPool's thawing period (checked when it is set), so
/// stake that starts thawing after a dispute is opened is still slashable until the dispute's deadline.
///
/// Objective slashing: the asset's signer (`registry.signerOf`) signs an EIP-712 `Receipt` per
/// inference under the domain `EIP712("Disputes", "1")`. Two valid receipts for the same
/// (requestHash, assetId, version) with different responseHash, both signed by one key that is the
/// asset's signer now or was retired less than `EVIDENCE_WINDOW` ago (`registry.signerRetiredAt`),
/// prove equivocation: anyone may submit them; the pool is slashed `EQUIVOCATION_SLASH_BPS` of its
/// total stake without an arbiter. The submitter earns `reporterRewardBps` of the slash, but at most
/// what the slash took from the current owner's self-stake, so an owner who equivocates on purpose
/// and submits through an accomplice never profits from its delegators' loss; the treasury gets the
/// rest. Each (assetId, version, requestHash) can be proven once, and an asset is slashed for
/// equivocation at most once per `EQUIVOCATION_COOLDOWN` (further evidence stays valid and can be
/// proven after the cooldown, as long as its signer is still current or within `EVIDENCE_WINDOW` of
/// its retirement).
///
/// Trade-off of the signer history: for `EVIDENCE_WINDOW` after a sale of the asset (or an operator
/// rotation), the old key can still be used as evidence against the asset, i.e. against the buyer's
/// pool. Buyers should expect that window; such a slash stays capped (`EQUIVOCATION_SLASH_BPS`) and
/// rate-limited by the cooldown.
///
/// Every payout is a pull payment: amounts are credited to `claimable` and paid by `claim()`.
interface IDisputes {
    /// @notice Lifecycle of a dispute.
    enum DisputeStatus {
        None,
        Open,
        Upheld,
        Rejected,
        TimedOut
    }

    /// @notice A stored dispute (evidence hash and URI are in the `DisputeOpened` event only).
    /// @param assetId The disputed asset.
    /// @param reporter Who opened the dispute and posted the bond.
    /// @param deadline End of the resolution window (timestamp).
    /// @param status Lifecycle state.
    /// @param consumer Harmed consumer named by the reporter (zero: none).
    /// @param bond Bond posted by the reporter.
    /// @param refundClaim Most the consumer may be refunded.
    struct Dispute {
        uint256 assetId;
        address reporter;
        uint64 deadline;
        DisputeStatus status;
        address consumer;
        uint96 bond;
        uint256 refundClaim;
    }

    /// @notice An inference receipt signed by the asset's signer (EIP-712 type
    /// `Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version)`).
    struct Receipt {
        bytes32 requestHash;
        bytes32 responseHash;
        uint256 assetId;
        uint32 version;
    }

    /// @notice A zero address was given where one is required.
    error ZeroAddress();
    /// @notice The token transfer delivered a different amount than requested.
    error FeeOnTransferUnsupported(uint256 expected, uint256 received);
    /// @notice The caller is not the arbiter.
    error NotArbiter(address caller);
    /// @notice The asset does not exist.
    error UnknownAsset(uint256 assetId);
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
    /// @notice The slash exceeds the pool's per-slash cap: raised by `StakingPool.slash` and bubbled up
    /// unchanged (same selector as the StakingPool's error).
    error SlashAboveCap(uint256 assetId, uint256 amount, uint256 cap);
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
    /// @notice Nothing to claim.
    error NothingToClaim(address account);
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
    /// @notice Equivocation was proven and the pool slashed (`submitterReward` is capped by the
    /// owner's self-stake loss); the asset's equivocation cooldown starts.
    event EquivocationProven(
        uint256 indexed assetId,
        uint32 indexed version,
        bytes32 indexed requestHash,
        address submitter,
        uint256 slashed,
        uint256 submitterReward,
        uint256 treasuryAmount
    );
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

    /// @notice Basis-point denominator (100 %).
    function BPS() external view returns (uint256);
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

    /// @notice Upholds an open dispute within its window: slashes `slashAmount` (≤ the pool's slash
    /// cap) and credits the reporter its bond plus `reporterRewardBps` of the slashed tokens, the
    /// consumer `min(refund, rest)`, the treasury the remainder. Arbiter only.
    /// @return slashed Tokens actually slashed.
    function upholdDispute(uint256 disputeId, uint256 slashAmount, uint256 refund) external returns (uint256 slashed);

    /// @notice Rejects an open dispute within its window; the bond goes to the treasury. Arbiter only.
    function rejectDispute(uint256 disputeId) external;

    /// @notice Closes an open dispute whose window has passed and returns the bond. Anyone.
    function timeoutDispute(uint256 disputeId) external;

    /// @notice Proves equivocation with two receipts for the same (requestHash, assetId, version) with
    /// different responses, both signed by one key that is `registry.signerOf(assetId)` or was retired
    /// less than `EVIDENCE_WINDOW` ago; slashes `EQUIVOCATION_SLASH_BPS` of the pool and credits the
    /// caller `min(reporterRewardBps of the slash, what the slash took from the current owner's
    /// self-stake)`, the treasury the rest. Each (assetId, version, requestHash) once; at most one
    /// proof per asset per `EQUIVOCATION_COOLDOWN` (`EquivocationCooldown`).
    /// @return slashed Tokens slashed.
    function proveEquivocation(Receipt calldata a, bytes calldata sigA, Receipt calldata b, bytes calldata sigB)
        external
        returns (uint256 slashed);

    /// @notice Pays the caller's claimable balance.
    /// @return amount Tokens paid.
    function claim() external returns (uint256 amount);

    // ---------------------------------------------------------------- admin (Ownable2Step owner)

    /// @notice Sets the arbiter. Admin only.
    function setArbiter(address newArbiter) external;
    /// @notice Sets the treasury. Admin only.
    function setTreasury(address newTreasury) external;
    /// @notice Sets the minimum bond. Admin only, within bounds.
    function setMinBond(uint256 newMinBond) external;
    /// @notice Sets the resolution window of disputes opened from now on. Admin only, within bounds and
    /// ≤ `STAKING.thawingPeriod()` (`ResolutionWindowNotBelowThawing`).
    function setResolutionWindow(uint64 newWindow) external;
    /// @notice Sets the reporter reward share. Admin only, ≤ `MAX_REPORTER_REWARD_BPS`.
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
