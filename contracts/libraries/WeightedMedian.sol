// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title WeightedMedian
/// @notice A bounded array of (value, weight) entries kept sorted by value by insertion, and its
/// lower weighted median. At most `MAX_ENTRIES` entries: every call walks at most that many.
library WeightedMedian {
    /// @notice Most entries an array holds.
    uint256 internal constant MAX_ENTRIES = 16;

    /// @notice One entry (one slot): the value, its weight and the id of what it stands for (nonzero).
    struct Entry {
        uint128 value;
        uint96 weight;
        uint32 id;
    }

    /// @notice Inserts `entry` in value order (after equal values). When the array is full, the
    /// lightest entry (the lowest-valued among equally light ones) leaves if `entry` weighs more;
    /// otherwise nothing changes.
    /// @return added Whether `entry` was inserted.
    /// @return evictedId The id of the entry that left (0: none).
    function insert(Entry[] storage entries, Entry memory entry) internal returns (bool added, uint32 evictedId) {
        uint256 count = entries.length;
        if (count == MAX_ENTRIES) {
            uint256 lightest;
            uint96 lightestWeight = entries[0].weight;
            for (uint256 i = 1; i < count; ++i) { // bounded: count == MAX_ENTRIES
                uint96 weight = entries[i].weight;
                if (weight < lightestWeight) (lightest, lightestWeight) = (i, weight);
            }
            if (entry.weight <= lightestWeight) return (false, 0);
            evictedId = entries[lightest].id;
            for (uint256 i = lightest; i + 1 < count; ++i) { // bounded: count == MAX_ENTRIES
                entries[i] = entries[i + 1];
            }
            entries.pop();
            --count;
        }
        entries.push(entry);
        uint256 slot = count;
        while (slot != 0 && entries[slot - 1].value > entry.value) { // bounded: slot <= count < MAX_ENTRIES
            entries[slot] = entries[slot - 1];
            --slot;
        }
        if (slot != count) entries[slot] = entry;
        added = true;
    }

    /// @notice The smallest value whose cumulative weight (in value order) reaches half the total
    /// weight; 0 for an empty array.
    function median(Entry[] storage entries) internal view returns (uint256) {
        uint256 count = entries.length;
        uint256 total;
        for (uint256 i; i < count; ++i) { // bounded: count <= MAX_ENTRIES
            total += entries[i].weight;
        }
        uint256 cumulative;
        for (uint256 i; i < count; ++i) { // bounded: count <= MAX_ENTRIES
            Entry memory entry = entries[i];
            cumulative += entry.weight;
            if (2 * cumulative >= total) return entry.value;
        }
        return 0;
    }
}
