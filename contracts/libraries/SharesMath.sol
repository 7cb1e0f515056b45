// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title SharesMath
/// @notice Token/share conversions of a pool with a virtual offset (`VIRTUAL_SHARES` shares backed by
/// `VIRTUAL_TOKENS` token), as in OpenZeppelin ERC4626 with a decimals offset. The offset makes a
/// first-depositor / donation inflation attack unprofitable, and both directions round down, i.e. in
/// the pool's favour. With the offset, the shares of all holders are always worth at most
/// `totalTokens` (sum of floors ≤ floor(totalShares * (totalTokens + 1) / (totalShares + V)) ≤ totalTokens).
library SharesMath {
    /// @notice Decimals of the virtual share offset.
    uint8 internal constant OFFSET_DECIMALS = 3;
    uint256 internal constant VIRTUAL_SHARES = 10 ** OFFSET_DECIMALS;
    uint256 internal constant VIRTUAL_TOKENS = 1;

    /// @notice Shares minted for `tokens`, rounded down.
    function toSharesDown(uint256 tokens, uint256 totalTokens, uint256 totalShares) internal pure returns (uint256) {
        return Math.mulDiv(tokens, totalShares + VIRTUAL_SHARES, totalTokens + VIRTUAL_TOKENS);
    }

    /// @notice Tokens redeemed for `shares`, rounded down.
    function toTokensDown(uint256 shares, uint256 totalTokens, uint256 totalShares) internal pure returns (uint256) {
        return Math.mulDiv(shares, totalTokens + VIRTUAL_TOKENS, totalShares + VIRTUAL_SHARES);
    }
}
