// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IDataBounties} from "../interfaces/IDataBounties.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";
import {StakeWeightedConsensus} from "./libraries/StakeWeightedConsensus.sol";

/// @title DataBounties
/// @notice Synthetic-data bounties with staked, commit-reveal validation. See {IDataBounties}.
contract DataBounties is IDataBounties {
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @inheritdoc IDataBounties
    uint256 public constant MAX_VALIDATORS = 64;
    /// @inheritdoc IDataBounties
    uint256 public constant MAX_SUBMISSIONS = 16;
    /// @inheritdoc IDataBounties
    uint256 public constant MAX_ACTIVE_BOUNTIES = 8;
    /// @inheritdoc IDataBounties
    uint256 public constant SCORE_SCALE = 10_000;
    /// @inheritdoc IDataBounties
    uint256 public constant TOLERANCE_BPS = 1_000;
    /// @inheritdoc IDataBounties
    uint256 public constant MAX_PENALTY_BPS = 500;
    /// @inheritdoc IDataBounties
    uint256 public constant VALIDATOR_SHARE_BPS = 1_000;
    /// @inheritdoc IDataBounties
    uint256 public constant EMA_ALPHA_BPS = 1_000;
    /// @inheritdoc IDataBounties
    uint64 public constant SYNTHETIC_DATA_FLAG = 1 << 7;

    uint256 private constant SCORE_BITS = 16;
    uint256 private constant REVEALED_BIT = StakeWeightedConsensus.REVEALED_BIT;
    uint256 private constant SCORE_MASK = StakeWeightedConsensus.SCORE_MASK;

    /// @notice The staking and payment token.
    IERC20 public immutable TOKEN;
    /// @notice The registry accepted datasets are listed in.
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IDataBounties
    uint256 public immutable MIN_VALIDATOR_STAKE;
    /// @inheritdoc IDataBounties
    uint256 public immutable MIN_GENERATOR_BOND;

    /// @inheritdoc IDataBounties
    uint256 public bountyCount;
    /// @inheritdoc IDataBounties
    uint256 public submissionCount;
    /// @inheritdoc IDataBounties
    mapping(address account => uint256 amount) public claimable;

    /// @dev A validator's place in one bounty: its weight (stake at joining) and index (0 = not joined; index + 1).
    struct Membership {
        uint128 weight;
        uint8 indexPlusOne;
    }

    /// @dev Running totals of one finalization (memory), to keep the stack small.
    struct Settlement {
        uint256 pool;
        uint256 refund;
        uint256 revealed;
        uint256 accepted;
    }

    mapping(uint256 bountyId => Bounty bounty) private _bounties;
    mapping(uint256 submissionId => Submission submission) private _submissions;
    mapping(uint256 bountyId => mapping(uint256 index => uint256 submissionId)) private _submissionAt;
    mapping(uint256 bountyId => mapping(address generator => bool submitted)) private _submitted;
    mapping(uint256 bountyId => mapping(bytes32 datasetHash => bool revealed)) private _datasetSeen;
    mapping(uint256 bountyId => mapping(uint256 index => address validator)) private _validatorAt;
    mapping(uint256 bountyId => mapping(address validator => Membership membership)) private _members;
    /// @dev 16 bits per submission index: bit 15 = revealed, bits 0..14 = score.
    mapping(uint256 bountyId => mapping(uint256 validatorIndex => uint256 packedScores)) private _scores;
    mapping(uint256 submissionId => mapping(address validator => bytes32 commitment)) private _scoreCommitments;
    mapping(address validator => Validator record) private _validators;
    mapping(address generator => GeneratorRecord record) private _generators;

    constructor(IERC20 token, IModelRegistry registry, uint256 minValidatorStake, uint256 minGeneratorBond) {
        if (address(token) == address(0) || address(registry) == address(0)) revert ZeroAddress();
        if (minValidatorStake == 0 || minGeneratorBond == 0) revert ZeroAmount();
        TOKEN = token;
        REGISTRY = registry;
        MIN_VALIDATOR_STAKE = minValidatorStake;
        MIN_GENERATOR_BOND = minGeneratorBond;
        emit DataBountiesDeployed(
            address(token),
            address(registry),
            minValidatorStake,
            minGeneratorBond,
            MAX_VALIDATORS,
            MAX_SUBMISSIONS,
            TOLERANCE_BPS,
            MAX_PENALTY_BPS,
            VALIDATOR_SHARE_BPS
        );
    }

    /// @inheritdoc IDataBounties
    function postBounty(BountyParams calldata params) external returns (uint256 bountyId) {
        if (params.reward == 0) revert ZeroAmount();
        if (
            params.submitDeadline <= block.timestamp || params.datasetRevealDeadline <= params.submitDeadline
                || params.scoreCommitDeadline <= params.datasetRevealDeadline
                || params.scoreRevealDeadline <= params.scoreCommitDeadline
        ) {
            revert InvalidDeadlines(
                params.submitDeadline, params.datasetRevealDeadline, params.scoreCommitDeadline, params.scoreRevealDeadline
            );
        }
        if (params.acceptThresholdBps == 0 || params.acceptThresholdBps > SCORE_SCALE) {
            revert InvalidThreshold(params.acceptThresholdBps);
        }
        if (params.generatorBond < MIN_GENERATOR_BOND) revert BondBelowMinimum(params.generatorBond, MIN_GENERATOR_BOND);
        if (params.sourceAssetId != 0 && !REGISTRY.exists(params.sourceAssetId)) revert UnknownAsset(params.sourceAssetId);
        bountyId = ++bountyCount;
        Bounty storage bounty = _bounties[bountyId];
        bounty.requester = msg.sender;
        bounty.submitDeadline = params.submitDeadline;
        bounty.datasetRevealDeadline = params.datasetRevealDeadline;
        bounty.scoreCommitDeadline = params.scoreCommitDeadline;
        bounty.scoreRevealDeadline = params.scoreRevealDeadline;
        bounty.acceptThresholdBps = params.acceptThresholdBps;
        bounty.reward = params.reward;
        bounty.generatorBond = params.generatorBond;
        bounty.sourceAssetId = params.sourceAssetId;
        bounty.specHash = params.specHash;
        bounty.criteriaHash = params.criteriaHash;
        emit BountyPosted(
            bountyId,
            msg.sender,
            params.specHash,
            params.specURI,
            params.criteriaHash,
            params.reward,
            params.generatorBond,
            params.acceptThresholdBps,
            params.sourceAssetId,
            [params.submitDeadline, params.datasetRevealDeadline, params.scoreCommitDeadline, params.scoreRevealDeadline]
        );
        TokenTransfers.pullExact(TOKEN, params.reward);
    }

    /// @inheritdoc IDataBounties
    function submit(uint256 bountyId, bytes32 commitment) external returns (uint256 submissionId) {
        Bounty storage bounty = _bountyOrRevert(bountyId);
        _requirePhase(bountyId, bounty, Phase.Submission);
        if (commitment == bytes32(0)) revert ZeroHash();
        if (_submitted[bountyId][msg.sender]) revert AlreadySubmitted(bountyId, msg.sender);
        uint256 index = bounty.submissionCount;
        if (index == MAX_SUBMISSIONS) revert SubmissionsFull(bountyId, MAX_SUBMISSIONS);
        submissionId = ++submissionCount;
        bounty.submissionCount = (index + 1).toUint8();
        _submitted[bountyId][msg.sender] = true;
        _submissionAt[bountyId][index] = submissionId;
        Submission storage submission = _submissions[submissionId];
        submission.generator = msg.sender;
        submission.bountyId = bountyId.toUint64();
        submission.index = index.toUint8();
        submission.commitment = commitment;
        emit SubmissionCommitted(bountyId, submissionId, msg.sender, commitment);
        TokenTransfers.pullExact(TOKEN, bounty.generatorBond);
    }

    /// @inheritdoc IDataBounties
    function revealDataset(uint256 submissionId, bytes32 datasetHash, bytes32 salt, string calldata datasetURI) external {
        Submission storage submission = _submissionOrRevert(submissionId);
        uint256 bountyId = submission.bountyId;
        _requirePhase(bountyId, _bounties[bountyId], Phase.DatasetReveal);
        if (submission.generator != msg.sender) revert NotGenerator(submissionId, msg.sender);
        if (submission.status != SubmissionStatus.Committed) revert NothingCommitted(submissionId, msg.sender);
        if (datasetHash == bytes32(0)) revert ZeroHash();
        bytes32 actual = keccak256(abi.encode(datasetHash, salt, msg.sender, bountyId));
        if (actual != submission.commitment) revert CommitmentMismatch(submissionId, submission.commitment, actual);
        if (_datasetSeen[bountyId][datasetHash]) revert DuplicateDataset(bountyId, datasetHash);
        _datasetSeen[bountyId][datasetHash] = true;
        submission.status = SubmissionStatus.Revealed;
        submission.datasetHash = datasetHash;
        emit DatasetRevealed(bountyId, submissionId, datasetHash, datasetURI);
    }

    /// @inheritdoc IDataBounties
    function depositStake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Validator storage validator = _validators[msg.sender];
        uint256 stake = validator.stake + amount;
        validator.stake = stake.toUint128();
        emit StakeDeposited(msg.sender, amount, stake);
        TokenTransfers.pullExact(TOKEN, amount);
    }

    /// @inheritdoc IDataBounties
    function withdrawStake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Validator storage validator = _validators[msg.sender];
        if (validator.activeBounties != 0) revert StakeLocked(msg.sender, validator.activeBounties);
        uint256 stake = validator.stake;
        if (amount > stake) revert InsufficientStake(msg.sender, stake, amount);
        unchecked { stake -= amount; } // cannot overflow: amount <= stake checked above
        validator.stake = uint128(stake);
        emit StakeWithdrawn(msg.sender, amount, stake);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IDataBounties
    function joinBounty(uint256 bountyId) external {
        Bounty storage bounty = _bountyOrRevert(bountyId);
        Phase phase = _phase(bounty);
        if (phase != Phase.Submission && phase != Phase.DatasetReveal) {
            revert WrongPhase(bountyId, Phase.DatasetReveal, phase);
        }
        if (_members[bountyId][msg.sender].indexPlusOne != 0) revert AlreadyJoined(bountyId, msg.sender);
        uint256 index = bounty.validatorCount;
        if (index == MAX_VALIDATORS) revert ValidatorSetFull(bountyId, MAX_VALIDATORS);
        Validator storage validator = _validators[msg.sender];
        uint256 stake = validator.stake;
        if (stake < MIN_VALIDATOR_STAKE) revert StakeBelowMinimum(msg.sender, stake, MIN_VALIDATOR_STAKE);
        if (validator.activeBounties == MAX_ACTIVE_BOUNTIES) {
            revert TooManyActiveBounties(msg.sender, validator.activeBounties);
        }
        unchecked { ++validator.activeBounties; } // cannot overflow: below MAX_ACTIVE_BOUNTIES checked above
        bounty.validatorCount = (index + 1).toUint8();
        _validatorAt[bountyId][index] = msg.sender;
        _members[bountyId][msg.sender] = Membership({weight: uint128(stake), indexPlusOne: uint8(index + 1)});
        emit ValidatorJoined(bountyId, msg.sender, index, stake);
    }

    /// @inheritdoc IDataBounties
    function commitScore(uint256 submissionId, bytes32 commitment) external {
        Submission storage submission = _submissionOrRevert(submissionId);
        uint256 bountyId = submission.bountyId;
        _requirePhase(bountyId, _bounties[bountyId], Phase.ScoreCommit);
        if (_members[bountyId][msg.sender].indexPlusOne == 0) revert NotBountyValidator(bountyId, msg.sender);
        if (submission.status != SubmissionStatus.Revealed) revert DatasetNotRevealed(submissionId);
        if (commitment == bytes32(0)) revert ZeroHash();
        _scoreCommitments[submissionId][msg.sender] = commitment;
        emit ScoreCommitted(bountyId, submissionId, msg.sender, commitment);
    }

    /// @inheritdoc IDataBounties
    function revealScore(uint256 submissionId, uint16 scoreBps, bytes32 salt) external {
        Submission storage submission = _submissionOrRevert(submissionId);
        uint256 bountyId = submission.bountyId;
        _requirePhase(bountyId, _bounties[bountyId], Phase.ScoreReveal);
        bytes32 expected = _scoreCommitments[submissionId][msg.sender];
        if (expected == bytes32(0)) revert NothingCommitted(submissionId, msg.sender);
        if (scoreBps > SCORE_SCALE) revert ScoreOutOfRange(scoreBps, SCORE_SCALE);
        bytes32 actual = keccak256(abi.encode(uint256(scoreBps), salt, msg.sender, submissionId));
        if (actual != expected) revert CommitmentMismatch(submissionId, expected, actual);
        delete _scoreCommitments[submissionId][msg.sender];
        // A commitment exists only for a member, so indexPlusOne ≥ 1.
        uint256 validatorIndex = _members[bountyId][msg.sender].indexPlusOne - 1;
        _scores[bountyId][validatorIndex] |= (REVEALED_BIT | scoreBps) << (SCORE_BITS * submission.index);
        emit ScoreRevealed(bountyId, submissionId, msg.sender, scoreBps);
    }

    /// @inheritdoc IDataBounties
    function finalize(uint256 bountyId) external {
        Bounty storage bounty = _bountyOrRevert(bountyId);
        _requirePhase(bountyId, bounty, Phase.Finalizable);
        bounty.finalized = true;
        (uint256[] memory weights, uint256[] memory packed) = _loadValidators(bountyId, bounty.validatorCount);
        uint256[] memory misses = new uint256[](weights.length);
        uint256 validatorShare = BpsMath.mulBpsDown(bounty.reward, VALIDATOR_SHARE_BPS);
        Settlement memory totals = Settlement({pool: validatorShare, refund: 0, revealed: 0, accepted: 0});
        uint256 count = bounty.submissionCount;
        // Bounded: count ≤ MAX_SUBMISSIONS (16); each step ≤ 64 validators.
        for (uint256 j = 0; j < count; ++j) {
            _settleSubmission(bountyId, bounty, _submissionAt[bountyId][j], weights, packed, misses, totals);
        }
        uint256 payoutEach = _setPayouts(bountyId, count, bounty.reward - validatorShare, totals);
        _settleValidators(bountyId, weights, misses, totals);
        _credit(bounty.requester, totals.refund);
        emit BountyFinalized(bountyId, totals.accepted, payoutEach, totals.refund);
    }

    /// @inheritdoc IDataBounties
    function linkDataset(uint256 submissionId, uint256 assetId, uint32 version) external {
        Submission storage submission = _submissionOrRevert(submissionId);
        if (submission.generator != msg.sender) revert NotGenerator(submissionId, msg.sender);
        if (submission.status != SubmissionStatus.Accepted) revert NotAccepted(submissionId, submission.status);
        (address owner, IModelRegistry.AssetStatus status) = REGISTRY.ownerAndStatus(assetId);
        if (owner == address(0)) revert UnknownAsset(assetId);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(assetId);
        if (owner != msg.sender) revert NotAssetOwner(assetId, msg.sender, owner);
        IModelRegistry.Asset memory asset = REGISTRY.getAsset(assetId);
        if (asset.kind != IModelRegistry.AssetKind.Dataset || asset.complianceFlags & SYNTHETIC_DATA_FLAG == 0) {
            revert NotSyntheticDataset(assetId, asset.complianceFlags);
        }
        bytes32 listed = REGISTRY.getVersion(assetId, version).contentHash;
        if (listed != submission.datasetHash) revert ContentHashMismatch(assetId, listed, submission.datasetHash);
        uint256 source = _bounties[submission.bountyId].sourceAssetId;
        if (source != 0 && !_hasParent(assetId, source)) revert MissingLineage(assetId, source);
        submission.status = SubmissionStatus.Paid;
        submission.assetId = assetId;
        uint256 payout = submission.payout;
        emit DatasetLinked(submissionId, assetId, msg.sender, payout);
        _credit(msg.sender, payout);
    }

    /// @inheritdoc IDataBounties
    function claim() external returns (uint256 amount) {
        amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IDataBounties
    function getBounty(uint256 bountyId) external view returns (Bounty memory) {
        return _bountyOrRevert(bountyId);
    }

    /// @inheritdoc IDataBounties
    function getSubmission(uint256 submissionId) external view returns (Submission memory) {
        return _submissionOrRevert(submissionId);
    }

    /// @inheritdoc IDataBounties
    function submissionAt(uint256 bountyId, uint256 index) external view returns (uint256) {
        return _submissionAt[bountyId][index];
    }

    /// @inheritdoc IDataBounties
    function validatorAt(uint256 bountyId, uint256 index) external view returns (address) {
        return _validatorAt[bountyId][index];
    }

    /// @inheritdoc IDataBounties
    function phaseOf(uint256 bountyId) external view returns (Phase) {
        return _phase(_bountyOrRevert(bountyId));
    }

    /// @inheritdoc IDataBounties
    function validatorOf(address validator) external view returns (Validator memory) {
        return _validators[validator];
    }

    /// @inheritdoc IDataBounties
    function generatorOf(address generator) external view returns (GeneratorRecord memory) {
        return _generators[generator];
    }

    /// @inheritdoc IDataBounties
    function weightOf(uint256 bountyId, address validator) external view returns (uint256) {
        return _members[bountyId][validator].weight;
    }

    /// @inheritdoc IDataBounties
    function scoreCommitmentOf(uint256 submissionId, address validator) external view returns (bytes32) {
        return _scoreCommitments[submissionId][validator];
    }

    /// @inheritdoc IDataBounties
    function revealedScoreOf(uint256 submissionId, address validator) external view returns (bool revealed, uint16 scoreBps) {
        Submission storage submission = _submissions[submissionId];
        uint256 indexPlusOne = _members[submission.bountyId][validator].indexPlusOne;
        if (indexPlusOne == 0) return (false, 0);
        uint256 bits = _scores[submission.bountyId][indexPlusOne - 1] >> (SCORE_BITS * submission.index);
        return (bits & REVEALED_BIT != 0, uint16(bits & SCORE_MASK));
    }

    /// @dev The weights and packed scores of a bounty's validators, in join order.
    function _loadValidators(uint256 bountyId, uint256 validatorCount)
        private
        view
        returns (uint256[] memory weights, uint256[] memory packed)
    {
        weights = new uint256[](validatorCount);
        packed = new uint256[](validatorCount);
        // Bounded: validatorCount ≤ MAX_VALIDATORS (64).
        for (uint256 i = 0; i < validatorCount; ++i) {
            weights[i] = _members[bountyId][_validatorAt[bountyId][i]].weight;
            packed[i] = _scores[bountyId][i];
        }
    }

    /// @dev Splits the generator pool equally among accepted submissions (rounded down; the rest is refunded).
    function _setPayouts(uint256 bountyId, uint256 count, uint256 generatorPool, Settlement memory totals)
        private
        returns (uint256 payoutEach)
    {
        if (totals.accepted == 0) {
            totals.refund += generatorPool;
            return 0;
        }
        payoutEach = generatorPool / totals.accepted;
        totals.refund += generatorPool % totals.accepted;
        if (payoutEach == 0) return 0;
        // Bounded: count ≤ MAX_SUBMISSIONS (16).
        for (uint256 j = 0; j < count; ++j) {
            Submission storage submission = _submissions[_submissionAt[bountyId][j]];
            if (submission.status == SubmissionStatus.Accepted) submission.payout = payoutEach.toUint128();
        }
    }

    /// @dev Scores one submission: median, clipped consensus, status, bond, and each validator's miss.
    function _settleSubmission(
        uint256 bountyId,
        Bounty storage bounty,
        uint256 submissionId,
        uint256[] memory weights,
        uint256[] memory packed,
        uint256[] memory misses,
        Settlement memory totals
    ) private {
        Submission storage submission = _submissions[submissionId];
        uint256 bond = bounty.generatorBond;
        address generator = submission.generator;
        if (submission.status == SubmissionStatus.Committed) {
            // Never revealed: forfeits the bond like junk.
            _slashJunk(bountyId, submissionId, submission, bond, totals, 0, 0);
            return;
        }
        ++totals.revealed;
        (uint256 median, uint256 consensus, uint256 totalWeight) =
            StakeWeightedConsensus.consensusOfPacked(SCORE_BITS * submission.index, weights, packed, misses, TOLERANCE_BPS);
        if (totalWeight == 0) {
            submission.status = SubmissionStatus.Unscored;
            emit SubmissionSettled(bountyId, submissionId, SubmissionStatus.Unscored, 0, 0, 0);
            _credit(generator, bond);
            return;
        }
        submission.medianBps = uint16(median);
        submission.consensusBps = uint16(consensus);
        uint256 threshold = bounty.acceptThresholdBps;
        if (consensus >= threshold) {
            submission.status = SubmissionStatus.Accepted;
            ++totals.accepted;
            ++_generators[generator].accepted;
            emit SubmissionSettled(bountyId, submissionId, SubmissionStatus.Accepted, uint16(median), uint16(consensus), 0);
            _credit(generator, bond);
        } else if (2 * consensus < threshold) {
            _slashJunk(bountyId, submissionId, submission, bond, totals, median, consensus);
        } else {
            submission.status = SubmissionStatus.Rejected;
            ++_generators[generator].rejected;
            emit SubmissionSettled(bountyId, submissionId, SubmissionStatus.Rejected, uint16(median), uint16(consensus), 0);
            _credit(generator, bond);
        }
    }

    /// @dev Junk or unrevealed: the bond is split, half (rounded down) to the requester, the rest to the validators' pool.
    function _slashJunk(
        uint256 bountyId,
        uint256 submissionId,
        Submission storage submission,
        uint256 bond,
        Settlement memory totals,
        uint256 median,
        uint256 consensus
    ) private {
        submission.status = SubmissionStatus.Junk;
        ++_generators[submission.generator].rejected;
        uint256 toRequester = bond / 2;
        totals.refund += toRequester;
        totals.pool += bond - toRequester;
        emit SubmissionSettled(bountyId, submissionId, SubmissionStatus.Junk, uint16(median), uint16(consensus), bond);
    }

    /// @dev Penalties, EMA and the pool split, in two passes over ≤ 64 validators.
    function _settleValidators(
        uint256 bountyId,
        uint256[] memory weights,
        uint256[] memory misses,
        Settlement memory totals
    ) private {
        uint256 validatorCount = weights.length;
        uint256 revealed = totals.revealed;
        uint256[] memory penalties = new uint256[](validatorCount);
        uint256[] memory hitWeights = new uint256[](validatorCount);
        uint256 totalHitWeight;
        // Bounded: validatorCount ≤ MAX_VALIDATORS (64).
        for (uint256 i = 0; i < validatorCount; ++i) {
            Validator storage validator = _validators[_validatorAt[bountyId][i]];
            --validator.activeBounties;
            if (revealed == 0) continue;
            uint256 stake = validator.stake;
            uint256 penalty = _ceilDiv(weights[i] * MAX_PENALTY_BPS * misses[i], BpsMath.BPS * revealed);
            if (penalty > stake) penalty = stake;
            validator.stake = uint128(stake - penalty);
            penalties[i] = penalty;
            totals.pool += penalty;
            uint256 hits = revealed - misses[i];
            hitWeights[i] = weights[i] * hits;
            totalHitWeight += hitWeights[i];
            // ema ← ema × (1 − α) + (hits / revealed) × α, in bps, one division (rounded down).
            validator.emaBps = uint16(
                (validator.emaBps * (BpsMath.BPS - EMA_ALPHA_BPS) * revealed + hits * SCORE_SCALE * EMA_ALPHA_BPS)
                    / (BpsMath.BPS * revealed)
            );
            ++validator.bountiesScored;
        }
        uint256 distributed;
        // Bounded: validatorCount ≤ MAX_VALIDATORS (64).
        for (uint256 i = 0; i < validatorCount; ++i) {
            address account = _validatorAt[bountyId][i];
            uint256 share = totalHitWeight == 0 ? 0 : totals.pool * hitWeights[i] / totalHitWeight;
            distributed += share;
            emit ValidatorSettled(bountyId, account, misses[i], penalties[i], share, _validators[account].emaBps);
            _credit(account, share);
        }
        totals.refund += totals.pool - distributed;
    }

    function _credit(address account, uint256 amount) private {
        if (amount == 0) return;
        claimable[account] += amount;
        emit Credited(account, amount);
    }


    function _hasParent(uint256 assetId, uint256 parentId) private view returns (bool) {
        IModelRegistry.Parent[] memory parents = REGISTRY.getParents(assetId);
        // Bounded: the registry caps parents at MAX_PARENTS.
        for (uint256 i = 0; i < parents.length; ++i) {
            if (parents[i].assetId == parentId) return true;
        }
        return false;
    }

    function _requirePhase(uint256 bountyId, Bounty storage bounty, Phase expected) private view {
        Phase actual = _phase(bounty);
        if (actual != expected) revert WrongPhase(bountyId, expected, actual);
    }

    function _phase(Bounty storage bounty) private view returns (Phase) {
        if (bounty.finalized) return Phase.Finalized;
        if (block.timestamp <= bounty.submitDeadline) return Phase.Submission;
        if (block.timestamp <= bounty.datasetRevealDeadline) return Phase.DatasetReveal;
        if (block.timestamp <= bounty.scoreCommitDeadline) return Phase.ScoreCommit;
        if (block.timestamp <= bounty.scoreRevealDeadline) return Phase.ScoreReveal;
        return Phase.Finalizable;
    }

    function _bountyOrRevert(uint256 bountyId) private view returns (Bounty storage bounty) {
        bounty = _bounties[bountyId];
        if (bounty.requester == address(0)) revert UnknownBounty(bountyId);
    }

    function _submissionOrRevert(uint256 submissionId) private view returns (Submission storage submission) {
        submission = _submissions[submissionId];
        if (submission.generator == address(0)) revert UnknownSubmission(submissionId);
    }

    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
