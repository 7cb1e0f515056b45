// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {MockDecimalsToken} from "../../contracts/mocks/MockDecimalsToken.sol";
import {Reputation} from "../../contracts/Reputation.sol";
import {IMarketToken} from "../../interfaces/IMarketToken.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IReputation} from "../../interfaces/IReputation.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @notice A payments stand-in whose TOKEN() has no decimals(), for Reputation's fallback.
contract NoDecimalsPayments {
    address public immutable TOKEN_ADDRESS;

    constructor(address tokenAddress) {
        TOKEN_ADDRESS = tokenAddress;
    }

    function TOKEN() external view returns (address) {
        return TOKEN_ADDRESS;
    }
}

contract ReputationUnitTest is Base {
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        assetId = _list(owner, 1e18);
        _stake(owner, assetId, 1_000e18);
        _depositTo(consumer, assetId, 10_000e18);
        vm.prank(consumer);
        token.approve(address(reputation), type(uint256).max);
        token.transfer(sessionKey, 1_000e18);
        vm.prank(sessionKey);
        token.approve(address(reputation), type(uint256).max);
    }

    /// @dev 10 % of `weight`, rounded up.
    function _fee(uint256 weight) internal pure returns (uint256) {
        return (weight * 1_000 + 9_999) / 10_000;
    }

    function test_constructor_zeroAndDecimalsFallback() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new Reputation(IUsagePayments(address(0)));
        // registry has code but no decimals(): weighed as 18 decimals
        Reputation r = new Reputation(IUsagePayments(address(new NoDecimalsPayments(address(registry)))));
        assertEq(r.WEIGHT_CAP(), 1_000e18);
        assertEq(reputation.WEIGHT_CAP(), 1_000e18);
    }

    function test_constructor_weightCapFollowsDecimalsUpTo18() public {
        Reputation six = new Reputation(IUsagePayments(address(new NoDecimalsPayments(address(new MockDecimalsToken(6))))));
        assertEq(six.WEIGHT_CAP(), 1_000e6);
        Reputation eighteen =
            new Reputation(IUsagePayments(address(new NoDecimalsPayments(address(new MockDecimalsToken(18))))));
        assertEq(eighteen.WEIGHT_CAP(), 1_000e18);
        address nineteen = address(new NoDecimalsPayments(address(new MockDecimalsToken(19))));
        vm.expectRevert(abi.encodeWithSelector(IReputation.UnsupportedDecimals.selector, 19, 18));
        new Reputation(IUsagePayments(nineteen));
    }

    function test_rate_requiresPaymentAndValidScore() public {
        vm.startPrank(consumer);
        vm.expectRevert(abi.encodeWithSelector(IReputation.NoPaymentHistory.selector, consumer, assetId));
        reputation.rate(assetId, 50, 1, bytes32(0), "");
        payments.payPerCall(assetId, 2, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ScoreOutOfRange.selector, 101, 100));
        reputation.rate(assetId, 101, 2e18, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IReputation.WeightOutOfRange.selector, consumer, assetId, 2e18 + 1, 2e18));
        reputation.rate(assetId, 80, 2e18 + 1, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IReputation.WeightOutOfRange.selector, consumer, assetId, 0, 2e18));
        reputation.rate(assetId, 80, 0, bytes32(0), "");
        assertEq(reputation.rate(assetId, 80, 2e18, keccak256("c"), "ipfs://c"), 2e17);
        vm.stopPrank();
        (uint256 count, uint256 mean, uint256 weight) = reputation.summary(assetId);
        assertEq(count, 1);
        assertEq(mean, 8_000);
        assertEq(weight, 2e18);
    }

    function test_rate_reRateReplacesAndWeightCaps() public {
        vm.startPrank(consumer);
        payments.payPerCall(assetId, 2, type(uint256).max);
        reputation.rate(assetId, 100, 2e18, bytes32(0), "");
        payments.payPerCall(assetId, 2_000, type(uint256).max);
        assertEq(reputation.maxWeightOf(consumer, assetId), 1_000e18);
        assertEq(reputation.rate(assetId, 0, 1_000e18, bytes32(0), ""), 100e18 - 2e17);
        vm.stopPrank();
        IReputation.Totals memory totals = reputation.totalsOf(assetId);
        assertEq(totals.count, 1);
        assertEq(totals.totalWeight, 1_000e18);
        assertEq(totals.weightedScoreSum, 0);
        assertEq(reputation.ratingOf(consumer, assetId).score, 0);
        (, uint256 mean,) = reputation.summary(assetId);
        assertEq(mean, 0);
        (uint256 count,,) = reputation.summary(assetId + 1);
        assertEq(count, 0);
    }

    function test_rateFor_sessionKeyOnly() public {
        vm.prank(consumer);
        payments.payPerCall(assetId, 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IReputation.NotSessionKey.selector, consumer, sessionKey));
        vm.prank(sessionKey);
        reputation.rateFor(consumer, assetId, 10, 1e18, bytes32(0), "");
        vm.prank(consumer);
        payments.authorizeSessionKey(sessionKey, 1e18, uint64(block.timestamp + 1 days), new uint256[](0));
        // a key rates only what it paid itself
        vm.expectRevert(
            abi.encodeWithSelector(IReputation.SessionKeyDidNotPay.selector, consumer, sessionKey, assetId)
        );
        vm.prank(sessionKey);
        reputation.rateFor(consumer, assetId, 10, 1e18, bytes32(0), "");
        IUsagePayments.Voucher memory v = _voucher(assetId, 0.25e18, uint64(block.timestamp + 1 days));
        payments.redeem(v, _sign(sessionPk, v));
        // weighed at most by what the key paid (the consumer paid 1.25e18 in all)
        vm.expectRevert(
            abi.encodeWithSelector(IReputation.WeightOutOfRange.selector, consumer, assetId, 0.25e18 + 1, 0.25e18)
        );
        vm.prank(sessionKey);
        reputation.rateFor(consumer, assetId, 10, 0.25e18 + 1, bytes32(0), "");
        vm.prank(sessionKey);
        assertEq(reputation.rateFor(consumer, assetId, 10, 0.25e18, bytes32(0), ""), _fee(0.25e18));
        assertEq(token.balanceOf(sessionKey), 1_000e18 - _fee(0.25e18));
        assertEq(reputation.ratingOf(consumer, assetId).score, 10);
        assertEq(reputation.MAX_SCORE(), 100);
        assertEq(reputation.MEAN_SCALE(), 100);
        assertEq(address(reputation.PAYMENTS()), address(payments));
    }

    /// @dev Whatever weights a rater walks through, the fees it paid cover 10 % of the highest
    /// weight it ever claimed (so of its current weight), and the running sums stay exact.
    function testFuzz_rate_feesCoverTenPercentOfEveryWeightClaimed(uint256[4] memory weights, uint8 score) public {
        vm.startPrank(consumer);
        payments.payPerCall(assetId, 1_000, type(uint256).max); // spent 1,000e18 = the cap
        uint256 paid;
        uint256 highest;
        for (uint256 i; i < weights.length; ++i) {
            // bounded: four steps
            uint256 weight = bound(weights[i], 1, 1_000e18);
            uint256 expected = weight > highest ? _fee(weight - highest) : 0;
            assertEq(reputation.feeFor(consumer, assetId, weight), expected);
            assertEq(reputation.rate(assetId, score % 101, weight, bytes32(0), ""), expected);
            paid += expected;
            if (weight > highest) highest = weight;
            assertEq(reputation.ratingOf(consumer, assetId).weightPaidFor, highest);
            assertGe(paid * 10_000, highest * 1_000);
            IReputation.Totals memory totals = reputation.totalsOf(assetId);
            assertEq(totals.totalWeight, weight);
            assertEq(totals.weightedScoreSum, weight * (score % 101));
        }
        vm.stopPrank();
        assertEq(token.balanceOf(address(reputation)), paid);
    }

    function test_sweepFees_paysTreasuryAllButOneUnit() public {
        vm.expectRevert(IReputation.NothingToSweep.selector);
        reputation.sweepFees();
        vm.startPrank(consumer);
        payments.payPerCall(assetId, 10, type(uint256).max);
        reputation.rate(assetId, 50, 10e18, bytes32(0), "");
        vm.stopPrank();
        address treasury = payments.treasury();
        uint256 before = token.balanceOf(treasury);
        assertEq(reputation.sweepFees(), 1e18 - 1);
        assertEq(token.balanceOf(treasury), before + 1e18 - 1);
        assertEq(token.balanceOf(address(reputation)), 1);
        vm.expectRevert(IReputation.NothingToSweep.selector);
        reputation.sweepFees();
    }
}

