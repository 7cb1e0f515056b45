// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {Base} from "./Base.t.sol";

/// @notice Fuzz of the guardian's lapsing takedowns: whatever the window, the owner's prior status and
/// the time read, a guardian's takedown holds exactly until `lapsesAt`, then reads as the prior status
/// (and payments' view, `ownerAndStatus`, agrees with `getAsset`); governance's never lapses.
contract ModelRegistryTakedownTest is Base {
    address internal guardian = makeAddr("guardian");
    bytes32 internal constant REASON = "GDPR-ART17";

    function testFuzz_guardianTakedown_holdsUntilLapseThenReadsPrior(
        uint64 window,
        bool paused,
        bool deny,
        uint64 elapsed
    ) public {
        window = uint64(bound(window, registry.MIN_RATIFICATION_WINDOW(), registry.MAX_RATIFICATION_WINDOW()));
        elapsed = uint64(bound(elapsed, 0, 3 * uint256(window)));
        registry.setGuardian(guardian, window);
        uint256 assetId = _list(owner, 1e15);
        IModelRegistry.AssetStatus prior = IModelRegistry.AssetStatus.Active;
        if (paused) {
            prior = IModelRegistry.AssetStatus.Paused;
            vm.prank(owner);
            registry.setStatus(assetId, prior);
        }
        IModelRegistry.AssetStatus taken = deny ? IModelRegistry.AssetStatus.Denied : IModelRegistry.AssetStatus.Suspended;
        vm.prank(guardian);
        registry.takedown(assetId, taken, REASON, bytes32(0));

        skip(elapsed);

        IModelRegistry.AssetStatus expected = elapsed >= window ? prior : taken;
        assertEq(uint8(registry.getAsset(assetId).status), uint8(expected));
        (, IModelRegistry.AssetStatus viaPayments) = registry.ownerAndStatus(assetId);
        assertEq(uint8(viaPayments), uint8(expected));
    }

    function testFuzz_governanceTakedown_neverLapses(uint64 elapsed) public {
        uint256 assetId = _list(owner, 1e15);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Denied, REASON, bytes32(0));

        skip(elapsed);

        assertEq(uint8(registry.getAsset(assetId).status), uint8(IModelRegistry.AssetStatus.Denied));
    }

    function testFuzz_guardianCannotRenewWithinCooldown(uint64 window, uint64 afterLapse) public {
        window = uint64(bound(window, registry.MIN_RATIFICATION_WINDOW(), registry.MAX_RATIFICATION_WINDOW()));
        afterLapse = uint64(bound(afterLapse, 0, 2 * uint256(window)));
        registry.setGuardian(guardian, window);
        uint256 assetId = _list(owner, 1e15);
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, bytes32(0));
        uint256 lapsesAt = block.timestamp + window;
        skip(uint256(window) + afterLapse);

        vm.prank(guardian);
        if (afterLapse < window) {
            vm.expectRevert(
                abi.encodeWithSelector(IModelRegistry.GuardianCoolingDown.selector, assetId, lapsesAt + window)
            );
        }
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, bytes32(0));
    }
}
