// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {Base} from "./Base.t.sol";

/// @notice ModelRegistry's governance surface: the guardian and its window, takedowns by governance
/// and the guardian (each revert with its values), ratification and lifting, and the owner's status
/// changes under a takedown. Governance is this test contract (the registry's deployer and owner).
contract ModelRegistryGovernanceTest is Base {
    address internal guardian = makeAddr("guardian");
    bytes32 internal constant REASON = "GDPR-ART17";
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        registry.setGuardian(guardian, 1 days);
        assetId = _list(owner, 1e15);
    }

    function _status() internal view returns (uint8) {
        return uint8(registry.getAsset(assetId).status);
    }

    // ---------------------------------------------------------------- setGuardian

    function test_setGuardian_onlyGovernance() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        registry.setGuardian(stranger, 1 days);
    }

    function test_setGuardian_revertsOutsideTheWindowBounds() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RatificationWindowOutOfBounds.selector, uint64(10 minutes - 1), 10 minutes, 30 days
            )
        );
        registry.setGuardian(guardian, 10 minutes - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RatificationWindowOutOfBounds.selector, uint64(30 days + 1), 10 minutes, 30 days
            )
        );
        registry.setGuardian(guardian, 30 days + 1);
    }

    function test_setGuardian_acceptsBothBoundsAndEmits() public {
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.GuardianUpdated(guardian, stranger, 10 minutes);
        registry.setGuardian(stranger, 10 minutes);
        assertEq(registry.guardian(), stranger);
        assertEq(registry.ratificationWindow(), 10 minutes);
        registry.setGuardian(address(0), 30 days);
        assertEq(registry.guardian(), address(0));
        assertEq(registry.ratificationWindow(), 30 days);
    }

    // ---------------------------------------------------------------- takedown

    function test_takedown_revertsForAnyoneElse() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NotGuardian.selector, stranger, guardian));
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        // The asset's owner is no guardian either.
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NotGuardian.selector, owner, guardian));
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
    }

    function test_takedown_revertsOnANonTakedownStatus() public {
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.InvalidTakedownStatus.selector, IModelRegistry.AssetStatus.Retired)
        );
        registry.takedown(assetId, IModelRegistry.AssetStatus.Retired, REASON, EVIDENCE);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.InvalidTakedownStatus.selector, IModelRegistry.AssetStatus.Active)
        );
        registry.takedown(assetId, IModelRegistry.AssetStatus.Active, REASON, EVIDENCE);
    }

    function test_takedown_revertsOnUnknownOrRetiredAsset() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 99));
        registry.takedown(99, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        registry.takedown(assetId, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
    }

    function test_takedown_byGuardianStoresLapseAndEmits() public {
        uint64 lapsesAt = uint64(block.timestamp + 1 days);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.TakedownIssued(
            assetId, guardian, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE, lapsesAt
        );
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.StatusUpdated(assetId, IModelRegistry.AssetStatus.Active, IModelRegistry.AssetStatus.Suspended);
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        IModelRegistry.Takedown memory t = registry.takedownOf(assetId);
        assertEq(uint8(t.priorStatus), uint8(IModelRegistry.AssetStatus.Active));
        assertEq(t.lapsesAt, lapsesAt);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Suspended));
    }

    function test_takedown_guardianCannotChangeATakedownInEffect() public {
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.AssetTakenDown.selector, assetId, IModelRegistry.AssetStatus.Suspended
            )
        );
        registry.takedown(assetId, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
    }

    function test_takedown_governanceHardensAndKeepsTheOwnersPriorStatus() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.TakedownIssued(assetId, address(this), IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE, 0);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
        IModelRegistry.Takedown memory t = registry.takedownOf(assetId);
        assertEq(uint8(t.priorStatus), uint8(IModelRegistry.AssetStatus.Paused));
        assertEq(t.lapsesAt, 0);
        // Governance's takedown never lapses.
        skip(365 days);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Denied));
        registry.liftTakedown(assetId, REASON, EVIDENCE);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Paused));
    }

    // ---------------------------------------------------------------- setStatus under a takedown

    function test_setStatus_revertsWhileTakenDownThenWorksAfterTheLapse() public {
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.AssetTakenDown.selector, assetId, IModelRegistry.AssetStatus.Suspended
            )
        );
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        skip(1 days);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.StatusUpdated(assetId, IModelRegistry.AssetStatus.Active, IModelRegistry.AssetStatus.Paused);
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Paused));
    }

    // ---------------------------------------------------------------- ratify / lift

    function test_ratifyTakedown_onlyGovernance() public {
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        registry.ratifyTakedown(assetId, REASON, EVIDENCE);
    }

    function test_ratifyTakedown_revertsWithoutATakedown() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NoTakedown.selector, assetId));
        registry.ratifyTakedown(assetId, REASON, EVIDENCE);
    }

    function test_ratifyTakedown_revertsOnceTheTakedownLapsed() public {
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        skip(1 days - 1);
        registry.ratifyTakedown(assetId, REASON, EVIDENCE); // still in effect one second before
        uint256 other = _list(otherOwner, 1e15);
        vm.prank(guardian);
        registry.takedown(other, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
        skip(1 days);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NoTakedown.selector, other));
        registry.ratifyTakedown(other, REASON, EVIDENCE);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NoTakedown.selector, other));
        registry.liftTakedown(other, REASON, EVIDENCE);
    }

    function test_ratifyTakedown_makesTheGuardiansTakedownPermanent() public {
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.TakedownRatified(assetId, REASON, EVIDENCE);
        registry.ratifyTakedown(assetId, REASON, EVIDENCE);
        assertEq(registry.takedownOf(assetId).lapsesAt, 0);
        skip(30 days);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Suspended));
        (, IModelRegistry.AssetStatus viaPayments) = registry.ownerAndStatus(assetId);
        assertEq(uint8(viaPayments), uint8(IModelRegistry.AssetStatus.Suspended));
    }

    function test_liftTakedown_onlyGovernance() public {
        registry.takedown(assetId, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        registry.liftTakedown(assetId, REASON, EVIDENCE);
    }

    function test_liftTakedown_revertsWithoutATakedown() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NoTakedown.selector, assetId));
        registry.liftTakedown(assetId, REASON, EVIDENCE);
    }

    function test_liftTakedown_restoresThePriorStatusAndEmits() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Denied, REASON, EVIDENCE);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.TakedownLifted(assetId, IModelRegistry.AssetStatus.Paused, REASON, EVIDENCE);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.StatusUpdated(assetId, IModelRegistry.AssetStatus.Denied, IModelRegistry.AssetStatus.Paused);
        registry.liftTakedown(assetId, REASON, EVIDENCE);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Paused));
        IModelRegistry.Takedown memory t = registry.takedownOf(assetId);
        assertEq(uint8(t.priorStatus), 0);
        assertEq(t.lapsesAt, 0);
        // The guardian may act on it again at once (no lapse to cool down from).
        vm.prank(guardian);
        registry.takedown(assetId, IModelRegistry.AssetStatus.Suspended, REASON, EVIDENCE);
        assertEq(_status(), uint8(IModelRegistry.AssetStatus.Suspended));
    }
}
