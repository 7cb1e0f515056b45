// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {ComputeJobs} from "../../contracts/ComputeJobs.sol";
import {IComputeJobs} from "../../interfaces/IComputeJobs.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice Shared setup of the ComputeJobs forge unit tests: a dataset, a staked provider asset, an
/// approved algorithm, and helpers that walk a job to each status.
abstract contract ComputeJobsBase is Base {
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
}
