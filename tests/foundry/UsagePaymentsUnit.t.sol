// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {UsagePayments} from "../../contracts/UsagePayments.sol";
import {MockFeeToken} from "../../contracts/mocks/MockFeeToken.sol";
import {MockSmartAccount} from "../../contracts/mocks/MockSmartAccount.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @notice Unit tests for every UsagePayments revert and the paths the fuzz tests do not reach.
contract UsagePaymentsUnitTest is Base {
    uint256 internal assetId;
    uint64 internal deadline;
    uint256[] internal noAssets;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e18);
        _stake(owner, assetId, 1_000e18);
        deadline = uint64(block.timestamp + 10 days);
        _depositTo(consumer, assetId, 100e18);
    }

    function test_constructor_revertsOnZeroAddress() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new UsagePayments(IERC20(address(0)), registry, staking, treasury, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new UsagePayments(token, IModelRegistry(address(0)), staking, treasury, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new UsagePayments(token, registry, IStakingPool(address(0)), treasury, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new UsagePayments(token, registry, staking, address(0), admin);
    }

    // ---------------------------------------------------------------- free balance

    function test_deposit_reverts() public {
        vm.startPrank(consumer);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        payments.deposit(0);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        payments.depositFor(address(0), 1);
        vm.stopPrank();
    }

    function test_depositFor_creditsConsumerFreeBalance() public {
        vm.prank(stranger);
        payments.depositFor(consumer, 5e18);
        assertEq(payments.freeBalanceOf(consumer), 5e18);
    }

    function test_deposit_amountTooLarge() public {
        MarketToken big = new MarketToken(address(this), 2 ** 200);
        UsagePayments p = new UsagePayments(big, registry, staking, treasury, admin);
        big.approve(address(p), type(uint256).max);
        p.deposit(type(uint128).max);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, uint256(type(uint128).max) + 1, type(uint128).max)
        );
        p.deposit(1);
    }

    function test_deposit_feeOnTransferRejected() public {
        MockFeeToken feeToken = new MockFeeToken(address(this), 1e24);
        UsagePayments p = new UsagePayments(IERC20(address(feeToken)), registry, staking, treasury, admin);
        feeToken.approve(address(p), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.FeeOnTransferUnsupported.selector, 100e18, 99e18));
        p.deposit(100e18);
    }

    function test_depositWithPermit_permitAndFallback() public {
        uint256 pk = 0xB0B;
        address holder = vm.addr(pk);
        token.transfer(holder, 10e18);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                holder,
                address(payments),
                3e18,
                0,
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(pk, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        vm.prank(holder);
        payments.depositWithPermit(3e18, deadline, v, r, s);
        assertEq(payments.freeBalanceOf(holder), 3e18);
        // a used permit is ignored; the (now zero) allowance decides
        vm.prank(holder);
        vm.expectRevert();
        payments.depositWithPermit(3e18, deadline, v, r, s);
    }

    function test_withdraw_freeBalanceAtOnce() public {
        _deposit(consumer, 7e18);
        uint256 before = token.balanceOf(consumer);
        vm.startPrank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InsufficientFreeBalance.selector, consumer, 7e18, 8e18));
        payments.withdraw(8e18);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        payments.withdraw(0);
        payments.withdraw(7e18);
        vm.stopPrank();
        assertEq(token.balanceOf(consumer), before + 7e18);
        assertEq(payments.freeBalanceOf(consumer), 0);
    }

    // ---------------------------------------------------------------- lanes

    function test_allocate_reverts() public {
        _deposit(consumer, 5e18);
        vm.startPrank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        payments.allocate(999, 1);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InsufficientFreeBalance.selector, consumer, 5e18, 6e18));
        payments.allocate(assetId, 6e18);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        payments.allocate(assetId, 0);
        uint256[] memory ids = new uint256[](1);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.LengthMismatch.selector, 1, 0));
        payments.allocateMany(ids, new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.LengthMismatch.selector, 1, 0));
        payments.depositAndAllocate(ids, new uint256[](0));
        vm.stopPrank();
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        vm.prank(consumer);
        payments.allocate(assetId, 1);
    }

    /// balance + redeemed of a lane stays below 2**128, so redeeming can never overflow the slot.
    function test_allocate_laneTotalBoundedBy128Bits() public {
        MarketToken big = new MarketToken(address(this), 2 ** 200);
        UsagePayments p = new UsagePayments(big, registry, staking, treasury, admin);
        big.transfer(consumer, 2 ** 129);
        uint256 max = type(uint128).max;
        vm.startPrank(consumer);
        big.approve(address(p), type(uint256).max);
        p.deposit(max);
        p.allocate(assetId, max);
        vm.stopPrank();
        IUsagePayments.Voucher memory v = _voucher(assetId, 5, deadline);
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(consumerKey, p.voucherDigest(v));
        assertEq(p.redeem(v, abi.encodePacked(r, s, sv)), 5);
        vm.startPrank(consumer);
        p.deposit(5);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, max + 1, max));
        p.allocate(assetId, 1);
        vm.stopPrank();
    }

    function test_depositAndAllocate_pullsOnceAndFundsEachLane() public {
        uint256 other = _list(otherOwner, 1e18);
        uint256[] memory ids = new uint256[](2);
        uint256[] memory amounts = new uint256[](2);
        (ids[0], ids[1], amounts[0], amounts[1]) = (assetId, other, 1e18, 2e18);
        uint256 before = token.balanceOf(consumer);
        vm.prank(consumer);
        payments.depositAndAllocate(ids, amounts);
        assertEq(token.balanceOf(consumer), before - 3e18);
        assertEq(payments.coverageOf(consumer, assetId), 101e18);
        assertEq(payments.coverageOf(consumer, other), 2e18);
        assertEq(payments.freeBalanceOf(consumer), 0);
    }

    function test_thaw_requestCancelComplete() public {
        vm.startPrank(consumer);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        payments.requestThaw(assetId, 0);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InsufficientLane.selector, consumer, assetId, 100e18, 101e18));
        payments.requestThaw(assetId, 101e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.NoThawRequest.selector, consumer, assetId));
        payments.cancelThaw(assetId);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.NoThawRequest.selector, consumer, assetId));
        payments.completeThaw(assetId, false);
        payments.requestThaw(assetId, 40e18);
        assertEq(payments.coverageOf(consumer, assetId), 60e18);
        payments.cancelThaw(assetId);
        assertEq(payments.coverageOf(consumer, assetId), 100e18);
        payments.requestThaw(assetId, 40e18);
        uint64 readyAt = uint64(block.timestamp + 1 days);
        (,, uint256 thawAmount, uint64 thawReadyAt) = payments.laneOf(consumer, assetId);
        assertEq(thawAmount, 40e18);
        assertEq(thawReadyAt, readyAt);
        vm.warp(readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.ThawNotReady.selector, consumer, assetId, readyAt, readyAt - 1)
        );
        payments.completeThaw(assetId, false);
        vm.warp(readyAt);
        assertEq(payments.completeThaw(assetId, false), 40e18);
        vm.stopPrank();
        assertEq(payments.freeBalanceOf(consumer), 40e18);
        assertEq(payments.coverageOf(consumer, assetId), 60e18);
    }

    /// Thawing tokens stay payable to the asset; the thaw moves only what is left, here to the wallet.
    function test_thaw_paymentsDuringTheDelayComeFirst() public {
        vm.prank(consumer);
        payments.requestThaw(assetId, 100e18);
        assertEq(payments.coverageOf(consumer, assetId), 0);
        IUsagePayments.Voucher memory v = _voucher(assetId, 30e18, deadline);
        assertEq(payments.redeem(v, _sign(consumerKey, v)), 30e18);
        vm.warp(block.timestamp + 1 days);
        uint256 before = token.balanceOf(consumer);
        vm.prank(consumer);
        assertEq(payments.completeThaw(assetId, true), 70e18);
        assertEq(token.balanceOf(consumer), before + 70e18);
        (uint256 balance, uint256 redeemedAmount, uint256 thawAmount,) = payments.laneOf(consumer, assetId);
        assertEq(balance, 0);
        assertEq(redeemedAmount, 30e18);
        assertEq(thawAmount, 0);
    }

    // ---------------------------------------------------------------- session keys

    function test_authorizeSessionKey_reverts() public {
        vm.startPrank(consumer);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        payments.authorizeSessionKey(address(0), 1, deadline, noAssets);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.SessionKeyIsConsumer.selector, consumer));
        payments.authorizeSessionKey(consumer, 1, deadline, noAssets);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        payments.authorizeSessionKey(sessionKey, 0, deadline, noAssets);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, uint256(type(uint104).max) + 1, type(uint104).max)
        );
        payments.authorizeSessionKey(sessionKey, uint256(type(uint104).max) + 1, deadline, noAssets);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidExpiry.selector, block.timestamp, block.timestamp));
        payments.authorizeSessionKey(sessionKey, 1, uint64(block.timestamp), noAssets);
        uint64 tooFar = uint64(type(uint48).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidExpiry.selector, tooFar, block.timestamp));
        payments.authorizeSessionKey(sessionKey, 1, tooFar, noAssets);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.UnknownSessionKey.selector, consumer, sessionKey));
        payments.revokeSessionKey(sessionKey);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.UnknownSessionKey.selector, consumer, sessionKey));
        payments.setSessionKeyScope(sessionKey, noAssets, true);
        payments.authorizeSessionKey(sessionKey, 1, deadline, noAssets);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.SessionKeyNotScoped.selector, consumer, sessionKey));
        payments.setSessionKeyScope(sessionKey, noAssets, false);
        vm.stopPrank();
    }

    function test_authorizeSessionKey_acceptsTheLargestCapAndExpiry() public {
        uint64 farthest = uint64(type(uint48).max);
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, type(uint104).max, farthest, noAssets);
        IUsagePayments.SessionKey memory key = payments.sessionKeyOf(consumer, sessionKey);
        assertEq(key.spendCap, type(uint104).max);
        assertEq(key.expiry, farthest);
        assertTrue(payments.isSessionKeyActive(consumer, sessionKey));
    }

    /// Rule order: expired, stale, asset, signer, key (expiry, scope, cap), lane.
    function test_redeem_rejectsEveryBadVoucherWithItsError() public {
        IUsagePayments.Voucher memory v = _voucher(assetId, 10e18, deadline);
        bytes memory sig = _sign(consumerKey, v);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidSignature.selector, consumer, assetId));
        payments.redeem(v, hex"1234");
        bytes memory strangerSig = _sign(0xBAD, v);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidSigner.selector, consumer, vm.addr(0xBAD)));
        payments.redeem(v, strangerSig);
        IUsagePayments.Voucher memory unknown = _voucher(999, 1, deadline);
        bytes memory sig_unknown = _sign(consumerKey, unknown);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        payments.redeem(unknown, sig_unknown);
        uint256 empty = _list(otherOwner, 1e18);
        IUsagePayments.Voucher memory noLane = _voucher(empty, 1, deadline);
        bytes memory sig_noLane = _sign(consumerKey, noLane);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.LaneEmpty.selector, consumer, empty, 1));
        payments.redeem(noLane, sig_noLane);
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 5e18, uint64(block.timestamp + 1 hours), noAssets);
        bytes memory keySig = _sign(sessionPk, v);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyCapExceeded.selector, consumer, sessionKey, 5e18, 0, 10e18)
        );
        payments.redeem(v, keySig);
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUsagePayments.ExpiredSessionKey.selector, consumer, sessionKey, uint64(block.timestamp - 1 hours)
            )
        );
        payments.redeem(v, keySig);
        assertEq(payments.redeem(v, sig), 10e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.VoucherStale.selector, consumer, assetId, 10e18, 10e18));
        payments.redeem(v, sig);
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        IUsagePayments.Voucher memory later = _voucher(assetId, 11e18, deadline);
        bytes memory sig_later = _sign(consumerKey, later);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        payments.redeem(later, sig_later);
        vm.warp(deadline + 1);
        sig_later = _sign(consumerKey, later);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.VoucherExpired.selector, consumer, assetId, deadline));
        payments.redeem(later, sig_later);
    }

    /// A paused asset still pays (the inference was served); the short part stays redeemable.
    function test_redeem_pausedAssetPaysAndShortfallStaysRedeemable() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        IUsagePayments.Voucher memory v = _voucher(assetId, 150e18, deadline);
        bytes memory sig = _sign(consumerKey, v);
        vm.expectEmit(address(payments));
        emit IUsagePayments.LaneShortfall(consumer, assetId, 50e18);
        assertEq(payments.redeem(v, sig), 100e18);
        _depositTo(consumer, assetId, 60e18);
        assertEq(payments.redeem(v, sig), 50e18);
        assertEq(payments.coverageOf(consumer, assetId), 10e18);
        assertEq(payments.pendingRevenueOf(assetId), 150e18);
    }

    /// A revocation takes effect after the delay; until then the key's vouchers pay.
    function test_revokeSessionKey_isDelayed() public {
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 50e18, deadline, noAssets);
        IUsagePayments.Voucher memory v = _voucher(assetId, 10e18, deadline);
        bytes memory keySig = _sign(sessionPk, v);
        uint64 effectiveAt = uint64(block.timestamp + 1 days);
        vm.expectEmit(address(payments));
        emit IUsagePayments.SessionKeyRevocationScheduled(consumer, sessionKey, effectiveAt);
        vm.prank(consumer);
        payments.revokeSessionKey(sessionKey);
        vm.warp(effectiveAt);
        assertTrue(payments.isSessionKeyActive(consumer, sessionKey));
        assertEq(payments.redeem(v, keySig), 10e18);
        vm.warp(effectiveAt + 1);
        assertFalse(payments.isSessionKeyActive(consumer, sessionKey));
        IUsagePayments.Voucher memory later = _voucher(assetId, 11e18, deadline);
        bytes memory sig_later = _sign(sessionPk, later);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.ExpiredSessionKey.selector, consumer, sessionKey, effectiveAt)
        );
        payments.redeem(later, sig_later);
    }

    /// Lowering a cap or an expiry waits out the delay; raising them is immediate.
    function test_authorizeSessionKey_loweringIsDelayedRaisingImmediate() public {
        vm.startPrank(consumer);
        payments.authorizeSessionKey(sessionKey, 50e18, deadline, noAssets);
        uint64 effectiveAt = uint64(block.timestamp + 1 days);
        vm.expectEmit(address(payments));
        emit IUsagePayments.SessionKeyCapLowered(consumer, sessionKey, 5e18, effectiveAt);
        payments.authorizeSessionKey(sessionKey, 5e18, uint64(block.timestamp + 1), noAssets);
        vm.stopPrank();
        IUsagePayments.SessionKey memory key = payments.sessionKeyOf(consumer, sessionKey);
        assertEq(key.spendCap, 50e18);
        assertEq(key.pendingCap, 5e18);
        assertEq(key.pendingCapAt, effectiveAt);
        assertEq(key.expiry, effectiveAt, "expiry lowered no further than now + delay");
        IUsagePayments.Voucher memory v = _voucher(assetId, 20e18, deadline);
        vm.warp(effectiveAt - 1);
        assertEq(payments.redeem(v, _sign(sessionPk, v)), 20e18);
        vm.warp(effectiveAt);
        IUsagePayments.Voucher memory more = _voucher(assetId, 21e18, deadline);
        bytes memory moreSig = _sign(sessionPk, more);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyCapExceeded.selector, consumer, sessionKey, 5e18, 20e18, 1e18)
        );
        payments.redeem(more, moreSig);
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 30e18, deadline, noAssets);
        assertEq(payments.sessionKeyOf(consumer, sessionKey).pendingCapAt, 0);
        assertEq(payments.redeem(more, moreSig), 1e18);
    }

    /// A scoped key pays only its assets; narrowing waits out the delay, widening is immediate.
    function test_sessionKeyScope_narrowingDelayedWideningImmediate() public {
        uint256 other = _list(otherOwner, 1e18);
        _depositTo(consumer, other, 10e18);
        uint256[] memory only = new uint256[](1);
        only[0] = assetId;
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 50e18, deadline, only);
        assertEq(payments.keyScopeOf(consumer, sessionKey, assetId), type(uint64).max);
        assertEq(payments.keyScopeOf(consumer, sessionKey, other), block.timestamp - 1);
        IUsagePayments.Voucher memory vOther = _voucher(other, 1e18, deadline);
        bytes memory otherSig = _sign(sessionPk, vOther);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyOutOfScope.selector, consumer, sessionKey, other)
        );
        payments.redeem(vOther, otherSig);
        only[0] = other;
        vm.prank(consumer);
        payments.setSessionKeyScope(sessionKey, only, true);
        assertEq(payments.redeem(vOther, otherSig), 1e18);
        assertEq(payments.keySpentOn(consumer, sessionKey, other), 1e18);
        // narrowing: the asset stays payable until now + delay
        uint64 until = uint64(block.timestamp + 1 days);
        vm.prank(consumer);
        payments.setSessionKeyScope(sessionKey, only, false);
        assertEq(payments.keyScopeOf(consumer, sessionKey, other), until);
        vm.warp(until);
        IUsagePayments.Voucher memory v2 = _voucher(other, 2e18, deadline);
        assertEq(payments.redeem(v2, _sign(sessionPk, v2)), 1e18);
        vm.warp(until + 1);
        IUsagePayments.Voucher memory v3 = _voucher(other, 3e18, deadline);
        bytes memory sig3 = _sign(sessionPk, v3);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyOutOfScope.selector, consumer, sessionKey, other)
        );
        payments.redeem(v3, sig3);
    }

    /// Scoping an unscoped key narrows it: enforced only after the delay.
    function test_authorizeSessionKey_scopingAnUnscopedKeyIsDelayed() public {
        uint256 other = _list(otherOwner, 1e18);
        _depositTo(consumer, other, 10e18);
        uint256[] memory only = new uint256[](1);
        only[0] = assetId;
        vm.startPrank(consumer);
        payments.authorizeSessionKey(sessionKey, 50e18, deadline, noAssets);
        payments.authorizeSessionKey(sessionKey, 50e18, deadline, only);
        vm.stopPrank();
        uint64 scopedAt = uint64(block.timestamp + 1 days);
        assertEq(payments.sessionKeyOf(consumer, sessionKey).scopedAt, scopedAt);
        vm.warp(scopedAt - 1);
        IUsagePayments.Voucher memory v = _voucher(other, 1e18, deadline);
        assertEq(payments.redeem(v, _sign(sessionPk, v)), 1e18);
        vm.warp(scopedAt);
        IUsagePayments.Voucher memory v2 = _voucher(other, 2e18, deadline);
        bytes memory sig2 = _sign(sessionPk, v2);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyOutOfScope.selector, consumer, sessionKey, other)
        );
        payments.redeem(v2, sig2);
        // removing the scope widens the key at once
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 50e18, deadline, noAssets);
        assertEq(payments.redeem(v2, sig2), 1e18);
    }

    // ---------------------------------------------------------------- ERC-1271 consumers

    function test_redeem_smartAccountConsumerSignsThroughErc1271() public {
        uint256 ownerPk = 0xA11CE;
        MockSmartAccount account = new MockSmartAccount(vm.addr(ownerPk));
        vm.prank(stranger);
        payments.depositFor(address(account), 10e18);
        vm.prank(vm.addr(ownerPk));
        account.execute(address(payments), abi.encodeCall(IUsagePayments.allocate, (assetId, 10e18)));
        IUsagePayments.Voucher memory v = IUsagePayments.Voucher(address(account), assetId, 4e18, deadline);
        bytes memory sig = _sign(ownerPk, v);
        vm.expectEmit(address(payments));
        emit IUsagePayments.VoucherRedeemed(address(account), assetId, address(account), 4e18, 4e18);
        assertEq(payments.redeem(v, sig), 4e18);
        // the account rotates its owner: the old owner's signatures stop validating
        vm.prank(vm.addr(ownerPk));
        account.setOwner(stranger);
        IUsagePayments.Voucher memory later = IUsagePayments.Voucher(address(account), assetId, 5e18, deadline);
        bytes memory sig_later = _sign(ownerPk, later);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.InvalidSigner.selector, address(account), vm.addr(ownerPk))
        );
        payments.redeem(later, sig_later);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidSignature.selector, address(account), assetId));
        payments.redeem(later, hex"00");
    }

    // ---------------------------------------------------------------- batches

    /// Unknown, retired, empty-lane and badly signed vouchers are skipped with their selector; the rest pay.
    function test_redeemBatch_neverRevertsForOneBadVoucher() public {
        uint256 retired = _list(otherOwner, 1e18);
        _depositTo(consumer, retired, 1e18);
        vm.prank(otherOwner);
        registry.setStatus(retired, IModelRegistry.AssetStatus.Retired);
        uint256 empty = _list(otherOwner, 1e18);
        IUsagePayments.Voucher[] memory vs = new IUsagePayments.Voucher[](6);
        bytes[] memory sigs = new bytes[](6);
        vs[0] = _voucher(assetId, 1e18, deadline);
        vs[1] = _voucher(999, 1e18, deadline);
        vs[2] = _voucher(retired, 1e18, deadline);
        vs[3] = _voucher(empty, 1e18, deadline);
        vs[4] = _voucher(assetId, 2e18, deadline);
        vs[5] = _voucher(assetId, 3e18, deadline);
        for (uint256 i; i < 6; ++i) {
            sigs[i] = _sign(consumerKey, vs[i]);
        }
        sigs[4] = hex"1234";
        vm.expectEmit(address(payments));
        emit IUsagePayments.VoucherRejected(1, consumer, 999, IMarketErrors.UnknownAsset.selector);
        vm.expectEmit(address(payments));
        emit IUsagePayments.VoucherRejected(2, consumer, retired, IMarketErrors.AssetRetired.selector);
        vm.expectEmit(address(payments));
        emit IUsagePayments.VoucherRejected(3, consumer, empty, IUsagePayments.LaneEmpty.selector);
        vm.expectEmit(address(payments));
        emit IUsagePayments.VoucherRejected(4, consumer, assetId, IUsagePayments.InvalidSignature.selector);
        assertEq(payments.redeemBatch(vs, sigs), 3e18);
        assertEq(payments.pendingRevenueOf(assetId), 3e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.LengthMismatch.selector, 6, 0));
        payments.redeemBatch(vs, new bytes[](0));
    }

    // ---------------------------------------------------------------- payPerCall

    function test_payPerCall_reverts() public {
        vm.startPrank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.ZeroAmount.selector));
        payments.payPerCall(assetId, 0, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InsufficientLane.selector, consumer, assetId, 100e18, 101e18));
        payments.payPerCall(assetId, 101, type(uint256).max);
        vm.stopPrank();
        uint256 unstaked = _list(otherOwner, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AssetNotServing.selector, unstaked));
        vm.prank(consumer);
        payments.payPerCall(unstaked, 1, type(uint256).max);
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.AssetNotActive.selector, assetId));
        vm.prank(consumer);
        payments.payPerCall(assetId, 1, type(uint256).max);
    }

    /// The slippage guard: a price above the consumer's limit reverts; a price equal to it pays.
    function test_payPerCall_priceLimitIsInclusive() public {
        vm.prank(owner);
        registry.setPrice(assetId, 2e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.PriceAboveLimit.selector, assetId, 2e18, 2e18 - 1));
        vm.prank(consumer);
        payments.payPerCall(assetId, 1, 2e18 - 1);
        vm.prank(consumer);
        assertEq(payments.payPerCall(assetId, 3, 2e18), 6e18);
        assertEq(payments.coverageOf(consumer, assetId), 94e18);
    }

    function test_payPerCall_countsSpendSeparately() public {
        vm.prank(consumer);
        payments.payPerCall(assetId, 3, type(uint256).max);
        IUsagePayments.Voucher memory v = _voucher(assetId, 2e18, deadline);
        payments.redeem(v, _sign(consumerKey, v));
        assertEq(payments.paidPerCall(consumer, assetId), 3e18);
        assertEq(payments.redeemed(consumer, assetId), 2e18);
        assertEq(payments.spentBy(consumer, assetId), 5e18);
    }

    // ---------------------------------------------------------------- admin

    function test_adminSetters() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        payments.setProtocolFeeBps(1);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParameterOutOfBounds.selector, 1_001, 0, 1_000));
        payments.setProtocolFeeBps(1_001);
        payments.setProtocolFeeBps(250);
        assertEq(payments.protocolFeeBps(), 100); // queued, not applied
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        payments.setTreasury(address(0));
        payments.setTreasury(stranger);
        vm.warp(block.timestamp + payments.changeDelay());
        payments.executeChange("protocolFeeBps");
        payments.executeChange("treasury");
        assertEq(payments.protocolFeeBps(), 250);
        assertEq(payments.treasury(), stranger);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParameterOutOfBounds.selector, 1 hours - 1, 1 hours, 30 days));
        payments.setWithdrawDelay(1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParameterOutOfBounds.selector, 30 days + 1, 1 hours, 30 days));
        payments.setWithdrawDelay(30 days + 1);
        vm.stopPrank();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        payments.setTreasury(stranger);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        payments.setWithdrawDelay(2 hours);
    }

    /// A longer delay applies at once; a shorter one only from now + the old delay.
    function test_setWithdrawDelay_shorteningWaitsOutTheOldDelay() public {
        _applyChange(address(payments), abi.encodeCall(payments.setWithdrawDelay, (30 days)), "withdrawDelay");
        assertEq(payments.withdrawDelay(), 30 days);
        vm.prank(admin);
        payments.setWithdrawDelay(1 hours);
        vm.warp(block.timestamp + payments.changeDelay());
        uint64 effectiveAt = uint64(block.timestamp + 30 days);
        vm.expectEmit(address(payments));
        emit IUsagePayments.WithdrawDelayUpdated(30 days, 1 hours, effectiveAt);
        payments.executeChange("withdrawDelay");
        vm.warp(effectiveAt - 1);
        assertEq(payments.withdrawDelay(), 30 days);
        vm.prank(consumer);
        payments.requestThaw(assetId, 1e18);
        (,,, uint64 readyAt) = payments.laneOf(consumer, assetId);
        assertEq(readyAt, effectiveAt - 1 + 30 days);
        vm.warp(effectiveAt);
        assertEq(payments.withdrawDelay(), 1 hours);
    }

    function test_views() public view {
        assertEq(address(payments.registry()), address(registry));
        assertEq(address(payments.REGISTRY()), address(registry));
        assertEq(address(payments.STAKING()), address(staking));
        assertEq(address(payments.TOKEN()), address(token));
        assertEq(payments.MAX_PROTOCOL_FEE_BPS(), 1_000);
        assertEq(payments.MIN_WITHDRAW_DELAY(), 1 hours);
        assertEq(payments.MAX_WITHDRAW_DELAY(), 30 days);
        assertEq(
            payments.VOUCHER_TYPEHASH(),
            keccak256("Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)")
        );
        (, string memory name, string memory version,,,,) = payments.eip712Domain();
        assertEq(name, "UsagePayments");
        assertEq(version, "2");
        assertFalse(payments.isSessionKeyActive(consumer, sessionKey));
        assertEq(payments.keyScopeOf(consumer, sessionKey, assetId), type(uint64).max);
    }
}
