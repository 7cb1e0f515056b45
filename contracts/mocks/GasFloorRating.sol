// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IReputation} from "../../interfaces/IReputation.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {BpsMath} from "../libraries/BpsMath.sol";

/// @title GasFloorRating
/// @notice Benchmark instrument (never deployed by `modelmarket/deploy.py`, never holds real value):
/// the least a spend-backed rating can do, to measure the gas floor of `Reputation.rate`
/// (`benchmarks/gas_floors.py`). Same selector and calldata as `Reputation.rate`; it reads the
/// rater's spend from the real UsagePayments (`spentBy`, reverts on 0), bounds score and weight,
/// writes a one-word rating (score, weight), adds to the asset's one-word totals and emits
/// `IReputation.Rated` (its errors too). With `CHARGE_FEE` it also pulls a fee of `RATING_FEE_BPS`
/// (10 %) of the weight, rounded up, with `safeTransferFrom` (must-hold 7: weight costs what it
/// weighs); the fee stays here (no sweep: an instrument). A re-rating is not handled (it would add the old
/// weight again): the benchmark measures new raters only.
contract GasFloorRating {
    using SafeERC20 for IERC20;

    /// @notice Highest score.
    uint256 public constant MAX_SCORE = 100;
    /// @notice The fee, in bps of the weight (as `Reputation.RATING_FEE_BPS`).
    uint256 public constant RATING_FEE_BPS = 1_000;
    /// @notice Cap of a rating's weight (1,000 tokens of 18 decimals, as `Reputation.WEIGHT_CAP`).
    uint256 public constant WEIGHT_CAP = 1_000e18;

    /// @notice Where the rater's spend is read.
    IUsagePayments public immutable PAYMENTS;
    /// @notice The fee token (`PAYMENTS.TOKEN()`).
    IERC20 public immutable TOKEN;
    /// @notice Whether a rating pays the fee (variant B) or not (variant A).
    bool public immutable CHARGE_FEE;

    /// @notice Each consumer's rating of each asset, one word: `score | weight << 8`.
    mapping(address consumer => mapping(uint256 assetId => uint256 word)) public ratingWordOf;
    /// @notice Each asset's running sums, one word laid out as `IReputation.Totals`:
    /// `count | totalWeight << 32 | weightedScoreSum << 136`. Words, not packed structs, so a rating
    /// writes each slot once: a packed struct assigned to storage is written member by member (without
    /// via-IR), which cost this instrument 1,985 gas more (66,787 vs 64,802, new rater, no fee).
    mapping(uint256 assetId => uint256 word) public totalsWordOf;

    /// @notice The asset's rating count is at its uint32 bound.
    error TooManyRatings(uint256 assetId);

    constructor(IUsagePayments payments, bool chargeFee) {
        PAYMENTS = payments;
        TOKEN = payments.TOKEN();
        CHARGE_FEE = chargeFee;
    }

    /// @notice Records the caller's rating of `assetId` (a new rater); pays the fee if `CHARGE_FEE`.
    /// @return fee The fee paid (0 without `CHARGE_FEE`).
    function rate(uint256 assetId, uint8 score, uint256 weight, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 fee)
    {
        if (score > MAX_SCORE) revert IReputation.ScoreOutOfRange(score, MAX_SCORE);
        uint256 spent = PAYMENTS.spentBy(msg.sender, assetId);
        if (spent == 0) revert IReputation.NoPaymentHistory(msg.sender, assetId);
        uint256 maxWeight = spent < WEIGHT_CAP ? spent : WEIGHT_CAP;
        if (weight == 0 || weight > maxWeight) {
            revert IReputation.WeightOutOfRange(msg.sender, assetId, weight, maxWeight);
        }
        if (CHARGE_FEE) fee = BpsMath.mulBpsUp(weight, RATING_FEE_BPS);

        uint256 totals = totalsWordOf[assetId];
        if (uint32(totals) == type(uint32).max) revert TooManyRatings(assetId);
        ratingWordOf[msg.sender][assetId] = score | (weight << 8);
        // fits (as IReputation.Totals): count < 2**32 checked above and weight <= WEIGHT_CAP < 2**70, so
        // totalWeight < 2**102 < 2**104 and weightedScoreSum < 2**109 < 2**120: no field carries into the next
        totalsWordOf[assetId] = totals + 1 + (weight << 32) + ((weight * score) << 136);
        emit IReputation.Rated(assetId, msg.sender, msg.sender, score, weight, 0, fee, commentHash, commentURI);
        if (fee != 0) TOKEN.safeTransferFrom(msg.sender, address(this), fee);
    }
}
