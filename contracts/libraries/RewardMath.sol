// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {BpsMath} from "./BpsMath.sol";

/// @title RewardMath
/// @notice The O(1) fee-reward accumulator of a staking pool: reward per delegated share, scaled by
/// `REWARD_SCALE`, with the division remainder carried so every token of the delegators' cut is credited.
library RewardMath {
    using SafeCast for uint256;

    /// @notice Scale of `rewardPerShare`.
    uint256 internal constant REWARD_SCALE = 1e36;

    /// @notice Splits `amount` of fees by the effective delegators' cut into the reward
    /// accumulator (remainder carried) and the owner balance; every token is credited.
    function accrue(IStakingPool.Pool storage pool, uint256 amount, uint16 cutBps)
        internal
        returns (uint256 ownerPart, uint256 delegatorPart)
    {
        uint256 delegatedShares = pool.delegatedShares;
        if (delegatedShares != 0) {
            delegatorPart = BpsMath.mulBpsDown(amount, cutBps);
            if (delegatorPart != 0) {
                uint256 scaled = delegatorPart * REWARD_SCALE + pool.rewardRemainder;
                pool.rewardPerShare += scaled / delegatedShares;
                // fits: the remainder is below delegatedShares, a uint128
                pool.rewardRemainder = uint128(scaled % delegatedShares);
            }
        }
        unchecked { // cannot overflow: delegatorPart <= amount (cut <= BPS)
            ownerPart = amount - delegatorPart;
        }
        if (ownerPart != 0) pool.ownerRewards = (uint256(pool.ownerRewards) + ownerPart).toUint128();
    }

    /// @notice Books the rewards accrued on the staker's delegated shares since its last checkpoint.
    function settle(IStakingPool.Pool storage pool, IStakingPool.Staker storage position) internal {
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

    /// @notice Delegator rewards `position` could claim now.
    function pending(IStakingPool.Pool storage pool, IStakingPool.Staker storage position)
        internal
        view
        returns (uint256)
    {
        uint256 delta = pool.rewardPerShare - position.rewardPerSharePaid;
        return position.accruedRewards + Math.mulDiv(position.delegatedShares, delta, REWARD_SCALE);
    }
}