contract ModelRegistryUnitTest is Base {
    function test_list_reverts() public {
        IModelRegistry.ListingParams memory p = _listing(1);
        p.contentHash = bytes32(0);
        vm.expectRevert(IModelRegistry.ZeroContentHash.selector);
        registry.list(p);
        p = _listing(1);
        p.metadataURI = "";
        vm.expectRevert(IModelRegistry.EmptyMetadataURI.selector);
        registry.list(p);
        p = _listing(1);
        p.parents = new IModelRegistry.Parent[](9);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.TooManyParents.selector, 9, 8));
        registry.list(p);
        p.parents = new IModelRegistry.Parent[](1);
        p.parents[0] = IModelRegistry.Parent(1, 0);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.SelfParent.selector, 1));
        registry.list(p);
        p.parents[0] = IModelRegistry.Parent(5, 0);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.UnknownParent.selector, 5));
        registry.list(p);
        uint256 a = registry.list(_listing(1));
        p.parents = new IModelRegistry.Parent[](2);
        p.parents[0] = IModelRegistry.Parent(a, 100);
        p.parents[1] = IModelRegistry.Parent(a, 100);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DuplicateParent.selector, a));
        registry.list(p);
        uint256 b = registry.list(_listing(1));
        p.parents[0] = IModelRegistry.Parent(a, 2_000);
        p.parents[1] = IModelRegistry.Parent(b, 1_001);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RoyaltyAboveCap.selector, 3_001, 3_000));
        registry.list(p);
        p.parents[1] = IModelRegistry.Parent(b, 1_000);
        uint256 c = registry.list(p);
        assertEq(registry.getParents(c).length, 2);
        assertEq(registry.getAsset(c).totalRoyaltyBps, 3_000);
        assertEq(registry.assetCount(), 3);
        assertEq(registry.MAX_PARENTS(), 8);
        assertEq(registry.MAX_TOTAL_ROYALTY_BPS(), 3_000);
    }

    function test_ownerActions_versionsPriceOperatorStatus() public {
        uint256 id = _list(owner, 5);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NotAssetOwner.selector, id, stranger, owner));
        vm.prank(stranger);
        registry.setPrice(id, 1);
        vm.startPrank(owner);
        assertEq(registry.publishVersion(id, keccak256("v2"), "ipfs://v2"), 2);
        assertEq(registry.publishVersion(id, keccak256("v3"), "ipfs://v3"), 3);
        registry.setPrice(id, 9);
        assertEq(registry.getAsset(id).pricePerCall, 9);
        assertEq(registry.signerOf(id), owner);
        registry.setOperator(id, stranger);
        assertEq(registry.signerOf(id), stranger);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.InvalidStatusChange.selector, id, IModelRegistry.AssetStatus.Active, IModelRegistry.AssetStatus.Active
            )
        );
        registry.setStatus(id, IModelRegistry.AssetStatus.Active);
        registry.setStatus(id, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, id));
        registry.publishVersion(id, keccak256("v4"), "ipfs://v4");
        vm.stopPrank();
        assertEq(registry.tokenURI(id), "");
        assertEq(registry.getVersion(id, 2).contentHash, keccak256("v2"));
        assertEq(registry.getVersions(id, 0, 0).length, 3);
        assertEq(registry.getVersions(id, 2, 1).length, 1);
        assertEq(registry.getVersions(id, 2, 10).length, 2);
        assertEq(registry.getVersions(id, 4, 1).length, 0);
        assertTrue(registry.exists(id));
        assertFalse(registry.exists(id + 1));
    }

    function test_views_revertForUnknownAsset() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 3));
        registry.getAsset(3);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 3));
        registry.getVersion(3, 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 3));
        registry.getVersions(3, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 3));
        registry.getParents(3);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 3));
        registry.tokenURI(3);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 3));
        registry.signerOf(3);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 3));
        registry.setPrice(3, 1);
    }
}

contract MarketTokenUnitTest is Base {
    function test_constructor_rejectsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketToken.InvalidInitialMint.selector, address(0), 1));
        new MarketToken(address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketToken.InvalidInitialMint.selector, owner, 0));
        new MarketToken(owner, 0);
    }

    function test_votesAndNonces() public {
        assertEq(token.nonces(owner), 0);
        vm.prank(owner);
        token.delegate(owner);
        assertEq(token.getVotes(owner), FUNDING);
        vm.prank(owner);
        token.transfer(stranger, 1e18);
        assertEq(token.getVotes(owner), FUNDING - 1e18);
        assertEq(token.totalSupply(), SUPPLY);
    }
}
