// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";

/// @title ErrorWords
/// @notice Low-level helpers of UsagePayments: one encoder for every multi-argument custom error (one
/// copy of the ABI encoding keeps the contract under the size limit), the hot-path registry read and
/// the voucher's EIP-712 struct hash, each written once in assembly.
library ErrorWords {
    /// @notice Reverts with custom error `selector` and its first `argCount` arguments (ABI words).
    function fail(
        bytes4 selector,
        uint256 argCount,
        uint256 arg0,
        uint256 arg1,
        uint256 arg2,
        uint256 arg3,
        uint256 arg4
    ) internal pure {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), arg0)
            mstore(add(ptr, 0x24), arg1)
            mstore(add(ptr, 0x44), arg2)
            mstore(add(ptr, 0x64), arg3)
            mstore(add(ptr, 0x84), arg4)
            revert(ptr, add(0x04, mul(argCount, 0x20)))
        }
    }

    /// @notice An address as an ABI word.
    function word(address account) internal pure returns (uint256) {
        return uint256(uint160(account));
    }

    /// @notice `registry.ownerAndStatus(assetId)` as a hand-written static call (it is on the hot path:
    /// this saves the ABI round trip of a high-level call). The registry never reverts here; a failed or
    /// short call reads as an unknown asset (owner 0).
    function ownerAndStatus(IModelRegistry registry, uint256 assetId)
        internal
        view
        returns (address assetOwner, uint256 status)
    {
        bytes4 selector = IModelRegistry.ownerAndStatus.selector;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, assetId)
            let success := staticcall(gas(), registry, 0x00, 0x24, 0x00, 0x40)
            if and(success, gt(returndatasize(), 0x3f)) {
                assetOwner := mload(0x00)
                status := mload(0x20)
            }
        }
    }

    /// @notice `registry.listedStatus(assetId)` as a hand-written static call (one registry slot, no
    /// owner read). The registry never reverts here; a failed or short call reads as an unknown asset.
    function listedStatus(IModelRegistry registry, uint256 assetId)
        internal
        view
        returns (bool listed, uint256 status)
    {
        bytes4 selector = IModelRegistry.listedStatus.selector;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, assetId)
            let success := staticcall(gas(), registry, 0x00, 0x24, 0x00, 0x40)
            if and(success, gt(returndatasize(), 0x3f)) {
                listed := iszero(iszero(mload(0x00)))
                status := mload(0x20)
            }
        }
    }

    /// @notice `registry.getAsset(assetId)`'s status and price per call, read from the returned words
    /// without ABI-decoding the whole struct (a smaller payPerCall). A reverting call (an unknown
    /// asset's `UnknownAsset`) bubbles up with its revert data; a short return reverts.
    function statusAndPrice(IModelRegistry registry, uint256 assetId)
        internal
        view
        returns (uint256 status, uint256 pricePerCall)
    {
        bytes4 selector = IModelRegistry.getAsset.selector;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), assetId)
            if iszero(staticcall(gas(), registry, ptr, 0x24, ptr, 0xe0)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            if lt(returndatasize(), 0xe0) { revert(0, 0) }
            status := mload(add(ptr, 0x20))
            pricePerCall := mload(add(ptr, 0xc0))
        }
    }

    /// @notice EIP-712 hashStruct of a calldata voucher (the struct's four words follow the type hash).
    function hashVoucher(IUsagePayments.Voucher calldata voucher, bytes32 typeHash)
        internal
        pure
        returns (bytes32 structHash)
    {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), voucher, 0x80)
            structHash := keccak256(ptr, 0xa0)
        }
    }
}
