// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMarketErrors} from "./IMarketErrors.sol";

/// @title ITrainingRounds
/// @notice Federated training with an on-chain audit trail. A coordinator opens a task on a base model
/// of the registry with a participant policy (allow-list and/or minimum bond, a cap on the privacy
/// parameter), a reward pool, a number of rounds and per-phase durations. Each round, participants
/// commit to an update, then reveal it; a bonded aggregator posts the sample-weighted fixed-point
/// average (FedAvg) of the revealed updates and the Merkle root of the updates it included; anyone can
/// prove a wrong aggregate during the challenge window. At the end the trained model is listed in the
/// registry with lineage to the base model, and the reward pool is paid to participants in proportion
/// to their accepted contributions (revealed sample counts).
///
/// Bounds that keep every on-chain check bounded work: at most `MAX_PARTICIPANTS` (16) participants per
/// task, models of at most `MAX_DIMENSION` (32) int64 fixed-point weights, at most `MAX_ROUNDS` rounds.
/// An update is the model's weights packed as big-endian int64 (8 bytes each, `dimension × 8` bytes);
/// its hash is `keccak256(update)`. The FedAvg of a round is, per weight j,
/// `Σ_i sampleCount_i × w_ij / Σ_i sampleCount_i` in int256 with Solidity's division (rounds toward
/// zero); the Merkle root is over leaves `keccak256(abi.encodePacked(participant, updateHash,
/// uint32 sampleCount))` in ascending participant order, each level hashing `keccak256(left ‖ right)`
/// pairwise and carrying an odd last node up unchanged.
///
/// Liveness: no step needs the coordinator after `open`. Every deadline is enforced by whoever calls:
/// a round with no reveal is accepted empty by `advance`; an aggregate that survived its challenge
/// window is accepted by `advance`; if the aggregator misses its deadline (or was slashed, or never
/// bonded), anyone computes the aggregate on-chain with `aggregateOnChain`, and a bonded aggregator that
/// missed the deadline is slashed as if proven wrong. So a task never fails: it always finalizes.
///
/// Royalties: the registry's lineage expresses royalty shares to parent assets, not to accounts, so the
/// trained model is listed by this contract with the base model as its parent (royalty
/// `baseRoyaltyBps`) and its token is handed to the coordinator; participants are paid from the reward
/// pool in proportion to their contributions, recorded on-chain (`contributionOf`). With
/// `participantsRoyaltyBps > 0`, `finalize` first lists a contributions asset (kind Dataset, owned by
/// this contract forever, no function can move it) and makes it the trained model's second parent with
/// that royalty: the model's future revenue accrues royalties to it in `UsagePayments`, which anyone
/// collects here (`collectRoyalties`) into a per-task accumulator, and each participant claims its share
/// in proportion to its accepted contribution (`claimRoyalties`), at any time and as often as revenue
/// arrives.
interface ITrainingRounds is IMarketErrors {
    /// @notice Lifecycle of a task. `Running` → `Trained` (every round accepted) → `Finalized` (model listed).
    enum TaskStatus {
        None,
        Running,
        Trained,
        Finalized
    }

    /// @notice Where the current round stands (computed from the clock; see `phaseOf`).
    enum Phase {
        None,
        Commit,
        Reveal,
        Aggregate,
        Challenge,
        Acceptable,
        Overdue,
        Trained,
        Finalized
    }

    /// @notice What the coordinator fixes when opening a task.
    struct OpenParams {
        uint256 baseModelId;
        address aggregator;
        uint128 rewardPool;
        uint96 minParticipantBond;
        uint96 aggregatorBond;
        uint16 rounds;
        uint8 dimension;
        uint32 maxSamplesPerUpdate;
        uint32 maxDpEpsilonMilli;
        uint32 commitSeconds;
        uint32 revealSeconds;
        uint32 aggregateSeconds;
        uint32 challengeSeconds;
        uint16 baseRoyaltyBps;
        uint16 participantsRoyaltyBps;
        bool allowListOnly;
        uint64 requiredFlags;
        bytes32 licenseId;
        string metadataURI;
        address[] allowList;
    }

