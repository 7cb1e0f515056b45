// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDisputes} from "./IDisputes.sol";
import {IMarketErrors} from "./IMarketErrors.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IStakingPool} from "./IStakingPool.sol";

/// @title IComputeJobs
/// @notice Compute-to-data: the algorithm goes to the data, the data never leaves its owner.
///
/// **Approval.** The owner of a registry dataset approves an algorithm for it by the algorithm's
/// content hash (the hash of a registry model's current version, or a raw code hash), keyed O(1) by
/// (datasetId, algorithmHash). The approval fixes the price per job, the compute provider (a registry
/// asset whose StakingPool pool answers for the provider), the shares of the provider and of the
/// algorithm owner, and the compliance conditions a consumer must meet: every bit of
/// `requiredFlags` among the flags it declares (purpose, jurisdiction, ...) and its licence class
/// among `allowedLicenceClasses`. Re-approval replaces the terms; revocation ends them; both are
/// events. An approval lapses when the dataset changes hands (the buyer approves anew).
///
/// **Jobs.** A consumer orders (dataset, algorithm hash, parameters hash, max price, deadline,
/// declared flags, licence class); the price is pulled into escrow and the approval's terms are
/// copied into the job, so a later re-pricing or revocation never changes a job already ordered
/// (and `maxPrice` protects the order from a price raised in front of it). The provider — the owner
/// of the approval's provider asset, while that asset is serving in the StakingPool (owner self-stake
/// ≥ the pool minimum) — accepts, runs the job off-chain and posts the result hash and log hash with
/// an EIP-712 `ResultReceipt` signed by the provider asset's signer (`registry.signerOf`). The
/// consumer accepts the result (payment released at once) or disputes it within `REVIEW_WINDOW`;
/// the Disputes arbiter (`DISPUTES.arbiter()`, changed only through Disputes' queued delay) then
/// refunds at most the job's escrow within `RESOLUTION_WINDOW`, the rest is released. Timeouts are
/// open to anyone: a job without a result at its deadline is refunded in full, a posted result not
/// disputed within the review window is released, a dispute not ruled on within the resolution
/// window is released. The provider's stake is put at risk through `Disputes.openDispute` against
/// its provider asset (the signed receipt and the job's events are the evidence).
///
/// **Dispute bond.** A dispute freezes the provider's, the dataset owner's and the algorithm owner's
/// payment for up to `RESOLUTION_WINDOW`, so it is not free: the consumer posts a bond of
/// `max(price × DISPUTE_BOND_BPS, MIN_DISPUTE_BOND)` (bps rounded up; both immutable, see
/// `disputeBond`) when it disputes. The arbiter's refund decides it pro rata: the consumer gets back
/// `bond × refund / price` (rounded down), so a dispute upheld in full returns the whole bond and a
/// rejected one none; the forfeited rest pays the protocol fee (`FEE_BPS`, rounded up) to the
/// treasury and the remainder to the provider who accepted the job — the party whose work was
/// challenged and who answers with evidence. A dispute left unruled past the resolution window is
/// released in the provider's favour and forfeits the whole bond likewise. The fee cut means a
/// consumer who is also the provider still pays for freezing the dataset owner's share.
///
/// **Payment.** A released amount splits: protocol fee (`FEE_BPS`, rounded up) to the Disputes
/// treasury; of the rest, `providerBps` (rounded down) to the provider, `algorithmBps` (rounded
/// down) to the algorithm asset — its lineage parents' owners take their registry royalty shares of
/// it (rounded down, at most `MAX_PARENTS` of them), its owner the remainder — and everything left
/// to the dataset owner. All as claimable balances (`claim`).
///
/// **Consumer money.** Locked at most until the job's deadline (≤ `MAX_JOB_DURATION` after the
/// order) when no result comes — the refund is open at the deadline itself, with no extra claim
/// timeout — and a result posted at the deadline is released or refunded at most `REVIEW_WINDOW`
/// (+ `RESOLUTION_WINDOW` if disputed) later. An order no provider has accepted is cancellable by
/// the consumer at any time.
interface IComputeJobs is IMarketErrors {
    /// @notice Lifecycle of a job. Refunded and Released are terminal.
    enum JobStatus {
        None,
        Ordered,
        Accepted,
        Posted,
        Disputed,
        Released,
        Refunded
    }

