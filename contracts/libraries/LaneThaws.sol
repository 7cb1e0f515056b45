// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {ErrorWords} from "./ErrorWords.sol";

/// @title LaneThaws
/// @notice Taking tokens back out of an escrow lane: a thaw request waits the withdrawal delay, so a
/// provider serving the consumer can still redeem what the consumer signed before it asked.
library LaneThaws {
    using ErrorWords for address;
    using ErrorWords for bytes4;

    /// @notice `consumer` asks to take `amount` (at most the lane's `balance`) out of its lane of
    /// `assetId` at `readyAt`; replaces any earlier request.
    function request(
        IUsagePayments.LaneThaw storage thaw,
        uint256 balance,
        address consumer,
        uint256 assetId,
        uint256 amount,
        uint64 readyAt
    ) internal {
        if (amount == 0) revert IMarketErrors.ZeroAmount();
        if (amount > balance) {
            IUsagePayments.InsufficientLane.selector.fail(4, consumer.word(), assetId, balance, amount, 0);
        }
        thaw.amount = uint128(amount);
        thaw.readyAt = readyAt;
        emit IUsagePayments.ThawRequested(consumer, assetId, amount, readyAt);
    }

    /// @notice Cancels `consumer`'s thaw request of `assetId`.
    function cancel(IUsagePayments.LaneThaw storage thaw, address consumer, uint256 assetId) internal {
        uint256 requested = thaw.amount;
        if (requested == 0) IUsagePayments.NoThawRequest.selector.fail(2, consumer.word(), assetId, 0, 0, 0);
        thaw.amount = 0;
        thaw.readyAt = 0;
        emit IUsagePayments.ThawCancelled(consumer, assetId, requested);
    }

    /// @notice Completes a due thaw: takes the requested amount, or what payments during the delay left
    /// of it, out of `lane` and returns it (the caller credits or sends it).
    function complete(
        IUsagePayments.LaneThaw storage thaw,
        IUsagePayments.Lane storage lane,
        address consumer,
        uint256 assetId,
        bool toWallet
    ) internal returns (uint256 amount) {
        IUsagePayments.LaneThaw memory current = thaw;
        if (current.amount == 0) IUsagePayments.NoThawRequest.selector.fail(2, consumer.word(), assetId, 0, 0, 0);
        if (block.timestamp < current.readyAt) {
            IUsagePayments.ThawNotReady.selector.fail(4, consumer.word(), assetId, current.readyAt, block.timestamp, 0);
        }
        uint256 balance = lane.balance;
        // Payments to the asset during the delay may have taken part of the requested amount.
        amount = current.amount < balance ? current.amount : balance;
        unchecked { // cannot overflow: amount <= balance
            lane.balance = uint128(balance - amount);
        }
        thaw.amount = 0;
        thaw.readyAt = 0;
        emit IUsagePayments.ThawCompleted(consumer, assetId, amount, toWallet);
    }
}
