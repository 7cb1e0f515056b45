// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {HostileReentrant} from "./HostileReentrant.sol";

/// @title HostileToken
/// @notice Test-only ERC-20 that hands control to `hook` (a `HostileReentrant`) on every transfer,
/// after balances are updated — like an ERC-777 / ERC-1363 token with a malicious hook.
contract HostileToken is ERC20 {
    address public hook;

    constructor(address recipient, uint256 supply) ERC20("Hostile", "HOST") {
        _mint(recipient, supply);
    }

    /// @notice Sets the hook called on every transfer (zero: none).
    function setHook(address newHook) external {
        hook = newHook;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = hook;
        if (target != address(0)) HostileReentrant(target).onTokenTransfer(from, to, value);
    }
}