    /// @notice The terms a dataset owner set for one algorithm on its dataset.
    /// @param price Tokens per job.
    /// @param requiredFlags Compliance bits the consumer must declare, all of them (purpose, jurisdiction...).
    /// @param allowedLicenceClasses Bit `c` set: a consumer of licence class `c` (0..255) may order.
    /// @param providerBps Share of the net price (after the protocol fee) for the compute provider.
    /// @param algorithmBps Share of the net price for the algorithm asset (0 when `algorithmAssetId` is 0).
    /// @param providerAssetId The registry asset whose owner runs the jobs and whose pool answers for it.
    /// @param algorithmAssetId The registry model the algorithm hash belongs to (0: a raw code hash).
    /// @param approver The dataset owner who approved (the approval lapses when the dataset changes hands).
    struct Approval {
        uint128 price;
        uint64 requiredFlags;
        uint16 providerBps;
        uint16 algorithmBps;
        bool active;
        uint256 allowedLicenceClasses;
        uint64 providerAssetId;
        uint64 algorithmAssetId;
        address approver;
    }

    /// @notice What an approval is asked to be (see `Approval`).
    struct ApprovalTerms {
        uint128 price;
        uint64 requiredFlags;
        uint256 allowedLicenceClasses;
        uint256 providerAssetId;
        uint256 algorithmAssetId;
        uint16 providerBps;
        uint16 algorithmBps;
    }

    /// @notice What a consumer orders.
    struct Order {
        uint256 datasetId;
        bytes32 algorithmHash;
        bytes32 paramsHash;
        uint128 maxPrice;
        uint64 deadline;
        uint64 declaredFlags;
        uint8 licenceClass;
    }

    /// @notice A stored job: the approval's terms as they were at the order.
    struct Job {
        address consumer;
        JobStatus status;
        uint64 deadline;
        address provider;
        uint64 windowEnds;
        uint128 price;
        uint64 datasetId;
        uint16 providerBps;
        uint16 algorithmBps;
        uint64 providerAssetId;
        uint64 algorithmAssetId;
        bytes32 algorithmHash;
        bytes32 resultHash;
    }

    /// @notice The provider's signed statement of a result (EIP-712 type
    /// `ResultReceipt(uint256 jobId,bytes32 algorithmHash,bytes32 resultHash,bytes32 logHash)` under
    /// `EIP712("ComputeJobs", "1")`).
    struct ResultReceipt {
        uint256 jobId;
        bytes32 algorithmHash;
        bytes32 resultHash;
        bytes32 logHash;
    }

