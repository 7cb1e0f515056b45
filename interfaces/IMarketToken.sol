// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IMarketToken
/// @notice The marketplace's ERC-20: fixed supply, EIP-2612 permit, ERC20Votes checkpoints for
/// the governance phase.
interface IMarketToken is IMarketErrors, IERC20, IERC20Permit {
    /// @notice The fixed supply was minted to `recipient` at deployment.
    event SupplyMinted(address indexed recipient, uint256 amount);

    /// @notice The supply was zero or the recipient the zero address.
    error InvalidInitialMint(address recipient, uint256 amount);
}
