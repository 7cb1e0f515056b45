// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IDataBounties
/// @notice Bounties for synthetic datasets, validated by staked validators.
///
/// A requester posts a bounty: a spec (URI emitted, hash stored), a reward pulled into escrow, a
/// validation-criteria hash, an acceptance threshold (in score bps) and one deadline per phase:
/// 1. Submission: generators post a bond and a commitment `keccak256(abi.encode(datasetHash, salt,
///    generator, bountyId))` — bound to the sender, so copying another's commitment is useless.
///    Bonded validators join (at most `MAX_VALIDATORS`), their stake weight snapshotted.
/// 2. Dataset reveal: generators reveal the dataset hash and its URI; validators may still join.
/// 3. Score commit: each validator commits `keccak256(abi.encode(score, salt, validator,
///    submissionId))` per revealed submission.
/// 4. Score reveal: validators reveal; a reveal that does not match its commitment reverts.
/// 5. After the reveal deadline anyone calls `finalize` (deadlines need nobody to move them).
///
/// Finalization, per revealed submission: the stake-weighted (lower) median `m` of the revealed
/// scores (insertion sort in memory over at most 64 validators: ≤ 2,016 compare-swaps per
/// submission, ≤ 16 submissions); each score clipped into `[m − TOLERANCE_BPS, m]` (clipping from
/// above as Bittensor's Yuma consensus; from below by the tolerance so a minority cannot drag an
/// honest score down by more than its stake share × the tolerance); the consensus is the
/// stake-weighted mean of the clipped scores, rounded down. Consensus ≥ threshold: accepted (bond
/// back; reward share paid once the dataset is linked to its registry listing). Below half the
/// threshold: junk (bond slashed: half to the requester, half to the validators' pool). Between:
/// rejected, bond back. An unrevealed dataset counts as junk; a dataset nobody scored is returned
/// unscored (bond back, no pay).
///
/// Validators: a miss is a revealed submission the validator did not reveal a score for, or scored
/// more than `TOLERANCE_BPS` away from the median. Each bounty costs a validator
/// `MAX_PENALTY_BPS × misses / revealedSubmissions` of its weight (rounded up; ≤ 5 %, Numerai's cap);
/// the validator pool (`VALIDATOR_SHARE_BPS` of the reward, plus penalties and half the junk bonds)
/// is split by weight × hits; its agreement `(revealed − misses) / revealed` enters an EMA with
/// α = 0.1 (`emaBps ← emaBps × 0.9 + agreement × 0.1`, one division rounded down, as Bittensor's
/// bonds; starts at 0).
/// No admin: every parameter is immutable and no role moves funds.
interface IDataBounties is IMarketErrors {
    /// @notice Where a bounty is, from the clock and its finalization.
    enum Phase {
        Submission,
        DatasetReveal,
        ScoreCommit,
        ScoreReveal,
        Finalizable,
        Finalized
    }

    /// @notice What became of a submission.
    enum SubmissionStatus {
        Committed,
        Revealed,
        Accepted,
        Rejected,
        Junk,
        Unscored,
        Paid
    }

    /// @notice Everything needed to post a bounty. Deadlines are unix seconds, strictly increasing.
    struct BountyParams {
        bytes32 specHash;
        string specURI;
        bytes32 criteriaHash;
        uint128 reward;
        uint128 generatorBond;
        uint16 acceptThresholdBps;
        uint256 sourceAssetId;
        uint64 submitDeadline;
        uint64 datasetRevealDeadline;
        uint64 scoreCommitDeadline;
        uint64 scoreRevealDeadline;
    }

    /// @notice A bounty as stored.
    struct Bounty {
        address requester;
        uint64 submitDeadline;
        uint64 datasetRevealDeadline;
        uint64 scoreCommitDeadline;
        uint64 scoreRevealDeadline;
        uint16 acceptThresholdBps;
        uint8 submissionCount;
        uint8 validatorCount;
        bool finalized;
        uint128 reward;
        uint128 generatorBond;
        uint256 sourceAssetId;
        bytes32 specHash;
        bytes32 criteriaHash;
    }

