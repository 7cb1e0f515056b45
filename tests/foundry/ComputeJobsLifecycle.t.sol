// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ComputeJobsBase} from "./ComputeJobsBase.t.sol";
import {IComputeJobs} from "../../interfaces/IComputeJobs.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice ComputeJobs unit tests, acceptance to claim: every revert branch with its exact error and
/// values, the release split, lineage royalties, and the dispute bond's settlement.
contract ComputeJobsLifecycleTest is ComputeJobsBase {
    // ---------------------------------------------------------------- cancelJob / acceptJob

    function test_cancelJob_refundsInFull() public {
        uint256 jobId = _ordered();
        vm.prank(consumer);
        compute.cancelJob(jobId);
        assertEq(compute.claimable(consumer), PRICE);
        assertEq(compute.totalEscrow(), 0);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Refunded));
    }

    function test_cancelJob_revertsForNonConsumer() public {
        uint256 jobId = _ordered();
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotJobConsumer.selector, jobId, stranger));
        vm.prank(stranger);
        compute.cancelJob(jobId);
    }

    function test_cancelJob_revertsOnceAccepted() public {
        uint256 jobId = _accepted();
        _expectStatus(jobId, IComputeJobs.JobStatus.Accepted);
        vm.prank(consumer);
        compute.cancelJob(jobId);
    }

    function test_acceptJob_recordsProvider() public {
        uint256 jobId = _accepted();
        IComputeJobs.Job memory job = compute.getJob(jobId);
        assertEq(job.provider, provider);
        assertEq(uint8(job.status), uint8(IComputeJobs.JobStatus.Accepted));
    }

    function test_acceptJob_revertsForUnknownJob() public {
        _expectStatus(7, IComputeJobs.JobStatus.None);
        vm.prank(provider);
        compute.acceptJob(7);
    }

    function test_acceptJob_revertsAfterDeadline() public {
        uint256 jobId = _ordered();
        uint64 deadline = compute.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.JobExpired.selector, jobId, deadline));
        vm.prank(provider);
        compute.acceptJob(jobId);
    }

    function test_acceptJob_revertsForNonProvider() public {
        uint256 jobId = _ordered();
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotJobProvider.selector, jobId, stranger, provider));
        vm.prank(stranger);
        compute.acceptJob(jobId);
    }

    function test_acceptJob_revertsWhenProviderNotServing() public {
        uint256 jobId = _ordered();
        vm.prank(provider);
        registry.setStatus(service, IModelRegistry.AssetStatus.Paused);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.ProviderNotStaked.selector, service));
        vm.prank(provider);
        compute.acceptJob(jobId);
    }

    // ---------------------------------------------------------------- postResult

    function test_postResult_opensReviewWindow() public {
        uint256 jobId = _posted();
        IComputeJobs.Job memory job = compute.getJob(jobId);
        assertEq(uint8(job.status), uint8(IComputeJobs.JobStatus.Posted));
        assertEq(job.resultHash, RESULT);
        assertEq(job.windowEnds, block.timestamp + REVIEW);
    }

    function test_postResult_revertsBeforeAcceptance() public {
        uint256 jobId = _ordered();
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        _expectStatus(jobId, IComputeJobs.JobStatus.Ordered);
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
    }

    function test_postResult_revertsForNonProvider() public {
        uint256 jobId = _accepted();
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotJobProvider.selector, jobId, stranger, provider));
        vm.prank(stranger);
        compute.postResult(jobId, RESULT, LOG, signature);
    }

    function test_postResult_revertsAfterDeadline() public {
        uint256 jobId = _accepted();
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        uint64 deadline = compute.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.JobExpired.selector, jobId, deadline));
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
    }

    function test_postResult_revertsForZeroResult() public {
        uint256 jobId = _accepted();
        bytes memory signature = _signature(providerKey, jobId, bytes32(0));
        vm.expectRevert(IComputeJobs.ZeroResultHash.selector);
        vm.prank(provider);
        compute.postResult(jobId, bytes32(0), LOG, signature);
    }

    function test_postResult_revertsForForeignSignature() public {
        uint256 jobId = _accepted();
        bytes memory signature = _signature(0xBAD, jobId, RESULT);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.BadResultSignature.selector, jobId, provider));
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
    }

    // ---------------------------------------------------------------- acceptResult

    function test_acceptResult_releasesTheSplit() public {
        uint256 jobId = _posted();
        vm.prank(consumer);
        compute.acceptResult(jobId);
        uint256 fee = _ceilBps(PRICE, FEE_BPS);
        uint256 providerShare = (PRICE - fee) * 2_000 / 10_000;
        assertEq(compute.claimable(treasury), fee);
        assertEq(compute.claimable(provider), providerShare);
        assertEq(compute.claimable(owner), PRICE - fee - providerShare);
        assertEq(compute.totalEscrow(), 0);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Released));
    }

    function test_acceptResult_revertsForNonConsumer() public {
        uint256 jobId = _posted();
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotJobConsumer.selector, jobId, stranger));
        vm.prank(stranger);
        compute.acceptResult(jobId);
    }

    function test_acceptResult_revertsWithoutResult() public {
        uint256 jobId = _accepted();
        _expectStatus(jobId, IComputeJobs.JobStatus.Accepted);
        vm.prank(consumer);
        compute.acceptResult(jobId);
    }

    // ---------------------------------------------------------------- disputeResult and its bond

    function test_disputeBond_isBpsRoundedUpWithFloor() public view {
        assertEq(compute.disputeBond(PRICE + 1), _ceilBps(PRICE + 1, BOND_BPS));
        assertEq(compute.disputeBond(1), MIN_BOND);
    }

    function test_disputeResult_pullsBondAndEmits() public {
        uint256 jobId = _posted();
        uint256 bond = compute.disputeBond(PRICE);
        uint256 before = token.balanceOf(consumer);
        vm.expectEmit(address(compute));
        emit IComputeJobs.JobDisputed(jobId, consumer, keccak256("evidence"), uint64(block.timestamp + RESOLUTION), bond);
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
        assertEq(token.balanceOf(consumer), before - bond);
        assertEq(compute.totalEscrow(), PRICE + bond);
        assertEq(token.balanceOf(address(compute)), PRICE + bond);
    }

    function test_disputeResult_revertsWithoutBondAllowance() public {
        uint256 jobId = _posted();
        vm.prank(consumer);
        token.approve(address(compute), 5);
        vm.expectRevert(
            abi.encodeWithSelector(IComputeJobs.DisputeBondNotApproved.selector, jobId, 5, compute.disputeBond(PRICE))
        );
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
    }

    function test_disputeResult_revertsForNonConsumer() public {
        uint256 jobId = _posted();
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotJobConsumer.selector, jobId, stranger));
        vm.prank(stranger);
        compute.disputeResult(jobId, keccak256("evidence"));
    }

    function test_disputeResult_revertsAfterReviewWindow() public {
        uint256 jobId = _posted();
        uint64 ends = compute.getJob(jobId).windowEnds;
        vm.warp(ends + 1);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.WindowClosed.selector, jobId, ends));
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
    }

    function test_disputeResult_revertsTwice() public {
        uint256 jobId = _disputed();
        _expectStatus(jobId, IComputeJobs.JobStatus.Disputed);
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
    }

    // ---------------------------------------------------------------- resolveDispute

    function test_resolveDispute_rejectedForfeitsBond() public {
        uint256 jobId = _disputed();
        uint256 bond = compute.disputeBond(PRICE);
        uint256 bondFee = _ceilBps(bond, FEE_BPS);
        vm.expectEmit(address(compute));
        emit IComputeJobs.DisputeBondSettled(jobId, consumer, provider, 0, bond - bondFee, bondFee);
        vm.prank(arbiter);
        compute.resolveDispute(jobId, 0);
        uint256 fee = _ceilBps(PRICE, FEE_BPS);
        assertEq(compute.claimable(consumer), 0);
        assertEq(compute.claimable(provider), (PRICE - fee) * 2_000 / 10_000 + bond - bondFee);
        assertEq(compute.claimable(treasury), fee + bondFee);
        assertEq(compute.totalEscrow(), 0);
        assertEq(compute.totalClaimable(), PRICE + bond);
    }

    function test_resolveDispute_upheldReturnsBond() public {
        uint256 jobId = _disputed();
        vm.prank(arbiter);
        compute.resolveDispute(jobId, PRICE);
        assertEq(compute.claimable(consumer), PRICE + compute.disputeBond(PRICE));
        assertEq(compute.claimable(provider), 0);
        assertEq(compute.claimable(owner), 0);
    }

    function test_resolveDispute_revertsForNonArbiter() public {
        uint256 jobId = _disputed();
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotArbiter.selector, consumer));
        vm.prank(consumer);
        compute.resolveDispute(jobId, 0);
    }

    function test_resolveDispute_revertsForUndisputedJob() public {
        uint256 jobId = _posted();
        _expectStatus(jobId, IComputeJobs.JobStatus.Posted);
        vm.prank(arbiter);
        compute.resolveDispute(jobId, 0);
    }

    function test_resolveDispute_revertsAfterWindow() public {
        uint256 jobId = _disputed();
        uint64 ends = compute.getJob(jobId).windowEnds;
        vm.warp(ends + 1);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.WindowClosed.selector, jobId, ends));
        vm.prank(arbiter);
        compute.resolveDispute(jobId, 0);
    }

    function test_resolveDispute_revertsAboveEscrow() public {
        uint256 jobId = _disputed();
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.RefundAboveEscrow.selector, jobId, PRICE + 1, PRICE));
        vm.prank(arbiter);
        compute.resolveDispute(jobId, PRICE + 1);
    }

    // ---------------------------------------------------------------- release / refund / claim

    function test_release_afterReviewWindow() public {
        uint256 jobId = _posted();
        vm.warp(compute.getJob(jobId).windowEnds + 1);
        vm.prank(stranger);
        compute.release(jobId);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Released));
        assertEq(compute.totalClaimable(), PRICE);
    }

    function test_release_unruledDisputeForfeitsBond() public {
        uint256 jobId = _disputed();
        uint256 bond = compute.disputeBond(PRICE);
        vm.warp(compute.getJob(jobId).windowEnds + 1);
        vm.prank(stranger);
        compute.release(jobId);
        assertEq(compute.claimable(consumer), 0);
        assertEq(compute.totalClaimable(), PRICE + bond);
        assertEq(compute.totalEscrow(), 0);
    }

    function test_release_revertsDuringWindow() public {
        uint256 jobId = _posted();
        uint64 ends = compute.getJob(jobId).windowEnds;
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.WindowOpen.selector, jobId, ends));
        compute.release(jobId);
    }

    function test_release_revertsWithoutResult() public {
        uint256 jobId = _ordered();
        _expectStatus(jobId, IComputeJobs.JobStatus.Ordered);
        compute.release(jobId);
    }

    function test_refund_afterDeadline() public {
        uint256 jobId = _accepted();
        vm.warp(compute.getJob(jobId).deadline + 1);
        vm.prank(stranger);
        compute.refund(jobId);
        assertEq(compute.claimable(consumer), PRICE);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Refunded));
    }

    function test_refund_revertsBeforeDeadline() public {
        uint256 jobId = _ordered();
        uint64 deadline = compute.getJob(jobId).deadline;
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.JobNotExpired.selector, jobId, deadline));
        compute.refund(jobId);
    }

    function test_refund_revertsOncePosted() public {
        uint256 jobId = _posted();
        vm.warp(compute.getJob(jobId).deadline + 1);
        _expectStatus(jobId, IComputeJobs.JobStatus.Posted);
        compute.refund(jobId);
    }

    function test_claim_paysAndZeroes() public {
        uint256 jobId = _ordered();
        vm.prank(consumer);
        compute.cancelJob(jobId);
        uint256 before = token.balanceOf(consumer);
        vm.prank(consumer);
        assertEq(compute.claim(), PRICE);
        assertEq(token.balanceOf(consumer), before + PRICE);
        assertEq(compute.claimable(consumer), 0);
        assertEq(compute.totalClaimable(), 0);
    }

    function test_claim_revertsWithNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, stranger));
        vm.prank(stranger);
        compute.claim();
    }

    // ---------------------------------------------------------------- algorithm asset and lineage royalties

    function test_release_paysLineageRoyaltiesAndAlgorithmOwner() public {
        uint256 parent = _list(delegator2, 0);
        uint256 zeroRoyaltyParent = _list(otherOwner, 0);
        IModelRegistry.ListingParams memory params = _listing(0);
        params.contentHash = ALGO;
        params.parents = new IModelRegistry.Parent[](2);
        params.parents[0] = IModelRegistry.Parent({assetId: parent, royaltyBps: 1_000});
        params.parents[1] = IModelRegistry.Parent({assetId: zeroRoyaltyParent, royaltyBps: 0});
        vm.prank(delegator);
        uint256 algorithm = registry.list(params);
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.algorithmAssetId = algorithm;
        terms.algorithmBps = 3_000;
        _approve(terms);
        vm.prank(consumer);
        uint256 jobId = compute.orderJob(_order());
        vm.prank(provider);
        compute.acceptJob(jobId);
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
        vm.prank(consumer);
        compute.acceptResult(jobId);

        uint256 net = PRICE - _ceilBps(PRICE, FEE_BPS);
        uint256 algorithmShare = net * 3_000 / 10_000;
        uint256 royalty = algorithmShare * 1_000 / 10_000;
        assertEq(compute.claimable(delegator2), royalty);
        assertEq(compute.claimable(otherOwner), 0);
        assertEq(compute.claimable(delegator), algorithmShare - royalty);
        assertEq(compute.claimable(owner), net - net * 2_000 / 10_000 - algorithmShare);
    }
}
