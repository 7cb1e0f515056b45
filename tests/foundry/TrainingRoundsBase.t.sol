// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {TrainingRounds} from "../../contracts/TrainingRounds.sol";
import {ITrainingRounds} from "../../interfaces/ITrainingRounds.sol";

/// @notice The TrainingRounds deployment shared by its unit and mutation suites: three allow-listed
/// hospitals in ascending address order (as a challenge's input must be), each with its signing key,
/// a coordinator, an aggregator, 60 s phases and a listed base model.
abstract contract TrainingRoundsBase is Base {
    uint256 internal constant PHASE = 60;

    TrainingRounds internal training;
    address internal coordinator = makeAddr("coordinator");
    address internal aggregatorAccount = makeAddr("aggregator");
    address[3] internal hospitals;
    uint256[3] internal keys;
    uint256 internal baseModel;

    function setUp() public virtual override {
        super.setUp();
        training = new TrainingRounds(token, registry, payments);
        string[3] memory names = ["hospital A", "hospital B", "hospital C"];
        for (uint256 i; i < 3; ++i) {
            (hospitals[i], keys[i]) = makeAddrAndKey(names[i]);
        }
        for (uint256 i; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (hospitals[j] < hospitals[i]) {
                    (hospitals[i], hospitals[j]) = (hospitals[j], hospitals[i]);
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                }
            }
        }
        address[5] memory funded = [coordinator, aggregatorAccount, hospitals[0], hospitals[1], hospitals[2]];
        for (uint256 i; i < funded.length; ++i) {
            _fundTraining(funded[i]);
        }
        baseModel = _list(coordinator, 0);
    }

    function _fundTraining(address who) internal {
        token.transfer(who, FUNDING);
        vm.prank(who);
        token.approve(address(training), type(uint256).max);
    }

    /// @dev A 2-round, 2-weight task open to the three hospitals only.
    function _params() internal view returns (ITrainingRounds.OpenParams memory params) {
        address[] memory allow = new address[](3);
        for (uint256 i; i < 3; ++i) {
            allow[i] = hospitals[i];
        }
        params = ITrainingRounds.OpenParams({
            baseModelId: baseModel,
            aggregator: aggregatorAccount,
            rewardPool: uint128(1_000 * TOKEN_UNIT),
            minParticipantBond: uint96(TOKEN_UNIT),
            aggregatorBond: uint96(100 * TOKEN_UNIT),
            rounds: 2,
            dimension: 2,
            maxSamplesPerUpdate: 1_000,
            maxDpEpsilonMilli: 5_000,
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
    }

    function _open(ITrainingRounds.OpenParams memory params) internal returns (uint256 taskId) {
        vm.prank(coordinator);
        taskId = training.open(params);
    }

    function _update(uint256 i) internal pure returns (bytes memory) {
        return abi.encodePacked(int64(int256(100 * (i + 1))), int64(-int256(7 * (i + 1))));
    }

    function _samples(uint256 i) internal pure returns (uint32) {
        return uint32(10 + 5 * i);
    }

    function _warpTo(uint256 taskId, uint256 phases) internal {
        vm.warp(uint256(training.getTask(taskId).roundStart) + phases * PHASE);
    }
}
