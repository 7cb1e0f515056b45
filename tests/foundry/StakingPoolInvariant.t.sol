// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {StakingPool} from "../../contracts/StakingPool.sol";
import {UsagePayments} from "../../contracts/UsagePayments.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {Base} from "./Base.t.sol";

/// @notice Drives one asset's pool with random stakes, delegations, thaws, withdrawals, fee deposits,
/// claims, slashes and time, keeping ghost totals of what went in and out.
contract StakingHandler is Test {
    StakingPool internal immutable STAKING;
    MarketToken internal immutable TOKEN;
    uint256 internal immutable ASSET_ID;
    address internal immutable OWNER;
    address internal immutable SLASHER;
    address[3] internal delegators;
    UsagePayments public payments;
    address public consumer;

    uint256 public ghostStaked;
    uint256 public ghostWithdrawn;
    uint256 public ghostSlashed;
    uint256 public ghostFees;
    uint256 public ghostDelegatorFees;
    uint256 public ghostRewardsPaid;
    uint256 public ghostMaxSlashOverCap; // must stay 0
    uint256 public ghostFirstLossBroken; // must stay 0: delegators paid while self-stake was left
    uint256 public ghostWindowStart;
    uint256 public ghostWindowCap;
    uint256 public ghostWindowSlashed;
    uint256 public ghostWindowOverCap; // must stay 0

    constructor(StakingPool staking, MarketToken token, uint256 assetId, address owner, address slasher, address[3] memory ds) {
        STAKING = staking;
        TOKEN = token;
        ASSET_ID = assetId;
        OWNER = owner;
        SLASHER = slasher;
        delegators = ds;
    }

    function wirePayments(UsagePayments p, address c) external {
        if (address(payments) != address(0)) return; // set once by the test's setUp
        payments = p;
        consumer = c;
    }

    /// A consumer pays per call: the StakingPool part is credited (deferred funding) or, past the
    /// credit cap, paid in tokens.
    function payPerCall(uint256 calls) external {
        calls = bound(calls, 1, 1e6);
        if (!STAKING.isServing(ASSET_ID)) return;
        (uint256 lane,,,) = payments.laneOf(consumer, ASSET_ID);
        if (lane < calls * 1e15) return;
        uint256 before = TOKEN.balanceOf(address(STAKING));
        bool delegated = STAKING.getPool(ASSET_ID).delegatedShares != 0;
        uint256 cut = STAKING.effectiveDelegatorCut(ASSET_ID);
        vm.prank(consumer);
        payments.payPerCall(ASSET_ID, calls, type(uint256).max);
        payments.settle(ASSET_ID);
        uint256 toStaking = TOKEN.balanceOf(address(STAKING)) - before;
        ghostFees += toStaking;
        if (delegated) ghostDelegatorFees += toStaking * cut / 10_000;
    }

    function sweep() external {
        if (payments.pendingRevenueOf(ASSET_ID) == 0) return;
        payments.settle(ASSET_ID);
    }

    function actors() external view returns (address[4] memory a) {
        a = [OWNER, delegators[0], delegators[1], delegators[2]];
    }

    function stake(uint256 amount) external {
        amount = bound(amount, 1, 1e24);
        if (STAKING.previewStake(ASSET_ID, amount) == 0) return;
        vm.prank(OWNER);
        STAKING.stake(ASSET_ID, amount);
        ghostStaked += amount;
    }

    function delegate(uint256 who, uint256 amount) external {
        address d = delegators[who % 3];
        amount = bound(amount, 1, 1e24);
        if (STAKING.previewStake(ASSET_ID, amount) == 0) return;
        vm.prank(d);
        STAKING.delegateStake(ASSET_ID, amount);
        ghostStaked += amount;
    }

    function unstake(uint256 fraction) external {
        IStakingPool.Staker memory position = STAKING.getStaker(ASSET_ID, OWNER);
        if (position.selfEpoch != STAKING.getPool(ASSET_ID).selfEpoch) return; // emptied by a slash
        uint256 shares = position.selfShares * bound(fraction, 1, 100) / 100;
        if (!_canThaw(OWNER, shares, false)) return;
        vm.prank(OWNER);
        STAKING.unstake(ASSET_ID, shares);
    }

    function undelegate(uint256 who, uint256 fraction) external {
        address d = delegators[who % 3];
        uint256 shares = STAKING.getStaker(ASSET_ID, d).delegatedShares * bound(fraction, 1, 100) / 100;
        if (!_canThaw(d, shares, true)) return;
        vm.prank(d);
        STAKING.undelegate(ASSET_ID, shares);
    }

    function withdraw(uint256 who) external {
        address a = who % 4 == 3 ? OWNER : delegators[who % 4];
        IStakingPool.ThawRequest[] memory requests = STAKING.getThawRequests(ASSET_ID, a);
        if (requests.length == 0 || requests[0].thawEnd > block.timestamp) return;
        vm.prank(a);
        ghostWithdrawn += STAKING.withdraw(ASSET_ID);
    }

    function depositFees(uint256 amount) external {
        amount = bound(amount, 1, 1e23);
        uint256 delegatorPart = STAKING.getPool(ASSET_ID).delegatedShares == 0
            ? 0
            : amount * STAKING.effectiveDelegatorCut(ASSET_ID) / 10_000;
        vm.prank(OWNER);
        STAKING.depositFees(ASSET_ID, amount);
        ghostFees += amount;
        ghostDelegatorFees += delegatorPart;
    }

    function claim(uint256 who) external {
        address a = who % 4 == 3 ? OWNER : delegators[who % 4];
        uint256 ownerPart = a == OWNER ? STAKING.getPool(ASSET_ID).ownerRewards : 0;
        if (STAKING.pendingRewards(ASSET_ID, a) + ownerPart == 0) return;
        vm.prank(a);
        (uint256 d, uint256 o) = STAKING.claimRewards(ASSET_ID);
        ghostRewardsPaid += d + o;
    }

    function slash(uint256 bps) external {
        uint256 total = STAKING.totalStake(ASSET_ID);
        uint256 amount = total * bound(bps, 0, 1_000) / 10_000;
        amount = bps % 3 == 0 ? total : amount; // sometimes far above the cap: it is clamped
        if (block.timestamp >= ghostWindowStart + STAKING.thawingPeriod()) {
            ghostWindowStart = block.timestamp;
            ghostWindowCap = total * 1_000 / 10_000;
            ghostWindowSlashed = 0;
        }
        vm.prank(SLASHER);
        (uint256 slashed, uint256 fromSelf) = STAKING.slash(ASSET_ID, amount, address(0xdead));
        if (slashed * 10_000 > total * 1_000) ghostMaxSlashOverCap += 1;
        ghostWindowSlashed += slashed;
        if (ghostWindowSlashed > ghostWindowCap) ghostWindowOverCap += 1;
        IStakingPool.Pool memory pool = STAKING.getPool(ASSET_ID);
        if (slashed > fromSelf && (pool.selfTokens != 0 || pool.selfThawingTokens != 0)) ghostFirstLossBroken += 1;
        ghostSlashed += slashed;
    }

    function setCut(uint16 cut) external {
        vm.prank(OWNER);
        STAKING.setDelegatorCut(ASSET_ID, uint16(bound(cut, 0, 10_000)));
    }

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 1, 20 days));
    }

    function _canThaw(address a, uint256 shares, bool delegated) internal view returns (bool) {
        if (shares == 0 || STAKING.getStaker(ASSET_ID, a).thawCount >= 8) return false;
        IStakingPool.Pool memory pool = STAKING.getPool(ASSET_ID);
        return delegated
            ? shares * (uint256(pool.delegatedTokens) + 1) / (uint256(pool.delegatedShares) + 1e3) != 0
            : STAKING.previewUnstake(ASSET_ID, shares) != 0;
    }
}

