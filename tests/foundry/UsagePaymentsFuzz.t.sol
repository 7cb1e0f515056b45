// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";

/// @notice Fuzz properties of the payment split and of voucher settlement through the deployed contracts.
contract UsagePaymentsFuzzTest is Base {
    uint256 internal parentId;
    uint256 internal parent2Id;
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        parentId = _list(otherOwner, 1e15);
        parent2Id = _list(stranger, 1e15);
    }

    function _childWithTwoParents(uint16 r1, uint16 r2, uint128 price) internal returns (uint256 id) {
        id = _listWithParents(r1, r2, price);
        _stake(owner, id, staking.minSelfStake());
    }

    /// fee (rounded up) + royalties (each rounded down) + what StakingPool receives == amount, exactly.
    function testFuzz_payPerCall_splitSumsToAmount(uint16 feeBps, uint16 r1, uint16 r2, uint128 price, uint256 calls)
        public
    {
        feeBps = uint16(bound(feeBps, 0, 1_000));
        r1 = uint16(bound(r1, 0, 1_500));
        r2 = uint16(bound(r2, 0, 1_500));
        price = uint128(bound(price, 1, 1e21));
        calls = bound(calls, 1, 1_000);
        _applyChange(address(payments), abi.encodeCall(payments.setProtocolFeeBps, (feeBps)), "protocolFeeBps");
        assetId = _childWithTwoParents(r1, r2, price);
        uint256 amount = calls * price;
        _fund(consumer, amount);
        _depositTo(consumer, assetId, amount);

        uint256 stakingBefore = token.balanceOf(address(staking));
        vm.prank(consumer);
        uint256 paid = payments.payPerCall(assetId, calls, type(uint256).max);
        assertEq(paid, amount);
        assertEq(payments.settle(assetId), amount);

        uint256 fee = payments.protocolFeesAccrued();
        uint256 royalty1 = payments.royaltiesOf(parentId);
        uint256 royalty2 = payments.royaltiesOf(parent2Id);
        uint256 toStaking = token.balanceOf(address(staking)) - stakingBefore;
        assertEq(fee, Math.mulDiv(amount, feeBps, 10_000, Math.Rounding.Ceil), "fee rounds up");
        assertEq(royalty1, amount * r1 / 10_000, "royalty rounds down");
        assertEq(royalty2, amount * r2 / 10_000, "royalty rounds down");
        assertEq(fee + royalty1 + royalty2 + toStaking, amount, "split does not add up");
        assertEq(staking.getPool(assetId).ownerRewards, toStaking, "owner part");
        assertEq(payments.paidPerCall(consumer, assetId), amount);
        assertEq(payments.redeemed(consumer, assetId), 0, "payPerCall advanced redeemed");
        _assertPaymentsSolvent();
    }

    /// A sequence of cumulative vouchers pays exactly the highest amount signed, never more, even with
    /// a short lane topped up later, and the same voucher never pays twice; settling splits it all.
    function testFuzz_redeem_paysAtMostSigned(uint256[4] memory steps, uint256 escrow, uint16 feeBps) public {
        feeBps = uint16(bound(feeBps, 0, 1_000));
        _applyChange(address(payments), abi.encodeCall(payments.setProtocolFeeBps, (feeBps)), "protocolFeeBps");
        assetId = _childWithTwoParents(700, 300, 1e15);
        escrow = bound(escrow, 1, 1e24);
        _depositTo(consumer, assetId, escrow);
        uint256 cumulative;
        uint256 totalPaid;
        for (uint256 i; i < steps.length; ++i) {
            cumulative += bound(steps[i], 1, 1e23);
            IUsagePayments.Voucher memory v = _voucher(assetId, cumulative, uint64(block.timestamp + 1 days));
            bytes memory sig = _sign(consumerKey, v);
            (uint256 balance,,,) = payments.laneOf(consumer, assetId);
            uint256 owed = cumulative - payments.redeemed(consumer, assetId);
            if (balance == 0) {
                _depositTo(consumer, assetId, owed); // top up, then the same voucher pays the rest
                balance = owed;
            }
            uint256 paid = payments.redeem(v, sig);
            assertEq(paid, owed < balance ? owed : balance);
            totalPaid += paid;
            assertEq(payments.redeemed(consumer, assetId), totalPaid);
            assertLe(totalPaid, cumulative, "paid more than signed");
            if (paid == owed) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IUsagePayments.VoucherStale.selector, consumer, assetId, cumulative, totalPaid
                    )
                );
                payments.redeem(v, sig);
            }
        }
        assertEq(payments.pendingRevenueOf(assetId), totalPaid);
        payments.settle(assetId);
        assertEq(
            payments.protocolFeesAccrued() + payments.royaltiesOf(parentId) + payments.royaltiesOf(parent2Id)
                + staking.getPool(assetId).ownerRewards,
            totalPaid
        );
        _assertPaymentsSolvent();
    }

    /// A session key never makes the consumer pay beyond its cap.
    function testFuzz_sessionKey_neverExceedsCap(uint256 cap, uint256[3] memory steps) public {
        assetId = _childWithTwoParents(0, 0, 1e15);
        cap = bound(cap, 1, 1e24);
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, cap, uint64(block.timestamp + 1 days), new uint256[](0));
        _depositTo(consumer, assetId, 1e25);
        uint256 cumulative;
        for (uint256 i; i < steps.length; ++i) {
            cumulative += bound(steps[i], 1, 1e24);
            IUsagePayments.Voucher memory v = _voucher(assetId, cumulative, uint64(block.timestamp + 1 days));
            bytes memory sig = _sign(sessionPk, v);
            IUsagePayments.Voucher[] memory vs = new IUsagePayments.Voucher[](1);
            bytes[] memory sigs = new bytes[](1);
            vs[0] = v;
            sigs[0] = sig;
            payments.redeemBatch(vs, sigs);
            assertLe(payments.sessionKeyOf(consumer, sessionKey).spent, cap);
            assertEq(payments.sessionKeyOf(consumer, sessionKey).spent, payments.redeemed(consumer, assetId));
            assertEq(payments.keySpentOn(consumer, sessionKey, assetId), payments.redeemed(consumer, assetId));
        }
    }

    function _assertPaymentsSolvent() internal view {
        (uint256 lane,,,) = payments.laneOf(consumer, assetId);
        uint256 owed = lane + payments.freeBalanceOf(consumer) + payments.pendingRevenueOf(assetId)
            + payments.protocolFeesAccrued() + payments.royaltiesOf(parentId) + payments.royaltiesOf(parent2Id);
        assertGe(token.balanceOf(address(payments)), owed, "payments insolvent");
    }

    function _listWithParents(uint16 r1, uint16 r2, uint128 price) internal returns (uint256 id) {
        return _listTwoParents(owner, parentId, r1, parent2Id, r2, price);
    }
}