    /// @notice A submission as stored.
    struct Submission {
        address generator;
        uint64 bountyId;
        uint8 index;
        SubmissionStatus status;
        uint16 consensusBps;
        uint16 medianBps;
        uint128 payout;
        bytes32 commitment;
        bytes32 datasetHash;
        uint256 assetId;
    }

    /// @notice A validator's bond and standing (O(1) reputation).
    struct Validator {
        uint128 stake;
        uint32 activeBounties;
        uint32 bountiesScored;
        uint16 emaBps;
    }

    /// @notice A generator's record (O(1) reputation).
    struct GeneratorRecord {
        uint64 accepted;
        uint64 rejected;
    }

    /// @notice The bounty does not exist.
    error UnknownBounty(uint256 bountyId);
    /// @notice The submission does not exist.
    error UnknownSubmission(uint256 submissionId);
    /// @notice The action needs phase `expected`; the bounty is in `actual`.
    error WrongPhase(uint256 bountyId, Phase expected, Phase actual);
    /// @notice Deadlines must be in the future and strictly increasing.
    error InvalidDeadlines(
        uint64 submitDeadline, uint64 datasetRevealDeadline, uint64 scoreCommitDeadline, uint64 scoreRevealDeadline
    );
    /// @notice The acceptance threshold must be in 1..SCORE_SCALE.
    error InvalidThreshold(uint16 acceptThresholdBps);
    /// @notice The generator bond is below the minimum.
    error BondBelowMinimum(uint128 generatorBond, uint256 minimum);
    /// @notice A score must be in 0..SCORE_SCALE.
    error ScoreOutOfRange(uint256 score, uint256 maximum);
    /// @notice The bounty already has `MAX_SUBMISSIONS` submissions.
    error SubmissionsFull(uint256 bountyId, uint256 maximum);
    /// @notice The bounty already has `MAX_VALIDATORS` validators.
    error ValidatorSetFull(uint256 bountyId, uint256 maximum);
    /// @notice `generator` already submitted to this bounty.
    error AlreadySubmitted(uint256 bountyId, address generator);
    /// @notice `validator` already joined this bounty.
    error AlreadyJoined(uint256 bountyId, address validator);
    /// @notice `validator` did not join this bounty.
    error NotBountyValidator(uint256 bountyId, address validator);
    /// @notice The validator's stake is below the minimum to join.
    error StakeBelowMinimum(address validator, uint256 stake, uint256 minimum);
    /// @notice The validator is in `activeBounties` unfinalized bounties (at most `MAX_ACTIVE_BOUNTIES`).
    error TooManyActiveBounties(address validator, uint256 activeBounties);
    /// @notice Stake is locked while the validator is in unfinalized bounties.
    error StakeLocked(address validator, uint256 activeBounties);
    /// @notice Withdrawal of `amount` exceeds the stake.
    error InsufficientStake(address validator, uint256 stake, uint256 amount);
    /// @notice `caller` is not the submission's generator.
    error NotGenerator(uint256 submissionId, address caller);
    /// @notice The reveal does not hash to the stored commitment.
    error CommitmentMismatch(uint256 submissionId, bytes32 expected, bytes32 actual);
    /// @notice Nothing was committed (or it was already revealed).
    error NothingCommitted(uint256 submissionId, address account);
    /// @notice A zero commitment or dataset hash.
    error ZeroHash();
    /// @notice Another submission of this bounty already revealed this dataset hash.
    error DuplicateDataset(uint256 bountyId, bytes32 datasetHash);
    /// @notice The submission's dataset was not revealed (validators score only revealed ones).
    error DatasetNotRevealed(uint256 submissionId);
    /// @notice The submission is in `status`, not `Accepted`.
    error NotAccepted(uint256 submissionId, SubmissionStatus status);
    /// @notice The registry asset is not a dataset flagged `synthetic-data`.
    error NotSyntheticDataset(uint256 assetId, uint64 complianceFlags);
    /// @notice The listed version's content hash is not the accepted dataset's hash.
    error ContentHashMismatch(uint256 assetId, bytes32 listed, bytes32 accepted);
    /// @notice The listing does not name the bounty's source asset as a lineage parent.
    error MissingLineage(uint256 assetId, uint256 sourceAssetId);

