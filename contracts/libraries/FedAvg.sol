// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title FedAvg
/// @notice The deterministic fixed-point federated average and the Merkle root of included updates
/// that `TrainingRounds` recomputes on-chain (see {ITrainingRounds} for the exact definitions; the
/// Python mirror is `modelmarket.training.fixedpoint`).
library FedAvg {
    /// @notice The int64 weight at index `index` of a packed big-endian update.
    function weightAt(bytes calldata update, uint256 index) internal pure returns (int256) {
        uint256 offset = index * 8;
        return int256(int64(uint64(bytes8(update[offset:offset + 8]))));
    }

    /// @notice Adds `sampleCount × update` to `sums` (one entry per weight).
    /// @dev |sum| ≤ 16 × 2**32 × 2**63 < 2**99: no int256 overflow within the contract's bounds.
    function accumulate(int256[] memory sums, bytes calldata update, uint256 sampleCount) internal pure {
        int256 weight = int256(sampleCount);
        uint256 dimension = sums.length;
        for (uint256 j; j < dimension; ++j) {
            // bounded: dimension <= MAX_DIMENSION (32)
            sums[j] += weightAt(update, j) * weight;
        }
    }

    /// @notice The packed int64 average `sums[j] / totalSamples`, rounded toward zero.
    /// @dev A sample-weighted mean of int64 values lies between their minimum and maximum: fits int64.
    function average(int256[] memory sums, uint256 totalSamples) internal pure returns (bytes memory packed) {
        uint256 dimension = sums.length;
        packed = new bytes(dimension * 8);
        int256 total = int256(totalSamples);
        for (uint256 j; j < dimension; ++j) {
            // bounded: dimension <= MAX_DIMENSION (32)
            uint64 word = uint64(int64(sums[j] / total));
            for (uint256 b; b < 8; ++b) {
                // bounded: 8 bytes per weight
                packed[j * 8 + b] = bytes1(uint8(word >> (56 - 8 * b)));
            }
        }
    }

    /// @notice The leaf of an included update.
    function leaf(address participant, bytes32 updateHash, uint32 sampleCount) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(participant, updateHash, sampleCount));
    }

    /// @notice Merkle root: pairwise `keccak256(left ‖ right)` level by level, an odd last node carried
    /// up unchanged; zero for no leaves. Overwrites `leaves`.
    function merkleRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        uint256 count = leaves.length;
        if (count == 0) return bytes32(0);
        while (count > 1) {
            // bounded: count halves each level; <= 5 levels for 16 leaves
            uint256 next = (count + 1) / 2;
            for (uint256 i; i < next; ++i) {
                // bounded: next <= count <= MAX_PARTICIPANTS
                uint256 left = 2 * i;
                leaves[i] = left + 1 < count
                    ? keccak256(abi.encodePacked(leaves[left], leaves[left + 1]))
                    : leaves[left];
            }
            count = next;
        }
        return leaves[0];
    }
}
