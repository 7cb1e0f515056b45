// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";

/// @title PackedSlots
/// @notice One read and one write of the two-halves slots on the redeem path (a lane: balance low,
/// redeemed high; an asset's revenue: recorded low, settled high). The compiler reads and writes
/// struct members one at a time; these touch each slot once.
library PackedSlots {
    uint256 private constant LOW_HALF = 0xffffffffffffffffffffffffffffffff;

    /// @notice The lane's balance and redeemed amount.
    function read(IUsagePayments.Lane storage lane) internal view returns (uint256 balance, uint256 redeemedAmount) {
        uint256 word;
        assembly ("memory-safe") {
            word := sload(lane.slot)
        }
        return (word & LOW_HALF, word >> 128);
    }

    /// @notice Writes both halves of a lane; the caller guarantees both fit 128 bits.
    function write(IUsagePayments.Lane storage lane, uint256 laneBalance, uint256 redeemedAmount) internal {
        assembly ("memory-safe") {
            sstore(lane.slot, or(shl(128, redeemedAmount), laneBalance))
        }
    }

    /// @notice Adds `amount` to an asset's recorded revenue (one read, one write); reverts
    /// `IUsagePayments.AmountTooLarge` past 128 bits.
    function addRecorded(IUsagePayments.Revenue storage revenue, uint256 amount) internal {
        uint256 word;
        assembly ("memory-safe") {
            word := sload(revenue.slot)
        }
        uint256 recorded = (word & LOW_HALF) + amount;
        if (recorded > LOW_HALF) revert IUsagePayments.AmountTooLarge(recorded, LOW_HALF);
        assembly ("memory-safe") {
            sstore(revenue.slot, or(and(word, not(LOW_HALF)), recorded))
        }
    }
}
