// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {WeightedMedian} from "../../contracts/libraries/WeightedMedian.sol";

/// @notice Holds one bounded entry array in storage, as EvalRegistry does per score key.
contract WeightedMedianHarness {
    using WeightedMedian for WeightedMedian.Entry[];

    WeightedMedian.Entry[] internal _entries;

    function insert(uint128 value, uint96 weight, uint32 id) external returns (bool added, uint32 evictedId) {
        return _entries.insert(WeightedMedian.Entry({value: value, weight: weight, id: id}));
    }

    function median() external view returns (uint256) {
        return _entries.median();
    }

    function entries() external view returns (WeightedMedian.Entry[] memory) {
        return _entries;
    }
}

/// @notice Fuzzes the insertion-sorted bounded array and its weighted median against a reference
/// model: an unsorted list with the documented eviction rule, sorted from scratch at every check.
contract EvalRegistryMedianTest is Test {
    uint256 internal constant MAX = WeightedMedian.MAX_ENTRIES;

    struct Ref {
        uint128 value;
        uint96 weight;
        uint32 id;
    }

    WeightedMedianHarness internal harness;

    function setUp() public {
        harness = new WeightedMedianHarness();
    }

    /// Any sequence of up to 40 inserts (small values and weights, so ties are common) keeps the
    /// array equal to the reference: same entries in (value, insertion) order, same median,
    /// same eviction decisions; the length never exceeds MAX.
    function testFuzz_insertAndMedian_matchReference(uint256 seed, uint8 count) public {
        uint256 inserts = bound(count, 1, 40);
        Ref[] memory ref = new Ref[](MAX);
        uint256 size;
        for (uint256 i; i < inserts; ++i) {
            uint256 word = uint256(keccak256(abi.encode(seed, i)));
            Ref memory entry = Ref({
                value: uint128(word % 8) * 100_000,
                weight: uint96(1 + (word >> 8) % 6),
                id: uint32(i + 1)
            });
            (bool expectedAdded, uint32 expectedEvicted, uint256 newSize) = _refInsert(ref, size, entry);
            (bool added, uint32 evicted) = harness.insert(entry.value, entry.weight, entry.id);
            assertEq(added, expectedAdded, "added");
            assertEq(evicted, expectedEvicted, "evicted");
            size = newSize;
            _assertSame(ref, size);
        }
    }

    /// The median never leaves [min, max] of the values and is one of them.
    function testFuzz_median_isAStoredValue(uint256 seed) public {
        uint256 lowest = type(uint256).max;
        uint256 highest;
        for (uint256 i; i < MAX; ++i) {
            uint256 word = uint256(keccak256(abi.encode(seed, i)));
            uint128 value = uint128(word % 1_000_001);
            harness.insert(value, uint96(1 + (word >> 128) % 1e24), uint32(i + 1));
            if (value < lowest) lowest = value;
            if (value > highest) highest = value;
        }
        uint256 median = harness.median();
        assertGe(median, lowest);
        assertLe(median, highest);
    }

    function test_median_isZeroWhenEmpty() public view {
        assertEq(harness.median(), 0);
    }

    /// @dev The reference insert: append; when full, evict the lightest entry, the first in
    /// (value, insertion) order among equally light ones, or skip if the new one is not heavier.
    function _refInsert(Ref[] memory ref, uint256 size, Ref memory entry)
        internal
        pure
        returns (bool added, uint32 evicted, uint256 newSize)
    {
        if (size == MAX) {
            _sort(ref, size);
            uint256 lightest;
            for (uint256 i = 1; i < size; ++i) {
                if (ref[i].weight < ref[lightest].weight) lightest = i;
            }
            if (entry.weight <= ref[lightest].weight) return (false, 0, size);
            evicted = ref[lightest].id;
            ref[lightest] = ref[size - 1];
            --size;
        }
        ref[size] = entry;
        return (true, evicted, size + 1);
    }

    function _assertSame(Ref[] memory ref, uint256 size) internal view {
        _sort(ref, size);
        WeightedMedian.Entry[] memory stored = harness.entries();
        assertEq(stored.length, size, "length");
        assertLe(stored.length, MAX);
        uint256 total;
        for (uint256 i; i < size; ++i) {
            assertEq(stored[i].value, ref[i].value, "value");
            assertEq(stored[i].weight, ref[i].weight, "weight");
            assertEq(stored[i].id, ref[i].id, "id");
            total += ref[i].weight;
        }
        // Reference lower weighted median.
        uint256 cumulative;
        uint256 expected;
        for (uint256 i; i < size; ++i) {
            cumulative += ref[i].weight;
            if (2 * cumulative >= total) {
                expected = ref[i].value;
                break;
            }
        }
        assertEq(harness.median(), expected, "median");
    }

    /// @dev Sorts by (value, id): ids grow with insertion, so this is (value, insertion) order.
    function _sort(Ref[] memory ref, uint256 size) internal pure {
        for (uint256 i = 1; i < size; ++i) {
            Ref memory key = ref[i];
            uint256 j = i;
            while (j > 0 && (ref[j - 1].value > key.value || (ref[j - 1].value == key.value && ref[j - 1].id > key.id))) {
                ref[j] = ref[j - 1];
                --j;
            }
            ref[j] = key;
        }
    }
}