    /// @notice The stored state of a task.
    struct Task {
        // slot 0, what every commit and reveal reads (and a reveal writes): the clock of the round
        // and its counters. totalContributed ≤ 64 rounds × 16 participants × 2**32 samples < 2**42.
        uint64 roundStart;
        uint32 commitSeconds;
        uint32 revealSeconds;
        uint64 totalContributed;
        uint16 round;
        uint16 revealedCount;
        TaskStatus status;
        bool posted;
        uint8 dimension;
        bool allowListOnly;
        // slot 1, what a reveal also reads: the update policy; and the slower phases
        uint32 maxSamplesPerUpdate;
        uint32 maxDpEpsilonMilli;
        uint32 aggregateSeconds;
        uint32 challengeSeconds;
        uint16 rounds;
        uint16 participantCount;
        uint16 allowedCount;
        uint64 contributedAtRoundStart;
        // the rest
        address coordinator;
        uint64 postedAt;
        uint16 baseRoyaltyBps;
        bool aggregatorSlashed;
        address aggregator;
        uint96 aggregatorBond;
        uint128 rewardPool;
        uint64 requiredFlags;
        uint16 participantsRoyaltyBps;
        uint96 minParticipantBond;
        uint96 requiredAggregatorBond;
        bytes32 postedAggregateHash;
        bytes32 postedRoot;
        bytes32 modelHash;
        uint256 baseModelId;
        uint256 modelAssetId;
        bytes32 licenseId;
        string metadataURI;
        // participants' royalties on the trained model (0 when participantsRoyaltyBps is 0)
        uint256 contributionsAssetId;
        // Σ collected × ROYALTY_SCALE / totalContributed; the remainder of that division is carried
        uint256 royaltyPerContribution;
        uint256 royaltyRemainder;
    }

    /// @notice A commitment signed by `participant` for `commitBatch` (EIP-712, see `commitBatch`).
    struct SignedCommit {
        address participant;
        bytes32 commitment;
        bytes32 previous;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice One opening for `revealBatch`: what `participant` committed to.
    struct Opening {
        address participant;
        uint32 sampleCount;
        uint32 dpEpsilonMilli;
        bytes32 salt;
        bytes update;
    }

    /// @notice A participant's record in a task (one slot).
    struct Member {
        bool joined;
        bool claimed;
        uint16 revealedRound;
        uint32 sampleCount;
        uint32 dpEpsilonMilli;
        uint96 bond;
        uint64 contributed;
    }

