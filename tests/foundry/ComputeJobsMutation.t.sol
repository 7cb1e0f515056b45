// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ComputeJobsBase} from "./ComputeJobsBase.t.sol";
import {ComputeJobs} from "../../contracts/ComputeJobs.sol";
import {IComputeJobs} from "../../interfaces/IComputeJobs.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice ComputeJobs boundary tests added for the survivors of the sampled mutation run
/// (tests/foundry/MUTATION.md): each bound on its exact value (maximum fee, shares totalling 100 %,
/// latest deadline, the deadline's and each window's last second), and the protocol fee rounded up on
/// a price where rounding matters.
contract ComputeJobsMutationTest is ComputeJobsBase {
    // ---------------------------------------------------------------- constructor / approval bounds

    function test_constructor_acceptsTheMaximumFee() public {
        ComputeJobs deployed = _deploy(1_000, BOND_BPS, MIN_BOND);
        assertEq(deployed.FEE_BPS(), 1_000);
    }

    function test_approveAlgorithm_sharesMayTotalHundredPercent() public {
        uint256 algorithm = _algorithmAsset();
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.algorithmAssetId = algorithm;
        terms.providerBps = 6_000;
        terms.algorithmBps = 4_000;
        _approve(terms);
        IComputeJobs.Approval memory approval = compute.getApproval(dataset, ALGO);
        assertEq(approval.providerBps, 6_000);
        assertEq(approval.algorithmBps, 4_000);
    }

    // ---------------------------------------------------------------- orderJob deadline

    function test_orderJob_deadlineMayBeTheLatest() public {
        _approve(_terms());
        IComputeJobs.Order memory order = _order();
        order.deadline = uint64(block.timestamp + DURATION);
        vm.prank(consumer);
        uint256 jobId = compute.orderJob(order);
        assertEq(compute.getJob(jobId).deadline, block.timestamp + DURATION);
    }

    function test_orderJob_deadlineMayBeTheNextSecond() public {
        _approve(_terms());
        IComputeJobs.Order memory order = _order();
        order.deadline = uint64(block.timestamp + 1);
        vm.prank(consumer);
        uint256 jobId = compute.orderJob(order);
        assertEq(compute.getJob(jobId).deadline, block.timestamp + 1);
    }

    // ---------------------------------------------------------------- deadline and windows are inclusive

    function test_acceptJob_atTheDeadlineSecond() public {
        uint256 jobId = _ordered();
        vm.warp(compute.getJob(jobId).deadline);
        vm.prank(provider);
        compute.acceptJob(jobId);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Accepted));
    }

    function test_postResult_atTheDeadlineSecond() public {
        uint256 jobId = _accepted();
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        vm.warp(compute.getJob(jobId).deadline);
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Posted));
    }

    function test_refund_revertsAtTheDeadlineSecond() public {
        uint256 jobId = _accepted();
        uint64 deadline = compute.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.JobNotExpired.selector, jobId, deadline));
        compute.refund(jobId);
    }

    function test_disputeResult_atTheLastReviewSecond() public {
        uint256 jobId = _posted();
        vm.warp(compute.getJob(jobId).windowEnds);
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Disputed));
    }

    function test_release_revertsAtTheLastReviewSecond() public {
        uint256 jobId = _posted();
        uint64 ends = compute.getJob(jobId).windowEnds;
        vm.warp(ends);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.WindowOpen.selector, jobId, ends));
        compute.release(jobId);
    }

    function test_resolveDispute_atTheLastResolutionSecond() public {
        uint256 jobId = _disputed();
        vm.warp(compute.getJob(jobId).windowEnds);
        vm.prank(arbiter);
        compute.resolveDispute(jobId, 0);
        assertEq(uint8(compute.getJob(jobId).status), uint8(IComputeJobs.JobStatus.Released));
    }

    function test_release_revertsAtTheLastResolutionSecond() public {
        uint256 jobId = _disputed();
        uint64 ends = compute.getJob(jobId).windowEnds;
        vm.warp(ends);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.WindowOpen.selector, jobId, ends));
        compute.release(jobId);
    }

    // ---------------------------------------------------------------- rounding

    function test_acceptResult_feeRoundedUpOnAnOddPrice() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.price = 101; // 5 % of 101 wei = 5.05 wei: the protocol takes 6
        _approve(terms);
        IComputeJobs.Order memory order = _order();
        order.maxPrice = 101;
        vm.prank(consumer);
        uint256 jobId = compute.orderJob(order);
        vm.prank(provider);
        compute.acceptJob(jobId);
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
        vm.prank(consumer);
        compute.acceptResult(jobId);
        uint256 fee = _ceilBps(101, FEE_BPS);
        assertEq(fee, 6);
        assertEq(compute.claimable(treasury), fee);
        assertEq(compute.claimable(provider), (101 - fee) * 2_000 / 10_000);
        assertEq(compute.claimable(owner), 101 - fee - (101 - fee) * 2_000 / 10_000);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev An algorithm asset whose current version's content hash is `ALGO`.
    function _algorithmAsset() internal returns (uint256 algorithm) {
        vm.prank(delegator);
        algorithm = registry.list(_algorithmListing());
    }

    function _algorithmListing() internal pure returns (IModelRegistry.ListingParams memory params) {
        params = _listing(0);
        params.contentHash = ALGO;
    }
}
