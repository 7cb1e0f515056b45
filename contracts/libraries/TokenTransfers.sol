// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @title TokenTransfers
/// @notice The one token pull of the protocol (it measures what arrived and rejects fee-on-transfer
/// tokens with the shared `FeeOnTransferUnsupported`) and the one permit attempt (a failing permit is
/// ignored; the allowance decides). Every contract pulls through `pullExact`.
library TokenTransfers {
    using SafeERC20 for IERC20;

    /// @notice Pulls exactly `amount` of `token` from the caller of the contract; reverts
    /// `FeeOnTransferUnsupported(amount, received)` if a different amount arrived.
    function pullExact(IERC20 token, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert IMarketErrors.FeeOnTransferUnsupported(amount, received);
    }

    /// @notice Pulls `amount` of `token` from the caller without measuring what arrived: only for a pull
    /// that is credited to nobody by amount (Reputation's rating fee: the rater pays `amount` whatever
    /// arrives, and `sweepFees` moves the balance itself), where the two `balanceOf` calls of
    /// `pullExact` (≈ 3.1k gas) would buy nothing.
    function pullUncredited(IERC20 token, uint256 amount) internal {
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Tries an EIP-2612 permit of `amount` from the caller to this contract; a permit that
    /// fails (e.g. already used by a front-runner) is ignored.
    function tryPermit(IERC20 token, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) internal {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
    }
}
