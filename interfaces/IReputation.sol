// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IUsagePayments} from "./IUsagePayments.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IReputation
/// @notice Ratings of assets by consumers who paid for them. One rating per (consumer, asset);
/// re-rating replaces the old one. The rater chooses the rating's weight, `1 <= weight <=
/// min(spent, WEIGHT_CAP)`, where `spent = payments.spentBy(consumer, assetId)` at the time of rating
/// (voucher redemptions plus pay-per-call) and `WEIGHT_CAP = 1,000 whole tokens`, and the submitter
/// pays a rating fee of `RATING_FEE_BPS` (10 %) of the weight, rounded up, in tokens. The weight is
/// stored with the rating, so a replacement subtracts exactly the old contribution. Tokens of up to
/// 18 decimals are supported (`UnsupportedDecimals` at deployment otherwise).
///
/// Why a fee on weight (ratings cost what they weigh): an asset's owner gets back almost all of
/// what anyone pays its asset, so spend alone is no cost to an owner who pays its own asset through
/// fresh accounts (recycling 1,000 tokens through ten raters bought 10,000 of weight for about 100).
/// The fee is paid to this contract and can only go to the treasury (`sweepFees`), never back to
/// the owner, so any weight, bought by anyone, costs at least 10 % of itself. Rescaling every
/// weight would not help (the honest weight scales too); pricing weight does: out-weighing an
/// honest rater who claimed weight S costs at least 0.1 × S in fees on top of the recycled spend.
/// The fee is charged once per unit of weight of a (consumer, asset) rating: the rating remembers the
/// highest weight its fee was paid for (`weightPaidFor`), and re-rating up to that weight (e.g. to
/// change the score) is free.
///
/// Why linear and capped: a consumer who never paid weighs nothing; splitting one budget over many
/// sybil accounts never adds weight (a concave weight such as sqrt would reward that split); the
/// cap stops one big spender from owning an asset's score.
///
/// The summary is kept as running sums, so reading it costs the same for 1 or 1,000,000 ratings.
interface IReputation is IMarketErrors {
    /// @notice A stored rating (one slot).
    /// @param score 0..`MAX_SCORE`.
    /// @param weight The weight it counts with (chosen by the rater, at most min(spent, WEIGHT_CAP)).
    /// @param weightPaidFor The highest weight the rating fee has been paid for on this (consumer, asset).
    /// @param ratedAt Timestamp of the latest (re-)rating.
    struct Rating {
        uint8 score;
        uint96 weight;
        uint96 weightPaidFor;
        uint56 ratedAt;
    }

    /// @notice The running sums of an asset's current ratings, packed in one slot (one SSTORE a rating).
    /// @dev The widths hold every reachable value: a weight is at most `WEIGHT_CAP` <= 1,000e18 < 2**70
    /// (tokens of more than 18 decimals are refused at deployment), so `totalWeight` < 2**32 * 2**70
    /// < 2**104 and `weightedScoreSum` <= `MAX_SCORE` * `totalWeight` < 2**109 < 2**120.
    /// @param count Number of ratings.
    /// @param totalWeight Sum of their weights.
    /// @param weightedScoreSum Sum of weight × score.
    struct Totals {
        uint32 count;
        uint104 totalWeight;
        uint120 weightedScoreSum;
    }

    /// @notice The score is above `MAX_SCORE`.
    /// @notice The rating rules this deployment runs with, emitted once at construction.
    event RatingRulesSet(uint256 weightCap, uint256 ratingFeeBps, uint256 maxScore);

    error ScoreOutOfRange(uint256 score, uint256 maximum);
    /// @notice The consumer has paid nothing for the asset, so it cannot rate it.
    error NoPaymentHistory(address consumer, uint256 assetId);
    /// @notice The weight asked is 0 or above what the rater's spend allows (`maximum`).
    error WeightOutOfRange(address consumer, uint256 assetId, uint256 weight, uint256 maximum);
    /// @notice The caller is not an active session key of `consumer`.
    error NotSessionKey(address consumer, address caller);
    /// @notice `rateFor` by a session key that never paid `assetId` for `consumer`.
    error SessionKeyDidNotPay(address consumer, address key, uint256 assetId);
    /// @notice The payment token has more decimals than the packed rating sums are sized for.
    error UnsupportedDecimals(uint8 decimals, uint8 maximum);
    /// @notice There are no rating fees to sweep (the balance is at most the one unit a sweep leaves).
    error NothingToSweep();