    /// @notice The task does not exist.
    error UnknownTask(uint256 taskId);
    /// @notice The call needs the task in `expected` but it is in `actual`.
    error WrongPhase(uint256 taskId, Phase expected, Phase actual);
    /// @notice A parameter of `open` is out of its bounds (`what` names it).
    error InvalidParameter(bytes32 what, uint256 value);
    /// @notice More participants than `MAX_PARTICIPANTS` would be allowed or joined.
    error TooManyParticipants(uint256 taskId, uint256 count, uint256 maximum);
    /// @notice `account` is not on the task's allow-list.
    error NotAllowed(uint256 taskId, address account);
    /// @notice `account` already joined the task.
    error AlreadyJoined(uint256 taskId, address account);
    /// @notice `account` has not joined the task.
    error NotParticipant(uint256 taskId, address account);
    /// @notice Only the coordinator may call this.
    error NotCoordinator(uint256 taskId, address caller);
    /// @notice Only the task's aggregator may call this.
    error NotAggregator(uint256 taskId, address caller);
    /// @notice The aggregator has already bonded, or was slashed.
    error AggregatorBondNotOpen(uint256 taskId);
    /// @notice The aggregator has no bond at stake.
    error AggregatorNotBonded(uint256 taskId);
    /// @notice The participant already revealed in this round.
    error AlreadyRevealed(uint256 taskId, uint16 round, address participant);
    /// @notice The reveal does not open the stored commitment.
    error CommitmentMismatch(uint256 taskId, address participant, bytes32 stored, bytes32 computed);
    /// @notice An update or aggregate has `length` bytes; the task's models need `expected`.
    error WrongUpdateLength(uint256 length, uint256 expected);
    /// @notice A sample count of zero or above the task's maximum.
    error SampleCountOutOfRange(uint32 sampleCount, uint32 maximum);
    /// @notice A privacy parameter above the task's cap.
    error EpsilonAboveCap(uint32 dpEpsilonMilli, uint32 maximum);
    /// @notice A posted or supplied update count differs from the number of reveals in the round.
    error UpdateCountMismatch(uint256 taskId, uint256 given, uint256 revealed);
    /// @notice Supplied participants are not in strictly ascending order.
    error ParticipantsNotAscending(address previous, address next);
    /// @notice `participant` did not reveal in the current round.
    error NotRevealed(uint256 taskId, address participant);
    /// @notice A supplied update does not hash to what `participant` revealed.
    error UpdateMismatch(uint256 taskId, address participant);
    /// @notice The challenge recomputed exactly what the aggregator posted.
    error AggregateCorrect(uint256 taskId, uint16 round);
    /// @notice Nothing can be advanced now.
    error NothingToAdvance(uint256 taskId, Phase phase);
    /// @notice `account` did not declare every compliance flag the task requires.
    error ComplianceFlagsMissing(uint256 taskId, address account, uint64 declaredFlags, uint64 requiredFlags);
    /// @notice A batch holds more than `MAX_PARTICIPANTS` entries (or none).
    error BadBatchSize(uint256 size, uint256 maximum);
    /// @notice `TrainingRoundsOpening` was called directly instead of through `TrainingRounds`.
    error NotDelegated();
    /// @notice The signature of a signed commitment does not recover to its participant.
    error InvalidCommitSignature(uint256 taskId, address participant);
    /// @notice The base and participants royalties together exceed the registry's cap.
    error TrainingRoyaltyAboveCap(uint256 baseRoyaltyBps, uint256 participantsRoyaltyBps, uint256 maximum);
    /// @notice The task has no contributions asset (not finalized, no model, or no participants royalty).
    error NoContributionsAsset(uint256 taskId);
    /// @notice `UsagePayments.claimRoyalties` paid `received` where `royaltiesOf` said `expected`.
    error RoyaltyTransferMismatch(uint256 expected, uint256 received);

