// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITrainingRounds} from "../interfaces/ITrainingRounds.sol";

/// @title TrainingRoundsStorage
/// @notice The storage layout, bounds and phase clock shared by `TrainingRounds` and the
/// `TrainingRoundsOpening` code it delegates `open` and `allowParticipants` to. Both inherit this
/// contract and declare no other storage, so their layouts are identical by construction.
abstract contract TrainingRoundsStorage {
    /// @dev Most participants (allowed or joined) per task; bounds every loop over participants.
    uint256 internal constant PARTICIPANT_CAP = 16;
    /// @dev Most int64 weights per model.
    uint256 internal constant DIMENSION_CAP = 32;
    /// @dev Most rounds per task.
    uint256 internal constant ROUND_CAP = 64;

    uint256 internal _taskCount;
    mapping(uint256 taskId => ITrainingRounds.Task task) internal _tasks;
    mapping(uint256 taskId => mapping(address participant => ITrainingRounds.Member member)) internal _members;
    /// @dev One slot per (task, participant), reused every round: JOINED, then the commitment during a
    /// round, the revealed update's hash after the reveal.
    mapping(uint256 taskId => mapping(address participant => bytes32 hash)) internal _hashes;
    mapping(uint256 taskId => mapping(address account => bool allowed)) internal _allowed;
    mapping(uint256 taskId => mapping(address account => uint256 amount)) internal _credits;
    /// @dev The task's `royaltyPerContribution` at the participant's last royalty claim.
    mapping(uint256 taskId => mapping(address participant => uint256 accumulator)) internal _royaltyPaid;

    function _existing(uint256 taskId) internal view returns (ITrainingRounds.Task storage task) {
        task = _tasks[taskId];
        if (task.status == ITrainingRounds.TaskStatus.None) revert ITrainingRounds.UnknownTask(taskId);
    }

    /// @dev The phase of the task's current round at this block (reads slot 0 only up to the reveal phase).
    function _phase(ITrainingRounds.Task storage task) internal view returns (ITrainingRounds.Phase) {
        ITrainingRounds.TaskStatus status = task.status;
        if (status != ITrainingRounds.TaskStatus.Running) {
            if (status == ITrainingRounds.TaskStatus.None) return ITrainingRounds.Phase.None;
            return status == ITrainingRounds.TaskStatus.Trained ? ITrainingRounds.Phase.Trained : ITrainingRounds.Phase.Finalized;
        }
        uint256 time = block.timestamp;
        uint256 deadline = uint256(task.roundStart) + task.commitSeconds;
        if (time < deadline) return ITrainingRounds.Phase.Commit;
        deadline += task.revealSeconds;
        if (time < deadline) return ITrainingRounds.Phase.Reveal;
        if (task.posted) {
            return time < uint256(task.postedAt) + task.challengeSeconds
                ? ITrainingRounds.Phase.Challenge
                : ITrainingRounds.Phase.Acceptable;
        }
        if (task.revealedCount == 0) return ITrainingRounds.Phase.Acceptable;
        return time < deadline + task.aggregateSeconds ? ITrainingRounds.Phase.Aggregate : ITrainingRounds.Phase.Overdue;
    }
}
