// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {StakeWeightedConsensus} from "../../contracts/libraries/StakeWeightedConsensus.sol";

/// @notice Fuzz of DataBounties' stake-weighted median and clipping against a reference written
/// differently (no sorting: for each candidate score, sum the weight at or below it).
contract DataBountiesMedianTest is Test {
    uint256 internal constant MAX_VALIDATORS = 64;
    uint256 internal constant SCALE = 10_000;
    uint256 internal constant TOLERANCE = 1_000;
    uint256 internal constant MAX_WEIGHT = 1e30;

    function _draw(uint256 seed, uint256 n) internal pure returns (uint256[] memory scores, uint256[] memory weights) {
        scores = new uint256[](n);
        weights = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 word = uint256(keccak256(abi.encode(seed, i)));
            // Few distinct scores so ties happen; some zero weights.
            scores[i] = (word % 41) * 250;
            weights[i] = (word >> 128) % 5 == 0 ? 0 : (word >> 64) % MAX_WEIGHT;
        }
    }

    /// The smallest positive-weight score whose at-or-below weight reaches half the total.
    function _referenceMedian(uint256[] memory scores, uint256[] memory weights) internal pure returns (uint256 best) {
        uint256 total;
        for (uint256 i = 0; i < scores.length; ++i) total += weights[i];
        if (total == 0) return 0;
        best = type(uint256).max;
        for (uint256 i = 0; i < scores.length; ++i) {
            if (weights[i] == 0) continue;
            uint256 below;
            for (uint256 j = 0; j < scores.length; ++j) {
                if (scores[j] <= scores[i]) below += weights[j];
            }
            if (2 * below >= total && scores[i] < best) best = scores[i];
        }
    }

    function _median(uint256[] memory scores, uint256[] memory weights) internal pure returns (uint256 median) {
        StakeWeightedConsensus.sortByScore(scores, weights, scores.length);
        (median,) = StakeWeightedConsensus.lowerMedianOfSorted(scores, weights, scores.length);
    }

    function testFuzz_median_matchesReference(uint256 seed, uint8 count) public pure {
        uint256 n = bound(count, 0, MAX_VALIDATORS);
        (uint256[] memory scores, uint256[] memory weights) = _draw(seed, n);
        uint256 expected = _referenceMedian(scores, weights);
        assertEq(_median(scores, weights), expected);
    }

    function testFuzz_sort_isAscendingAndKeepsPairs(uint256 seed, uint8 count) public pure {
        uint256 n = bound(count, 0, MAX_VALIDATORS);
        (uint256[] memory scores, uint256[] memory weights) = _draw(seed, n);
        uint256 fingerprint;
        for (uint256 i = 0; i < n; ++i) fingerprint += uint256(keccak256(abi.encode(scores[i], weights[i]))) >> 8;
        StakeWeightedConsensus.sortByScore(scores, weights, n);
        uint256 after_;
        for (uint256 i = 0; i < n; ++i) {
            if (i > 0) assertLe(scores[i - 1], scores[i]);
            after_ += uint256(keccak256(abi.encode(scores[i], weights[i]))) >> 8;
        }
        assertEq(after_, fingerprint);
    }

    function testFuzz_clippedMean_matchesReferenceAndStaysInBand(uint256 seed, uint8 count) public pure {
        uint256 n = bound(count, 1, MAX_VALIDATORS);
        (uint256[] memory scores, uint256[] memory weights) = _draw(seed, n);
        weights[0] = 1; // a positive total
        uint256 median = _referenceMedian(scores, weights);
        uint256 weighted;
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            uint256 s = scores[i];
            uint256 low = median > TOLERANCE ? median - TOLERANCE : 0;
            uint256 clipped = s > median ? median : (s < low ? low : s);
            weighted += clipped * weights[i];
            total += weights[i];
        }
        uint256 mean = StakeWeightedConsensus.clippedMean(scores, weights, n, median, TOLERANCE);
        assertEq(mean, weighted / total);
        assertLe(mean, median);
        assertGe(mean + TOLERANCE, median);
    }

    /// A coalition holding less than half of the weight cannot move the median off the honest score.
    function testFuzz_minorityCannotMoveMedian(uint256 seed, uint8 honestCount, uint8 attackerCount, uint16 honestScore)
        public
        pure
    {
        uint256 h = bound(honestCount, 1, 32);
        uint256 a = bound(attackerCount, 0, 32);
        uint256 score = bound(honestScore, 0, SCALE);
        uint256[] memory scores = new uint256[](h + a);
        uint256[] memory weights = new uint256[](h + a);
        uint256 honestWeight;
        for (uint256 i = 0; i < h; ++i) {
            scores[i] = score;
            weights[i] = 1 + uint256(keccak256(abi.encode(seed, "h", i))) % 1e24;
            honestWeight += weights[i];
        }
        uint256 budget = honestWeight - 1; // strictly less than half of the total
        for (uint256 i = 0; i < a; ++i) {
            uint256 word = uint256(keccak256(abi.encode(seed, "a", i)));
            scores[h + i] = word % (SCALE + 1);
            uint256 w = budget == 0 ? 0 : (word >> 128) % (budget + 1);
            weights[h + i] = w;
            budget -= w;
        }
        assertEq(_median(scores, weights), score);
    }

    /// Packed reveals: the consensus over packed words equals the one over plain arrays, and misses
    /// count exactly the non-revealers and the validators beyond the tolerance.
    function testFuzz_consensusOfPacked_matchesUnpacked(uint256 seed, uint8 count, uint8 slot) public pure {
        uint256 n = bound(count, 1, MAX_VALIDATORS);
        uint256 shift = 16 * bound(slot, 0, 15);
        uint256[] memory weights = new uint256[](n);
        uint256[] memory packed = new uint256[](n);
        uint256[] memory misses = new uint256[](n);
        uint256[] memory scores = new uint256[](n);
        uint256[] memory revealedWeights = new uint256[](n);
        bool[] memory revealed = new bool[](n);
        uint256 m;
        for (uint256 i = 0; i < n; ++i) {
            uint256 word = uint256(keccak256(abi.encode(seed, i)));
            weights[i] = 1 + (word >> 64) % 1e24;
            uint256 score = word % (SCALE + 1);
            revealed[i] = (word >> 200) % 4 != 0;
            // Noise in the other slots must not leak into this one.
            packed[i] = uint256(keccak256(abi.encode(word))) & ~(uint256(0xFFFF) << shift);
            if (revealed[i]) {
                packed[i] |= (StakeWeightedConsensus.REVEALED_BIT | score) << shift;
                scores[m] = score;
                revealedWeights[m] = weights[i];
                ++m;
            }
        }
        (uint256 median, uint256 consensus,) = StakeWeightedConsensus.consensusOfPacked(shift, weights, packed, misses, TOLERANCE);
        uint256[] memory s = new uint256[](m);
        uint256[] memory w = new uint256[](m);
        for (uint256 i = 0; i < m; ++i) {
            s[i] = scores[i];
            w[i] = revealedWeights[i];
        }
        assertEq(median, _referenceMedian(s, w));
        StakeWeightedConsensus.sortByScore(s, w, m);
        assertEq(consensus, StakeWeightedConsensus.clippedMean(s, w, m, median, TOLERANCE));
        for (uint256 i = 0; i < n; ++i) {
            uint256 bits = packed[i] >> shift;
            bool far = StakeWeightedConsensus.distance(bits & StakeWeightedConsensus.SCORE_MASK, median) > TOLERANCE;
            assertEq(misses[i], !revealed[i] || far ? 1 : 0);
        }
    }
}
