// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @title HostileReentrant
/// @notice Test-only attacker. It acts as itself through `execute` (approve, deposit, stake, list...)
/// and, once armed, re-enters the protocol from inside a callback: `onTokenTransfer` (called by
/// `HostileToken` on every transfer) or `onERC721Received` (called by a safe NFT transfer).
/// With `bubble` set, a failing re-entry reverts the whole transaction with the callee's error;
/// otherwise the failure is recorded (`lastReentryError`) and the outer call goes on.
contract HostileReentrant is IERC721Receiver {
    address[] private _targets;
    bytes[] private _payloads;
    bool public bubble;

    /// @notice Re-entries attempted / succeeded so far.
    uint256 public reentries;
    uint256 public reentriesSucceeded;
    /// @notice Revert data of the last failed re-entry.
    bytes public lastReentryError;
    /// @notice ERC-721 tokens received through `onERC721Received`.
    uint256 public nftsReceived;
    /// @notice Return data of the last successful re-entry.
    bytes public lastReentryResult;

    error ExecuteFailed(bytes reason);

    /// @notice Calls `target` with `data` as this contract, bubbling any revert.
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) _revertWith(result);
    }

    /// @notice Arms the calls made (once) from the next callback.
    function arm(address[] memory targets, bytes[] memory payloads, bool bubble_) external {
        _targets = targets;
        _payloads = payloads;
        bubble = bubble_;
    }

    /// @notice Hook called by `HostileToken` on every transfer while this contract is its hook.
    function onTokenTransfer(address, address, uint256) external {
        _fire();
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        ++nftsReceived;
        _fire();
        return IERC721Receiver.onERC721Received.selector;
    }

    function _fire() private {
        uint256 count = _targets.length;
        if (count == 0) return;
        address[] memory targets = _targets;
        bytes[] memory payloads = _payloads;
        delete _targets; // disarm first: fire once
        delete _payloads;
        for (uint256 i; i < count; ++i) {
            // bounded: the test arms a handful of calls
            ++reentries;
            (bool ok, bytes memory result) = targets[i].call(payloads[i]);
            if (ok) {
                ++reentriesSucceeded;
                lastReentryResult = result;
            } else {
                lastReentryError = result;
                if (bubble) _revertWith(result);
            }
        }
    }

    function _revertWith(bytes memory reason) private pure {
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }
}