    /// @notice Deployed with its fixed bounds and the two contracts it created: `aggregation` (the pure
    /// FedAvg) and `opening` (the `open` / `allowParticipants` code it runs by DELEGATECALL).
    event TrainingRoundsDeployed(
        address token,
        address registry,
        address payments,
        uint256 maxParticipants,
        uint256 maxDimension,
        uint256 challengerShareBps,
        address aggregation,
        address opening
    );
    /// @notice A task was opened; its whole policy is in `params`.
    event TaskOpened(uint256 indexed taskId, address indexed coordinator, uint256 indexed baseModelId, OpenParams params);
    /// @notice `participant` was put on the task's allow-list.
    event ParticipantAllowed(uint256 indexed taskId, address indexed participant);
    /// @notice `participant` joined the task with `bond`, declaring `declaredFlags` (the compliance
    /// flags it holds; a superset of the task's `requiredFlags`).
    event ParticipantJoined(uint256 indexed taskId, address indexed participant, uint256 bond, uint64 declaredFlags);
    /// @notice The aggregator posted its bond.
    event AggregatorBonded(uint256 indexed taskId, address indexed aggregator, uint256 bond);
    /// @notice Round `round` started at `startedAt`.
    event RoundStarted(uint256 indexed taskId, uint16 indexed round, uint64 startedAt);
    /// @notice `participant` committed to an update.
    event UpdateCommitted(uint256 indexed taskId, uint16 indexed round, address indexed participant, bytes32 commitment);
    /// @notice `commitBatch` or `revealBatch` left out `participant`'s entry, void because the participant
    /// acted itself since the entry was made (a signed commit whose `previous` is no longer the stored
    /// value: a direct commit, or the same entry applied before; an opening of a participant that has
    /// revealed this round). The rest of the batch applies: one participant cannot revert a relayer's
    /// batch by front-running it.
    event BatchEntrySkipped(uint256 indexed taskId, uint16 indexed round, address indexed participant);
    /// @notice `participant` revealed its update (the int64 weights in `update`).
    event UpdateRevealed(
        uint256 indexed taskId,
        uint16 indexed round,
        address indexed participant,
        bytes32 updateHash,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes update
    );
    /// @notice The aggregator posted the round's aggregate (the int64 weights in `aggregate`).
    event AggregatePosted(
        uint256 indexed taskId,
        uint16 indexed round,
        address indexed aggregator,
        bytes32 aggregateHash,
        bytes32 updatesRoot,
        uint16 count,
        bytes aggregate
    );
    /// @notice The aggregate was computed on-chain from the revealed updates (by `caller`, after a
    /// proven-wrong or a missing aggregate).
    event AggregateComputed(
        uint256 indexed taskId,
        uint16 indexed round,
        address indexed caller,
        bytes32 aggregateHash,
        bytes32 updatesRoot,
        uint16 count,
        bytes aggregate
    );
    /// @notice The aggregator lost its bond: `toChallenger` credited to `challenger`, `toPool` to the reward pool.
    event AggregatorSlashed(
        uint256 indexed taskId, address indexed aggregator, address indexed challenger, uint256 toChallenger, uint256 toPool
    );
    /// @notice The round was accepted with this aggregate (zero hash: nobody revealed).
    event RoundAccepted(
        uint256 indexed taskId, uint16 indexed round, bytes32 aggregateHash, bytes32 updatesRoot, uint16 count, uint128 samples
    );
    /// @notice The trained model was listed as `modelAssetId` (0: no round had an update; pool refunded).
    event TaskFinalized(uint256 indexed taskId, uint256 indexed modelAssetId, bytes32 modelHash, uint128 totalContributed);
    /// @notice `account` was paid `amount` from the task (reward, bonds, challenger share or refund).
    event Claimed(uint256 indexed taskId, address indexed account, uint256 amount);
    /// @notice The participants' contributions asset was listed (owned by this contract) and made the
    /// trained model's parent with `royaltyBps`.
    event ContributionsAssetListed(
        uint256 indexed taskId,
        uint256 indexed contributionsAssetId,
        uint256 indexed modelAssetId,
        bytes32 contentHash,
        uint16 royaltyBps
    );
    /// @notice `amount` of the contributions asset's royalties was collected from `UsagePayments`;
    /// the task's accumulator is now `royaltyPerContribution`.
    event RoyaltiesCollected(uint256 indexed taskId, address indexed caller, uint256 amount, uint256 royaltyPerContribution);
    /// @notice `participant` was paid `amount` of the task's collected royalties.
    event RoyaltiesClaimed(uint256 indexed taskId, address indexed participant, uint256 amount);

    /// @notice Most participants (allowed or joined) a task may have.
    function MAX_PARTICIPANTS() external view returns (uint256);
    /// @notice Most int64 weights a model may have.
    function MAX_DIMENSION() external view returns (uint256);
    /// @notice Most rounds a task may have.
    function MAX_ROUNDS() external view returns (uint256);
    /// @notice Share of a slashed aggregator bond credited to whoever proved it wrong or late (bps).
    function CHALLENGER_SHARE_BPS() external view returns (uint256);

    /// @notice Opens a task and pulls `params.rewardPool` from the caller (the coordinator). Round 0
    /// starts now. The base model must be listed and not retired.
    /// @return taskId The new task's id (starting at 1).
    function open(OpenParams calldata params) external returns (uint256 taskId);

    /// @notice Adds institutions to the allow-list (coordinator only; bounded by `MAX_PARTICIPANTS`).
    function allowParticipants(uint256 taskId, address[] calldata participants) external;

