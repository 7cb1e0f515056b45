// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IDisputes} from "../interfaces/IDisputes.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";

/// @title Disputes
/// @notice Bonded disputes resolved by an arbiter, and arbiter-free slashing on proof of equivocation
/// (two conflicting EIP-712 receipts). Payouts are pull payments.
contract Disputes is IDisputes, Ownable2Step, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /// @inheritdoc IDisputes
    uint256 public constant BPS = 10_000;
    /// @inheritdoc IDisputes
    uint256 public constant EQUIVOCATION_SLASH_BPS = 500;
    /// @inheritdoc IDisputes
    uint16 public constant MAX_REPORTER_REWARD_BPS = 5_000;
    /// @inheritdoc IDisputes
    uint256 public constant MIN_BOND_FLOOR = 1e15;
    /// @inheritdoc IDisputes
    uint256 public constant MIN_BOND_CEILING = 1e24;
    /// @inheritdoc IDisputes
    uint64 public constant MIN_RESOLUTION_WINDOW = 1 days;
    /// @inheritdoc IDisputes
    uint64 public constant MAX_RESOLUTION_WINDOW = 14 days;
    /// @inheritdoc IDisputes
    uint64 public constant EQUIVOCATION_COOLDOWN = 7 days;
    /// @inheritdoc IDisputes
    uint64 public constant EVIDENCE_WINDOW = 7 days;
    /// @inheritdoc IDisputes
    bytes32 public constant RECEIPT_TYPEHASH =
        keccak256("Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version)");

    /// @inheritdoc IDisputes
    IERC20 public immutable TOKEN;
    /// @inheritdoc IDisputes
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IDisputes
    IStakingPool public immutable STAKING;

    /// @inheritdoc IDisputes
    address public arbiter;
    /// @inheritdoc IDisputes
    uint64 public resolutionWindow = 7 days;
    /// @inheritdoc IDisputes
    uint16 public reporterRewardBps = 2_000;
    /// @inheritdoc IDisputes
    address public treasury;
    /// @inheritdoc IDisputes
    uint256 public minBond = 100e18;
    /// @inheritdoc IDisputes
    uint256 public disputeCount;

    /// @inheritdoc IDisputes
    mapping(address account => uint256 amount) public claimable;
    /// @inheritdoc IDisputes
    mapping(uint256 assetId => mapping(address reporter => uint256 disputeId)) public openDisputeOf;
    /// @inheritdoc IDisputes
    mapping(uint256 assetId => uint64 provenAt) public lastEquivocationAt;
    mapping(uint256 disputeId => Dispute dispute) private _disputes;
    mapping(bytes32 proofKey => bool proven) private _equivocationProven;

    constructor(
        IERC20 token,
        IModelRegistry registry,
        IStakingPool staking,
        address treasury_,
        address arbiter_,
        address admin
    ) Ownable(admin) EIP712("Disputes", "1") {
        if (
            address(token) == address(0) || address(registry) == address(0) || address(staking) == address(0)
                || treasury_ == address(0) || arbiter_ == address(0)
        ) revert ZeroAddress();
        TOKEN = token;
        REGISTRY = registry;
        STAKING = staking;
        treasury = treasury_;
        arbiter = arbiter_;
    }

    modifier onlyArbiter() {
        if (msg.sender != arbiter) revert NotArbiter(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ disputes

    /// @inheritdoc IDisputes
    function openDispute(
        uint256 assetId,
        uint256 bond,
        bytes32 evidenceHash,
        string calldata evidenceURI,
        address consumer,
        uint256 refundClaim
    ) external nonReentrant returns (uint256 disputeId) {
        if (!REGISTRY.exists(assetId)) revert UnknownAsset(assetId);
        uint256 minimum = minBond;
        if (bond < minimum || bond > type(uint96).max) revert BondOutOfRange(bond, minimum, type(uint96).max);
        if (evidenceHash == bytes32(0)) revert EmptyEvidence();
        if (consumer == address(0) && refundClaim != 0) revert RefundWithoutConsumer(refundClaim);
        uint256 existing = openDisputeOf[assetId][msg.sender];
        if (existing != 0) revert DisputeAlreadyOpen(assetId, msg.sender, existing);

        unchecked { // cannot overflow: one id per transaction
            disputeId = ++disputeCount;
        }
        uint64 deadline = uint64(block.timestamp) + resolutionWindow;
        Dispute storage dispute = _disputes[disputeId];
        dispute.assetId = assetId;
        dispute.reporter = msg.sender;
        dispute.deadline = deadline;
        dispute.status = DisputeStatus.Open;
        if (consumer != address(0)) {
            dispute.consumer = consumer;
            dispute.refundClaim = refundClaim;
        }
        dispute.bond = uint96(bond);
        openDisputeOf[assetId][msg.sender] = disputeId;
        emit DisputeOpened(disputeId, assetId, msg.sender, bond, evidenceHash, evidenceURI, consumer, refundClaim, deadline);

        uint256 balanceBefore = TOKEN.balanceOf(address(this));
        TOKEN.safeTransferFrom(msg.sender, address(this), bond);
        uint256 received = TOKEN.balanceOf(address(this)) - balanceBefore;
        if (received != bond) revert FeeOnTransferUnsupported(bond, received);
    }

    /// @inheritdoc IDisputes
    function upholdDispute(uint256 disputeId, uint256 slashAmount, uint256 refund)
        external
        onlyArbiter
        nonReentrant
        returns (uint256 slashed)
    {
        Dispute storage dispute = _requireResolvable(disputeId);
        uint256 assetId = dispute.assetId;
        if (refund > dispute.refundClaim) revert RefundAboveClaim(disputeId, refund, dispute.refundClaim);
        // No `slashCap` pre-check: `STAKING.slash` reverts `SlashAboveCap` itself and the revert bubbles.
        address reporter = dispute.reporter;
        dispute.status = DisputeStatus.Upheld;
        delete openDisputeOf[assetId][reporter];

        if (slashAmount != 0) slashed = STAKING.slash(assetId, slashAmount, address(this));
        uint256 reporterReward = slashed * reporterRewardBps / BPS;
        uint256 rest;
        unchecked { // cannot overflow: reporterRewardBps <= BPS
            rest = slashed - reporterReward;
        }
        if (refund > rest) refund = rest;
        uint256 treasuryAmount;
        unchecked { // cannot overflow: refund <= rest
            treasuryAmount = rest - refund;
        }
        claimable[reporter] += dispute.bond + reporterReward;
        if (refund != 0) claimable[dispute.consumer] += refund;
        if (treasuryAmount != 0) claimable[treasury] += treasuryAmount;
        emit DisputeUpheld(disputeId, assetId, slashed, reporterReward, refund, treasuryAmount);
    }

    /// @inheritdoc IDisputes
    function rejectDispute(uint256 disputeId) external onlyArbiter {
        Dispute storage dispute = _requireResolvable(disputeId);
        uint256 assetId = dispute.assetId;
        uint256 bond = dispute.bond;
        dispute.status = DisputeStatus.Rejected;
        delete openDisputeOf[assetId][dispute.reporter];
        claimable[treasury] += bond;
        emit DisputeRejected(disputeId, assetId, bond);
    }

    /// @inheritdoc IDisputes
    function timeoutDispute(uint256 disputeId) external {
        Dispute storage dispute = _disputes[disputeId];
        if (dispute.status != DisputeStatus.Open) revert DisputeNotOpen(disputeId, dispute.status);
        if (block.timestamp < dispute.deadline) revert ResolutionWindowOpen(disputeId, dispute.deadline);
        uint256 assetId = dispute.assetId;
        address reporter = dispute.reporter;
        uint256 bond = dispute.bond;
        dispute.status = DisputeStatus.TimedOut;
        delete openDisputeOf[assetId][reporter];
        claimable[reporter] += bond;
        emit DisputeTimedOut(disputeId, assetId, bond);
    }

    /// @inheritdoc IDisputes
    function proveEquivocation(Receipt calldata a, bytes calldata sigA, Receipt calldata b, bytes calldata sigB)
        external
        nonReentrant
        returns (uint256 slashed)
    {
        if (a.requestHash != b.requestHash || a.assetId != b.assetId || a.version != b.version) {
            revert ReceiptsNotComparable();
        }
        if (a.responseHash == b.responseHash) revert SameResponse(a.responseHash);
        uint256 assetId = a.assetId;
        bytes32 proofKey = keccak256(abi.encode(assetId, a.version, a.requestHash));
        if (_equivocationProven[proofKey]) revert EquivocationAlreadyProven(assetId, a.version, a.requestHash);
        _checkEvidence(a, sigA, b, sigB);
        uint256 availableAt = uint256(lastEquivocationAt[assetId]) + EQUIVOCATION_COOLDOWN;
        if (block.timestamp < availableAt) revert EquivocationCooldown(assetId, availableAt);
        _equivocationProven[proofKey] = true;
        lastEquivocationAt[assetId] = uint64(block.timestamp);

        uint256 reward;
        uint256 treasuryAmount;
        (slashed, reward) = _slashForEquivocation(assetId);
        unchecked { // cannot overflow: reward <= slashed * reporterRewardBps / BPS
            treasuryAmount = slashed - reward;
        }
        if (reward != 0) claimable[msg.sender] += reward;
        if (treasuryAmount != 0) claimable[treasury] += treasuryAmount;
        emit EquivocationProven(assetId, a.version, a.requestHash, msg.sender, slashed, reward, treasuryAmount);
    }

    /// @inheritdoc IDisputes
    function claim() external nonReentrant returns (uint256 amount) {
        amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IDisputes
    function setArbiter(address newArbiter) external onlyOwner {
        if (newArbiter == address(0)) revert ZeroAddress();
        emit ArbiterUpdated(arbiter, newArbiter);
        arbiter = newArbiter;
    }

    /// @inheritdoc IDisputes
    function setTreasury(address newTreasury) external onlyOwner {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryUpdated(treasury, newTreasury);
        treasury = newTreasury;
    }

    /// @inheritdoc IDisputes
    function setMinBond(uint256 newMinBond) external onlyOwner {
        if (newMinBond < MIN_BOND_FLOOR || newMinBond > MIN_BOND_CEILING) {
            revert ParameterOutOfBounds(newMinBond, MIN_BOND_FLOOR, MIN_BOND_CEILING);
        }
        emit MinBondUpdated(minBond, newMinBond);
        minBond = newMinBond;
    }

    /// @inheritdoc IDisputes
    function setResolutionWindow(uint64 newWindow) external onlyOwner {
        if (newWindow < MIN_RESOLUTION_WINDOW || newWindow > MAX_RESOLUTION_WINDOW) {
            revert ParameterOutOfBounds(newWindow, MIN_RESOLUTION_WINDOW, MAX_RESOLUTION_WINDOW);
        }
        uint64 thawingPeriod = STAKING.thawingPeriod();
        if (newWindow > thawingPeriod) revert ResolutionWindowNotBelowThawing(newWindow, thawingPeriod);
        emit ResolutionWindowUpdated(resolutionWindow, newWindow);
        resolutionWindow = newWindow;
    }

    /// @inheritdoc IDisputes
    function setReporterRewardBps(uint16 newRewardBps) external onlyOwner {
        if (newRewardBps > MAX_REPORTER_REWARD_BPS) {
            revert ParameterOutOfBounds(newRewardBps, 0, MAX_REPORTER_REWARD_BPS);
        }
        emit ReporterRewardUpdated(reporterRewardBps, newRewardBps);
        reporterRewardBps = newRewardBps;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDisputes
    function equivocationProven(uint256 assetId, uint32 version, bytes32 requestHash) external view returns (bool) {
        return _equivocationProven[keccak256(abi.encode(assetId, version, requestHash))];
    }

    /// @inheritdoc IDisputes
    function getDispute(uint256 disputeId) external view returns (Dispute memory) {
        return _disputes[disputeId];
    }

    /// @inheritdoc IDisputes
    function receiptDigest(Receipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(RECEIPT_TYPEHASH, receipt.requestHash, receipt.responseHash, receipt.assetId, receipt.version)
            )
        );
    }

    // ------------------------------------------------------------------ private

    function _requireResolvable(uint256 disputeId) private view returns (Dispute storage dispute) {
        dispute = _disputes[disputeId];
        if (dispute.status != DisputeStatus.Open) revert DisputeNotOpen(disputeId, dispute.status);
        if (block.timestamp >= dispute.deadline) revert ResolutionWindowClosed(disputeId, dispute.deadline);
    }

    /// @dev Slashes `EQUIVOCATION_SLASH_BPS` of the pool. The submitter reward is capped at what the
    /// slash took from the current owner's self-stake, so an owner colluding with the submitter never
    /// profits from slashing its delegators.
    function _slashForEquivocation(uint256 assetId) private returns (uint256 slashed, uint256 reward) {
        address owner = IERC721(address(REGISTRY)).ownerOf(assetId);
        uint256 selfStakeBefore = STAKING.selfStakeOf(assetId, owner);
        uint256 amount = STAKING.totalStake(assetId) * EQUIVOCATION_SLASH_BPS / BPS;
        if (amount == 0) return (0, 0);
        slashed = STAKING.slash(assetId, amount, address(this));
        uint256 selfStakeAfter = STAKING.selfStakeOf(assetId, owner);
        if (selfStakeAfter >= selfStakeBefore) return (slashed, 0);
        uint256 ownerLoss;
        unchecked { // cannot overflow: selfStakeAfter < selfStakeBefore
            ownerLoss = selfStakeBefore - selfStakeAfter;
        }
        reward = slashed * reporterRewardBps / BPS;
        if (reward > ownerLoss) reward = ownerLoss;
    }

    /// @dev Both receipts must be signed by one key, current or recently retired (`_checkEvidenceSigner`).
    function _checkEvidence(Receipt calldata a, bytes calldata sigA, Receipt calldata b, bytes calldata sigB)
        private
        view
    {
        address signer = _recoverReceiptSigner(a, sigA);
        _checkEvidenceSigner(a.assetId, signer);
        address signerB = _recoverReceiptSigner(b, sigB);
        if (signerB != signer) revert WrongReceiptSigner(a.assetId, signerB, signer);
    }

    /// @dev OZ ECDSA rejects malformed and high-s (malleable) signatures.
    function _recoverReceiptSigner(Receipt calldata receipt, bytes calldata signature)
        private
        view
        returns (address recovered)
    {
        ECDSA.RecoverError error;
        bytes32 errorArg;
        (recovered, error, errorArg) = ECDSA.tryRecoverCalldata(receiptDigest(receipt), signature);
        if (error != ECDSA.RecoverError.NoError) revert MalformedReceiptSignature(uint8(error), errorArg);
    }

    /// @dev Evidence counts if signed by the current signer, or by a key retired less than
    /// `EVIDENCE_WINDOW` ago (so rotating the operator or selling the asset cannot void a proof).
    function _checkEvidenceSigner(uint256 assetId, address signer) private view {
        address current = REGISTRY.signerOf(assetId);
        if (signer == current) return;
        uint256 retiredAt = REGISTRY.signerRetiredAt(assetId, signer);
        if (retiredAt == 0 || block.timestamp >= retiredAt + EVIDENCE_WINDOW) {
            revert WrongReceiptSigner(assetId, signer, current);
        }
    }
}
