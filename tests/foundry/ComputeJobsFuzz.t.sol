// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {ComputeJobs} from "../../contracts/ComputeJobs.sol";
import {IComputeJobs} from "../../interfaces/IComputeJobs.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice ComputeJobs fuzz: a job's escrow and dispute bond are paid out exactly once and in full (fee
/// rounded up, shares rounded down, the dataset owner takes the rest, the bond returned pro rata to
/// the refund), whatever the price, shares and refund; a
/// result receipt signed by any key but the provider asset's signer is rejected.
contract ComputeJobsFuzzTest is Base {
    uint16 internal constant FEE_BPS = 500;
    bytes32 internal constant ALGO = keccak256("recipe");

    ComputeJobs internal compute;
    uint256 internal providerKey = 0xBEEF;
    address internal provider;
    uint256 internal dataset;
    uint256 internal service;

    function setUp() public override {
        super.setUp();
        provider = vm.addr(providerKey);
        _fund(provider, FUNDING);
        compute = new ComputeJobs(token, registry, staking, disputes, FEE_BPS, 7 days, 1 days, 3 days, 1_000, 1e18);
        IModelRegistry.ListingParams memory params = _listing(0);
        params.kind = IModelRegistry.AssetKind.Dataset;
        vm.prank(owner);
        dataset = registry.list(params);
        service = _list(provider, 0);
        _stake(provider, service, staking.minSelfStake());
        vm.prank(consumer);
        token.approve(address(compute), type(uint256).max);
    }

    function _approve(uint128 price, uint16 providerBps) internal {
        IComputeJobs.ApprovalTerms memory terms = IComputeJobs.ApprovalTerms({
            price: price,
            requiredFlags: 0,
            allowedLicenceClasses: type(uint256).max,
            providerAssetId: service,
            algorithmAssetId: 0,
            providerBps: providerBps,
            algorithmBps: 0
        });
        vm.prank(owner);
        compute.approveAlgorithm(dataset, ALGO, terms);
    }

    function _orderAcceptPost(uint128 price) internal returns (uint256 jobId) {
        IComputeJobs.Order memory order = IComputeJobs.Order({
            datasetId: dataset,
            algorithmHash: ALGO,
            paramsHash: bytes32(0),
            maxPrice: price,
            deadline: uint64(block.timestamp + 1 hours),
            declaredFlags: 0,
            licenceClass: 0
        });
        vm.prank(consumer);
        jobId = compute.orderJob(order);
        vm.prank(provider);
        compute.acceptJob(jobId);
        bytes32 digest = compute.resultReceiptDigest(IComputeJobs.ResultReceipt(jobId, ALGO, bytes32(uint256(1)), 0));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, digest);
        vm.prank(provider);
        compute.postResult(jobId, bytes32(uint256(1)), 0, abi.encodePacked(r, s, v));
    }

    function testFuzz_disputedJobPaysOutExactlyItsEscrow(uint128 price, uint16 providerBps, uint256 refund) public {
        price = uint128(bound(price, 1, FUNDING / 2)); // the consumer pays the price and the bond
        providerBps = uint16(bound(providerBps, 0, 10_000));
        refund = bound(refund, 0, price);
        _approve(price, providerBps);
        uint256 jobId = _orderAcceptPost(price);
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
        vm.prank(arbiter);
        compute.resolveDispute(jobId, refund);

        uint256 bond = compute.disputeBond(price);
        uint256 returned = bond * refund / price;
        uint256 bondFee = (bond - returned) * FEE_BPS / 10_000 + ((bond - returned) * FEE_BPS % 10_000 == 0 ? 0 : 1);
        uint256 released = price - refund;
        uint256 fee = compute.claimable(treasury) - bondFee;
        assertGe(fee * 10_000, released * FEE_BPS); // rounded up: the protocol never gets less than its fee
        assertLt(fee * 10_000, released * FEE_BPS + 10_000);
        assertEq(
            compute.claimable(provider), (released - fee) * providerBps / 10_000 + bond - returned - bondFee
        );
        assertEq(compute.claimable(consumer), refund + returned);
        assertEq(
            compute.claimable(treasury) + compute.claimable(provider) + compute.claimable(owner)
                + compute.claimable(consumer),
            price + bond
        );
        assertEq(compute.totalEscrow(), 0);
        assertEq(compute.totalClaimable(), price + bond);
        assertEq(token.balanceOf(address(compute)), price + bond);
    }

    function testFuzz_disputeBondFollowsTheRefundAndIsConserved(
        uint16 bondBps,
        uint128 minBond,
        uint128 price,
        uint256 refund
    ) public {
        bondBps = uint16(bound(bondBps, 0, 10_000));
        minBond = uint128(bound(minBond, 1, FUNDING / 4));
        price = uint128(bound(price, 1, FUNDING / 4));
        refund = bound(refund, 0, price);
        compute = new ComputeJobs(token, registry, staking, disputes, FEE_BPS, 7 days, 1 days, 3 days, bondBps, minBond);
        vm.prank(consumer);
        token.approve(address(compute), type(uint256).max);
        _approve(price, 2_000);
        uint256 jobId = _orderAcceptPost(price);
        uint256 bond = compute.disputeBond(price);
        assertGe(bond, minBond);
        assertGe(bond * 10_000, uint256(price) * bondBps); // bps part rounded up
        uint256 consumerBefore = token.balanceOf(consumer);
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
        assertEq(token.balanceOf(consumer), consumerBefore - bond);
        vm.prank(arbiter);
        compute.resolveDispute(jobId, refund);

        // The consumer's bond back is proportional to the refund, never more; nothing is stranded.
        uint256 returned = compute.claimable(consumer) - refund;
        assertEq(returned, bond * refund / price);
        if (refund == price) assertEq(returned, bond);
        assertEq(compute.totalClaimable(), uint256(price) + bond);
        assertEq(compute.totalEscrow(), 0);
        assertEq(token.balanceOf(address(compute)), uint256(price) + bond);
    }

    function testFuzz_receiptSignedByAnotherKeyIsRejected(uint256 key) public {
        key = bound(key, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        vm.assume(key != providerKey);
        _approve(1e18, 0);
        IComputeJobs.Order memory order = IComputeJobs.Order({
            datasetId: dataset,
            algorithmHash: ALGO,
            paramsHash: bytes32(0),
            maxPrice: 1e18,
            deadline: uint64(block.timestamp + 1 hours),
            declaredFlags: 0,
            licenceClass: 0
        });
        vm.prank(consumer);
        uint256 jobId = compute.orderJob(order);
        vm.prank(provider);
        compute.acceptJob(jobId);
        bytes32 digest = compute.resultReceiptDigest(IComputeJobs.ResultReceipt(jobId, ALGO, bytes32(uint256(1)), 0));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.BadResultSignature.selector, jobId, provider));
        compute.postResult(jobId, bytes32(uint256(1)), 0, abi.encodePacked(r, s, v));
    }
}
