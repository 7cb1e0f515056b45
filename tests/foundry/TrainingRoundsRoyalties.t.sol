// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {TrainingRounds} from "../../contracts/TrainingRounds.sol";
import {ITrainingRounds} from "../../interfaces/ITrainingRounds.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";

/// @notice Fuzz of the participants' royalty accumulator on a real task and real UsagePayments revenue:
/// the sum of the claims never exceeds what was collected, and each claim is its exact pro-rata share
/// of the collected royalties, rounded down by less than one wei per collection plus one.
contract TrainingRoundsRoyaltiesTest is Base {
    uint256 internal constant PHASE = 60;
    uint16 internal constant PARTICIPANTS_BPS = 2_500;
    TrainingRounds internal training;
    address internal coordinator = makeAddr("coordinator");
    address internal aggregatorAccount = makeAddr("aggregator");
    address[3] internal hospitals;

    function setUp() public override {
        super.setUp();
        training = new TrainingRounds(token, registry, payments);
        hospitals = [makeAddr("hospital A"), makeAddr("hospital B"), makeAddr("hospital C")];
        // ascending addresses, as the on-chain aggregation input must be
        for (uint256 i; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (hospitals[j] < hospitals[i]) (hospitals[i], hospitals[j]) = (hospitals[j], hospitals[i]);
            }
        }
        address[4] memory funded = [coordinator, hospitals[0], hospitals[1], hospitals[2]];
        for (uint256 i; i < funded.length; ++i) {
            token.transfer(funded[i], FUNDING);
            vm.prank(funded[i]);
            token.approve(address(training), type(uint256).max);
        }
    }

    function _params(uint256 base) internal view returns (ITrainingRounds.OpenParams memory params) {
        address[] memory allow = new address[](3);
        for (uint256 i; i < 3; ++i) {
            allow[i] = hospitals[i];
        }
        params = ITrainingRounds.OpenParams({
            baseModelId: base,
            aggregator: aggregatorAccount,
            rewardPool: uint128(1_000 * TOKEN_UNIT),
            minParticipantBond: 0,
            aggregatorBond: uint96(100 * TOKEN_UNIT),
            rounds: 1,
            dimension: 1,
            maxSamplesPerUpdate: type(uint32).max,
            maxDpEpsilonMilli: 0,
            commitSeconds: uint32(PHASE),
            revealSeconds: uint32(PHASE),
            aggregateSeconds: uint32(PHASE),
            challengeSeconds: uint32(PHASE),
            baseRoyaltyBps: 500,
            participantsRoyaltyBps: PARTICIPANTS_BPS,
            allowListOnly: true,
            requiredFlags: 0,
            licenseId: bytes32("MIT"),
            metadataURI: "ipfs://fed",
            allowList: allow
        });
    }

    /// @dev A one-round task where hospital i reveals samples[i] (0: does not take part), aggregated on
    /// chain (the aggregator never bonds) and finalized; returns the task and the trained model.
    function _trained(uint32[3] memory samples) internal returns (uint256 taskId, uint256 model) {
        uint256 base = _list(coordinator, 0);
        vm.prank(coordinator);
        taskId = training.open(_params(base));
        uint256 count;
        for (uint256 i; i < 3; ++i) {
            vm.prank(hospitals[i]);
            training.join(taskId, 0);
            if (samples[i] == 0) continue;
            ++count;
            bytes memory update = abi.encodePacked(int64(int256(i + 1)));
            bytes32 commitment = training.commitmentOf(taskId, 0, keccak256(update), samples[i], 0, bytes32(i + 1), hospitals[i]);
            vm.prank(hospitals[i]);
            training.commit(taskId, commitment);
        }
        vm.warp(block.timestamp + PHASE);
        address[] memory participants = new address[](count);
        bytes[] memory updates = new bytes[](count);
        uint256 k;
        for (uint256 i; i < 3; ++i) {
            if (samples[i] == 0) continue;
            bytes memory update = abi.encodePacked(int64(int256(i + 1)));
            vm.prank(hospitals[i]);
            training.reveal(taskId, update, samples[i], 0, bytes32(i + 1));
            participants[k] = hospitals[i];
            updates[k] = update;
            ++k;
        }
        vm.warp(block.timestamp + PHASE);
        training.aggregateOnChain(taskId, participants, updates);
        training.finalize(taskId);
        model = training.getTask(taskId).modelAssetId;
    }

    /// @dev `amount` of revenue for `model` through a consumer's voucher, settled.
    function _earn(uint256 model, uint256 cumulative, uint256 amount) internal {
        _depositTo(consumer, model, amount);
        IUsagePayments.Voucher memory v = _voucher(model, cumulative, uint64(block.timestamp + 1 hours));
        payments.redeem(v, _sign(consumerKey, v));
        payments.settle(model);
    }

    /// @dev The fuzz run's state in memory (few stack slots: forge coverage builds without the optimizer).
    struct Run {
        uint256 taskId;
        uint256 model;
        uint256 asset;
        uint256 collected;
        uint256 cumulative;
        uint256 collections;
        uint256[3] claimed;
    }

    function testFuzz_royaltyClaimsSumAtMostCollectedAndEachIsItsShare(
        uint32[3] memory samples,
        uint96[3] memory revenues,
        uint8 claimMask
    ) public {
        samples[0] = uint32(bound(samples[0], 1, type(uint32).max)); // at least one contribution
        samples[1] = uint32(bound(samples[1], 0, type(uint32).max));
        samples[2] = uint32(bound(samples[2], 0, type(uint32).max));
        Run memory run;
        (run.taskId, run.model) = _trained(samples);
        run.asset = training.getTask(run.taskId).contributionsAssetId;
        for (uint256 r; r < 3; ++r) {
            _collectRound(run, bound(revenues[r], 1, 1e24));
            // some participants claim after some collections (the mask), everyone after the last
            for (uint256 i; i < 3; ++i) {
                if (r == 2 || (claimMask >> (r * 3 + i)) & 1 == 1) _claim(run, i);
            }
        }
        _checkShares(run, samples);
    }

    /// @dev `revenue` earned by the model and settled; what it accrued to the contributions asset collected.
    function _collectRound(Run memory run, uint256 revenue) internal {
        run.cumulative += revenue;
        _earn(run.model, run.cumulative, revenue);
        uint256 accrued = payments.royaltiesOf(run.asset);
        if (accrued != 0) {
            assertEq(training.collectRoyalties(run.taskId), accrued);
            run.collected += accrued;
            ++run.collections;
        }
    }

    function _claim(Run memory run, uint256 i) internal {
        if (training.royaltiesClaimableOf(run.taskId, hospitals[i]) == 0) return;
        vm.prank(hospitals[i]);
        run.claimed[i] += training.claimRoyalties(run.taskId);
    }

    function _checkShares(Run memory run, uint32[3] memory samples) internal view {
        uint256 total = uint256(samples[0]) + samples[1] + samples[2];
        uint256 sum = run.claimed[0] + run.claimed[1] + run.claimed[2];
        assertLe(sum, run.collected, "claims exceed the collected royalties");
        // each claim rounds down by < 1 wei (and the carried accumulator by < c/1e18 in total)
        assertLe(run.collected - sum, 3 * run.collections, "more than rounding left behind");
        for (uint256 i; i < 3; ++i) {
            uint256 exact = run.collected * samples[i] / total;
            assertLe(run.claimed[i], exact, "a claim above its exact share");
            assertLe(exact - run.claimed[i], run.collections, "a claim short of its share by more than rounding");
            if (samples[i] == 0) assertEq(run.claimed[i], 0);
        }
        assertEq(
            token.balanceOf(address(training)),
            1_000 * TOKEN_UNIT + run.collected - sum,
            "the contract holds the unclaimed reward pool and the royalty dust only"
        );
    }
}