    /// @notice Emitted once at construction with the fixed parameters.
    event DataBountiesDeployed(
        address token,
        address registry,
        uint256 minValidatorStake,
        uint256 minGeneratorBond,
        uint256 maxValidators,
        uint256 maxSubmissions,
        uint256 toleranceBps,
        uint256 maxPenaltyBps,
        uint256 validatorShareBps
    );
    /// @notice A bounty was posted and its reward escrowed.
    event BountyPosted(
        uint256 indexed bountyId,
        address indexed requester,
        bytes32 specHash,
        string specURI,
        bytes32 criteriaHash,
        uint128 reward,
        uint128 generatorBond,
        uint16 acceptThresholdBps,
        uint256 sourceAssetId,
        uint64[4] deadlines
    );
    /// @notice A generator bonded and committed to a dataset.
    event SubmissionCommitted(
        uint256 indexed bountyId, uint256 indexed submissionId, address indexed generator, bytes32 commitment
    );
    /// @notice A generator revealed its dataset hash and where the data is.
    event DatasetRevealed(uint256 indexed bountyId, uint256 indexed submissionId, bytes32 datasetHash, string datasetURI);
    /// @notice A validator added stake.
    event StakeDeposited(address indexed validator, uint256 amount, uint256 stake);
    /// @notice A validator withdrew stake.
    event StakeWithdrawn(address indexed validator, uint256 amount, uint256 stake);
    /// @notice A validator joined a bounty with `weight` (its stake at joining).
    event ValidatorJoined(uint256 indexed bountyId, address indexed validator, uint256 index, uint256 weight);
    /// @notice A validator committed a score for a submission.
    event ScoreCommitted(
        uint256 indexed bountyId, uint256 indexed submissionId, address indexed validator, bytes32 commitment
    );
    /// @notice A validator revealed its score for a submission.
    event ScoreRevealed(
        uint256 indexed bountyId, uint256 indexed submissionId, address indexed validator, uint16 scoreBps
    );
    /// @notice A submission was scored (or not) at finalization.
    event SubmissionSettled(
        uint256 indexed bountyId,
        uint256 indexed submissionId,
        SubmissionStatus status,
        uint16 medianBps,
        uint16 consensusBps,
        uint256 bondSlashed
    );
    /// @notice A validator's outcome in a bounty: misses, stake lost, pool share credited, new EMA.
    event ValidatorSettled(
        uint256 indexed bountyId,
        address indexed validator,
        uint256 misses,
        uint256 penalty,
        uint256 reward,
        uint16 emaBps
    );
    /// @notice The bounty was finalized; `refund` was credited to the requester.
    event BountyFinalized(uint256 indexed bountyId, uint256 accepted, uint256 payoutEach, uint256 refund);
    /// @notice An accepted dataset was linked to its registry listing and its reward credited.
    event DatasetLinked(uint256 indexed submissionId, uint256 indexed assetId, address indexed generator, uint256 payout);
    /// @notice `amount` was credited to `account`'s claimable balance.
    event Credited(address indexed account, uint256 amount);
    /// @notice `account` claimed `amount`.
    event Claimed(address indexed account, uint256 amount);

    /// @notice Most validators per bounty (bounds the median's work).
    function MAX_VALIDATORS() external view returns (uint256);
    /// @notice Most submissions per bounty (one packed word of 16 scores per validator).
    function MAX_SUBMISSIONS() external view returns (uint256);
    /// @notice Most unfinalized bounties a validator may be in at once (total loss ≤ 8 × 5 %).
    function MAX_ACTIVE_BOUNTIES() external view returns (uint256);
    /// @notice Scores are fixed point in bps: 0..10,000.
    function SCORE_SCALE() external view returns (uint256);
    /// @notice A score farther than this from the median is a miss, and is clipped to this distance.
    function TOLERANCE_BPS() external view returns (uint256);
    /// @notice Cap of a validator's loss per bounty, in bps of its weight.
    function MAX_PENALTY_BPS() external view returns (uint256);
    /// @notice Share of each reward set aside for the validators, in bps.
    function VALIDATOR_SHARE_BPS() external view returns (uint256);
    /// @notice EMA weight of the newest agreement, in bps (α = 0.1).
    function EMA_ALPHA_BPS() external view returns (uint256);
    /// @notice The compliance bit `synthetic-data` (1 << 7) an accepted dataset's listing must carry.
    function SYNTHETIC_DATA_FLAG() external view returns (uint64);
    /// @notice Minimum stake for a validator to join a bounty.
    function MIN_VALIDATOR_STAKE() external view returns (uint256);
    /// @notice Minimum generator bond of a bounty.
    function MIN_GENERATOR_BOND() external view returns (uint256);