contract StakingPoolInvariantTest is Base {
    StakingHandler internal handler;
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e15);
        address[3] memory ds = [delegator, delegator2, stranger];
        handler = new StakingHandler(staking, token, assetId, owner, address(disputes), ds);
        handler.wirePayments(payments, consumer);
        _applyChange(address(staking), abi.encodeCall(staking.setMinSelfStake, (1)), "minSelfStake");
        _depositTo(consumer, assetId, FUNDING);
        targetContract(address(handler));
    }

    /// Conservation: the pool holds at least everything it owes (stake, thawing stake, owner rewards,
    /// every staker's pending rewards), and what came in equals what is held plus what went out.
    function invariant_solventAndConserving() public view {
        IStakingPool.Pool memory pool = staking.getPool(assetId);
        address[4] memory actors = handler.actors();
        uint256 pending;
        for (uint256 i; i < actors.length; ++i) {
            pending += staking.pendingRewards(assetId, actors[i]);
        }
        uint256 stake = uint256(pool.selfTokens) + pool.delegatedTokens + pool.selfThawingTokens
            + pool.delegatedThawingTokens;
        uint256 owed = stake + pool.ownerRewards + pending;
        uint256 balance = token.balanceOf(address(staking));
        assertGe(balance, owed, "insolvent");
        // deferred credits never eat into stake: held tokens alone cover active + thawing stake, so
        // withdrawals and slashes never wait for a sweep (rewards + rounding dust cover the credits)
        assertGe(token.balanceOf(address(staking)), stake, "stake unbacked");
        assertEq(
            balance,
            handler.ghostStaked() + handler.ghostFees() - handler.ghostWithdrawn() - handler.ghostSlashed()
                - handler.ghostRewardsPaid(),
            "tokens created or destroyed"
        );
    }

    /// Sum of delegator rewards paid and pending never exceeds the delegators' part deposited.
    function invariant_rewardsWithinDeposits() public view {
        address[4] memory actors = handler.actors();
        uint256 delegatorRewards;
        for (uint256 i; i < actors.length; ++i) {
            delegatorRewards += staking.pendingRewards(assetId, actors[i]);
        }
        // paid rewards are mixed with owner rewards in the ghost: bound the total instead
        assertLe(delegatorRewards + staking.getPool(assetId).ownerRewards + handler.ghostRewardsPaid(), handler.ghostFees());
        assertLe(delegatorRewards, handler.ghostDelegatorFees());
    }

    /// No slash ever exceeded the cap, nor the slashes of one window their window's cap; delegators
    /// never paid while self-stake (active or thawing) was left.
    function invariant_slashNeverAboveCapAndFirstLoss() public view {
        assertEq(handler.ghostMaxSlashOverCap(), 0);
        assertEq(handler.ghostWindowOverCap(), 0);
        assertEq(handler.ghostFirstLossBroken(), 0);
    }
}
