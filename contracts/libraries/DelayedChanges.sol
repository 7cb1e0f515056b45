// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IDelayedChanges} from "../../interfaces/IDelayedChanges.sol";

/// @title DelayedChanges
/// @notice The admin queue shared by StakingPool and Disputes (see `IDelayedChanges`). A contract
/// validates a value when it is queued and again when it is applied (`_applyChange`), and says what
/// the delay is (`_changeDelay`, its thawing period, read at execution).
abstract contract DelayedChanges is IDelayedChanges, Ownable2Step {
    /// @notice Time (seconds) stakers are given to see a queued change and start thawing.
    uint256 public constant REACTION_TIME = 2 days;

    mapping(bytes32 parameter => PendingChange change) private _pendingChanges;

    /// @inheritdoc IDelayedChanges
    function executeChange(bytes32 parameter) external {
        PendingChange memory change = _pendingChanges[parameter];
        if (change.queuedAt == 0) revert NoPendingChange(parameter);
        uint256 executableAt = uint256(change.queuedAt) + _changeDelay();
        if (block.timestamp < executableAt) revert ChangeNotReady(parameter, executableAt);
        delete _pendingChanges[parameter];
        emit ChangeExecuted(parameter, change.value);
        _applyChange(parameter, change.value);
    }

    /// @inheritdoc IDelayedChanges
    function cancelChange(bytes32 parameter) external onlyOwner {
        PendingChange memory change = _pendingChanges[parameter];
        if (change.queuedAt == 0) revert NoPendingChange(parameter);
        delete _pendingChanges[parameter];
        emit ChangeCancelled(parameter, change.value);
    }

    /// @inheritdoc IDelayedChanges
    function pendingChange(bytes32 parameter) external view returns (PendingChange memory) {
        return _pendingChanges[parameter];
    }

    /// @inheritdoc IDelayedChanges
    function changeDelay() external view returns (uint256) {
        return _changeDelay();
    }

    /// @dev Queues `value` (already validated by the caller) for `parameter`; replaces any pending one.
    function _queueChange(bytes32 parameter, uint256 value) internal {
        _pendingChanges[parameter] = PendingChange({value: uint192(value), queuedAt: uint64(block.timestamp)});
        emit ChangeQueued(parameter, value, block.timestamp + _changeDelay());
    }

    /// @dev The delay a queued change waits, read when it is executed.
    function _changeDelay() internal view virtual returns (uint256);

    /// @dev Validates `value` again (bounds may depend on other parameters) and applies it.
    function _applyChange(bytes32 parameter, uint256 value) internal virtual;
}
