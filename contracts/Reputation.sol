// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";

/// @title Reputation
/// @notice Spend-backed ratings that cost what they weigh, with O(1) summaries. See {IReputation}.
contract Reputation is IReputation {
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @inheritdoc IReputation
    uint256 public constant MAX_SCORE = 100;
    /// @inheritdoc IReputation
    uint256 public constant MEAN_SCALE = 100;
    /// @inheritdoc IReputation
    uint256 public constant RATING_FEE_BPS = 1_000;

    uint8 private constant DEFAULT_DECIMALS = 18;
    uint8 private constant MAX_DECIMALS = 18;
    uint256 private constant WEIGHT_CAP_WHOLE_TOKENS = 1_000;
    /// @dev Left behind by a sweep so the next fee does not pay to re-create this contract's balance
    /// slot in the token (a 0 -> non-zero write, +17,100 gas for that rater).
    uint256 private constant SWEEP_FLOOR = 1;

    /// @inheritdoc IReputation
    IUsagePayments public immutable PAYMENTS;
    /// @inheritdoc IReputation
    IERC20 public immutable TOKEN;
    /// @inheritdoc IReputation
    uint256 public immutable WEIGHT_CAP;

    mapping(uint256 assetId => Totals totals) private _totals;
    mapping(address consumer => mapping(uint256 assetId => Rating rating)) private _ratings;

    constructor(IUsagePayments payments) {
        if (address(payments) == address(0)) revert ZeroAddress();
        PAYMENTS = payments;
        TOKEN = payments.TOKEN();
        uint8 decimals = DEFAULT_DECIMALS;
        // A token without decimals() is weighed as if it had 18.
        try IERC20Metadata(address(TOKEN)).decimals() returns (uint8 tokenDecimals) {
            decimals = tokenDecimals;
        } catch {}
        if (decimals > MAX_DECIMALS) revert UnsupportedDecimals(decimals, MAX_DECIMALS);
        WEIGHT_CAP = WEIGHT_CAP_WHOLE_TOKENS * 10 ** decimals;
        emit RatingRulesSet(WEIGHT_CAP_WHOLE_TOKENS * 10 ** decimals, RATING_FEE_BPS, MAX_SCORE);
    }

    /// @inheritdoc IReputation
    function rate(uint256 assetId, uint8 score, uint256 weight, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 fee)
    {
        return _rate(msg.sender, assetId, score, weight, PAYMENTS.spentBy(msg.sender, assetId), commentHash, commentURI);
    }

    /// @inheritdoc IReputation
    function rateFor(
        address consumer,
        uint256 assetId,
        uint8 score,
        uint256 weight,
        bytes32 commentHash,
        string calldata commentURI
    ) external returns (uint256 fee) {
        if (!PAYMENTS.isSessionKeyActive(consumer, msg.sender)) revert NotSessionKey(consumer, msg.sender);
        // A key rates only what it paid, weighed at most by what it paid that asset.
        uint256 keySpent = PAYMENTS.keySpentOn(consumer, msg.sender, assetId);
        if (keySpent == 0) revert SessionKeyDidNotPay(consumer, msg.sender, assetId);
        return _rate(consumer, assetId, score, weight, keySpent, commentHash, commentURI);
    }

    /// @inheritdoc IReputation
    function sweepFees() external returns (uint256 amount) {
        uint256 balance = TOKEN.balanceOf(address(this));
        if (balance <= SWEEP_FLOOR) revert NothingToSweep();
        unchecked { // cannot overflow: balance > SWEEP_FLOOR checked above
            amount = balance - SWEEP_FLOOR;
        }
        address treasury = PAYMENTS.treasury();
        emit FeesSwept(treasury, amount);
        TOKEN.safeTransfer(treasury, amount);
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
    function maxWeightOf(address consumer, uint256 assetId) external view returns (uint256) {
        return _maxWeight(PAYMENTS.spentBy(consumer, assetId));
    }

    /// @inheritdoc IReputation
    function feeFor(address consumer, uint256 assetId, uint256 weight) external view returns (uint256) {
        return _fee(weight, _ratings[consumer][assetId].weightPaidFor);
    }

    /// @dev Records `consumer`'s rating of `assetId`. `spent` is the spend that may back the weight
    /// (the rater's own spend on the asset); the caller (`msg.sender`) pays the fee.
    function _rate(
        address consumer,
        uint256 assetId,
        uint8 score,
        uint256 weight,
        uint256 spent,
        bytes32 commentHash,
        string calldata commentURI
    ) private returns (uint256 fee) {
        if (score > MAX_SCORE) revert ScoreOutOfRange(score, MAX_SCORE);
        if (spent == 0) revert NoPaymentHistory(consumer, assetId);
        uint256 maxWeight = _maxWeight(spent);
        if (weight == 0 || weight > maxWeight) revert WeightOutOfRange(consumer, assetId, weight, maxWeight);

        Rating storage rating = _ratings[consumer][assetId];
        uint256 oldWeight = rating.weight;
        uint256 paidFor = rating.weightPaidFor;
        fee = _fee(weight, paidFor);
        _addToTotals(assetId, weight * score, weight, oldWeight * rating.score, oldWeight);
        // fits: weight <= WEIGHT_CAP < 2**70 and paidFor is an earlier weight; 2**56 seconds is far away
        _writeRating(rating, score, weight, weight > paidFor ? weight : paidFor);
        emit Rated(assetId, consumer, msg.sender, score, weight, oldWeight, fee, commentHash, commentURI);
        if (fee != 0) TokenTransfers.pullUncredited(TOKEN, fee);
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

    /// @dev The rating's four members in one SSTORE: a struct literal assigned to storage is written
    /// member by member without via-IR (three more SSTOREs, ~2k gas measured). Layout of
    /// {IReputation.Rating}: score bits 0-7, weight 8-103, weightPaidFor 104-199, ratedAt 200-255;
    /// the caller guarantees weight and paidFor fit 96 bits.
    function _writeRating(Rating storage rating, uint8 score, uint256 weight, uint256 paidFor) private {
        uint256 word = uint256(score) | weight << 8 | paidFor << 104 | uint256(uint56(block.timestamp)) << 200;
        assembly ("memory-safe") {
            sstore(rating.slot, word)
        }
    }

    function _maxWeight(uint256 spent) private view returns (uint256) {
        return spent < WEIGHT_CAP ? spent : WEIGHT_CAP;
    }

    /// @dev The fee for raising the weight paid for from `paidFor` to `weight`, rounded up.
    function _fee(uint256 weight, uint256 paidFor) private pure returns (uint256) {
        return weight > paidFor ? BpsMath.mulBpsUp(weight - paidFor, RATING_FEE_BPS) : 0;
    }
}
