// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITrainingAggregation} from "../interfaces/ITrainingAggregation.sol";
import {FedAvg} from "./libraries/FedAvg.sol";

/// @title TrainingAggregation
/// @notice Stateless FedAvg and Merkle root of a round (see {ITrainingAggregation}); created by
/// `TrainingRounds`, which verifies every input first.
contract TrainingAggregation is ITrainingAggregation {
    /// @inheritdoc ITrainingAggregation
    function aggregate(bytes[] calldata updates, uint32[] calldata sampleCounts, bytes32[] memory leaves, uint256 dimension)
        external
        pure
        returns (bytes32 aggregateHash, bytes32 root, bytes memory average)
    {
        int256[] memory sums = new int256[](dimension);
        uint256 totalSamples;
        for (uint256 i; i < updates.length; ++i) {
            // bounded: updates.length <= MAX_PARTICIPANTS (16), checked by the caller
            FedAvg.accumulate(sums, updates[i], sampleCounts[i]);
            totalSamples += sampleCounts[i];
        }
        average = FedAvg.average(sums, totalSamples);
        aggregateHash = keccak256(average);
        root = FedAvg.merkleRoot(leaves);
    }
}
