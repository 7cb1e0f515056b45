// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IUsagePayments} from "./IUsagePayments.sol";

/// @title IReputation
/// @notice Ratings of assets by consumers who paid for them. One rating per (consumer, asset);
/// re-rating replaces the old one. Each rating weighs `weight = min(spent, WEIGHT_CAP)`, where
/// `spent = payments.spentBy(consumer, assetId)` at the time of rating (voucher redemptions plus
/// pay-per-call) and `WEIGHT_CAP = 1,000 whole tokens`. The weight is stored with the rating, so a
/// replacement subtracts exactly the old contribution. Tokens of up to 18 decimals are supported
/// (`UnsupportedDecimals` at deployment otherwise), which sizes the packed `Totals`.
///
/// Why linear and capped: a consumer who never paid weighs nothing; splitting one budget over many
/// sybil accounts never adds weight (a concave weight such as sqrt would reward that split); the
/// cap stops one big spender from owning an asset's score.
///
/// The summary is kept as running sums, so reading it costs the same for 1 or 1,000,000 ratings.
interface IReputation {
    /// @notice A stored rating.
    /// @param score 0..`MAX_SCORE`.
    /// @param weight The weight it was counted with (min(spent, WEIGHT_CAP) when rated).
    /// @param ratedAt Timestamp of the latest (re-)rating.
    struct Rating {
        uint8 score;
        uint128 weight;
        uint64 ratedAt;
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
    error ScoreOutOfRange(uint256 score, uint256 maximum);
    /// @notice The consumer has paid nothing for the asset, so it cannot rate it.
    error NoPaymentHistory(address consumer, uint256 assetId);
    /// @notice The caller is not an active session key of `consumer`.
    error NotSessionKey(address consumer, address caller);
    /// @notice `rateFor` by a session key that never paid `assetId` for `consumer`.
    error SessionKeyDidNotPay(address consumer, address key, uint256 assetId);
    /// @notice A zero address was given where one is required.
    error ZeroAddress();
    /// @notice The payment token has more decimals than the packed rating sums are sized for.
    error UnsupportedDecimals(uint8 decimals, uint8 maximum);

    /// @notice `consumer` rated `assetId` (submitted by `submitter`: the consumer or its session key).
    /// @param replacedWeight Weight of the rating this one replaced (0 for a first rating).
    event Rated(
        uint256 indexed assetId,
        address indexed consumer,
        address indexed submitter,
        uint8 score,
        uint256 weight,
        uint256 replacedWeight,
        bytes32 commentHash,
        string commentURI
    );

    /// @notice Highest score.
    function MAX_SCORE() external view returns (uint256);
    /// @notice Cap of a rating's weight, in token units (1,000 whole tokens).
    function WEIGHT_CAP() external view returns (uint256);
    /// @notice Scale of `weightedMean` in `summary` (a mean score of 87.35 reads 8735).
    function MEAN_SCALE() external view returns (uint256);
    /// @notice Where spend and session keys are read.
    function PAYMENTS() external view returns (IUsagePayments);

    /// @notice Rates `assetId` as the caller; replaces the caller's earlier rating of it.
    /// @param score 0..MAX_SCORE.
    /// @param commentHash Hash of an off-chain comment (0 for none).
    /// @param commentURI Where the comment lives (may be empty); emitted only.
    /// @return weight The weight the rating counts with.
    function rate(uint256 assetId, uint8 score, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 weight);

    /// @notice Rates `assetId` on behalf of `consumer`; the caller must be an active session key of it
    /// that paid the asset (`IUsagePayments.keySpentOn` > 0, else `SessionKeyDidNotPay`). The rating is
    /// the consumer's (replaces its earlier rating); its weight is the consumer's weight capped at what
    /// the key paid the asset.
    function rateFor(address consumer, uint256 assetId, uint8 score, bytes32 commentHash, string calldata commentURI)
        external
        returns (uint256 weight);

    /// @notice The asset's summary from running sums (O(1)).
    /// @return count Number of ratings.
    /// @return weightedMean Σ(weight × score) / Σ weight, scaled by MEAN_SCALE, rounded down (0 when no ratings).
    /// @return totalWeight Σ weight.
    function summary(uint256 assetId) external view returns (uint256 count, uint256 weightedMean, uint256 totalWeight);

    /// @notice The raw running sums of an asset.
    function totalsOf(uint256 assetId) external view returns (Totals memory);

    /// @notice `consumer`'s current rating of `assetId` (weight 0: none).
    function ratingOf(address consumer, uint256 assetId) external view returns (Rating memory);

    /// @notice The weight a rating by `consumer` of `assetId` would get now.
    function weightOf(address consumer, uint256 assetId) external view returns (uint256);
}
