// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IDelayedChanges} from "../../interfaces/IDelayedChanges.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {Base} from "./Base.t.sol";

/// @notice Disputes' edges not in DisputesUnit: the commit-before-prove rule, the receipt's time
/// checks, the finder's reward cap at the owner's loss, refunds capped at what the consumer paid,
/// `claimFor`, the treasury change, and the delayed-change queue's views and guards.
contract DisputesEdgesTest is Base {
    uint256 internal constant BOND = 100e18;
    uint256 internal operatorPk = 0x0BE1;
    address internal operator;
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        vm.warp(30 days);
        operator = vm.addr(operatorPk);
        IModelRegistry.ListingParams memory params = _listing(1e15);
        params.operator = operator;
        vm.prank(owner);
        assetId = registry.list(params);
        _stake(owner, assetId, 1_000e18);
        _delegate(delegator, assetId, 1_000e18);
    }

    function _open(address reporter, uint256 refundClaim) internal returns (uint256 id) {
        vm.prank(reporter);
        id = disputes.openDispute(assetId, BOND, keccak256("evidence"), "ipfs://e", consumer, refundClaim);
    }

    function _receipt(bytes32 response, uint64 issuedAt) internal view returns (IDisputes.Receipt memory r) {
        r = IDisputes.Receipt({
            requestHash: keccak256("req"), responseHash: response, assetId: assetId, version: 1, issuedAt: issuedAt
        });
    }

    function _signReceipt(uint256 pk, IDisputes.Receipt memory r) internal view returns (bytes memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(pk, disputes.receiptDigest(r));
        return abi.encodePacked(rr, s, v);
    }

    /// @dev Two conflicting receipts issued at `issuedAt`, signed by `pk`, committed by `stranger` one block ago.
    function _committedPair(uint256 pk, uint64 issuedAt)
        internal
        returns (IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb)
    {
        a = _receipt(keccak256("A"), issuedAt);
        b = _receipt(keccak256("B"), issuedAt);
        sa = _signReceipt(pk, a);
        sb = _signReceipt(pk, b);
        disputes.commitEquivocation(disputes.equivocationCommitment(stranger, a, b));
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- equivocation

    function test_proveEquivocation_revertsWithoutACommitment() public {
        IDisputes.Receipt memory a = _receipt(keccak256("A"), 1);
        IDisputes.Receipt memory b = _receipt(keccak256("B"), 1);
        bytes memory sa = _signReceipt(operatorPk, a);
        bytes memory sb = _signReceipt(operatorPk, b);
        bytes32 commitment = disputes.equivocationCommitment(stranger, a, b);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.EquivocationNotCommitted.selector, stranger, commitment));
        disputes.proveEquivocation(a, sa, b, sb, stranger);
    }

    function test_proveEquivocation_revertsInTheCommitmentsBlock() public {
        IDisputes.Receipt memory a = _receipt(keccak256("A"), 1);
        IDisputes.Receipt memory b = _receipt(keccak256("B"), 1);
        bytes memory sa = _signReceipt(operatorPk, a);
        bytes memory sb = _signReceipt(operatorPk, b);
        bytes32 commitment = disputes.equivocationCommitment(stranger, a, b);
        disputes.commitEquivocation(commitment);
        assertEq(disputes.equivocationCommitments(commitment), block.number);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.EquivocationNotCommitted.selector, stranger, commitment));
        disputes.proveEquivocation(a, sa, b, sb, stranger);
        // A commitment for another finder does not count for this one.
        vm.roll(block.number + 1);
        bytes32 forDelegator = disputes.equivocationCommitment(delegator, a, b);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.EquivocationNotCommitted.selector, delegator, forDelegator));
        disputes.proveEquivocation(a, sa, b, sb, delegator);
        assertGt(disputes.proveEquivocation(a, sa, b, sb, stranger), 0);
    }

    function test_proveEquivocation_revertsOnAReceiptFromTheFuture() public {
        uint64 future = uint64(block.timestamp + 1);
        (IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb) =
            _committedPair(operatorPk, future);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.ReceiptFromFuture.selector, assetId, future, block.timestamp)
        );
        disputes.proveEquivocation(a, sa, b, sb, stranger);
    }

    function test_proveEquivocation_revertsOnReceiptsIssuedBeforeTheLastTransfer() public {
        uint64 issuedAt = uint64(block.timestamp - 1);
        (IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb) =
            _committedPair(operatorPk, issuedAt);
        vm.prank(owner);
        registry.transferFrom(owner, otherOwner, assetId);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.ReceiptOutsideSignerTerm.selector, assetId, operator, issuedAt)
        );
        disputes.proveEquivocation(a, sa, b, sb, stranger);
    }

    function test_proveEquivocation_retiredKeyCountsOnlyForReceiptsBeforeItsRetirement() public {
        vm.prank(owner);
        registry.setOperator(assetId, vm.addr(0x0BE2));
        uint64 retiredAt = uint64(block.timestamp);
        (IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb) =
            _committedPair(operatorPk, retiredAt);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.ReceiptOutsideSignerTerm.selector, assetId, operator, retiredAt)
        );
        disputes.proveEquivocation(a, sa, b, sb, stranger);
        (a, sa, b, sb) = _committedPair(operatorPk, retiredAt - 1);
        assertGt(disputes.proveEquivocation(a, sa, b, sb, stranger), 0);
    }

    function test_proveEquivocation_rewardCappedAtTheOwnersLoss() public {
        // Self-stake 1,000 of 202,000: the 5 % slash (10,100) takes all 1,000 of it; 20 % would be 2,020.
        _delegate(delegator2, assetId, 200_000e18);
        uint256 selfBefore = staking.selfStakeOf(assetId, owner);
        uint256 expectedSlash = staking.totalStake(assetId) * 500 / 10_000;
        assertGt(expectedSlash * disputes.reporterRewardBps() / 10_000, selfBefore);
        (IDisputes.Receipt memory a, bytes memory sa, IDisputes.Receipt memory b, bytes memory sb) =
            _committedPair(operatorPk, 1);
        vm.expectEmit(true, true, true, true, address(disputes));
        emit IDisputes.EquivocationProven(
            assetId, 1, keccak256("req"), stranger, expectedSlash, selfBefore, expectedSlash - selfBefore
        );
        uint256 slashed = disputes.proveEquivocation(a, sa, b, sb, stranger);
        assertEq(slashed, expectedSlash);
        assertEq(staking.selfStakeOf(assetId, owner), 0);
        assertEq(disputes.claimable(stranger), selfBefore);
        assertEq(disputes.claimable(treasury), expectedSlash - selfBefore);
    }

    // ---------------------------------------------------------------- refunds

    function test_upholdDispute_refundCappedAtWhatTheConsumerPaid() public {
        _payCalls(consumer, assetId, 10_000); // 10 tokens at 1e15 a call
        uint256 id = _open(stranger, 50e18);
        vm.prank(arbiter);
        uint256 slashed = disputes.upholdDispute(id, 200e18, 50e18);
        // slash 200 (the cap: 10 % of 2,000); reward 40; payout room 100 − 40 = 60 ≥ 50; paid 10 → refund 10.
        assertEq(slashed, 200e18);
        assertEq(disputes.claimable(consumer), 10e18);
        assertEq(disputes.refunded(consumer, assetId), 10e18);
        assertEq(disputes.claimable(stranger), BOND + 40e18);
        assertEq(disputes.claimable(treasury), 150e18);
    }

    function test_upholdDispute_spendAboveUint128CountsAsUint128Max() public {
        vm.mockCall(
            address(payments), abi.encodeCall(payments.spentBy, (consumer, assetId)), abi.encode(type(uint256).max)
        );
        uint256 id = _open(stranger, 50e18);
        vm.clearMockedCalls();
        vm.prank(arbiter);
        disputes.upholdDispute(id, 200e18, 50e18);
        // Nothing refunded yet out of a huge spend: the whole claim (≤ the payout room 60) is refunded.
        assertEq(disputes.claimable(consumer), 50e18);
        assertEq(disputes.refunded(consumer, assetId), 50e18);
    }

    // ---------------------------------------------------------------- claimFor

    function test_claimFor_revertsWithNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, delegator2));
        disputes.claimFor(delegator2);
    }

    function test_claimFor_paysTheAccountWhoeverCalls() public {
        uint256 id = _open(stranger, 0);
        vm.prank(arbiter);
        disputes.rejectDispute(id);
        uint256 before = token.balanceOf(treasury);
        uint256 callerBefore = token.balanceOf(delegator2);
        vm.expectEmit(true, true, true, true, address(disputes));
        emit IDisputes.Claimed(treasury, BOND);
        vm.prank(delegator2);
        assertEq(disputes.claimFor(treasury), BOND);
        assertEq(token.balanceOf(treasury), before + BOND);
        assertEq(token.balanceOf(delegator2), callerBefore);
        assertEq(disputes.claimable(treasury), 0);
    }

    // ---------------------------------------------------------------- treasury change and the queue

    function test_setTreasury_appliesAfterTheDelayAndReceivesLaterCredits() public {
        address newTreasury = makeAddr("newTreasury");
        uint256 delay = disputes.changeDelay();
        vm.expectEmit(true, true, true, true, address(disputes));
        emit IDelayedChanges.ChangeQueued("treasury", uint160(newTreasury), block.timestamp + delay);
        vm.prank(admin);
        disputes.setTreasury(newTreasury);
        IDelayedChanges.PendingChange memory pending = disputes.pendingChange("treasury");
        assertEq(pending.value, uint160(newTreasury));
        assertEq(pending.queuedAt, block.timestamp);
        vm.warp(block.timestamp + delay);
        vm.expectEmit(true, true, true, true, address(disputes));
        emit IDelayedChanges.ChangeExecuted("treasury", uint160(newTreasury));
        vm.expectEmit(true, true, true, true, address(disputes));
        emit IDisputes.TreasuryUpdated(treasury, newTreasury);
        disputes.executeChange("treasury");
        assertEq(disputes.treasury(), newTreasury);
        assertEq(disputes.claimable(newTreasury), 0);
        assertEq(disputes.pendingChange("treasury").queuedAt, 0);
        uint256 id = _open(stranger, 0);
        vm.prank(arbiter);
        disputes.rejectDispute(id);
        assertEq(disputes.claimable(newTreasury), BOND);
        assertEq(disputes.claimable(treasury), 0);
    }

    function test_cancelChange_revertsWithNothingPendingAndForOthers() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IDelayedChanges.NoPendingChange.selector, bytes32("minBond")));
        disputes.cancelChange("minBond");
        vm.prank(admin);
        disputes.setMinBond(1e18);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        disputes.cancelChange("minBond");
        vm.expectEmit(true, true, true, true, address(disputes));
        emit IDelayedChanges.ChangeCancelled("minBond", 1e18);
        vm.prank(admin);
        disputes.cancelChange("minBond");
        assertEq(disputes.pendingChange("minBond").queuedAt, 0);
    }

    /// A queued parameter the contract does not know reverts at execution (unreachable through the
    /// setters, so the queue entry is written with vm.store: slot 2 is `_pendingChanges`).
    function test_executeChange_revertsOnAnUnknownParameter() public {
        bytes32 slot = keccak256(abi.encode(bytes32("bogus"), uint256(2)));
        vm.store(address(disputes), slot, bytes32((block.timestamp << 192) | 7));
        IDelayedChanges.PendingChange memory pending = disputes.pendingChange("bogus");
        assertEq(pending.value, 7, "storage layout");
        assertEq(pending.queuedAt, block.timestamp, "storage layout");
        vm.warp(block.timestamp + disputes.changeDelay());
        vm.expectRevert(abi.encodeWithSelector(IDelayedChanges.UnknownParameter.selector, bytes32("bogus")));
        disputes.executeChange("bogus");
    }
}
