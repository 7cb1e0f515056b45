// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {ModelRegistry} from "../../contracts/ModelRegistry.sol";
import {StakingPool} from "../../contracts/StakingPool.sol";
import {UsagePayments} from "../../contracts/UsagePayments.sol";
import {Disputes} from "../../contracts/Disputes.sol";
import {Reputation} from "../../contracts/Reputation.sol";
import {IDelayedChanges} from "../../interfaces/IDelayedChanges.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";

/// @notice The real deployment (token, registry, staking, payments, disputes, reputation) and helpers
/// shared by the fuzz, invariant and unit tests.
abstract contract Base is Test {
    uint256 internal constant TOKEN_UNIT = 1e18;
    uint256 internal constant SUPPLY = 1e9 * TOKEN_UNIT;
    uint256 internal constant FUNDING = 1e7 * TOKEN_UNIT;

    MarketToken internal token;
    ModelRegistry internal registry;
    StakingPool internal staking;
    UsagePayments internal payments;
    Disputes internal disputes;
    Reputation internal reputation;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal arbiter = makeAddr("arbiter");
    address internal owner = makeAddr("owner");
    address internal otherOwner = makeAddr("otherOwner");
    address internal delegator = makeAddr("delegator");
    address internal delegator2 = makeAddr("delegator2");
    address internal stranger = makeAddr("stranger");
    uint256 internal consumerKey = 0xC0FFEE;
    address internal consumer;
    uint256 internal sessionPk = 0x5E55;
    address internal sessionKey;

    function setUp() public virtual {
        consumer = vm.addr(consumerKey);
        sessionKey = vm.addr(sessionPk);
        token = new MarketToken(address(this), SUPPLY);
        registry = new ModelRegistry();
        staking = new StakingPool(token, registry, admin);
        payments = new UsagePayments(token, registry, staking, treasury, admin);
        disputes = new Disputes(token, registry, staking, payments, treasury, arbiter, admin);
        reputation = new Reputation(payments);
        vm.startPrank(admin);
        staking.setSlasher(address(disputes));
        vm.stopPrank();
        address[7] memory funded = [owner, otherOwner, delegator, delegator2, stranger, consumer, arbiter];
        for (uint256 i; i < funded.length; ++i) {
            token.transfer(funded[i], FUNDING);
            vm.startPrank(funded[i]);
            token.approve(address(staking), type(uint256).max);
            token.approve(address(payments), type(uint256).max);
            token.approve(address(disputes), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _listing(uint128 price) internal pure returns (IModelRegistry.ListingParams memory params) {
        params.kind = IModelRegistry.AssetKind.Model;
        params.contentHash = keccak256("weights");
        params.metadataURI = "ipfs://card";
        params.licenseId = bytes32("MIT");
        params.pricePerCall = price;
    }

    function _list(address who, uint128 price) internal returns (uint256 assetId) {
        vm.prank(who);
        assetId = registry.list(_listing(price));
    }

    function _listWithParent(address who, uint256 parentId, uint16 royaltyBps) internal returns (uint256 assetId) {
        IModelRegistry.ListingParams memory params = _listing(1e15);
        params.parents = new IModelRegistry.Parent[](1);
        params.parents[0] = IModelRegistry.Parent({assetId: parentId, royaltyBps: royaltyBps});
        vm.prank(who);
        assetId = registry.list(params);
    }

    function _listTwoParents(address who, uint256 p1, uint16 r1, uint256 p2, uint16 r2, uint128 price)
        internal
        returns (uint256 assetId)
    {
        IModelRegistry.ListingParams memory params = _listing(price);
        params.parents = new IModelRegistry.Parent[](2);
        params.parents[0] = IModelRegistry.Parent({assetId: p1, royaltyBps: r1});
        params.parents[1] = IModelRegistry.Parent({assetId: p2, royaltyBps: r2});
        vm.prank(who);
        assetId = registry.list(params);
    }

    function _stake(address who, uint256 assetId, uint256 amount) internal returns (uint256) {
        vm.prank(who);
        return staking.stake(assetId, amount);
    }

    function _delegate(address who, uint256 assetId, uint256 amount) internal returns (uint256) {
        vm.prank(who);
        return staking.delegateStake(assetId, amount);
    }

    function _fund(address who, uint256 amount) internal {
        token.transfer(who, amount);
        vm.startPrank(who);
        token.approve(address(staking), type(uint256).max);
        token.approve(address(payments), type(uint256).max);
        token.approve(address(disputes), type(uint256).max);
        vm.stopPrank();
    }

    function _voucher(uint256 assetId, uint256 cumulative, uint64 deadline)
        internal
        view
        returns (IUsagePayments.Voucher memory v)
    {
        v = IUsagePayments.Voucher({consumer: consumer, assetId: assetId, cumulativeAmount: cumulative, deadline: deadline});
    }

    function _sign(uint256 pk, IUsagePayments.Voucher memory v) internal view returns (bytes memory) {
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(pk, payments.voucherDigest(v));
        return abi.encodePacked(r, s, sv);
    }

    /// @dev Reads `width` bits at bit `shift` of storage `slot` of `target` (packed slots; width < 256).
    function _loadBits(address target, uint256 slot, uint256 shift, uint256 width) internal view returns (uint256) {
        return (uint256(vm.load(target, bytes32(slot))) >> shift) & ((1 << width) - 1);
    }

    /// @dev Overwrites `width` bits at bit `shift` of storage `slot` of `target`: forces a state the
    /// contracts cannot reach in a test's lifetime (counters near their caps).
    function _storeBits(address target, uint256 slot, uint256 shift, uint256 width, uint256 value) internal {
        uint256 mask = ((1 << width) - 1) << shift;
        uint256 word = uint256(vm.load(target, bytes32(slot)));
        vm.store(target, bytes32(slot), bytes32((word & ~mask) | (value << shift)));
    }

    /// @dev Deposits `amount` into `who`'s free balance.
    function _deposit(address who, uint256 amount) internal {
        vm.prank(who);
        payments.deposit(amount);
    }

    /// @dev Deposits `amount` for `who` and allocates it to the lane of `assetId`.
    function _depositTo(address who, uint256 assetId, uint256 amount) internal {
        vm.startPrank(who);
        payments.deposit(amount);
        payments.allocate(assetId, amount);
        vm.stopPrank();
    }

    /// @dev Queues an admin change on `target` (StakingPool or Disputes), waits its delay and applies it.
    function _applyChange(address target, bytes memory call, bytes32 parameter) internal {
        vm.prank(admin);
        (bool ok,) = target.call(call);
        require(ok, "queue failed");
        vm.warp(block.timestamp + IDelayedChanges(target).changeDelay());
        IDelayedChanges(target).executeChange(parameter);
    }

    /// @dev `who` pays `assetId` `calls` calls (pay-per-call, from a lane it funds now).
    function _payCalls(address who, uint256 assetId, uint256 calls) internal {
        uint256 price = registry.getAsset(assetId).pricePerCall;
        vm.startPrank(who);
        payments.deposit(price * calls);
        payments.allocate(assetId, price * calls);
        payments.payPerCall(assetId, calls, price);
        vm.stopPrank();
    }
}
