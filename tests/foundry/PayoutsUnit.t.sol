// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Payouts} from "../../contracts/Payouts.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IPayouts} from "../../interfaces/IPayouts.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";

/// @notice Payouts: `claimAll` settles the listed assets, then pays every source an account is owed
/// (royalties as a parent's owner, owner and delegator rewards, dispute credits, protocol fees for the
/// treasury) to the account whoever calls, and skips empty sources; `owedTo` agrees with it.
/// The expected totals are read from each source's own view, on a state snapshot settled separately.
contract PayoutsUnitTest is Base {
    Payouts internal payouts;
    uint256 internal parent;
    uint256 internal child;

    function setUp() public override {
        super.setUp();
        payouts = new Payouts(payments, staking, disputes);
        parent = _list(otherOwner, 1e15);
        child = _listWithParent(owner, parent, 1_000);
        _stake(owner, child, 1_000e18);
        _delegate(delegator, child, 1_000e18);
        vm.prank(owner);
        staking.setDelegatorCut(child, 5_000); // half of the staking part to delegators, after the delay
        vm.warp(block.timestamp + staking.cutChangeDelay());
        // 100 tokens settled and their delegator stream run out, then 100 more recorded, not yet settled.
        _payCalls(consumer, child, 100_000);
        payments.settle(child);
        vm.warp(block.timestamp + 30 days);
        _payCalls(consumer, child, 100_000);
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
    }

    /// @dev What `account` is owed on `assetIds` once they are settled, read source by source on a
    /// snapshot that is then rolled back (so `claimAll` must settle by itself).
    function _owedAfterSettling(address account, uint256[] memory assetIds) internal returns (uint256 owed) {
        uint256 snapshot = vm.snapshotState();
        payments.settleMany(assetIds);
        for (uint256 i; i < assetIds.length; ++i) {
            owed += staking.pendingRewards(assetIds[i], account);
            if (registry.ownerOf(assetIds[i]) == account) {
                owed += payments.royaltiesOf(assetIds[i]) + staking.getPool(assetIds[i]).ownerRewards;
            }
        }
        owed += disputes.claimable(account);
        if (account == payments.treasury()) owed += payments.protocolFeesAccrued();
        vm.revertToState(snapshot);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_revertsOnAnyZeroAddress() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Payouts(IUsagePayments(address(0)), staking, disputes);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Payouts(payments, IStakingPool(address(0)), disputes);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Payouts(payments, staking, IDisputes(address(0)));
    }

    function test_constructor_storesAndEmitsTheLimit() public {
        vm.expectEmit(true, true, true, true);
        emit IPayouts.PayoutLimitsSet(64);
        Payouts p = new Payouts(payments, staking, disputes);
        assertEq(address(p.PAYMENTS()), address(payments));
        assertEq(address(p.STAKING()), address(staking));
        assertEq(address(p.DISPUTES()), address(disputes));
        assertEq(p.MAX_ASSETS(), 64);
    }

    // ---------------------------------------------------------------- guards

    function test_claimAll_revertsOnTheZeroAccount() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        payouts.claimAll(address(0), _ids(child));
    }

    function test_claimAllAndOwedTo_revertAbove64Assets() public {
        uint256[] memory many = new uint256[](65);
        for (uint256 i; i < 65; ++i) {
            many[i] = child;
        }
        vm.expectRevert(abi.encodeWithSelector(IPayouts.TooManyAssets.selector, 65, 64));
        payouts.claimAll(owner, many);
        vm.expectRevert(abi.encodeWithSelector(IPayouts.TooManyAssets.selector, 65, 64));
        payouts.owedTo(owner, many);
    }

    function test_claimAll_accepts64Assets() public {
        uint256[] memory many = new uint256[](64);
        for (uint256 i; i < 64; ++i) {
            many[i] = child;
        }
        uint256 expected = _owedAfterSettling(delegator, _ids(child));
        assertGt(expected, 0);
        vm.prank(stranger);
        assertEq(payouts.claimAll(delegator, many), expected);
    }

    // ---------------------------------------------------------------- claimAll

    function test_claimAll_paysTheParentsOwnerItsRoyalties() public {
        uint256[] memory ids = _ids(parent, child);
        uint256 expected = _owedAfterSettling(otherOwner, ids);
        assertGt(expected, 0);
        uint256 before = token.balanceOf(otherOwner);
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IPayouts.PayoutsClaimed(otherOwner, stranger, expected);
        vm.prank(stranger);
        assertEq(payouts.claimAll(otherOwner, ids), expected);
        assertEq(token.balanceOf(otherOwner), before + expected);
        assertEq(payments.royaltiesOf(parent), 0);
        assertEq(payments.pendingRevenueOf(child), 0);
    }

    function test_claimAll_paysTheOwnerItsRewardsAndTheDelegatorItsShare() public {
        uint256 ownerExpected = _owedAfterSettling(owner, _ids(child));
        uint256 delegatorExpected = _owedAfterSettling(delegator, _ids(child));
        assertGt(ownerExpected, 0);
        assertGt(delegatorExpected, 0);
        uint256 ownerBefore = token.balanceOf(owner);
        vm.prank(stranger);
        assertEq(payouts.claimAll(owner, _ids(child)), ownerExpected);
        assertEq(token.balanceOf(owner), ownerBefore + ownerExpected);
        assertEq(staking.getPool(child).ownerRewards, 0);
        assertEq(staking.pendingRewards(child, owner), 0);
        // The delegator is no owner: its royalties branch is skipped, its rewards paid.
        uint256 delegatorBefore = token.balanceOf(delegator);
        vm.prank(stranger);
        assertEq(payouts.claimAll(delegator, _ids(child)), delegatorExpected);
        assertEq(token.balanceOf(delegator), delegatorBefore + delegatorExpected);
        assertEq(staking.pendingRewards(child, delegator), 0);
    }

    function test_claimAll_paysTheTreasuryDisputeCreditsAndProtocolFees() public {
        vm.prank(stranger);
        uint256 id = disputes.openDispute(child, 100e18, keccak256("e"), "", address(0), 0);
        vm.prank(arbiter);
        disputes.rejectDispute(id);
        payments.settle(child);
        uint256 fees = payments.protocolFeesAccrued();
        assertGt(fees, 0);
        uint256[] memory none = new uint256[](0);
        assertEq(payouts.owedTo(treasury, none), fees + 100e18);
        uint256 before = token.balanceOf(treasury);
        assertEq(payouts.claimAll(treasury, none), fees + 100e18);
        assertEq(token.balanceOf(treasury), before + fees + 100e18);
        assertEq(payments.protocolFeesAccrued(), 0);
        assertEq(disputes.claimable(treasury), 0);
        // Nothing left: a second call pays nothing and reverts nowhere.
        assertEq(payouts.claimAll(treasury, none), 0);
    }

    function test_claimAll_withNothingOwedPaysZeroAndEmits() public {
        uint256[] memory none = new uint256[](0);
        vm.expectEmit(true, true, true, true, address(payouts));
        emit IPayouts.PayoutsClaimed(stranger, delegator2, 0);
        vm.prank(delegator2);
        assertEq(payouts.claimAll(stranger, none), 0);
        // Listed assets it has no part in: settled, but nothing paid to it.
        uint256 recordedBefore = payments.pendingRevenueOf(child);
        assertGt(recordedBefore, 0);
        assertEq(payouts.claimAll(stranger, _ids(child)), 0);
        assertEq(payments.pendingRevenueOf(child), 0);
    }

    // ---------------------------------------------------------------- owedTo

    function test_owedTo_matchesWhatClaimAllPaysAfterSettling() public {
        payments.settle(child);
        uint256[] memory ids = _ids(parent, child);
        uint256 owedOwner = payouts.owedTo(owner, ids);
        uint256 owedParentOwner = payouts.owedTo(otherOwner, ids);
        assertEq(owedOwner, _owedAfterSettling(owner, ids));
        assertEq(owedParentOwner, payments.royaltiesOf(parent));
        assertEq(payouts.claimAll(owner, ids), owedOwner);
        assertEq(payouts.claimAll(otherOwner, ids), owedParentOwner);
        assertEq(payouts.owedTo(owner, ids), 0);
    }

    function test_owedTo_unknownAssetAndZeroAccountOweNothing() public view {
        // An unknown asset reads as owner 0: even for the zero account no owner part is added.
        assertEq(payouts.owedTo(address(0), _ids(999)), 0);
        assertEq(payouts.owedTo(stranger, _ids(999)), 0);
    }
}