    /// @notice Posts a bounty and pulls `reward` from the caller.
    /// @return bountyId The new bounty's id (from 1).
    function postBounty(BountyParams calldata params) external returns (uint256 bountyId);

    /// @notice Bonds `generatorBond` and commits to a dataset (Submission phase; one per generator).
    /// @param commitment `keccak256(abi.encode(datasetHash, salt, msg.sender, bountyId))`.
    /// @return submissionId The new submission's id (from 1, global).
    function submit(uint256 bountyId, bytes32 commitment) external returns (uint256 submissionId);

    /// @notice Reveals the dataset behind a commitment (DatasetReveal phase; generator only).
    function revealDataset(uint256 submissionId, bytes32 datasetHash, bytes32 salt, string calldata datasetURI) external;

    /// @notice Adds `amount` to the caller's validator stake.
    function depositStake(uint256 amount) external;

    /// @notice Withdraws `amount` of stake; only while in no unfinalized bounty.
    function withdrawStake(uint256 amount) external;

    /// @notice Joins a bounty as validator with the current stake as weight (before the score-commit
    /// phase); the stake stays locked until every bounty it is in is finalized.
    function joinBounty(uint256 bountyId) external;

    /// @notice Commits a score (ScoreCommit phase; validators of the bounty; revealed submissions).
    /// @param commitment `keccak256(abi.encode(uint256 scoreBps, salt, msg.sender, submissionId))`.
    function commitScore(uint256 submissionId, bytes32 commitment) external;

    /// @notice Reveals a committed score (ScoreReveal phase).
    function revealScore(uint256 submissionId, uint16 scoreBps, bytes32 salt) external;

    /// @notice Settles a bounty after its reveal deadline; anyone may call. Bounded: ≤ 16 submissions ×
    /// ≤ 64 validators.
    function finalize(uint256 bountyId) external;

    /// @notice Links an accepted submission to its registry listing (owned by the generator, kind
    /// Dataset, flag `synthetic-data`, the version's content hash = the dataset hash, lineage to the
    /// bounty's source asset if any, not retired) and credits its payout. Generator only.
    function linkDataset(uint256 submissionId, uint256 assetId, uint32 version) external;

    /// @notice Pays the caller everything credited to it.
    function claim() external returns (uint256 amount);

    /// @notice A bounty.
    function getBounty(uint256 bountyId) external view returns (Bounty memory);
    /// @notice A submission.
    function getSubmission(uint256 submissionId) external view returns (Submission memory);
    /// @notice The submission id at `index` of a bounty.
    function submissionAt(uint256 bountyId, uint256 index) external view returns (uint256);
    /// @notice The validator at `index` of a bounty.
    function validatorAt(uint256 bountyId, uint256 index) external view returns (address);
    /// @notice The current phase of a bounty.
    function phaseOf(uint256 bountyId) external view returns (Phase);
    /// @notice A validator's stake and standing (O(1)).
    function validatorOf(address validator) external view returns (Validator memory);
    /// @notice A generator's accepted and rejected counts (O(1)).
    function generatorOf(address generator) external view returns (GeneratorRecord memory);
    /// @notice A validator's weight in a bounty (0: not joined).
    function weightOf(uint256 bountyId, address validator) external view returns (uint256);
    /// @notice A validator's committed score commitment for a submission (zero once revealed or never).
    function scoreCommitmentOf(uint256 submissionId, address validator) external view returns (bytes32);
    /// @notice A validator's revealed score for a submission and whether it revealed.
    function revealedScoreOf(uint256 submissionId, address validator)
        external
        view
        returns (bool revealed, uint16 scoreBps);
    /// @notice What `account` can claim.
    function claimable(address account) external view returns (uint256);
    /// @notice Number of bounties posted.
    function bountyCount() external view returns (uint256);
    /// @notice Number of submissions made.
    function submissionCount() external view returns (uint256);
}
