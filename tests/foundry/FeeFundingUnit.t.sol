// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {LineageCache} from "../../contracts/libraries/LineageCache.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @notice The one-directional fee path: payments only record pending revenue; `settle` splits it
/// once per asset (lineage cache included) and StakingPool pulls its part; registry paths not reached
/// elsewhere.
contract FeeFundingUnitTest is Base {
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e18);
        _stake(owner, assetId, 1_000e18);
        _depositTo(consumer, assetId, 1_000e18);
    }

    /// A payment moves no tokens and credits nobody; settle splits it once and moves tokens once.
    function test_payment_recordsThenSettleSplitsOnce() public {
        uint256 stakingBefore = token.balanceOf(address(staking));
        vm.prank(consumer);
        payments.payPerCall(assetId, 10, type(uint256).max);
        assertEq(payments.pendingRevenueOf(assetId), 10e18);
        assertEq(token.balanceOf(address(staking)), stakingBefore);
        assertEq(staking.getPool(assetId).ownerRewards, 0);
        assertEq(payments.protocolFeesAccrued(), 0);

        vm.prank(stranger);
        assertEq(payments.settle(assetId), 10e18);
        assertEq(payments.protocolFeesAccrued(), 0.1e18);
        assertEq(token.balanceOf(address(staking)), stakingBefore + 9.9e18);
        assertEq(staking.getPool(assetId).ownerRewards, 9.9e18);
        assertEq(payments.pendingRevenueOf(assetId), 0);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.NothingToSettle.selector, assetId));
        payments.settle(assetId);
    }

    /// The owner claims its rewards without StakingPool calling back into UsagePayments.
    function test_claimRewards_needsNoCallIntoPayments() public {
        vm.prank(consumer);
        payments.payPerCall(assetId, 10, type(uint256).max);
        payments.settle(assetId);
        vm.expectCall(address(payments), bytes(""), 0);
        vm.prank(owner);
        (, uint256 ownerRewards) = staking.claimRewards(assetId);
        assertEq(ownerRewards, 9.9e18);
    }

    /// The deprecated sweep owes nothing.

    /// Eight parents: the packed lineage cache spans two words; every royalty is credited exactly.
    function test_lineage_eightParentsRoyaltiesExact() public {
        IModelRegistry.ListingParams memory params = _listing(1e18);
        params.parents = new IModelRegistry.Parent[](8);
        uint256[8] memory ids;
        for (uint256 i; i < 8; ++i) {
            ids[i] = _list(otherOwner, 1);
            params.parents[i] = IModelRegistry.Parent({assetId: ids[i], royaltyBps: uint16(100 + 50 * i)});
        }
        vm.prank(owner);
        uint256 child = registry.list(params);
        _stake(owner, child, 1_000e18);
        _depositTo(consumer, child, 100e18);
        for (uint256 round; round < 2; ++round) {
            // second round reads the cached lineage
            vm.prank(consumer);
            payments.payPerCall(child, 10, type(uint256).max);
            payments.settle(child);
        }
        uint256 totalRoyalties;
        for (uint256 i; i < 8; ++i) {
            assertEq(payments.royaltiesOf(ids[i]), 2 * (10e18 * (100 + 50 * i) / 10_000));
            totalRoyalties += payments.royaltiesOf(ids[i]);
        }
        assertEq(totalRoyalties + payments.protocolFeesAccrued() + staking.getPool(child).ownerRewards, 20e18);
    }

    /// Every parent count from 1 to 8 (the cache's word boundary at 4 included): the first settlement,
    /// which builds the cache, and the second, which reads it, credit every royalty exactly.
    function test_lineage_everyParentCountRoyaltiesExact() public {
        for (uint256 n = 1; n <= 8; ++n) {
            IModelRegistry.ListingParams memory params = _listing(1e18);
            params.parents = new IModelRegistry.Parent[](n);
            uint256[] memory ids = new uint256[](n);
            for (uint256 i; i < n; ++i) {
                ids[i] = _list(otherOwner, 1);
                params.parents[i] = IModelRegistry.Parent({assetId: ids[i], royaltyBps: uint16(100 + 50 * i)});
            }
            vm.prank(owner);
            uint256 child = registry.list(params);
            _stake(owner, child, 1_000e18);
            _depositTo(consumer, child, 2e18);
            for (uint256 round = 1; round <= 2; ++round) {
                vm.prank(consumer);
                payments.payPerCall(child, 1, type(uint256).max);
                payments.settle(child);
                for (uint256 i; i < n; ++i) {
                    assertEq(payments.royaltiesOf(ids[i]), round * (1e18 * (100 + 50 * i) / 10_000));
                }
            }
        }
    }

    /// The lineage cache packs parent ids in 48 bits: 2**48 - 1 is the largest id a settlement accepts.
    function test_lineage_parentIdMustFit48Bits() public {
        // move the registry's id counter (slot 8, `_assetCount`, after ERC721's six slots and
        // Ownable2Step's owner and pending owner) to just below 2**48
        bytes32 countSlot = bytes32(uint256(8));
        assertEq(uint256(vm.load(address(registry), countSlot)), registry.assetCount());
        vm.store(address(registry), countSlot, bytes32(uint256(type(uint48).max) - 1));
        uint256 widest = _list(otherOwner, 1);
        assertEq(widest, type(uint48).max);
        uint256 tooWide = _list(otherOwner, 1);
        uint256 okChild = _listWithParent(owner, widest, 1_000);
        uint256 badChild = _listWithParent(owner, tooWide, 1_000);
        for (uint256 i; i < 2; ++i) {
            uint256 child = i == 0 ? okChild : badChild;
            _stake(owner, child, 1_000e18);
            vm.prank(owner);
            registry.setPrice(child, 1e18);
            _depositTo(consumer, child, 1e18);
            vm.prank(consumer);
            payments.payPerCall(child, 1, type(uint256).max);
        }
        payments.settle(okChild);
        assertEq(payments.royaltiesOf(widest), 1e17);
        vm.expectRevert(abi.encodeWithSelector(LineageCache.ParentIdOutOfRange.selector, tooWide));
        payments.settle(badChild);
    }

    /// Royalties and protocol fees are paid to the rightful payee whoever calls.
    function test_claims_payTheRightfulPayeeWhoeverCalls() public {
        uint256 child = _listWithParent(owner, assetId, 1_000);
        _stake(owner, child, 1_000e18);
        vm.prank(owner);
        registry.setPrice(child, 1e18);
        _depositTo(consumer, child, 10e18);
        vm.prank(consumer);
        payments.payPerCall(child, 10, type(uint256).max);
        payments.settle(child);
        uint256 ownerBefore = token.balanceOf(owner);
        vm.prank(stranger);
        assertEq(payments.claimRoyalties(assetId), 1e18);
        assertEq(token.balanceOf(owner), ownerBefore + 1e18);
        vm.prank(stranger);
        assertEq(payments.claimProtocolFees(), 0.1e18);
        assertEq(token.balanceOf(treasury), 0.1e18);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, owner));
        payments.claimRoyalties(assetId);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, treasury));
        payments.claimProtocolFees();
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        payments.claimRoyalties(999);
    }

    function test_registry_versionNotFoundRetiredAndOperatorClearedOnTransfer() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, assetId, 0, 1));
        registry.getVersion(assetId, 0);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, assetId, 2, 1));
        registry.getVersion(assetId, 2);
        vm.startPrank(owner);
        registry.setOperator(assetId, stranger);
        registry.transferFrom(owner, otherOwner, assetId);
        vm.stopPrank();
        assertEq(registry.getAsset(assetId).operator, address(0));
        assertEq(registry.signerOf(assetId), otherOwner);
        vm.startPrank(otherOwner);
        registry.transferFrom(otherOwner, owner, assetId); // no operator: nothing to clear
        vm.stopPrank();
        vm.startPrank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        registry.setPrice(assetId, 2);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        registry.setOperator(assetId, stranger);
        vm.stopPrank();
    }
}
