// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDelayedChanges
/// @notice A small built-in queue for the admin's fund-affecting changes (who may slash, who credits
/// fees, who arbitrates, where payouts go, and every parameter that moves value). The admin's setter
/// only *queues* a change (`ChangeQueued`); anyone may apply it (`executeChange`) once the change
/// delay has passed since it was queued, and the admin may cancel it before (`ChangeCancelled`).
/// The change delay is `thawingPeriod + MAX_WITHDRAWAL_FREEZE + REACTION_TIME` of the StakingPool,
/// **read at execution**: a change queued at `t` applies at the earliest at `t + changeDelay(now)`,
/// so raising the thawing period also holds back every change already queued, and a staker who
/// starts thawing within `REACTION_TIME` of the event is out before the change applies, even if an
/// open dispute holds its withdrawal for the longest freeze. One pending change per parameter;
/// queueing again replaces it and restarts its delay.
interface IDelayedChanges {
    /// @notice A queued change of one parameter.
    /// @param value The new value (an address is stored as its uint160).
    /// @param queuedAt When it was queued (0: nothing pending).
    struct PendingChange {
        uint192 value;
        uint64 queuedAt;
    }

    /// @notice Nothing is queued for `parameter`.
    error NoPendingChange(bytes32 parameter);
    /// @notice The change of `parameter` cannot apply before `executableAt`.
    error ChangeNotReady(bytes32 parameter, uint256 executableAt);
    /// @notice `parameter` is not a parameter of this contract.
    error UnknownParameter(bytes32 parameter);

    /// @notice A change of `parameter` to `value` was queued; it applies from `executableAt` on (later
    /// if the thawing period is raised meanwhile).
    event ChangeQueued(bytes32 indexed parameter, uint256 value, uint256 executableAt);
    /// @notice The queued change of `parameter` was cancelled by the admin.
    event ChangeCancelled(bytes32 indexed parameter, uint256 value);
    /// @notice The queued change of `parameter` to `value` was applied.
    event ChangeExecuted(bytes32 indexed parameter, uint256 value);

    /// @notice Applies the queued change of `parameter` once its delay has passed. Anyone.
    function executeChange(bytes32 parameter) external;

    /// @notice Cancels the queued change of `parameter`. Admin only.
    function cancelChange(bytes32 parameter) external;

    /// @notice The queued change of `parameter` (zeroes: none).
    function pendingChange(bytes32 parameter) external view returns (PendingChange memory);

    /// @notice The delay (seconds) a change queued now must wait (see the notice; read at execution).
    function changeDelay() external view returns (uint256);
}
