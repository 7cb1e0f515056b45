// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {BpsMath} from "./BpsMath.sol";

/// @title LineageCache
/// @notice Packs an asset's lineage (parent id and royalty bps per parent) into storage words, four
/// 64-bit entries to a word. Entry 0 holds `count + 1` (so 0 means "not stored yet"); entry k ≥ 1
/// holds `parentId << 16 | royaltyBps` of parent k - 1. Entry k lives in word `k >> 2` at bit
/// `(k & 3) * 64`, so an asset with up to three parents costs one word.
library LineageCache {
    /// @notice Largest parent id an entry can hold (48 bits; registry ids are sequential, so this
    /// needs ~2.8e14 listings).
    uint256 internal constant MAX_PARENT_ID = type(uint48).max;

    /// @notice A parent id does not fit the 48 bits of an entry.
    error ParentIdOutOfRange(uint256 parentId);

    /// @notice Stores `parents` (bounded by the registry's MAX_PARENTS) into `words`.
    function store(mapping(uint256 index => uint256 word) storage words, IModelRegistry.Parent[] memory parents)
        internal
    {
        uint256 parentCount = parents.length;
        uint256 word = parentCount + 1;
        for (uint256 k = 1; k <= parentCount; ++k) {
            // bounded: the registry caps parents at MAX_PARENTS
            IModelRegistry.Parent memory parent = parents[k - 1];
            if (parent.assetId > MAX_PARENT_ID) revert ParentIdOutOfRange(parent.assetId);
            if (k & 3 == 0) {
                words[(k >> 2) - 1] = word;
                word = 0;
            }
            word |= (parent.assetId << 16 | parent.royaltyBps) << ((k & 3) << 6);
        }
        words[parentCount >> 2] = word;
    }

    /// @notice Whether a lineage was stored in `words`, and its parent count.
    function count(mapping(uint256 index => uint256 word) storage words)
        internal
        view
        returns (bool stored, uint256 parentCount)
    {
        uint256 head = uint64(words[0]);
        return head == 0 ? (false, 0) : (true, head - 1);
    }

    /// @notice Parent `index` (0-based, < count) of the lineage stored in `words`.
    function parentAt(mapping(uint256 index => uint256 word) storage words, uint256 index)
        internal
        view
        returns (uint256 parentId, uint16 royaltyBps)
    {
        uint256 k = index + 1;
        uint256 entry = uint64(words[k >> 2] >> ((k & 3) << 6));
        return (entry >> 16, uint16(entry));
    }

    /// @notice The whole lineage stored in `words` (empty when none was stored).
    function load(mapping(uint256 index => uint256 word) storage words)
        internal
        view
        returns (IModelRegistry.Parent[] memory parents)
    {
        (, uint256 parentCount) = count(words);
        parents = new IModelRegistry.Parent[](parentCount);
        for (uint256 i; i < parentCount; ++i) {
            // bounded: the count was stored from a registry lineage (≤ MAX_PARENTS)
            (uint256 parentId, uint16 royaltyBps) = parentAt(words, i);
            parents[i] = IModelRegistry.Parent({assetId: parentId, royaltyBps: royaltyBps});
        }
    }

    /// @notice Credits each lineage parent of `assetId` its royalty on `amount` (rounded down) in
    /// `royaltiesOf`, emitting `RoyaltyAccrued`, and returns their sum. The lineage never changes after
    /// listing: it is read from `registry` once and cached in `words`.
    function accrueRoyalties(
        mapping(uint256 index => uint256 word) storage words,
        mapping(uint256 assetId => uint256 amount) storage royaltiesOf,
        IModelRegistry registry,
        uint256 assetId,
        uint256 amount
    ) internal returns (uint256 royalties) {
        (bool stored, uint256 parentCount) = count(words);
        if (!stored) {
            IModelRegistry.Parent[] memory parents = registry.getParents(assetId);
            store(words, parents);
            parentCount = parents.length;
        }
        for (uint256 i; i < parentCount; ++i) {
            // bounded: the registry caps parents at MAX_PARENTS
            (uint256 parentId, uint16 royaltyBps) = parentAt(words, i);
            uint256 royalty = BpsMath.mulBpsDown(amount, royaltyBps);
            if (royalty != 0) {
                royaltiesOf[parentId] += royalty;
                royalties += royalty;
                emit IUsagePayments.RoyaltyAccrued(parentId, assetId, royalty);
            }
        }
    }
}
