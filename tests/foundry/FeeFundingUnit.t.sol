// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketToken} from "../../contracts/MarketToken.sol";
import {StakingPool} from "../../contracts/StakingPool.sol";
import {UsagePayments} from "../../contracts/UsagePayments.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";

/// @notice A fee collector that credits fees but never pays them (sweep is a no-op).
contract NonPayingCollector {
    function sweepStakingFees() external pure returns (uint256) {
        return 0;
    }
}

/// @notice Deferred fee funding between UsagePayments (collector) and StakingPool, lineage caching,
/// and registry paths not reached elsewhere.
contract FeeFundingUnitTest is Base {
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e18);
        _stake(owner, assetId, 1_000e18);
        _deposit(consumer, 1_000e18);
    }

    function test_creditAndFund_onlyCollectorAndBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NotFeeCollector.selector, stranger));
        vm.prank(stranger);
        staking.creditFees(assetId, 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NotFeeCollector.selector, stranger));
        vm.prank(stranger);
        staking.fundFees(1);
        vm.startPrank(address(payments));
        vm.expectRevert(IStakingPool.ZeroAmount.selector);
        staking.creditFees(assetId, 0);
        uint256 max = staking.MAX_UNFUNDED_FEES();
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.AmountTooLarge.selector, max + 1, max));
        staking.creditFees(assetId, max + 1);
        vm.expectRevert(IStakingPool.ZeroAmount.selector);
        staking.fundFees(0);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.AmountTooLarge.selector, 1, 0));
        staking.fundFees(1);
        vm.stopPrank();
    }

    /// Credits may reach MAX_UNFUNDED_FEES exactly; one wei more reverts.
    function test_creditFees_upToTheCapInclusive() public {
        uint256 max = staking.MAX_UNFUNDED_FEES();
        vm.startPrank(address(payments));
        staking.creditFees(assetId, max - 1);
        staking.creditFees(assetId, 1);
        assertEq(staking.unfundedFees(), max);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.AmountTooLarge.selector, max + 1, max));
        staking.creditFees(assetId, 1);
        vm.stopPrank();
    }

    function test_payment_creditsThenClaimSweeps() public {
        vm.prank(consumer);
        payments.payPerCall(assetId, 10, type(uint256).max); // 10e18, 1 % fee
        assertEq(payments.stakingFeesOwed(), 9.9e18);
        assertEq(staking.unfundedFees(), 9.9e18);
        uint256 held = token.balanceOf(address(staking));
        vm.prank(owner);
        (, uint256 ownerRewards) = staking.claimRewards(assetId);
        assertEq(ownerRewards, 9.9e18);
        assertEq(staking.unfundedFees(), 0);
        assertEq(payments.stakingFeesOwed(), 0);
        assertEq(token.balanceOf(address(staking)), held);
        vm.expectRevert(IUsagePayments.NothingToClaim.selector);
        payments.sweepStakingFees();
    }

    function test_sweepStakingFees_anyone() public {
        vm.prank(consumer);
        payments.payPerCall(assetId, 1, type(uint256).max);
        vm.prank(stranger);
        assertEq(payments.sweepStakingFees(), 0.99e18);
        assertEq(staking.unfundedFees(), 0);
        assertEq(token.balanceOf(address(staking)), 1_000e18 + 0.99e18);
    }

    function test_setFeeCollector_sweepsOldCollectorAndRejectsZero() public {
        vm.prank(consumer);
        payments.payPerCall(assetId, 1, type(uint256).max);
        vm.startPrank(admin);
        vm.expectRevert(IStakingPool.ZeroAddress.selector);
        staking.setFeeCollector(address(0));
        staking.setFeeCollector(stranger);
        vm.stopPrank();
        assertEq(staking.feeCollector(), stranger);
        assertEq(staking.unfundedFees(), 0);
        assertEq(payments.stakingFeesOwed(), 0);
    }

    function test_claim_revertsWhenCollectorDoesNotFund() public {
        NonPayingCollector bad = new NonPayingCollector();
        vm.prank(admin);
        staking.setFeeCollector(address(bad));
        vm.prank(address(bad));
        staking.creditFees(assetId, 5e18);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.FeesUnfunded.selector, address(bad), 5e18));
        vm.prank(owner);
        staking.claimRewards(assetId);
        // stake is still withdrawable without the sweep
        vm.prank(owner);
        staking.unstake(assetId, 1_000e21);
        vm.warp(block.timestamp + 14 days);
        vm.prank(owner);
        assertEq(staking.withdraw(assetId), 1_000e18);
    }

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
        for (uint256 round; round < 2; ++round) {
            // second round reads the cached lineage
            vm.prank(consumer);
            payments.payPerCall(child, 10, type(uint256).max);
        }
        uint256 totalRoyalties;
        for (uint256 i; i < 8; ++i) {
            assertEq(payments.royaltiesOf(ids[i]), 2 * (10e18 * (100 + 50 * i) / 10_000));
            totalRoyalties += payments.royaltiesOf(ids[i]);
        }
        assertEq(totalRoyalties + payments.protocolFeesAccrued() + payments.stakingFeesOwed(), 20e18);
    }

    /// Past the collector's credit cap, the StakingPool part is paid in tokens instead.
    function test_hugePayment_paidInTokensPastCreditCap() public {
        MarketToken big = new MarketToken(address(this), 2 ** 200);
        StakingPool pool = new StakingPool(big, registry, admin);
        UsagePayments p = new UsagePayments(big, registry, pool, treasury, admin);
        vm.prank(admin);
        pool.setFeeCollector(address(p));
        uint256 hugeAsset = _list(otherOwner, type(uint128).max / 2);
        big.transfer(otherOwner, 2 ** 199);
        vm.startPrank(otherOwner);
        big.approve(address(pool), type(uint256).max);
        big.approve(address(p), type(uint256).max);
        pool.stake(hugeAsset, 1_000e18);
        p.deposit(type(uint128).max);
        uint256 amount = p.payPerCall(hugeAsset, 1, type(uint256).max);
        vm.stopPrank();
        assertEq(amount, type(uint128).max / 2);
        assertEq(p.stakingFeesOwed(), 0);
        assertEq(pool.unfundedFees(), 0);
        assertEq(pool.getPool(hugeAsset).ownerRewards, amount - p.protocolFeesAccrued());
        assertEq(big.balanceOf(address(pool)), 1_000e18 + pool.getPool(hugeAsset).ownerRewards);
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
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.AssetIsRetired.selector, assetId));
        registry.setPrice(assetId, 2);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.AssetIsRetired.selector, assetId));
        registry.setOperator(assetId, stranger);
        vm.stopPrank();
    }
}