    /// @notice `consumer` rated `assetId` (submitted by `submitter`: the consumer or its session key,
    /// which paid `fee`).
    /// @param replacedWeight Weight of the rating this one replaced (0 for a first rating).
    event Rated(
        uint256 indexed assetId,
        address indexed consumer,
        address indexed submitter,
        uint8 score,
        uint256 weight,
        uint256 replacedWeight,
        uint256 fee,
        bytes32 commentHash,
        string commentURI
    );
    /// @notice The rating fees held by this contract were paid to the treasury.
    event FeesSwept(address indexed treasury, uint256 amount);

    /// @notice Highest score.
    function MAX_SCORE() external view returns (uint256);
    /// @notice Cap of a rating's weight, in token units (1,000 whole tokens).
    function WEIGHT_CAP() external view returns (uint256);
    /// @notice Scale of `weightedMean` in `summary` (a mean score of 87.35 reads 8735).
    function MEAN_SCALE() external view returns (uint256);
    /// @notice The rating fee, in bps of the weight bought (10 %; a constant, no role can change it).
    function RATING_FEE_BPS() external view returns (uint256);
    /// @notice Where spend and session keys are read, and whose treasury receives the fees.
    function PAYMENTS() external view returns (IUsagePayments);
    /// @notice The token fees are paid in (the payment token).
    function TOKEN() external view returns (IERC20);

    /// @notice Rates `assetId` as the caller with `weight`; replaces the caller's earlier rating of it.
    /// The caller pays `feeFor(caller, assetId, weight)` (it must have approved this contract).
    /// @param score 0..MAX_SCORE.
    /// @param weight 1..maxWeightOf(caller, assetId).
    /// @param commentHash Hash of an off-chain comment (0 for none).
    /// @param commentURI Where the comment lives (may be empty); emitted only.
    /// @return fee The rating fee paid.
    function rate(uint256 assetId, uint8 score, uint256 weight, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 fee);

    /// @notice Rates `assetId` on behalf of `consumer`; the caller must be an active session key of it
    /// that paid the asset (`IUsagePayments.keySpentOn` > 0, else `SessionKeyDidNotPay`). The rating is
    /// the consumer's (replaces its earlier rating); its weight is at most what the key paid the asset
    /// (and the cap); the caller (the key) pays the fee from its own tokens.
    function rateFor(
        address consumer,
        uint256 assetId,
        uint8 score,
        uint256 weight,
        bytes32 commentHash,
        string calldata commentURI
    ) external returns (uint256 fee);

    /// @notice Pays the rating fees this contract holds to `PAYMENTS.treasury()`, all but one token
    /// unit (kept so the next rater does not pay to re-create the balance slot). Anyone may call.
    /// @return amount What was paid.
    function sweepFees() external returns (uint256 amount);

    /// @notice The asset's summary from running sums (O(1)).
    /// @return count Number of ratings.
    /// @return weightedMean Σ(weight × score) / Σ weight, scaled by MEAN_SCALE, rounded down (0 when no ratings).
    /// @return totalWeight Σ weight.
    function summary(uint256 assetId) external view returns (uint256 count, uint256 weightedMean, uint256 totalWeight);

    /// @notice The raw running sums of an asset.
    function totalsOf(uint256 assetId) external view returns (Totals memory);

    /// @notice `consumer`'s current rating of `assetId` (weight 0: none).
    function ratingOf(address consumer, uint256 assetId) external view returns (Rating memory);

    /// @notice The highest weight a rating by `consumer` of `assetId` may claim now: min(spent, WEIGHT_CAP).
    function maxWeightOf(address consumer, uint256 assetId) external view returns (uint256);

    /// @notice The fee a rating of `assetId` by `consumer` with `weight` would cost now:
    /// `RATING_FEE_BPS` of the part of `weight` above `ratingOf(consumer, assetId).weightPaidFor`, rounded up.
    function feeFor(address consumer, uint256 assetId, uint256 weight) external view returns (uint256);
}