    /// @notice Joins the task, pulling the minimum participant bond (returned by `claim`). With
    /// `allowListOnly`, only allowed accounts may join. `declaredFlags` are the compliance flags (bits of
    /// `ComplianceRegistry`) the caller declares it holds; every bit of the task's `requiredFlags` must be
    /// among them (`ComplianceFlagsMissing` otherwise). The declaration is recorded in `ParticipantJoined`.
    function join(uint256 taskId, uint64 declaredFlags) external;

    /// @notice The named aggregator posts its bond (needed to `postAggregate`).
    function bondAggregator(uint256 taskId) external;

    /// @notice Commits to an update in the commit phase of the current round:
    /// `commitment = keccak256(abi.encode(taskId, round, updateHash, sampleCount, dpEpsilonMilli, salt, msg.sender))`.
    /// A new commitment before the reveal replaces the old one. One storage slot per (task, participant)
    /// is reused across rounds (the round is inside the commitment, so a stale one never opens).
    function commit(uint256 taskId, bytes32 commitment) external;

    /// @notice Relayed commits: anyone submits commitments that participants signed off-chain, so one
    /// transaction's base cost is shared by the batch (≤ `MAX_PARTICIPANTS` entries, commit phase). Each
    /// entry is the EIP-712 struct `CommitAuthorization(uint256 taskId,uint16 round,bytes32 commitment,
    /// bytes32 previous)` under the domain `("TrainingRounds", "1", chainId, this)`, signed by
    /// `participant` (binding the signer, the task, the round and this contract). `previous` must equal
    /// the participant's stored value (`updateHashOf`) at submission: a signed commit applies once and
    /// cannot be replayed over a newer commitment; an entry whose `previous` is stale is skipped
    /// (`BatchEntrySkipped`). `commit` stays open to every participant, so no relayer can censor one.
    /// The whole batch reverts on any other bad entry (a relayer's mistake, not a participant's move).
    function commitBatch(uint256 taskId, SignedCommit[] calldata commits) external;

    /// @notice Relayed reveals: anyone submits openings of participants' commitments (≤ `MAX_PARTICIPANTS`,
    /// reveal phase). No signature is needed: an opening is checked against the commitment that the
    /// participant itself bound to its address, so it can only reveal exactly that update, credited to
    /// that participant; only who holds the opening (its salt) can submit it. Same checks as `reveal`,
    /// except that the opening of a participant that already revealed this round is skipped
    /// (`BatchEntrySkipped`) instead of reverting the batch.
    function revealBatch(uint256 taskId, Opening[] calldata openings) external;

    /// @notice Reveals the committed update in the reveal phase; its sample count becomes the
    /// participant's contribution and its FedAvg weight.
    function reveal(uint256 taskId, bytes calldata update, uint32 sampleCount, uint32 dpEpsilonMilli, bytes32 salt)
        external;

    /// @notice The aggregator posts the round's aggregate (packed int64 weights), the Merkle root of the
    /// updates it included and their count (must equal the number of reveals), after the reveal phase
    /// and before the aggregate deadline. Opens the challenge window.
    function postAggregate(uint256 taskId, bytes calldata aggregate, bytes32 updatesRoot, uint16 count) external;

    /// @notice Proves the posted aggregate wrong: supplies every update revealed in the round, in
    /// ascending participant order. The contract recomputes the FedAvg and the Merkle root; if either
    /// differs from the post, the aggregator's bond is slashed (`CHALLENGER_SHARE_BPS` to the caller,
    /// the rest to the reward pool) and the round is accepted with the recomputed aggregate. Reverts
    /// `AggregateCorrect` otherwise. Work: ≤ 16 updates × ≤ 32 weights.
    function challengeAggregate(uint256 taskId, address[] calldata participants, bytes[] calldata updates) external;

    /// @notice Computes the round's aggregate on-chain from every revealed update (same input as
    /// `challengeAggregate`) and accepts the round. Allowed after the reveal phase when the aggregator
    /// has no bond (never bonded or slashed), and by anyone once the aggregate deadline passed with no
    /// post, which slashes a bonded aggregator as if proven wrong.
    function aggregateOnChain(uint256 taskId, address[] calldata participants, bytes[] calldata updates) external;

