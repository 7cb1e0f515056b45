// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StakingPool} from "../../contracts/StakingPool.sol";
import {IDelayedChanges} from "../../interfaces/IDelayedChanges.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {Base} from "./Base.t.sol";

/// @dev Exposes the queued-change hook so the defensive `UnknownParameter` branch can be reached.
contract StakingPoolHarness is StakingPool {
    constructor(IERC20 token, IModelRegistry registry, address admin) StakingPool(token, registry, admin) {}

    function applyChangeForTest(bytes32 parameter, uint256 value) external {
        _applyChange(parameter, value);
    }
}

/// @notice StakingPool edges the other forge suites do not reach: shares worth less than a token
/// unit, the withdrawal freeze and its cap, claims on someone's behalf, the slash window's
/// remainder, a stream that runs while nobody delegates.
contract StakingPoolEdgesTest is Base {
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e15);
        _stake(owner, assetId, 10_000 * TOKEN_UNIT);
    }

    // ---------------------------------------------------------------- dust shares

    function test_unstake_revertsWhenSharesAreWorthNoToken() public {
        // one share is 10**-SHARES_OFFSET_DECIMALS of a token unit at the first price: worth 0
        assertGt(staking.SHARES_OFFSET_DECIMALS(), 0);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        vm.prank(owner);
        staking.unstake(assetId, 1);
        assertEq(staking.getStaker(assetId, owner).thawCount, 0);
    }

    function test_undelegate_revertsWhenSharesAreWorthNoToken() public {
        _delegate(delegator, assetId, 100 * TOKEN_UNIT);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        vm.prank(delegator);
        staking.undelegate(assetId, 1);
        assertEq(staking.delegatedStakeOf(assetId, delegator), 100 * TOKEN_UNIT);
    }

    function test_delegate_revertsOnZeroAmount() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        _delegate(delegator, assetId, 0);
    }

    // ---------------------------------------------------------------- withdrawal freeze

    function test_freezeWithdrawals_revertsForAnyoneButTheSlasher() public {
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NotSlasher.selector, stranger));
        vm.prank(stranger);
        staking.freezeWithdrawals(assetId, uint64(block.timestamp + 1 days));
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NotSlasher.selector, owner));
        vm.prank(owner);
        staking.unfreezeWithdrawals(assetId);
    }

    function test_freezeWithdrawals_revertsPastTheMaximum() public {
        uint256 maximum = block.timestamp + staking.MAX_WITHDRAWAL_FREEZE();
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.FreezeTooLong.selector, assetId, maximum + 1, maximum));
        vm.prank(address(disputes));
        staking.freezeWithdrawals(assetId, uint64(maximum + 1));
    }

    function test_freezeWithdrawals_neverShortensAFreeze() public {
        uint64 until = uint64(block.timestamp + 10 days);
        vm.startPrank(address(disputes));
        vm.expectEmit(address(staking));
        emit IStakingPool.WithdrawalsFrozen(assetId, until);
        staking.freezeWithdrawals(assetId, until);
        vm.recordLogs();
        staking.freezeWithdrawals(assetId, until - 5 days);
        vm.stopPrank();
        assertEq(vm.getRecordedLogs().length, 0, "a shorter freeze is a no-op");
        assertEq(staking.getPool(assetId).frozenUntil, until);
    }

    function test_unfreezeWithdrawals_releasesAMaturedRequest() public {
        uint256 thawEnd = _unstakeHalf();
        vm.warp(thawEnd);
        vm.prank(address(disputes));
        staking.freezeWithdrawals(assetId, uint64(thawEnd + 5 days));
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NothingToWithdraw.selector, assetId, owner));
        vm.prank(owner);
        staking.withdraw(assetId);
        vm.expectEmit(address(staking));
        emit IStakingPool.WithdrawalsUnfrozen(assetId);
        vm.prank(address(disputes));
        staking.unfreezeWithdrawals(assetId);
        assertEq(staking.getPool(assetId).frozenUntil, 0);
        vm.prank(owner);
        assertEq(staking.withdraw(assetId), 5_000 * TOKEN_UNIT);
    }

    /// A freeze renewed again and again holds a matured request at most MAX_WITHDRAWAL_FREEZE past
    /// its own end.
    function test_withdraw_freezeHoldsAtMostTheMaximumPastTheThawEnd() public {
        uint256 thawEnd = _unstakeHalf();
        uint256 cap = staking.MAX_WITHDRAWAL_FREEZE();
        vm.warp(thawEnd);
        vm.prank(address(disputes));
        staking.freezeWithdrawals(assetId, uint64(block.timestamp + cap));
        vm.warp(thawEnd + cap - 1);
        vm.prank(address(disputes));
        staking.freezeWithdrawals(assetId, uint64(block.timestamp + cap));
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NothingToWithdraw.selector, assetId, owner));
        vm.prank(owner);
        staking.withdraw(assetId);
        vm.warp(thawEnd + cap);
        assertGt(staking.getPool(assetId).frozenUntil, block.timestamp, "still frozen");
        vm.prank(owner);
        assertEq(staking.withdraw(assetId), 5_000 * TOKEN_UNIT);
    }

    // ---------------------------------------------------------------- rewards

    function test_claimRewardsFor_paysTheAccountNotTheCaller() public {
        _delegate(delegator, assetId, 1_000 * TOKEN_UNIT);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 5_000);
        vm.warp(block.timestamp + staking.cutChangeDelay());
        vm.prank(stranger);
        staking.depositFees(assetId, 700 * TOKEN_UNIT);
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD());
        uint256 pending = staking.pendingRewards(assetId, delegator);
        assertGt(pending, 0);
        uint256 delegatorBefore = token.balanceOf(delegator);
        uint256 strangerBefore = token.balanceOf(stranger);
        vm.expectEmit(address(staking));
        emit IStakingPool.RewardsClaimed(assetId, delegator, pending, 0);
        vm.prank(stranger);
        (uint256 delegatorRewards, uint256 ownerRewards) = staking.claimRewardsFor(assetId, delegator);
        assertEq(delegatorRewards, pending);
        assertEq(ownerRewards, 0, "a delegator's claim never takes the owner's balance");
        assertEq(token.balanceOf(delegator), delegatorBefore + pending);
        assertEq(token.balanceOf(stranger), strangerBefore);
    }

    /// Seconds of the stream during which nobody delegates are credited to the owner, not lost.
    function test_release_creditsTheOwnerWhileNobodyDelegates() public {
        uint256 shares = _delegate(delegator, assetId, 1_000 * TOKEN_UNIT);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 10_000);
        vm.warp(block.timestamp + staking.cutChangeDelay());
        vm.prank(stranger);
        staking.depositFees(assetId, 7 * TOKEN_UNIT);
        (uint256 rate, uint256 end,) = staking.rewardStreamOf(assetId);
        vm.prank(delegator);
        staking.undelegate(assetId, shares);
        uint256 ownerBefore = staking.getPool(assetId).ownerRewards;
        uint256 left = end - block.timestamp;
        vm.warp(end);
        vm.prank(stranger);
        staking.depositFees(assetId, 1); // any touch releases the stream
        uint256 released = rate * left / staking.REWARD_RATE_SCALE();
        // the fee's own 1 wei goes to the owner too (no delegator: no cut), the stream's seconds round down
        assertEq(staking.getPool(assetId).ownerRewards, ownerBefore + released + 1);
    }

    // ---------------------------------------------------------------- slash window

    function test_slashCap_isWhatTheWindowHasLeft() public {
        uint256 perSlash = staking.slashCap(assetId);
        assertEq(perSlash, staking.totalStake(assetId) * staking.MAX_SLASH_BPS() / 10_000);
        vm.prank(address(disputes));
        (uint256 slashed,) = staking.slash(assetId, perSlash / 4, treasury);
        // within the window: the cap is what is left of it, not a fresh share of the (lower) stake
        assertEq(staking.slashCap(assetId), perSlash - slashed);
        assertLt(perSlash - slashed, staking.totalStake(assetId) * staking.MAX_SLASH_BPS() / 10_000);
        vm.warp(block.timestamp + staking.thawingPeriod());
        assertEq(staking.slashCap(assetId), staking.totalStake(assetId) * staking.MAX_SLASH_BPS() / 10_000);
    }

    // ---------------------------------------------------------------- queued changes

    function test_applyChange_revertsOnAnUnknownParameter() public {
        StakingPoolHarness harness = new StakingPoolHarness(token, registry, admin);
        vm.expectRevert(abi.encodeWithSelector(IDelayedChanges.UnknownParameter.selector, bytes32("bogus")));
        harness.applyChangeForTest("bogus", 1);
    }

    function _unstakeHalf() private returns (uint256 thawEnd) {
        uint256 half = staking.getStaker(assetId, owner).selfShares / 2;
        vm.prank(owner);
        staking.unstake(assetId, half);
        thawEnd = staking.getThawRequests(assetId, owner)[0].thawEnd;
    }
}
