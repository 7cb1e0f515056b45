// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TrainingRoundsBase} from "./TrainingRoundsBase.t.sol";
import {ITrainingRounds} from "../../interfaces/ITrainingRounds.sol";

/// @notice Boundary behaviours of TrainingRounds that the unit tests left open, each found by a
/// mutant that survived them (tests/foundry/MUTATION.md, "Sampled run, 2026-11-30 (TrainingRounds)"):
/// inclusive caps, a repeated challenge entry, the rounding of the slash, the per-round sample count.
/// The setup is TrainingRoundsBase (as for TrainingRoundsUnitTest).
contract TrainingRoundsMutationTest is TrainingRoundsBase {
    uint256 internal constant BPS = 10_000;

    // ------------------------------------------------------------------ helpers

    /// @dev Every hospital joined, the aggregator bonded; round 0 in its commit phase.
    function _ready(ITrainingRounds.OpenParams memory params) internal returns (uint256 taskId) {
        taskId = _open(params);
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.join(taskId, 0);
        }
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
    }

    function _commit(uint256 taskId, uint256 i, uint32 samples, uint32 epsilon) internal {
        uint16 round = training.getTask(taskId).round;
        bytes32 commitment =
            training.commitmentOf(taskId, round, keccak256(_update(i)), samples, epsilon, bytes32(i + 1), hospitals[i]);
        vm.prank(hospitals[i]);
        training.commit(taskId, commitment);
    }

    function _reveal(uint256 taskId, uint256 i, uint32 samples, uint32 epsilon) internal {
        vm.prank(hospitals[i]);
        training.reveal(taskId, _update(i), samples, epsilon, bytes32(i + 1));
    }

    /// @dev Hospitals `first`..`last` commit and reveal in the current round; ends in the aggregate phase.
    function _play(uint256 taskId, uint256 first, uint256 last) internal {
        for (uint256 i = first; i <= last; ++i) {
            _commit(taskId, i, _samples(i), 0);
        }
        _warpTo(taskId, 1);
        for (uint256 i = first; i <= last; ++i) {
            _reveal(taskId, i, _samples(i), 0);
        }
        _warpTo(taskId, 2);
    }

    // ------------------------------------------------------------------ tests

    /// @dev Kills TrainingRounds.sol:418 `sampleCount > maxSamples` -> `>=` and :420 `dpEpsilonMilli > maxEpsilon` -> `>=`.
    function test_revealAcceptsTheSampleAndEpsilonCapsExactly() public {
        ITrainingRounds.OpenParams memory params = _params();
        uint256 taskId = _ready(params);
        _commit(taskId, 0, params.maxSamplesPerUpdate, params.maxDpEpsilonMilli);
        _warpTo(taskId, 1);
        _reveal(taskId, 0, params.maxSamplesPerUpdate, params.maxDpEpsilonMilli);
        ITrainingRounds.Member memory member = training.getMember(taskId, hospitals[0]);
        assertEq(member.sampleCount, params.maxSamplesPerUpdate);
        assertEq(member.dpEpsilonMilli, params.maxDpEpsilonMilli);
        assertEq(training.getTask(taskId).revealedCount, 1);
    }

    /// @dev Kills TrainingRounds.sol:482 `size > MAX_PARTICIPANTS` -> `>=`: a full batch passes the size
    /// check and fails on its first entry instead.
    function test_batchesOfExactlyTheParticipantBoundPassTheSizeCheck() public {
        uint256 taskId = _ready(_params());
        uint256 bound = training.MAX_PARTICIPANTS();
        ITrainingRounds.SignedCommit[] memory commits = new ITrainingRounds.SignedCommit[](bound);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.NotParticipant.selector, taskId, address(0)));
        training.commitBatch(taskId, commits);
        _warpTo(taskId, 1);
        ITrainingRounds.Opening[] memory openings = new ITrainingRounds.Opening[](bound);
        vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.WrongUpdateLength.selector, 0, 16));
        training.revealBatch(taskId, openings);
    }

    /// @dev Kills TrainingRounds.sol:359 `participant <= previous` -> `<`: a challenger who repeats one
    /// revealed update in place of another must not get a different FedAvg accepted and the bond slashed.
    function test_challengeRejectsARepeatedParticipant() public {
        uint256 taskId = _ready(_params());
        _play(taskId, 0, 1);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _update(0), bytes32(uint256(7)), 2);
        address[] memory repeated = new address[](2);
        (repeated[0], repeated[1]) = (hospitals[0], hospitals[0]);
        bytes[] memory updates = new bytes[](2);
        (updates[0], updates[1]) = (_update(0), _update(0));
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingRounds.ParticipantsNotAscending.selector, hospitals[0], hospitals[0])
        );
        vm.prank(stranger);
        training.challengeAggregate(taskId, repeated, updates);
        assertFalse(training.getTask(taskId).aggregatorSlashed);
    }

    /// @dev Kills TrainingRounds.sol:384 `mulBpsDown` -> `mulBpsUp`: the challenger's half of an odd bond
    /// is rounded down, the odd wei goes to the reward pool.
    function test_slashRoundsTheChallengerShareDown() public {
        ITrainingRounds.OpenParams memory params = _params();
        params.aggregatorBond = uint96(100 * TOKEN_UNIT + 1);
        uint256 taskId = _ready(params);
        _play(taskId, 0, 1);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _update(0), bytes32(uint256(7)), 2); // wrong aggregate
        address[] memory participants = new address[](2);
        (participants[0], participants[1]) = (hospitals[0], hospitals[1]);
        bytes[] memory updates = new bytes[](2);
        (updates[0], updates[1]) = (_update(0), _update(1));
        uint256 bond = params.aggregatorBond;
        uint256 toChallenger = bond * training.CHALLENGER_SHARE_BPS() / BPS; // floor
        assertTrue(toChallenger * BPS != bond * training.CHALLENGER_SHARE_BPS()); // the share is not exact
        vm.expectEmit(address(training));
        emit ITrainingRounds.AggregatorSlashed(taskId, aggregatorAccount, stranger, toChallenger, bond - toChallenger);
        vm.prank(stranger);
        training.challengeAggregate(taskId, participants, updates);
        assertEq(training.getTask(taskId).rewardPool, params.rewardPool + bond - toChallenger);
    }

    /// @dev Kills TrainingRounds.sol:401 `contributed - contributedAtRoundStart` -> `+`: the second round's
    /// RoundAccepted counts only the samples revealed in that round.
    function test_roundAcceptedCountsOnlyThatRoundsSamples() public {
        uint256 taskId = _ready(_params());
        _play(taskId, 0, 1);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _update(0), bytes32(uint256(7)), 2);
        vm.warp(block.timestamp + PHASE);
        vm.expectEmit(address(training));
        emit ITrainingRounds.RoundAccepted(
            taskId, 0, keccak256(_update(0)), bytes32(uint256(7)), 2, uint128(_samples(0)) + _samples(1)
        );
        training.advance(taskId);
        _play(taskId, 2, 2);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, _update(2), bytes32(uint256(8)), 1);
        vm.warp(block.timestamp + PHASE);
        vm.expectEmit(address(training));
        emit ITrainingRounds.RoundAccepted(taskId, 1, keccak256(_update(2)), bytes32(uint256(8)), 1, _samples(2));
        training.advance(taskId);
        assertEq(training.getTask(taskId).contributedAtRoundStart, uint256(_samples(0)) + _samples(1) + _samples(2));
    }

    /// @dev Kills TrainingRoundsOpening.sol:86 `total > PARTICIPANT_CAP` -> `>=`: an allow-list of exactly
    /// the bound is accepted.
    function test_openAcceptsAnAllowListOfExactlyTheBound() public {
        ITrainingRounds.OpenParams memory params = _params();
        uint256 bound = training.MAX_PARTICIPANTS();
        params.allowList = new address[](bound);
        for (uint256 i; i < bound; ++i) {
            params.allowList[i] = address(uint160(0x1000 + i));
        }
        uint256 taskId = _open(params);
        assertEq(training.getTask(taskId).allowedCount, bound);
        assertTrue(training.isAllowed(taskId, address(uint160(0x1000 + bound - 1))));
    }

    /// @dev Kills TrainingRoundsOpening.sol:123 `value > maximum` -> `>=` (and `value < minimum` -> `<=`):
    /// every ranged parameter is accepted at both of its bounds.
    function test_openAcceptsEveryParameterAtItsBounds() public {
        ITrainingRounds.OpenParams memory params = _params();
        params.rounds = uint16(training.MAX_ROUNDS());
        params.dimension = uint8(training.MAX_DIMENSION());
        params.maxSamplesPerUpdate = type(uint32).max;
        params.commitSeconds = 30 days;
        params.revealSeconds = 30 days;
        params.aggregateSeconds = 30 days;
        params.challengeSeconds = 30 days;
        params.baseRoyaltyBps = uint16(registry.MAX_TOTAL_ROYALTY_BPS());
        ITrainingRounds.Task memory task = training.getTask(_open(params));
        assertEq(task.rounds, params.rounds);
        assertEq(task.dimension, params.dimension);
        assertEq(task.maxSamplesPerUpdate, params.maxSamplesPerUpdate);
        assertEq(task.challengeSeconds, params.challengeSeconds);
        assertEq(task.baseRoyaltyBps, params.baseRoyaltyBps);
        params.rounds = 1;
        params.dimension = 1;
        params.maxSamplesPerUpdate = 1;
        params.commitSeconds = 60;
        params.revealSeconds = 60;
        params.aggregateSeconds = 60;
        params.challengeSeconds = 60;
        params.baseRoyaltyBps = 0;
        task = training.getTask(_open(params));
        assertEq(task.rounds, 1);
        assertEq(task.dimension, 1);
        assertEq(task.maxSamplesPerUpdate, 1);
        assertEq(task.commitSeconds, 60);
        assertEq(task.baseRoyaltyBps, 0);
    }
}
