// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title StakeWeightedConsensus
/// @notice Stake-weighted median and clipped consensus over a small, bounded set of scores held in
/// memory (the caller bounds the length: DataBounties passes at most 64). Insertion sort: at most
/// n(n − 1)/2 compare-swaps (2,016 for 64), no storage access.
library StakeWeightedConsensus {
    /// @notice In a packed 16-bit score: the flag that the score was revealed.
    uint256 internal constant REVEALED_BIT = 1 << 15;
    /// @notice In a packed 16-bit score: the score bits.
    uint256 internal constant SCORE_MASK = (1 << 15) - 1;

    /// @notice The weighted median and clipped consensus of the scores packed at bit offset `shift` of
    /// each validator's word (16 bits: `REVEALED_BIT | score`); adds a miss for every validator that did
    /// not reveal or scored farther than `tolerance` from the median. Bounded by `weights.length` (≤ 64).
    function consensusOfPacked(
        uint256 shift,
        uint256[] memory weights,
        uint256[] memory packed,
        uint256[] memory misses,
        uint256 tolerance
    ) internal pure returns (uint256 median, uint256 consensus, uint256 totalWeight) {
        uint256 count = weights.length;
        uint256[] memory scores = new uint256[](count);
        uint256[] memory revealedWeights = new uint256[](count);
        uint256 n;
        // Bounded: count ≤ the caller's set size (≤ 64).
        for (uint256 i = 0; i < count; ++i) {
            uint256 bits = packed[i] >> shift;
            if (bits & REVEALED_BIT == 0) continue;
            scores[n] = bits & SCORE_MASK;
            revealedWeights[n] = weights[i];
            ++n;
        }
        sortByScore(scores, revealedWeights, n);
        (median, totalWeight) = lowerMedianOfSorted(scores, revealedWeights, n);
        consensus = clippedMean(scores, revealedWeights, n, median, tolerance);
        // Bounded: count ≤ the caller's set size (≤ 64).
        for (uint256 i = 0; i < count; ++i) {
            uint256 bits = packed[i] >> shift;
            if (bits & REVEALED_BIT == 0 || distance(bits & SCORE_MASK, median) > tolerance) ++misses[i];
        }
    }

    /// @notice `|a − b|`.
    function distance(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }

    /// @notice Sorts the first `n` (score, weight) pairs by score, ascending, in place (both arrays move together).
    function sortByScore(uint256[] memory scores, uint256[] memory weights, uint256 n) internal pure {
        // Bounded: n ≤ the caller's set size (≤ 64), so at most n(n − 1)/2 inner steps.
        for (uint256 i = 1; i < n; ++i) {
            uint256 score = scores[i];
            uint256 weight = weights[i];
            uint256 j = i;
            // Bounded: j counts down from i < n to 0.
            while (j > 0 && scores[j - 1] > score) {
                scores[j] = scores[j - 1];
                weights[j] = weights[j - 1];
                unchecked { --j; } // cannot overflow: j > 0 checked by the loop condition
            }
            scores[j] = score;
            weights[j] = weight;
        }
    }

    /// @notice The lower weighted median of the first `n` pairs, which must be sorted by score: the
    /// smallest score whose cumulative weight reaches half the total (`2 × cumulative ≥ total`).
    /// @return median The median score (0 when the total weight is 0).
    /// @return totalWeight The sum of the weights.
    function lowerMedianOfSorted(uint256[] memory scores, uint256[] memory weights, uint256 n)
        internal
        pure
        returns (uint256 median, uint256 totalWeight)
    {
        // Bounded: n ≤ the caller's set size (≤ 64).
        for (uint256 i = 0; i < n; ++i) {
            totalWeight += weights[i];
        }
        uint256 cumulative;
        // Bounded: n ≤ the caller's set size (≤ 64).
        for (uint256 i = 0; i < n; ++i) {
            cumulative += weights[i];
            if (2 * cumulative >= totalWeight && weights[i] != 0) return (scores[i], totalWeight);
        }
    }

    /// @notice `score` clipped into `[median − tolerance, median]` (at 0 from below).
    function clip(uint256 score, uint256 median, uint256 tolerance) internal pure returns (uint256) {
        if (score > median) return median;
        uint256 floor = median > tolerance ? median - tolerance : 0;
        return score < floor ? floor : score;
    }

    /// @notice The weighted mean of the first `n` scores clipped into `[median − tolerance, median]`,
    /// rounded down (0 when the total weight is 0).
    function clippedMean(uint256[] memory scores, uint256[] memory weights, uint256 n, uint256 median, uint256 tolerance)
        internal
        pure
        returns (uint256)
    {
        uint256 weighted;
        uint256 total;
        // Bounded: n ≤ the caller's set size (≤ 64).
        for (uint256 i = 0; i < n; ++i) {
            weighted += clip(scores[i], median, tolerance) * weights[i];
            total += weights[i];
        }
        return total == 0 ? 0 : weighted / total;
    }
}
