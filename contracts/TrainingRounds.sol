// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";
import {ITrainingRounds} from "../interfaces/ITrainingRounds.sol";
import {ITrainingAggregation} from "../interfaces/ITrainingAggregation.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {FedAvg} from "./libraries/FedAvg.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";
import {TrainingRoyalties} from "./libraries/TrainingRoyalties.sol";
import {TrainingAggregation} from "./TrainingAggregation.sol";
import {TrainingRoundsOpening} from "./TrainingRoundsOpening.sol";
import {TrainingRoundsStorage} from "./TrainingRoundsStorage.sol";

/// @title TrainingRounds
/// @notice Federated training tasks: commit-reveal of updates per round, an optimistic bonded
/// aggregator whose FedAvg anyone can recompute on-chain within fixed bounds, deadlines anyone
/// enforces, and a final listing of the trained model with lineage to its base model (see
/// {ITrainingRounds}). No admin: nothing here can be changed after deployment.
contract TrainingRounds is ITrainingRounds, TrainingRoundsStorage {
    using SafeERC20 for IERC20;
    using BpsMath for uint256;

    /// @inheritdoc ITrainingRounds
    uint256 public constant MAX_PARTICIPANTS = PARTICIPANT_CAP;
    /// @inheritdoc ITrainingRounds
    uint256 public constant MAX_DIMENSION = DIMENSION_CAP;
    /// @inheritdoc ITrainingRounds
    uint256 public constant MAX_ROUNDS = ROUND_CAP;
    /// @inheritdoc ITrainingRounds
    uint256 public constant CHALLENGER_SHARE_BPS = 5_000;
    /// @inheritdoc ITrainingRounds
    uint256 public constant ROYALTY_SCALE = TrainingRoyalties.SCALE;
    /// @dev A participant's slot from joining to its first commit: nonzero, so "joined" is read from the
    /// slot a commit writes anyway, and the first commit is a nonzero-to-nonzero write.
    bytes32 private constant JOINED = bytes32(uint256(1));
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("TrainingRounds");
    bytes32 private constant VERSION_HASH = keccak256("1");
    bytes32 private constant COMMIT_TYPEHASH =
        keccak256("CommitAuthorization(uint256 taskId,uint16 round,bytes32 commitment,bytes32 previous)");

    /// @notice The token of reward pools and bonds.
    IERC20 public immutable TOKEN;
    /// @notice The registry holding base and trained models.
    IModelRegistry public immutable REGISTRY;
    /// @notice Where the trained models' revenue is settled and the contributions assets' royalties accrue.
    IUsagePayments public immutable PAYMENTS;
    /// @inheritdoc ITrainingRounds
    address public immutable AGGREGATION;
    /// @inheritdoc ITrainingRounds
    address public immutable OPENING;

    constructor(IERC20 token, IModelRegistry registry, IUsagePayments payments) {
        if (address(token) == address(0) || address(registry) == address(0) || address(payments) == address(0)) {
            revert ZeroAddress();
        }
        TOKEN = token;
        REGISTRY = registry;
        PAYMENTS = payments;
        // Created here (its code is in this contract's initcode, not its runtime code): no extra wiring.
        AGGREGATION = address(new TrainingAggregation());
        OPENING = address(new TrainingRoundsOpening(token, registry));
        emit TrainingRoundsDeployed(
            address(token),
            address(registry),
            address(payments),
            MAX_PARTICIPANTS, MAX_DIMENSION, CHALLENGER_SHARE_BPS, AGGREGATION, OPENING
        );
    }

    /// @inheritdoc ITrainingRounds
    function open(OpenParams calldata) external returns (uint256 taskId) {
        bytes memory result = _delegateToOpening();
        taskId = abi.decode(result, (uint256));
    }

    /// @inheritdoc ITrainingRounds
    function allowParticipants(uint256, address[] calldata) external {
        _delegateToOpening();
    }

    /// @inheritdoc ITrainingRounds
    function join(uint256 taskId, uint64 declaredFlags) external {
        Task storage task = _existing(taskId);
        if (task.status != TaskStatus.Running) revert WrongPhase(taskId, Phase.Commit, _phase(task));
        if (task.allowListOnly && !_allowed[taskId][msg.sender]) revert NotAllowed(taskId, msg.sender);
        uint64 required = task.requiredFlags;
        if (declaredFlags & required != required) {
            revert ComplianceFlagsMissing(taskId, msg.sender, declaredFlags, required);
        }
        Member storage member = _members[taskId][msg.sender];
        if (member.joined) revert AlreadyJoined(taskId, msg.sender);
        uint256 count = task.participantCount + 1;
        if (count > MAX_PARTICIPANTS) revert TooManyParticipants(taskId, count, MAX_PARTICIPANTS);
        uint96 bond = task.minParticipantBond;
        task.participantCount = uint16(count);
        member.joined = true;
        member.bond = bond;
        _hashes[taskId][msg.sender] = JOINED;
        emit ParticipantJoined(taskId, msg.sender, bond, declaredFlags);
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
        // No reveal check: the commit phase of a round precedes its reveal phase.
        if (_hashes[taskId][msg.sender] == bytes32(0)) revert NotParticipant(taskId, msg.sender);
        // A zero slot means "never joined": a zero commitment would lock the participant out.
        if (commitment == bytes32(0)) revert InvalidParameter("commitment", 0);
        _hashes[taskId][msg.sender] = commitment;
        emit UpdateCommitted(taskId, task.round, msg.sender, commitment);
    }

    /// @inheritdoc ITrainingRounds
    function commitBatch(uint256 taskId, SignedCommit[] calldata commits) external {
        Task storage task = _tasks[taskId];
        _requirePhase(taskId, task, Phase.Commit);
        _checkBatch(commits.length);
        uint16 round = task.round;
        bytes32 separator = _domainSeparator();
        for (uint256 i; i < commits.length; ++i) {
            // bounded: commits.length <= MAX_PARTICIPANTS checked above
            SignedCommit calldata signed = commits[i];
            address participant = signed.participant;
            bytes32 stored = _hashes[taskId][participant];
            if (stored == bytes32(0)) revert NotParticipant(taskId, participant);
            if (stored != signed.previous) { // void, not fatal: a direct commit since signing, or a replay
                emit BatchEntrySkipped(taskId, round, participant);
                continue;
            }
            if (signed.commitment == bytes32(0)) revert InvalidParameter("commitment", 0);
            bytes32 digest = MessageHashUtils.toTypedDataHash(
                separator, keccak256(abi.encode(COMMIT_TYPEHASH, taskId, round, signed.commitment, stored))
            );
            (address signer,,) = ECDSA.tryRecover(digest, signed.v, signed.r, signed.s);
            if (signer != participant) revert InvalidCommitSignature(taskId, participant);
            _hashes[taskId][participant] = signed.commitment;
            emit UpdateCommitted(taskId, round, participant, signed.commitment);
        }
    }

    /// @inheritdoc ITrainingRounds
    function reveal(uint256 taskId, bytes calldata update, uint32 sampleCount, uint32 dpEpsilonMilli, bytes32 salt)
        external
    {
        Task storage task = _tasks[taskId];
        _requirePhase(taskId, task, Phase.Reveal);
        _reveal(taskId, task, msg.sender, update, sampleCount, dpEpsilonMilli, salt);
    }

    /// @inheritdoc ITrainingRounds
    function revealBatch(uint256 taskId, Opening[] calldata openings) external {
        Task storage task = _tasks[taskId];
        _requirePhase(taskId, task, Phase.Reveal);
        _checkBatch(openings.length);
        uint16 round = task.round;
        for (uint256 i; i < openings.length; ++i) {
            // bounded: openings.length <= MAX_PARTICIPANTS checked above
            Opening calldata opening = openings[i];
            if (_members[taskId][opening.participant].revealedRound == round + 1) { // void: it revealed itself
                emit BatchEntrySkipped(taskId, round, opening.participant);
                continue;
            }
            _reveal(
                taskId, task, opening.participant, opening.update, opening.sampleCount, opening.dpEpsilonMilli, opening.salt
            );
        }
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
        uint64 totalContributed = task.totalContributed;
        if (totalContributed == 0 || modelHash == bytes32(0)) {
            _credits[taskId][task.coordinator] += task.rewardPool;
            emit TaskFinalized(taskId, 0, modelHash, totalContributed);
            return;
        }
        uint16 participantsBps = task.participantsRoyaltyBps;
        IModelRegistry.Parent[] memory parents = new IModelRegistry.Parent[](participantsBps == 0 ? 1 : 2);
        parents[0] = IModelRegistry.Parent({assetId: task.baseModelId, royaltyBps: task.baseRoyaltyBps});
        // The registry is trusted (deployed with the marketplace) and mints without a receiver callback.
        // Both listings are interactions with it; the only state written after them is the ids it returns.
        uint256 contributionsId;
        bytes32 contributionsHash;
        if (participantsBps != 0) {
            contributionsHash = TrainingRoyalties.contributionsHash(taskId, modelHash, totalContributed);
            contributionsId = REGISTRY.list(
                TrainingRoyalties.listing(
                    task, IModelRegistry.AssetKind.Dataset, contributionsHash, new IModelRegistry.Parent[](0)
                )
            );
            task.contributionsAssetId = contributionsId;
            parents[1] = IModelRegistry.Parent({assetId: contributionsId, royaltyBps: participantsBps});
        }
        uint256 assetId =
            REGISTRY.list(TrainingRoyalties.listing(task, IModelRegistry.AssetKind.Model, modelHash, parents));
        task.modelAssetId = assetId;
        if (participantsBps != 0) {
            emit ContributionsAssetListed(taskId, contributionsId, assetId, contributionsHash, participantsBps);
        }
        emit TaskFinalized(taskId, assetId, modelHash, totalContributed);
        IERC721(address(REGISTRY)).transferFrom(address(this), task.coordinator, assetId);
    }

    /// @inheritdoc ITrainingRounds
    function collectRoyalties(uint256 taskId) external returns (uint256 amount) {
        Task storage task = _existing(taskId);
        uint256 assetId = task.contributionsAssetId;
        if (assetId == 0) revert NoContributionsAsset(taskId);
        amount = PAYMENTS.royaltiesOf(assetId);
        if (amount == 0) revert NothingToClaim(address(this));
        // Effects before the interaction: the accumulator counts what UsagePayments owes this contract.
        uint256 accumulator = TrainingRoyalties.accrue(task, amount);
        emit RoyaltiesCollected(taskId, msg.sender, amount, accumulator);
        // UsagePayments is trusted (deployed with the marketplace, nonReentrant, the marketplace token) and
        // pays the asset's owner, this contract, exactly what it returns.
        uint256 paid = PAYMENTS.claimRoyalties(assetId);
        if (paid != amount) revert RoyaltyTransferMismatch(amount, paid);
    }

    /// @inheritdoc ITrainingRounds
    function claimRoyalties(uint256 taskId) external returns (uint256 amount) {
        Task storage task = _existing(taskId);
        uint256 accumulator = task.royaltyPerContribution;
        amount = _royaltiesOwed(taskId, accumulator, msg.sender);
        if (amount == 0) revert NothingToClaim(msg.sender);
        _royaltyPaid[taskId][msg.sender] = accumulator;
        emit RoyaltiesClaimed(taskId, msg.sender, amount);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ITrainingRounds
    function royaltiesClaimableOf(uint256 taskId, address participant) external view returns (uint256) {
        return _royaltiesOwed(taskId, _tasks[taskId].royaltyPerContribution, participant);
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

    /// @inheritdoc ITrainingRounds
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @dev Recomputes the round's FedAvg and Merkle root from every revealed update, checking that the
    /// caller supplied each reveal exactly once (ascending, revealed this round, matching hash, as many
    /// as were revealed). Work: ≤ MAX_PARTICIPANTS updates × ≤ MAX_DIMENSION weights.
    function _recompute(uint256 taskId, Task storage task, address[] calldata participants, bytes[] calldata updates)
        private
        view
        returns (bytes32, bytes32, bytes memory)
    {
        (bytes32[] memory leaves, uint32[] memory samples) = _verifiedInputs(taskId, task, participants, updates);
        // count > 0: a round with no reveal is accepted empty by `advance`, never aggregated.
        return ITrainingAggregation(AGGREGATION).aggregate(updates, samples, leaves, task.dimension);
    }

    /// @dev The leaves and sample counts of the supplied updates, each checked against its reveal.
    function _verifiedInputs(uint256 taskId, Task storage task, address[] calldata participants, bytes[] calldata updates)
        private
        view
        returns (bytes32[] memory leaves, uint32[] memory samples)
    {
        uint256 count = participants.length;
        if (count != task.revealedCount || updates.length != count) {
            revert UpdateCountMismatch(taskId, count, task.revealedCount);
        }
        leaves = new bytes32[](count);
        samples = new uint32[](count);
        uint16 revealedRound = task.round + 1;
        for (uint256 i; i < count; ++i) {
            // bounded: count == revealedCount <= participantCount <= MAX_PARTICIPANTS
            address participant = participants[i];
            if (i != 0 && participant <= participants[i - 1]) {
                revert ParticipantsNotAscending(participants[i - 1], participant);
            }
            (leaves[i], samples[i]) = _verifiedLeaf(taskId, revealedRound, participant, updates[i]);
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
        uint64 contributed = task.totalContributed;
        uint64 samples = contributed - task.contributedAtRoundStart;
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

    /// @dev Opens `participant`'s stored commitment with this reveal and records the update.
    function _reveal(
        uint256 taskId,
        Task storage task,
        address participant,
        bytes calldata update,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes32 salt
    ) private {
        _checkUpdate(task, update.length, sampleCount, dpEpsilonMilli);
        bytes32 updateHash = keccak256(update);
        uint16 round = task.round;
        _openCommitment(taskId, round, participant, updateHash, sampleCount, dpEpsilonMilli, salt);
        _hashes[taskId][participant] = updateHash;
        Member storage member = _members[taskId][participant];
        member.revealedRound = round + 1;
        member.sampleCount = sampleCount;
        member.dpEpsilonMilli = dpEpsilonMilli;
        unchecked { // cannot overflow: ≤ 64 rounds × 2**32 samples per participant and ≤ 16 participants (< 2**42)
            member.contributed += sampleCount;
            task.totalContributed += sampleCount;
            ++task.revealedCount;
        }
        emit UpdateRevealed(taskId, round, participant, updateHash, sampleCount, dpEpsilonMilli, update);
    }

    /// @dev Reverts unless this opening is `participant`'s stored commitment for `round`, unrevealed.
    function _openCommitment(
        uint256 taskId,
        uint16 round,
        address participant,
        bytes32 updateHash,
        uint32 sampleCount,
        uint32 dpEpsilonMilli,
        bytes32 salt
    ) private view {
        if (_members[taskId][participant].revealedRound == round + 1) revert AlreadyRevealed(taskId, round, participant);
        bytes32 stored = _hashes[taskId][participant];
        if (stored == bytes32(0)) revert NotParticipant(taskId, participant);
        bytes32 computed = _commitment(taskId, round, updateHash, sampleCount, dpEpsilonMilli, salt, participant);
        if (stored != computed) revert CommitmentMismatch(taskId, participant, stored, computed);
    }

    /// @dev Runs this call's calldata in `OPENING`'s code on this contract's storage; bubbles a revert.
    function _delegateToOpening() private returns (bytes memory result) {
        bool ok;
        // OPENING is immutable, created by the constructor: the delegated code is fixed.
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = OPENING.delegatecall(msg.data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @dev Batches are bounded so that a batch is bounded work.
    function _checkBatch(uint256 size) private pure {
        if (size == 0 || size > MAX_PARTICIPANTS) revert BadBatchSize(size, MAX_PARTICIPANTS);
    }

    function _domainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function _requirePhase(uint256 taskId, Task storage task, Phase expected) private view {
        Phase actual = _phase(task);
        if (actual != expected) {
            if (task.status == TaskStatus.None) revert UnknownTask(taskId);
            revert WrongPhase(taskId, expected, actual);
        }
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

    /// @dev The participant's collected-but-unclaimed royalties (0 for a non-contributor), rounded down.
    function _royaltiesOwed(uint256 taskId, uint256 accumulator, address participant) private view returns (uint256) {
        return TrainingRoyalties.owed(
            _members[taskId][participant].contributed, accumulator, _royaltyPaid[taskId][participant]
        );
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
}
