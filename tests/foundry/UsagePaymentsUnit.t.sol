// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Vm} from "forge-std/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {UsagePayments} from "../../contracts/UsagePayments.sol";
import {MockFeeToken} from "../../contracts/mocks/MockFeeToken.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";

/// @notice Unit tests for every UsagePayments revert and the paths the fuzz tests do not reach.
contract UsagePaymentsUnitTest is Base {
    uint256 internal assetId;
    uint64 internal deadline;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e18);
        _stake(owner, assetId, 1_000e18);
        deadline = uint64(block.timestamp + 1 days);
        _deposit(consumer, 100e18);
    }

    function test_constructor_revertsOnZeroAddress() public {
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        new UsagePayments(IERC20(address(0)), registry, staking, treasury, admin);
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        new UsagePayments(token, IModelRegistry(address(0)), staking, treasury, admin);
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        new UsagePayments(token, registry, IStakingPool(address(0)), treasury, admin);
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        new UsagePayments(token, registry, staking, address(0), admin);
    }

    // ---------------------------------------------------------------- escrow

    function test_deposit_reverts() public {
        vm.startPrank(consumer);
        vm.expectRevert(IUsagePayments.ZeroAmount.selector);
        payments.deposit(0);
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        payments.depositFor(address(0), 1);
        vm.stopPrank();
    }

    function test_depositFor_creditsConsumer() public {
        vm.prank(stranger);
        payments.depositFor(consumer, 5e18);
        assertEq(payments.escrowOf(consumer).balance, 105e18);
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
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.FeeOnTransferUnsupported.selector, 100e18, 99e18));
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
        assertEq(payments.escrowOf(holder).balance, 3e18);
        // a used permit is ignored; the (now zero) allowance decides
        vm.prank(holder);
        vm.expectRevert();
        payments.depositWithPermit(3e18, deadline, v, r, s);
    }

    function test_withdrawFlow_requestCancelWithdraw() public {
        vm.startPrank(consumer);
        vm.expectRevert(IUsagePayments.ZeroAmount.selector);
        payments.requestWithdraw(0);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InsufficientEscrow.selector, consumer, 100e18, 101e18));
        payments.requestWithdraw(101e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.NoWithdrawRequest.selector, consumer));
        payments.cancelWithdraw();
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.NoWithdrawRequest.selector, consumer));
        payments.withdraw();
        payments.requestWithdraw(40e18);
        payments.cancelWithdraw();
        assertEq(payments.escrowOf(consumer).withdrawAmount, 0);
        payments.requestWithdraw(40e18);
        uint64 readyAt = uint64(block.timestamp + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.WithdrawNotReady.selector, consumer, readyAt, block.timestamp)
        );
        payments.withdraw();
        vm.warp(readyAt);
        uint256 before = token.balanceOf(consumer);
        assertEq(payments.withdraw(), 40e18);
        assertEq(token.balanceOf(consumer) - before, 40e18);
        assertEq(payments.escrowOf(consumer).balance, 60e18);
        vm.stopPrank();
    }

    function test_withdraw_voucherDuringDelayReducesAmount() public {
        vm.prank(consumer);
        payments.requestWithdraw(100e18);
        IUsagePayments.Voucher memory v = _voucher(assetId, 100e18, deadline);
        payments.redeem(v, _sign(consumerKey, v));
        vm.warp(block.timestamp + 1 days);
        uint256 before = token.balanceOf(consumer);
        vm.prank(consumer);
        assertEq(payments.withdraw(), 0);
        assertEq(token.balanceOf(consumer), before);
    }

    // ---------------------------------------------------------------- session keys

    function test_authorizeSessionKey_reverts() public {
        vm.startPrank(consumer);
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        payments.authorizeSessionKey(address(0), 1, deadline);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.SessionKeyIsConsumer.selector, consumer));
        payments.authorizeSessionKey(consumer, 1, deadline);
        vm.expectRevert(IUsagePayments.ZeroAmount.selector);
        payments.authorizeSessionKey(sessionKey, 0, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.AmountTooLarge.selector, uint256(type(uint104).max) + 1, type(uint104).max)
        );
        payments.authorizeSessionKey(sessionKey, uint256(type(uint104).max) + 1, deadline);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidExpiry.selector, block.timestamp, block.timestamp));
        payments.authorizeSessionKey(sessionKey, 1, uint64(block.timestamp));
        uint64 tooFar = uint64(type(uint48).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidExpiry.selector, tooFar, block.timestamp));
        payments.authorizeSessionKey(sessionKey, 1, tooFar);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.UnknownSessionKey.selector, consumer, sessionKey));
        payments.revokeSessionKey(sessionKey);
        vm.stopPrank();
    }

    function test_authorizeSessionKey_acceptsTheLargestCapAndExpiry() public {
        uint64 farthest = uint64(type(uint48).max);
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, type(uint104).max, farthest);
        IUsagePayments.SessionKey memory key = payments.sessionKeyOf(consumer, sessionKey);
        assertEq(key.spendCap, type(uint104).max);
        assertEq(key.expiry, farthest);
        assertTrue(payments.isSessionKeyActive(consumer, sessionKey));
    }

    function test_redeem_rejectsEveryBadVoucher() public {
        IUsagePayments.Voucher memory v = _voucher(assetId, 10e18, deadline);
        bytes memory sig = _sign(consumerKey, v);
        // invalid signature bytes
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidSignature.selector, consumer, assetId));
        payments.redeem(v, hex"1234");
        // signed by a stranger key
        bytes memory strangerSig = _sign(0xBAD, v);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InvalidSigner.selector, consumer, vm.addr(0xBAD)));
        payments.redeem(v, strangerSig);
        // session key: active, then over cap, revoked, expired
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 5e18, uint64(block.timestamp + 1 hours));
        assertTrue(payments.isSessionKeyActive(consumer, sessionKey));
        bytes memory keySig = _sign(sessionPk, v);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyCapExceeded.selector, consumer, sessionKey, 5e18, 0, 10e18)
        );
        payments.redeem(v, keySig);
        IUsagePayments.Voucher memory small = _voucher(assetId, 5e18, deadline);
        assertEq(payments.redeem(small, _sign(sessionPk, small)), 5e18);
        assertEq(payments.sessionKeyOf(consumer, sessionKey).spent, 5e18);
        // cap fully used
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.SessionKeyCapExceeded.selector, consumer, sessionKey, 5e18, 5e18, 5e18)
        );
        payments.redeem(v, keySig);
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert(
            abi.encodeWithSelector(
                IUsagePayments.ExpiredSessionKey.selector, consumer, sessionKey, uint48(block.timestamp - 1 hours)
            )
        );
        payments.redeem(v, keySig);
        vm.prank(consumer);
        payments.revokeSessionKey(sessionKey);
        assertFalse(payments.isSessionKeyActive(consumer, sessionKey));
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.RevokedSessionKey.selector, consumer, sessionKey));
        payments.redeem(v, keySig);
        // consumer's own signature still works; then stale; then expired
        assertEq(payments.redeem(v, sig), 5e18);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.VoucherStale.selector, consumer, assetId, 10e18, 10e18));
        payments.redeem(v, sig);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.VoucherExpired.selector, consumer, assetId, deadline));
        payments.redeem(v, sig);
    }

    /// A session key is valid up to and including its expiry second, and not one second later.
    function test_sessionKey_validThroughItsExpirySecond() public {
        uint64 expiry = uint64(block.timestamp + 1 hours);
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 5e18, expiry);
        vm.warp(expiry);
        assertTrue(payments.isSessionKeyActive(consumer, sessionKey));
        IUsagePayments.Voucher memory v = _voucher(assetId, 1e18, uint64(expiry + 1 days));
        assertEq(payments.redeem(v, _sign(sessionPk, v)), 1e18);
        vm.warp(expiry + 1);
        assertFalse(payments.isSessionKeyActive(consumer, sessionKey));
        IUsagePayments.Voucher memory late = _voucher(assetId, 2e18, uint64(expiry + 1 days));
        bytes memory lateSig = _sign(sessionPk, late);
        vm.expectRevert(
            abi.encodeWithSelector(IUsagePayments.ExpiredSessionKey.selector, consumer, sessionKey, expiry)
        );
        payments.redeem(late, lateSig);
    }

    /// A voucher the escrow covers in full emits no EscrowShortfall.
    function test_redeem_fullPaymentEmitsNoShortfall() public {
        IUsagePayments.Voucher memory v = _voucher(assetId, 100e18, deadline);
        vm.recordLogs();
        assertEq(payments.redeem(v, _sign(consumerKey, v)), 100e18);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IUsagePayments.EscrowShortfall.selector, "no shortfall expected");
        }
    }

    function test_redeem_emptyEscrowPaysNothing() public {
        vm.prank(consumer);
        payments.requestWithdraw(100e18);
        vm.warp(block.timestamp + 1 days);
        vm.prank(consumer);
        payments.withdraw();
        IUsagePayments.Voucher memory v = _voucher(assetId, 1e18, deadline);
        assertEq(payments.redeem(v, _sign(consumerKey, v)), 0);
        assertEq(payments.redeemed(consumer, assetId), 0);
    }

    function test_redeem_tinyPaymentAllFee() public {
        vm.prank(admin);
        payments.setProtocolFeeBps(1_000);
        IUsagePayments.Voucher memory v = _voucher(assetId, 1, deadline);
        assertEq(payments.redeem(v, _sign(consumerKey, v)), 1);
        assertEq(payments.protocolFeesAccrued(), 1);
        assertEq(staking.getPool(assetId).ownerRewards, 0);
    }

    function test_redeemBatch_runsRejectsAndEmpty() public {
        uint256 second = _list(otherOwner, 1e18);
        IUsagePayments.Voucher[] memory vs = new IUsagePayments.Voucher[](5);
        bytes[] memory sigs = new bytes[](4);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.LengthMismatch.selector, 5, 4));
        payments.redeemBatch(vs, sigs);
        sigs = new bytes[](5);
        vs[0] = _voucher(assetId, 1e18, deadline);
        vs[1] = _voucher(assetId, 3e18, deadline); // same asset, same run
        vs[2] = _voucher(second, 2e18, deadline); // new run
        vs[3] = _voucher(second, 2e18, deadline); // stale after vs[2]: rejected
        vs[4] = _voucher(assetId, 4e18, uint64(block.timestamp - 1)); // expired: rejected
        for (uint256 i; i < 5; ++i) {
            sigs[i] = _sign(consumerKey, vs[i]);
        }
        vm.expectEmit(true, true, true, true, address(payments));
        emit IUsagePayments.VoucherRejected(3, consumer, second, IUsagePayments.VoucherStale.selector);
        assertEq(payments.redeemBatch(vs, sigs), 5e18);
        assertEq(payments.redeemed(consumer, assetId), 3e18);
        assertEq(payments.redeemed(consumer, second), 2e18);
        // all rejected or zero-paid: nothing happens
        assertEq(payments.redeemBatch(vs, sigs), 0);
        IUsagePayments.Voucher[] memory none = new IUsagePayments.Voucher[](0);
        assertEq(payments.redeemBatch(none, new bytes[](0)), 0);
    }

    /// The split (protocol fee rounded up, the rest to the pool) is done once per run of consecutive
    /// same-asset payments, and each run is credited to its own asset: wei amounts make the rounding visible.
    function test_redeemBatch_splitsOncePerRunAndCreditsEachAsset() public {
        uint256 second = _list(otherOwner, 1e18);
        _stake(otherOwner, second, 1_000e18);
        IUsagePayments.Voucher[] memory vs = new IUsagePayments.Voucher[](3);
        bytes[] memory sigs = new bytes[](3);
        vs[0] = _voucher(assetId, 1, deadline); // pays 1 wei
        vs[1] = _voucher(assetId, 3, deadline); // pays 2 wei, same run: the run pays 3
        vs[2] = _voucher(second, 5, deadline); // new run of the other asset: pays 5
        for (uint256 i; i < 3; ++i) {
            sigs[i] = _sign(consumerKey, vs[i]);
        }
        uint256 feesBefore = payments.protocolFeesAccrued();
        assertEq(payments.redeemBatch(vs, sigs), 8);
        // one fee per run: ceil(3 * 1 %) + ceil(5 * 1 %) = 2 (per voucher it would be 3)
        assertEq(payments.protocolFeesAccrued() - feesBefore, 2);
        assertEq(staking.getPool(assetId).ownerRewards, 2);
        assertEq(staking.getPool(second).ownerRewards, 4);
        assertEq(payments.stakingFeesOwed(), 6);
    }

    function test_redeemBatch_emptyEscrowSkips() public {
        address poor = vm.addr(0xF00D);
        IUsagePayments.Voucher[] memory vs = new IUsagePayments.Voucher[](1);
        bytes[] memory sigs = new bytes[](1);
        vs[0] = IUsagePayments.Voucher({consumer: poor, assetId: assetId, cumulativeAmount: 1e18, deadline: deadline});
        sigs[0] = _sign(0xF00D, vs[0]);
        assertEq(payments.redeemBatch(vs, sigs), 0);
    }

    // ---------------------------------------------------------------- pay per call

    function test_payPerCall_reverts() public {
        vm.startPrank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ZeroAmount.selector));
        payments.payPerCall(assetId, 0, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.InsufficientEscrow.selector, consumer, 100e18, 101e18));
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
        assertEq(payments.escrowOf(consumer).balance, 94e18);
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

    // ---------------------------------------------------------------- claims and admin

    function test_claimRoyaltiesAndProtocolFees() public {
        uint256 child = _listWithParent(otherOwner, assetId, 1_000);
        _stake(otherOwner, child, 1_000e18);
        vm.expectRevert(IUsagePayments.NothingToClaim.selector);
        payments.claimProtocolFees();
        vm.expectRevert(IUsagePayments.NothingToClaim.selector);
        vm.prank(owner);
        payments.claimRoyalties(assetId);
        vm.prank(consumer);
        payments.payPerCall(child, 10_000, type(uint256).max); // 10e18 at 1e15 per call
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.NotAssetOwner.selector, assetId, stranger, owner));
        vm.prank(stranger);
        payments.claimRoyalties(assetId);
        uint256 before = token.balanceOf(owner);
        vm.prank(owner);
        assertEq(payments.claimRoyalties(assetId), 1e18);
        assertEq(token.balanceOf(owner) - before, 1e18);
        assertEq(payments.claimProtocolFees(), 1e17);
        assertEq(token.balanceOf(treasury), 1e17);
    }

    function test_adminSetters() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        payments.setProtocolFeeBps(1);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParameterOutOfBounds.selector, 1_001, 0, 1_000));
        payments.setProtocolFeeBps(1_001);
        payments.setProtocolFeeBps(250);
        assertEq(payments.protocolFeeBps(), 250);
        vm.expectRevert(IUsagePayments.ZeroAddress.selector);
        payments.setTreasury(address(0));
        payments.setTreasury(stranger);
        assertEq(payments.treasury(), stranger);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParameterOutOfBounds.selector, 1 hours - 1, 1 hours, 30 days));
        payments.setWithdrawDelay(1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IUsagePayments.ParameterOutOfBounds.selector, 30 days + 1, 1 hours, 30 days));
        payments.setWithdrawDelay(30 days + 1);
        payments.setWithdrawDelay(2 hours);
        assertEq(payments.withdrawDelay(), 2 hours);
        vm.stopPrank();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        payments.setTreasury(stranger);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        payments.setWithdrawDelay(2 hours);
    }

    function test_setWithdrawDelay_acceptsBothBounds() public {
        vm.startPrank(admin);
        payments.setWithdrawDelay(1 hours);
        assertEq(payments.withdrawDelay(), 1 hours);
        payments.setWithdrawDelay(30 days);
        assertEq(payments.withdrawDelay(), 30 days);
        vm.stopPrank();
    }

    function test_views() public view {
        assertEq(address(payments.registry()), address(registry));
        assertEq(address(payments.REGISTRY()), address(registry));
        assertEq(address(payments.STAKING()), address(staking));
        assertEq(address(payments.TOKEN()), address(token));
        assertEq(payments.BPS(), 10_000);
        assertEq(payments.MAX_PROTOCOL_FEE_BPS(), 1_000);
        assertEq(payments.MIN_WITHDRAW_DELAY(), 1 hours);
        assertEq(payments.MAX_WITHDRAW_DELAY(), 30 days);
        assertEq(
            payments.VOUCHER_TYPEHASH(),
            keccak256("Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)")
        );
        assertFalse(payments.isSessionKeyActive(consumer, sessionKey));
    }
}
