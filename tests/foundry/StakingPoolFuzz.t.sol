// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {Base} from "./Base.t.sol";

/// @notice Fuzz properties of StakingPool's arithmetic through the deployed contract: share rounding,
/// reward accumulator, slashing.
contract StakingPoolFuzzTest is Base {
    uint256 internal assetId;
    uint256 internal constant MAX_STAKE = 1e6 * TOKEN_UNIT;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e15);
    }

    // ---------------------------------------------------------------- shares

    /// Staking then unstaking and withdrawing never returns more than was staked, whatever the pool's state.
    function testFuzz_stakeUnstakeWithdraw_neverFavoursUser(uint256 seed, uint256 amount, uint256 slashBps) public {
        seed = bound(seed, 1, MAX_STAKE);
        amount = bound(amount, 1, MAX_STAKE);
        _stake(owner, assetId, seed);
        slashBps = bound(slashBps, 0, 1_000);
        uint256 slashAmount = staking.totalStake(assetId) * slashBps / 10_000;
        if (slashAmount != 0) {
            vm.prank(address(disputes));
            staking.slash(assetId, slashAmount, treasury);
        }
        IStakingPool.Pool memory before = staking.getPool(assetId);
        uint256 expectedShares =
            Math.mulDiv(amount, uint256(before.activeShares) + 1e3, uint256(before.activeTokens) + 1);
        vm.assume(expectedShares != 0);
        uint256 shares = _delegate(delegator, assetId, amount);
        assertEq(shares, expectedShares, "shares rounded down");
        assertLe(staking.previewUnstake(assetId, shares), amount, "shares worth more than paid");
        if (staking.previewUnstake(assetId, shares) == 0) {
            // dust worth less than one token (pool's favour): cannot be moved to thawing
            vm.expectRevert(IStakingPool.ZeroAmount.selector);
            vm.prank(delegator);
            staking.undelegate(assetId, shares);
            return;
        }
        vm.prank(delegator);
        staking.undelegate(assetId, shares);
        assertLe(staking.thawingStakeOf(assetId, delegator), amount);
        vm.warp(block.timestamp + staking.thawingPeriod());
        uint256 balanceBefore = token.balanceOf(delegator);
        vm.prank(delegator);
        uint256 out = staking.withdraw(assetId);
        assertLe(out, amount, "round trip profit");
        assertEq(token.balanceOf(delegator) - balanceBefore, out);
        _assertSolvent();
    }

    /// A later staker can't dilute an earlier one: the earlier stake's value never drops when others join.
    function testFuzz_joiningNeverDilutes(uint256 a, uint256 b, uint256 c) public {
        a = bound(a, 1, MAX_STAKE);
        b = bound(b, 1, MAX_STAKE);
        c = bound(c, 1, MAX_STAKE);
        _stake(owner, assetId, a);
        uint256 valueBefore = staking.selfStakeOf(assetId, owner);
        vm.assume(staking.previewStake(assetId, b) != 0);
        _delegate(delegator, assetId, b);
        vm.assume(staking.previewStake(assetId, c) != 0);
        _delegate(delegator2, assetId, c);
        assertGe(staking.selfStakeOf(assetId, owner), valueBefore);
        assertLe(
            staking.selfStakeOf(assetId, owner) + staking.delegatedStakeOf(assetId, delegator)
                + staking.delegatedStakeOf(assetId, delegator2),
            a + b + c
        );
    }

    // ---------------------------------------------------------------- rewards

    /// Two delegators get exactly their pro-rata share of the delegators' part (floored), and the sum
    /// of what is claimable never exceeds what was deposited.
    function testFuzz_rewards_exactSharesForTwoDelegators(uint256 a, uint256 b, uint256 fees, uint16 cutBps) public {
        a = bound(a, 1e3, MAX_STAKE);
        b = bound(b, 1e3, MAX_STAKE);
        fees = bound(fees, 1, 1e8 * TOKEN_UNIT);
        cutBps = uint16(bound(cutBps, 0, 10_000));
        _stake(owner, assetId, MAX_STAKE);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, cutBps);
        vm.warp(block.timestamp + staking.cutChangeDelay());
        uint256 sa = _delegate(delegator, assetId, a);
        uint256 sb = _delegate(delegator2, assetId, b);

        _fund(stranger, fees);
        vm.prank(stranger);
        staking.depositFees(assetId, fees);

        uint256 delegatorPart = fees * cutBps / 10_000;
        uint256 ra = staking.pendingRewards(assetId, delegator);
        uint256 rb = staking.pendingRewards(assetId, delegator2);
        uint256 rps = delegatorPart * 1e36 / (sa + sb);
        assertEq(ra, Math.mulDiv(sa, rps, 1e36));
        assertEq(rb, Math.mulDiv(sb, rps, 1e36));
        assertLe(ra + rb, delegatorPart, "rewards exceed deposit");
        // floor of floors: at most one wei lost per delegator plus one for the per-share division
        assertLe(delegatorPart - (ra + rb), 3);
        // exact pro rata within one wei
        assertApproxEqAbs(ra, Math.mulDiv(delegatorPart, sa, sa + sb), 1);
        assertEq(staking.getPool(assetId).ownerRewards, fees - delegatorPart);
        _claimAllAndCheck(fees);
    }

    /// Many deposits: carried remainders keep the delegators' total within what was deposited, and
    /// rewards follow shares held at each deposit (a late joiner gets nothing from earlier fees).
    function testFuzz_rewards_manyDepositsAndLateJoiner(uint256 a, uint256 b, uint256[6] memory fees) public {
        a = bound(a, 1e3, MAX_STAKE);
        b = bound(b, 1e3, MAX_STAKE);
        _stake(owner, assetId, MAX_STAKE);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 5_000);
        vm.warp(block.timestamp + staking.cutChangeDelay());
        _delegate(delegator, assetId, a);
        uint256 total;
        uint256 delegatorTotal;
        _fund(stranger, 6e24);
        for (uint256 i; i < fees.length; ++i) {
            uint256 f = bound(fees[i], 1, 1e24);
            if (i == 3) {
                assertEq(staking.pendingRewards(assetId, delegator2), 0);
                _delegate(delegator2, assetId, b);
                assertEq(staking.pendingRewards(assetId, delegator2), 0, "late joiner got past rewards");
            }
            vm.prank(stranger);
            staking.depositFees(assetId, f);
            total += f;
            delegatorTotal += f * 5_000 / 10_000;
        }
        uint256 pending = staking.pendingRewards(assetId, delegator) + staking.pendingRewards(assetId, delegator2);
        assertLe(pending, delegatorTotal);
        assertLe(delegatorTotal - pending, 2 * fees.length + 2);
        _claimAllAndCheck(total);
    }

    // ---------------------------------------------------------------- slashing

    /// A slash never exceeds the cap, takes from active and thawing pro rata (rounded down), and the
    /// thawing stake is slashed too.
    function testFuzz_slash_capProRataAndThawing(uint256 self, uint256 delegated, uint256 thawShareBps, uint256 amount)
        public
    {
        self = bound(self, 1e3, MAX_STAKE);
        delegated = bound(delegated, 1e3, MAX_STAKE);
        _stake(owner, assetId, self);
        uint256 shares = _delegate(delegator, assetId, delegated);
        thawShareBps = bound(thawShareBps, 1, 10_000);
        uint256 thawShares = shares * thawShareBps / 10_000;
        vm.assume(staking.previewUnstake(assetId, thawShares) != 0);
        vm.prank(delegator);
        staking.undelegate(assetId, thawShares);

        IStakingPool.Pool memory before = staking.getPool(assetId);
        uint256 total = uint256(before.activeTokens) + before.thawingTokens;
        uint256 cap = staking.slashCap(assetId);
        assertEq(cap, total * 1_000 / 10_000);
        uint256 thawingValueBefore = staking.thawingStakeOf(assetId, delegator);

        amount = bound(amount, 0, cap + 1e18);
        if (amount > cap) {
            vm.expectRevert(abi.encodeWithSelector(IStakingPool.SlashAboveCap.selector, assetId, amount, cap));
            vm.prank(address(disputes));
            staking.slash(assetId, amount, treasury);
            return;
        }
        uint256 treasuryBefore = token.balanceOf(treasury);
        vm.prank(address(disputes));
        uint256 slashed = staking.slash(assetId, amount, treasury);
        IStakingPool.Pool memory afterSlash = staking.getPool(assetId);
        uint256 fromActive = before.activeTokens - afterSlash.activeTokens;
        uint256 fromThawing = before.thawingTokens - afterSlash.thawingTokens;
        assertLe(slashed, amount);
        assertLe(slashed, cap);
        assertEq(slashed, fromActive + fromThawing);
        assertEq(fromActive, amount * before.activeTokens / total);
        assertEq(fromThawing, amount * before.thawingTokens / total);
        assertLe(amount - slashed, 1, "slash lost more than rounding");
        assertEq(token.balanceOf(treasury) - treasuryBefore, slashed);
        // thawing stake is slashable: its value drops in proportion
        if (fromThawing != 0) assertLt(staking.thawingStakeOf(assetId, delegator), thawingValueBefore);
        // shares are untouched: a slash only lowers the share price
        assertEq(afterSlash.activeShares, before.activeShares);
        assertEq(afterSlash.thawingShares, before.thawingShares);
        _assertSolvent();
    }

    /// Repeated maximal slashes keep each one under the cap of the moment and never take more than
    /// the pool holds.
    function testFuzz_slash_repeatedStaysUnderCap(uint256 self, uint8 rounds) public {
        self = bound(self, 1, MAX_STAKE);
        rounds = uint8(bound(rounds, 1, 30));
        _stake(owner, assetId, self);
        for (uint256 i; i < rounds; ++i) {
            uint256 cap = staking.slashCap(assetId);
            uint256 totalBefore = staking.totalStake(assetId);
            vm.prank(address(disputes));
            uint256 slashed = staking.slash(assetId, cap, treasury);
            assertLe(slashed, cap);
            assertLe(slashed * 10_000, totalBefore * 1_000);
            assertEq(staking.totalStake(assetId), totalBefore - slashed);
        }
        _assertSolvent();
    }

    // ---------------------------------------------------------------- helpers

    function _claimAllAndCheck(uint256 deposited) internal {
        uint256 before = token.balanceOf(address(staking));
        address[3] memory who = [owner, delegator, delegator2];
        uint256 paid;
        for (uint256 i; i < who.length; ++i) {
            uint256 pending = staking.pendingRewards(assetId, who[i]);
            uint256 ownerPart = who[i] == owner ? staking.getPool(assetId).ownerRewards : 0;
            if (pending + ownerPart == 0) continue;
            vm.prank(who[i]);
            (uint256 d, uint256 o) = staking.claimRewards(assetId);
            assertEq(d, pending);
            assertEq(o, ownerPart);
            paid += d + o;
        }
        assertLe(paid, deposited, "paid more rewards than deposited");
        assertEq(before - token.balanceOf(address(staking)), paid);
        _assertSolvent();
    }

    /// The pool's token balance covers active + thawing stake + owner rewards + delegators' pending rewards.
    function _assertSolvent() internal view {
        IStakingPool.Pool memory pool = staking.getPool(assetId);
        uint256 owed = uint256(pool.activeTokens) + pool.thawingTokens + pool.ownerRewards
            + staking.pendingRewards(assetId, owner) + staking.pendingRewards(assetId, delegator)
            + staking.pendingRewards(assetId, delegator2);
        assertGe(token.balanceOf(address(staking)) + staking.unfundedFees(), owed, "insolvent");
    }
}
