// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockFalseToken
/// @notice Test-only ERC-20 that returns `false` instead of reverting when a transfer cannot happen
/// (insufficient balance or allowance), or on every transfer once `failAll` is set.
contract MockFalseToken is ERC20 {
    bool public failAll;

    constructor(address recipient, uint256 supply) ERC20("False Token", "FALSE") {
        _mint(recipient, supply);
    }

    /// @notice Makes every later transfer return false.
    function setFailAll(bool value) external {
        failAll = value;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (failAll || balanceOf(msg.sender) < value) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failAll || balanceOf(from) < value || allowance(from, msg.sender) < value) return false;
        return super.transferFrom(from, to, value);
    }
}
