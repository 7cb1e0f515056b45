// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";
import {Base} from "./Base.t.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";

/// @notice Exact behaviour of the registry's version pagination, signer history (`signerRetiredAt`,
/// `SignerRetired`) and `ownerAndStatus`: ports of tests/unit/model_registry/test_get_version.py,
/// test_get_versions.py and test_signer_retired_at.py, so that the forge-only mutation run
/// (tools/mutation.py) sees the bounds and branches the pytest layer checks.
contract ModelRegistryVersionsAndSignersTest is Base {
    uint32 internal constant VERSIONS = 5;
    uint32 internal constant UINT32_MAX = type(uint32).max;
    uint64 internal constant T0 = 1_000_000;
    uint64 internal constant VERSION_GAP = 10;

    /// @dev Versions 1..VERSIONS, version n with `_hash(n)` (stored) and `_uri(n)` (emitted only).
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        vm.warp(T0);
        assetId = _listVersions(owner, VERSIONS);
    }

    // ------------------------------------------------------------------ helpers

    function _hash(uint256 n) internal pure returns (bytes32) {
        return keccak256(abi.encode("version", n));
    }

    function _uri(uint256 n) internal pure returns (string memory) {
        return string.concat("ipfs://card-", vm.toString(n));
    }

    /// @dev Lists an asset with versions 1..count, each published VERSION_GAP seconds after the last.
    function _listVersions(address who, uint32 count) internal returns (uint256 id) {
        IModelRegistry.ListingParams memory params = _listing(1);
        params.contentHash = _hash(1);
        params.metadataURI = _uri(1);
        vm.prank(who);
        id = registry.list(params);
        for (uint32 n = 2; n <= count; ++n) {
            vm.warp(block.timestamp + VERSION_GAP);
            vm.prank(who);
            assertEq(registry.publishVersion(id, _hash(n), _uri(n)), n);
        }
    }

    function _listWithOperator(address who, address operator) internal returns (uint256 id) {
        IModelRegistry.ListingParams memory params = _listing(1);
        params.operator = operator;
        vm.prank(who);
        id = registry.list(params);
    }

    /// @dev `page` holds exactly versions first..last (empty when last < first), by content hash.
    function _assertPage(IModelRegistry.Version[] memory page, uint256 first, uint256 last) internal pure {
        uint256 expected = last < first ? 0 : last - first + 1;
        assertEq(page.length, expected, "page length");
        for (uint256 i; i < expected; ++i) {
            assertEq(page[i].contentHash, _hash(first + i), "contentHash");
        }
    }

    /// @dev As `_assertPage`, for the setUp asset.
    function _assertSetUpPage(uint32 fromVersion, uint32 limit, uint256 first, uint256 last) internal view {
        _assertPage(registry.getVersions(assetId, fromVersion, limit), first, last);
    }

    /// @dev The signers named by the registry's SignerRetired events in `logs`, in order.
    function _retiredIn(Vm.Log[] memory logs, uint256 id) internal view returns (address[] memory signers) {
        signers = new address[](logs.length);
        uint256 n;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(registry) || logs[i].topics[0] != IModelRegistry.SignerRetired.selector) {
                continue;
            }
            assertEq(logs[i].topics[1], bytes32(id), "SignerRetired assetId");
            signers[n++] = address(uint160(uint256(logs[i].topics[2])));
        }
        assembly ("memory-safe") {
            mstore(signers, n)
        }
    }

    /// @dev How many OperatorUpdated events the registry emitted in `logs`.
    function _operatorUpdatesIn(Vm.Log[] memory logs) internal view returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(registry) && logs[i].topics[0] == IModelRegistry.OperatorUpdated.selector) {
                ++n;
            }
        }
    }

    function _setOperator(uint256 id, address operator) internal returns (Vm.Log[] memory) {
        vm.recordLogs();
        vm.prank(registry.ownerOf(id));
        registry.setOperator(id, operator);
        return vm.getRecordedLogs();
    }

    function _transfer(uint256 id, address to) internal returns (Vm.Log[] memory) {
        address from = registry.ownerOf(id);
        vm.recordLogs();
        vm.prank(from);
        registry.transferFrom(from, to, id);
        return vm.getRecordedLogs();
    }

    function _assertRetired(Vm.Log[] memory logs, uint256 id, address expected) internal view {
        address[] memory signers = _retiredIn(logs, id);
        assertEq(signers.length, 1, "one SignerRetired");
        assertEq(signers[0], expected, "retired signer");
    }

    function _assertNoneRetired(Vm.Log[] memory logs, uint256 id) internal view {
        assertEq(_retiredIn(logs, id).length, 0, "no SignerRetired");
    }

    // ------------------------------------------------------------------ getVersion

    function test_getVersion_returnsEachVersion() public view {
        for (uint32 v = 1; v <= VERSIONS; ++v) {
            IModelRegistry.Version memory version = registry.getVersion(assetId, v);
            assertEq(version.contentHash, _hash(v));
        }
    }

    function test_publishVersion_emitsTheUriItDoesNotStore() public {
        vm.expectEmit(address(registry));
        emit IModelRegistry.VersionPublished(assetId, VERSIONS + 1, _hash(9), _uri(9));
        vm.prank(owner);
        registry.publishVersion(assetId, _hash(9), _uri(9));
        assertEq(registry.getVersion(assetId, VERSIONS + 1).contentHash, _hash(9));
        assertEq(registry.tokenURI(assetId), "");
    }

    function test_getVersion_revertsAtZero() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, assetId, 0, VERSIONS));
        registry.getVersion(assetId, 0);
    }

    function test_getVersion_returnsLatestAtCount() public view {
        IModelRegistry.Version memory version = registry.getVersion(assetId, VERSIONS);
        assertEq(version.contentHash, _hash(VERSIONS));
    }

    function test_getVersion_revertsAboveCount() public {
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, assetId, VERSIONS + 1, VERSIONS)
        );
        registry.getVersion(assetId, VERSIONS + 1);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, assetId, UINT32_MAX, VERSIONS));
        registry.getVersion(assetId, UINT32_MAX);
    }

    function test_getVersion_singleVersionAsset() public {
        uint256 id = _listVersions(otherOwner, 1);
        assertEq(registry.getVersion(id, 1).contentHash, _hash(1));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, id, 0, 1));
        registry.getVersion(id, 0);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.VersionNotFound.selector, id, 2, 1));
        registry.getVersion(id, 2);
    }

    // ------------------------------------------------------------------ getVersions

    function test_getVersions_fromZeroStartsAtOne() public view {
        _assertSetUpPage(0, 0, 1, 5);
        _assertSetUpPage(0, 2, 1, 2);
        _assertSetUpPage(0, 1, 1, 1);
    }

    function test_getVersions_fromOneEqualsFromZero() public view {
        _assertSetUpPage(1, 0, 1, 5);
        _assertSetUpPage(1, 2, 1, 2);
    }

    function test_getVersions_fromMiddle() public view {
        _assertSetUpPage(3, 0, 3, 5);
        _assertSetUpPage(2, 2, 2, 3);
        _assertSetUpPage(3, 1, 3, 3);
    }

    function test_getVersions_fromCountReturnsLatestOnly() public view {
        _assertSetUpPage(VERSIONS, 0, 5, 5);
        _assertSetUpPage(VERSIONS, 1, 5, 5);
        _assertSetUpPage(VERSIONS, 10, 5, 5);
        _assertSetUpPage(VERSIONS, UINT32_MAX, 5, 5);
    }

    function test_getVersions_fromAboveCountIsEmpty() public view {
        _assertSetUpPage(VERSIONS + 1, 0, 1, 0);
        _assertSetUpPage(VERSIONS + 1, 3, 1, 0);
        _assertSetUpPage(UINT32_MAX, 0, 1, 0);
        _assertSetUpPage(UINT32_MAX, UINT32_MAX, 1, 0);
    }

    function test_getVersions_limitZeroReturnsTheRest() public view {
        _assertSetUpPage(0, 0, 1, 5);
        _assertSetUpPage(2, 0, 2, 5);
        _assertSetUpPage(4, 0, 4, 5);
    }

    function test_getVersions_limitExactlyReachingCount() public view {
        _assertSetUpPage(1, VERSIONS, 1, 5); // end = 1 + 5 - 1 = count
        _assertSetUpPage(2, 4, 2, 5);
        _assertSetUpPage(4, 2, 4, 5);
    }

    function test_getVersions_limitOneShortOfCount() public view {
        _assertSetUpPage(1, VERSIONS - 1, 1, 4); // end = count - 1: not capped
        _assertSetUpPage(2, 3, 2, 4);
    }

    function test_getVersions_limitBeyondCountIsCapped() public view {
        _assertSetUpPage(4, 10, 4, 5);
        _assertSetUpPage(1, VERSIONS + 1, 1, 5);
        _assertSetUpPage(1, UINT32_MAX, 1, 5);
        _assertSetUpPage(0, UINT32_MAX, 1, 5);
    }

    function test_getVersions_singleVersionAsset() public {
        uint256 id = _listVersions(otherOwner, 1);
        _assertPage(registry.getVersions(id, 0, 0), 1, 1);
        _assertPage(registry.getVersions(id, 1, 1), 1, 1);
        _assertPage(registry.getVersions(id, 1, 2), 1, 1);
        _assertPage(registry.getVersions(id, 2, 0), 1, 0);
    }

    function test_getVersions_revertsWhenAssetUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, assetId + 1));
        registry.getVersions(assetId + 1, 0, 0);
    }

    /// @dev Any history of 1..6 versions and any window: exactly versions max(from,1)..min(count, from+limit-1)
    /// (limit 0: to the count).
    function testFuzz_getVersions_returnsExactlyTheRange(uint256 countSeed, uint256 fromSeed, uint256 limitSeed)
        public
    {
        uint32 count = uint32(bound(countSeed, 1, 6));
        uint256 id = count == VERSIONS ? assetId : _listVersions(otherOwner, count);
        // mostly in and around 0..count+2, sometimes the uint32 extreme
        uint32 fromVersion = fromSeed % 8 == 7 ? UINT32_MAX : uint32(bound(fromSeed, 0, count + 2));
        uint32 limit = limitSeed % 8 == 7 ? UINT32_MAX : uint32(bound(limitSeed, 0, count + 2));

        uint256 first = fromVersion == 0 ? 1 : fromVersion;
        uint256 last = limit == 0 ? count : first + limit - 1;
        if (last > count) last = count;
        _assertPage(registry.getVersions(id, fromVersion, limit), first, last);
    }

    // ------------------------------------------------------------------ signerOf / signerRetiredAt

    function test_signerRetiredAt_zeroForCurrentAndUnknownSigners() public view {
        assertEq(registry.signerOf(assetId), owner);
        assertEq(registry.signerRetiredAt(assetId, owner), 0);
        assertEq(registry.signerRetiredAt(assetId, stranger), 0);
        assertEq(registry.signerRetiredAt(assetId + 1, owner), 0);
    }

    function test_list_withOperatorRetiresNobody() public {
        vm.recordLogs();
        uint256 id = _listWithOperator(otherOwner, stranger);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        _assertNoneRetired(logs, id);
        assertEq(_operatorUpdatesIn(logs), 0);
        assertEq(registry.signerOf(id), stranger);
        assertEq(registry.getAsset(id).operator, stranger);
        assertEq(registry.signerRetiredAt(id, otherOwner), 0);
        assertEq(registry.signerRetiredAt(id, address(0)), 0);
    }

    function test_setOperator_newOperatorRetiresOwner() public {
        vm.warp(T0 + 100);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.OperatorUpdated(assetId, address(0), stranger);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.SignerRetired(assetId, owner);
        Vm.Log[] memory logs = _setOperator(assetId, stranger);

        _assertRetired(logs, assetId, owner);
        assertEq(registry.signerOf(assetId), stranger);
        assertEq(registry.signerRetiredAt(assetId, owner), T0 + 100);
        assertEq(registry.signerRetiredAt(assetId, stranger), 0);
        assertEq(registry.signerRetiredAt(assetId, address(0)), 0);
    }

    function test_setOperator_rotationRetiresOldOperator() public {
        vm.warp(T0 + 100);
        _setOperator(assetId, delegator);
        vm.warp(T0 + 200);
        Vm.Log[] memory logs = _setOperator(assetId, delegator2);

        _assertRetired(logs, assetId, delegator);
        assertEq(registry.signerOf(assetId), delegator2);
        assertEq(registry.signerRetiredAt(assetId, delegator), T0 + 200);
        assertEq(registry.signerRetiredAt(assetId, delegator2), 0);
        assertEq(registry.signerRetiredAt(assetId, owner), T0 + 100);
    }

    function test_setOperator_backToOwnerRetiresOperatorAndClearsOwner() public {
        vm.warp(T0 + 100);
        _setOperator(assetId, stranger);
        assertEq(registry.signerRetiredAt(assetId, owner), T0 + 100);
        vm.warp(T0 + 200);
        Vm.Log[] memory logs = _setOperator(assetId, address(0));

        _assertRetired(logs, assetId, stranger);
        assertEq(registry.signerOf(assetId), owner);
        assertEq(registry.getAsset(assetId).operator, address(0));
        assertEq(registry.signerRetiredAt(assetId, stranger), T0 + 200);
        assertEq(registry.signerRetiredAt(assetId, owner), 0);
        assertEq(registry.signerRetiredAt(assetId, address(0)), 0);
    }

    function test_setOperator_reappointedRetiredKeyIsCleared() public {
        vm.warp(T0 + 100);
        _setOperator(assetId, delegator);
        vm.warp(T0 + 200);
        _setOperator(assetId, delegator2);
        assertEq(registry.signerRetiredAt(assetId, delegator), T0 + 200);
        vm.warp(T0 + 300);
        Vm.Log[] memory logs = _setOperator(assetId, delegator);

        _assertRetired(logs, assetId, delegator2);
        assertEq(registry.signerOf(assetId), delegator);
        assertEq(registry.signerRetiredAt(assetId, delegator), 0);
        assertEq(registry.signerRetiredAt(assetId, delegator2), T0 + 300);
        assertEq(registry.signerRetiredAt(assetId, owner), T0 + 100);
    }

    function test_setOperator_sameEffectiveSignerRetiresNobody() public {
        vm.warp(T0 + 100);
        // no operator -> the owner named as operator: the signer stays the owner
        Vm.Log[] memory logs = _setOperator(assetId, owner);
        _assertNoneRetired(logs, assetId);
        assertEq(_operatorUpdatesIn(logs), 1);
        assertEq(registry.signerOf(assetId), owner);
        // the owner as operator -> no operator: still the owner
        _assertNoneRetired(_setOperator(assetId, address(0)), assetId);
        // no operator -> no operator
        _assertNoneRetired(_setOperator(assetId, address(0)), assetId);
        assertEq(registry.signerRetiredAt(assetId, owner), 0);
        assertEq(registry.signerRetiredAt(assetId, address(0)), 0);

        _setOperator(assetId, stranger);
        vm.warp(T0 + 200);
        // the same operator again
        _assertNoneRetired(_setOperator(assetId, stranger), assetId);
        assertEq(registry.signerOf(assetId), stranger);
        assertEq(registry.signerRetiredAt(assetId, stranger), 0);
        assertEq(registry.signerRetiredAt(assetId, owner), T0 + 100); // retired by the change to `stranger` only
    }

    function test_transfer_retiresSellerAtTransferTime() public {
        vm.warp(T0 + 500);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.SignerRetired(assetId, owner);
        Vm.Log[] memory logs = _transfer(assetId, otherOwner);

        _assertRetired(logs, assetId, owner);
        assertEq(_operatorUpdatesIn(logs), 0); // no operator to clear
        assertEq(registry.signerOf(assetId), otherOwner);
        assertEq(registry.signerRetiredAt(assetId, owner), T0 + 500);
        assertEq(registry.signerRetiredAt(assetId, otherOwner), 0);
        assertEq(registry.signerRetiredAt(assetId, address(0)), 0);
    }

    function test_transfer_retiresAndClearsOperator() public {
        uint256 id = _listWithOperator(owner, stranger);
        vm.warp(T0 + 500);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.OperatorUpdated(id, stranger, address(0));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IModelRegistry.SignerRetired(id, stranger);
        Vm.Log[] memory logs = _transfer(id, otherOwner);

        _assertRetired(logs, id, stranger);
        assertEq(_operatorUpdatesIn(logs), 1);
        assertEq(registry.getAsset(id).operator, address(0));
        assertEq(registry.signerOf(id), otherOwner);
        assertEq(registry.signerRetiredAt(id, stranger), T0 + 500);
        assertEq(registry.signerRetiredAt(id, owner), 0); // never signed: the operator did
        assertEq(registry.signerRetiredAt(id, otherOwner), 0);
    }

    function test_transfer_toOperatorRetiresNobody() public {
        uint256 id = _listWithOperator(owner, otherOwner);
        Vm.Log[] memory logs = _transfer(id, otherOwner);

        _assertNoneRetired(logs, id);
        assertEq(_operatorUpdatesIn(logs), 1);
        assertEq(registry.getAsset(id).operator, address(0));
        assertEq(registry.signerOf(id), otherOwner);
        assertEq(registry.signerRetiredAt(id, otherOwner), 0);
    }

    function test_transfer_backReinstatesFirstOwner() public {
        vm.warp(T0 + 100);
        _transfer(assetId, otherOwner);
        vm.warp(T0 + 200);
        Vm.Log[] memory logs = _transfer(assetId, owner);

        _assertRetired(logs, assetId, otherOwner);
        assertEq(registry.signerOf(assetId), owner);
        assertEq(registry.signerRetiredAt(assetId, owner), 0);
        assertEq(registry.signerRetiredAt(assetId, otherOwner), T0 + 200);
    }

    // ------------------------------------------------------------------ ownerAndStatus

    function test_ownerAndStatus_unknownIdIsZeroAndActive() public view {
        uint256[3] memory ids = [0, registry.assetCount() + 1, type(uint256).max];
        for (uint256 i; i < ids.length; ++i) {
            (address assetOwner, IModelRegistry.AssetStatus status) = registry.ownerAndStatus(ids[i]);
            assertEq(assetOwner, address(0));
            assertEq(uint8(status), uint8(IModelRegistry.AssetStatus.Active));
        }
    }

    function test_ownerAndStatus_listedIsOwnerAndActive() public {
        (address assetOwner, IModelRegistry.AssetStatus status) = registry.ownerAndStatus(assetId);
        assertEq(assetOwner, owner);
        assertEq(uint8(status), uint8(IModelRegistry.AssetStatus.Active));
        uint256 other = _list(otherOwner, 1);
        (assetOwner, status) = registry.ownerAndStatus(other);
        assertEq(assetOwner, otherOwner);
        assertEq(uint8(status), uint8(IModelRegistry.AssetStatus.Active));
    }

    function test_ownerAndStatus_followsSetStatus() public {
        IModelRegistry.AssetStatus[3] memory path =
            [IModelRegistry.AssetStatus.Paused, IModelRegistry.AssetStatus.Active, IModelRegistry.AssetStatus.Retired];
        for (uint256 i; i < path.length; ++i) {
            vm.prank(owner);
            registry.setStatus(assetId, path[i]);
            (address assetOwner, IModelRegistry.AssetStatus status) = registry.ownerAndStatus(assetId);
            assertEq(assetOwner, owner);
            assertEq(uint8(status), uint8(path[i]));
            assertEq(uint8(status), uint8(registry.getAsset(assetId).status));
        }
    }

    function test_ownerAndStatus_followsTransfer() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        _transfer(assetId, otherOwner);
        (address assetOwner, IModelRegistry.AssetStatus status) = registry.ownerAndStatus(assetId);
        assertEq(assetOwner, otherOwner);
        assertEq(uint8(status), uint8(IModelRegistry.AssetStatus.Paused));
    }

    function testFuzz_ownerAndStatus_matchesOwnerOfAndGetAsset(uint256 idSeed, uint8 statusSeed, bool transfer) public {
        uint256 id = _list(owner, 1);
        IModelRegistry.AssetStatus newStatus = IModelRegistry.AssetStatus(bound(statusSeed, 0, 2));
        if (newStatus != IModelRegistry.AssetStatus.Active) {
            vm.prank(owner);
            registry.setStatus(id, newStatus);
        }
        if (transfer) _transfer(id, otherOwner);
        uint256 probe = bound(idSeed, 0, id + 2);
        (address assetOwner, IModelRegistry.AssetStatus status) = registry.ownerAndStatus(probe);
        if (registry.exists(probe)) {
            assertEq(assetOwner, registry.ownerOf(probe));
            assertEq(uint8(status), uint8(registry.getAsset(probe).status));
        } else {
            assertEq(assetOwner, address(0));
            assertEq(uint8(status), uint8(IModelRegistry.AssetStatus.Active));
        }
        if (probe == id) {
            assertEq(assetOwner, transfer ? otherOwner : owner);
            assertEq(uint8(status), uint8(newStatus));
        }
    }
}
