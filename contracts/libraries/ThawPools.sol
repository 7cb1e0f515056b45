// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {SharesMath} from "./SharesMath.sol";

/// @title ThawPools
/// @notice Moves value between a staking pool's active pools and its thawing pools (self and
/// delegated kept apart for first-loss slashing). Every conversion rounds down, in the pool's favour.
library ThawPools {
    using SafeCast for uint256;

    /// @notice Burns `shares` active self shares (already taken off the staker) and books their tokens
    /// in the self thawing pool. Returns the tokens moved and the thawing shares minted.
    function thawSelf(IStakingPool.Pool storage pool, uint256 shares)
        internal
        returns (uint256 tokens, uint256 thawingShares)
    {
        uint256 activeTokens = pool.selfTokens;
        uint256 activeShares = pool.selfShares;
        tokens = SharesMath.toTokensDown(shares, activeTokens, activeShares);
        unchecked { // cannot overflow: tokens <= activeTokens (SharesMath), shares <= activeShares (staker's own)
            pool.selfTokens = uint96(activeTokens - tokens);
            pool.selfShares = uint128(activeShares - shares);
        }
        uint256 thawingTokens = pool.selfThawingTokens;
        uint256 poolThawingShares = pool.selfThawingShares;
        thawingShares = SharesMath.toSharesDown(tokens, thawingTokens, poolThawingShares);
        pool.selfThawingTokens = (thawingTokens + tokens).toUint96();
        pool.selfThawingShares = (poolThawingShares + thawingShares).toUint128();
    }

    /// @notice As `thawSelf`, for delegated shares (which stop earning fee rewards).
    function thawDelegated(IStakingPool.Pool storage pool, uint256 shares)
        internal
        returns (uint256 tokens, uint256 thawingShares)
    {
        uint256 activeTokens = pool.delegatedTokens;
        uint256 activeShares = pool.delegatedShares;
        tokens = SharesMath.toTokensDown(shares, activeTokens, activeShares);
        unchecked { // cannot overflow: tokens <= activeTokens (SharesMath), shares <= activeShares (staker's own)
            pool.delegatedTokens = uint128(activeTokens - tokens);
            pool.delegatedShares = uint128(activeShares - shares);
        }
        uint256 thawingTokens = pool.delegatedThawingTokens;
        uint256 poolThawingShares = pool.delegatedThawingShares;
        thawingShares = SharesMath.toSharesDown(tokens, thawingTokens, poolThawingShares);
        pool.delegatedThawingTokens = (thawingTokens + tokens).toUint128();
        pool.delegatedThawingShares = (poolThawingShares + thawingShares).toUint128();
    }

    /// @notice Burns matured thawing shares of both thawing pools and returns their tokens.
    function redeem(IStakingPool.Pool storage pool, uint256 selfShares, uint256 delegatedShares)
        internal
        returns (uint256 tokens)
    {
        if (selfShares != 0) {
            uint256 thawingTokens = pool.selfThawingTokens;
            uint256 thawingShares = pool.selfThawingShares;
            tokens = SharesMath.toTokensDown(selfShares, thawingTokens, thawingShares);
            unchecked { // cannot overflow: tokens <= thawingTokens (SharesMath), selfShares <= thawingShares
                pool.selfThawingTokens = uint96(thawingTokens - tokens);
                pool.selfThawingShares = uint128(thawingShares - selfShares);
            }
        }
        if (delegatedShares != 0) {
            uint256 thawingTokens = pool.delegatedThawingTokens;
            uint256 thawingShares = pool.delegatedThawingShares;
            uint256 part = SharesMath.toTokensDown(delegatedShares, thawingTokens, thawingShares);
            unchecked { // cannot overflow: part <= thawingTokens (SharesMath), delegatedShares <= thawingShares
                pool.delegatedThawingTokens = uint128(thawingTokens - part);
                pool.delegatedThawingShares = uint128(thawingShares - delegatedShares);
                tokens += part;
            }
        }
    }

    /// @notice Token value of a staker's live thaw requests (requests of an emptied self epoch are worth 0).
    function thawingValue(
        IStakingPool.Pool storage pool,
        IStakingPool.Staker storage position,
        IStakingPool.ThawRequest[8] storage ring
    ) internal view returns (uint256) {
        uint256 selfShares;
        uint256 delegatedShares;
        uint256 count = position.thawCount;
        for (uint256 i; i < count; ++i) {
            // bounded: thawCount <= MAX_THAW_REQUESTS (8)
            IStakingPool.ThawRequest storage request = ring[(position.thawHead + i) % 8];
            if (request.delegated) delegatedShares += request.shares;
            else if (request.selfEpoch == pool.selfThawingEpoch) selfShares += request.shares;
        }
        return SharesMath.toTokensDown(selfShares, pool.selfThawingTokens, pool.selfThawingShares)
            + SharesMath.toTokensDown(delegatedShares, pool.delegatedThawingTokens, pool.delegatedThawingShares);
    }
}
