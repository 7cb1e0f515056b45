// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {LineageCache} from "../../contracts/libraries/LineageCache.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice Exposes LineageCache on a storage mapping of its own.
contract LineageCacheHarness {
    using LineageCache for mapping(uint256 => uint256);

    mapping(uint256 assetId => mapping(uint256 index => uint256 word)) private _lineage;

    function store(uint256 assetId, IModelRegistry.Parent[] memory parents) external {
        _lineage[assetId].store(parents);
    }

    function load(uint256 assetId) external view returns (IModelRegistry.Parent[] memory) {
        return _lineage[assetId].load();
    }

    function count(uint256 assetId) external view returns (bool stored, uint256 parentCount) {
        return _lineage[assetId].count();
    }

    function word(uint256 assetId, uint256 index) external view returns (uint256) {
        return _lineage[assetId][index];
    }
}

/// @notice Round trip of the lineage packing (Solady-style): what is stored is what is loaded, for
/// every parent count up to the registry's maximum and every id and royalty the entries can hold.
contract UsagePaymentsLineageCacheTest is Test {
    LineageCacheHarness internal harness;

    function setUp() public {
        harness = new LineageCacheHarness();
    }

    function testFuzz_storeLoad_roundTrip(uint256 assetId, uint8 parentCount, uint256 seed) public {
        parentCount = uint8(bound(parentCount, 0, 8));
        IModelRegistry.Parent[] memory parents = new IModelRegistry.Parent[](parentCount);
        for (uint256 i; i < parentCount; ++i) {
            uint256 draw = uint256(keccak256(abi.encode(seed, i)));
            parents[i] = IModelRegistry.Parent({assetId: draw % (uint256(type(uint48).max) + 1), royaltyBps: uint16(draw >> 128)});
        }
        (bool storedBefore,) = harness.count(assetId);
        assertFalse(storedBefore);
        harness.store(assetId, parents);
        (bool stored, uint256 count) = harness.count(assetId);
        assertTrue(stored, "an empty lineage is stored too");
        assertEq(count, parentCount);
        IModelRegistry.Parent[] memory loaded = harness.load(assetId);
        assertEq(loaded.length, parentCount);
        for (uint256 i; i < parentCount; ++i) {
            assertEq(loaded[i].assetId, parents[i].assetId);
            assertEq(loaded[i].royaltyBps, parents[i].royaltyBps);
        }
        // words beyond the lineage stay untouched: (count + 1) entries of 64 bits, four to a word
        assertEq(harness.word(assetId, (uint256(parentCount) >> 2) + 1), 0);
    }

    function testFuzz_store_rejectsIdsBeyond48Bits(uint256 parentId) public {
        parentId = bound(parentId, uint256(type(uint48).max) + 1, type(uint256).max);
        IModelRegistry.Parent[] memory parents = new IModelRegistry.Parent[](1);
        parents[0] = IModelRegistry.Parent({assetId: parentId, royaltyBps: 1});
        vm.expectRevert(abi.encodeWithSelector(LineageCache.ParentIdOutOfRange.selector, parentId));
        harness.store(1, parents);
    }
}