    /// @notice `assetId` is not a dataset.
    error NotADataset(uint256 assetId);
    /// @notice `assetId` is not a model (algorithms listed in the registry are models).
    error NotAnAlgorithm(uint256 assetId);
    /// @notice The algorithm hash is not the content hash of the algorithm asset's current version.
    error AlgorithmHashMismatch(uint256 algorithmAssetId, bytes32 algorithmHash, bytes32 currentHash);
    /// @notice An algorithm share without an algorithm asset to pay.
    error AlgorithmShareWithoutAsset(uint16 algorithmBps);
    /// @notice Provider and algorithm shares add up to more than 100 %.
    error SharesAboveTotal(uint256 providerBps, uint256 algorithmBps);
    /// @notice The zero hash was given as an algorithm hash.
    error ZeroAlgorithmHash();
    /// @notice `algorithmHash` is not approved (or no longer) for `datasetId`.
    error AlgorithmNotApproved(uint256 datasetId, bytes32 algorithmHash);
    /// @notice The dataset is paused: it takes no orders.
    error DatasetPaused(uint256 datasetId);
    /// @notice The dataset is taken down (`status` Suspended or Denied, by the guardian or governance):
    /// it takes no orders while the takedown is in effect.
    error DatasetTakenDown(uint256 datasetId, IModelRegistry.AssetStatus status);
    /// @notice The approved price is above the consumer's maximum.
    error PriceAboveMax(uint256 datasetId, bytes32 algorithmHash, uint256 price, uint256 maxPrice);
    /// @notice The consumer's declared flags or licence class do not meet the approval's conditions.
    error ComplianceRefused(
        uint256 datasetId,
        bytes32 algorithmHash,
        uint64 declaredFlags,
        uint64 requiredFlags,
        uint8 licenceClass,
        uint256 allowedLicenceClasses
    );
    /// @notice The deadline is not in (now, now + MAX_JOB_DURATION].
    error DeadlineOutOfRange(uint256 deadline, uint256 earliest, uint256 latest);
    /// @notice The job is in `status`, not the one this step needs.
    error WrongJobStatus(uint256 jobId, JobStatus status);
    /// @notice `caller` is not the job's consumer.
    error NotJobConsumer(uint256 jobId, address caller);
    /// @notice `caller` is not the job's provider (the one who accepted it, or the provider asset's owner).
    error NotJobProvider(uint256 jobId, address caller, address provider);
    /// @notice The provider asset is not serving (paused, retired or its owner's self-stake below the minimum).
    error ProviderNotStaked(uint256 providerAssetId);
    /// @notice The job's deadline has passed.
    error JobExpired(uint256 jobId, uint256 deadline);
    /// @notice The job's deadline has not passed yet.
    error JobNotExpired(uint256 jobId, uint256 deadline);
    /// @notice The review or resolution window of the job is still open.
    error WindowOpen(uint256 jobId, uint256 windowEnds);
    /// @notice The review or resolution window of the job has closed.
    error WindowClosed(uint256 jobId, uint256 windowEnds);
    /// @notice The receipt was not signed by the provider asset's signer.
    error BadResultSignature(uint256 jobId, address signer);
    /// @notice The result hash was zero.
    error ZeroResultHash();
    /// @notice The caller is not the Disputes arbiter.
    error NotArbiter(address caller);
    /// @notice A constructor parameter out of its bounds (fee above `MAX_FEE_BPS`, bond above 100 %).
    error ParameterOutOfBounds(uint256 value, uint256 minimum, uint256 maximum);
    /// @notice The refund exceeds the job's escrow.
    error RefundAboveEscrow(uint256 jobId, uint256 refund, uint256 escrow);
    /// @notice The consumer allowed this contract less than the dispute bond (`disputeBond(price)`).
    error DisputeBondNotApproved(uint256 jobId, uint256 allowance, uint256 bond);

