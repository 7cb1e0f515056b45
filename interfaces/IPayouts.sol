// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDisputes} from "./IDisputes.sol";
import {IStakingPool} from "./IStakingPool.sol";
import {IUsagePayments} from "./IUsagePayments.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IPayouts
/// @notice One place to claim everything an account is owed, in one transaction: the pending revenue
/// of the given assets is settled first, then royalties of the assets it owns (`UsagePayments`),
/// its owner and delegator rewards (`StakingPool.claimRewardsFor`), its dispute payouts
/// (`Disputes.claimFor`) and, for the treasury, the protocol fees. Stateless and permissionless:
/// every claim it triggers pays the rightful payee (never the caller), so anyone may claim for
/// anyone, e.g. a keeper for a provider. It holds no tokens and no roles.
interface IPayouts is IMarketErrors {
    /// @notice More assets than `MAX_ASSETS` in one call.
    error TooManyAssets(uint256 count, uint256 maximum);

    /// @notice The batch bound this deployment runs with, emitted once at construction.
    event PayoutLimitsSet(uint256 maxAssets);
    /// @notice `account` received `total` tokens through `claimAll` (sent by `caller`).
    event PayoutsClaimed(address indexed account, address indexed caller, uint256 total);

    /// @notice Most assets one `claimAll` visits (bounds its gas).
    function MAX_ASSETS() external view returns (uint256);
    /// @notice The payments contract (royalties, protocol fees, settlement).
    function PAYMENTS() external view returns (IUsagePayments);
    /// @notice The staking pool (owner and delegator rewards).
    function STAKING() external view returns (IStakingPool);
    /// @notice The disputes contract (bonds, rewards, refunds).
    function DISPUTES() external view returns (IDisputes);

    /// @notice Settles the pending revenue of `assetIds`, then claims for `account` whatever it is
    /// owed on them (royalties of those it owns, owner rewards of those it owns, its delegator
    /// rewards) plus its dispute payouts and, if it is the treasury, the protocol fees. Sources
    /// with nothing owed are skipped, so the call never reverts for lack of something to claim.
    /// @param assetIds Assets to visit (≤ `MAX_ASSETS`; the off-chain caller finds them from events).
    /// @return total Tokens `account` received.
    function claimAll(address account, uint256[] calldata assetIds) external returns (uint256 total);

    /// @notice What `claimAll(account, assetIds)` would pay now, settled revenue only.
    function owedTo(address account, uint256[] calldata assetIds) external view returns (uint256 total);
}
