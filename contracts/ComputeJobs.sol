// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IComputeJobs} from "../interfaces/IComputeJobs.sol";
import {IDisputes} from "../interfaces/IDisputes.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";

/// @title ComputeJobs
/// @notice Compute-to-data jobs: approval by algorithm hash, escrowed orders, staked providers,
/// signed results, review, bounded disputes and open timeouts; pull payments.
contract ComputeJobs is IComputeJobs, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc IComputeJobs
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @inheritdoc IComputeJobs
    bytes32 public constant RESULT_RECEIPT_TYPEHASH =
        keccak256("ResultReceipt(uint256 jobId,bytes32 algorithmHash,bytes32 resultHash,bytes32 logHash)");

    /// @inheritdoc IComputeJobs
    IERC20 public immutable TOKEN;
    /// @inheritdoc IComputeJobs
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IComputeJobs
    IStakingPool public immutable STAKING;
    /// @inheritdoc IComputeJobs
    IDisputes public immutable DISPUTES;
    /// @inheritdoc IComputeJobs
    uint16 public immutable FEE_BPS;
    /// @inheritdoc IComputeJobs
    uint64 public immutable MAX_JOB_DURATION;
    /// @inheritdoc IComputeJobs
    uint64 public immutable REVIEW_WINDOW;
    /// @inheritdoc IComputeJobs
    uint64 public immutable RESOLUTION_WINDOW;
    /// @inheritdoc IComputeJobs
    uint16 public immutable DISPUTE_BOND_BPS;
    /// @inheritdoc IComputeJobs
    uint128 public immutable MIN_DISPUTE_BOND;

    mapping(uint256 datasetId => mapping(bytes32 algorithmHash => Approval approval)) private _approvals;
    mapping(uint256 jobId => Job job) private _jobs;
    /// @inheritdoc IComputeJobs
    mapping(address account => uint256 amount) public claimable;
    /// @inheritdoc IComputeJobs
    uint256 public jobCount;
    /// @inheritdoc IComputeJobs
    uint256 public totalEscrow;
    /// @inheritdoc IComputeJobs
    uint256 public totalClaimable;

    /// @param feeBps Protocol fee (≤ `MAX_FEE_BPS`), fixed for the deployment's life.
    /// @param maxJobDuration Longest order-to-deadline time; review and resolution windows likewise fixed.
    /// @param disputeBondBps Dispute bond in bps of the job price (≤ 100 %); `minDisputeBond` its non-zero floor.
    constructor(
        IERC20 token,
        IModelRegistry registry,
        IStakingPool staking,
        IDisputes disputes,
        uint16 feeBps,
        uint64 maxJobDuration,
        uint64 reviewWindow,
        uint64 resolutionWindow,
        uint16 disputeBondBps,
        uint128 minDisputeBond
    ) EIP712("ComputeJobs", "1") {
        if (
            address(token) == address(0) || address(registry) == address(0) || address(staking) == address(0)
                || address(disputes) == address(0)
        ) revert ZeroAddress();
        if (feeBps > MAX_FEE_BPS) revert ParameterOutOfBounds(feeBps, 0, MAX_FEE_BPS);
        if (disputeBondBps > BpsMath.BPS) revert ParameterOutOfBounds(disputeBondBps, 0, BpsMath.BPS);
        if (maxJobDuration == 0 || reviewWindow == 0 || resolutionWindow == 0 || minDisputeBond == 0) {
            revert ZeroAmount();
        }
        TOKEN = token;
        REGISTRY = registry;
        STAKING = staking;
        DISPUTES = disputes;
        FEE_BPS = feeBps;
        MAX_JOB_DURATION = maxJobDuration;
        REVIEW_WINDOW = reviewWindow;
        RESOLUTION_WINDOW = resolutionWindow;
        DISPUTE_BOND_BPS = disputeBondBps;
        MIN_DISPUTE_BOND = minDisputeBond;
        emit ComputeJobsConfigured(
            feeBps, maxJobDuration, reviewWindow, resolutionWindow, disputeBondBps, minDisputeBond
        );
    }

    // ---------------------------------------------------------------- dataset owner

    /// @inheritdoc IComputeJobs
    function approveAlgorithm(uint256 datasetId, bytes32 algorithmHash, ApprovalTerms calldata terms) external {
        _requireDatasetOwner(datasetId);
        if (algorithmHash == bytes32(0)) revert ZeroAlgorithmHash();
        if (terms.price == 0) revert ZeroAmount();
        if (uint256(terms.providerBps) + terms.algorithmBps > BpsMath.BPS) {
            revert SharesAboveTotal(terms.providerBps, terms.algorithmBps);
        }
        if (!REGISTRY.exists(terms.providerAssetId)) revert UnknownAsset(terms.providerAssetId);
        if (terms.algorithmAssetId == 0) {
            if (terms.algorithmBps != 0) revert AlgorithmShareWithoutAsset(terms.algorithmBps);
        } else {
            _requireAlgorithmHash(terms.algorithmAssetId, algorithmHash);
        }
        _approvals[datasetId][algorithmHash] = Approval({
            price: terms.price,
            requiredFlags: terms.requiredFlags,
            providerBps: terms.providerBps,
            algorithmBps: terms.algorithmBps,
            active: true,
            allowedLicenceClasses: terms.allowedLicenceClasses,
            providerAssetId: terms.providerAssetId.toUint64(),
            algorithmAssetId: terms.algorithmAssetId.toUint64(),
            approver: msg.sender
        });
        emit AlgorithmApproved(
            datasetId,
            algorithmHash,
            msg.sender,
            terms.price,
            terms.requiredFlags,
            terms.allowedLicenceClasses,
            terms.providerAssetId,
            terms.algorithmAssetId,
            terms.providerBps,
            terms.algorithmBps
        );
    }

    /// @inheritdoc IComputeJobs
    function revokeAlgorithm(uint256 datasetId, bytes32 algorithmHash) external {
        _requireDatasetOwner(datasetId);
        Approval storage approval = _approvals[datasetId][algorithmHash];
        if (!approval.active) revert AlgorithmNotApproved(datasetId, algorithmHash);
        approval.active = false;
        emit AlgorithmRevoked(datasetId, algorithmHash, msg.sender);
    }

    // ---------------------------------------------------------------- jobs

    /// @inheritdoc IComputeJobs
    function orderJob(Order calldata order) external nonReentrant returns (uint256 jobId) {
        Approval memory approval = _approvals[order.datasetId][order.algorithmHash];
        (address datasetOwner, IModelRegistry.AssetStatus status) = REGISTRY.ownerAndStatus(order.datasetId);
        if (datasetOwner == address(0)) revert UnknownAsset(order.datasetId);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(order.datasetId);
        if (status == IModelRegistry.AssetStatus.Paused) revert DatasetPaused(order.datasetId);
        // A takedown (guardian or governance: e.g. a GDPR erasure request) refuses new orders too.
        if (status != IModelRegistry.AssetStatus.Active) revert DatasetTakenDown(order.datasetId, status);
        // An approval lapses when the dataset changes hands: the buyer never inherits the seller's terms.
        if (!approval.active || approval.approver != datasetOwner) {
            revert AlgorithmNotApproved(order.datasetId, order.algorithmHash);
        }
        if (approval.price > order.maxPrice) {
            revert PriceAboveMax(order.datasetId, order.algorithmHash, approval.price, order.maxPrice);
        }
        _requireCompliant(order, approval);
        uint256 latest = block.timestamp + MAX_JOB_DURATION;
        if (order.deadline <= block.timestamp || order.deadline > latest) {
            revert DeadlineOutOfRange(order.deadline, block.timestamp + 1, latest);
        }

        jobId = ++jobCount;
        _jobs[jobId] = Job({
            consumer: msg.sender,
            status: JobStatus.Ordered,
            deadline: order.deadline,
            provider: address(0),
            windowEnds: 0,
            price: approval.price,
            datasetId: order.datasetId.toUint64(),
            providerBps: approval.providerBps,
            algorithmBps: approval.algorithmBps,
            providerAssetId: approval.providerAssetId,
            algorithmAssetId: approval.algorithmAssetId,
            algorithmHash: order.algorithmHash,
            resultHash: bytes32(0)
        });
        totalEscrow += approval.price;
        emit JobOrdered(
            jobId,
            order.datasetId,
            msg.sender,
            order.algorithmHash,
            order.paramsHash,
            approval.price,
            order.deadline,
            order.declaredFlags,
            order.licenceClass
        );

        TokenTransfers.pullExact(TOKEN, approval.price);
    }

    /// @inheritdoc IComputeJobs
    function cancelJob(uint256 jobId) external {
        Job storage job = _requireStatus(jobId, JobStatus.Ordered);
        if (msg.sender != job.consumer) revert NotJobConsumer(jobId, msg.sender);
        _refund(jobId, job);
    }

    /// @inheritdoc IComputeJobs
    function acceptJob(uint256 jobId) external {
        Job storage job = _requireStatus(jobId, JobStatus.Ordered);
        if (block.timestamp > job.deadline) revert JobExpired(jobId, job.deadline);
        address providerOwner = _ownerOf(job.providerAssetId);
        if (msg.sender != providerOwner) revert NotJobProvider(jobId, msg.sender, providerOwner);
        if (!STAKING.isServing(job.providerAssetId)) revert ProviderNotStaked(job.providerAssetId);
        job.status = JobStatus.Accepted;
        job.provider = msg.sender;
        emit JobAccepted(jobId, msg.sender, job.providerAssetId);
    }

    /// @inheritdoc IComputeJobs
    function postResult(uint256 jobId, bytes32 resultHash, bytes32 logHash, bytes calldata signature) external {
        Job storage job = _requireStatus(jobId, JobStatus.Accepted);
        if (msg.sender != job.provider) revert NotJobProvider(jobId, msg.sender, job.provider);
        if (block.timestamp > job.deadline) revert JobExpired(jobId, job.deadline);
        if (resultHash == bytes32(0)) revert ZeroResultHash();
        address signer = REGISTRY.signerOf(job.providerAssetId);
        bytes32 digest = _receiptDigest(ResultReceipt(jobId, job.algorithmHash, resultHash, logHash));
        if (!SignatureChecker.isValidSignatureNow(signer, digest, signature)) revert BadResultSignature(jobId, signer);
        uint64 reviewEnds = (block.timestamp + REVIEW_WINDOW).toUint64();
        job.status = JobStatus.Posted;
        job.resultHash = resultHash;
        job.windowEnds = reviewEnds;
        emit ResultPosted(jobId, msg.sender, resultHash, logHash, reviewEnds);
    }

    /// @inheritdoc IComputeJobs
    function acceptResult(uint256 jobId) external {
        Job storage job = _requireStatus(jobId, JobStatus.Posted);
        if (msg.sender != job.consumer) revert NotJobConsumer(jobId, msg.sender);
        _release(jobId, job, job.price);
    }

    /// @inheritdoc IComputeJobs
    function disputeResult(uint256 jobId, bytes32 evidenceHash) external nonReentrant {
        Job storage job = _requireStatus(jobId, JobStatus.Posted);
        if (msg.sender != job.consumer) revert NotJobConsumer(jobId, msg.sender);
        if (block.timestamp > job.windowEnds) revert WindowClosed(jobId, job.windowEnds);
        uint256 bond = _disputeBond(job.price);
        uint256 allowance = TOKEN.allowance(msg.sender, address(this));
        if (allowance < bond) revert DisputeBondNotApproved(jobId, allowance, bond);
        uint64 resolutionEnds = (block.timestamp + RESOLUTION_WINDOW).toUint64();
        job.status = JobStatus.Disputed;
        job.windowEnds = resolutionEnds;
        totalEscrow += bond;
        emit JobDisputed(jobId, msg.sender, evidenceHash, resolutionEnds, bond);

        TokenTransfers.pullExact(TOKEN, bond);
    }

    /// @inheritdoc IComputeJobs
    function resolveDispute(uint256 jobId, uint256 refundAmount) external {
        if (msg.sender != DISPUTES.arbiter()) revert NotArbiter(msg.sender);
        Job storage job = _requireStatus(jobId, JobStatus.Disputed);
        if (block.timestamp > job.windowEnds) revert WindowClosed(jobId, job.windowEnds);
        uint256 price = job.price;
        if (refundAmount > price) revert RefundAboveEscrow(jobId, refundAmount, price);
        emit DisputeResolved(jobId, msg.sender, refundAmount);
        _settleBond(jobId, job, refundAmount, price);
        if (refundAmount != 0) {
            totalEscrow -= refundAmount;
            _credit(job.consumer, refundAmount);
        }
        _release(jobId, job, price - refundAmount);
    }

    /// @inheritdoc IComputeJobs
    function release(uint256 jobId) external {
        Job storage job = _jobs[jobId];
        if (job.status != JobStatus.Posted && job.status != JobStatus.Disputed) {
            revert WrongJobStatus(jobId, job.status);
        }
        if (block.timestamp <= job.windowEnds) revert WindowOpen(jobId, job.windowEnds);
        // An unruled dispute ends in the provider's favour: the whole bond is forfeited.
        if (job.status == JobStatus.Disputed) _settleBond(jobId, job, 0, job.price);
        _release(jobId, job, job.price);
    }

    /// @inheritdoc IComputeJobs
    function refund(uint256 jobId) external {
        Job storage job = _jobs[jobId];
        if (job.status != JobStatus.Ordered && job.status != JobStatus.Accepted) {
            revert WrongJobStatus(jobId, job.status);
        }
        if (block.timestamp <= job.deadline) revert JobNotExpired(jobId, job.deadline);
        _refund(jobId, job);
    }

    /// @inheritdoc IComputeJobs
    function claim() external nonReentrant returns (uint256 amount) {
        amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        totalClaimable -= amount;
        emit Claimed(msg.sender, amount);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IComputeJobs
    function getApproval(uint256 datasetId, bytes32 algorithmHash) external view returns (Approval memory) {
        return _approvals[datasetId][algorithmHash];
    }

    /// @inheritdoc IComputeJobs
    function getJob(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId];
    }

    /// @inheritdoc IComputeJobs
    function disputeBond(uint256 price) external view returns (uint256) {
        return _disputeBond(price);
    }

    /// @inheritdoc IComputeJobs
    function resultReceiptDigest(ResultReceipt calldata receipt) external view returns (bytes32) {
        return _receiptDigest(receipt);
    }

    // ---------------------------------------------------------------- internal

    function _requireDatasetOwner(uint256 datasetId) private view {
        (address datasetOwner, IModelRegistry.AssetStatus status) = REGISTRY.ownerAndStatus(datasetId);
        if (datasetOwner == address(0)) revert UnknownAsset(datasetId);
        if (msg.sender != datasetOwner) revert NotAssetOwner(datasetId, msg.sender, datasetOwner);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(datasetId);
        if (REGISTRY.getAsset(datasetId).kind != IModelRegistry.AssetKind.Dataset) revert NotADataset(datasetId);
    }

    function _requireAlgorithmHash(uint256 algorithmAssetId, bytes32 algorithmHash) private view {
        if (!REGISTRY.exists(algorithmAssetId)) revert UnknownAsset(algorithmAssetId);
        IModelRegistry.Asset memory algorithm = REGISTRY.getAsset(algorithmAssetId);
        if (algorithm.kind != IModelRegistry.AssetKind.Model) revert NotAnAlgorithm(algorithmAssetId);
        bytes32 currentHash = REGISTRY.getVersion(algorithmAssetId, algorithm.versionCount).contentHash;
        if (currentHash != algorithmHash) revert AlgorithmHashMismatch(algorithmAssetId, algorithmHash, currentHash);
    }

    /// @dev The consumer declares every required flag, and a licence class the approval allows.
    function _requireCompliant(Order calldata order, Approval memory approval) private pure {
        if (
            order.declaredFlags & approval.requiredFlags != approval.requiredFlags
                || (approval.allowedLicenceClasses >> order.licenceClass) & 1 == 0
        ) {
            revert ComplianceRefused(
                order.datasetId,
                order.algorithmHash,
                order.declaredFlags,
                approval.requiredFlags,
                order.licenceClass,
                approval.allowedLicenceClasses
            );
        }
    }

    /// @dev The registry's ERC-721 owner of an existing asset (assets are never burnt).
    function _ownerOf(uint256 assetId) private view returns (address) {
        return IERC721(address(REGISTRY)).ownerOf(assetId);
    }

    function _requireStatus(uint256 jobId, JobStatus expected) private view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.status != expected) revert WrongJobStatus(jobId, job.status);
    }

    function _receiptDigest(ResultReceipt memory receipt) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    RESULT_RECEIPT_TYPEHASH, receipt.jobId, receipt.algorithmHash, receipt.resultHash, receipt.logHash
                )
            )
        );
    }

    function _disputeBond(uint256 price) private view returns (uint256) {
        uint256 bond = BpsMath.mulBpsUp(price, DISPUTE_BOND_BPS);
        return bond < MIN_DISPUTE_BOND ? MIN_DISPUTE_BOND : bond;
    }

    /// @dev Returns `bond × refund / price` (rounded down) of the dispute bond to the consumer; the
    /// forfeited rest pays the protocol fee (rounded up) and the provider. Credits only.
    function _settleBond(uint256 jobId, Job storage job, uint256 refundAmount, uint256 price) private {
        uint256 bond = _disputeBond(price);
        uint256 returned = bond * refundAmount / price;
        uint256 fee = BpsMath.mulBpsUp(bond - returned, FEE_BPS);
        uint256 providerShare = bond - returned - fee;
        totalEscrow -= bond;
        if (returned != 0) _credit(job.consumer, returned);
        _credit(DISPUTES.treasury(), fee);
        _credit(job.provider, providerShare);
        emit DisputeBondSettled(jobId, job.consumer, job.provider, returned, providerShare, fee);
    }

    function _credit(address account, uint256 amount) private {
        claimable[account] += amount;
        totalClaimable += amount;
    }

    function _refund(uint256 jobId, Job storage job) private {
        uint256 price = job.price;
        job.status = JobStatus.Refunded;
        totalEscrow -= price;
        _credit(job.consumer, price);
        emit JobRefunded(jobId, msg.sender, price);
    }

    /// @dev Splits `amount` (the job's escrow less any refund already credited) and closes the job.
    function _release(uint256 jobId, Job storage job, uint256 amount) private {
        job.status = JobStatus.Released;
        totalEscrow -= amount;
        uint256 fee = BpsMath.mulBpsUp(amount, FEE_BPS);
        uint256 net = amount - fee;
        uint256 providerShare = BpsMath.mulBpsDown(net, job.providerBps);
        uint256 algorithmShare = BpsMath.mulBpsDown(net, job.algorithmBps);
        uint256 datasetShare = net - providerShare - algorithmShare;
        address datasetOwner = _ownerOf(job.datasetId);
        _credit(DISPUTES.treasury(), fee);
        _credit(job.provider, providerShare);
        _credit(datasetOwner, datasetShare);
        if (algorithmShare != 0) _payAlgorithm(jobId, job.algorithmAssetId, algorithmShare);
        emit JobReleased(jobId, msg.sender, amount, fee, providerShare, algorithmShare, datasetShare);
    }

    /// @dev Lineage royalties on the algorithm share, the rest to the algorithm asset's owner.
    function _payAlgorithm(uint256 jobId, uint256 algorithmAssetId, uint256 share) private {
        IModelRegistry.Parent[] memory parents = REGISTRY.getParents(algorithmAssetId);
        uint256 rest = share;
        for (uint256 i; i < parents.length; ++i) {
            // bounded: the registry caps lineage at MAX_PARENTS (8) and royalties at MAX_TOTAL_ROYALTY_BPS
            uint256 royalty = BpsMath.mulBpsDown(share, parents[i].royaltyBps);
            if (royalty == 0) continue;
            address parentOwner = _ownerOf(parents[i].assetId);
            rest -= royalty;
            _credit(parentOwner, royalty);
            emit RoyaltyCredited(jobId, parents[i].assetId, parentOwner, royalty);
        }
        _credit(_ownerOf(algorithmAssetId), rest);
    }
}