    /// @notice The contract's fixed parameters (emitted once, at construction).
    event ComputeJobsConfigured(
        uint16 feeBps,
        uint64 maxJobDuration,
        uint64 reviewWindow,
        uint64 resolutionWindow,
        uint16 disputeBondBps,
        uint128 minDisputeBond
    );
    /// @notice A dataset owner approved (or re-approved, replacing the terms) an algorithm for its dataset.
    event AlgorithmApproved(
        uint256 indexed datasetId,
        bytes32 indexed algorithmHash,
        address indexed approver,
        uint128 price,
        uint64 requiredFlags,
        uint256 allowedLicenceClasses,
        uint256 providerAssetId,
        uint256 algorithmAssetId,
        uint16 providerBps,
        uint16 algorithmBps
    );
    /// @notice A dataset owner revoked an algorithm's approval (jobs already ordered keep their terms).
    event AlgorithmRevoked(uint256 indexed datasetId, bytes32 indexed algorithmHash, address indexed revoker);
    /// @notice A consumer ordered a job; `price` is in escrow.
    event JobOrdered(
        uint256 indexed jobId,
        uint256 indexed datasetId,
        address indexed consumer,
        bytes32 algorithmHash,
        bytes32 paramsHash,
        uint128 price,
        uint64 deadline,
        uint64 declaredFlags,
        uint8 licenceClass
    );
    /// @notice `provider` (owner of `providerAssetId`) accepted the job.
    event JobAccepted(uint256 indexed jobId, address indexed provider, uint256 indexed providerAssetId);
    /// @notice The provider posted the result; the review window runs until `reviewEnds`.
    event ResultPosted(
        uint256 indexed jobId, address indexed provider, bytes32 resultHash, bytes32 logHash, uint64 reviewEnds
    );
    /// @notice The consumer disputed the result and posted `bond`; the arbiter may rule until `resolutionEnds`.
    event JobDisputed(
        uint256 indexed jobId, address indexed consumer, bytes32 evidenceHash, uint64 resolutionEnds, uint256 bond
    );
    /// @notice A disputed job's bond was settled: `returned` credited back to the consumer, the
    /// forfeited rest split into `protocolFee` (treasury) and `providerShare` (the job's provider).
    event DisputeBondSettled(
        uint256 indexed jobId,
        address indexed consumer,
        address indexed provider,
        uint256 returned,
        uint256 providerShare,
        uint256 protocolFee
    );
    /// @notice The arbiter ruled on a disputed job: `refund` back to the consumer, the rest released.
    event DisputeResolved(uint256 indexed jobId, address indexed arbiter, uint256 refund);
    /// @notice The job's payment (`amount`, after any refund) was split: the protocol fee to the
    /// treasury, the provider's and the algorithm's shares, the rest (`datasetShare`) to the dataset owner.
    event JobReleased(
        uint256 indexed jobId,
        address indexed caller,
        uint256 amount,
        uint256 protocolFee,
        uint256 providerShare,
        uint256 algorithmShare,
        uint256 datasetShare
    );
    /// @notice A lineage parent's owner was credited its royalty on an algorithm share.
    event RoyaltyCredited(uint256 indexed jobId, uint256 indexed parentId, address indexed parentOwner, uint256 amount);
    /// @notice The job was refunded in full (no result by the deadline, or cancelled before acceptance).
    event JobRefunded(uint256 indexed jobId, address indexed caller, uint256 amount);
    /// @notice `account` was paid its claimable balance.
    event Claimed(address indexed account, uint256 amount);

    // ---------------------------------------------------------------- constants and wiring

    /// @notice Most protocol fee a deployment may set, in bps.
    function MAX_FEE_BPS() external view returns (uint16);
    /// @notice Protocol fee, in bps of a released amount (rounded up).
    function FEE_BPS() external view returns (uint16);
    /// @notice Longest time (seconds) between an order and its deadline.
    function MAX_JOB_DURATION() external view returns (uint64);
    /// @notice Time (seconds) after a result is posted during which the consumer may dispute it.
    function REVIEW_WINDOW() external view returns (uint64);
    /// @notice Time (seconds) after a dispute during which the arbiter may rule.
    function RESOLUTION_WINDOW() external view returns (uint64);
    /// @notice Dispute bond, in bps of the job's price (rounded up; at most 100 %).
    function DISPUTE_BOND_BPS() external view returns (uint16);
    /// @notice Least dispute bond, in tokens (non-zero: a dispute of a cheap job still costs something).
    function MIN_DISPUTE_BOND() external view returns (uint128);
    /// @notice keccak256 of the EIP-712 `ResultReceipt` type string.
    function RESULT_RECEIPT_TYPEHASH() external view returns (bytes32);
    /// @notice The payment token.
    function TOKEN() external view returns (IERC20);
    /// @notice The ModelRegistry.
    function REGISTRY() external view returns (IModelRegistry);
    /// @notice The StakingPool whose pools answer for providers.
    function STAKING() external view returns (IStakingPool);
    /// @notice Disputes: its arbiter rules on compute disputes, its treasury takes the fee, it slashes providers.
    function DISPUTES() external view returns (IDisputes);

