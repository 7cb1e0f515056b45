// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

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
            Math.mulDiv(amount, uint256(before.delegatedShares) + 1e3, uint256(before.delegatedTokens) + 1);
        vm.assume(expectedShares != 0);
        uint256 shares = _delegate(delegator, assetId, amount);
        assertEq(shares, expectedShares, "shares rounded down");
        assertLe(staking.delegatedStakeOf(assetId, delegator), amount, "shares worth more than paid");
        if (staking.delegatedStakeOf(assetId, delegator) == 0) {
            // dust worth less than one token (pool's favour): cannot be moved to thawing
            vm.expectRevert(IMarketErrors.ZeroAmount.selector);
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
        vm.assume(staking.previewDelegate(assetId, b) != 0);
        _delegate(delegator, assetId, b);
        vm.assume(staking.previewDelegate(assetId, c) != 0);
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
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD()); // the whole stream is released

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

    /// Many deposits a day apart: carried remainders keep the delegators' total within what was
    /// deposited, and a late joiner gets nothing from the stream before it joined.
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
            vm.warp(block.timestamp + 1 days);
        }
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD());
        uint256 pending = staking.pendingRewards(assetId, delegator) + staking.pendingRewards(assetId, delegator2);
        assertLe(pending, delegatorTotal);
        assertLe(delegatorTotal - pending, 2 * fees.length + 2);
        _claimAllAndCheck(total);
    }

    /// The reward stream (issue 12 finding 7): A is delegated all along; B joins one block before the
    /// deposit (`justInTime`, the attack) or `joinAfter` seconds into the stream, and leaves `stay`
    /// seconds later. B earns nothing before it joins nor after it leaves, and at most its share of
    /// `rewardRate` for each streamed second it was there; once the stream is paid, every wei of the
    /// delegators' part is credited (A + B within 3 wei below it, never above).
    function testFuzz_stream_timeWeightedAndEveryWeiCredited(
        uint256 a,
        uint256 b,
        uint256 fees,
        bool justInTime,
        uint256 joinAfter,
        uint256 stay
    ) public {
        a = bound(a, 1e3, MAX_STAKE);
        b = bound(b, 1e3, MAX_STAKE);
        fees = bound(fees, 1, 1e8 * TOKEN_UNIT);
        joinAfter = bound(joinAfter, 0, staking.REWARD_STREAM_PERIOD() + 1 days);
        stay = bound(stay, 1, staking.REWARD_STREAM_PERIOD());
        _stake(owner, assetId, MAX_STAKE);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 5_000);
        vm.warp(block.timestamp + staking.cutChangeDelay());
        uint256 sa = _delegate(delegator, assetId, a);
        uint256 sb;
        uint256 joinedAt;
        if (justInTime) {
            sb = _delegate(delegator2, assetId, b);
            joinedAt = block.timestamp;
            vm.warp(block.timestamp + 1);
        }
        _fund(stranger, fees);
        vm.prank(stranger);
        staking.depositFees(assetId, fees);
        Stream memory stream;
        (stream.rate, stream.end, stream.start) = staking.rewardStreamOf(assetId);
        if (!justInTime) {
            vm.warp(block.timestamp + joinAfter);
            joinedAt = block.timestamp;
            sb = _delegate(delegator2, assetId, b);
            assertEq(staking.pendingRewards(assetId, delegator2), 0, "earned before joining");
        }
        vm.warp(block.timestamp + stay);
        vm.prank(delegator2);
        staking.undelegate(assetId, sb);
        uint256 earned = staking.pendingRewards(assetId, delegator2);
        // its share of each streamed second it was there (+1 wei: the sub-unit rest credited at the deposit)
        uint256 from = joinedAt > stream.start ? joinedAt : stream.start;
        uint256 until = block.timestamp < stream.end ? block.timestamp : stream.end;
        uint256 streamedSeconds = until > from ? until - from : 0;
        assertLe(earned, Math.mulDiv(sb * stream.rate, streamedSeconds, (sa + sb) * staking.REWARD_RATE_SCALE()) + 1);

        vm.warp(stream.end + 1);
        _checkDelegatorsPart(fees, earned);
    }

    /// After the stream ended: the leaver earned nothing more, and the two delegators hold the
    /// delegators' half of `fees` to within 3 wei, never more.
    function _checkDelegatorsPart(uint256 fees, uint256 earned) private {
        assertEq(staking.pendingRewards(assetId, delegator2), earned, "earned after leaving");
        uint256 all = staking.pendingRewards(assetId, delegator) + earned;
        uint256 delegatorsPart = fees * 5_000 / 10_000;
        assertLe(all, delegatorsPart, "credited more than the delegators' part");
        assertLe(delegatorsPart - all, 3, "a wei of the delegators' part was lost");
        _claimAllAndCheck(fees);
    }

    struct Stream {
        uint256 rate;
        uint256 end;
        uint256 start;
    }

    // ---------------------------------------------------------------- slashing

    /// First loss: a slash (clamped to the cap) takes the self-stake (active, then thawing) first and
    /// delegators (active and thawing pro rata, rounded down) only for the rest; shares are untouched.
    function testFuzz_slash_firstLossAndClamp(
        uint256 self,
        uint256 delegated,
        uint256 selfThawBps,
        uint256 thawShareBps,
        uint256 amount
    ) public {
        self = bound(self, 1e3, MAX_STAKE);
        delegated = bound(delegated, 1e3, MAX_STAKE);
        uint256 selfShares = _stake(owner, assetId, self);
        uint256 shares = _delegate(delegator, assetId, delegated);
        uint256 selfThaw = selfShares * bound(selfThawBps, 0, 10_000) / 10_000;
        if (staking.previewUnstake(assetId, selfThaw) != 0) {
            vm.prank(owner);
            staking.unstake(assetId, selfThaw);
        }
        uint256 thawShares = shares * bound(thawShareBps, 0, 10_000) / 10_000;
        if (thawShares != 0 && Math.mulDiv(thawShares, delegated + 1, shares + 1e3) != 0) {
            vm.prank(delegator);
            staking.undelegate(assetId, thawShares);
        }
        IStakingPool.Pool memory before = staking.getPool(assetId);
        uint256 total = staking.totalStake(assetId);
        uint256 cap = staking.slashCap(assetId);
        assertEq(cap, total * 1_000 / 10_000);
        amount = bound(amount, 0, 2 * total);
        uint256 treasuryBefore = token.balanceOf(treasury);
        vm.prank(address(disputes));
        (uint256 slashed, uint256 fromSelf) = staking.slash(assetId, amount, treasury);
        IStakingPool.Pool memory afterSlash = staking.getPool(assetId);
        uint256 wanted = amount < cap ? amount : cap;
        uint256 selfTotal = uint256(before.selfTokens) + before.selfThawingTokens;
        assertEq(fromSelf, wanted < selfTotal ? wanted : selfTotal, "self-stake not first");
        assertEq(before.selfTokens - afterSlash.selfTokens, fromSelf < before.selfTokens ? fromSelf : before.selfTokens);
        uint256 fromDelegated = (uint256(before.delegatedTokens) - afterSlash.delegatedTokens)
            + (uint256(before.delegatedThawingTokens) - afterSlash.delegatedThawingTokens);
        assertEq(slashed, fromSelf + fromDelegated);
        assertLe(slashed, wanted);
        assertLe(wanted - slashed, 1, "slash lost more than rounding");
        if (fromSelf < selfTotal) assertEq(fromDelegated, 0, "delegators paid before the owner");
        assertEq(token.balanceOf(treasury) - treasuryBefore, slashed);
        assertEq(afterSlash.delegatedShares, before.delegatedShares);
        _assertSolvent();
    }

    /// However many slashes land in one slash window, their total stays within the window's cap.
    function testFuzz_slash_windowCapsTheTotal(uint256 self, uint256 delegated, uint8 rounds) public {
        self = bound(self, 1, MAX_STAKE);
        delegated = bound(delegated, 1e3, MAX_STAKE);
        rounds = uint8(bound(rounds, 1, 30));
        _stake(owner, assetId, self);
        _delegate(delegator, assetId, delegated);
        uint256 windowCap = staking.slashCap(assetId);
        uint256 total;
        for (uint256 i; i < rounds; ++i) {
            vm.warp(block.timestamp + 1 hours); // still inside the 14-day window
            vm.prank(address(disputes));
            (uint256 slashed,) = staking.slash(assetId, type(uint128).max, treasury);
            total += slashed;
        }
        assertLe(total, windowCap);
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
        uint256 owed = uint256(pool.selfTokens) + pool.delegatedTokens + pool.selfThawingTokens
            + pool.delegatedThawingTokens + pool.ownerRewards
            + staking.pendingRewards(assetId, owner) + staking.pendingRewards(assetId, delegator)
            + staking.pendingRewards(assetId, delegator2);
        assertGe(token.balanceOf(address(staking)), owed, "insolvent");
    }
}
