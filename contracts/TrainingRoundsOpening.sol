// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IMarketErrors} from "../interfaces/IMarketErrors.sol";
import {ITrainingRounds} from "../interfaces/ITrainingRounds.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";
import {TrainingRoundsStorage} from "./TrainingRoundsStorage.sol";

/// @title TrainingRoundsOpening
/// @notice The code of `ITrainingRounds.open` and `ITrainingRounds.allowParticipants`, run only by
/// DELEGATECALL from the `TrainingRounds` that created it (same storage layout through
/// `TrainingRoundsStorage`), so that `TrainingRounds` stays well under the EIP-170 code size limit.
/// Called directly, it reverts: it never holds state or funds of its own.
contract TrainingRoundsOpening is TrainingRoundsStorage {
    /// @dev Bounds on phase durations: long enough to act, short enough that nothing is parked for long.
    uint256 private constant MIN_PHASE_SECONDS = 60;
    uint256 private constant MAX_PHASE_SECONDS = 30 days;

    /// @notice The token of reward pools (the creator's).
    IERC20 public immutable TOKEN;
    /// @notice The registry holding base models (the creator's).
    IModelRegistry public immutable REGISTRY;
    /// @dev This contract's own address: a call that does not come through DELEGATECALL sees it as `this`.
    address private immutable SELF;

    constructor(IERC20 token, IModelRegistry registry) {
        TOKEN = token;
        REGISTRY = registry;
        SELF = address(this);
    }

    /// @notice See `ITrainingRounds.open` (runs in the storage of `TrainingRounds`).
    function open(ITrainingRounds.OpenParams calldata params) external returns (uint256 taskId) {
        _onlyDelegated();
        _checkOpen(params);
        unchecked { // cannot overflow: one id per transaction
            taskId = ++_taskCount;
        }
        ITrainingRounds.Task storage task = _tasks[taskId];
        task.status = ITrainingRounds.TaskStatus.Running;
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
        task.requiredFlags = params.requiredFlags;
        task.coordinator = msg.sender;
        task.baseRoyaltyBps = params.baseRoyaltyBps;
        task.participantsRoyaltyBps = params.participantsRoyaltyBps;
        task.aggregator = params.aggregator;
        task.rewardPool = params.rewardPool;
        task.minParticipantBond = params.minParticipantBond;
        task.requiredAggregatorBond = params.aggregatorBond;
        task.baseModelId = params.baseModelId;
        task.licenseId = params.licenseId;
        task.metadataURI = params.metadataURI;
        emit ITrainingRounds.TaskOpened(taskId, msg.sender, params.baseModelId, params);
        _allow(taskId, task, params.allowList);
        emit ITrainingRounds.RoundStarted(taskId, 0, uint64(block.timestamp));
        TokenTransfers.pullExact(TOKEN, params.rewardPool);
    }

    /// @notice See `ITrainingRounds.allowParticipants` (runs in the storage of `TrainingRounds`).
    function allowParticipants(uint256 taskId, address[] calldata participants) external {
        _onlyDelegated();
        ITrainingRounds.Task storage task = _existing(taskId);
        if (msg.sender != task.coordinator) revert ITrainingRounds.NotCoordinator(taskId, msg.sender);
        if (task.status != ITrainingRounds.TaskStatus.Running) {
            revert ITrainingRounds.WrongPhase(taskId, ITrainingRounds.Phase.Commit, _phase(task));
        }
        _allow(taskId, task, participants);
    }

    function _onlyDelegated() private view {
        if (address(this) == SELF) revert ITrainingRounds.NotDelegated();
    }

    function _allow(uint256 taskId, ITrainingRounds.Task storage task, address[] calldata accounts) private {
        uint256 total = task.allowedCount + accounts.length;
        if (total > PARTICIPANT_CAP) revert ITrainingRounds.TooManyParticipants(taskId, total, PARTICIPANT_CAP);
        uint256 added;
        for (uint256 i; i < accounts.length; ++i) {
            // bounded: accounts.length <= PARTICIPANT_CAP checked above
            address account = accounts[i];
            if (account == address(0)) revert IMarketErrors.ZeroAddress();
            if (_allowed[taskId][account]) continue;
            _allowed[taskId][account] = true;
            ++added;
            emit ITrainingRounds.ParticipantAllowed(taskId, account);
        }
        task.allowedCount += uint16(added);
    }

    function _checkOpen(ITrainingRounds.OpenParams calldata params) private view {
        if (params.aggregator == address(0)) revert IMarketErrors.ZeroAddress();
        if (params.rewardPool == 0) revert IMarketErrors.ZeroAmount();
        (address baseOwner, IModelRegistry.AssetStatus baseStatus) = REGISTRY.ownerAndStatus(params.baseModelId);
        if (baseOwner == address(0)) revert IMarketErrors.UnknownAsset(params.baseModelId);
        if (baseStatus == IModelRegistry.AssetStatus.Retired) revert IMarketErrors.AssetRetired(params.baseModelId);
        _checkRange("rounds", params.rounds, 1, ROUND_CAP);
        _checkRange("dimension", params.dimension, 1, DIMENSION_CAP);
        _checkRange("maxSamplesPerUpdate", params.maxSamplesPerUpdate, 1, type(uint32).max);
        _checkRange("commitSeconds", params.commitSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("revealSeconds", params.revealSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("aggregateSeconds", params.aggregateSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        _checkRange("challengeSeconds", params.challengeSeconds, MIN_PHASE_SECONDS, MAX_PHASE_SECONDS);
        uint256 maxRoyaltyBps = REGISTRY.MAX_TOTAL_ROYALTY_BPS();
        if (uint256(params.baseRoyaltyBps) + params.participantsRoyaltyBps > maxRoyaltyBps) {
            revert ITrainingRounds.TrainingRoyaltyAboveCap(
                params.baseRoyaltyBps, params.participantsRoyaltyBps, maxRoyaltyBps
            );
        }
        // An open task needs a sybil cost: an allow-list, or a bond per participant.
        if (!params.allowListOnly && params.minParticipantBond == 0) {
            revert ITrainingRounds.InvalidParameter("minParticipantBond", 0);
        }
        if (params.aggregatorBond == 0) revert ITrainingRounds.InvalidParameter("aggregatorBond", 0);
        if (bytes(params.metadataURI).length == 0) revert ITrainingRounds.InvalidParameter("metadataURI", 0);
    }

    function _checkRange(bytes32 what, uint256 value, uint256 minimum, uint256 maximum) private pure {
        if (value < minimum || value > maximum) revert ITrainingRounds.InvalidParameter(what, value);
    }
}
