// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Base} from "./Base.t.sol";
import {DataBounties} from "../../contracts/DataBounties.sol";
import {IDataBounties} from "../../interfaces/IDataBounties.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice DataBounties: every revert with its values, each phase gate, the finalization outcomes
/// (accepted, rejected, junk, unrevealed, unscored), validator penalties, EMA and pool split, and the
/// dataset link with each of its registry checks.
contract DataBountiesCasesTest is Base {
    uint256 internal constant STAKE = 100e18;
    uint256 internal constant BOND = 10e18;
    uint128 internal constant REWARD = 1_000e18 + 7;
    uint16 internal constant THRESHOLD = 6_000;
    uint64 internal constant PHASE = 100;
    bytes32 internal constant SALT = bytes32("salt");
    uint64 internal constant SYNTHETIC = 1 << 7;

    DataBounties internal bounties;
    address internal requester = makeAddr("requester");
    address internal gen1 = makeAddr("gen1");
    address internal gen2 = makeAddr("gen2");
    address internal gen3 = makeAddr("gen3");
    address internal gen4 = makeAddr("gen4");
    address internal v1 = makeAddr("v1");
    address internal v2 = makeAddr("v2");
    address internal v3 = makeAddr("v3");
    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        bounties = new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), STAKE, BOND);
        address[8] memory users = [requester, gen1, gen2, gen3, gen4, v1, v2, v3];
        for (uint256 i; i < users.length; ++i) {
            _fundBounties(users[i], 10_000e18);
        }
        _deposit3();
        t0 = block.timestamp;
    }

    // ---------------------------------------------------------------- helpers

    function _fundBounties(address who, uint256 amount) internal {
        token.transfer(who, amount);
        vm.prank(who);
        token.approve(address(bounties), type(uint256).max);
    }

    function _deposit3() internal {
        vm.prank(v1);
        bounties.depositStake(STAKE);
        vm.prank(v2);
        bounties.depositStake(STAKE);
        vm.prank(v3);
        bounties.depositStake(2 * STAKE);
    }

    function _params(uint128 reward, uint256 source) internal view returns (IDataBounties.BountyParams memory p) {
        p = IDataBounties.BountyParams({
            specHash: keccak256("spec"),
            specURI: "ipfs://spec",
            criteriaHash: keccak256("criteria"),
            reward: reward,
            generatorBond: uint128(BOND),
            acceptThresholdBps: THRESHOLD,
            sourceAssetId: source,
            submitDeadline: uint64(block.timestamp) + PHASE,
            datasetRevealDeadline: uint64(block.timestamp) + 2 * PHASE,
            scoreCommitDeadline: uint64(block.timestamp) + 3 * PHASE,
            scoreRevealDeadline: uint64(block.timestamp) + 4 * PHASE
        });
    }

    function _post(uint128 reward, uint256 source) internal returns (uint256 id) {
        vm.prank(requester);
        id = bounties.postBounty(_params(reward, source));
    }

    function _commitment(bytes32 datasetHash, address generator, uint256 bountyId) internal pure returns (bytes32) {
        return keccak256(abi.encode(datasetHash, SALT, generator, bountyId));
    }

    function _dataset(address generator) internal pure returns (bytes32) {
        return keccak256(abi.encode("dataset", generator));
    }

    function _submit(address generator, uint256 bountyId) internal returns (uint256 id) {
        vm.prank(generator);
        id = bounties.submit(bountyId, _commitment(_dataset(generator), generator, bountyId));
    }

    function _reveal(address generator, uint256 submissionId) internal {
        vm.prank(generator);
        bounties.revealDataset(submissionId, _dataset(generator), SALT, "ipfs://data");
    }

    function _join(address validator, uint256 bountyId) internal {
        vm.prank(validator);
        bounties.joinBounty(bountyId);
    }

    function _scoreCommitment(uint256 score, address validator, uint256 submissionId) internal pure returns (bytes32) {
        return keccak256(abi.encode(score, SALT, validator, submissionId));
    }

    function _commitScore(address validator, uint256 submissionId, uint256 score) internal {
        vm.prank(validator);
        bounties.commitScore(submissionId, _scoreCommitment(score, validator, submissionId));
    }

    function _revealScore(address validator, uint256 submissionId, uint256 score) internal {
        vm.prank(validator);
        bounties.revealScore(submissionId, uint16(score), SALT);
    }

    /// @dev Warps into phase `k` (0 Submission … 4 Finalizable) of a bounty posted at t0.
    function _toPhase(uint256 k) internal {
        vm.warp(t0 + k * PHASE + 1);
    }

    function _phaseOf(uint256 bountyId) internal view returns (uint8) {
        return uint8(bounties.phaseOf(bountyId));
    }

    function _wrongPhase(uint256 bountyId, IDataBounties.Phase expected, IDataBounties.Phase actual)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IDataBounties.WrongPhase.selector, bountyId, expected, actual);
    }

    /// @dev A bounty with one submission by gen1 that v1 alone scores `score` (revealed dataset).
    function _scoredOnce(uint256 source, uint256 score) internal returns (uint256 bountyId, uint256 sid) {
        bountyId = _post(REWARD, source);
        sid = _submit(gen1, bountyId);
        _join(v1, bountyId);
        _toPhase(1);
        _reveal(gen1, sid);
        _toPhase(2);
        _commitScore(v1, sid, score);
        _toPhase(3);
        _revealScore(v1, sid, score);
        _toPhase(4);
        bounties.finalize(bountyId);
    }

    function _listDataset(address who, bytes32 contentHash, uint64 flags, uint256 parent)
        internal
        returns (uint256 assetId)
    {
        IModelRegistry.ListingParams memory params = _listing(0);
        params.kind = IModelRegistry.AssetKind.Dataset;
        params.contentHash = contentHash;
        params.complianceFlags = flags;
        if (parent != 0) {
            params.parents = new IModelRegistry.Parent[](1);
            params.parents[0] = IModelRegistry.Parent({assetId: parent, royaltyBps: 100});
        }
        vm.prank(who);
        assetId = registry.list(params);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_revertsOnZeroAddresses() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new DataBounties(IERC20(address(0)), IModelRegistry(address(registry)), STAKE, BOND);
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new DataBounties(IERC20(address(token)), IModelRegistry(address(0)), STAKE, BOND);
    }

    function test_constructor_revertsOnZeroMinimums() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), 0, BOND);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), STAKE, 0);
    }

    function test_constructor_storesAndEmitsTheParameters() public {
        vm.expectEmit(true, true, true, true);
        emit IDataBounties.DataBountiesDeployed(address(token), address(registry), 1, 2, 64, 16, 1_000, 500, 1_000);
        DataBounties d = new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), 1, 2);
        assertEq(address(d.TOKEN()), address(token));
        assertEq(address(d.REGISTRY()), address(registry));
        assertEq(d.MIN_VALIDATOR_STAKE(), 1);
        assertEq(d.MIN_GENERATOR_BOND(), 2);
    }

    // ---------------------------------------------------------------- postBounty

    function test_postBounty_revertsOnZeroReward() public {
        vm.prank(requester);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        bounties.postBounty(_params(0, 0));
    }

    function _expectInvalidDeadlines(IDataBounties.BountyParams memory p) internal {
        vm.prank(requester);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.InvalidDeadlines.selector,
                p.submitDeadline,
                p.datasetRevealDeadline,
                p.scoreCommitDeadline,
                p.scoreRevealDeadline
            )
        );
        bounties.postBounty(p);
    }

    function test_postBounty_revertsOnEachNonIncreasingDeadline() public {
        IDataBounties.BountyParams memory p = _params(REWARD, 0);
        p.submitDeadline = uint64(block.timestamp);
        _expectInvalidDeadlines(p);
        p = _params(REWARD, 0);
        p.datasetRevealDeadline = p.submitDeadline;
        _expectInvalidDeadlines(p);
        p = _params(REWARD, 0);
        p.scoreCommitDeadline = p.datasetRevealDeadline;
        _expectInvalidDeadlines(p);
        p = _params(REWARD, 0);
        p.scoreRevealDeadline = p.scoreCommitDeadline;
        _expectInvalidDeadlines(p);
    }

    function test_postBounty_acceptsDeadlinesOneSecondApart() public {
        IDataBounties.BountyParams memory p = _params(REWARD, 0);
        p.submitDeadline = uint64(block.timestamp) + 1;
        p.datasetRevealDeadline = p.submitDeadline + 1;
        p.scoreCommitDeadline = p.datasetRevealDeadline + 1;
        p.scoreRevealDeadline = p.scoreCommitDeadline + 1;
        vm.prank(requester);
        uint256 id = bounties.postBounty(p);
        assertEq(bounties.getBounty(id).scoreRevealDeadline, uint64(block.timestamp) + 4);
    }

    function test_postBounty_revertsOnThresholdOutOfRange() public {
        IDataBounties.BountyParams memory p = _params(REWARD, 0);
        p.acceptThresholdBps = 0;
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.InvalidThreshold.selector, uint16(0)));
        bounties.postBounty(p);
        p.acceptThresholdBps = 10_001;
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.InvalidThreshold.selector, uint16(10_001)));
        bounties.postBounty(p);
        p.acceptThresholdBps = 10_000;
        vm.prank(requester);
        assertEq(bounties.postBounty(p), 1);
    }

    function test_postBounty_revertsOnBondBelowMinimum() public {
        IDataBounties.BountyParams memory p = _params(REWARD, 0);
        p.generatorBond = uint128(BOND - 1);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.BondBelowMinimum.selector, uint128(BOND - 1), BOND));
        bounties.postBounty(p);
    }

    function test_postBounty_revertsOnUnknownSourceAsset() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 77));
        bounties.postBounty(_params(REWARD, 77));
    }

    function test_postBounty_storesEscrowsAndEmits() public {
        uint256 source = _list(owner, 0);
        IDataBounties.BountyParams memory p = _params(REWARD, source);
        uint256 before = token.balanceOf(requester);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.BountyPosted(
            1,
            requester,
            p.specHash,
            p.specURI,
            p.criteriaHash,
            REWARD,
            uint128(BOND),
            THRESHOLD,
            source,
            [p.submitDeadline, p.datasetRevealDeadline, p.scoreCommitDeadline, p.scoreRevealDeadline]
        );
        vm.prank(requester);
        uint256 id = bounties.postBounty(p);
        assertEq(id, 1);
        assertEq(bounties.bountyCount(), 1);
        IDataBounties.Bounty memory b = bounties.getBounty(id);
        assertEq(b.requester, requester);
        assertEq(b.reward, REWARD);
        assertEq(b.generatorBond, BOND);
        assertEq(b.acceptThresholdBps, THRESHOLD);
        assertEq(b.sourceAssetId, source);
        assertEq(b.specHash, p.specHash);
        assertEq(b.criteriaHash, p.criteriaHash);
        assertEq(b.submitDeadline, p.submitDeadline);
        assertEq(b.scoreRevealDeadline, p.scoreRevealDeadline);
        assertFalse(b.finalized);
        assertEq(token.balanceOf(requester), before - REWARD);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.Submission));
    }

    function test_views_revertOnUnknownIds() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 3));
        bounties.getBounty(3);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 3));
        bounties.phaseOf(3);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 4));
        bounties.getSubmission(4);
    }

    function test_phaseOf_followsEachDeadlineInclusively() public {
        uint256 id = _post(REWARD, 0);
        IDataBounties.Bounty memory b = bounties.getBounty(id);
        vm.warp(b.submitDeadline);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.Submission));
        vm.warp(b.submitDeadline + 1);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.DatasetReveal));
        vm.warp(b.datasetRevealDeadline);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.DatasetReveal));
        vm.warp(b.datasetRevealDeadline + 1);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.ScoreCommit));
        vm.warp(b.scoreCommitDeadline);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.ScoreCommit));
        vm.warp(b.scoreCommitDeadline + 1);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.ScoreReveal));
        vm.warp(b.scoreRevealDeadline);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.ScoreReveal));
        vm.warp(b.scoreRevealDeadline + 1);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.Finalizable));
        bounties.finalize(id);
        assertEq(_phaseOf(id), uint8(IDataBounties.Phase.Finalized));
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.Finalizable, IDataBounties.Phase.Finalized));
        bounties.finalize(id);
    }

    // ---------------------------------------------------------------- submit / revealDataset

    function test_submit_revertsOnUnknownBounty() public {
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 9));
        bounties.submit(9, bytes32(uint256(1)));
    }

    function test_submit_revertsAfterTheSubmitDeadline() public {
        uint256 id = _post(REWARD, 0);
        _toPhase(1);
        vm.prank(gen1);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.Submission, IDataBounties.Phase.DatasetReveal));
        bounties.submit(id, bytes32(uint256(1)));
    }

    function test_submit_revertsOnZeroCommitment() public {
        uint256 id = _post(REWARD, 0);
        vm.prank(gen1);
        vm.expectRevert(IDataBounties.ZeroHash.selector);
        bounties.submit(id, bytes32(0));
    }

    function test_submit_revertsOnASecondSubmission() public {
        uint256 id = _post(REWARD, 0);
        _submit(gen1, id);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.AlreadySubmitted.selector, id, gen1));
        bounties.submit(id, bytes32(uint256(2)));
    }

    function test_submit_revertsWhenFull() public {
        uint256 id = _post(REWARD, 0);
        for (uint256 i; i < 16; ++i) {
            address g = address(uint160(0xA000 + i));
            _fundBounties(g, BOND);
            vm.prank(g);
            bounties.submit(id, bytes32(i + 1));
        }
        assertEq(bounties.getBounty(id).submissionCount, 16);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.SubmissionsFull.selector, id, 16));
        bounties.submit(id, bytes32(uint256(99)));
    }

    function test_submit_bondsStoresAndEmits() public {
        uint256 id = _post(REWARD, 0);
        bytes32 c = _commitment(_dataset(gen1), gen1, id);
        uint256 before = token.balanceOf(gen1);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.SubmissionCommitted(id, 1, gen1, c);
        vm.prank(gen1);
        uint256 sid = bounties.submit(id, c);
        assertEq(sid, 1);
        assertEq(bounties.submissionCount(), 1);
        assertEq(bounties.submissionAt(id, 0), sid);
        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(s.generator, gen1);
        assertEq(s.bountyId, id);
        assertEq(s.index, 0);
        assertEq(s.commitment, c);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Committed));
        assertEq(token.balanceOf(gen1), before - BOND);
        assertEq(_submit(gen2, id), 2);
        assertEq(bounties.getSubmission(2).index, 1);
    }

    function test_revealDataset_revertsOnUnknownSubmission() public {
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 5));
        bounties.revealDataset(5, bytes32(uint256(1)), SALT, "");
    }

    function test_revealDataset_revertsOutsideItsPhase() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        vm.prank(gen1);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.DatasetReveal, IDataBounties.Phase.Submission));
        bounties.revealDataset(sid, _dataset(gen1), SALT, "");
        _toPhase(2);
        vm.prank(gen1);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.DatasetReveal, IDataBounties.Phase.ScoreCommit));
        bounties.revealDataset(sid, _dataset(gen1), SALT, "");
    }

    function test_revealDataset_revertsForAnotherCaller() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        _toPhase(1);
        vm.prank(gen2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotGenerator.selector, sid, gen2));
        bounties.revealDataset(sid, _dataset(gen1), SALT, "");
    }

    function test_revealDataset_revertsOnASecondReveal() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        _toPhase(1);
        _reveal(gen1, sid);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NothingCommitted.selector, sid, gen1));
        bounties.revealDataset(sid, _dataset(gen1), SALT, "");
    }

    function test_revealDataset_revertsOnZeroHash() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        _toPhase(1);
        vm.prank(gen1);
        vm.expectRevert(IDataBounties.ZeroHash.selector);
        bounties.revealDataset(sid, bytes32(0), SALT, "");
    }

    function test_revealDataset_revertsOnCommitmentMismatch() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        _toPhase(1);
        bytes32 wrong = keccak256("wrong");
        vm.prank(gen1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.CommitmentMismatch.selector,
                sid,
                _commitment(_dataset(gen1), gen1, id),
                _commitment(wrong, gen1, id)
            )
        );
        bounties.revealDataset(sid, wrong, SALT, "");
    }

    function test_revealDataset_revertsOnADuplicateDataset() public {
        uint256 id = _post(REWARD, 0);
        bytes32 shared = _dataset(gen1);
        uint256 s1 = _submit(gen1, id);
        vm.prank(gen2);
        uint256 s2 = bounties.submit(id, _commitment(shared, gen2, id));
        _toPhase(1);
        _reveal(gen1, s1);
        vm.prank(gen2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.DuplicateDataset.selector, id, shared));
        bounties.revealDataset(s2, shared, SALT, "");
    }

    function test_revealDataset_storesAndEmits() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        _toPhase(1);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.DatasetRevealed(id, sid, _dataset(gen1), "ipfs://data");
        _reveal(gen1, sid);
        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Revealed));
        assertEq(s.datasetHash, _dataset(gen1));
    }

    // ---------------------------------------------------------------- stake

    function test_depositStake_revertsOnZero() public {
        vm.prank(v1);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        bounties.depositStake(0);
    }

    function test_depositStake_addsAndEmits() public {
        uint256 before = token.balanceOf(v1);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.StakeDeposited(v1, 5, STAKE + 5);
        vm.prank(v1);
        bounties.depositStake(5);
        assertEq(bounties.validatorOf(v1).stake, STAKE + 5);
        assertEq(token.balanceOf(v1), before - 5);
    }

    function test_withdrawStake_revertsOnZero() public {
        vm.prank(v1);
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        bounties.withdrawStake(0);
    }

    function test_withdrawStake_revertsAboveTheStake() public {
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.InsufficientStake.selector, v1, STAKE, STAKE + 1));
        bounties.withdrawStake(STAKE + 1);
    }

    function test_withdrawStake_lockedWhileInABountyThenFree() public {
        uint256 id = _post(REWARD, 0);
        _join(v1, id);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.StakeLocked.selector, v1, 1));
        bounties.withdrawStake(1);
        _toPhase(4);
        bounties.finalize(id);
        assertEq(bounties.validatorOf(v1).activeBounties, 0);
        uint256 before = token.balanceOf(v1);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.StakeWithdrawn(v1, STAKE, 0);
        vm.prank(v1);
        bounties.withdrawStake(STAKE);
        assertEq(bounties.validatorOf(v1).stake, 0);
        assertEq(token.balanceOf(v1), before + STAKE);
    }

    // ---------------------------------------------------------------- joinBounty

    function test_joinBounty_revertsOnUnknownBounty() public {
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 2));
        bounties.joinBounty(2);
    }

    function test_joinBounty_openThroughDatasetRevealOnly() public {
        uint256 id = _post(REWARD, 0);
        _toPhase(1);
        _join(v1, id);
        assertEq(bounties.validatorAt(id, 0), v1);
        _toPhase(2);
        vm.prank(v2);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.DatasetReveal, IDataBounties.Phase.ScoreCommit));
        bounties.joinBounty(id);
    }

    function test_joinBounty_revertsOnASecondJoin() public {
        uint256 id = _post(REWARD, 0);
        _join(v1, id);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.AlreadyJoined.selector, id, v1));
        bounties.joinBounty(id);
    }

    function test_joinBounty_revertsBelowTheMinimumStake() public {
        uint256 id = _post(REWARD, 0);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.StakeBelowMinimum.selector, stranger, 0, STAKE));
        bounties.joinBounty(id);
        _fundBounties(stranger, STAKE);
        vm.prank(stranger);
        bounties.depositStake(STAKE - 1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.StakeBelowMinimum.selector, stranger, STAKE - 1, STAKE));
        bounties.joinBounty(id);
        vm.prank(stranger);
        bounties.depositStake(1);
        _join(stranger, id);
        assertEq(bounties.weightOf(id, stranger), STAKE);
    }

    function test_joinBounty_revertsBeyondEightActiveBounties() public {
        for (uint256 i; i < 8; ++i) {
            _join(v1, _post(REWARD, 0));
        }
        assertEq(bounties.validatorOf(v1).activeBounties, 8);
        uint256 ninth = _post(REWARD, 0);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.TooManyActiveBounties.selector, v1, 8));
        bounties.joinBounty(ninth);
    }

    function test_joinBounty_revertsWhenTheSetIsFull() public {
        uint256 id = _post(REWARD, 0);
        for (uint256 i; i < 64; ++i) {
            address v = address(uint160(0xB000 + i));
            _fundBounties(v, STAKE);
            vm.startPrank(v);
            bounties.depositStake(STAKE);
            bounties.joinBounty(id);
            vm.stopPrank();
        }
        assertEq(bounties.getBounty(id).validatorCount, 64);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.ValidatorSetFull.selector, id, 64));
        bounties.joinBounty(id);
    }

    function test_joinBounty_snapshotsTheStakeAndEmits() public {
        uint256 id = _post(REWARD, 0);
        _join(v1, id);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorJoined(id, v3, 1, 2 * STAKE);
        _join(v3, id);
        vm.prank(v3);
        bounties.depositStake(STAKE);
        assertEq(bounties.weightOf(id, v3), 2 * STAKE);
        assertEq(bounties.validatorAt(id, 1), v3);
        assertEq(bounties.validatorOf(v3).activeBounties, 1);
        assertEq(bounties.getBounty(id).validatorCount, 2);
    }

    // ---------------------------------------------------------------- commitScore / revealScore

    function _revealedSubmission() internal returns (uint256 id, uint256 sid) {
        id = _post(REWARD, 0);
        sid = _submit(gen1, id);
        _join(v1, id);
        _toPhase(1);
        _reveal(gen1, sid);
    }

    function test_commitScore_revertsOnUnknownSubmission() public {
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 1));
        bounties.commitScore(1, bytes32(uint256(1)));
    }

    function test_commitScore_revertsOutsideItsPhase() public {
        (uint256 id, uint256 sid) = _revealedSubmission();
        vm.prank(v1);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.ScoreCommit, IDataBounties.Phase.DatasetReveal));
        bounties.commitScore(sid, bytes32(uint256(1)));
    }

    function test_commitScore_revertsForANonMember() public {
        (uint256 id, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        vm.prank(v2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotBountyValidator.selector, id, v2));
        bounties.commitScore(sid, bytes32(uint256(1)));
    }

    function test_commitScore_revertsOnAnUnrevealedDataset() public {
        uint256 id = _post(REWARD, 0);
        uint256 sid = _submit(gen1, id);
        _join(v1, id);
        _toPhase(2);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.DatasetNotRevealed.selector, sid));
        bounties.commitScore(sid, bytes32(uint256(1)));
    }

    function test_commitScore_revertsOnZeroCommitment() public {
        (, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        vm.prank(v1);
        vm.expectRevert(IDataBounties.ZeroHash.selector);
        bounties.commitScore(sid, bytes32(0));
    }

    function test_commitScore_storesAndEmits() public {
        (uint256 id, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        bytes32 c = _scoreCommitment(7_000, v1, sid);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ScoreCommitted(id, sid, v1, c);
        vm.prank(v1);
        bounties.commitScore(sid, c);
        assertEq(bounties.scoreCommitmentOf(sid, v1), c);
    }

    function test_revealScore_revertsOutsideItsPhase() public {
        (uint256 id, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        _commitScore(v1, sid, 7_000);
        vm.prank(v1);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.ScoreReveal, IDataBounties.Phase.ScoreCommit));
        bounties.revealScore(sid, 7_000, SALT);
    }

    function test_revealScore_revertsWithoutACommitment() public {
        (, uint256 sid) = _revealedSubmission();
        _toPhase(3);
        vm.prank(v2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NothingCommitted.selector, sid, v2));
        bounties.revealScore(sid, 7_000, SALT);
    }

    function test_revealScore_revertsAboveTheScale() public {
        (, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        _commitScore(v1, sid, 10_001);
        _toPhase(3);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.ScoreOutOfRange.selector, 10_001, 10_000));
        bounties.revealScore(sid, 10_001, SALT);
    }

    function test_revealScore_revertsOnCommitmentMismatch() public {
        (, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        _commitScore(v1, sid, 7_000);
        _toPhase(3);
        vm.prank(v1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.CommitmentMismatch.selector,
                sid,
                _scoreCommitment(7_000, v1, sid),
                _scoreCommitment(7_001, v1, sid)
            )
        );
        bounties.revealScore(sid, 7_001, SALT);
    }

    function test_revealScore_recordsOnceAndEmits() public {
        (uint256 id, uint256 sid) = _revealedSubmission();
        _toPhase(2);
        _commitScore(v1, sid, 10_000);
        _toPhase(3);
        (bool revealed, uint16 score) = bounties.revealedScoreOf(sid, v1);
        assertFalse(revealed);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ScoreRevealed(id, sid, v1, 10_000);
        _revealScore(v1, sid, 10_000);
        (revealed, score) = bounties.revealedScoreOf(sid, v1);
        assertTrue(revealed);
        assertEq(score, 10_000);
        assertEq(bounties.scoreCommitmentOf(sid, v1), bytes32(0));
        (revealed, score) = bounties.revealedScoreOf(sid, v2);
        assertFalse(revealed);
        assertEq(score, 0);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NothingCommitted.selector, sid, v1));
        bounties.revealScore(sid, 10_000, SALT);
    }

    // ---------------------------------------------------------------- finalize

    function test_finalize_revertsBeforeTheRevealDeadline() public {
        uint256 id = _post(REWARD, 0);
        _toPhase(3);
        vm.expectRevert(_wrongPhase(id, IDataBounties.Phase.Finalizable, IDataBounties.Phase.ScoreReveal));
        bounties.finalize(id);
    }

    /// @dev Expected figures of the four-outcome finalization, each from the spec's formulas.
    struct Expected {
        uint256 consensus1;
        uint256 generatorPool;
        uint256 penalty1;
        uint256 share1;
        uint256 share2;
        uint256 share3;
        uint256 refund;
        uint16 ema1;
    }

    /// @dev Bounty with four submissions (gen1..gen4; gen4 never reveals) scored by v1, v2, v3:
    /// v1 gives [5000, 5000, 1000], v2 and v3 give [8000, 5000, 1000].
    function _fourOutcomes() internal returns (uint256 id, uint256[4] memory sids) {
        id = _post(REWARD, 0);
        sids = [_submit(gen1, id), _submit(gen2, id), _submit(gen3, id), _submit(gen4, id)];
        _join(v1, id);
        _join(v2, id);
        _join(v3, id);
        _toPhase(1);
        _reveal(gen1, sids[0]);
        _reveal(gen2, sids[1]);
        _reveal(gen3, sids[2]);
        address[3] memory vs = [v1, v2, v3];
        uint256[3] memory scores = [uint256(8_000), 5_000, 1_000];
        _toPhase(2);
        for (uint256 i; i < 3; ++i) {
            for (uint256 j; j < 3; ++j) {
                _commitScore(vs[i], sids[j], i == 0 && j == 0 ? 5_000 : scores[j]);
            }
        }
        _toPhase(3);
        for (uint256 i; i < 3; ++i) {
            for (uint256 j; j < 3; ++j) {
                _revealScore(vs[i], sids[j], i == 0 && j == 0 ? 5_000 : scores[j]);
            }
        }
        _toPhase(4);
    }

    function _expectedFourOutcomes() internal pure returns (Expected memory e) {
        // s1: weights 100 @5000, 300 @8000 → median 8000; v1 clipped up to 7000:
        // consensus (7000·100 + 8000·300) / 400 = 7750 ≥ 6000 → accepted; v1 misses (3000 > 1000).
        e.consensus1 = (7_000 * STAKE + 8_000 * 3 * STAKE) / (4 * STAKE);
        uint256 validatorShare = uint256(REWARD) * 1_000 / 10_000;
        e.generatorPool = REWARD - validatorShare;
        e.penalty1 = (STAKE * 500 * 1 - 1) / (10_000 * 3) + 1; // ceil, 3 revealed submissions
        // pool: validator share + the validators' half of two junk bonds (s3 scored junk, s4 unrevealed) + penalty
        uint256 pool = validatorShare + 2 * (BOND - BOND / 2) + e.penalty1;
        uint256 totalHitWeight = STAKE * 2 + STAKE * 3 + 2 * STAKE * 3;
        e.share1 = pool * (STAKE * 2) / totalHitWeight;
        e.share2 = pool * (STAKE * 3) / totalHitWeight;
        e.share3 = pool * (2 * STAKE * 3) / totalHitWeight;
        e.refund = 2 * (BOND / 2) + (pool - e.share1 - e.share2 - e.share3);
        // ema from 0: hits / revealed × α, in bps, rounded down
        e.ema1 = uint16(uint256(2) * 10_000 * 1_000 / (10_000 * 3));
    }

    /// Four submissions: accepted (with one outlier score), rejected, junk and never revealed; three
    /// validators weighing 100, 100, 200.
    function test_finalize_settlesEachOutcomeAndEmits() public {
        (uint256 id, uint256[4] memory sids) = _fourOutcomes();
        Expected memory e = _expectedFourOutcomes();
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.SubmissionSettled(
            id, sids[0], IDataBounties.SubmissionStatus.Accepted, 8_000, uint16(e.consensus1), 0
        );
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.SubmissionSettled(id, sids[1], IDataBounties.SubmissionStatus.Rejected, 5_000, 5_000, 0);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.SubmissionSettled(id, sids[2], IDataBounties.SubmissionStatus.Junk, 1_000, 1_000, BOND);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.SubmissionSettled(id, sids[3], IDataBounties.SubmissionStatus.Junk, 0, 0, BOND);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorSettled(id, v1, 1, e.penalty1, e.share1, e.ema1);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorSettled(id, v2, 0, 0, e.share2, 1_000);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorSettled(id, v3, 0, 0, e.share3, 1_000);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.BountyFinalized(id, 1, e.generatorPool, e.refund);
        bounties.finalize(id);
    }

    function test_finalize_settlesEachOutcomeState() public {
        (uint256 id, uint256[4] memory sids) = _fourOutcomes();
        Expected memory e = _expectedFourOutcomes();
        bounties.finalize(id);
        IDataBounties.Submission memory s1 = bounties.getSubmission(sids[0]);
        assertEq(uint8(s1.status), uint8(IDataBounties.SubmissionStatus.Accepted));
        assertEq(s1.payout, e.generatorPool);
        assertEq(s1.medianBps, 8_000);
        assertEq(s1.consensusBps, e.consensus1);
        assertEq(bounties.getSubmission(sids[1]).payout, 0);
        assertEq(uint8(bounties.getSubmission(sids[1]).status), uint8(IDataBounties.SubmissionStatus.Rejected));
        assertEq(uint8(bounties.getSubmission(sids[2]).status), uint8(IDataBounties.SubmissionStatus.Junk));
        assertEq(uint8(bounties.getSubmission(sids[3]).status), uint8(IDataBounties.SubmissionStatus.Junk));
        assertEq(bounties.claimable(gen1), BOND);
        assertEq(bounties.claimable(gen2), BOND);
        assertEq(bounties.claimable(gen3), 0);
        assertEq(bounties.claimable(gen4), 0);
        assertEq(bounties.claimable(requester), e.refund);
        assertEq(bounties.claimable(v1), e.share1);
        assertEq(bounties.claimable(v2), e.share2);
        assertEq(bounties.claimable(v3), e.share3);
        assertEq(bounties.validatorOf(v1).stake, STAKE - e.penalty1);
        assertEq(bounties.validatorOf(v1).emaBps, e.ema1);
        assertEq(bounties.validatorOf(v1).bountiesScored, 1);
        assertEq(bounties.validatorOf(v2).stake, STAKE);
        assertEq(bounties.validatorOf(v3).activeBounties, 0);
        assertEq(bounties.generatorOf(gen1).accepted, 1);
        assertEq(bounties.generatorOf(gen2).rejected, 1);
        assertEq(bounties.generatorOf(gen3).rejected, 1);
        assertEq(bounties.generatorOf(gen4).rejected, 1);
        // Everything the contract holds is owed to someone: the pending payout, credits and stakes.
        uint256 owed = e.generatorPool + e.refund + e.share1 + e.share2 + e.share3 + 2 * BOND;
        owed += bounties.validatorOf(v1).stake + bounties.validatorOf(v2).stake + bounties.validatorOf(v3).stake;
        assertEq(token.balanceOf(address(bounties)), owed);
    }

    function test_finalize_acceptsAtTheThresholdAndRejectsAtHalfOfIt() public {
        uint256 id = _post(REWARD, 0);
        uint256 s1 = _submit(gen1, id);
        uint256 s2 = _submit(gen2, id);
        uint256 s3 = _submit(gen3, id);
        _join(v1, id);
        _toPhase(1);
        _reveal(gen1, s1);
        _reveal(gen2, s2);
        _reveal(gen3, s3);
        _toPhase(2);
        _commitScore(v1, s1, THRESHOLD);
        _commitScore(v1, s2, THRESHOLD / 2);
        _commitScore(v1, s3, THRESHOLD / 2 - 1);
        _toPhase(3);
        _revealScore(v1, s1, THRESHOLD);
        _revealScore(v1, s2, THRESHOLD / 2);
        _revealScore(v1, s3, THRESHOLD / 2 - 1);
        _toPhase(4);
        bounties.finalize(id);
        assertEq(uint8(bounties.getSubmission(s1).status), uint8(IDataBounties.SubmissionStatus.Accepted));
        assertEq(uint8(bounties.getSubmission(s2).status), uint8(IDataBounties.SubmissionStatus.Rejected));
        assertEq(uint8(bounties.getSubmission(s3).status), uint8(IDataBounties.SubmissionStatus.Junk));
    }

    function test_finalize_unscoredReturnsTheBondAndPenalisesEveryValidator() public {
        (uint256 id, uint256 sid) = _revealedSubmission();
        _join(v3, id);
        _toPhase(4);
        uint256 validatorShare = uint256(REWARD) * 1_000 / 10_000;
        uint256 p1 = STAKE * 500 / 10_000;
        uint256 p3 = 2 * STAKE * 500 / 10_000;
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.SubmissionSettled(id, sid, IDataBounties.SubmissionStatus.Unscored, 0, 0, 0);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorSettled(id, v1, 1, p1, 0, 0);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorSettled(id, v3, 1, p3, 0, 0);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.BountyFinalized(id, 0, 0, REWARD + p1 + p3);
        bounties.finalize(id);
        assertEq(uint8(bounties.getSubmission(sid).status), uint8(IDataBounties.SubmissionStatus.Unscored));
        assertEq(bounties.claimable(gen1), BOND);
        // Nobody hit: the whole pool (validator share + penalties) and the generator pool go back.
        assertEq(bounties.claimable(requester), validatorShare + (REWARD - validatorShare) + p1 + p3);
        assertEq(bounties.claimable(v1), 0);
        assertEq(bounties.validatorOf(v1).stake, STAKE - p1);
        assertEq(bounties.validatorOf(v1).bountiesScored, 1);
    }

    function test_finalize_nothingRevealedRefundsRewardAndBondWithoutPenalties() public {
        uint256 id = _post(REWARD, 0);
        _submit(gen1, id);
        _join(v1, id);
        _toPhase(4);
        bounties.finalize(id);
        assertEq(bounties.claimable(requester), REWARD + BOND);
        IDataBounties.Validator memory v = bounties.validatorOf(v1);
        assertEq(v.stake, STAKE);
        assertEq(v.activeBounties, 0);
        assertEq(v.bountiesScored, 0);
        assertEq(v.emaBps, 0);
        assertEq(bounties.claimable(v1), 0);
    }

    function test_finalize_emptyBountyRefundsTheReward() public {
        uint256 id = _post(REWARD, 0);
        _toPhase(4);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.BountyFinalized(id, 0, 0, REWARD);
        bounties.finalize(id);
        assertTrue(bounties.getBounty(id).finalized);
    }

    function test_finalize_rewardTooSmallToSplitIsRefunded() public {
        uint256 id = _post(1, 0);
        uint256 s1 = _submit(gen1, id);
        uint256 s2 = _submit(gen2, id);
        _join(v1, id);
        _toPhase(1);
        _reveal(gen1, s1);
        _reveal(gen2, s2);
        _toPhase(2);
        _commitScore(v1, s1, 9_000);
        _commitScore(v1, s2, 9_000);
        _toPhase(3);
        _revealScore(v1, s1, 9_000);
        _revealScore(v1, s2, 9_000);
        _toPhase(4);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.BountyFinalized(id, 2, 0, 1);
        bounties.finalize(id);
        assertEq(bounties.getSubmission(s1).payout, 0);
        assertEq(bounties.claimable(requester), 1);
        // Linking an accepted dataset with no payout credits nothing.
        uint256 assetId = _listDataset(gen1, _dataset(gen1), SYNTHETIC, 0);
        vm.recordLogs();
        vm.prank(gen1);
        bounties.linkDataset(s1, assetId, 1);
        assertEq(vm.getRecordedLogs().length, 1); // DatasetLinked only, no Credited
        assertEq(bounties.claimable(gen1), BOND);
        assertEq(uint8(bounties.getSubmission(s1).status), uint8(IDataBounties.SubmissionStatus.Paid));
    }

    /// The agreement EMA carries the previous value: α = 10 %, so a full hit from 0 gives 1000 bps; a
    /// second bounty with 2 revealed submissions of which v1 scores one (agreement 1/2) gives
    /// (1000 × 0.9 × 2 + 1 × 10000 × 0.1) / 2 = 1400, one division rounded down.
    function test_finalize_emaDecaysThePreviousAgreement() public {
        _scoredOnce(0, 9_000);
        uint256 first = uint256(1) * 10_000 * 1_000 / (10_000 * 1);
        assertEq(bounties.validatorOf(v1).emaBps, first);
        t0 = block.timestamp;
        uint256 id = _post(REWARD, 0);
        uint256 s1 = _submit(gen1, id);
        uint256 s2 = _submit(gen2, id);
        _join(v1, id);
        _toPhase(1);
        _reveal(gen1, s1);
        _reveal(gen2, s2);
        _toPhase(2);
        _commitScore(v1, s1, 9_000);
        _toPhase(3);
        _revealScore(v1, s1, 9_000);
        _toPhase(4);
        bounties.finalize(id);
        IDataBounties.Validator memory v = bounties.validatorOf(v1);
        uint256 revealed = 2;
        uint256 hits = 1;
        assertEq(v.emaBps, (first * (10_000 - 1_000) * revealed + hits * 10_000 * 1_000) / (10_000 * revealed));
        assertEq(v.bountiesScored, 2);
    }

    function test_finalize_penaltyNeverExceedsTheStake() public {
        (uint256 id,) = _revealedSubmission();
        // Force v1's stake (low 128 bits of its Validator slot) to 1 wei, below the 5 % penalty.
        bytes32 slot = keccak256(abi.encode(v1, uint256(12)));
        uint256 word = uint256(vm.load(address(bounties), slot));
        assertEq(word & type(uint128).max, STAKE, "storage layout");
        vm.store(address(bounties), slot, bytes32((word >> 128 << 128) | 1));
        _toPhase(4);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.ValidatorSettled(id, v1, 1, 1, 0, 0);
        bounties.finalize(id);
        assertEq(bounties.validatorOf(v1).stake, 0);
    }

    // ---------------------------------------------------------------- linkDataset

    function test_linkDataset_revertsOnUnknownSubmission() public {
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 1));
        bounties.linkDataset(1, 1, 1);
    }

    function test_linkDataset_revertsForAnotherCaller() public {
        (, uint256 sid) = _scoredOnce(0, 9_000);
        vm.prank(gen2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotGenerator.selector, sid, gen2));
        bounties.linkDataset(sid, 1, 1);
    }

    function test_linkDataset_revertsUnlessAccepted() public {
        (, uint256 sid) = _scoredOnce(0, 4_000);
        vm.prank(gen1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataBounties.NotAccepted.selector, sid, IDataBounties.SubmissionStatus.Rejected)
        );
        bounties.linkDataset(sid, 1, 1);
    }

    function test_linkDataset_revertsOnUnknownAsset() public {
        (, uint256 sid) = _scoredOnce(0, 9_000);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 42));
        bounties.linkDataset(sid, 42, 1);
    }

    function test_linkDataset_revertsOnRetiredAsset() public {
        (, uint256 sid) = _scoredOnce(0, 9_000);
        uint256 assetId = _listDataset(gen1, _dataset(gen1), SYNTHETIC, 0);
        vm.prank(gen1);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsOnAnotherOwnersAsset() public {
        (, uint256 sid) = _scoredOnce(0, 9_000);
        uint256 assetId = _listDataset(gen2, _dataset(gen1), SYNTHETIC, 0);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NotAssetOwner.selector, assetId, gen1, gen2));
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsUnlessASyntheticDataset() public {
        (, uint256 sid) = _scoredOnce(0, 9_000);
        uint256 unflagged = _listDataset(gen1, _dataset(gen1), 1, 0);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotSyntheticDataset.selector, unflagged, uint64(1)));
        bounties.linkDataset(sid, unflagged, 1);
        IModelRegistry.ListingParams memory params = _listing(0);
        params.contentHash = _dataset(gen1);
        params.complianceFlags = SYNTHETIC;
        vm.prank(gen1);
        uint256 model = registry.list(params);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotSyntheticDataset.selector, model, SYNTHETIC));
        bounties.linkDataset(sid, model, 1);
    }

    function test_linkDataset_revertsOnContentHashMismatch() public {
        (, uint256 sid) = _scoredOnce(0, 9_000);
        uint256 assetId = _listDataset(gen1, keccak256("other"), SYNTHETIC, 0);
        vm.prank(gen1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataBounties.ContentHashMismatch.selector, assetId, keccak256("other"), _dataset(gen1))
        );
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsWithoutTheSourceAsParent() public {
        uint256 source = _list(owner, 0);
        uint256 unrelated = _list(otherOwner, 0);
        (, uint256 sid) = _scoredOnce(source, 9_000);
        uint256 orphan = _listDataset(gen1, _dataset(gen1), SYNTHETIC, 0);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.MissingLineage.selector, orphan, source));
        bounties.linkDataset(sid, orphan, 1);
        uint256 wrongParent = _listDataset(gen1, _dataset(gen1), SYNTHETIC, unrelated);
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.MissingLineage.selector, wrongParent, source));
        bounties.linkDataset(sid, wrongParent, 1);
    }

    function test_linkDataset_creditsThePayoutOnceWithLineage() public {
        uint256 source = _list(owner, 0);
        (, uint256 sid) = _scoredOnce(source, 9_000);
        uint256 payout = REWARD - uint256(REWARD) * 1_000 / 10_000;
        uint256 assetId = _listDataset(gen1, _dataset(gen1), SYNTHETIC | 1, source);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.DatasetLinked(sid, assetId, gen1, payout);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.Credited(gen1, payout);
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Paid));
        assertEq(s.assetId, assetId);
        assertEq(bounties.claimable(gen1), BOND + payout);
        vm.prank(gen1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataBounties.NotAccepted.selector, sid, IDataBounties.SubmissionStatus.Paid)
        );
        bounties.linkDataset(sid, assetId, 1);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_revertsWithNothingOwed() public {
        vm.prank(gen1);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, gen1));
        bounties.claim();
    }

    function test_claim_paysOnceAndZeroes() public {
        uint256 id = _post(REWARD, 0);
        _toPhase(4);
        bounties.finalize(id);
        uint256 before = token.balanceOf(requester);
        vm.expectEmit(true, true, true, true, address(bounties));
        emit IDataBounties.Claimed(requester, REWARD);
        vm.prank(requester);
        assertEq(bounties.claim(), REWARD);
        assertEq(token.balanceOf(requester), before + REWARD);
        assertEq(bounties.claimable(requester), 0);
    }
}
