// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title HostileReentrant
/// @notice Test-only attacker. It acts as itself through `execute` (approve, deposit, stake, list...)
/// and, once armed, re-enters the protocol from inside a callback: `onTokenTransfer` (called by
/// `HostileToken` on every transfer) or `onERC721Received` (called by a safe NFT transfer).
/// With `bubble` set, a failing re-entry reverts the whole transaction with the callee's error;
/// otherwise each attempt is reported in `ReentryAttempted` and the outer call goes on.
contract HostileReentrant is IERC721Receiver {
    address[] private _targets;
    bytes[] private _payloads;
    bool private _bubble;

    /// @notice ERC-721 tokens received through `onERC721Received`.
    uint256 public nftsReceived;

    /// @notice A re-entrant call was made from a callback; `result` is its return or revert data.
    event ReentryAttempted(address indexed target, bool success, bytes result);

    /// @notice Calls `target` with `data` as this contract, bubbling any revert.
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        return Address.functionCall(target, data);
    }

    /// @notice Arms the calls made (once) from the next callback.
    function arm(address[] calldata targets, bytes[] calldata payloads, bool bubble) external {
        delete _targets;
        delete _payloads;
        for (uint256 i; i < targets.length; ++i) {
            // bounded: the test arms a handful of calls
            _targets.push(targets[i]);
            _payloads.push(payloads[i]);
        }
        _bubble = bubble;
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

    /// @dev Disarms first (fire once), then makes the armed calls; no state is written after a call.
    function _fire() private {
        uint256 count = _targets.length;
        if (count == 0) return;
        address[] memory targets = _targets;
        bytes[] memory payloads = _payloads;
        bool bubble = _bubble;
        delete _targets;
        delete _payloads;
        for (uint256 i; i < count; ++i) {
            // bounded: the test arms a handful of calls
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory result) = targets[i].call(payloads[i]);
            if (!success && bubble) Address.verifyCallResult(false, result);
            emit ReentryAttempted(targets[i], success, result);
        }
    }
}
