// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {BpsMath} from "./BpsMath.sol";

/// @title PoolSlashing
/// @notice First-loss slashing of one asset's pool in O(1): the self pool, then the self thawing
/// pool, then the delegated pools pro rata; and the per-window cap (`MAX_SLASH_BPS` of the total
/// stake per slash, and per slash window of one thawing period).
library PoolSlashing {
    /// @notice Most one slash, and one slash window, may take (bps of the total stake).
    uint256 internal constant MAX_SLASH_BPS = 1_000;

    /// @notice Slashes `min(amount, cap)` from `pool`: self pool, self thawing pool, then delegators.
    function slash(IStakingPool.Pool storage pool, uint256 assetId, uint256 amount, uint256 thawingPeriod)
        internal
        returns (uint256 slashed, uint256 fromSelf, uint256 fromDelegated)
    {
        (uint256 cap, uint256 windowLeft) = openWindow(pool, assetId, thawingPeriod);
        if (amount > cap) amount = cap;
        if (amount != 0) {
            fromSelf = takeSelf(pool, assetId, amount);
            if (fromSelf < amount) {
                unchecked { // cannot overflow: fromSelf < amount
                    fromDelegated = takeDelegated(pool, amount - fromSelf);
                }
            }
        }
        unchecked { // cannot overflow: both parts <= amount <= cap <= windowLeft
            slashed = fromSelf + fromDelegated;
            // fits: windowLeft <= MAX_SLASH_BPS of the total stake, a sum of four uint128 counters
            pool.slashWindowLeft = uint128(windowLeft - slashed);
        }
    }

    /// @dev Starts a new slash window when the last one is a thawing period old. Returns what the
    /// window has left before this slash and what this slash may take: `MAX_SLASH_BPS` of the total
    /// stake, at most what the window has left.
    function openWindow(IStakingPool.Pool storage pool, uint256 assetId, uint256 thawingPeriod)
        private
        returns (uint256 cap, uint256 windowLeft)
    {
        cap = BpsMath.mulBpsDown(totalStake(pool), MAX_SLASH_BPS);
        uint256 windowStart = pool.slashWindowStart;
        if (windowStart == 0 || block.timestamp >= windowStart + thawingPeriod) {
            pool.slashWindowStart = uint64(block.timestamp);
            windowLeft = cap;
            emit IStakingPool.SlashWindowStarted(assetId, uint64(block.timestamp), cap);
        } else {
            windowLeft = pool.slashWindowLeft;
            if (windowLeft < cap) cap = windowLeft;
        }
    }

    /// @dev Takes up to `amount` from the self pool, then the self thawing pool; a pool taken to zero
    /// starts a new epoch (its shares are void). Returns what was taken (<= amount).
    function takeSelf(IStakingPool.Pool storage pool, uint256 assetId, uint256 amount) private returns (uint256 taken) {
        uint256 selfTokens = pool.selfTokens;
        if (selfTokens != 0) {
            taken = amount < selfTokens ? amount : selfTokens;
            unchecked { // cannot overflow: taken <= selfTokens
                pool.selfTokens = uint96(selfTokens - taken);
            }
            if (taken == selfTokens && pool.selfShares != 0) {
                pool.selfShares = 0;
                unchecked { // cannot overflow: one epoch per emptying slash, 2**32 slash windows are centuries
                    emit IStakingPool.SelfPoolEmptied(assetId, false, ++pool.selfEpoch);
                }
            }
        }
        uint256 thawingTokens = pool.selfThawingTokens;
        if (taken < amount && thawingTokens != 0) {
            uint256 part;
            unchecked { // cannot overflow: taken < amount
                part = amount - taken;
            }
            if (part > thawingTokens) part = thawingTokens;
            unchecked { // cannot overflow: part <= thawingTokens, taken + part <= amount
                pool.selfThawingTokens = uint96(thawingTokens - part);
                taken += part;
            }
            if (part == thawingTokens && pool.selfThawingShares != 0) {
                pool.selfThawingShares = 0;
                unchecked { // cannot overflow: as for selfEpoch
                    emit IStakingPool.SelfPoolEmptied(assetId, true, ++pool.selfThawingEpoch);
                }
            }
        }
    }

    /// @dev Takes `amount` from delegators, pro rata over the active and thawing delegated pools; each
    /// part rounds down (in the pool's favour). Neither pool is emptied: `amount` <= `MAX_SLASH_BPS` of
    /// the total stake, and the self-stake has been taken first.
    function takeDelegated(IStakingPool.Pool storage pool, uint256 amount) private returns (uint256 taken) {
        uint256 active = pool.delegatedTokens;
        uint256 thawing = pool.delegatedThawingTokens;
        uint256 total = active + thawing;
        if (total == 0) return 0;
        if (amount > total) amount = total;
        uint256 fromActive = Math.mulDiv(amount, active, total);
        uint256 fromThawing = Math.mulDiv(amount, thawing, total);
        unchecked { // cannot overflow: each part <= its pool (amount <= total)
            pool.delegatedTokens = uint128(active - fromActive);
            pool.delegatedThawingTokens = uint128(thawing - fromThawing);
            taken = fromActive + fromThawing;
        }
    }

    function totalStake(IStakingPool.Pool storage pool) internal view returns (uint256) {
        return uint256(pool.selfTokens) + pool.delegatedTokens + pool.selfThawingTokens + pool.delegatedThawingTokens;
    }

}
