// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {ITrainingRounds} from "../../interfaces/ITrainingRounds.sol";

/// @title TrainingRoyalties
/// @notice What TrainingRounds lists at a task's end, and the O(1) accumulator that shares the
/// contributions asset's royalties among participants pro rata to their accepted samples.
library TrainingRoyalties {
    /// @notice Scale of a task's `royaltyPerContribution`.
    uint256 internal constant SCALE = 1e18;

    /// @notice Adds `amount` of collected royalties to a task's accumulator over `totalContributed`
    /// accepted samples; the division's remainder is carried to the next collection, never lost.
    function accrue(ITrainingRounds.Task storage task, uint256 amount) internal returns (uint256 accumulator) {
        uint256 scaled = amount * SCALE + task.royaltyRemainder;
        uint256 total = task.totalContributed; // != 0: the asset is listed only for a task with contributions
        accumulator = task.royaltyPerContribution + scaled / total;
        task.royaltyPerContribution = accumulator;
        task.royaltyRemainder = scaled % total;
    }

    /// @notice Royalties owed on `contributed` samples since the accumulator stood at `paid` (rounded down).
    function owed(uint256 contributed, uint256 accumulator, uint256 paid) internal pure returns (uint256) {
        return Math.mulDiv(contributed, accumulator - paid, SCALE);
    }

    /// @notice The content hash of a task's contributions asset: it binds the chain, the listing
    /// contract, the task, the trained weights and the accepted samples (each participant's part is
    /// `contributionOf` and the task's `UpdateRevealed` / `RoundAccepted` events).
    function contributionsHash(uint256 taskId, bytes32 modelHash, uint256 totalContributed)
        internal
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(this), taskId, modelHash, totalContributed));
    }

    /// @notice A listing of the task's content by TrainingRounds: no price, no operator, no compliance flags.
    function listing(
        ITrainingRounds.Task storage task,
        IModelRegistry.AssetKind kind,
        bytes32 contentHash,
        IModelRegistry.Parent[] memory parents
    ) internal view returns (IModelRegistry.ListingParams memory) {
        return IModelRegistry.ListingParams({
            kind: kind,
            contentHash: contentHash,
            metadataURI: task.metadataURI,
            licenseId: task.licenseId,
            complianceFlags: 0,
            pricePerCall: 0,
            operator: address(0),
            parents: parents
        });
    }
}
