// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITrainingAggregation
/// @notice The pure arithmetic of a federated round that `TrainingRounds` recomputes on-chain: the
/// sample-weighted fixed-point FedAvg of the revealed updates and the Merkle root of the included
/// updates (definitions in {ITrainingRounds}). `TrainingRounds` creates one in its constructor and
/// checks every input against its storage before calling it; this contract holds no state and no
/// funds, so it needs no access control (a separate contract keeps `TrainingRounds` under EIP-170).
interface ITrainingAggregation {
    /// @notice The FedAvg of `updates` weighted by `sampleCounts` (packed int64, `dimension` weights),
    /// its hash, and the Merkle root over `leaves` (one per update, in the same order).
    /// Work: ≤ 16 updates × ≤ 32 weights (the caller's bounds). The total of `sampleCounts` must be > 0.
    function aggregate(bytes[] calldata updates, uint32[] calldata sampleCounts, bytes32[] memory leaves, uint256 dimension)
        external
        pure
        returns (bytes32 aggregateHash, bytes32 root, bytes memory average);
}
