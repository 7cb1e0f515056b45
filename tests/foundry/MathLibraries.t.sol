// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SharesMath} from "../../contracts/libraries/SharesMath.sol";
import {BpsMath} from "../../contracts/libraries/BpsMath.sol";
import {RewardMath} from "../../contracts/libraries/RewardMath.sol";

/// @notice Fuzz properties of the arithmetic libraries, called directly.
contract SharesMathTest is Test {
    uint256 internal constant V = SharesMath.VIRTUAL_SHARES;
    // Token amounts up to the whole supply of an 18-decimals token with 10**12 margin, shares to 2**128.
    uint256 internal constant MAX_TOKENS = 1e30;
    uint256 internal constant MAX_SHARES = type(uint128).max;

    function testFuzz_toSharesDown_roundsDown(uint256 tokens, uint256 totalTokens, uint256 totalShares) public pure {
        tokens = bound(tokens, 0, MAX_TOKENS);
        totalTokens = bound(totalTokens, 0, MAX_TOKENS);
        totalShares = bound(totalShares, 0, MAX_SHARES);
        uint256 shares = SharesMath.toSharesDown(tokens, totalTokens, totalShares);
        // shares * (T + 1) <= tokens * (S + V) < (shares + 1) * (T + 1)
        assertLe(shares * (totalTokens + 1), tokens * (totalShares + V));
        assertGt((shares + 1) * (totalTokens + 1), tokens * (totalShares + V));
    }

    function testFuzz_toTokensDown_roundsDown(uint256 shares, uint256 totalTokens, uint256 totalShares) public pure {
        totalTokens = bound(totalTokens, 0, MAX_TOKENS);
        totalShares = bound(totalShares, 0, MAX_SHARES);
        shares = bound(shares, 0, totalShares);
        uint256 tokens = SharesMath.toTokensDown(shares, totalTokens, totalShares);
        assertLe(tokens * (totalShares + V), shares * (totalTokens + 1));
        assertGt((tokens + 1) * (totalShares + V), shares * (totalTokens + 1));
        // a holder's shares are never worth more than the pool holds
        assertLe(tokens, totalTokens);
    }

    /// Depositing then redeeming at once never returns more than was deposited.
    function testFuzz_depositThenRedeem_neverProfits(uint256 tokens, uint256 totalTokens, uint256 totalShares)
        public
        pure
    {
        tokens = bound(tokens, 1, MAX_TOKENS);
        totalTokens = bound(totalTokens, 0, MAX_TOKENS);
        totalShares = bound(totalShares, 0, MAX_SHARES - MAX_SHARES / 4);
        uint256 shares = SharesMath.toSharesDown(tokens, totalTokens, totalShares);
        vm.assume(shares <= MAX_SHARES - totalShares);
        uint256 back = SharesMath.toTokensDown(shares, totalTokens + tokens, totalShares + shares);
        assertLe(back, tokens);
    }

    /// Two holders' redeemable values never add up to more than the pool's tokens.
    function testFuzz_sumOfHoldersWithinPool(uint256 a, uint256 b, uint256 totalTokens, uint256 extra) public pure {
        totalTokens = bound(totalTokens, 0, MAX_TOKENS);
        a = bound(a, 0, MAX_SHARES / 4);
        b = bound(b, 0, MAX_SHARES / 4);
        extra = bound(extra, 0, MAX_SHARES / 4); // shares of other holders
        uint256 totalShares = a + b + extra;
        uint256 va = SharesMath.toTokensDown(a, totalTokens, totalShares);
        uint256 vb = SharesMath.toTokensDown(b, totalTokens, totalShares);
        assertLe(va + vb, totalTokens);
    }

    /// First-depositor inflation: an attacker who deposits `seed` and then adds `donation` tokens to the
    /// pool's books (the worst case: StakingPool ignores direct transfers) can never redeem more than
    /// seed + donation after a victim's deposit.
    function testFuzz_inflationAttackUnprofitable(uint256 seed, uint256 donation, uint256 victim) public pure {
        seed = bound(seed, 1, 1e24);
        donation = bound(donation, 0, 1e27);
        victim = bound(victim, 1, 1e27);
        uint256 attackerShares = SharesMath.toSharesDown(seed, 0, 0);
        uint256 totalTokens = seed + donation;
        uint256 totalShares = attackerShares;
        uint256 victimShares = SharesMath.toSharesDown(victim, totalTokens, totalShares);
        totalTokens += victim;
        totalShares += victimShares;
        uint256 attackerOut = SharesMath.toTokensDown(attackerShares, totalTokens, totalShares);
        uint256 victimOut = SharesMath.toTokensDown(victimShares, totalTokens, totalShares);
        assertLe(attackerOut, seed + donation, "attacker profits");
        assertLe(attackerOut + victimOut, totalTokens);
        // the victim loses at most (donation + seed + 1) / V + 1 to rounding: the virtual offset makes
        // the attack cost the attacker ~V times what it takes from the victim.
        assertLe(victim - victimOut, (seed + donation + 1) / V + 2);
    }

    function test_emptyPool_oneTokenIsVirtualSharesShares() public pure {
        assertEq(SharesMath.toSharesDown(1, 0, 0), V);
        assertEq(SharesMath.toTokensDown(V, 1, V), 1);
    }
}

