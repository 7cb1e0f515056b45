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
        vm.prank(admin);
        vm.expectRevert(IStakingPool.ZeroAddress.selector);
        staking.setFeeCollector(address(0));
        _applyChange(address(staking), abi.encodeCall(staking.setFeeCollector, (stranger)), "feeCollector");
        assertEq(staking.feeCollector(), stranger);
        assertEq(staking.unfundedFees(), 0);
        assertEq(payments.stakingFeesOwed(), 0);
    }

    function test_claim_revertsWhenCollectorDoesNotFund() public {
        NonPayingCollector bad = new NonPayingCollector();
        _applyChange(address(staking), abi.encodeCall(staking.setFeeCollector, (address(bad))), "feeCollector");
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

    /// Every parent count from 1 to 8 (the cache's word boundary at 4 included): the first payment,
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
            for (uint256 round = 1; round <= 2; ++round) {
                vm.prank(consumer);
                payments.payPerCall(child, 1, type(uint256).max);
                for (uint256 i; i < n; ++i) {
                    assertEq(payments.royaltiesOf(ids[i]), round * (1e18 * (100 + 50 * i) / 10_000));
                }
            }
        }
    }

    /// The lineage cache packs parent ids in 48 bits: 2**48 - 1 is the largest id a payment accepts.
    function test_lineage_parentIdMustFit48Bits() public {
        // move the registry's id counter (slot 6, `_assetCount`) to just below 2**48
        bytes32 countSlot = bytes32(uint256(6));
        assertEq(uint256(vm.load(address(registry), countSlot)), registry.assetCount());
        vm.store(address(registry), countSlot, bytes32(uint256(type(uint48).max) - 1));
        uint256 widest = _list(otherOwner, 1);
        assertEq(widest, type(uint48).max);
        uint256 tooWide = _list(otherOwner, 1);
        uint256 okChild = _listWithParent(owner, widest, 1_000);
        uint256 badChild = _listWithParent(owner, tooWide, 1_000);
        _stake(owner, okChild, 1_000e18);
        _stake(owner, badChild, 1_000e18);
        vm.prank(owner);
        registry.setPrice(okChild, 1e18);
        vm.prank(owner);
        registry.setPrice(badChild, 1e18);
        vm.prank(consumer);
        payments.payPerCall(okChild, 1, type(uint256).max);
        assertEq(payments.royaltiesOf(widest), 1e17);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParentIdTooLarge.selector, badChild, tooWide));
        vm.prank(consumer);
        payments.payPerCall(badChild, 1, type(uint256).max);
    }

    /// `protocolFeesAccrued` (uint128) may reach its maximum exactly; one wei more reverts.
    function test_book_protocolFeesUpToUint128Max() public {
        // slot 4 packs protocolFeesAccrued (bits 0-127), _stakingFeesOwed (128-223), protocolFeeBps (224-239)
        assertEq(_loadBits(address(payments), 4, 0, 128), payments.protocolFeesAccrued());
        uint256 max = type(uint128).max;
        _storeBits(address(payments), 4, 0, 128, max - 1);
        IUsagePayments.Voucher memory v = _voucher(assetId, 100, uint64(block.timestamp + 1 days));
        payments.redeem(v, _sign(consumerKey, v)); // fee ceil(1 % of 100) = 1
        assertEq(payments.protocolFeesAccrued(), max);
        v = _voucher(assetId, 200, uint64(block.timestamp + 1 days));
        bytes memory sig = _sign(consumerKey, v);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, max + 1, max));
        payments.redeem(v, sig);
    }

    /// The StakingPool part is credited while the owed counter stays within uint96 (its maximum
    /// included) and paid in tokens past it.
    function test_book_stakingPartCreditedUpToTheCapThenPaidInTokens() public {
        uint256 max = staking.MAX_UNFUNDED_FEES();
        // payments slot 4: _stakingFeesOwed at bits 128-223; staking slot 6: _unfundedFees at bits 160-255
        assertEq(_loadBits(address(payments), 4, 128, 96), payments.stakingFeesOwed());
        assertEq(_loadBits(address(staking), 6, 160, 96), staking.unfundedFees());
        _storeBits(address(payments), 4, 128, 96, max - 99);
        _storeBits(address(staking), 6, 160, 96, max - 99);
        uint256 ownerRewards = staking.getPool(assetId).ownerRewards;
        IUsagePayments.Voucher memory v = _voucher(assetId, 100, uint64(block.timestamp + 1 days));
        payments.redeem(v, _sign(consumerKey, v)); // 1 fee, 99 credited: owed reaches the cap exactly
        assertEq(payments.stakingFeesOwed(), max);
        assertEq(staking.unfundedFees(), max);
        uint256 poolBalance = token.balanceOf(address(staking));
        v = _voucher(assetId, 200, uint64(block.timestamp + 1 days));
        payments.redeem(v, _sign(consumerKey, v)); // past the cap: 99 paid in tokens
        assertEq(payments.stakingFeesOwed(), max);
        assertEq(token.balanceOf(address(staking)), poolBalance + 99);
        assertEq(staking.getPool(assetId).ownerRewards, ownerRewards + 198);
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
