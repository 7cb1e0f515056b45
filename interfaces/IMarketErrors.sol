// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMarketErrors
/// @notice The errors every modelmarket contract shares: one name and one signature per concept, as
/// OpenZeppelin's `IERC20Errors` does for tokens. A contract's own interface inherits this one and
/// declares only the errors that belong to it alone.
interface IMarketErrors {
    /// @notice An address argument was the zero address.
    error ZeroAddress();
    /// @notice An amount argument was zero.
    error ZeroAmount();
    /// @notice `assetId` is not listed in the registry.
    error UnknownAsset(uint256 assetId);
    /// @notice `assetId` is retired: it takes no new stake, payments or orders.
    error AssetRetired(uint256 assetId);
    /// @notice `caller` is not the owner (`owner`) of `assetId`.
    error NotAssetOwner(uint256 assetId, address caller, address owner);
    /// @notice `account` has nothing to claim here.
    error NothingToClaim(address account);
    /// @notice The token delivered `received` of a transfer of `expected` (fee-on-transfer tokens are
    /// not supported).
    error FeeOnTransferUnsupported(uint256 expected, uint256 received);
}
