// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title GasFloorDelegation
/// @notice Benchmark instrument (never deployed by `modelmarket/deploy.py`, never holds real value):
/// the least a delegation that moves tokens and records who owns them can do, to measure the gas
/// floor of `StakingPool.delegateStake` (`benchmarks/gas_floors.py`). Same selector and calldata as
/// `StakingPool.delegateStake`; it only credits the delegator's shares (1:1), adds to the asset's
/// total, emits `Delegated` and pulls the tokens with `safeTransferFrom`. No registry check, no
/// fee-on-transfer check, no rewards, no reentrancy guard, no way out: not a pool.
contract GasFloorDelegation {
    using SafeERC20 for IERC20;

    /// @notice The token delegated (MarketToken in the benchmark).
    IERC20 public immutable TOKEN;

    /// @notice Shares of each delegator of each asset.
    mapping(uint256 assetId => mapping(address delegator => uint256 shares)) public sharesOf;
    /// @notice Tokens delegated to each asset.
    mapping(uint256 assetId => uint256 tokens) public totalOf;

    /// @notice `delegator` delegated `tokens` to `assetId` for `shares` (as `IStakingPool.Delegated`).
    event Delegated(uint256 indexed assetId, address indexed delegator, uint256 tokens, uint256 shares);

    constructor(IERC20 token) {
        TOKEN = token;
    }

    /// @notice Credits `amount` shares of `assetId` to the caller and pulls `amount` tokens from it.
    /// @return shares The shares credited (= `amount`).
    function delegateStake(uint256 assetId, uint256 amount) external returns (uint256 shares) {
        shares = amount;
        sharesOf[assetId][msg.sender] += shares;
        totalOf[assetId] += amount;
        emit Delegated(assetId, msg.sender, amount, shares);
        TOKEN.safeTransferFrom(msg.sender, address(this), amount);
    }
}