    /// @notice Accepts the round when its aggregate survived the challenge window, or when nobody
    /// revealed and the reveal phase is over; starts the next round (or marks the task trained).
    function advance(uint256 taskId) external;

    /// @notice Lists the trained model (anyone, once every round is accepted): kind Model, content hash
    /// = the last non-empty aggregate's hash, parent = the base model with `baseRoyaltyBps`; the token
    /// goes to the coordinator. With no contribution at all, nothing is listed and the pool is refunded.
    /// With `participantsRoyaltyBps > 0`, it first lists the contributions asset (kind Dataset, price 0,
    /// the task's licence and URI, content hash `keccak256(abi.encode(chainid, this, taskId, modelHash,
    /// totalContributed))`, owned by this contract forever) and gives the model a second parent: that
    /// asset with `participantsRoyaltyBps`.
    function finalize(uint256 taskId) external;

    /// @notice Collects the contributions asset's royalties from `UsagePayments` (anyone) into the task's
    /// accumulator: `royaltyPerContribution += (amount × ROYALTY_SCALE + remainder) / totalContributed`,
    /// the remainder carried to the next collection (so nothing is lost but each claim's final rounding
    /// down, which stays in this contract). Reverts `NothingToClaim(this)` when nothing accrued.
    function collectRoyalties(uint256 taskId) external returns (uint256 amount);

    /// @notice Pays the caller its share of the royalties collected since its last claim:
    /// `contribution × (royaltyPerContribution − paid) / ROYALTY_SCALE`, rounded down.
    function claimRoyalties(uint256 taskId) external returns (uint256 amount);

    /// @notice What `claimRoyalties` would pay `participant` now (collected royalties only).
    function royaltiesClaimableOf(uint256 taskId, address participant) external view returns (uint256);

    /// @notice Fixed-point scale of `royaltyPerContribution`.
    function ROYALTY_SCALE() external view returns (uint256);

    /// @notice Pays the caller everything the finalized task owes it: its share of the reward pool
    /// (`rewardPool × contribution / totalContributed`, rounded down) and its bond, the aggregator's bond
    /// if never slashed, challenger shares, and the coordinator's refund when nobody contributed.
    function claim(uint256 taskId) external returns (uint256 amount);

    /// @notice The stored state of a task.
    function getTask(uint256 taskId) external view returns (Task memory);

    /// @notice A participant's record in a task.
    function getMember(uint256 taskId, address participant) external view returns (Member memory);

    /// @notice The participant's slot: the update hash it revealed in its last revealed round, its
    /// commitment between a commit and its reveal, `bytes32(uint256(1))` from joining to its first commit,
    /// zero if it never joined.
    function updateHashOf(uint256 taskId, address participant) external view returns (bytes32);

    /// @notice Whether `account` is on the task's allow-list.
    function isAllowed(uint256 taskId, address account) external view returns (bool);

    /// @notice The samples `participant` contributed to accepted rounds.
    function contributionOf(uint256 taskId, address participant) external view returns (uint256);

    /// @notice What `claim` would pay `account` now.
    function claimableOf(uint256 taskId, address account) external view returns (uint256);

    /// @notice The phase of the task's current round at this block.
    function phaseOf(uint256 taskId) external view returns (Phase);

    /// @notice The commitment `participant` must post for the given opening (a pure helper).
    function commitmentOf(
        uint256 taskId,
        uint16 round,
        bytes32 updateHash,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes32 salt,
        address participant
    ) external pure returns (bytes32);

    /// @notice Number of tasks opened so far.
    function taskCount() external view returns (uint256);

    /// @notice The EIP-712 domain separator of signed commitments (`commitBatch`), at this chain id.
    function domainSeparator() external view returns (bytes32);

    /// @notice The pure contract, created with this one, that computes a round's FedAvg and Merkle root.
    function AGGREGATION() external view returns (address);

    /// @notice The code `open` and `allowParticipants` run by DELEGATECALL, created with this contract.
    function OPENING() external view returns (address);
}
