// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BpsMath
/// @notice Basis-point shares with the rounding direction in the name: fees round up (protocol's
/// favour), shares paid out to third parties round down, so credits never exceed the amount split.
library BpsMath {
    /// @notice 100 % in basis points.
    uint256 internal constant BPS = 10_000;

    /// @notice `amount × bps / BPS`, rounded up.
    function mulBpsUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        uint256 product = amount * bps;
        unchecked { // cannot overflow: product / BPS < 2**256 / BPS, so adding one stays in range
            return product / BPS + (product % BPS == 0 ? 0 : 1);
        }
    }

    /// @notice `amount × bps / BPS`, rounded down.
    function mulBpsDown(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return amount * bps / BPS;
    }
}
