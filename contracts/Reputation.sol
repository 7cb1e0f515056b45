// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";

/// @title Reputation
/// @notice Spend-weighted ratings with O(1) summaries. See {IReputation} for the weight function.
contract Reputation is IReputation {
    using SafeCast for uint256;

    /// @inheritdoc IReputation
    uint256 public constant MAX_SCORE = 100;
    /// @inheritdoc IReputation
    uint256 public constant MEAN_SCALE = 100;

    uint8 private constant DEFAULT_DECIMALS = 18;
    uint8 private constant MAX_DECIMALS = 18;
    uint256 private constant WEIGHT_CAP_WHOLE_TOKENS = 1_000;

    /// @inheritdoc IReputation
    IUsagePayments public immutable PAYMENTS;
    /// @inheritdoc IReputation
    uint256 public immutable WEIGHT_CAP;

    mapping(uint256 assetId => Totals totals) private _totals;
    mapping(address consumer => mapping(uint256 assetId => Rating rating)) private _ratings;

    constructor(IUsagePayments payments) {
        if (address(payments) == address(0)) revert ZeroAddress();
        PAYMENTS = payments;
        uint8 decimals = DEFAULT_DECIMALS;
        // A token without decimals() is weighed as if it had 18.
        try IERC20Metadata(address(payments.TOKEN())).decimals() returns (uint8 tokenDecimals) {
            decimals = tokenDecimals;
        } catch {}
        if (decimals > MAX_DECIMALS) revert UnsupportedDecimals(decimals, MAX_DECIMALS);
        WEIGHT_CAP = WEIGHT_CAP_WHOLE_TOKENS * 10 ** decimals;
    }

    /// @inheritdoc IReputation
    function rate(uint256 assetId, uint8 score, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 weight)
    {
        return _rate(msg.sender, assetId, score, commentHash, commentURI, type(uint256).max);
    }

    /// @inheritdoc IReputation
    function rateFor(address consumer, uint256 assetId, uint8 score, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 weight)
    {
        if (!PAYMENTS.isSessionKeyActive(consumer, msg.sender)) revert NotSessionKey(consumer, msg.sender);
        // A key rates only what it paid, weighed at most by what it paid that asset.
        uint256 keySpent = PAYMENTS.keySpentOn(consumer, msg.sender, assetId);
        if (keySpent == 0) revert SessionKeyDidNotPay(consumer, msg.sender, assetId);
        return _rate(consumer, assetId, score, commentHash, commentURI, keySpent);
    }

    /// @inheritdoc IReputation
    function summary(uint256 assetId) external view returns (uint256 count, uint256 weightedMean, uint256 totalWeight) {
        Totals memory totals = _totals[assetId];
        count = totals.count;
        totalWeight = totals.totalWeight;
        if (totalWeight != 0) weightedMean = totals.weightedScoreSum * MEAN_SCALE / totalWeight;
    }

    /// @inheritdoc IReputation
    function totalsOf(uint256 assetId) external view returns (Totals memory) {
        return _totals[assetId];
    }

    /// @inheritdoc IReputation
    function ratingOf(address consumer, uint256 assetId) external view returns (Rating memory) {
        return _ratings[consumer][assetId];
    }

    /// @inheritdoc IReputation
    function weightOf(address consumer, uint256 assetId) public view returns (uint256) {
        uint256 spent = PAYMENTS.spentBy(consumer, assetId);
        return spent < WEIGHT_CAP ? spent : WEIGHT_CAP;
    }

    /// @dev `maxWeight`: the most the rating may weigh (what a session key paid the asset; max for the consumer).
    function _rate(
        address consumer,
        uint256 assetId,
        uint8 score,
        bytes32 commentHash,
        string calldata commentURI,
        uint256 maxWeight
    ) private returns (uint256 weight) {
        if (score > MAX_SCORE) revert ScoreOutOfRange(score, MAX_SCORE);
        weight = weightOf(consumer, assetId);
        if (weight > maxWeight) weight = maxWeight;
        if (weight == 0) revert NoPaymentHistory(consumer, assetId);

        Rating storage rating = _ratings[consumer][assetId];
        uint256 oldWeight = rating.weight;
        _addToTotals(assetId, weight * score, weight, oldWeight * rating.score, oldWeight);
        // fits: weight <= WEIGHT_CAP
        _ratings[consumer][assetId] =
            Rating({score: score, weight: uint128(weight), ratedAt: uint64(block.timestamp)});
        emit Rated(assetId, consumer, msg.sender, score, weight, oldWeight, commentHash, commentURI);
    }

    /// @dev Adds one rating's contribution to the asset's totals, replacing `old*` if it was rated before.
    function _addToTotals(uint256 assetId, uint256 weighted, uint256 weight, uint256 oldWeighted, uint256 oldWeight)
        private
    {
        Totals memory totals = _totals[assetId];
        uint256 count = totals.count;
        uint256 weightedScoreSum = totals.weightedScoreSum + weighted;
        uint256 totalWeight = totals.totalWeight + weight;
        if (oldWeight == 0) {
            ++count;
        } else {
            unchecked { // cannot overflow: the sums include exactly this old rating's contribution
                weightedScoreSum -= oldWeighted;
                totalWeight -= oldWeight;
            }
        }
        // fits (see {IReputation.Totals}): count is checked against uint32, so with each weight
        // <= WEIGHT_CAP < 2**70 the sums stay below 2**104 and 2**109
        _totals[assetId] = Totals({
            count: count.toUint32(),
            totalWeight: uint104(totalWeight),
            weightedScoreSum: uint120(weightedScoreSum)
        });
    }
}
