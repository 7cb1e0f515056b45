// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {ITrainingRounds} from "../interfaces/ITrainingRounds.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {FedAvg} from "./libraries/FedAvg.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";

/// @title TrainingRounds
/// @notice Federated training tasks: commit-reveal of updates per round, an optimistic bonded
/// aggregator whose FedAvg anyone can recompute on-chain within fixed bounds, deadlines anyone
/// enforces, and a final listing of the trained model with lineage to its base model (see
/// {ITrainingRounds}). No admin: nothing here can be changed after deployment.
contract TrainingRounds is ITrainingRounds {
    using SafeERC20 for IERC20;
    using BpsMath for uint256;

    /// @inheritdoc ITrainingRounds
    uint256 public constant MAX_PARTICIPANTS = 16;
    /// @inheritdoc ITrainingRounds
    uint256 public constant MAX_DIMENSION = 32;
    /// @inheritdoc ITrainingRounds
    uint256 public constant MAX_ROUNDS = 64;
    /// @inheritdoc ITrainingRounds
    uint256 public constant CHALLENGER_SHARE_BPS = 5_000;
    /// @dev Bounds on phase durations: long enough to act, short enough that nothing is parked for long.
    uint256 private constant MIN_PHASE_SECONDS = 60;
    uint256 private constant MAX_PHASE_SECONDS = 30 days;

    /// @notice The token of reward pools and bonds.
    IERC20 public immutable TOKEN;
    /// @notice The registry holding base and trained models.
    IModelRegistry public immutable REGISTRY;

    uint256 private _taskCount;
    mapping(uint256 taskId => Task task) private _tasks;
    mapping(uint256 taskId => mapping(address participant => Member member)) private _members;
    /// @dev The commitment during a round, the revealed update's hash after the reveal.
    mapping(uint256 taskId => mapping(address participant => bytes32 hash)) private _hashes;
    mapping(uint256 taskId => mapping(address account => bool allowed)) private _allowed;
    mapping(uint256 taskId => mapping(address account => uint256 amount)) private _credits;

    constructor(IERC20 token, IModelRegistry registry) {
        if (address(token) == address(0) || address(registry) == address(0)) revert ZeroAddress();
        TOKEN = token;
        REGISTRY = registry;
        emit TrainingRoundsDeployed(
            address(token), address(registry), MAX_PARTICIPANTS, MAX_DIMENSION, CHALLENGER_SHARE_BPS
        );
    }

    /// @inheritdoc ITrainingRounds
    function open(OpenParams calldata params) external returns (uint256 taskId) {
        _checkOpen(params);
        unchecked { // cannot overflow: one id per transaction
            taskId = ++_taskCount;
        }
        Task storage task = _tasks[taskId];
        task.status = TaskStatus.Running;
        task.roundStart = uint64(block.timestamp);
        task.commitSeconds = params.commitSeconds;
        task.revealSeconds = params.revealSeconds;
        task.aggregateSeconds = params.aggregateSeconds;
        task.challengeSeconds = params.challengeSeconds;
        task.maxSamplesPerUpdate = params.maxSamplesPerUpdate;
        task.maxDpEpsilonMilli = params.maxDpEpsilonMilli;
        task.rounds = params.rounds;
        task.dimension = params.dimension;
        task.allowListOnly = params.allowListOnly;
        task.coordinator = msg.sender;
        task.baseRoyaltyBps = params.baseRoyaltyBps;
        task.aggregator = params.aggregator;
        task.rewardPool = params.rewardPool;
        task.minParticipantBond = params.minParticipantBond;
        task.requiredAggregatorBond = params.aggregatorBond;
        task.baseModelId = params.baseModelId;
        task.licenseId = params.licenseId;
        task.metadataURI = params.metadataURI;
        emit TaskOpened(taskId, msg.sender, params.baseModelId, params);
        _allow(taskId, task, params.allowList);
        emit RoundStarted(taskId, 0, uint64(block.timestamp));
        TokenTransfers.pullExact(TOKEN, params.rewardPool);
    }

    /// @inheritdoc ITrainingRounds
    function allowParticipants(uint256 taskId, address[] calldata participants) external {
        Task storage task = _existing(taskId);
        if (msg.sender != task.coordinator) revert NotCoordinator(taskId, msg.sender);
        if (task.status != TaskStatus.Running) revert WrongPhase(taskId, Phase.Commit, _phase(task));
        _allow(taskId, task, participants);
    }

    /// @inheritdoc ITrainingRounds
    function join(uint256 taskId) external {
        Task storage task = _existing(taskId);
        if (task.status != TaskStatus.Running) revert WrongPhase(taskId, Phase.Commit, _phase(task));
        if (task.allowListOnly && !_allowed[taskId][msg.sender]) revert NotAllowed(taskId, msg.sender);
        Member storage member = _members[taskId][msg.sender];
        if (member.joined) revert AlreadyJoined(taskId, msg.sender);
        uint256 count = task.participantCount + 1;
        if (count > MAX_PARTICIPANTS) revert TooManyParticipants(taskId, count, MAX_PARTICIPANTS);
        uint96 bond = task.minParticipantBond;
        task.participantCount = uint16(count);
        member.joined = true;
        member.bond = bond;
        emit ParticipantJoined(taskId, msg.sender, bond);
        if (bond != 0) TokenTransfers.pullExact(TOKEN, bond);
    }

    /// @inheritdoc ITrainingRounds
    function bondAggregator(uint256 taskId) external {
        Task storage task = _existing(taskId);
        if (msg.sender != task.aggregator) revert NotAggregator(taskId, msg.sender);
        if (task.status != TaskStatus.Running || task.aggregatorBond != 0 || task.aggregatorSlashed) {
            revert AggregatorBondNotOpen(taskId);
        }
        uint96 bond = task.requiredAggregatorBond;
        task.aggregatorBond = bond;
        emit AggregatorBonded(taskId, msg.sender, bond);
        TokenTransfers.pullExact(TOKEN, bond);
    }

    /// @inheritdoc ITrainingRounds
    function commit(uint256 taskId, bytes32 commitment) external {
        Task storage task = _tasks[taskId];
        _requirePhase(taskId, task, Phase.Commit);
        uint16 round = task.round;
        Member storage member = _members[taskId][msg.sender];
        if (!member.joined) revert NotParticipant(taskId, msg.sender);
        if (member.revealedRound == round + 1) revert AlreadyRevealed(taskId, round, msg.sender);
        _hashes[taskId][msg.sender] = commitment;
        emit UpdateCommitted(taskId, round, msg.sender, commitment);
    }

    /// @inheritdoc ITrainingRounds
    function reveal(uint256 taskId, bytes calldata update, uint32 sampleCount, uint32 dpEpsilonMilli, bytes32 salt)
        external
    {
        Task storage task = _tasks[taskId];
        _requirePhase(taskId, task, Phase.Reveal);
        _checkUpdate(task, update.length, sampleCount, dpEpsilonMilli);
        bytes32 updateHash = keccak256(update);
        Member storage member = _openCommitment(taskId, task, updateHash, sampleCount, dpEpsilonMilli, salt);

        _hashes[taskId][msg.sender] = updateHash;
        uint16 round = task.round;
        member.revealedRound = round + 1;
        member.sampleCount = sampleCount;
        member.dpEpsilonMilli = dpEpsilonMilli;
        unchecked { // cannot overflow: ≤ 64 rounds × 2**32 samples per participant and ≤ 16 participants
            member.contributed += sampleCount;
            task.totalContributed += sampleCount;
            ++task.revealedCount;
        }
        emit UpdateRevealed(taskId, round, msg.sender, updateHash, sampleCount, dpEpsilonMilli, update);
    }

    /// @inheritdoc ITrainingRounds
    function postAggregate(uint256 taskId, bytes calldata aggregate, bytes32 updatesRoot, uint16 count) external {
        Task storage task = _existing(taskId);
        if (msg.sender != task.aggregator) revert NotAggregator(taskId, msg.sender);
        if (task.aggregatorBond == 0) revert AggregatorNotBonded(taskId);
        _requirePhase(taskId, task, Phase.Aggregate);
        uint256 expectedLength = uint256(task.dimension) * 8;
        if (aggregate.length != expectedLength) revert WrongUpdateLength(aggregate.length, expectedLength);
        if (count != task.revealedCount) revert UpdateCountMismatch(taskId, count, task.revealedCount);
        bytes32 aggregateHash = keccak256(aggregate);
        task.posted = true;
        task.postedAt = uint64(block.timestamp);
        task.postedAggregateHash = aggregateHash;
        task.postedRoot = updatesRoot;
        emit AggregatePosted(taskId, task.round, msg.sender, aggregateHash, updatesRoot, count, aggregate);
    }

    /// @inheritdoc ITrainingRounds
    function challengeAggregate(uint256 taskId, address[] calldata participants, bytes[] calldata updates) external {
        Task storage task = _existing(taskId);
        _requirePhase(taskId, task, Phase.Challenge);
        (bytes32 aggregateHash, bytes32 root, bytes memory aggregate) = _recompute(taskId, task, participants, updates);
        if (aggregateHash == task.postedAggregateHash && root == task.postedRoot) {
            revert AggregateCorrect(taskId, task.round);
        }
        _slashAggregator(taskId, task);
        emit AggregateComputed(taskId, task.round, msg.sender, aggregateHash, root, task.revealedCount, aggregate);
        _acceptRound(taskId, task, aggregateHash, root);
    }

    /// @inheritdoc ITrainingRounds
    function aggregateOnChain(uint256 taskId, address[] calldata participants, bytes[] calldata updates) external {
        Task storage task = _existing(taskId);
        Phase phase = _phase(task);
        bool allowed = phase == Phase.Overdue || (phase == Phase.Aggregate && task.aggregatorBond == 0);
        if (!allowed) revert WrongPhase(taskId, Phase.Overdue, phase);
        (bytes32 aggregateHash, bytes32 root, bytes memory aggregate) = _recompute(taskId, task, participants, updates);
        if (task.aggregatorBond != 0) _slashAggregator(taskId, task);
        emit AggregateComputed(taskId, task.round, msg.sender, aggregateHash, root, task.revealedCount, aggregate);
        _acceptRound(taskId, task, aggregateHash, root);
    }

    /// @inheritdoc ITrainingRounds
    function advance(uint256 taskId) external {
        Task storage task = _existing(taskId);
        Phase phase = _phase(task);
        if (phase != Phase.Acceptable) revert NothingToAdvance(taskId, phase);
        if (task.posted) {
            _acceptRound(taskId, task, task.postedAggregateHash, task.postedRoot);
        } else {
            _acceptRound(taskId, task, bytes32(0), bytes32(0));
        }
    }

    /// @inheritdoc ITrainingRounds
    function finalize(uint256 taskId) external {
        Task storage task = _existing(taskId);
        if (task.status != TaskStatus.Trained) revert WrongPhase(taskId, Phase.Trained, _phase(task));
        task.status = TaskStatus.Finalized;
        bytes32 modelHash = task.modelHash;
        if (task.totalContributed == 0 || modelHash == bytes32(0)) {
            _credits[taskId][task.coordinator] += task.rewardPool;
            emit TaskFinalized(taskId, 0, modelHash, task.totalContributed);
            return;
        }
        IModelRegistry.Parent[] memory parents = new IModelRegistry.Parent[](1);
        parents[0] = IModelRegistry.Parent({assetId: task.baseModelId, royaltyBps: task.baseRoyaltyBps});
        IModelRegistry.ListingParams memory listing = IModelRegistry.ListingParams({
            kind: IModelRegistry.AssetKind.Model,
            contentHash: modelHash,
            metadataURI: task.metadataURI,
            licenseId: task.licenseId,
            complianceFlags: 0,
            pricePerCall: 0,
            operator: address(0),
            parents: parents
        });
        // The registry is trusted (deployed with the marketplace) and mints without a receiver callback.
        uint256 assetId = REGISTRY.list(listing);
        task.modelAssetId = assetId;
        emit TaskFinalized(taskId, assetId, modelHash, task.totalContributed);
        IERC721(address(REGISTRY)).transferFrom(address(this), task.coordinator, assetId);
    }

    /// @inheritdoc ITrainingRounds
    function claim(uint256 taskId) external returns (uint256 amount) {
        Task storage task = _existing(taskId);
        if (task.status != TaskStatus.Finalized) revert WrongPhase(taskId, Phase.Finalized, _phase(task));
        amount = _owed(taskId, task, msg.sender);
        if (amount == 0) revert NothingToClaim(msg.sender);
        delete _credits[taskId][msg.sender];
        _members[taskId][msg.sender].claimed = true;
        if (msg.sender == task.aggregator) task.aggregatorBond = 0;
        emit Claimed(taskId, msg.sender, amount);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ITrainingRounds
    function getTask(uint256 taskId) external view returns (Task memory) {
        return _existing(taskId);
    }

    /// @inheritdoc ITrainingRounds
    function getMember(uint256 taskId, address participant) external view returns (Member memory) {
        return _members[taskId][participant];
    }

    /// @inheritdoc ITrainingRounds
    function updateHashOf(uint256 taskId, address participant) external view returns (bytes32) {
        return _hashes[taskId][participant];
    }

    /// @inheritdoc ITrainingRounds
    function isAllowed(uint256 taskId, address account) external view returns (bool) {
        return _allowed[taskId][account];
    }

    /// @inheritdoc ITrainingRounds
    function contributionOf(uint256 taskId, address participant) external view returns (uint256) {
        return _members[taskId][participant].contributed;
    }

    /// @inheritdoc ITrainingRounds
    function claimableOf(uint256 taskId, address account) external view returns (uint256) {
        Task storage task = _tasks[taskId];
        return task.status == TaskStatus.Finalized ? _owed(taskId, task, account) : 0;
    }

    /// @inheritdoc ITrainingRounds
    function phaseOf(uint256 taskId) external view returns (Phase) {
        return _phase(_tasks[taskId]);
    }

    /// @inheritdoc ITrainingRounds
    function commitmentOf(
        uint256 taskId,
        uint16 round,
        bytes32 updateHash,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes32 salt,
        address participant
    ) external pure returns (bytes32) {
        return _commitment(taskId, round, updateHash, sampleCount, dpEpsilonMilli, salt, participant);
    }

    /// @inheritdoc ITrainingRounds
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /// @dev Recomputes the round's FedAvg and Merkle root from every revealed update, checking that the
    /// caller supplied each reveal exactly once (ascending, revealed this round, matching hash, as many
    /// as were revealed). Work: ≤ MAX_PARTICIPANTS updates × ≤ MAX_DIMENSION weights.
    function _recompute(uint256 taskId, Task storage task, address[] calldata participants, bytes[] calldata updates)
        private
        view
        returns (bytes32 aggregateHash, bytes32 root, bytes memory aggregate)
    {
        uint256 count = participants.length;
        if (count != task.revealedCount || updates.length != count) {
            revert UpdateCountMismatch(taskId, count, task.revealedCount);
        }
        int256[] memory sums = new int256[](task.dimension);
        bytes32[] memory leaves = new bytes32[](count);
        uint256 totalSamples = _sumUpdates(taskId, task.round + 1, participants, updates, sums, leaves);
        // count > 0: a round with no reveal is accepted empty by `advance`, never aggregated.
        aggregate = FedAvg.average(sums, totalSamples);
        aggregateHash = keccak256(aggregate);
        root = FedAvg.merkleRoot(leaves);
    }

    /// @dev Adds each verified update, weighted by its sample count, to `sums` and writes its leaf.
    function _sumUpdates(
        uint256 taskId,
        uint16 revealedRound,
        address[] calldata participants,
        bytes[] calldata updates,
        int256[] memory sums,
        bytes32[] memory leaves
    ) private view returns (uint256 totalSamples) {
        uint256 count = participants.length;
        for (uint256 i; i < count; ++i) {
            // bounded: count == revealedCount <= participantCount <= MAX_PARTICIPANTS
            if (i != 0 && participants[i] <= participants[i - 1]) {
                revert ParticipantsNotAscending(participants[i - 1], participants[i]);
            }
            uint32 sampleCount;
            (leaves[i], sampleCount) = _verifiedLeaf(taskId, revealedRound, participants[i], updates[i]);
            FedAvg.accumulate(sums, updates[i], sampleCount);
            totalSamples += sampleCount;
        }
    }

    /// @dev The leaf of `participant`'s update after checking it is what it revealed in this round.
    function _verifiedLeaf(uint256 taskId, uint16 revealedRound, address participant, bytes calldata update)
        private
        view
        returns (bytes32 leaf, uint32 sampleCount)
    {
        Member storage member = _members[taskId][participant];
        if (member.revealedRound != revealedRound) revert NotRevealed(taskId, participant);
        bytes32 updateHash = _hashes[taskId][participant];
        if (keccak256(update) != updateHash) revert UpdateMismatch(taskId, participant);
        sampleCount = member.sampleCount;
        leaf = FedAvg.leaf(participant, updateHash, sampleCount);
    }

    /// @dev Takes the aggregator's whole bond: CHALLENGER_SHARE_BPS (rounded down) to the caller, the
    /// rest to the reward pool. The aggregator can no longer post; later rounds aggregate on-chain.
    function _slashAggregator(uint256 taskId, Task storage task) private {
        uint256 bond = task.aggregatorBond;
        uint256 toChallenger = bond.mulBpsDown(CHALLENGER_SHARE_BPS);
        uint256 toPool = bond - toChallenger;
        task.aggregatorBond = 0;
        task.aggregatorSlashed = true;
        task.rewardPool += uint128(toPool);
        _credits[taskId][msg.sender] += toChallenger;
        emit AggregatorSlashed(taskId, task.aggregator, msg.sender, toChallenger, toPool);
    }

    /// @dev Accepts the current round and starts the next one (or marks the task trained).
    function _acceptRound(uint256 taskId, Task storage task, bytes32 aggregateHash, bytes32 root) private {
        uint16 round = task.round;
        uint16 count = task.revealedCount;
        if (aggregateHash != bytes32(0)) task.modelHash = aggregateHash;
        task.posted = false;
        task.revealedCount = 0;
        uint128 contributed = task.totalContributed;
        uint128 samples = contributed - task.contributedAtRoundStart;
        task.contributedAtRoundStart = contributed;
        emit RoundAccepted(taskId, round, aggregateHash, root, count, samples);
        if (round + 1 == task.rounds) {
            task.status = TaskStatus.Trained;
        } else {
            task.round = round + 1;
            task.roundStart = uint64(block.timestamp);
            emit RoundStarted(taskId, round + 1, uint64(block.timestamp));
        }
    }

    /// @dev Checks the revealed update's shape and declared parameters against the task's policy.
    function _checkUpdate(Task storage task, uint256 length, uint32 sampleCount, uint32 dpEpsilonMilli) private view {
        uint256 expectedLength = uint256(task.dimension) * 8;
        if (length != expectedLength) revert WrongUpdateLength(length, expectedLength);
        uint32 maxSamples = task.maxSamplesPerUpdate;
        if (sampleCount == 0 || sampleCount > maxSamples) revert SampleCountOutOfRange(sampleCount, maxSamples);
        uint32 maxEpsilon = task.maxDpEpsilonMilli;
        if (dpEpsilonMilli > maxEpsilon) revert EpsilonAboveCap(dpEpsilonMilli, maxEpsilon);
    }

    /// @dev The caller's record, once its stored commitment is shown to open to this reveal.
    function _openCommitment(
        uint256 taskId,
        Task storage task,
        bytes32 updateHash,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes32 salt
    ) private view returns (Member storage member) {
        uint16 round = task.round;
        member = _members[taskId][msg.sender];
        if (!member.joined) revert NotParticipant(taskId, msg.sender);
        if (member.revealedRound == round + 1) revert AlreadyRevealed(taskId, round, msg.sender);
        bytes32 computed = _commitment(taskId, round, updateHash, sampleCount, dpEpsilonMilli, salt, msg.sender);
        bytes32 stored = _hashes[taskId][msg.sender];
        if (stored != computed) revert CommitmentMismatch(taskId, msg.sender, stored, computed);
    }

    function _allow(uint256 taskId, Task storage task, address[] calldata accounts) private {
        uint256 total = task.allowedCount + accounts.length;
        if (total > MAX_PARTICIPANTS) revert TooManyParticipants(taskId, total, MAX_PARTICIPANTS);
        uint256 added;
        for (uint256 i; i < accounts.length; ++i) {
            // bounded: accounts.length <= MAX_PARTICIPANTS checked above
            address account = accounts[i];
            if (account == address(0)) revert ZeroAddress();
            if (_allowed[taskId][account]) continue;
            _allowed[taskId][account] = true;
            ++added;
            emit ParticipantAllowed(taskId, account);
        }
        task.allowedCount += uint16(added);
    }


    function _requirePhase(uint256 taskId, Task storage task, Phase expected) private view {
        Phase actual = _phase(task);
        if (actual != expected) {
            if (task.status == TaskStatus.None) revert UnknownTask(taskId);
            revert WrongPhase(taskId, expected, actual);
        }
    }

    function _existing(uint256 taskId) private view returns (Task storage task) {
        task = _tasks[taskId];
        if (task.status == TaskStatus.None) revert UnknownTask(taskId);
    }

    function _phase(Task storage task) private view returns (Phase) {
        TaskStatus status = task.status;
        if (status != TaskStatus.Running) {
            if (status == TaskStatus.None) return Phase.None;
            return status == TaskStatus.Trained ? Phase.Trained : Phase.Finalized;
        }
        uint256 time = block.timestamp;
        uint256 deadline = uint256(task.roundStart) + task.commitSeconds;
        if (time < deadline) return Phase.Commit;
        deadline += task.revealSeconds;
        if (time < deadline) return Phase.Reveal;
        if (task.posted) return time < uint256(task.postedAt) + task.challengeSeconds ? Phase.Challenge : Phase.Acceptable;
        if (task.revealedCount == 0) return Phase.Acceptable;
        return time < deadline + task.aggregateSeconds ? Phase.Aggregate : Phase.Overdue;
    }

    /// @dev Everything a finalized task owes `account`: credits (challenger shares, the coordinator's
    /// refund), a participant's bond and reward share (once), the aggregator's unslashed bond.
    function _owed(uint256 taskId, Task storage task, address account) private view returns (uint256 amount) {
        amount = _credits[taskId][account];
        Member storage member = _members[taskId][account];
        if (member.joined && !member.claimed) {
            amount += member.bond;
            uint256 total = task.totalContributed;
            if (total != 0) amount += Math.mulDiv(task.rewardPool, member.contributed, total);
        }
        if (account == task.aggregator) amount += task.aggregatorBond;
    }

    function _commitment(
        uint256 taskId,
        uint16 round,
        bytes32 updateHash,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes32 salt,
        address participant
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(taskId, round, updateHash, sampleCount, dpEpsilonMilli, salt, participant));
    }

    function _checkOpen(OpenParams calldata params) private view {
        if (params.aggregator == address(0)) revert ZeroAddress();
        if (params.rewardPool == 0) revert ZeroAmount();
        (address baseOwner, IModelRegistry.AssetStatus baseStatus) = REGISTRY.ownerAndStatus(params.baseModelId);
        if (baseOwner == address(0)) revert UnknownAsset(params.baseModelId);
        if (baseStatus == IModelRegistry.AssetStatus.Retired) revert AssetRetired(params.baseModelId);
        _checkRange("rounds", params.rounds, 1, MAX_ROUNDS);
        _checkRange("dimension", params.dimension, 1, MAX_DIMENSION);
        _checkRange("maxSamplesPerUpdate", params.maxSamplesPerUpdate, 1, type(uint32).max);
        _checkRange("commitSeconds", params.commitSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("revealSeconds", params.revealSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("aggregateSeconds", params.aggregateSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("challengeSeconds", params.challengeSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("baseRoyaltyBps", params.baseRoyaltyBps, 0, REGISTRY.MAX_TOTAL_ROYALTY_BPS());
        // An open task needs a sybil cost: an allow-list, or a bond per participant.
        if (!params.allowListOnly && params.minParticipantBond == 0) revert InvalidParameter("minParticipantBond", 0);
        if (params.aggregatorBond == 0) revert InvalidParameter("aggregatorBond", 0);
        if (bytes(params.metadataURI).length == 0) revert InvalidParameter("metadataURI", 0);
    }

    function _checkRange(bytes32 what, uint256 value, uint256 minimum, uint256 maximum) private pure {
        if (value < minimum || value > maximum) revert InvalidParameter(what, value);
    }
}
