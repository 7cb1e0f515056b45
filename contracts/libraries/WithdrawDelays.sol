// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";

/// @title WithdrawDelays
/// @notice UsagePayments' withdrawal delay: a longer delay applies at once; a shorter one only from
/// `now + the delay in force`, so it never cuts short a window promised under the longer one.
library WithdrawDelays {
    /// @notice The delay in force now.
    function current(IUsagePayments.DelaySchedule storage schedule) internal view returns (uint64) {
        uint64 nextAt = schedule.nextAt;
        return nextAt != 0 && block.timestamp >= nextAt ? schedule.next : schedule.inForce;
    }

    /// @notice Sets the delay (bounded by the caller) and emits `WithdrawDelayUpdated`.
    function set(IUsagePayments.DelaySchedule storage schedule, uint64 newDelay) internal {
        uint64 inForce = current(schedule);
        uint64 effectiveAt = uint64(block.timestamp);
        if (newDelay >= inForce) {
            schedule.inForce = newDelay;
            schedule.nextAt = 0;
        } else {
            effectiveAt += inForce;
            schedule.inForce = inForce;
            schedule.next = newDelay;
            schedule.nextAt = effectiveAt;
        }
        emit IUsagePayments.WithdrawDelayUpdated(inForce, newDelay, effectiveAt);
    }
}
