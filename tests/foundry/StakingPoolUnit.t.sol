// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StakingPool} from "../../contracts/StakingPool.sol";
import {MockFeeToken} from "../../contracts/mocks/MockFeeToken.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @notice Unit tests for the StakingPool paths the fuzz tests do not reach: every revert, permits,
/// admin setters, views.
contract StakingPoolUnitTest is Base {
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e15);
    }

    function test_constructor_revertsOnZeroAddress() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new StakingPool(IERC20(address(0)), registry, admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new StakingPool(token, IModelRegistry(address(0)), admin);
    }

    function test_stake_revertsForNonOwnerUnknownRetiredZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NotAssetOwner.selector, assetId, stranger, owner));
        _stake(stranger, assetId, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 99));
        _stake(owner, 99, 1e18);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        _stake(owner, assetId, 0);
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        _stake(owner, assetId, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        _delegate(delegator, assetId, 1e18);
    }

    function test_delegate_revertsForUnknownAsset() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 42));
        _delegate(delegator, 42, 1e18);
    }

    function test_stakeWithPermit_usesPermitOrFallsBackToAllowance() public {
        uint256 pk = 0xA11CE;
        address signer = vm.addr(pk);
        vm.prank(owner);
        registry.transferFrom(owner, signer, assetId);
        token.transfer(signer, 10e18);
        bytes32 digest = _permitDigest(signer, address(staking), 4e18, 0, block.timestamp + 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        vm.prank(signer);
        uint256 shares = staking.stakeWithPermit(assetId, 4e18, block.timestamp + 1, v, r, s);
        assertEq(shares, 4e18 * 1e3);
        // replayed permit fails inside and is ignored; no allowance left -> transfer reverts
        vm.prank(signer);
        vm.expectRevert();
        staking.stakeWithPermit(assetId, 4e18, block.timestamp + 1, v, r, s);
        // delegation with a fresh permit
        digest = _permitDigest(signer, address(staking), 2e18, 1, block.timestamp + 1);
        (v, r, s) = vm.sign(pk, digest);
        uint256 expected = staking.previewStake(assetId, 2e18);
        vm.prank(signer);
        assertEq(staking.delegateWithPermit(assetId, 2e18, block.timestamp + 1, v, r, s), expected);
        assertEq(staking.getStaker(assetId, signer).delegatedShares, expected);
        assertEq(token.balanceOf(address(staking)), 6e18);
    }

    function test_feeOnTransferToken_rejected() public {
        MockFeeToken feeToken = new MockFeeToken(owner, 1e24);
        StakingPool pool = new StakingPool(IERC20(address(feeToken)), registry, admin);
        vm.startPrank(owner);
        feeToken.approve(address(pool), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.FeeOnTransferUnsupported.selector, 100e18, 99e18));
        pool.stake(assetId, 100e18);
        vm.stopPrank();
    }

    function test_unstakeAndUndelegate_revertOnZeroOrTooMany() public {
        _stake(owner, assetId, 10e18);
        uint256 dShares = _delegate(delegator, assetId, 10e18);
        vm.startPrank(owner);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        staking.unstake(assetId, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.InsufficientShares.selector, assetId, owner, 1e30, 10e21));
        staking.unstake(assetId, 1e30);
        vm.stopPrank();
        vm.startPrank(delegator);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        staking.undelegate(assetId, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingPool.InsufficientShares.selector, assetId, delegator, dShares + 1, dShares)
        );
        staking.undelegate(assetId, dShares + 1);
        vm.stopPrank();
    }

    function test_thaw_ringLimitWithdrawOrderAndViews() public {
        _stake(owner, assetId, 100e18);
        vm.startPrank(owner);
        for (uint256 i; i < 8; ++i) {
            staking.unstake(assetId, 1e21);
            vm.warp(block.timestamp + 1 days);
        }
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.TooManyThawRequests.selector, assetId, owner, 8));
        staking.unstake(assetId, 1e21);
        assertEq(staking.getThawRequests(assetId, owner).length, 8);
        assertEq(staking.thawingStakeOf(assetId, owner), 8e18);
        // only the first matured request(s) are withdrawn; the loop stops at the first immature one
        vm.warp(block.timestamp + 14 days - 8 days);
        uint256 out = staking.withdraw(assetId);
        assertEq(out, 1e18);
        assertEq(staking.getThawRequests(assetId, owner).length, 7);
        // ring slot freed: a new request fits again and wraps around
        staking.unstake(assetId, 1e21);
        assertEq(staking.getThawRequests(assetId, owner).length, 8);
        vm.warp(block.timestamp + 30 days);
        assertEq(staking.withdraw(assetId), 8e18);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NothingToWithdraw.selector, assetId, owner));
        staking.withdraw(assetId);
        vm.stopPrank();
    }

    /// getThawRequests returns every live request, oldest first, with its shares and end time.
    function test_getThawRequests_listsLiveRequestsOldestFirst() public {
        _stake(owner, assetId, 100e18);
        vm.startPrank(owner);
        uint256 firstShares = staking.unstake(assetId, 1e21);
        uint64 firstEnd = uint64(block.timestamp + 14 days);
        vm.warp(block.timestamp + 1 days);
        uint256 secondShares = staking.unstake(assetId, 3e21);
        vm.stopPrank();
        IStakingPool.ThawRequest[] memory requests = staking.getThawRequests(assetId, owner);
        assertEq(requests.length, 2);
        assertEq(requests[0].shares, firstShares);
        assertEq(requests[0].thawEnd, firstEnd);
        assertEq(requests[1].shares, secondShares);
        assertEq(requests[1].thawEnd, firstEnd + 1 days);
        assertGt(secondShares, firstShares);
    }

    /// Defensive: a stake that would mint zero shares reverts instead of taking the tokens (the state is
    /// forced with vm.store: internal accounting keeps tokens per share far below this).
    function test_stake_revertsWhenItWouldMintZeroShares() public {
        _stake(owner, assetId, 1_000e18);
        // _pools is slot 6; a Pool's first slot packs selfTokens (low 96 bits), selfEpoch, selfShares (high 128)
        uint256 poolSlot = uint256(keccak256(abi.encode(assetId, uint256(6))));
        assertEq(_loadBits(address(staking), poolSlot, 0, 96), staking.getPool(assetId).selfTokens);
        _storeBits(address(staking), poolSlot, 0, 96, 1e28);
        _storeBits(address(staking), poolSlot, 128, 128, 1);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        vm.prank(owner);
        staking.stake(assetId, 1);
    }

    /// The accumulator carries the division remainder: once the stream is paid out, rewardPerShare and
    /// the remainder equal one division of the whole delegators' part.
    function test_accrual_carriesTheRemainderExactly() public {
        _stake(owner, assetId, 1_000e18);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 3_333);
        vm.warp(block.timestamp + 7 days);
        _delegate(delegator, assetId, 7e18 + 13);
        uint256 delegated = staking.getPool(assetId).delegatedShares;
        uint256[3] memory amounts = [uint256(1e18 + 7), 333_333_333_333, 5e17 + 1];
        uint256 delegatorTotal;
        vm.startPrank(consumer);
        token.approve(address(staking), type(uint256).max);
        for (uint256 i; i < 3; ++i) {
            staking.depositFees(assetId, amounts[i]);
            delegatorTotal += amounts[i] * 3_333 / 10_000;
        }
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD());
        staking.depositFees(assetId, 1); // a touch (33.33 % of 1 wei is 0): releases the whole stream
        vm.stopPrank();
        IStakingPool.Pool memory pool = staking.getPool(assetId);
        assertGt(pool.rewardRemainder, 0);
        assertEq(pool.rewardPerShare, delegatorTotal * 1e36 / delegated);
        assertEq(pool.rewardRemainder, delegatorTotal * 1e36 % delegated);
    }

    function test_withdraw_revertsWhenNothingMatured() public {
        _stake(owner, assetId, 10e18);
        vm.startPrank(owner);
        staking.unstake(assetId, 1e21);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NothingToWithdraw.selector, assetId, owner));
        staking.withdraw(assetId);
        vm.stopPrank();
    }

    function test_withdraw_oneWeiRoundTrip() public {
        _stake(owner, assetId, 1);
        vm.prank(owner);
        staking.unstake(assetId, 1e3);
        vm.warp(block.timestamp + 14 days);
        vm.prank(owner);
        assertEq(staking.withdraw(assetId), 1);
    }

    function test_depositFees_revertsAndOwnerGetsAllWithoutDelegators() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        staking.depositFees(assetId, 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 7));
        staking.depositFees(7, 1);
        vm.prank(stranger);
        staking.depositFees(assetId, 5e18);
        assertEq(staking.getPool(assetId).ownerRewards, 5e18);
        // delegators but zero cut: still all to the owner
        _delegate(delegator, assetId, 1e18);
        vm.prank(stranger);
        staking.depositFees(assetId, 5e18);
        assertEq(staking.getPool(assetId).ownerRewards, 10e18);
        assertEq(staking.pendingRewards(assetId, delegator), 0);
        // full cut: nothing to the owner
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 10_000);
        assertEq(staking.effectiveDelegatorCut(assetId), 0);
        vm.warp(block.timestamp + 7 days);
        assertEq(staking.effectiveDelegatorCut(assetId), 10_000);
        vm.prank(stranger);
        staking.depositFees(assetId, 3e18);
        assertEq(staking.getPool(assetId).ownerRewards, 10e18);
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD());
        assertApproxEqAbs(staking.pendingRewards(assetId, delegator), 3e18, 1);
    }

    function test_claimRewards_ownerAndDelegatorAndFormerOwner() public {
        _stake(owner, assetId, 10e18);
        _delegate(delegator, assetId, 10e18);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 5_000);
        vm.warp(block.timestamp + 7 days);
        vm.prank(stranger);
        staking.depositFees(assetId, 10e18);
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD());
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, stranger));
        vm.prank(stranger);
        staking.claimRewards(assetId);
        vm.prank(delegator);
        (uint256 d, uint256 o) = staking.claimRewards(assetId);
        assertApproxEqAbs(d, 5e18, 1);
        assertEq(o, 0);
        // owner rewards follow the NFT
        vm.prank(owner);
        registry.transferFrom(owner, otherOwner, assetId);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, owner));
        vm.prank(owner);
        staking.claimRewards(assetId);
        vm.prank(otherOwner);
        (d, o) = staking.claimRewards(assetId);
        assertEq(o, 5e18);
        // former owner can still unstake its self-stake; the new owner is not serving
        assertFalse(staking.isServing(assetId));
        vm.prank(owner);
        staking.unstake(assetId, 10e21);
    }

    function test_undelegate_settlesRewardsFirst() public {
        _stake(owner, assetId, 10e18);
        uint256 shares = _delegate(delegator, assetId, 10e18);
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 10_000);
        vm.warp(block.timestamp + 7 days);
        vm.prank(stranger);
        staking.depositFees(assetId, 1e18);
        vm.warp(block.timestamp + staking.REWARD_STREAM_PERIOD());
        vm.prank(delegator);
        staking.undelegate(assetId, shares);
        assertEq(staking.getStaker(assetId, delegator).accruedRewards, staking.pendingRewards(assetId, delegator));
        assertApproxEqAbs(staking.pendingRewards(assetId, delegator), 1e18, 1);
        // later fees do not accrue to undelegated shares
        vm.prank(stranger);
        staking.depositFees(assetId, 1e18);
        assertApproxEqAbs(staking.pendingRewards(assetId, delegator), 1e18, 1);
    }

    function test_setDelegatorCut_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NotAssetOwner.selector, assetId, stranger, owner));
        vm.prank(stranger);
        staking.setDelegatorCut(assetId, 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.CutAboveMax.selector, 10_001, 10_000));
        vm.prank(owner);
        staking.setDelegatorCut(assetId, 10_001);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 77));
        vm.prank(owner);
        staking.setDelegatorCut(77, 1);
    }

    function test_setDelegatorCut_rescheduleKeepsCurrentCut() public {
        vm.startPrank(owner);
        staking.setDelegatorCut(assetId, 4_000);
        vm.warp(block.timestamp + 7 days);
        staking.setDelegatorCut(assetId, 1_000);
        assertEq(staking.effectiveDelegatorCut(assetId), 4_000);
        vm.warp(block.timestamp + 7 days);
        assertEq(staking.effectiveDelegatorCut(assetId), 1_000);
        vm.stopPrank();
    }

    function test_slash_reverts_andZeroAmount() public {
        _stake(owner, assetId, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.NotSlasher.selector, stranger));
        vm.prank(stranger);
        staking.slash(assetId, 1, stranger);
        vm.startPrank(address(disputes));
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        staking.slash(assetId, 1, address(0));
        (uint256 slashed, uint256 fromSelf) = staking.slash(assetId, 0, treasury);
        assertEq(slashed + fromSelf, 0);
        vm.stopPrank();
        assertEq(staking.totalStake(assetId), 10e18);
    }

    function test_adminSetters_boundsAndAccess() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        staking.setSlasher(stranger);
        vm.prank(admin);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        staking.setSlasher(address(0));
        // Once wired, a new slasher waits the thawing period.
        vm.prank(admin);
        staking.setSlasher(stranger);
        assertEq(staking.slasher(), address(disputes));
        vm.warp(block.timestamp + staking.changeDelay());
        staking.executeChange("slasher");
        assertEq(staking.slasher(), stranger);

        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.ParameterOutOfBounds.selector, 0, 1, 1e27));
        staking.setMinSelfStake(0);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.ParameterOutOfBounds.selector, 1e27 + 1, 1, 1e27));
        staking.setMinSelfStake(1e27 + 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.ParameterOutOfBounds.selector, 14 days - 1, 14 days, 90 days));
        staking.setThawingPeriod(14 days - 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.ParameterOutOfBounds.selector, 90 days + 1, 14 days, 90 days));
        staking.setThawingPeriod(90 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.ParameterOutOfBounds.selector, 1 days - 1, 1 days, 30 days));
        staking.setCutChangeDelay(1 days - 1);
        vm.expectRevert(abi.encodeWithSelector(IStakingPool.ParameterOutOfBounds.selector, 30 days + 1, 1 days, 30 days));
        staking.setCutChangeDelay(30 days + 1);
        vm.stopPrank();
        for (uint256 i; i < 5; ++i) {
            bytes memory call = i == 0
                ? abi.encodeCall(staking.setMinSelfStake, (5e18))
                : i == 1
                    ? abi.encodeCall(staking.setThawingPeriod, (15 days))
                    : i == 2
                        ? abi.encodeCall(staking.setCutChangeDelay, (2 days))
                        : i == 3 ? abi.encodeCall(staking.setSlasher, (owner)) : abi.encodeCall(staking.cancelChange, ("slasher"));
            vm.prank(stranger);
            (bool ok,) = address(staking).call(call);
            assertFalse(ok);
        }
    }

    /// Every admin bound is inclusive: the floor and the ceiling themselves are accepted.
    function test_adminSetters_acceptTheirBounds() public {
        _applyChange(address(staking), abi.encodeCall(staking.setMinSelfStake, (1)), "minSelfStake");
        assertEq(staking.minSelfStake(), 1);
        _applyChange(address(staking), abi.encodeCall(staking.setMinSelfStake, (1e27)), "minSelfStake");
        assertEq(staking.minSelfStake(), 1e27);
        _applyChange(address(staking), abi.encodeCall(staking.setThawingPeriod, (90 days)), "thawingPeriod");
        assertEq(staking.thawingPeriod(), 90 days);
        _applyChange(address(staking), abi.encodeCall(staking.setThawingPeriod, (14 days)), "thawingPeriod");
        assertEq(staking.thawingPeriod(), 14 days);
        _applyChange(address(staking), abi.encodeCall(staking.setCutChangeDelay, (1 days)), "cutChangeDelay");
        assertEq(staking.cutChangeDelay(), 1 days);
        _applyChange(address(staking), abi.encodeCall(staking.setCutChangeDelay, (30 days)), "cutChangeDelay");
        assertEq(staking.cutChangeDelay(), 30 days);
    }

    /// totalStake and slashCap count the thawing pool as well as the active one.
    function test_totalStake_countsActiveAndThawing() public {
        _stake(owner, assetId, 1_000e18);
        uint256 shares = staking.getStaker(assetId, owner).selfShares;
        vm.prank(owner);
        staking.unstake(assetId, shares / 4);
        IStakingPool.Pool memory pool = staking.getPool(assetId);
        assertGt(pool.selfThawingTokens, 0);
        assertEq(staking.totalStake(assetId), 1_000e18);
        assertEq(uint256(pool.selfTokens) + pool.selfThawingTokens, 1_000e18);
        assertEq(staking.slashCap(assetId), 100e18);
    }

    function test_isServing_statusAndStake() public {
        assertFalse(staking.isServing(999));
        assertFalse(staking.isServing(assetId));
        _stake(owner, assetId, 1_000e18);
        assertTrue(staking.isServing(assetId));
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        assertFalse(staking.isServing(assetId));
    }

    function test_constantsAndViews() public view {
        assertEq(staking.MAX_SLASH_BPS(), 1_000);
        assertEq(staking.MAX_THAW_REQUESTS(), 8);
        assertEq(staking.SHARES_OFFSET_DECIMALS(), 3);
        assertEq(staking.REWARD_SCALE(), 1e36);
        assertEq(address(staking.TOKEN()), address(token));
        assertEq(address(staking.REGISTRY()), address(registry));
        assertEq(staking.getStaker(assetId, owner).selfShares, 0);
        assertEq(staking.delegatedStakeOf(assetId, delegator), 0);
    }

    function _permitDigest(address holder, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                holder,
                spender,
                value,
                nonce,
                deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }
}
