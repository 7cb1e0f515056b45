// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {ModelRegistry} from "../../contracts/ModelRegistry.sol";
import {DataBounties} from "../../contracts/DataBounties.sol";
import {IDataBounties} from "../../interfaces/IDataBounties.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice Unit tests of DataBounties: every revert with its exact error and values, every phase,
/// every verdict (accepted, rejected, junk, unrevealed, unscored), penalties, EMA, the pool split and
/// its refunds, linking and claiming. Expected figures come from the formulas of IDataBounties.
contract DataBountiesUnitTest is Test {
    uint256 internal constant PHASE = 100;
    uint256 internal constant STAKE = 1_000e18;
    uint128 internal constant BOND = 50e18;
    uint128 internal constant REWARD = 1_000e18;
    uint16 internal constant THRESHOLD = 6_000;
    uint64 internal constant SYNTHETIC = 1 << 7;
    /// Scores of a validator that commits but never reveals, or never commits.
    uint16 internal constant HIDDEN = type(uint16).max;
    uint16 internal constant ABSENT = type(uint16).max - 1;

    MarketToken internal token;
    ModelRegistry internal registry;
    DataBounties internal bounties;

    address internal requester = makeAddr("requester");
    address internal gen1 = makeAddr("gen1");
    address internal gen2 = makeAddr("gen2");
    address internal val1 = makeAddr("val1");
    address internal val2 = makeAddr("val2");
    address internal val3 = makeAddr("val3");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        token = new MarketToken(address(this), 1e30);
        registry = new ModelRegistry();
        bounties = new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), STAKE, BOND);
        address[7] memory people = [requester, gen1, gen2, val1, val2, val3, stranger];
        for (uint256 i; i < people.length; ++i) _fund(people[i]);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsParametersAndEmits() public {
        vm.expectEmit(false, false, false, true);
        emit IDataBounties.DataBountiesDeployed(address(token), address(registry), 7, 3, 64, 16, 1_000, 500, 1_000);
        DataBounties fresh = new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), 7, 3);
        assertEq(address(fresh.TOKEN()), address(token));
        assertEq(address(fresh.REGISTRY()), address(registry));
        assertEq(fresh.MIN_VALIDATOR_STAKE(), 7);
        assertEq(fresh.MIN_GENERATOR_BOND(), 3);
    }

    function test_constructor_revertsOnZeroToken() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new DataBounties(IERC20(address(0)), IModelRegistry(address(registry)), STAKE, BOND);
    }

    function test_constructor_revertsOnZeroRegistry() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new DataBounties(IERC20(address(token)), IModelRegistry(address(0)), STAKE, BOND);
    }

    function test_constructor_revertsOnZeroMinimumStake() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), 0, BOND);
    }

    function test_constructor_revertsOnZeroMinimumBond() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), STAKE, 0);
    }

    // ---------------------------------------------------------------- postBounty

    function test_postBounty_storesEscrowsAndEmits() public {
        IDataBounties.BountyParams memory params = _params();
        uint256 before = token.balanceOf(requester);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.BountyPosted(
            1,
            requester,
            params.specHash,
            params.specURI,
            params.criteriaHash,
            REWARD,
            BOND,
            THRESHOLD,
            0,
            [params.submitDeadline, params.datasetRevealDeadline, params.scoreCommitDeadline, params.scoreRevealDeadline]
        );
        vm.prank(requester);
        uint256 bountyId = bounties.postBounty(params);

        assertEq(bountyId, 1);
        assertEq(bounties.bountyCount(), 1);
        assertEq(token.balanceOf(requester), before - REWARD);
        assertEq(token.balanceOf(address(bounties)), REWARD);
        IDataBounties.Bounty memory b = bounties.getBounty(bountyId);
        assertEq(b.requester, requester);
        assertEq(b.submitDeadline, params.submitDeadline);
        assertEq(b.scoreRevealDeadline, params.scoreRevealDeadline);
        assertEq(b.acceptThresholdBps, THRESHOLD);
        assertEq(b.reward, REWARD);
        assertEq(b.generatorBond, BOND);
        assertEq(b.specHash, params.specHash);
        assertEq(b.criteriaHash, params.criteriaHash);
        assertFalse(b.finalized);
        assertEq(uint8(bounties.phaseOf(bountyId)), uint8(IDataBounties.Phase.Submission));
    }

    function test_postBounty_revertsOnZeroReward() public {
        IDataBounties.BountyParams memory params = _params();
        params.reward = 0;
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        vm.prank(requester);
        bounties.postBounty(params);
    }

    function test_postBounty_revertsWhenSubmitDeadlineNotInTheFuture() public {
        IDataBounties.BountyParams memory params = _params();
        params.submitDeadline = uint64(block.timestamp);
        _expectInvalidDeadlines(params);
    }

    function test_postBounty_revertsWhenDatasetRevealDeadlineNotAfterSubmit() public {
        IDataBounties.BountyParams memory params = _params();
        params.datasetRevealDeadline = params.submitDeadline;
        _expectInvalidDeadlines(params);
    }

    function test_postBounty_revertsWhenScoreCommitDeadlineNotAfterReveal() public {
        IDataBounties.BountyParams memory params = _params();
        params.scoreCommitDeadline = params.datasetRevealDeadline;
        _expectInvalidDeadlines(params);
    }

    function test_postBounty_revertsWhenScoreRevealDeadlineNotAfterCommit() public {
        IDataBounties.BountyParams memory params = _params();
        params.scoreRevealDeadline = params.scoreCommitDeadline;
        _expectInvalidDeadlines(params);
    }

    function test_postBounty_revertsOnZeroThreshold() public {
        IDataBounties.BountyParams memory params = _params();
        params.acceptThresholdBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.InvalidThreshold.selector, 0));
        vm.prank(requester);
        bounties.postBounty(params);
    }

    function test_postBounty_revertsOnThresholdAboveScale() public {
        IDataBounties.BountyParams memory params = _params();
        params.acceptThresholdBps = 10_001;
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.InvalidThreshold.selector, 10_001));
        vm.prank(requester);
        bounties.postBounty(params);
    }

    function test_postBounty_acceptsTheFullScaleThreshold() public {
        IDataBounties.BountyParams memory params = _params();
        params.acceptThresholdBps = 10_000;
        vm.prank(requester);
        uint256 bountyId = bounties.postBounty(params);
        assertEq(bounties.getBounty(bountyId).acceptThresholdBps, 10_000);
    }

    function test_postBounty_revertsWhenBondBelowMinimum() public {
        IDataBounties.BountyParams memory params = _params();
        params.generatorBond = BOND - 1;
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.BondBelowMinimum.selector, BOND - 1, BOND));
        vm.prank(requester);
        bounties.postBounty(params);
    }

    function test_postBounty_revertsForUnknownSourceAsset() public {
        IDataBounties.BountyParams memory params = _params();
        params.sourceAssetId = 42;
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 42));
        vm.prank(requester);
        bounties.postBounty(params);
    }

    function test_postBounty_storesAnExistingSourceAsset() public {
        uint256 source = _listDataset(stranger, keccak256("source"), 0, 0);
        IDataBounties.BountyParams memory params = _params();
        params.sourceAssetId = source;
        vm.prank(requester);
        uint256 bountyId = bounties.postBounty(params);
        assertEq(bounties.getBounty(bountyId).sourceAssetId, source);
    }

    // ---------------------------------------------------------------- submit

    function test_submit_bondsCommitsAndEmits() public {
        uint256 bountyId = _post();
        bytes32 commitment = _datasetCommitment(gen1, bountyId, "good");
        uint256 before = token.balanceOf(gen1);
        vm.expectEmit(true, true, true, true);
        emit IDataBounties.SubmissionCommitted(bountyId, 1, gen1, commitment);
        vm.prank(gen1);
        uint256 sid = bounties.submit(bountyId, commitment);

        assertEq(sid, 1);
        assertEq(bounties.submissionCount(), 1);
        assertEq(bounties.submissionAt(bountyId, 0), sid);
        assertEq(token.balanceOf(gen1), before - BOND);
        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(s.generator, gen1);
        assertEq(s.bountyId, bountyId);
        assertEq(s.index, 0);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Committed));
        assertEq(s.commitment, commitment);
        assertEq(bounties.getBounty(bountyId).submissionCount, 1);
    }

    function test_submit_revertsForUnknownBounty() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 3));
        vm.prank(gen1);
        bounties.submit(3, keccak256("c"));
    }

    function test_submit_revertsAfterTheSubmitDeadline() public {
        uint256 bountyId = _post();
        _after(bountyId, 0);
        _expectWrongPhase(bountyId, IDataBounties.Phase.Submission, IDataBounties.Phase.DatasetReveal);
        vm.prank(gen1);
        bounties.submit(bountyId, keccak256("c"));
    }

    function test_submit_acceptsTheDeadlineItself() public {
        uint256 bountyId = _post();
        vm.warp(bounties.getBounty(bountyId).submitDeadline);
        uint256 sid = _submit(gen1, bountyId, "good");
        assertEq(bounties.getSubmission(sid).generator, gen1);
    }

    function test_submit_revertsOnZeroCommitment() public {
        uint256 bountyId = _post();
        vm.expectRevert(IDataBounties.ZeroHash.selector);
        vm.prank(gen1);
        bounties.submit(bountyId, bytes32(0));
    }

    function test_submit_revertsOnASecondSubmission() public {
        uint256 bountyId = _post();
        _submit(gen1, bountyId, "good");
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.AlreadySubmitted.selector, bountyId, gen1));
        vm.prank(gen1);
        bounties.submit(bountyId, keccak256("another"));
    }

    function test_submit_revertsWhenSubmissionsFull() public {
        uint256 bountyId = _post();
        for (uint256 i; i < 16; ++i) {
            address generator = address(uint160(0xC000 + i));
            _fund(generator);
            vm.prank(generator);
            bounties.submit(bountyId, keccak256(abi.encode(i)));
        }
        assertEq(bounties.getBounty(bountyId).submissionCount, 16);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.SubmissionsFull.selector, bountyId, 16));
        vm.prank(gen1);
        bounties.submit(bountyId, keccak256("late"));
    }

    // ---------------------------------------------------------------- revealDataset

    function test_revealDataset_storesAndEmits() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _after(bountyId, 0);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.DatasetRevealed(bountyId, sid, _data("good"), "file://good.csv");
        _revealDataset(gen1, sid, "good");

        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Revealed));
        assertEq(s.datasetHash, _data("good"));
    }

    function test_revealDataset_revertsForUnknownSubmission() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 9));
        vm.prank(gen1);
        bounties.revealDataset(9, _data("good"), _salt("good"), "");
    }

    function test_revealDataset_revertsDuringSubmission() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _expectWrongPhase(bountyId, IDataBounties.Phase.DatasetReveal, IDataBounties.Phase.Submission);
        _revealDataset(gen1, sid, "good");
    }

    function test_revealDataset_revertsForAnotherGenerator() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _after(bountyId, 0);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotGenerator.selector, sid, gen2));
        _revealDataset(gen2, sid, "good");
    }

    function test_revealDataset_revertsOnASecondReveal() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _after(bountyId, 0);
        _revealDataset(gen1, sid, "good");
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NothingCommitted.selector, sid, gen1));
        _revealDataset(gen1, sid, "good");
    }

    function test_revealDataset_revertsOnZeroDatasetHash() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _after(bountyId, 0);
        vm.expectRevert(IDataBounties.ZeroHash.selector);
        vm.prank(gen1);
        bounties.revealDataset(sid, bytes32(0), _salt("good"), "");
    }

    function test_revealDataset_revertsOnCommitmentMismatch() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _after(bountyId, 0);
        bytes32 wrong = keccak256(abi.encode(_data("good"), _salt("other"), gen1, bountyId));
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.CommitmentMismatch.selector, sid, _datasetCommitment(gen1, bountyId, "good"), wrong
            )
        );
        vm.prank(gen1);
        bounties.revealDataset(sid, _data("good"), _salt("other"), "");
    }

    function test_revealDataset_revertsOnADuplicateDataset() public {
        uint256 bountyId = _post();
        uint256 sid1 = _submit(gen1, bountyId, "good");
        uint256 sid2 = _submit(gen2, bountyId, "good");
        _after(bountyId, 0);
        _revealDataset(gen1, sid1, "good");
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.DuplicateDataset.selector, bountyId, _data("good")));
        _revealDataset(gen2, sid2, "good");
    }

    // ---------------------------------------------------------------- stake

    function test_depositStake_addsAndEmits() public {
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.StakeDeposited(val1, STAKE, STAKE);
        _deposit(val1, STAKE);
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.StakeDeposited(val1, 5, STAKE + 5);
        _deposit(val1, 5);
        assertEq(bounties.validatorOf(val1).stake, STAKE + 5);
        assertEq(token.balanceOf(address(bounties)), STAKE + 5);
    }

    function test_depositStake_revertsOnZero() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        _deposit(val1, 0);
    }

    function test_depositStake_revertsAboveUint128() public {
        uint256 amount = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, amount));
        _deposit(val1, amount);
    }

    function test_withdrawStake_paysAndEmits() public {
        _deposit(val1, STAKE);
        uint256 before = token.balanceOf(val1);
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.StakeWithdrawn(val1, 400e18, STAKE - 400e18);
        vm.prank(val1);
        bounties.withdrawStake(400e18);
        assertEq(bounties.validatorOf(val1).stake, STAKE - 400e18);
        assertEq(token.balanceOf(val1), before + 400e18);
    }

    function test_withdrawStake_revertsOnZero() public {
        vm.expectRevert(IMarketErrors.ZeroAmount.selector);
        vm.prank(val1);
        bounties.withdrawStake(0);
    }

    function test_withdrawStake_revertsWhileInABounty() public {
        uint256 bountyId = _post();
        _join(val1, bountyId, STAKE);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.StakeLocked.selector, val1, 1));
        vm.prank(val1);
        bounties.withdrawStake(1);
    }

    function test_withdrawStake_revertsAboveTheStake() public {
        _deposit(val1, STAKE);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.InsufficientStake.selector, val1, STAKE, STAKE + 1));
        vm.prank(val1);
        bounties.withdrawStake(STAKE + 1);
    }

    // ---------------------------------------------------------------- joinBounty

    function test_joinBounty_snapshotsWeightAndEmits() public {
        uint256 bountyId = _post();
        _deposit(val1, STAKE + 3);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.ValidatorJoined(bountyId, val1, 0, STAKE + 3);
        vm.prank(val1);
        bounties.joinBounty(bountyId);
        _deposit(val1, 10);

        assertEq(bounties.weightOf(bountyId, val1), STAKE + 3);
        assertEq(bounties.validatorAt(bountyId, 0), val1);
        assertEq(bounties.validatorOf(val1).activeBounties, 1);
        assertEq(bounties.getBounty(bountyId).validatorCount, 1);
        assertEq(bounties.weightOf(bountyId, val2), 0);
    }

    function test_joinBounty_acceptsTheDatasetRevealPhase() public {
        uint256 bountyId = _post();
        _after(bountyId, 0);
        _join(val1, bountyId, STAKE);
        assertEq(bounties.weightOf(bountyId, val1), STAKE);
    }

    function test_joinBounty_revertsForUnknownBounty() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 4));
        vm.prank(val1);
        bounties.joinBounty(4);
    }

    function test_joinBounty_revertsFromScoreCommit() public {
        uint256 bountyId = _post();
        _deposit(val1, STAKE);
        _after(bountyId, 1);
        _expectWrongPhase(bountyId, IDataBounties.Phase.DatasetReveal, IDataBounties.Phase.ScoreCommit);
        vm.prank(val1);
        bounties.joinBounty(bountyId);
    }

    function test_joinBounty_revertsOnASecondJoin() public {
        uint256 bountyId = _post();
        _join(val1, bountyId, STAKE);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.AlreadyJoined.selector, bountyId, val1));
        vm.prank(val1);
        bounties.joinBounty(bountyId);
    }

    function test_joinBounty_revertsWhenValidatorSetFull() public {
        uint256 bountyId = _post();
        for (uint256 i; i < 64; ++i) {
            address validator = address(uint160(0xD000 + i));
            _fund(validator);
            _join(validator, bountyId, STAKE);
        }
        _deposit(val1, STAKE);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.ValidatorSetFull.selector, bountyId, 64));
        vm.prank(val1);
        bounties.joinBounty(bountyId);
    }

    function test_joinBounty_revertsBelowMinimumStake() public {
        uint256 bountyId = _post();
        _deposit(val1, STAKE - 1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.StakeBelowMinimum.selector, val1, STAKE - 1, STAKE));
        vm.prank(val1);
        bounties.joinBounty(bountyId);
    }

    function test_joinBounty_revertsBeyondMaxActiveBounties() public {
        _deposit(val1, STAKE);
        for (uint256 i; i < 8; ++i) {
            uint256 id = _post();
            vm.prank(val1);
            bounties.joinBounty(id);
        }
        uint256 ninth = _post();
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.TooManyActiveBounties.selector, val1, 8));
        vm.prank(val1);
        bounties.joinBounty(ninth);
    }

    // ---------------------------------------------------------------- commitScore / revealScore

    function test_commitScore_storesAndEmits() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        bytes32 commitment = _scoreCommitment(val1, sid, 7_000);
        vm.expectEmit(true, true, true, true);
        emit IDataBounties.ScoreCommitted(bountyId, sid, val1, commitment);
        _commit(val1, sid, 7_000);
        assertEq(bounties.scoreCommitmentOf(sid, val1), commitment);
    }

    function test_commitScore_revertsForUnknownSubmission() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 8));
        vm.prank(val1);
        bounties.commitScore(8, keccak256("c"));
    }

    function test_commitScore_revertsDuringDatasetReveal() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _expectWrongPhase(bountyId, IDataBounties.Phase.ScoreCommit, IDataBounties.Phase.DatasetReveal);
        _commit(val1, sid, 7_000);
    }

    function test_commitScore_revertsForANonMember() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotBountyValidator.selector, bountyId, val2));
        _commit(val2, sid, 7_000);
    }

    function test_commitScore_revertsForAnUnrevealedDataset() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _join(val1, bountyId, STAKE);
        _after(bountyId, 1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.DatasetNotRevealed.selector, sid));
        _commit(val1, sid, 7_000);
    }

    function test_commitScore_revertsOnZeroCommitment() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        vm.expectRevert(IDataBounties.ZeroHash.selector);
        vm.prank(val1);
        bounties.commitScore(sid, bytes32(0));
    }

    function test_revealScore_recordsAndEmits() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        _commit(val1, sid, 7_000);
        _after(bountyId, 2);
        vm.expectEmit(true, true, true, true);
        emit IDataBounties.ScoreRevealed(bountyId, sid, val1, 7_000);
        _reveal(val1, sid, 7_000);

        (bool revealed, uint16 score) = bounties.revealedScoreOf(sid, val1);
        assertTrue(revealed);
        assertEq(score, 7_000);
        assertEq(bounties.scoreCommitmentOf(sid, val1), bytes32(0));
    }

    function test_revealedScoreOf_isEmptyForANonMember() public {
        (, uint256 sid) = _revealedSubmission();
        (bool revealed, uint16 score) = bounties.revealedScoreOf(sid, val2);
        assertFalse(revealed);
        assertEq(score, 0);
    }

    function test_revealScore_revertsForUnknownSubmission() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 6));
        vm.prank(val1);
        bounties.revealScore(6, 1, bytes32(0));
    }

    function test_revealScore_revertsDuringScoreCommit() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        _commit(val1, sid, 7_000);
        _expectWrongPhase(bountyId, IDataBounties.Phase.ScoreReveal, IDataBounties.Phase.ScoreCommit);
        _reveal(val1, sid, 7_000);
    }

    function test_revealScore_revertsWithoutACommitment() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NothingCommitted.selector, sid, val1));
        _reveal(val1, sid, 7_000);
    }

    function test_revealScore_revertsOnASecondReveal() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        _commit(val1, sid, 7_000);
        _after(bountyId, 2);
        _reveal(val1, sid, 7_000);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NothingCommitted.selector, sid, val1));
        _reveal(val1, sid, 7_000);
    }

    function test_revealScore_revertsAboveTheScale() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        _commit(val1, sid, 10_001);
        _after(bountyId, 2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.ScoreOutOfRange.selector, 10_001, 10_000));
        _reveal(val1, sid, 10_001);
    }

    function test_revealScore_revertsOnCommitmentMismatch() public {
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        _commit(val1, sid, 7_000);
        _after(bountyId, 2);
        bytes32 actual = keccak256(abi.encode(uint256(7_001), _scoreSalt(val1, sid, 7_000), val1, sid));
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.CommitmentMismatch.selector, sid, _scoreCommitment(val1, sid, 7_000), actual
            )
        );
        vm.prank(val1);
        bounties.revealScore(sid, 7_001, _scoreSalt(val1, sid, 7_000));
    }

    // ---------------------------------------------------------------- phases

    function test_phaseOf_followsTheDeadlinesInclusively() public {
        uint256 bountyId = _post();
        IDataBounties.Bounty memory b = bounties.getBounty(bountyId);
        _assertPhaseAt(bountyId, b.submitDeadline, IDataBounties.Phase.Submission);
        _assertPhaseAt(bountyId, b.datasetRevealDeadline, IDataBounties.Phase.DatasetReveal);
        _assertPhaseAt(bountyId, b.scoreCommitDeadline, IDataBounties.Phase.ScoreCommit);
        _assertPhaseAt(bountyId, b.scoreRevealDeadline, IDataBounties.Phase.ScoreReveal);
        _assertPhaseAt(bountyId, b.scoreRevealDeadline + 1, IDataBounties.Phase.Finalizable);
        bounties.finalize(bountyId);
        assertEq(uint8(bounties.phaseOf(bountyId)), uint8(IDataBounties.Phase.Finalized));
    }

    function test_views_revertForUnknownIds() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 1));
        bounties.getBounty(1);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 2));
        bounties.phaseOf(2);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 3));
        bounties.getSubmission(3);
    }

    // ---------------------------------------------------------------- finalize: verdicts

    function test_finalize_acceptsAndSplitsRewardAndPool() public {
        (uint256 bountyId, uint256 sid) = _playOne(_scores1(9_000));
        uint256 share = REWARD * 1_000 / 10_000;

        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Accepted));
        assertEq(s.medianBps, 9_000);
        assertEq(s.consensusBps, 9_000);
        assertEq(s.payout, REWARD - share);
        assertEq(bounties.claimable(gen1), BOND);
        assertEq(bounties.claimable(val1), share);
        assertEq(bounties.claimable(requester), 0);
        assertEq(bounties.generatorOf(gen1).accepted, 1);
        assertEq(bounties.generatorOf(gen1).rejected, 0);
        IDataBounties.Validator memory v = bounties.validatorOf(val1);
        assertEq(v.stake, STAKE);
        assertEq(v.activeBounties, 0);
        assertEq(v.bountiesScored, 1);
        assertEq(v.emaBps, 10_000 * 1_000 / 10_000);
        assertTrue(bounties.getBounty(bountyId).finalized);
    }

    function test_finalize_emitsTheSettlementEvents() public {
        (uint256 bountyId, uint256 sid) = _playOneUnfinalized(_scores1(9_000));
        uint256 share = REWARD * 1_000 / 10_000;
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.SubmissionSettled(bountyId, sid, IDataBounties.SubmissionStatus.Accepted, 9_000, 9_000, 0);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.ValidatorSettled(bountyId, val1, 0, 0, share, 1_000);
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.BountyFinalized(bountyId, 1, REWARD - share, 0);
        bounties.finalize(bountyId);
    }

    function test_finalize_rejectsBetweenHalfAndTheThreshold() public {
        (, uint256 sid) = _playOne(_scores1(THRESHOLD / 2));
        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Rejected));
        assertEq(s.consensusBps, THRESHOLD / 2);
        assertEq(s.payout, 0);
        assertEq(bounties.claimable(gen1), BOND);
        assertEq(bounties.generatorOf(gen1).rejected, 1);
        // Nobody accepted: the whole generator pool goes back.
        assertEq(bounties.claimable(requester), REWARD - REWARD / 10);
        assertEq(bounties.claimable(val1), REWARD / 10);
    }

    function test_finalize_slashesJunkBelowHalfTheThreshold() public {
        (uint256 bountyId, uint256 sid) = _playOneUnfinalized(_scores1(THRESHOLD / 2 - 1));
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.SubmissionSettled(
            bountyId, sid, IDataBounties.SubmissionStatus.Junk, THRESHOLD / 2 - 1, THRESHOLD / 2 - 1, BOND
        );
        bounties.finalize(bountyId);

        assertEq(uint8(bounties.getSubmission(sid).status), uint8(IDataBounties.SubmissionStatus.Junk));
        assertEq(bounties.claimable(gen1), 0);
        assertEq(bounties.generatorOf(gen1).rejected, 1);
        assertEq(bounties.claimable(requester), REWARD - REWARD / 10 + BOND / 2);
        assertEq(bounties.claimable(val1), REWARD / 10 + (BOND - BOND / 2));
    }

    function test_finalize_treatsAnUnrevealedDatasetAsJunk() public {
        uint256 bountyId = _post();
        uint256 sid = _submit(gen1, bountyId, "good");
        _join(val1, bountyId, STAKE);
        _after(bountyId, 3);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.SubmissionSettled(bountyId, sid, IDataBounties.SubmissionStatus.Junk, 0, 0, BOND);
        bounties.finalize(bountyId);

        assertEq(uint8(bounties.getSubmission(sid).status), uint8(IDataBounties.SubmissionStatus.Junk));
        // Nothing revealed: no validator is scored or penalized, and with no hits the pool is refunded.
        IDataBounties.Validator memory v = bounties.validatorOf(val1);
        assertEq(v.stake, STAKE);
        assertEq(v.bountiesScored, 0);
        assertEq(v.emaBps, 0);
        assertEq(v.activeBounties, 0);
        assertEq(bounties.claimable(val1), 0);
        assertEq(bounties.claimable(requester), REWARD + BOND);
    }

    function test_finalize_returnsTheBondOfAnUnscoredSubmissionAndRefundsAMissedPool() public {
        (uint256 bountyId, uint256 sid) = _playOneUnfinalized(_scores1(HIDDEN));
        uint256 penalty = _ceilDiv(STAKE * 500, 10_000);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.SubmissionSettled(bountyId, sid, IDataBounties.SubmissionStatus.Unscored, 0, 0, 0);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.ValidatorSettled(bountyId, val1, 1, penalty, 0, 0);
        bounties.finalize(bountyId);

        assertEq(uint8(bounties.getSubmission(sid).status), uint8(IDataBounties.SubmissionStatus.Unscored));
        assertEq(bounties.claimable(gen1), BOND);
        assertEq(bounties.claimable(val1), 0);
        assertEq(bounties.validatorOf(val1).stake, STAKE - penalty);
        assertEq(bounties.validatorOf(val1).bountiesScored, 1);
        // No hit weight: the reward, and the penalty, go back to the requester.
        assertEq(bounties.claimable(requester), REWARD + penalty);
    }

    function test_finalize_refundsTheWholeRewardWhenNothingWasSubmitted() public {
        uint256 bountyId = _post();
        _join(val1, bountyId, STAKE);
        _after(bountyId, 3);
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.BountyFinalized(bountyId, 0, 0, REWARD);
        bounties.finalize(bountyId);
        assertEq(bounties.claimable(requester), REWARD);
        assertEq(bounties.validatorOf(val1).stake, STAKE);
        assertEq(bounties.validatorOf(val1).activeBounties, 0);
    }

    function test_finalize_clipsPenalizesAndSharesByHitWeight() public {
        uint16[] memory scores = new uint16[](3);
        (scores[0], scores[1], scores[2]) = (9_000, 9_000, 5_000);
        (, uint256 sid) = _playOne(scores);
        // Median 9,000; the outlier is clipped up to 8,000: consensus (8,000 + 2 × 9,000) / 3.
        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(s.medianBps, 9_000);
        assertEq(s.consensusBps, uint256(8_000 + 2 * 9_000) / 3);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Accepted));

        uint256 penalty = _ceilDiv(STAKE * 500, 10_000);
        uint256 pool = REWARD / 10 + penalty;
        assertEq(bounties.validatorOf(val3).stake, STAKE - penalty);
        assertEq(bounties.validatorOf(val3).emaBps, 0);
        assertEq(bounties.validatorOf(val1).stake, STAKE);
        assertEq(bounties.validatorOf(val1).emaBps, 1_000);
        assertEq(bounties.claimable(val1), pool / 2);
        assertEq(bounties.claimable(val2), pool / 2);
        assertEq(bounties.claimable(val3), 0);
        assertEq(bounties.claimable(requester), pool - 2 * (pool / 2));
    }

    function test_finalize_countsAValidatorThatNeverCommittedAsMissing() public {
        uint16[] memory scores = new uint16[](2);
        (scores[0], scores[1]) = (9_000, ABSENT);
        _playOne(scores);
        uint256 penalty = _ceilDiv(STAKE * 500, 10_000);
        assertEq(bounties.validatorOf(val2).stake, STAKE - penalty);
        assertEq(bounties.claimable(val1), REWARD / 10 + penalty);
        assertEq(bounties.claimable(val2), 0);
    }

    function test_finalize_emaMovesByAlphaFromItsLastValue() public {
        _playOne(_scores1(9_000));
        // A second bounty: the same validator hits again.
        (uint256 bountyId, uint256 sid) = _revealedSubmission();
        _after(bountyId, 1);
        _commit(val1, sid, 9_000);
        _after(bountyId, 2);
        _reveal(val1, sid, 9_000);
        _after(bountyId, 3);
        bounties.finalize(bountyId);
        assertEq(bounties.validatorOf(val1).emaBps, (1_000 * 9_000 + 10_000 * 1_000) / 10_000);
        assertEq(bounties.validatorOf(val1).bountiesScored, 2);
    }

    /// A validator that scores one of two revealed submissions agrees on half of them: the EMA moves
    /// by alpha towards hits / revealed, from its previous value.
    function test_finalize_emaWeighsHitsByTheRevealedSubmissions() public {
        _playOne(_scores1(9_000));
        uint256 first = bounties.validatorOf(val1).emaBps;
        uint256 bountyId = _post();
        uint256 scored = _submit(gen1, bountyId, "good");
        uint256 unscored = _submit(gen2, bountyId, "other");
        _join(val1, bountyId, 0);
        _after(bountyId, 0);
        _revealDataset(gen1, scored, "good");
        _revealDataset(gen2, unscored, "other");
        _after(bountyId, 1);
        _commit(val1, scored, 9_000);
        _after(bountyId, 2);
        _reveal(val1, scored, 9_000);
        _after(bountyId, 3);
        bounties.finalize(bountyId);
        uint256 revealed = 2;
        uint256 hits = 1;
        assertEq(bounties.validatorOf(val1).emaBps, (first * 9_000 * revealed + hits * 10_000 * 1_000) / (10_000 * revealed));
        assertEq(bounties.validatorOf(val1).bountiesScored, 2);
    }

    function test_finalize_paysEachAcceptedAndRefundsTheRemainder() public {
        uint256 bountyId = _postReward(REWARD + 1);
        uint256 sid1 = _submit(gen1, bountyId, "good");
        uint256 sid2 = _submit(gen2, bountyId, "also good");
        uint256 sid3 = _submit(stranger, bountyId, "junk");
        _join(val1, bountyId, STAKE);
        _after(bountyId, 0);
        _revealDataset(gen1, sid1, "good");
        _revealDataset(gen2, sid2, "also good");
        _revealDataset(stranger, sid3, "junk");
        _after(bountyId, 1);
        _commit(val1, sid1, 9_000);
        _commit(val1, sid2, 8_000);
        _commit(val1, sid3, 100);
        _after(bountyId, 2);
        _reveal(val1, sid1, 9_000);
        _reveal(val1, sid2, 8_000);
        _reveal(val1, sid3, 100);
        _after(bountyId, 3);
        bounties.finalize(bountyId);

        uint256 share = (REWARD + 1) * 1_000 / 10_000;
        uint256 generatorPool = REWARD + 1 - share;
        assertEq(bounties.getSubmission(sid1).payout, generatorPool / 2);
        assertEq(bounties.getSubmission(sid2).payout, generatorPool / 2);
        assertEq(bounties.getSubmission(sid3).payout, 0);
        assertEq(bounties.claimable(requester), generatorPool % 2 + BOND / 2);
        assertEq(bounties.claimable(val1), share + (BOND - BOND / 2));
    }

    function test_finalize_leavesPayoutsZeroWhenThePoolIsSmallerThanTheAccepted() public {
        (uint256 bountyId, uint256 sid1, uint256 sid2) = _twoAcceptedForOneWei();
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.BountyFinalized(bountyId, 2, 0, 1);
        bounties.finalize(bountyId);

        assertEq(uint8(bounties.getSubmission(sid1).status), uint8(IDataBounties.SubmissionStatus.Accepted));
        assertEq(bounties.getSubmission(sid1).payout, 0);
        assertEq(bounties.getSubmission(sid2).payout, 0);
        assertEq(bounties.claimable(requester), 1);
        assertEq(bounties.claimable(val1), 0);
    }

    function test_finalize_clampsThePenaltyToTheRemainingStake() public {
        // With a 1-wei minimum stake, the rounded-up penalty (1 wei) of a first bounty empties the stake,
        // so the second bounty's penalty is clamped to nothing.
        DataBounties tiny = new DataBounties(IERC20(address(token)), IModelRegistry(address(registry)), 1, BOND);
        bounties = tiny;
        _fund(val1);
        _fund(gen1);
        _fund(requester);
        _deposit(val1, 1);
        uint256 first = _post();
        uint256 second = _post();
        uint256 sid1 = _submit(gen1, first, "good");
        uint256 sid2 = _submit(gen1, second, "good");
        vm.startPrank(val1);
        bounties.joinBounty(first);
        bounties.joinBounty(second);
        vm.stopPrank();
        _after(first, 0);
        _revealDataset(gen1, sid1, "good");
        _revealDataset(gen1, sid2, "good");
        _after(first, 3);
        bounties.finalize(first);
        assertEq(bounties.validatorOf(val1).stake, 0);
        vm.expectEmit(true, true, false, true);
        emit IDataBounties.ValidatorSettled(second, val1, 1, 0, 0, 0);
        bounties.finalize(second);
        assertEq(bounties.validatorOf(val1).stake, 0);
        assertEq(bounties.claimable(requester), 2 * uint256(REWARD) + 1);
    }

    function test_finalize_revertsForUnknownBounty() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownBounty.selector, 1));
        bounties.finalize(1);
    }

    function test_finalize_revertsDuringScoreReveal() public {
        uint256 bountyId = _post();
        _after(bountyId, 2);
        _expectWrongPhase(bountyId, IDataBounties.Phase.Finalizable, IDataBounties.Phase.ScoreReveal);
        bounties.finalize(bountyId);
    }

    function test_finalize_revertsWhenAlreadyFinalized() public {
        (uint256 bountyId,) = _playOne(_scores1(9_000));
        _expectWrongPhase(bountyId, IDataBounties.Phase.Finalizable, IDataBounties.Phase.Finalized);
        bounties.finalize(bountyId);
    }

    function test_finalize_unlocksTheStake() public {
        _playOne(_scores1(9_000));
        vm.prank(val1);
        bounties.withdrawStake(STAKE);
        assertEq(bounties.validatorOf(val1).stake, 0);
    }

    // ---------------------------------------------------------------- linkDataset

    function test_linkDataset_creditsThePayoutAndEmits() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        uint256 assetId = _listDataset(gen1, _data("good"), SYNTHETIC, 0);
        uint256 payout = bounties.getSubmission(sid).payout;
        vm.expectEmit(true, true, true, true);
        emit IDataBounties.DatasetLinked(sid, assetId, gen1, payout);
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);

        IDataBounties.Submission memory s = bounties.getSubmission(sid);
        assertEq(uint8(s.status), uint8(IDataBounties.SubmissionStatus.Paid));
        assertEq(s.assetId, assetId);
        assertEq(bounties.claimable(gen1), BOND + payout);
    }

    function test_linkDataset_acceptsAListingWithLineageToTheSource() public {
        uint256 other = _listDataset(stranger, keccak256("other"), 0, 0);
        uint256 source = _listDataset(stranger, keccak256("source"), 0, 0);
        (, uint256 sid) = _playOneFromSource(source);
        IModelRegistry.ListingParams memory params = _datasetListing(_data("good"), SYNTHETIC);
        params.parents = new IModelRegistry.Parent[](2);
        params.parents[0] = IModelRegistry.Parent({assetId: other, royaltyBps: 0});
        params.parents[1] = IModelRegistry.Parent({assetId: source, royaltyBps: 0});
        vm.prank(gen1);
        uint256 assetId = registry.list(params);
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
        assertEq(uint8(bounties.getSubmission(sid).status), uint8(IDataBounties.SubmissionStatus.Paid));
    }

    function test_linkDataset_revertsWithoutLineageToTheSource() public {
        uint256 other = _listDataset(stranger, keccak256("other"), 0, 0);
        uint256 source = _listDataset(stranger, keccak256("source"), 0, 0);
        (, uint256 sid) = _playOneFromSource(source);
        uint256 assetId = _listDataset(gen1, _data("good"), SYNTHETIC, other);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.MissingLineage.selector, assetId, source));
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsForUnknownSubmission() public {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.UnknownSubmission.selector, 1));
        vm.prank(gen1);
        bounties.linkDataset(1, 1, 1);
    }

    function test_linkDataset_revertsForAnotherGenerator() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotGenerator.selector, sid, gen2));
        vm.prank(gen2);
        bounties.linkDataset(sid, 1, 1);
    }

    function test_linkDataset_revertsWhenNotAccepted() public {
        (, uint256 sid) = _playOne(_scores1(THRESHOLD / 2));
        uint256 assetId = _listDataset(gen1, _data("good"), SYNTHETIC, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IDataBounties.NotAccepted.selector, sid, IDataBounties.SubmissionStatus.Rejected)
        );
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsWhenLinkedTwice() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        uint256 assetId = _listDataset(gen1, _data("good"), SYNTHETIC, 0);
        vm.startPrank(gen1);
        bounties.linkDataset(sid, assetId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataBounties.NotAccepted.selector, sid, IDataBounties.SubmissionStatus.Paid)
        );
        bounties.linkDataset(sid, assetId, 1);
        vm.stopPrank();
    }

    function test_linkDataset_revertsForUnknownAsset() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 77));
        vm.prank(gen1);
        bounties.linkDataset(sid, 77, 1);
    }

    function test_linkDataset_revertsForARetiredListing() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        uint256 assetId = _listDataset(gen1, _data("good"), SYNTHETIC, 0);
        vm.prank(gen1);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsForSomeoneElsesListing() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        uint256 assetId = _listDataset(gen2, _data("good"), SYNTHETIC, 0);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NotAssetOwner.selector, assetId, gen1, gen2));
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsForAModelListing() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        IModelRegistry.ListingParams memory params = _datasetListing(_data("good"), SYNTHETIC);
        params.kind = IModelRegistry.AssetKind.Model;
        vm.prank(gen1);
        uint256 assetId = registry.list(params);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotSyntheticDataset.selector, assetId, SYNTHETIC));
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsWithoutTheSyntheticFlag() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        uint64 otherFlags = SYNTHETIC >> 1;
        uint256 assetId = _listDataset(gen1, _data("good"), otherFlags, 0);
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.NotSyntheticDataset.selector, assetId, otherFlags));
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_revertsWhenTheContentHashDiffers() public {
        (, uint256 sid) = _playOne(_scores1(9_000));
        uint256 assetId = _listDataset(gen1, keccak256("other data"), SYNTHETIC, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.ContentHashMismatch.selector, assetId, keccak256("other data"), _data("good")
            )
        );
        vm.prank(gen1);
        bounties.linkDataset(sid, assetId, 1);
    }

    function test_linkDataset_creditsNothingForAZeroPayout() public {
        (uint256 bountyId, uint256 sid1,) = _twoAcceptedForOneWei();
        bounties.finalize(bountyId);
        uint256 assetId = _listDataset(gen1, _data("good"), SYNTHETIC, 0);
        uint256 before = bounties.claimable(gen1);
        vm.recordLogs();
        vm.prank(gen1);
        bounties.linkDataset(sid1, assetId, 1);
        assertEq(vm.getRecordedLogs().length, 1); // DatasetLinked only: no Credited
        assertEq(bounties.claimable(gen1), before);
        assertEq(uint8(bounties.getSubmission(sid1).status), uint8(IDataBounties.SubmissionStatus.Paid));
    }

    // ---------------------------------------------------------------- claim

    function test_claim_paysEverythingCreditedAndEmits() public {
        _playOne(_scores1(9_000));
        uint256 before = token.balanceOf(gen1);
        vm.expectEmit(true, false, false, true);
        emit IDataBounties.Claimed(gen1, BOND);
        vm.prank(gen1);
        uint256 amount = bounties.claim();
        assertEq(amount, BOND);
        assertEq(token.balanceOf(gen1), before + BOND);
        assertEq(bounties.claimable(gen1), 0);
    }

    function test_claim_revertsWhenNothingIsOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, stranger));
        vm.prank(stranger);
        bounties.claim();
    }

    // ---------------------------------------------------------------- helpers

    function _fund(address who) internal {
        token.transfer(who, 1e24);
        vm.prank(who);
        token.approve(address(bounties), type(uint256).max);
    }

    function _params() internal view returns (IDataBounties.BountyParams memory) {
        uint256 start = block.timestamp;
        return IDataBounties.BountyParams({
            specHash: keccak256("spec"),
            specURI: "ipfs://spec",
            criteriaHash: keccak256("criteria"),
            reward: REWARD,
            generatorBond: BOND,
            acceptThresholdBps: THRESHOLD,
            sourceAssetId: 0,
            submitDeadline: uint64(start + PHASE),
            datasetRevealDeadline: uint64(start + 2 * PHASE),
            scoreCommitDeadline: uint64(start + 3 * PHASE),
            scoreRevealDeadline: uint64(start + 4 * PHASE)
        });
    }

    function _post() internal returns (uint256) {
        return _postReward(REWARD);
    }

    function _postReward(uint256 reward) internal returns (uint256) {
        IDataBounties.BountyParams memory params = _params();
        params.reward = uint128(reward);
        vm.prank(requester);
        return bounties.postBounty(params);
    }

    function _expectInvalidDeadlines(IDataBounties.BountyParams memory params) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataBounties.InvalidDeadlines.selector,
                params.submitDeadline,
                params.datasetRevealDeadline,
                params.scoreCommitDeadline,
                params.scoreRevealDeadline
            )
        );
        vm.prank(requester);
        bounties.postBounty(params);
    }

    function _expectWrongPhase(uint256 bountyId, IDataBounties.Phase expected, IDataBounties.Phase actual) internal {
        vm.expectRevert(abi.encodeWithSelector(IDataBounties.WrongPhase.selector, bountyId, expected, actual));
    }

    /// @dev Moves the clock just past deadline `index` (0: submit … 3: score reveal).
    function _after(uint256 bountyId, uint256 index) internal {
        IDataBounties.Bounty memory b = bounties.getBounty(bountyId);
        uint64[4] memory deadlines =
            [b.submitDeadline, b.datasetRevealDeadline, b.scoreCommitDeadline, b.scoreRevealDeadline];
        vm.warp(uint256(deadlines[index]) + 1);
    }

    function _assertPhaseAt(uint256 bountyId, uint256 timestamp, IDataBounties.Phase expected) internal {
        vm.warp(timestamp);
        assertEq(uint8(bounties.phaseOf(bountyId)), uint8(expected));
    }

    function _data(string memory label) internal pure returns (bytes32) {
        return keccak256(abi.encode("dataset", label));
    }

    function _salt(string memory label) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", label));
    }

    function _datasetCommitment(address generator, uint256 bountyId, string memory label)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(_data(label), _salt(label), generator, bountyId));
    }

    function _submit(address generator, uint256 bountyId, string memory label) internal returns (uint256) {
        vm.prank(generator);
        return bounties.submit(bountyId, _datasetCommitment(generator, bountyId, label));
    }

    function _revealDataset(address generator, uint256 sid, string memory label) internal {
        vm.prank(generator);
        bounties.revealDataset(sid, _data(label), _salt(label), string.concat("file://", label, ".csv"));
    }

    function _deposit(address validator, uint256 amount) internal {
        vm.prank(validator);
        bounties.depositStake(amount);
    }

    function _join(address validator, uint256 bountyId, uint256 amount) internal {
        if (amount != 0) _deposit(validator, amount);
        vm.prank(validator);
        bounties.joinBounty(bountyId);
    }

    function _scoreSalt(address validator, uint256 sid, uint256 score) internal pure returns (bytes32) {
        return keccak256(abi.encode("score", validator, sid, score));
    }

    function _scoreCommitment(address validator, uint256 sid, uint256 score) internal pure returns (bytes32) {
        return keccak256(abi.encode(score, _scoreSalt(validator, sid, score), validator, sid));
    }

    function _commit(address validator, uint256 sid, uint256 score) internal {
        vm.prank(validator);
        bounties.commitScore(sid, _scoreCommitment(validator, sid, score));
    }

    function _reveal(address validator, uint256 sid, uint16 score) internal {
        vm.prank(validator);
        bounties.revealScore(sid, score, _scoreSalt(validator, sid, score));
    }

    /// @dev A default bounty with gen1's "good" dataset revealed and val1 joined (DatasetReveal phase).
    function _revealedSubmission() internal returns (uint256 bountyId, uint256 sid) {
        bountyId = _post();
        sid = _submit(gen1, bountyId, "good");
        _join(val1, bountyId, bounties.validatorOf(val1).stake == 0 ? STAKE : 0);
        _after(bountyId, 0);
        _revealDataset(gen1, sid, "good");
    }

    /// @dev A bounty paying 1 wei with two submissions both scored 9,000 by one validator, ready to finalize.
    function _twoAcceptedForOneWei() internal returns (uint256 bountyId, uint256 sid1, uint256 sid2) {
        bountyId = _postReward(1);
        sid1 = _submit(gen1, bountyId, "good");
        sid2 = _submit(gen2, bountyId, "also good");
        _join(val1, bountyId, STAKE);
        _after(bountyId, 0);
        _revealDataset(gen1, sid1, "good");
        _revealDataset(gen2, sid2, "also good");
        _after(bountyId, 1);
        _commit(val1, sid1, 9_000);
        _commit(val1, sid2, 9_000);
        _after(bountyId, 2);
        _reveal(val1, sid1, 9_000);
        _reveal(val1, sid2, 9_000);
        _after(bountyId, 3);
    }

    function _scores1(uint16 score) internal pure returns (uint16[] memory scores) {
        scores = new uint16[](1);
        scores[0] = score;
    }

    function _validator(uint256 i) internal view returns (address) {
        return [val1, val2, val3][i];
    }

    /// @dev One submission (gen1, "good") scored by val1.. with `scores` (HIDDEN: commits, never
    /// reveals; ABSENT: never commits), each staking STAKE; the clock is left past the reveal deadline.
    function _playOneUnfinalized(uint16[] memory scores) internal returns (uint256 bountyId, uint256 sid) {
        return _playOneWith(_params(), scores);
    }

    function _playOne(uint16[] memory scores) internal returns (uint256 bountyId, uint256 sid) {
        (bountyId, sid) = _playOneUnfinalized(scores);
        bounties.finalize(bountyId);
    }

    function _playOneFromSource(uint256 source) internal returns (uint256 bountyId, uint256 sid) {
        IDataBounties.BountyParams memory params = _params();
        params.sourceAssetId = source;
        (bountyId, sid) = _playOneWith(params, _scores1(9_000));
        bounties.finalize(bountyId);
    }

    function _playOneWith(IDataBounties.BountyParams memory params, uint16[] memory scores)
        internal
        returns (uint256 bountyId, uint256 sid)
    {
        vm.prank(requester);
        bountyId = bounties.postBounty(params);
        sid = _submit(gen1, bountyId, "good");
        for (uint256 i; i < scores.length; ++i) _join(_validator(i), bountyId, STAKE);
        _after(bountyId, 0);
        _revealDataset(gen1, sid, "good");
        _after(bountyId, 1);
        for (uint256 i; i < scores.length; ++i) {
            if (scores[i] != ABSENT) _commit(_validator(i), sid, scores[i] == HIDDEN ? 0 : scores[i]);
        }
        _after(bountyId, 2);
        for (uint256 i; i < scores.length; ++i) {
            if (scores[i] != ABSENT && scores[i] != HIDDEN) _reveal(_validator(i), sid, scores[i]);
        }
        _after(bountyId, 3);
    }

    function _datasetListing(bytes32 contentHash, uint64 flags)
        internal
        pure
        returns (IModelRegistry.ListingParams memory params)
    {
        params.kind = IModelRegistry.AssetKind.Dataset;
        params.contentHash = contentHash;
        params.metadataURI = "ipfs://dataset";
        params.licenseId = bytes32("CC-BY-4.0");
        params.complianceFlags = flags;
    }

    /// @dev Lists a dataset for `who`, with one lineage parent when `parent` is nonzero.
    function _listDataset(address who, bytes32 contentHash, uint64 flags, uint256 parent)
        internal
        returns (uint256 assetId)
    {
        IModelRegistry.ListingParams memory params = _datasetListing(contentHash, flags);
        if (parent != 0) {
            params.parents = new IModelRegistry.Parent[](1);
            params.parents[0] = IModelRegistry.Parent({assetId: parent, royaltyBps: 0});
        }
        vm.prank(who);
        assetId = registry.list(params);
    }

    function _ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
