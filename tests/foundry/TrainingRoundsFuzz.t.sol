// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {TrainingRounds} from "../../contracts/TrainingRounds.sol";
import {FedAvg} from "../../contracts/libraries/FedAvg.sol";
import {ITrainingRounds} from "../../interfaces/ITrainingRounds.sol";

/// @notice Exposes the FedAvg library over calldata, as TrainingRounds uses it.
contract FedAvgHarness {
    function average(bytes[] calldata updates, uint256[] calldata samples, uint256 dimension)
        external
        pure
        returns (bytes memory)
    {
        int256[] memory sums = new int256[](dimension);
        uint256 total;
        for (uint256 i; i < updates.length; ++i) {
            FedAvg.accumulate(sums, updates[i], samples[i]);
            total += samples[i];
        }
        return FedAvg.average(sums, total);
    }

    function root(bytes32[] memory leaves) external pure returns (bytes32) {
        return FedAvg.merkleRoot(leaves);
    }

    function weightAt(bytes calldata update, uint256 index) external pure returns (int256) {
        return FedAvg.weightAt(update, index);
    }
}

/// @notice Fuzz of the fixed-point FedAvg (bounds, exactness) and of the challenge game on a real task.
contract TrainingRoundsFuzzTest is Base {
    uint256 internal constant PHASE = 60;
    FedAvgHarness internal harness;
    TrainingRounds internal training;
    address internal coordinator = makeAddr("coordinator");
    address internal aggregatorAccount = makeAddr("aggregator");
    address[3] internal hospitals;

    function setUp() public override {
        super.setUp();
        harness = new FedAvgHarness();
        training = new TrainingRounds(token, registry, payments);
        hospitals = [makeAddr("hospital A"), makeAddr("hospital B"), makeAddr("hospital C")];
        // ascending addresses, as the challenge input must be
        for (uint256 i; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (hospitals[j] < hospitals[i]) (hospitals[i], hospitals[j]) = (hospitals[j], hospitals[i]);
            }
        }
        address[5] memory funded = [coordinator, aggregatorAccount, hospitals[0], hospitals[1], hospitals[2]];
        for (uint256 i; i < funded.length; ++i) {
            token.transfer(funded[i], FUNDING);
            vm.prank(funded[i]);
            token.approve(address(training), type(uint256).max);
        }
    }

    function _pack(int64[] memory values) internal pure returns (bytes memory packed) {
        for (uint256 j; j < values.length; ++j) {
            packed = abi.encodePacked(packed, values[j]);
        }
    }

    function _vector(uint256 seed, uint256 dimension) internal pure returns (int64[] memory values) {
        values = new int64[](dimension);
        for (uint256 j; j < dimension; ++j) {
            values[j] = int64(uint64(uint256(keccak256(abi.encode(seed, j)))));
        }
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_averageLiesBetweenTheExtremes(uint256 seed, uint8 countSeed, uint8 dimensionSeed) public view {
        uint256 count = bound(countSeed, 1, 16);
        uint256 dimension = bound(dimensionSeed, 1, 32);
        bytes[] memory updates = new bytes[](count);
        uint256[] memory samples = new uint256[](count);
        int64[][] memory vectors = new int64[][](count);
        for (uint256 i; i < count; ++i) {
            vectors[i] = _vector(uint256(keccak256(abi.encode(seed, i))), dimension);
            updates[i] = _pack(vectors[i]);
            samples[i] = bound(uint256(keccak256(abi.encode(seed, "n", i))), 1, type(uint32).max);
        }
        bytes memory average = harness.average(updates, samples, dimension);
        assertEq(average.length, dimension * 8);
        for (uint256 j; j < dimension; ++j) {
            int256 low = type(int64).max;
            int256 high = type(int64).min;
            for (uint256 i; i < count; ++i) {
                if (vectors[i][j] < low) low = vectors[i][j];
                if (vectors[i][j] > high) high = vectors[i][j];
            }
            int256 value = harness.weightAt(average, j);
            assertGe(value, low);
            assertLe(value, high);
        }
    }

    function testFuzz_averageOfEqualUpdatesIsTheUpdate(uint256 seed, uint32 a, uint32 b) public view {
        int64[] memory vector = _vector(seed, 32);
        bytes[] memory updates = new bytes[](2);
        updates[0] = _pack(vector);
        updates[1] = updates[0];
        uint256[] memory samples = new uint256[](2);
        samples[0] = bound(a, 1, type(uint32).max);
        samples[1] = bound(b, 1, type(uint32).max);
        assertEq(harness.average(updates, samples, 32), updates[0]);
    }

    function testFuzz_averageRoundsTowardZero(int64 x, int64 y, uint32 nx, uint32 ny) public view {
        uint256 sx = bound(nx, 1, type(uint32).max);
        uint256 sy = bound(ny, 1, type(uint32).max);
        int64[] memory vx = new int64[](1);
        int64[] memory vy = new int64[](1);
        vx[0] = x;
        vy[0] = y;
        bytes[] memory updates = new bytes[](2);
        updates[0] = _pack(vx);
        updates[1] = _pack(vy);
        uint256[] memory samples = new uint256[](2);
        samples[0] = sx;
        samples[1] = sy;
        int256 numerator = int256(x) * int256(sx) + int256(y) * int256(sy);
        int256 total = int256(sx + sy);
        int256 magnitude = (numerator < 0 ? -numerator : numerator) / total;
        int256 expected = numerator < 0 ? -magnitude : magnitude;
        assertEq(harness.weightAt(harness.average(updates, samples, 1), 0), expected);
    }

    function test_merkleRootOfNoLeavesIsZero() public view {
        assertEq(harness.root(new bytes32[](0)), bytes32(0));
    }

    function test_merkleRootOfOneAndThreeLeaves() public view {
        bytes32[] memory one = new bytes32[](1);
        one[0] = keccak256("a");
        assertEq(harness.root(one), one[0]);
        bytes32[] memory three = new bytes32[](3);
        three[0] = keccak256("a");
        three[1] = keccak256("b");
        three[2] = keccak256("c");
        bytes32 expected = keccak256(abi.encodePacked(keccak256(abi.encodePacked(three[0], three[1])), three[2]));
        assertEq(harness.root(three), expected);
    }

    // ------------------------------------------------------------------ the challenge game

    function _open(uint16 dimension) internal returns (uint256 taskId) {
        uint256 base = _list(coordinator, 0);
        address[] memory allow = new address[](3);
        for (uint256 i; i < 3; ++i) {
            allow[i] = hospitals[i];
        }
        ITrainingRounds.OpenParams memory params = ITrainingRounds.OpenParams({
            baseModelId: base,
            aggregator: aggregatorAccount,
            rewardPool: uint128(1_000 * TOKEN_UNIT),
            minParticipantBond: uint96(TOKEN_UNIT),
            aggregatorBond: uint96(100 * TOKEN_UNIT),
            rounds: 1,
            dimension: uint8(dimension),
            maxSamplesPerUpdate: type(uint32).max,
            maxDpEpsilonMilli: 0,
            commitSeconds: uint32(PHASE),
            revealSeconds: uint32(PHASE),
            aggregateSeconds: uint32(PHASE),
            challengeSeconds: uint32(PHASE),
            baseRoyaltyBps: 500,
            participantsRoyaltyBps: 0,
            allowListOnly: true,
            requiredFlags: 0,
            licenseId: bytes32("MIT"),
            metadataURI: "ipfs://fed",
            allowList: allow
        });
        vm.prank(coordinator);
        taskId = training.open(params);
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.join(taskId, 0);
        }
        vm.prank(aggregatorAccount);
        training.bondAggregator(taskId);
    }

    /// @dev Commits and reveals three fuzzed updates; returns the challenge input.
    function _playReveals(uint256 taskId, uint256 seed, uint16 dimension)
        internal
        returns (address[] memory participants, bytes[] memory updates, uint256[] memory samples)
    {
        participants = new address[](3);
        updates = new bytes[](3);
        samples = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            participants[i] = hospitals[i];
            updates[i] = _pack(_vector(uint256(keccak256(abi.encode(seed, i))), dimension));
            samples[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, type(uint32).max);
            bytes32 commitment = training.commitmentOf(
                taskId, 0, keccak256(updates[i]), uint32(samples[i]), 0, bytes32(i + 1), hospitals[i]
            );
            vm.prank(hospitals[i]);
            training.commit(taskId, commitment);
        }
        vm.warp(block.timestamp + PHASE);
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.reveal(taskId, updates[i], uint32(samples[i]), 0, bytes32(i + 1));
        }
        vm.warp(block.timestamp + PHASE);
    }

    function _root(address[] memory participants, bytes[] memory updates, uint256[] memory samples)
        internal
        view
        returns (bytes32)
    {
        bytes32[] memory leaves = new bytes32[](participants.length);
        for (uint256 i; i < participants.length; ++i) {
            leaves[i] = keccak256(abi.encodePacked(participants[i], keccak256(updates[i]), uint32(samples[i])));
        }
        return harness.root(leaves);
    }

    function testFuzz_challengeSucceedsExactlyWhenThePostIsWrong(uint256 seed, uint8 dimensionSeed, uint8 tamper) public {
        uint16 dimension = uint16(bound(dimensionSeed, 1, 32));
        uint256 taskId = _open(dimension);
        (address[] memory participants, bytes[] memory updates, uint256[] memory samples) =
            _playReveals(taskId, seed, dimension);
        bytes memory honest = harness.average(updates, samples, dimension);
        bytes memory posted = bytes.concat(honest);
        bool wrong = tamper % 2 == 1;
        if (wrong) posted[(tamper / 2) % posted.length] ^= 0x01;
        bytes32 root = _root(participants, updates, samples);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, posted, root, 3);

        if (!wrong) {
            vm.expectRevert(abi.encodeWithSelector(ITrainingRounds.AggregateCorrect.selector, taskId, uint16(0)));
        }
        vm.prank(stranger);
        training.challengeAggregate(taskId, participants, updates);

        ITrainingRounds.Task memory task = training.getTask(taskId);
        assertEq(task.aggregatorSlashed, wrong);
        if (wrong) assertEq(task.modelHash, keccak256(honest));
    }

    function testFuzz_payoutsNeverExceedWhatTheContractHolds(uint256 seed) public {
        uint256 taskId = _open(4);
        (address[] memory participants, bytes[] memory updates, uint256[] memory samples) = _playReveals(taskId, seed, 4);
        bytes memory average = harness.average(updates, samples, 4);
        bytes32 root = _root(participants, updates, samples);
        vm.prank(aggregatorAccount);
        training.postAggregate(taskId, average, root, 3);
        vm.warp(block.timestamp + PHASE);
        training.advance(taskId);
        training.finalize(taskId);
        uint256 owed = training.claimableOf(taskId, aggregatorAccount);
        for (uint256 i; i < 3; ++i) {
            owed += training.claimableOf(taskId, hospitals[i]);
        }
        assertLe(owed, token.balanceOf(address(training)));
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.claim(taskId);
        }
        vm.prank(aggregatorAccount);
        training.claim(taskId);
        assertLe(token.balanceOf(address(training)), 3); // rounding dust only, at most one unit per participant
    }
}
