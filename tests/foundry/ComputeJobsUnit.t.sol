// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ComputeJobsBase} from "./ComputeJobsBase.t.sol";
import {ComputeJobs} from "../../contracts/ComputeJobs.sol";
import {IComputeJobs} from "../../interfaces/IComputeJobs.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice ComputeJobs unit tests, construction to order: every revert branch with its exact error
/// and values, and each state change with its effect.
contract ComputeJobsUnitTest is ComputeJobsBase {
    // ---------------------------------------------------------------- constructor

    function test_constructor_setsImmutables() public view {
        assertEq(compute.FEE_BPS(), FEE_BPS);
        assertEq(compute.DISPUTE_BOND_BPS(), BOND_BPS);
        assertEq(compute.MIN_DISPUTE_BOND(), MIN_BOND);
        assertEq(compute.MAX_JOB_DURATION(), DURATION);
        assertEq(compute.REVIEW_WINDOW(), REVIEW);
        assertEq(compute.RESOLUTION_WINDOW(), RESOLUTION);
        assertEq(address(compute.TOKEN()), address(token));
        assertEq(address(compute.REGISTRY()), address(registry));
        assertEq(address(compute.STAKING()), address(staking));
        assertEq(address(compute.DISPUTES()), address(disputes));
    }

    function test_constructor_emitsConfiguration() public {
        vm.expectEmit();
        emit IComputeJobs.ComputeJobsConfigured(FEE_BPS, DURATION, REVIEW, RESOLUTION, BOND_BPS, MIN_BOND);
        _deploy(FEE_BPS, BOND_BPS, MIN_BOND);
    }

    function test_constructor_revertsOnZeroAddresses() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new ComputeJobs(IERC20(address(0)), registry, staking, disputes, 0, 1, 1, 1, 0, 1);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new ComputeJobs(token, IModelRegistry(address(0)), staking, disputes, 0, 1, 1, 1, 0, 1);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new ComputeJobs(token, registry, IStakingPool(address(0)), disputes, 0, 1, 1, 1, 0, 1);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new ComputeJobs(token, registry, staking, IDisputes(address(0)), 0, 1, 1, 1, 0, 1);
    }

    function test_constructor_revertsOnFeeAboveMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.ParameterOutOfBounds.selector, 1_001, 0, 1_000));
        _deploy(1_001, BOND_BPS, MIN_BOND);
    }

    function test_constructor_revertsOnBondAboveHundredPercent() public {
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.ParameterOutOfBounds.selector, 10_001, 0, 10_000));
        _deploy(FEE_BPS, 10_001, MIN_BOND);
    }

    function test_constructor_revertsOnZeroDurationsOrBondFloor() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new ComputeJobs(token, registry, staking, disputes, 0, 0, 1, 1, 0, 1);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new ComputeJobs(token, registry, staking, disputes, 0, 1, 0, 1, 0, 1);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new ComputeJobs(token, registry, staking, disputes, 0, 1, 1, 0, 0, 1);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        _deploy(FEE_BPS, BOND_BPS, 0);
    }

    // ---------------------------------------------------------------- approveAlgorithm / revokeAlgorithm

    function test_approveAlgorithm_storesTermsAndEmits() public {
        vm.expectEmit(address(compute));
        emit IComputeJobs.AlgorithmApproved(
            dataset, ALGO, owner, PRICE, 0, type(uint256).max, service, 0, 2_000, 0
        );
        _approve(_terms());
        IComputeJobs.Approval memory approval = compute.getApproval(dataset, ALGO);
        assertTrue(approval.active);
        assertEq(approval.price, PRICE);
        assertEq(approval.approver, owner);
        assertEq(approval.providerAssetId, service);
    }

    function test_approveAlgorithm_revertsForUnknownDataset() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        vm.prank(owner);
        compute.approveAlgorithm(999, ALGO, _terms());
    }

    function test_approveAlgorithm_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NotAssetOwner.selector, dataset, stranger, owner));
        vm.prank(stranger);
        compute.approveAlgorithm(dataset, ALGO, _terms());
    }

    function test_approveAlgorithm_revertsForRetiredDataset() public {
        vm.prank(owner);
        registry.setStatus(dataset, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, dataset));
        _approve(_terms());
    }

    function test_approveAlgorithm_revertsForModelAsDataset() public {
        uint256 model = _list(owner, 0);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotADataset.selector, model));
        vm.prank(owner);
        compute.approveAlgorithm(model, ALGO, _terms());
    }

    function test_approveAlgorithm_revertsForZeroHash() public {
        vm.expectRevert(IComputeJobs.ZeroAlgorithmHash.selector);
        vm.prank(owner);
        compute.approveAlgorithm(dataset, bytes32(0), _terms());
    }

    function test_approveAlgorithm_revertsForZeroPrice() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.price = 0;
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        _approve(terms);
    }

    function test_approveAlgorithm_revertsForSharesAboveTotal() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.providerBps = 6_000;
        terms.algorithmBps = 4_001;
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.SharesAboveTotal.selector, 6_000, 4_001));
        _approve(terms);
    }

    function test_approveAlgorithm_revertsForUnknownProvider() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.providerAssetId = 999;
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        _approve(terms);
    }

    function test_approveAlgorithm_revertsForAlgorithmShareWithoutAsset() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.algorithmBps = 1;
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.AlgorithmShareWithoutAsset.selector, 1));
        _approve(terms);
    }

    function test_approveAlgorithm_revertsForUnknownAlgorithmAsset() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.algorithmAssetId = 999;
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        _approve(terms);
    }

    function test_approveAlgorithm_revertsForDatasetAsAlgorithm() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.algorithmAssetId = dataset;
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.NotAnAlgorithm.selector, dataset));
        _approve(terms);
    }

    function test_approveAlgorithm_revertsForHashOfAnotherVersion() public {
        uint256 algorithm = _list(delegator, 0); // content hash keccak256("weights")
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.algorithmAssetId = algorithm;
        vm.expectRevert(
            abi.encodeWithSelector(IComputeJobs.AlgorithmHashMismatch.selector, algorithm, ALGO, keccak256("weights"))
        );
        _approve(terms);
    }

    function test_revokeAlgorithm_deactivatesAndEmits() public {
        _approve(_terms());
        vm.expectEmit(address(compute));
        emit IComputeJobs.AlgorithmRevoked(dataset, ALGO, owner);
        vm.prank(owner);
        compute.revokeAlgorithm(dataset, ALGO);
        assertFalse(compute.getApproval(dataset, ALGO).active);
    }

    function test_revokeAlgorithm_revertsWhenNotApproved() public {
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.AlgorithmNotApproved.selector, dataset, ALGO));
        vm.prank(owner);
        compute.revokeAlgorithm(dataset, ALGO);
    }

    // ---------------------------------------------------------------- orderJob

    function test_orderJob_escrowsThePrice() public {
        uint256 before = token.balanceOf(consumer);
        uint256 jobId = _ordered();
        assertEq(jobId, 1);
        assertEq(compute.jobCount(), 1);
        assertEq(compute.totalEscrow(), PRICE);
        assertEq(token.balanceOf(consumer), before - PRICE);
        IComputeJobs.Job memory job = compute.getJob(jobId);
        assertEq(uint8(job.status), uint8(IComputeJobs.JobStatus.Ordered));
        assertEq(job.consumer, consumer);
        assertEq(job.price, PRICE);
    }

    function test_orderJob_revertsForUnknownDataset() public {
        IComputeJobs.Order memory order = _order();
        order.datasetId = 999;
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        vm.prank(consumer);
        compute.orderJob(order);
    }

    function test_orderJob_revertsForRetiredDataset() public {
        _approve(_terms());
        vm.prank(owner);
        registry.setStatus(dataset, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, dataset));
        vm.prank(consumer);
        compute.orderJob(_order());
    }

    function test_orderJob_revertsForPausedDataset() public {
        _approve(_terms());
        vm.prank(owner);
        registry.setStatus(dataset, IModelRegistry.AssetStatus.Paused);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.DatasetPaused.selector, dataset));
        vm.prank(consumer);
        compute.orderJob(_order());
    }

    function test_orderJob_revertsForTakenDownDataset() public {
        _approve(_terms());
        registry.takedown(dataset, IModelRegistry.AssetStatus.Suspended, bytes32("gdpr"), keccak256("request"));
        vm.expectRevert(
            abi.encodeWithSelector(
                IComputeJobs.DatasetTakenDown.selector, dataset, IModelRegistry.AssetStatus.Suspended
            )
        );
        vm.prank(consumer);
        compute.orderJob(_order());
    }

    function test_orderJob_revertsWhenNotApproved() public {
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.AlgorithmNotApproved.selector, dataset, ALGO));
        vm.prank(consumer);
        compute.orderJob(_order());
    }

    function test_orderJob_revertsAfterDatasetChangedHands() public {
        _approve(_terms());
        vm.prank(owner);
        registry.transferFrom(owner, stranger, dataset);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.AlgorithmNotApproved.selector, dataset, ALGO));
        vm.prank(consumer);
        compute.orderJob(_order());
    }

    function test_orderJob_revertsForPriceAboveMax() public {
        _approve(_terms());
        IComputeJobs.Order memory order = _order();
        order.maxPrice = PRICE - 1;
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.PriceAboveMax.selector, dataset, ALGO, PRICE, PRICE - 1));
        vm.prank(consumer);
        compute.orderJob(order);
    }

    function test_orderJob_revertsForMissingFlag() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.requiredFlags = 3;
        _approve(terms);
        IComputeJobs.Order memory order = _order();
        order.declaredFlags = 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IComputeJobs.ComplianceRefused.selector, dataset, ALGO, 1, 3, 0, type(uint256).max
            )
        );
        vm.prank(consumer);
        compute.orderJob(order);
    }

    function test_orderJob_revertsForDisallowedLicenceClass() public {
        IComputeJobs.ApprovalTerms memory terms = _terms();
        terms.allowedLicenceClasses = 2; // class 1 only
        _approve(terms);
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.ComplianceRefused.selector, dataset, ALGO, 0, 0, 0, 2));
        vm.prank(consumer);
        compute.orderJob(_order());
    }

    function test_orderJob_revertsForDeadlineOutOfRange() public {
        _approve(_terms());
        IComputeJobs.Order memory order = _order();
        order.deadline = uint64(block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                IComputeJobs.DeadlineOutOfRange.selector, block.timestamp, block.timestamp + 1, block.timestamp + DURATION
            )
        );
        vm.prank(consumer);
        compute.orderJob(order);
        order.deadline = uint64(block.timestamp + DURATION + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IComputeJobs.DeadlineOutOfRange.selector,
                block.timestamp + DURATION + 1,
                block.timestamp + 1,
                block.timestamp + DURATION
            )
        );
        vm.prank(consumer);
        compute.orderJob(order);
    }
}
