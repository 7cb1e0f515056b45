// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IDisputes} from "../interfaces/IDisputes.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {DelayedChanges} from "./libraries/DelayedChanges.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";

/// @title Disputes
/// @notice Bonded disputes resolved by a bounded arbiter, and arbiter-free slashing on proof of
/// equivocation (two conflicting EIP-712 receipts). Payouts are pull payments.
contract Disputes is IDisputes, DelayedChanges, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /// @inheritdoc IDisputes
    uint256 public constant MAX_PAYOUT_BPS = 5_000;
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
        keccak256("Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version,uint64 issuedAt)");
    /// @notice Default parameters (each announced by its `...Updated` event at construction).
    uint64 public constant DEFAULT_RESOLUTION_WINDOW = 7 days;
    uint16 public constant DEFAULT_REPORTER_REWARD_BPS = 2_000;
    uint256 public constant DEFAULT_MIN_BOND = 100e18;

    bytes32 private constant _ARBITER = "arbiter";
    bytes32 private constant _TREASURY = "treasury";
    bytes32 private constant _MIN_BOND = "minBond";
    bytes32 private constant _RESOLUTION_WINDOW = "resolutionWindow";
    bytes32 private constant _REPORTER_REWARD_BPS = "reporterRewardBps";

    /// @inheritdoc IDisputes
    IERC20 public immutable TOKEN;
    /// @inheritdoc IDisputes
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IDisputes
    IStakingPool public immutable STAKING;
    /// @inheritdoc IDisputes
    IUsagePayments public immutable PAYMENTS;

    /// @inheritdoc IDisputes
    address public arbiter;
    /// @inheritdoc IDisputes
    uint64 public resolutionWindow = DEFAULT_RESOLUTION_WINDOW;
    /// @inheritdoc IDisputes
    uint16 public reporterRewardBps = DEFAULT_REPORTER_REWARD_BPS;
    /// @inheritdoc IDisputes
    address public treasury;
    /// @inheritdoc IDisputes
    uint256 public minBond = DEFAULT_MIN_BOND;
    /// @inheritdoc IDisputes
    uint256 public disputeCount;

    /// @inheritdoc IDisputes
    mapping(uint256 assetId => mapping(address reporter => uint256 disputeId)) public openDisputeOf;
    /// @inheritdoc IDisputes
    mapping(uint256 assetId => uint64 provenAt) public lastEquivocationAt;
    /// @inheritdoc IDisputes
    mapping(uint256 assetId => uint256 count) public openDisputeCount;
    /// @inheritdoc IDisputes
    mapping(bytes32 commitment => uint256 blockNumber) public equivocationCommitments;
    mapping(uint256 disputeId => Dispute dispute) private _disputes;
    /// @dev Claimable balances are stored plus one once an account is known (0: never touched), so the
    /// slot never returns to zero: a ruling rewrites slots that `openDispute` (paid by the reporter) or
    /// the treasury's appointment made non-zero instead of filling fresh ones.
    mapping(address account => uint256 amountPlusOne) private _claimablePlusOne;
    /// @dev Per (consumer, asset): `spent << 128 | refunded`, where `spent` is what the consumer had paid
    /// the asset when the last dispute naming it was opened (`spentBy`, snapshotted then, so a ruling
    /// makes no call to UsagePayments) and `refunded` what all rulings refunded it.
    mapping(address consumer => mapping(uint256 assetId => uint256 word)) private _refunds;
    mapping(bytes32 proofKey => bool proven) private _equivocationProven;

    constructor(
        IERC20 token,
        IModelRegistry registry,
        IStakingPool staking,
        IUsagePayments payments,
        address treasury_,
        address arbiter_,
        address admin
    ) Ownable(admin) EIP712("Disputes", "1") {
        if (
            address(token) == address(0) || address(registry) == address(0) || address(staking) == address(0)
                || address(payments) == address(0) || treasury_ == address(0) || arbiter_ == address(0)
        ) revert ZeroAddress();
        TOKEN = token;
        REGISTRY = registry;
        STAKING = staking;
        PAYMENTS = payments;
        treasury = treasury_;
        arbiter = arbiter_;
        _touch(treasury_);
        emit ArbiterUpdated(address(0), arbiter_);
        emit TreasuryUpdated(address(0), treasury_);
        emit ResolutionWindowUpdated(0, DEFAULT_RESOLUTION_WINDOW);
        emit ReporterRewardUpdated(0, DEFAULT_REPORTER_REWARD_BPS);
        emit MinBondUpdated(0, DEFAULT_MIN_BOND);
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
        dispute.assetId = SafeCast.toUint64(assetId);
        dispute.reporter = msg.sender;
        dispute.deadline = deadline;
        dispute.status = DisputeStatus.Open;
        if (consumer != address(0)) {
            dispute.consumer = consumer;
            dispute.refundClaim = refundClaim > type(uint128).max ? type(uint128).max : uint128(refundClaim);
            // the reporter pays for the slots a ruling in the consumer's favour will write
            _touch(consumer);
            _snapshotSpent(consumer, assetId);
        }
        _touch(msg.sender);
        dispute.bond = uint96(bond);
        openDisputeOf[assetId][msg.sender] = disputeId;
        ++openDisputeCount[assetId];
        emit DisputeOpened(disputeId, assetId, msg.sender, bond, evidenceHash, evidenceURI, consumer, refundClaim, deadline);

        // No exit while the dispute is open: matured withdrawals of the asset wait for its end.
        STAKING.freezeWithdrawals(assetId, deadline);
        TokenTransfers.pullExact(TOKEN, bond);
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
        address reporter = dispute.reporter;
        dispute.status = DisputeStatus.Upheld;
        delete openDisputeOf[assetId][reporter];

        // The StakingPool clamps the slash to its cap (per slash and per slash window).
        if (slashAmount != 0) (slashed,) = STAKING.slash(assetId, slashAmount, address(this));
        uint256 reporterReward = BpsMath.mulBpsDown(slashed, reporterRewardBps);
        if (refund != 0) refund = _boundRefund(dispute.consumer, assetId, refund, slashed, reporterReward);
        uint256 treasuryAmount;
        unchecked { // cannot overflow: reward + refund <= MAX_PAYOUT_BPS of slashed (_boundRefund, reward bps <= it)
            treasuryAmount = slashed - reporterReward - refund;
        }
        _credit(reporter, dispute.bond + reporterReward);
        if (refund != 0) _credit(dispute.consumer, refund);
        if (treasuryAmount != 0) _credit(treasury, treasuryAmount);
        emit DisputeUpheld(disputeId, assetId, slashed, reporterReward, refund, treasuryAmount);
        _closeDispute(assetId);
    }

    /// @inheritdoc IDisputes
    function rejectDispute(uint256 disputeId) external onlyArbiter nonReentrant {
        Dispute storage dispute = _requireResolvable(disputeId);
        uint256 assetId = dispute.assetId;
        uint256 bond = dispute.bond;
        dispute.status = DisputeStatus.Rejected;
        delete openDisputeOf[assetId][dispute.reporter];
        _credit(treasury, bond);
        emit DisputeRejected(disputeId, assetId, bond);
        _closeDispute(assetId);
    }

    /// @inheritdoc IDisputes
    function timeoutDispute(uint256 disputeId) external nonReentrant {
        Dispute storage dispute = _disputes[disputeId];
        if (dispute.status != DisputeStatus.Open) revert DisputeNotOpen(disputeId, dispute.status);
        if (block.timestamp < dispute.deadline) revert ResolutionWindowOpen(disputeId, dispute.deadline);
        uint256 assetId = dispute.assetId;
        address reporter = dispute.reporter;
        uint256 bond = dispute.bond;
        dispute.status = DisputeStatus.TimedOut;
        delete openDisputeOf[assetId][reporter];
        _credit(reporter, bond);
        emit DisputeTimedOut(disputeId, assetId, bond);
        _closeDispute(assetId);
    }

    /// @inheritdoc IDisputes
    function commitEquivocation(bytes32 commitment) external {
        if (equivocationCommitments[commitment] == 0) {
            equivocationCommitments[commitment] = block.number;
            emit EquivocationCommitted(commitment, msg.sender);
        }
    }

    /// @inheritdoc IDisputes
    function proveEquivocation(
        Receipt calldata a,
        bytes calldata sigA,
        Receipt calldata b,
        bytes calldata sigB,
        address finder
    ) external nonReentrant returns (uint256 slashed) {
        if (a.requestHash != b.requestHash || a.assetId != b.assetId || a.version != b.version) {
            revert ReceiptsNotComparable();
        }
        if (a.responseHash == b.responseHash) revert SameResponse(a.responseHash);
        uint256 assetId = a.assetId;
        bytes32 proofKey = keccak256(abi.encode(assetId, a.version, a.requestHash));
        if (_equivocationProven[proofKey]) revert EquivocationAlreadyProven(assetId, a.version, a.requestHash);
        bytes32 commitment = keccak256(abi.encode(finder, receiptDigest(a), receiptDigest(b)));
        uint256 committedAt = equivocationCommitments[commitment];
        if (committedAt == 0 || committedAt >= block.number) revert EquivocationNotCommitted(finder, commitment);
        _checkEvidence(a, sigA, b, sigB);
        uint256 availableAt = uint256(lastEquivocationAt[assetId]) + EQUIVOCATION_COOLDOWN;
        if (block.timestamp < availableAt) revert EquivocationCooldown(assetId, availableAt);
        _equivocationProven[proofKey] = true;
        lastEquivocationAt[assetId] = uint64(block.timestamp);

        uint256 reward;
        uint256 treasuryAmount;
        (slashed, reward, treasuryAmount) = _slashForEquivocation(assetId, finder);
        emit EquivocationProven(assetId, a.version, a.requestHash, finder, slashed, reward, treasuryAmount);
    }

    /// @inheritdoc IDisputes
    function claim() external nonReentrant returns (uint256 amount) {
        return _claim(msg.sender);
    }

    /// @inheritdoc IDisputes
    function claimFor(address account) external nonReentrant returns (uint256 amount) {
        return _claim(account);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IDisputes
    function setArbiter(address newArbiter) external onlyOwner {
        if (newArbiter == address(0)) revert ZeroAddress();
        _queueChange(_ARBITER, uint160(newArbiter));
    }

    /// @inheritdoc IDisputes
    function setTreasury(address newTreasury) external onlyOwner {
        if (newTreasury == address(0)) revert ZeroAddress();
        _queueChange(_TREASURY, uint160(newTreasury));
    }

    /// @inheritdoc IDisputes
    function setMinBond(uint256 newMinBond) external onlyOwner {
        _checkBounds(newMinBond, MIN_BOND_FLOOR, MIN_BOND_CEILING);
        _queueChange(_MIN_BOND, newMinBond);
    }

    /// @inheritdoc IDisputes
    function setResolutionWindow(uint64 newWindow) external onlyOwner {
        _checkResolutionWindow(newWindow);
        _queueChange(_RESOLUTION_WINDOW, newWindow);
    }

    /// @inheritdoc IDisputes
    function setReporterRewardBps(uint16 newRewardBps) external onlyOwner {
        _checkBounds(newRewardBps, 0, MAX_REPORTER_REWARD_BPS);
        _queueChange(_REPORTER_REWARD_BPS, newRewardBps);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDisputes
    function equivocationCommitment(address finder, Receipt calldata a, Receipt calldata b)
        external
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(finder, receiptDigest(a), receiptDigest(b)));
    }

    /// @inheritdoc IDisputes
    function equivocationProven(uint256 assetId, uint32 version, bytes32 requestHash) external view returns (bool) {
        return _equivocationProven[keccak256(abi.encode(assetId, version, requestHash))];
    }

    /// @inheritdoc IDisputes
    function getDispute(uint256 disputeId) external view returns (Dispute memory) {
        return _disputes[disputeId];
    }

    /// @inheritdoc IDisputes
    function claimable(address account) public view returns (uint256) {
        uint256 stored = _claimablePlusOne[account];
        return stored == 0 ? 0 : stored - 1;
    }

    /// @inheritdoc IDisputes
    function refunded(address consumer, uint256 assetId) public view returns (uint256) {
        return uint128(_refunds[consumer][assetId]);
    }

    /// @inheritdoc IDisputes
    function receiptDigest(Receipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    RECEIPT_TYPEHASH,
                    receipt.requestHash,
                    receipt.responseHash,
                    receipt.assetId,
                    receipt.version,
                    receipt.issuedAt
                )
            )
        );
    }

    // ------------------------------------------------------------------ private

    function _requireResolvable(uint256 disputeId) private view returns (Dispute storage dispute) {
        dispute = _disputes[disputeId];
        if (dispute.status != DisputeStatus.Open) revert DisputeNotOpen(disputeId, dispute.status);
        if (block.timestamp >= dispute.deadline) revert ResolutionWindowClosed(disputeId, dispute.deadline);
    }

    /// @dev Clamps a refund to what `consumer` paid the asset and was not yet refunded, and to
    /// `MAX_PAYOUT_BPS` of the slash less the reporter reward; books it as refunded.
    function _boundRefund(address consumer, uint256 assetId, uint256 refund, uint256 slashed, uint256 reward)
        private
        returns (uint256)
    {
        uint256 payoutLeft = BpsMath.mulBpsDown(slashed, MAX_PAYOUT_BPS);
        unchecked { // cannot overflow: reward = slashed * rewardBps / BpsMath.BPS with rewardBps <= MAX_PAYOUT_BPS
            payoutLeft -= reward;
        }
        if (refund > payoutLeft) refund = payoutLeft;
        uint256 word = _refunds[consumer][assetId];
        uint256 alreadyRefunded = uint128(word);
        uint256 spent = word >> 128;
        uint256 refundable = spent > alreadyRefunded ? spent - alreadyRefunded : 0;
        if (refund > refundable) refund = refundable;
        // fits: refunded + refund <= spent < 2**128, so the low half never carries into the high one
        if (refund != 0) _refunds[consumer][assetId] = word + refund;
        return refund;
    }

    /// @dev Slashes `EQUIVOCATION_SLASH_BPS` of the pool and credits the finder and the treasury. The
    /// reward never exceeds the self-stake's (first) loss: an owner submitting through an accomplice
    /// loses at least what the accomplice gains.
    function _slashForEquivocation(uint256 assetId, address finder)
        private
        returns (uint256 slashed, uint256 reward, uint256 treasuryAmount)
    {
        uint256 fromSelf;
        uint256 amount = BpsMath.mulBpsDown(STAKING.totalStake(assetId), EQUIVOCATION_SLASH_BPS);
        if (amount != 0) (slashed, fromSelf) = STAKING.slash(assetId, amount, address(this));
        reward = BpsMath.mulBpsDown(slashed, reporterRewardBps);
        if (reward > fromSelf) reward = fromSelf;
        unchecked { // cannot overflow: reward <= slashed * reporterRewardBps / BpsMath.BPS <= slashed
            treasuryAmount = slashed - reward;
        }
        if (reward != 0) _credit(finder, reward);
        if (treasuryAmount != 0) _credit(treasury, treasuryAmount);
    }

    /// @dev After a dispute ends: when it was the asset's last open one, lift the withdrawal freeze.
    function _closeDispute(uint256 assetId) private {
        uint256 open = openDisputeCount[assetId] - 1;
        openDisputeCount[assetId] = open;
        if (open == 0) STAKING.unfreezeWithdrawals(assetId);
    }

    /// @dev Records what `consumer` has paid `assetId` so far (it only grows), keeping what it was refunded.
    function _snapshotSpent(address consumer, uint256 assetId) private {
        uint256 spent = PAYMENTS.spentBy(consumer, assetId);
        if (spent > type(uint128).max) spent = type(uint128).max;
        uint256 word = _refunds[consumer][assetId];
        _refunds[consumer][assetId] = spent << 128 | uint128(word);
    }

    /// @dev Marks `account` known: its claimable slot becomes non-zero (plus one) for good.
    function _touch(address account) private {
        if (_claimablePlusOne[account] == 0) _claimablePlusOne[account] = 1;
    }

    /// @dev Adds `amount` to what `account` can claim.
    function _credit(address account, uint256 amount) private {
        uint256 stored = _claimablePlusOne[account];
        _claimablePlusOne[account] = (stored == 0 ? 1 : stored) + amount;
    }

    function _claim(address account) private returns (uint256 amount) {
        amount = claimable(account);
        if (amount == 0) revert NothingToClaim(account);
        _claimablePlusOne[account] = 1;
        emit Claimed(account, amount);
        TOKEN.safeTransfer(account, amount);
    }

    function _applyChange(bytes32 parameter, uint256 value) internal override {
        if (parameter == _ARBITER) {
            emit ArbiterUpdated(arbiter, address(uint160(value)));
            arbiter = address(uint160(value));
        } else if (parameter == _TREASURY) {
            emit TreasuryUpdated(treasury, address(uint160(value)));
            treasury = address(uint160(value));
            _touch(address(uint160(value)));
        } else if (parameter == _MIN_BOND) {
            emit MinBondUpdated(minBond, value);
            minBond = value;
        } else if (parameter == _RESOLUTION_WINDOW) {
            // The thawing period may have been lowered since this was queued.
            _checkResolutionWindow(value);
            emit ResolutionWindowUpdated(resolutionWindow, uint64(value));
            resolutionWindow = uint64(value);
        } else if (parameter == _REPORTER_REWARD_BPS) {
            emit ReporterRewardUpdated(reporterRewardBps, uint16(value));
            reporterRewardBps = uint16(value);
        } else {
            revert UnknownParameter(parameter);
        }
    }

    /// @dev The delay of a queued change: the StakingPool's, read now (one rule for both contracts).
    function _changeDelay() internal view override returns (uint256) {
        return STAKING.changeDelay();
    }

    function _checkResolutionWindow(uint256 newWindow) private view {
        _checkBounds(newWindow, MIN_RESOLUTION_WINDOW, MAX_RESOLUTION_WINDOW);
        uint64 thawingPeriod = STAKING.thawingPeriod();
        if (newWindow > thawingPeriod) revert ResolutionWindowNotBelowThawing(newWindow, thawingPeriod);
    }


    function _checkBounds(uint256 value, uint256 minimum, uint256 maximum) private pure {
        if (value < minimum || value > maximum) revert ParameterOutOfBounds(value, minimum, maximum);
    }

    /// @dev Both receipts must be signed by one key, current or recently retired (`_checkEvidenceSigner`).
    function _checkEvidence(Receipt calldata a, bytes calldata sigA, Receipt calldata b, bytes calldata sigB)
        private
        view
    {
        address signer = _recoverReceiptSigner(a, sigA);
        _checkEvidenceSigner(a.assetId, signer, a.issuedAt);
        address signerB = _recoverReceiptSigner(b, sigB);
        if (signerB != signer) revert WrongReceiptSigner(a.assetId, signerB, signer);
        _checkEvidenceSigner(a.assetId, signer, b.issuedAt);
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

    /// @dev Evidence counts if it was issued after the asset's last transfer (a seller's key never
    /// slashes the buyer) and not in the future, and signed by the current signer, or by a key retired
    /// (rotated) less than `EVIDENCE_WINDOW` ago and issued before its retirement.
    function _checkEvidenceSigner(uint256 assetId, address signer, uint256 issuedAt) private view {
        if (issuedAt > block.timestamp) revert ReceiptFromFuture(assetId, issuedAt, block.timestamp);
        if (issuedAt < REGISTRY.lastTransferAt(assetId)) revert ReceiptOutsideSignerTerm(assetId, signer, issuedAt);
        address current = REGISTRY.signerOf(assetId);
        if (signer == current) return;
        uint256 retiredAt = REGISTRY.signerRetiredAt(assetId, signer);
        if (retiredAt == 0 || block.timestamp >= retiredAt + EVIDENCE_WINDOW) {
            revert WrongReceiptSigner(assetId, signer, current);
        }
        if (issuedAt >= retiredAt) revert ReceiptOutsideSignerTerm(assetId, signer, issuedAt);
    }
}
