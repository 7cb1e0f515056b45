// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {BpsMath} from "./BpsMath.sol";

/// @title RewardMath
/// @notice The O(1) fee-reward accumulator of a staking pool, fed by a stream. The delegators' cut of
/// each deposit is not credited at once: together with what is left of the current stream it is
/// re-spread over a fresh `STREAM_PERIOD` at a constant `rewardRate` (Synthetix StakingRewards), and
/// every touch releases `rewardRate × elapsed` into reward per delegated share (scaled by
/// `REWARD_SCALE`, the division remainder carried). A delegation therefore earns only for the seconds
/// it is in the pool: its share of `rewardRate` per second, never a share of a whole deposit.
/// Seconds of the stream during which nobody delegates go to the owner balance, so no released token
/// is lost.
library RewardMath {
    using SafeCast for uint256;

    /// @notice Scale of `rewardPerShare`.
    uint256 internal constant REWARD_SCALE = 1e36;
    /// @notice Seconds over which the delegators' cut of a deposit (plus the stream's leftover) is paid out.
    uint256 internal constant STREAM_PERIOD = 7 days;
    /// @notice Scale of `rewardRate` (token units per second × this).
    uint256 internal constant RATE_SCALE = 1e12;
    /// @dev `rewardRate × seconds × this` is in `REWARD_SCALE` units.
    uint256 private constant _RATE_TO_REWARD = REWARD_SCALE / RATE_SCALE;

    /// @notice Splits `amount` of fees by the effective delegators' cut: the owner part to the owner
    /// balance at once, the delegators' part (none when nobody delegates) into the stream, re-spread
    /// with the stream's leftover over a fresh `STREAM_PERIOD`. Every token is credited.
    function accrue(IStakingPool.Pool storage pool, uint256 amount, uint16 cutBps)
        internal
        returns (uint256 ownerPart, uint256 delegatorPart)
    {
        release(pool);
        if (pool.delegatedShares != 0) {
            delegatorPart = BpsMath.mulBpsDown(amount, cutBps);
            if (delegatorPart != 0) _restream(pool, delegatorPart);
        }
        unchecked { // cannot overflow: delegatorPart <= amount (cut <= BPS)
            ownerPart = amount - delegatorPart;
        }
        _creditOwner(pool, ownerPart);
    }

    /// @notice Releases the stream up to now (or its end) into the reward accumulator.
    function release(IStakingPool.Pool storage pool) internal {
        (uint256 rate, uint256 end, uint256 updatedAt) = unpackStream(pool.rewardStream);
        if (rate == 0) return;
        uint256 until = block.timestamp < end ? block.timestamp : end;
        if (until == updatedAt) return; // updatedAt <= min(now, end) by construction
        // a stream released up to its end is fully paid: its rate drops to 0
        pool.rewardStream = packStream(until == end ? 0 : rate, end, until);
        _credit(pool, rate * (until - updatedAt) * _RATE_TO_REWARD);
    }

    /// @notice Packs a reward stream into one word: `rate << 96 | end << 48 | updatedAt` (`end` and
    /// `updatedAt` are timestamps, below 2**48 for 8.9 million years; `rate` fits 128 bits).
    function packStream(uint256 rate, uint256 end, uint256 updatedAt) internal pure returns (uint256) {
        return rate << 96 | end << 48 | updatedAt;
    }

    /// @notice Unpacks a word written by `packStream`.
    function unpackStream(uint256 word) internal pure returns (uint256 rate, uint256 end, uint256 updatedAt) {
        rate = word >> 96;
        end = uint48(word >> 48);
        updatedAt = uint48(word);
    }

    /// @notice Releases the stream, then books the rewards accrued on the staker's delegated shares
    /// since its last checkpoint.
    function settle(IStakingPool.Pool storage pool, IStakingPool.Staker storage position) internal {
        release(pool);
        uint256 rewardPerShare = pool.rewardPerShare;
        uint256 paid = position.rewardPerSharePaid;
        if (rewardPerShare == paid) return;
        uint256 delegatedShares = position.delegatedShares;
        if (delegatedShares != 0) {
            uint256 earned = Math.mulDiv(delegatedShares, rewardPerShare - paid, REWARD_SCALE);
            if (earned != 0) position.accruedRewards = (uint256(position.accruedRewards) + earned).toUint128();
        }
        position.rewardPerSharePaid = rewardPerShare;
    }

    /// @notice Delegator rewards `position` could claim now (the stream released up to now).
    function pending(IStakingPool.Pool storage pool, IStakingPool.Staker storage position)
        internal
        view
        returns (uint256)
    {
        uint256 rewardPerShare = pool.rewardPerShare;
        (uint256 rate, uint256 end, uint256 updatedAt) = unpackStream(pool.rewardStream);
        if (rate != 0) {
            uint256 until = block.timestamp < end ? block.timestamp : end;
            uint256 delegatedShares = pool.delegatedShares;
            if (delegatedShares != 0) {
                uint256 scaled = rate * (until - updatedAt) * _RATE_TO_REWARD + pool.rewardRemainder;
                rewardPerShare += scaled / delegatedShares;
            }
        }
        uint256 delta = rewardPerShare - position.rewardPerSharePaid;
        return position.accruedRewards + Math.mulDiv(position.delegatedShares, delta, REWARD_SCALE);
    }

    /// @dev Spreads the stream's leftover plus `delegatorPart` over a fresh `STREAM_PERIOD` (call
    /// after `release`). The part of a token-unit the rate cannot express (< STREAM_PERIOD /
    /// RATE_SCALE tokens) is credited at once, so the stream holds exactly what it owes.
    function _restream(IStakingPool.Pool storage pool, uint256 delegatorPart) private {
        (uint256 rate, uint256 end,) = unpackStream(pool.rewardStream);
        uint256 total = delegatorPart * RATE_SCALE;
        // a stopped or fully paid stream has rate 0: no leftover
        if (block.timestamp < end) total += rate * (end - block.timestamp);
        rate = uint256(total / STREAM_PERIOD).toUint128();
        pool.rewardStream = packStream(rate, block.timestamp + STREAM_PERIOD, block.timestamp);
        uint256 dust = total - rate * STREAM_PERIOD;
        if (dust != 0) _credit(pool, dust * _RATE_TO_REWARD);
    }

    /// @dev Adds `scaled` (REWARD_SCALE units) to reward per delegated share, carrying the remainder;
    /// to the owner balance (rounded down) while nobody delegates.
    function _credit(IStakingPool.Pool storage pool, uint256 scaled) private {
        uint256 delegatedShares = pool.delegatedShares;
        if (delegatedShares == 0) return _creditOwner(pool, scaled / REWARD_SCALE);
        scaled += pool.rewardRemainder;
        pool.rewardPerShare += scaled / delegatedShares;
        // fits: the remainder is below delegatedShares, a uint128
        pool.rewardRemainder = uint128(scaled % delegatedShares);
    }

    function _creditOwner(IStakingPool.Pool storage pool, uint256 amount) private {
        if (amount != 0) pool.ownerRewards = (uint256(pool.ownerRewards) + amount).toUint128();
    }
}
