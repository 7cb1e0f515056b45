// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {TrainingRoundsBase} from "./TrainingRoundsBase.t.sol";
import {TrainingRounds} from "../../contracts/TrainingRounds.sol";
import {TrainingRoundsOpening} from "../../contracts/TrainingRoundsOpening.sol";
import {ITrainingRounds} from "../../interfaces/ITrainingRounds.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Every check and path of TrainingRounds (and the opening code it delegates to), one
/// behaviour per test: reverts with their exact errors, the relayed batches, the phase clock, payouts.
contract TrainingRoundsUnitTest is TrainingRoundsBase {
    bytes32 internal constant COMMIT_TYPEHASH =
        keccak256("CommitAuthorization(uint256 taskId,uint16 round,bytes32 commitment,bytes32 previous)");
    address internal relayer = makeAddr("relayer");

    function setUp() public override {
        super.setUp();
        _fundTraining(relayer);
    }

    // ------------------------------------------------------------------ helpers

    /// @dev A 2-round task, every hospital joined, the aggregator bonded; round 0 in its commit phase.
    function _ready() internal returns (uint256 taskId) {
        taskId = _open(_params());
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.join(taskId, 0);
        }
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
    }

    function _commitment(uint256 taskId, uint256 i) internal view returns (bytes32) {
        uint16 round = training.getTask(taskId).round;
        return training.commitmentOf(taskId, round, keccak256(_update(i)), _samples(i), 0, bytes32(i + 1), hospitals[i]);
    }

    function _commit(uint256 taskId, uint256 i) internal {
        bytes32 commitment = _commitment(taskId, i);
        vm.prank(hospitals[i]);
        training.commit(taskId, commitment);
    }

    function _reveal(uint256 taskId, uint256 i) internal {
        vm.prank(hospitals[i]);
        training.reveal(taskId, _update(i), _samples(i), 0, bytes32(i + 1));
    }

    /// @dev Commits and reveals hospitals 0..count-1 in the current round; ends in the aggregate phase.
    function _playReveals(uint256 taskId, uint256 count)
        internal
        returns (address[] memory participants, bytes[] memory updates)
    {
        participants = new address[](count);
        updates = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            _commit(taskId, i);
            participants[i] = hospitals[i];
            updates[i] = _update(i);
        }
        _warpTo(taskId, 1);
        for (uint256 i; i < count; ++i) {
            _reveal(taskId, i);
        }
        _warpTo(taskId, 2);
    }

    function _honest(bytes[] memory updates) internal pure returns (bytes memory average) {
        int256[2] memory sums;
        uint256 total;
        for (uint256 i; i < updates.length; ++i) {
            sums[0] += int256(100 * (i + 1)) * int256(uint256(_samples(i)));
            sums[1] += -int256(7 * (i + 1)) * int256(uint256(_samples(i)));
            total += _samples(i);
        }
        average = abi.encodePacked(int64(sums[0] / int256(total)), int64(sums[1] / int256(total)));
    }

    function _root(address[] memory participants, bytes[] memory updates) internal pure returns (bytes32) {
        bytes32[] memory level = new bytes32[](participants.length);
        for (uint256 i; i < participants.length; ++i) {
            level[i] = keccak256(abi.encodePacked(participants[i], keccak256(updates[i]), _samples(i)));
        }
        uint256 count = level.length;
        while (count > 1) {
            uint256 next = (count + 1) / 2;
            for (uint256 i; i < next; ++i) {
                level[i] = 2 * i + 1 < count ? keccak256(abi.encodePacked(level[2 * i], level[2 * i + 1])) : level[2 * i];
            }
            count = next;
        }
        return level[0];
    }

    function _signed(uint256 taskId, uint256 i, bytes32 commitment, bytes32 previous, uint256 key)
        internal
        view
        returns (ITrainingRounds.SignedCommit memory signed)
    {
        uint16 round = training.getTask(taskId).round;
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                training.domainSeparator(),
                keccak256(abi.encode(COMMIT_TYPEHASH, taskId, round, commitment, previous))
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        signed = ITrainingRounds.SignedCommit(hospitals[i], commitment, previous, v, r, s);
    }

    function _one(ITrainingRounds.SignedCommit memory signed)
        internal
        pure
        returns (ITrainingRounds.SignedCommit[] memory batch)
    {
        batch = new ITrainingRounds.SignedCommit[](1);
        batch[0] = signed;
    }

    function _expectOpenRevert(ITrainingRounds.OpenParams memory params, bytes memory error) internal {
        vm.expectRevert(error);
        vm.prank(coordinator);
        training.open(params);
    }

    function _invalid(bytes32 what, uint256 value) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ITrainingRounds.InvalidParameter.selector, what, value);
    }

    // ------------------------------------------------------------------ construction and delegation

    function test_constructorRevertsOnZeroToken() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new TrainingRounds(IERC20(address(0)), registry, payments);
    }

    function test_constructorRevertsOnZeroRegistry() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new TrainingRounds(token, IModelRegistry(address(0)), payments);
    }

    function test_constructorRevertsOnZeroPayments() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new TrainingRounds(token, registry, IUsagePayments(address(0)));
    }

    function test_constructorCreatesItsHelpers() public view {
        assertGt(training.AGGREGATION().code.length, 0);
        assertGt(training.OPENING().code.length, 0);
        assertEq(address(TrainingRoundsOpening(training.OPENING()).TOKEN()), address(token));
        assertEq(address(TrainingRoundsOpening(training.OPENING()).REGISTRY()), address(registry));
    }

    function test_constructorAnnouncesItsBoundsAndHelpers() public {
        vm.recordLogs();
        TrainingRounds fresh = new TrainingRounds(token, registry, payments);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        Vm.Log memory last = logs[logs.length - 1];
        assertEq(
            last.topics[0], keccak256("TrainingRoundsDeployed(address,address,address,uint256,uint256,uint256,address,address)")
        );
        assertEq(
            last.data,
            abi.encode(
                address(token), address(registry), address(payments), 16, 32, 5_000, fresh.AGGREGATION(), fresh.OPENING()
            )
        );
    }

    function test_openingCalledDirectlyReverts() public {
        TrainingRoundsOpening opening = TrainingRoundsOpening(training.OPENING());
        vm.expectRevert(ITrainingRounds.NotDelegated.selector);
        vm.prank(coordinator);
        opening.open(_params());
        vm.expectRevert(ITrainingRounds.NotDelegated.selector);
        opening.allowParticipants(1, new address[](0));
    }

    // ------------------------------------------------------------------ open

    function test_openStoresThePolicyAndPullsThePool() public {
        ITrainingRounds.OpenParams memory params = _params();
        params.requiredFlags = 0x15;
        uint256 before = token.balanceOf(coordinator);
        uint256 taskId = _open(params);
        ITrainingRounds.Task memory task = training.getTask(taskId);
        assertEq(taskId, 1);
        assertEq(training.taskCount(), 1);
        assertEq(task.requiredFlags, 0x15);
        assertEq(task.coordinator, coordinator);
        assertEq(task.allowedCount, 3);
        assertEq(uint256(task.status), uint256(ITrainingRounds.TaskStatus.Running));
        assertEq(before - token.balanceOf(coordinator), 1_000 * TOKEN_UNIT);
        assertTrue(training.isAllowed(taskId, hospitals[0]));
    }

    function test_openRevertsOnEachBadParameter() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.aggregator = address(0);
        _expectOpenRevert(p, abi.encodeWithSelector(IMarketErrors.ZeroAddress.selector));
        p = _params();
        p.rewardPool = 0;
        _expectOpenRevert(p, abi.encodeWithSelector(IMarketErrors.ZeroAmount.selector));
        p = _params();
        p.baseModelId = 999;
        _expectOpenRevert(p, abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        p = _params();
        p.rounds = 0;
        _expectOpenRevert(p, _invalid("rounds", 0));
        p = _params();
        p.dimension = 33;
        _expectOpenRevert(p, _invalid("dimension", 33));
        p = _params();
        p.maxSamplesPerUpdate = 0;
        _expectOpenRevert(p, _invalid("maxSamplesPerUpdate", 0));
        p = _params();
        p.commitSeconds = 59;
        _expectOpenRevert(p, _invalid("commitSeconds", 59));
        p = _params();
        p.revealSeconds = 31 days;
        _expectOpenRevert(p, _invalid("revealSeconds", 31 days));
        p = _params();
        p.aggregateSeconds = 1;
        _expectOpenRevert(p, _invalid("aggregateSeconds", 1));
        p = _params();
        p.challengeSeconds = 0;
        _expectOpenRevert(p, _invalid("challengeSeconds", 0));
        p = _params();
        p.baseRoyaltyBps = 10_001;
        _expectOpenRevert(
            p, abi.encodeWithSelector(ITrainingRounds.TrainingRoyaltyAboveCap.selector, 10_001, 0, registry.MAX_TOTAL_ROYALTY_BPS())
        );
        p = _params();
        p.allowListOnly = false;
        p.minParticipantBond = 0;
        _expectOpenRevert(p, _invalid("minParticipantBond", 0));
        p = _params();
        p.aggregatorBond = 0;
        _expectOpenRevert(p, _invalid("aggregatorBond", 0));
        p = _params();
        p.metadataURI = "";
        _expectOpenRevert(p, _invalid("metadataURI", 0));
        assertEq(training.taskCount(), 0);
    }

    function test_openRevertsOnRetiredBaseModel() public {
        vm.prank(coordinator);
        registry.setStatus(baseModel, IModelRegistry.AssetStatus.Retired);
        _expectOpenRevert(_params(), abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, baseModel));
    }

    function test_openRevertsOnAllowListAboveTheBound() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.allowList = new address[](17);
        _expectOpenRevert(p, abi.encodeWithSelector(ITrainingRounds.TooManyParticipants.selector, 1, 17, 16));
    }

    function test_openRevertsOnZeroAddressInAllowList() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.allowList[1] = address(0);
        _expectOpenRevert(p, abi.encodeWithSelector(IMarketErrors.ZeroAddress.selector));
    }

    // ------------------------------------------------------------------ allowParticipants

    function test_allowParticipantsSkipsDuplicatesAndAddsNewOnes() public {
        uint256 taskId = _open(_params());
        address[] memory more = new address[](2);
        more[0] = hospitals[0];
        more[1] = stranger;
        vm.prank(coordinator);
        training.allowParticipants(taskId, more);
        assertEq(training.getTask(taskId).allowedCount, 4);
        assertTrue(training.isAllowed(taskId, stranger));
    }

    function test_allowParticipantsRevertsForOthersAndUnknownTasks() public {
        uint256 taskId = _open(_params());
        address[] memory more = new address[](1);
        more[0] = stranger;
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotCoordinator.selector, taskId, stranger));
        vm.prank(stranger);
        training.allowParticipants(taskId, more);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UnknownTask.selector, 42));
        vm.prank(coordinator);
        training.allowParticipants(42, more);
    }

    function test_allowParticipantsRevertsOnceTrained() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.rounds = 1;
        uint256 taskId = _open(p);
        _warpTo(taskId, 2);
        training.advance(taskId); // nobody revealed: the only round is accepted empty
        address[] memory more = new address[](1);
        more[0] = stranger;
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.WrongPhase.selector, taskId, ITrainingRounds.Phase.Commit, ITrainingRounds.Phase.Trained
            )
        );
        vm.prank(coordinator);
        training.allowParticipants(taskId, more);
    }

    // ------------------------------------------------------------------ join and bond

    function test_joinRecordsTheMemberAndPullsTheBond() public {
        uint256 taskId = _open(_params());
        uint256 before = token.balanceOf(hospitals[0]);
        vm.prank(hospitals[0]);
        training.join(taskId, 7);
        ITrainingRounds.Member memory member = training.getMember(taskId, hospitals[0]);
        assertTrue(member.joined);
        assertEq(member.bond, TOKEN_UNIT);
        assertEq(before - token.balanceOf(hospitals[0]), TOKEN_UNIT);
        assertEq(training.updateHashOf(taskId, hospitals[0]), bytes32(uint256(1)));
        assertEq(training.getTask(taskId).participantCount, 1);
    }

    function test_joinWithoutBondPullsNothing() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.minParticipantBond = 0;
        uint256 taskId = _open(p);
        uint256 before = token.balanceOf(hospitals[0]);
        vm.prank(hospitals[0]);
        training.join(taskId, 0);
        assertEq(token.balanceOf(hospitals[0]), before);
    }

    function test_joinRevertsOnMissingFlags() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.requiredFlags = 0x6;
        uint256 taskId = _open(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.ComplianceFlagsMissing.selector, taskId, hospitals[0], uint64(0x5), uint64(0x6)
            )
        );
        vm.prank(hospitals[0]);
        training.join(taskId, 0x5);
    }

    function testFuzz_joinAcceptsExactlyTheSupersetsOfTheRequiredFlags(uint64 required, uint64 declared) public {
        ITrainingRounds.OpenParams memory p = _params();
        p.requiredFlags = required;
        uint256 taskId = _open(p);
        bool covers = declared & required == required;
        if (!covers) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ITrainingRounds.ComplianceFlagsMissing.selector, taskId, hospitals[0], declared, required
                )
            );
        }
        vm.prank(hospitals[0]);
        training.join(taskId, declared);
        assertEq(training.getMember(taskId, hospitals[0]).joined, covers);
    }

    function test_joinRevertsWhenNotAllowedTwiceOrFull() public {
        uint256 taskId = _open(_params());
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotAllowed.selector, taskId, stranger));
        vm.prank(stranger);
        training.join(taskId, 0);
        vm.prank(hospitals[0]);
        training.join(taskId, 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AlreadyJoined.selector, taskId, hospitals[0]));
        vm.prank(hospitals[0]);
        training.join(taskId, 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UnknownTask.selector, 9));
        training.join(9, 0);
    }

    function test_joinRevertsAboveTheParticipantBound() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.allowListOnly = false;
        uint256 taskId = _open(p);
        for (uint256 i; i < 16; ++i) {
            address who = address(uint160(0x1000 + i));
            _fundTraining(who);
            vm.prank(who);
            training.join(taskId, 0);
        }
        address late = address(0x2000);
        _fundTraining(late);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.TooManyParticipants.selector, taskId, 17, 16));
        vm.prank(late);
        training.join(taskId, 0);
    }

    function test_joinRevertsOnceTrained() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.rounds = 1;
        uint256 taskId = _open(p);
        _warpTo(taskId, 2);
        training.advance(taskId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.WrongPhase.selector, taskId, ITrainingRounds.Phase.Commit, ITrainingRounds.Phase.Trained
            )
        );
        vm.prank(hospitals[0]);
        training.join(taskId, 0);
    }

    function test_bondAggregatorChecks() public {
        uint256 taskId = _open(_params());
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotAggregator.selector, taskId, stranger));
        vm.prank(stranger);
        training.bondAggregator(taskId);
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
        assertEq(training.getTask(taskId).aggregatorBond, 100 * TOKEN_UNIT);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AggregatorBondNotOpen.selector, taskId));
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
    }

    // ------------------------------------------------------------------ commit and commitBatch

    function test_commitChecks() public {
        uint256 taskId = _ready();
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotParticipant.selector, taskId, stranger));
        vm.prank(stranger);
        training.commit(taskId, bytes32(uint256(5)));
        vm.expectRevert(_invalid("commitment", 0));
        vm.prank(hospitals[0]);
        training.commit(taskId, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UnknownTask.selector, 77));
        vm.prank(hospitals[0]);
        training.commit(77, bytes32(uint256(5)));
        _warpTo(taskId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.WrongPhase.selector, taskId, ITrainingRounds.Phase.Commit, ITrainingRounds.Phase.Reveal
            )
        );
        vm.prank(hospitals[0]);
        training.commit(taskId, bytes32(uint256(5)));
    }

    function test_commitBatchStoresSignedCommitments() public {
        uint256 taskId = _ready();
        ITrainingRounds.SignedCommit[] memory batch = new ITrainingRounds.SignedCommit[](3);
        for (uint256 i; i < 3; ++i) {
            batch[i] = _signed(taskId, i, _commitment(taskId, i), bytes32(uint256(1)), keys[i]);
        }
        vm.prank(relayer);
        training.commitBatch(taskId, batch);
        for (uint256 i; i < 3; ++i) {
            assertEq(training.updateHashOf(taskId, hospitals[i]), _commitment(taskId, i));
        }
        _warpTo(taskId, 1);
        ITrainingRounds.Opening[] memory openings = new ITrainingRounds.Opening[](3);
        for (uint256 i; i < 3; ++i) {
            openings[i] = ITrainingRounds.Opening(hospitals[i], _samples(i), 0, bytes32(i + 1), _update(i));
        }
        vm.prank(relayer);
        training.revealBatch(taskId, openings);
        assertEq(training.getTask(taskId).revealedCount, 3);
        assertEq(training.contributionOf(taskId, hospitals[2]), _samples(2));
    }

    function test_commitBatchRejectsBadEntries() public {
        uint256 taskId = _ready();
        bytes32 commitment = _commitment(taskId, 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.BadBatchSize.selector, 0, 16));
        training.commitBatch(taskId, new ITrainingRounds.SignedCommit[](0));
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.BadBatchSize.selector, 17, 16));
        training.commitBatch(taskId, new ITrainingRounds.SignedCommit[](17));
        // signed by another key
        ITrainingRounds.SignedCommit memory forged = _signed(taskId, 0, commitment, bytes32(uint256(1)), keys[1]);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.InvalidCommitSignature.selector, taskId, hospitals[0]));
        training.commitBatch(taskId, _one(forged));
        // stale previous value: skipped, not fatal, and nothing stored
        ITrainingRounds.SignedCommit memory stale = _signed(taskId, 0, commitment, bytes32(uint256(2)), keys[0]);
        vm.expectEmit(address(training));
        emit ITrainingRounds.BatchEntrySkipped(taskId, 0, hospitals[0]);
        training.commitBatch(taskId, _one(stale));
        assertEq(training.updateHashOf(taskId, hospitals[0]), bytes32(uint256(1)));
        // zero commitment
        ITrainingRounds.SignedCommit memory zero = _signed(taskId, 0, bytes32(0), bytes32(uint256(1)), keys[0]);
        vm.expectRevert(_invalid("commitment", 0));
        training.commitBatch(taskId, _one(zero));
        // not a participant
        ITrainingRounds.SignedCommit memory outsider = _signed(taskId, 0, commitment, bytes32(0), keys[0]);
        outsider.participant = stranger;
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotParticipant.selector, taskId, stranger));
        training.commitBatch(taskId, _one(outsider));
        assertEq(training.updateHashOf(taskId, hospitals[0]), bytes32(uint256(1)));
    }

    function test_commitBatchSignatureIsBoundToTheRound() public {
        uint256 taskId = _ready();
        ITrainingRounds.SignedCommit memory signed = _signed(taskId, 0, _commitment(taskId, 0), bytes32(uint256(1)), keys[0]);
        _warpTo(taskId, 2);
        training.advance(taskId); // round 0 empty; round 1 starts
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.InvalidCommitSignature.selector, taskId, hospitals[0]));
        training.commitBatch(taskId, _one(signed));
    }

    // ------------------------------------------------------------------ reveal

    function test_revealChecksTheUpdateAndThePolicy() public {
        uint256 taskId = _ready();
        _commit(taskId, 0);
        _warpTo(taskId, 1);
        vm.startPrank(hospitals[0]);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.WrongUpdateLength.selector, 8, 16));
        training.reveal(taskId, abi.encodePacked(int64(1)), 10, 0, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.SampleCountOutOfRange.selector, 0, 1_000));
        training.reveal(taskId, _update(0), 0, 0, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.SampleCountOutOfRange.selector, 1_001, 1_000));
        training.reveal(taskId, _update(0), 1_001, 0, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.EpsilonAboveCap.selector, 5_001, 5_000));
        training.reveal(taskId, _update(0), 10, 5_001, bytes32(uint256(1)));
        bytes32 wrong = training.commitmentOf(taskId, 0, keccak256(_update(0)), 10, 0, bytes32(uint256(9)), hospitals[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.CommitmentMismatch.selector, taskId, hospitals[0], _commitment(taskId, 0), wrong
            )
        );
        training.reveal(taskId, _update(0), 10, 0, bytes32(uint256(9)));
        training.reveal(taskId, _update(0), 10, 0, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AlreadyRevealed.selector, taskId, 0, hospitals[0]));
        training.reveal(taskId, _update(0), 10, 0, bytes32(uint256(1)));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotParticipant.selector, taskId, stranger));
        vm.prank(stranger);
        training.reveal(taskId, _update(0), 10, 0, bytes32(uint256(1)));
        assertEq(training.updateHashOf(taskId, hospitals[0]), keccak256(_update(0)));
    }

    function test_revealBatchSkipsAParticipantThatRevealedItself() public {
        uint256 taskId = _ready();
        for (uint256 i; i < 3; ++i) {
            _commit(taskId, i);
        }
        _warpTo(taskId, 1);
        _reveal(taskId, 0); // front-runs the relayer's batch
        ITrainingRounds.Opening[] memory openings = new ITrainingRounds.Opening[](3);
        for (uint256 i; i < 3; ++i) {
            openings[i] = ITrainingRounds.Opening(hospitals[i], _samples(i), 0, bytes32(i + 1), _update(i));
        }
        vm.expectEmit(address(training));
        emit ITrainingRounds.BatchEntrySkipped(taskId, 0, hospitals[0]);
        vm.prank(relayer);
        training.revealBatch(taskId, openings);
        assertEq(training.getTask(taskId).revealedCount, 3);
        assertEq(training.contributionOf(taskId, hospitals[0]), _samples(0)); // counted once
    }

    function test_revealBatchRejectsSizesOutOfBounds() public {
        uint256 taskId = _ready();
        _warpTo(taskId, 1);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.BadBatchSize.selector, 0, 16));
        training.revealBatch(taskId, new ITrainingRounds.Opening[](0));
    }

    // ------------------------------------------------------------------ aggregate, challenge, advance

    function test_postAggregateChecks() public {
        uint256 taskId = _ready();
        (address[] memory participants, bytes[] memory updates) = _playReveals(taskId, 2);
        bytes memory average = _honest(updates);
        bytes32 root = _root(participants, updates);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotAggregator.selector, taskId, stranger));
        vm.prank(stranger);
        training.postAggregate(taskId, average, root, 2);
        vm.startPrank(aggregatorAccount);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.WrongUpdateLength.selector, 8, 16));
        training.postAggregate(taskId, abi.encodePacked(int64(1)), root, 2);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UpdateCountMismatch.selector, taskId, 3, 2));
        training.postAggregate(taskId, average, root, 3);
        training.postAggregate(taskId, average, root, 2);
        vm.stopPrank();
        assertEq(uint256(training.phaseOf(taskId)), uint256(ITrainingRounds.Phase.Challenge));
        vm.warp(block.timestamp + PHASE);
        assertEq(uint256(training.phaseOf(taskId)), uint256(ITrainingRounds.Phase.Acceptable));
        training.advance(taskId);
        ITrainingRounds.Task memory task = training.getTask(taskId);
        assertEq(task.round, 1);
        assertEq(task.modelHash, keccak256(average));
    }

    function test_postAggregateRevertsWithoutBond() public {
        uint256 taskId = _open(_params());
        vm.prank(hospitals[0]);
        training.join(taskId, 0);
        _playReveals(taskId, 1);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AggregatorNotBonded.selector, taskId));
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _update(0), bytes32(0), 1);
    }

    function test_challengeRejectsBadInputs() public {
        uint256 taskId = _ready();
        (address[] memory participants, bytes[] memory updates) = _playReveals(taskId, 2);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _honest(updates), _root(participants, updates), 2);
        // too few updates
        address[] memory one = new address[](1);
        one[0] = participants[0];
        bytes[] memory oneUpdate = new bytes[](1);
        oneUpdate[0] = updates[0];
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UpdateCountMismatch.selector, taskId, 1, 2));
        training.challengeAggregate(taskId, one, oneUpdate);
        // arrays of different lengths
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UpdateCountMismatch.selector, taskId, 2, 2));
        training.challengeAggregate(taskId, participants, oneUpdate);
        // not ascending
        address[] memory swapped = new address[](2);
        (swapped[0], swapped[1]) = (participants[1], participants[0]);
        bytes[] memory swappedUpdates = new bytes[](2);
        (swappedUpdates[0], swappedUpdates[1]) = (updates[1], updates[0]);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.ParticipantsNotAscending.selector, swapped[0], swapped[1]));
        training.challengeAggregate(taskId, swapped, swappedUpdates);
        // someone who did not reveal
        address[] memory withOutsider = new address[](2);
        (withOutsider[0], withOutsider[1]) = (participants[0], hospitals[2]);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotRevealed.selector, taskId, hospitals[2]));
        training.challengeAggregate(taskId, withOutsider, updates);
        // an update that is not the revealed one
        bytes[] memory altered = new bytes[](2);
        (altered[0], altered[1]) = (updates[0], updates[0]);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UpdateMismatch.selector, taskId, participants[1]));
        training.challengeAggregate(taskId, participants, altered);
        // the honest post stands
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AggregateCorrect.selector, taskId, 0));
        training.challengeAggregate(taskId, participants, updates);
        assertFalse(training.getTask(taskId).aggregatorSlashed);
    }

    function test_challengeOfAWrongRootSlashesAndPaysTheChallenger() public {
        uint256 taskId = _ready();
        (address[] memory participants, bytes[] memory updates) = _playReveals(taskId, 2);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _honest(updates), bytes32(uint256(123)), 2);
        vm.prank(stranger);
        training.challengeAggregate(taskId, participants, updates);
        ITrainingRounds.Task memory task = training.getTask(taskId);
        assertTrue(task.aggregatorSlashed);
        assertEq(task.aggregatorBond, 0);
        assertEq(task.rewardPool, 1_050 * TOKEN_UNIT);
        assertEq(task.round, 1);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AggregatorBondNotOpen.selector, taskId));
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
    }

    function test_aggregateOnChainWithoutBondDoesNotSlash() public {
        uint256 taskId = _open(_params());
        for (uint256 i; i < 2; ++i) {
            vm.prank(hospitals[i]);
            training.join(taskId, 0);
        }
        (address[] memory participants, bytes[] memory updates) = _playReveals(taskId, 2);
        vm.prank(stranger);
        training.aggregateOnChain(taskId, participants, updates);
        ITrainingRounds.Task memory task = training.getTask(taskId);
        assertFalse(task.aggregatorSlashed);
        assertEq(task.modelHash, keccak256(_honest(updates)));
    }

    function test_aggregateOnChainAfterTheDeadlineSlashesTheAggregator() public {
        uint256 taskId = _ready();
        (address[] memory participants, bytes[] memory updates) = _playReveals(taskId, 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.WrongPhase.selector, taskId, ITrainingRounds.Phase.Overdue, ITrainingRounds.Phase.Aggregate
            )
        );
        training.aggregateOnChain(taskId, participants, updates);
        _warpTo(taskId, 3);
        assertEq(uint256(training.phaseOf(taskId)), uint256(ITrainingRounds.Phase.Overdue));
        vm.prank(stranger);
        training.aggregateOnChain(taskId, participants, updates);
        assertTrue(training.getTask(taskId).aggregatorSlashed);
        assertEq(training.getTask(taskId).modelHash, keccak256(_honest(updates)));
    }

    function test_advanceRevertsWhenNothingIsDue() public {
        uint256 taskId = _ready();
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingRounds.NothingToAdvance.selector, taskId, ITrainingRounds.Phase.Commit)
        );
        training.advance(taskId);
    }

    // ------------------------------------------------------------------ finalize and claim

    function _trainOneRound() internal returns (uint256 taskId, bytes memory average) {
        ITrainingRounds.OpenParams memory p = _params();
        p.rounds = 1;
        taskId = _open(p);
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.join(taskId, 0);
        }
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
        (address[] memory participants, bytes[] memory updates) = _playReveals(taskId, 2);
        average = _honest(updates);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, average, _root(participants, updates), 2);
        vm.warp(block.timestamp + PHASE);
        training.advance(taskId);
    }

    function test_finalizeListsTheModelAndClaimsPayEveryone() public {
        (uint256 taskId, bytes memory average) = _trainOneRound();
        assertEq(uint256(training.phaseOf(taskId)), uint256(ITrainingRounds.Phase.Trained));
        assertEq(training.claimableOf(taskId, hospitals[0]), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.WrongPhase.selector, taskId, ITrainingRounds.Phase.Finalized, ITrainingRounds.Phase.Trained
            )
        );
        training.claim(taskId);
        training.finalize(taskId);
        ITrainingRounds.Task memory task = training.getTask(taskId);
        assertEq(uint256(training.phaseOf(taskId)), uint256(ITrainingRounds.Phase.Finalized));
        assertEq(registry.ownerOf(task.modelAssetId), coordinator);
        assertEq(task.modelHash, keccak256(average));
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingRounds.WrongPhase.selector, taskId, ITrainingRounds.Phase.Trained, ITrainingRounds.Phase.Finalized
            )
        );
        training.finalize(taskId);
        uint256 total = _samples(0) + _samples(1);
        uint256 share = 1_000 * TOKEN_UNIT * _samples(0) / total;
        assertEq(training.claimableOf(taskId, hospitals[0]), share + TOKEN_UNIT);
        assertEq(training.claimableOf(taskId, hospitals[2]), TOKEN_UNIT); // joined, never revealed: bond only
        vm.prank(hospitals[0]);
        assertEq(training.claim(taskId), share + TOKEN_UNIT);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, hospitals[0]));
        vm.prank(hospitals[0]);
        training.claim(taskId);
        vm.prank(aggregatorAccount);
        assertEq(training.claim(taskId), 100 * TOKEN_UNIT);
        assertEq(training.getTask(taskId).aggregatorBond, 0);
    }

    function test_finalizeWithoutContributionsRefundsTheCoordinator() public {
        ITrainingRounds.OpenParams memory p = _params();
        p.rounds = 1;
        uint256 taskId = _open(p);
        _warpTo(taskId, 2);
        training.advance(taskId);
        training.finalize(taskId);
        assertEq(training.getTask(taskId).modelAssetId, 0);
        uint256 before = token.balanceOf(coordinator);
        vm.prank(coordinator);
        training.claim(taskId);
        assertEq(token.balanceOf(coordinator) - before, 1_000 * TOKEN_UNIT);
    }

    // ------------------------------------------------------------------ views

    function test_viewsOfAnUnknownTask() public {
        assertEq(uint256(training.phaseOf(5)), uint256(ITrainingRounds.Phase.None));
        assertEq(training.claimableOf(5, hospitals[0]), 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.UnknownTask.selector, 5));
        training.getTask(5);
        assertEq(training.MAX_ROUNDS(), 64);
        assertEq(training.MAX_DIMENSION(), 32);
        assertEq(training.MAX_PARTICIPANTS(), 16);
    }

    function test_domainSeparatorFollowsTheChainId() public {
        bytes32 here = training.domainSeparator();
        vm.chainId(block.chainid + 1);
        assertTrue(training.domainSeparator() != here);
    }
}