contract BpsMathTest is Test {
    using BpsMath for uint256;

    function testFuzz_mulBpsUp_isCeiling(uint256 amount, uint256 bps) public pure {
        amount = bound(amount, 0, type(uint256).max / BpsMath.BPS);
        bps = bound(bps, 0, BpsMath.BPS);
        uint256 up = amount.mulBpsUp(bps);
        uint256 down = amount.mulBpsDown(bps);
        assertEq(up, Math.mulDiv(amount, bps, BpsMath.BPS, Math.Rounding.Ceil));
        assertEq(down, amount * bps / BpsMath.BPS);
        assertLe(up - down, 1);
        assertEq(up == down, (amount * bps) % BpsMath.BPS == 0);
        assertLe(up, amount);
    }

    /// A fee rounded up plus parts rounded down never exceeds the amount split.
    function testFuzz_feeUpPlusPartsDown_withinAmount(uint256 amount, uint16 feeBps, uint16[4] memory partBps)
        public
        pure
    {
        amount = bound(amount, 0, 1e36);
        feeBps = uint16(bound(feeBps, 0, 1_000));
        uint256 total = amount.mulBpsUp(feeBps);
        uint256 bpsLeft = 3_000;
        for (uint256 i; i < 4; ++i) {
            uint256 bps = bound(partBps[i], 0, bpsLeft);
            bpsLeft -= bps;
            total += amount.mulBpsDown(bps);
        }
        assertLe(total, amount);
    }

    function test_mulBpsUp_overflowReverts() public {
        BpsHarness h = new BpsHarness();
        vm.expectRevert();
        h.up(type(uint256).max, 2);
        vm.expectRevert();
        h.down(type(uint256).max, 2);
    }
}

contract BpsHarness {
    using BpsMath for uint256;

    function up(uint256 a, uint256 b) external pure returns (uint256) {
        return a.mulBpsUp(b);
    }

    function down(uint256 a, uint256 b) external pure returns (uint256) {
        return a.mulBpsDown(b);
    }
}

/// @notice RewardMath's packed reward stream word: a round trip keeps every field.
contract RewardStreamPackingTest is Test {
    function testFuzz_packStream_roundTrip(uint128 rate, uint48 end, uint48 updatedAt) public pure {
        (uint256 r, uint256 e, uint256 u) = RewardMath.unpackStream(RewardMath.packStream(rate, end, updatedAt));
        assertEq(r, rate);
        assertEq(e, end);
        assertEq(u, updatedAt);
    }

    function test_packStream_zeroRateMeansNoStream() public pure {
        assertEq(RewardMath.packStream(0, 123, 45) >> 96, 0);
    }
}
