// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {ComputeJobs} from "../../contracts/ComputeJobs.sol";
import {IComputeJobs} from "../../interfaces/IComputeJobs.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice ComputeJobs unit tests: every revert branch with its exact error and values, and each
/// state change with its effect (escrow, claimables, status, dispute bond).
contract ComputeJobsUnitTest is Base {
    uint16 internal constant FEE_BPS = 500;
    uint16 internal constant BOND_BPS = 1_000;
    uint128 internal constant MIN_BOND = 1e18;
    uint64 internal constant DURATION = 7 days;
    uint64 internal constant REVIEW = 1 days;
    uint64 internal constant RESOLUTION = 3 days;
    uint128 internal constant PRICE = 100e18;
    bytes32 internal constant ALGO = keccak256("recipe");
    bytes32 internal constant RESULT = keccak256("result");
    bytes32 internal constant LOG = keccak256("log");

    ComputeJobs internal compute;
    uint256 internal providerKey = 0xBEEF;
    address internal provider;
    uint256 internal dataset;
    uint256 internal service;

    function setUp() public override {
        super.setUp();
        provider = vm.addr(providerKey);
        _fund(provider, FUNDING);
        compute = _deploy(FEE_BPS, BOND_BPS, MIN_BOND);
        IModelRegistry.ListingParams memory params = _listing(0);
        params.kind = IModelRegistry.AssetKind.Dataset;
        params.contentHash = keccak256("table");
        vm.prank(owner);
        dataset = registry.list(params);
        service = _list(provider, 0);
        _stake(provider, service, staking.minSelfStake());
        vm.prank(consumer);
        token.approve(address(compute), type(uint256).max);
    }

    // ---------------------------------------------------------------- helpers

    function _deploy(uint16 feeBps, uint16 bondBps, uint128 minBond) internal returns (ComputeJobs) {
        return new ComputeJobs(token, registry, staking, disputes, feeBps, DURATION, REVIEW, RESOLUTION, bondBps, minBond);
    }

    function _terms() internal view returns (IComputeJobs.ApprovalTerms memory) {
        return IComputeJobs.ApprovalTerms({
            price: PRICE,
            requiredFlags: 0,
            allowedLicenceClasses: type(uint256).max,
            providerAssetId: service,
            algorithmAssetId: 0,
            providerBps: 2_000,
            algorithmBps: 0
        });
    }

    function _approve(IComputeJobs.ApprovalTerms memory terms) internal {
        vm.prank(owner);
        compute.approveAlgorithm(dataset, ALGO, terms);
    }

    function _order() internal view returns (IComputeJobs.Order memory) {
        return IComputeJobs.Order({
            datasetId: dataset,
            algorithmHash: ALGO,
            paramsHash: keccak256("params"),
            maxPrice: PRICE,
            deadline: uint64(block.timestamp + 1 hours),
            declaredFlags: 0,
            licenceClass: 0
        });
    }

    function _ordered() internal returns (uint256 jobId) {
        _approve(_terms());
        vm.prank(consumer);
        jobId = compute.orderJob(_order());
    }

    function _accepted() internal returns (uint256 jobId) {
        jobId = _ordered();
        vm.prank(provider);
        compute.acceptJob(jobId);
    }

    function _signature(uint256 key, uint256 jobId, bytes32 resultHash) internal view returns (bytes memory) {
        bytes32 digest = compute.resultReceiptDigest(IComputeJobs.ResultReceipt(jobId, ALGO, resultHash, LOG));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _posted() internal returns (uint256 jobId) {
        jobId = _accepted();
        bytes memory signature = _signature(providerKey, jobId, RESULT);
        vm.prank(provider);
        compute.postResult(jobId, RESULT, LOG, signature);
    }

    function _disputed() internal returns (uint256 jobId) {
        jobId = _posted();
        vm.prank(consumer);
        compute.disputeResult(jobId, keccak256("evidence"));
    }

    function _expectStatus(uint256 jobId, IComputeJobs.JobStatus status) internal {
        vm.expectRevert(abi.encodeWithSelector(IComputeJobs.WrongJobStatus.selector, jobId, status));
    }

    function _ceilBps(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return (amount * bps + 9_999) / 10_000;
    }

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