    // ---------------------------------------------------------------- dataset owner

    /// @notice Approves (or re-approves with new terms) `algorithmHash` for `datasetId`. Dataset owner
    /// only; the dataset must not be retired; a registry algorithm must be a model whose current
    /// version has exactly this hash; the provider asset must exist.
    function approveAlgorithm(uint256 datasetId, bytes32 algorithmHash, ApprovalTerms calldata terms) external;

    /// @notice Revokes the approval of `algorithmHash` for `datasetId`. Dataset owner only.
    function revokeAlgorithm(uint256 datasetId, bytes32 algorithmHash) external;

    // ---------------------------------------------------------------- jobs

    /// @notice Orders a job and pulls the approved price into escrow (approve this contract first).
    /// @return jobId The new job's id (starting at 1).
    function orderJob(Order calldata order) external returns (uint256 jobId);

    /// @notice Cancels an order no provider has accepted yet; full refund. Consumer only.
    function cancelJob(uint256 jobId) external;

    /// @notice The provider (owner of the job's provider asset, while it is serving) accepts the job
    /// before its deadline.
    function acceptJob(uint256 jobId) external;

    /// @notice The provider who accepted posts the result before the deadline, with the receipt
    /// `{jobId, job.algorithmHash, resultHash, logHash}` signed by `registry.signerOf(providerAssetId)`
    /// (EOA or ERC-1271).
    function postResult(uint256 jobId, bytes32 resultHash, bytes32 logHash, bytes calldata signature) external;

    /// @notice The consumer accepts the posted result: the payment is released at once.
    function acceptResult(uint256 jobId) external;

    /// @notice The consumer disputes the posted result within the review window and posts the
    /// dispute bond `disputeBond(job.price)` (approve this contract first).
    function disputeResult(uint256 jobId, bytes32 evidenceHash) external;

    /// @notice The Disputes arbiter rules on a disputed job within the resolution window: `refund`
    /// (≤ the job's escrow) to the consumer, the rest released; the consumer gets back
    /// `bond × refund / price` of its bond, the rest is forfeited (fee to the treasury, rest to the provider).
    function resolveDispute(uint256 jobId, uint256 refundAmount) external;

    /// @notice Anyone: releases a posted result whose review window passed, or a disputed job whose
    /// resolution window passed (its dispute bond forfeited to the provider, less the protocol fee).
    function release(uint256 jobId) external;

    /// @notice Anyone: refunds in full a job (ordered or accepted) with no result at its deadline.
    function refund(uint256 jobId) external;

    /// @notice Pays the caller its claimable balance.
    /// @return amount Tokens paid.
    function claim() external returns (uint256 amount);

    // ---------------------------------------------------------------- views

    /// @notice The approval of `algorithmHash` for `datasetId` (inactive: none or revoked).
    function getApproval(uint256 datasetId, bytes32 algorithmHash) external view returns (Approval memory);
    /// @notice A stored job.
    function getJob(uint256 jobId) external view returns (Job memory);
    /// @notice Number of jobs ordered so far (ids run from 1 to this).
    function jobCount() external view returns (uint256);
    /// @notice Tokens held for jobs not yet released or refunded, and the bonds of open disputes.
    function totalEscrow() external view returns (uint256);
    /// @notice Tokens credited and not yet claimed, all accounts together.
    function totalClaimable() external view returns (uint256);
    /// @notice Tokens `account` can claim.
    function claimable(address account) external view returns (uint256);
    /// @notice The bond a consumer posts to dispute a job of `price`:
    /// `max(ceil(price × DISPUTE_BOND_BPS / 10_000), MIN_DISPUTE_BOND)`.
    function disputeBond(uint256 price) external view returns (uint256);
    /// @notice The EIP-712 digest a provider signs for `receipt`.
    function resultReceiptDigest(ResultReceipt calldata receipt) external view returns (bytes32);
}
