// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ComplianceRegistry} from "../../contracts/ComplianceRegistry.sol";
import {IComplianceRegistry} from "../../interfaces/IComplianceRegistry.sol";

/// @notice ComplianceRegistry: flag and licence definitions, redefinition, removal (the licence list
/// stays dense), the 64-licence bound, every revert with its values, and owner-only writes.
contract ComplianceRegistryUnitTest is Test {
    ComplianceRegistry internal compliance;
    address internal admin = makeAddr("admin");
    address internal stranger = makeAddr("stranger");
    bytes32 internal constant REASON = "POLICY-1";
    bytes32 internal constant EVIDENCE = keccak256("minutes");

    function setUp() public {
        compliance = new ComplianceRegistry(admin);
    }

    function _term(string memory name) internal pure returns (IComplianceRegistry.Term memory) {
        return IComplianceRegistry.Term({
            name: name, descriptionURI: string.concat("ipfs://", name), descriptionHash: keccak256(bytes(name))
        });
    }

    function _flags(uint8 bit, string memory name) internal pure returns (IComplianceRegistry.FlagTerm[] memory terms) {
        terms = new IComplianceRegistry.FlagTerm[](1);
        terms[0] = IComplianceRegistry.FlagTerm({bit: bit, term: _term(name)});
    }

    function _licences(bytes32 id, string memory name)
        internal
        pure
        returns (IComplianceRegistry.LicenceTerm[] memory terms)
    {
        terms = new IComplianceRegistry.LicenceTerm[](1);
        terms[0] = IComplianceRegistry.LicenceTerm({licenseId: id, term: _term(name)});
    }

    function _defineFlag(uint8 bit, string memory name) internal {
        vm.prank(admin);
        compliance.defineFlags(_flags(bit, name), REASON, EVIDENCE);
    }

    function _defineLicence(bytes32 id, string memory name) internal {
        vm.prank(admin);
        compliance.defineLicences(_licences(id, name), REASON, EVIDENCE);
    }

    // ---------------------------------------------------------------- flags

    function test_constructor_setsTheOwnerAndBounds() public view {
        assertEq(compliance.owner(), admin);
        assertEq(compliance.MAX_FLAG_BIT(), 63);
        assertEq(compliance.MAX_LICENCES(), 64);
        assertEq(compliance.definedFlags(), 0);
        assertEq(compliance.licenceIds().length, 0);
    }

    function test_defineFlags_onlyOwner() public {
        IComplianceRegistry.FlagTerm[] memory terms = _flags(0, "HIPAA");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        compliance.defineFlags(terms, REASON, EVIDENCE);
    }

    function test_defineFlags_revertsAboveBit63() public {
        IComplianceRegistry.FlagTerm[] memory terms = _flags(64, "X");
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.FlagBitOutOfRange.selector, uint8(64), uint8(63)));
        compliance.defineFlags(terms, REASON, EVIDENCE);
    }

    function test_defineFlags_revertsOnAnEmptyName() public {
        IComplianceRegistry.FlagTerm[] memory terms = _flags(1, "");
        vm.prank(admin);
        vm.expectRevert(IComplianceRegistry.EmptyName.selector);
        compliance.defineFlags(terms, REASON, EVIDENCE);
    }

    function test_defineFlags_definesBothEndBitsAndEmits() public {
        IComplianceRegistry.FlagTerm[] memory terms = new IComplianceRegistry.FlagTerm[](2);
        terms[0] = IComplianceRegistry.FlagTerm({bit: 0, term: _term("HIPAA")});
        terms[1] = IComplianceRegistry.FlagTerm({bit: 63, term: _term("GDPR")});
        vm.expectEmit(true, true, true, true, address(compliance));
        emit IComplianceRegistry.FlagDefined(0, "HIPAA", "ipfs://HIPAA", keccak256("HIPAA"), REASON, EVIDENCE);
        vm.expectEmit(true, true, true, true, address(compliance));
        emit IComplianceRegistry.FlagDefined(63, "GDPR", "ipfs://GDPR", keccak256("GDPR"), REASON, EVIDENCE);
        vm.prank(admin);
        compliance.defineFlags(terms, REASON, EVIDENCE);
        assertEq(compliance.definedFlags(), uint64(1) | (uint64(1) << 63));
        IComplianceRegistry.Term memory t = compliance.flag(63);
        assertEq(t.name, "GDPR");
        assertEq(t.descriptionURI, "ipfs://GDPR");
        assertEq(t.descriptionHash, keccak256("GDPR"));
        assertEq(compliance.flag(0).name, "HIPAA");
    }

    function test_defineFlags_redefinesInPlace() public {
        _defineFlag(7, "synthetic-data");
        _defineFlag(7, "synthetic");
        assertEq(compliance.flag(7).name, "synthetic");
        assertEq(compliance.definedFlags(), uint64(1) << 7);
    }

    function test_flag_revertsWhenUndefinedOrOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.FlagNotDefined.selector, uint8(5)));
        compliance.flag(5);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.FlagNotDefined.selector, uint8(64)));
        compliance.flag(64);
    }

    function test_removeFlag_onlyOwner() public {
        _defineFlag(3, "GDPR");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        compliance.removeFlag(3, REASON, EVIDENCE);
    }

    function test_removeFlag_revertsWhenUndefinedOrOutOfRange() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.FlagNotDefined.selector, uint8(3)));
        compliance.removeFlag(3, REASON, EVIDENCE);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.FlagNotDefined.selector, uint8(200)));
        compliance.removeFlag(200, REASON, EVIDENCE);
        vm.stopPrank();
    }

    function test_removeFlag_clearsOnlyThatBitAndEmits() public {
        _defineFlag(3, "GDPR");
        _defineFlag(4, "HIPAA");
        vm.expectEmit(true, true, true, true, address(compliance));
        emit IComplianceRegistry.FlagRemoved(3, REASON, EVIDENCE);
        vm.prank(admin);
        compliance.removeFlag(3, REASON, EVIDENCE);
        assertEq(compliance.definedFlags(), uint64(1) << 4);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.FlagNotDefined.selector, uint8(3)));
        compliance.flag(3);
        assertEq(compliance.flag(4).name, "HIPAA");
        // Defined again from scratch.
        _defineFlag(3, "GDPR-2");
        assertEq(compliance.flag(3).name, "GDPR-2");
    }

    // ---------------------------------------------------------------- licences

    function test_defineLicences_onlyOwner() public {
        IComplianceRegistry.LicenceTerm[] memory terms = _licences("MIT", "open-weights");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        compliance.defineLicences(terms, REASON, EVIDENCE);
    }

    function test_defineLicences_revertsOnTheZeroId() public {
        IComplianceRegistry.LicenceTerm[] memory terms = _licences(bytes32(0), "open-weights");
        vm.prank(admin);
        vm.expectRevert(IComplianceRegistry.ZeroLicenceId.selector);
        compliance.defineLicences(terms, REASON, EVIDENCE);
    }

    function test_defineLicences_revertsOnAnEmptyName() public {
        IComplianceRegistry.LicenceTerm[] memory terms = _licences("MIT", "");
        vm.prank(admin);
        vm.expectRevert(IComplianceRegistry.EmptyName.selector);
        compliance.defineLicences(terms, REASON, EVIDENCE);
    }

    function test_defineLicences_listsOnceAndRedefinesInPlace() public {
        vm.expectEmit(true, true, true, true, address(compliance));
        emit IComplianceRegistry.LicenceDefined(
            "MIT", "open-weights", "ipfs://open-weights", keccak256("open-weights"), REASON, EVIDENCE
        );
        _defineLicence("MIT", "open-weights");
        _defineLicence("MIT", "permissive");
        bytes32[] memory ids = compliance.licenceIds();
        assertEq(ids.length, 1);
        assertEq(ids[0], bytes32("MIT"));
        assertEq(compliance.licence("MIT").name, "permissive");
    }

    function test_defineLicences_boundedAt64ButRedefinitionsStillPass() public {
        IComplianceRegistry.LicenceTerm[] memory terms = new IComplianceRegistry.LicenceTerm[](64);
        for (uint256 i; i < 64; ++i) {
            terms[i] = IComplianceRegistry.LicenceTerm({licenseId: bytes32(i + 1), term: _term("class")});
        }
        vm.prank(admin);
        compliance.defineLicences(terms, REASON, EVIDENCE);
        assertEq(compliance.licenceIds().length, 64);
        IComplianceRegistry.LicenceTerm[] memory extra = _licences(bytes32(uint256(65)), "class");
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.TooManyLicences.selector, 64));
        compliance.defineLicences(extra, REASON, EVIDENCE);
        _defineLicence(bytes32(uint256(64)), "renamed");
        assertEq(compliance.licence(bytes32(uint256(64))).name, "renamed");
        assertEq(compliance.licenceIds().length, 64);
    }

    function test_licence_revertsWhenUndefined() public {
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.LicenceNotDefined.selector, bytes32("GPL")));
        compliance.licence("GPL");
    }

    function test_removeLicence_onlyOwner() public {
        _defineLicence("MIT", "open-weights");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        compliance.removeLicence("MIT", REASON, EVIDENCE);
    }

    function test_removeLicence_revertsWhenUndefined() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.LicenceNotDefined.selector, bytes32("GPL")));
        compliance.removeLicence("GPL", REASON, EVIDENCE);
    }

    function test_removeLicence_movesTheLastIntoTheGap() public {
        _defineLicence("MIT", "a");
        _defineLicence("GPL", "b");
        _defineLicence("CC-BY", "c");
        vm.expectEmit(true, true, true, true, address(compliance));
        emit IComplianceRegistry.LicenceRemoved("MIT", REASON, EVIDENCE);
        vm.prank(admin);
        compliance.removeLicence("MIT", REASON, EVIDENCE);
        bytes32[] memory ids = compliance.licenceIds();
        assertEq(ids.length, 2);
        assertEq(ids[0], bytes32("CC-BY"));
        assertEq(ids[1], bytes32("GPL"));
        vm.expectRevert(abi.encodeWithSelector(IComplianceRegistry.LicenceNotDefined.selector, bytes32("MIT")));
        compliance.licence("MIT");
        // The moved id's position was updated: removing it now leaves exactly GPL.
        vm.prank(admin);
        compliance.removeLicence("CC-BY", REASON, EVIDENCE);
        ids = compliance.licenceIds();
        assertEq(ids.length, 1);
        assertEq(ids[0], bytes32("GPL"));
        assertEq(compliance.licence("GPL").name, "b");
    }

    function test_removeLicence_lastEntryPopsWithoutMoving() public {
        _defineLicence("MIT", "a");
        _defineLicence("GPL", "b");
        vm.prank(admin);
        compliance.removeLicence("GPL", REASON, EVIDENCE);
        bytes32[] memory ids = compliance.licenceIds();
        assertEq(ids.length, 1);
        assertEq(ids[0], bytes32("MIT"));
        assertEq(compliance.licence("MIT").name, "a");
        // Defined again: appended at the end.
        _defineLicence("GPL", "b2");
        ids = compliance.licenceIds();
        assertEq(ids.length, 2);
        assertEq(ids[1], bytes32("GPL"));
    }
}
