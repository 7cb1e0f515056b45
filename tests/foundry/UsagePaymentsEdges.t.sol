// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDelayedChanges} from "../../interfaces/IDelayedChanges.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";

/// @notice UsagePayments' edges not in UsagePaymentsUnit: `allocateMany`, new orders refused while an
/// asset is taken down, the treasury and withdraw-delay changes applied, the unknown-parameter guard,
/// the 128-bit caps of recorded revenue and accrued protocol fees, and the registry read on the
/// pay-per-call path (its revert bubbles; a short answer reverts).
/// Storage slots used with vm.load/vm.store are checked against the public views first.
contract UsagePaymentsEdgesTest is Base {
    uint256 internal constant PENDING_CHANGES_SLOT = 4;
    uint256 internal constant FEES_SLOT = 5; // protocolFeesAccrued (low 128 bits), protocolFeeBps
    uint256 internal constant REVENUE_SLOT = 12; // mapping(assetId => Revenue{recorded, settled})
    uint256 internal constant PRICE = 1e15;
    uint256 internal assetA;
    uint256 internal assetB;

    function setUp() public override {
        super.setUp();
        assetA = _list(owner, uint128(PRICE));
        assetB = _list(otherOwner, uint128(PRICE));
        _stake(owner, assetA, 1_000e18);
        _stake(otherOwner, assetB, 1_000e18);
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
    }

    // ---------------------------------------------------------------- allocateMany

    function test_allocateMany_revertsOnLengthMismatch() public {
        _deposit(consumer, 30e18);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 10e18;
        vm.prank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.LengthMismatch.selector, 2, 1));
        payments.allocateMany(_ids(assetA, assetB), amounts);
    }

    function test_allocateMany_fundsEachLaneFromTheFreeBalance() public {
        _deposit(consumer, 30e18);
        vm.expectEmit(true, true, true, true, address(payments));
        emit IUsagePayments.Allocated(consumer, assetA, 10e18);
        vm.expectEmit(true, true, true, true, address(payments));
        emit IUsagePayments.Allocated(consumer, assetB, 20e18);
        vm.prank(consumer);
        payments.allocateMany(_ids(assetA, assetB), _ids(10e18, 20e18));
        (uint256 balanceA,,,) = payments.laneOf(consumer, assetA);
        (uint256 balanceB,,,) = payments.laneOf(consumer, assetB);
        assertEq(balanceA, 10e18);
        assertEq(balanceB, 20e18);
        assertEq(payments.freeBalanceOf(consumer), 0);
    }

    function test_allocateMany_oneBadEntryRevertsTheBatch() public {
        _deposit(consumer, 30e18);
        vm.prank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 99));
        payments.allocateMany(_ids(assetA, 99), _ids(10e18, 20e18));
        (uint256 balanceA,,,) = payments.laneOf(consumer, assetA);
        assertEq(balanceA, 0);
        assertEq(payments.freeBalanceOf(consumer), 30e18);
    }

    // ---------------------------------------------------------------- takedowns and new orders

    function test_allocate_refusedWhileTakenDownButNotWhilePaused() public {
        _deposit(consumer, 30e18);
        registry.takedown(assetA, IModelRegistry.AssetStatus.Suspended, "GDPR-ART17", bytes32(0));
        vm.prank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AssetNotActive.selector, assetA));
        payments.allocate(assetA, 10e18);
        registry.takedown(assetA, IModelRegistry.AssetStatus.Denied, "GDPR-ART17", bytes32(0));
        vm.prank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AssetNotActive.selector, assetA));
        payments.allocate(assetA, 10e18);
        // The owner's pause is no takedown: a lane may still be funded.
        vm.prank(otherOwner);
        registry.setStatus(assetB, IModelRegistry.AssetStatus.Paused);
        vm.prank(consumer);
        payments.allocate(assetB, 10e18);
        (uint256 balanceB,,,) = payments.laneOf(consumer, assetB);
        assertEq(balanceB, 10e18);
    }

    // ---------------------------------------------------------------- queued changes

    function test_setTreasury_appliedAfterTheDelayAndReceivesTheFees() public {
        address newTreasury = makeAddr("newTreasury");
        _payCalls(consumer, assetA, 10_000);
        payments.settle(assetA);
        uint256 fees = payments.protocolFeesAccrued();
        assertGt(fees, 0);
        vm.prank(admin);
        payments.setTreasury(newTreasury);
        assertEq(payments.treasury(), treasury);
        vm.warp(block.timestamp + payments.changeDelay());
        vm.expectEmit(true, true, true, true, address(payments));
        emit IUsagePayments.TreasuryUpdated(treasury, newTreasury);
        payments.executeChange("treasury");
        assertEq(payments.treasury(), newTreasury);
        vm.expectEmit(true, true, true, true, address(payments));
        emit IUsagePayments.ProtocolFeesClaimed(newTreasury, fees);
        payments.claimProtocolFees();
        assertEq(token.balanceOf(newTreasury), fees);
    }

    function test_setWithdrawDelay_longerDelayAppliesAtOnce() public {
        uint64 before = payments.withdrawDelay();
        uint64 longer = before + 1 days;
        vm.prank(admin);
        payments.setWithdrawDelay(longer);
        vm.warp(block.timestamp + payments.changeDelay());
        payments.executeChange("withdrawDelay");
        assertEq(payments.withdrawDelay(), longer);
        assertEq(payments.pendingChange("withdrawDelay").queuedAt, 0);
    }

    /// A queued parameter the contract does not know reverts at execution (unreachable through the
    /// setters: the queue entry is written with vm.store).
    function test_executeChange_revertsOnAnUnknownParameter() public {
        bytes32 slot = keccak256(abi.encode(bytes32("bogus"), PENDING_CHANGES_SLOT));
        vm.store(address(payments), slot, bytes32((block.timestamp << 192) | 9));
        assertEq(payments.pendingChange("bogus").value, 9, "storage layout");
        vm.warp(block.timestamp + payments.changeDelay());
        vm.expectRevert(abi.encodeWithSelector(IDelayedChanges.UnknownParameter.selector, bytes32("bogus")));
        payments.executeChange("bogus");
    }

    // ---------------------------------------------------------------- 128-bit caps

    function test_payPerCall_revertsWhenRecordedRevenueWouldPass128Bits() public {
        _payCalls(consumer, assetA, 1);
        bytes32 slot = keccak256(abi.encode(assetA, REVENUE_SLOT));
        assertEq(uint256(vm.load(address(payments), slot)) & type(uint128).max, PRICE, "storage layout");
        // recorded = settled = 2**128 - 1: nothing pending, no room for one more wei.
        uint256 full = type(uint128).max;
        vm.store(address(payments), slot, bytes32((full << 128) | full));
        assertEq(payments.pendingRevenueOf(assetA), 0);
        vm.startPrank(consumer);
        payments.deposit(PRICE);
        payments.allocate(assetA, PRICE);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, full + PRICE, full));
        payments.payPerCall(assetA, 1, PRICE);
        vm.stopPrank();
    }

    function test_settle_revertsWhenAccruedFeesWouldPass128Bits() public {
        _payCalls(consumer, assetA, 10_000);
        uint256 amount = payments.pendingRevenueOf(assetA);
        uint256 bps = payments.protocolFeeBps();
        uint256 fee = (amount * bps + 9_999) / 10_000;
        assertGt(fee, 0);
        uint256 word = uint256(vm.load(address(payments), bytes32(FEES_SLOT)));
        assertEq(word & type(uint128).max, payments.protocolFeesAccrued(), "storage layout");
        assertEq((word >> 128) & 0xffff, bps, "storage layout");
        uint256 start = type(uint128).max - fee + 1;
        vm.store(address(payments), bytes32(FEES_SLOT), bytes32((word >> 128 << 128) | start));
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, start + fee, uint256(type(uint128).max))
        );
        payments.settle(assetA);
        // One wei less already accrued: the fee fits exactly.
        vm.store(address(payments), bytes32(FEES_SLOT), bytes32((word >> 128 << 128) | (start - 1)));
        payments.settle(assetA);
        assertEq(payments.protocolFeesAccrued(), type(uint128).max);
    }

    // ---------------------------------------------------------------- the registry read of payPerCall

    function test_payPerCall_bubblesTheRegistrysRevertForAnUnknownAsset() public {
        vm.prank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 404));
        payments.payPerCall(404, 1, PRICE);
    }

    function test_payPerCall_revertsOnAShortRegistryAnswer() public {
        _depositTo(consumer, assetA, PRICE);
        vm.mockCall(address(registry), abi.encodeCall(registry.getAsset, (assetA)), abi.encode(uint256(0)));
        vm.prank(consumer);
        vm.expectRevert(bytes(""));
        payments.payPerCall(assetA, 1, PRICE);
        vm.clearMockedCalls();
        vm.prank(consumer);
        assertEq(payments.payPerCall(assetA, 1, PRICE), PRICE);
    }
}
