// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IComplianceRegistry} from "../interfaces/IComplianceRegistry.sol";

/// @title ComplianceRegistry
/// @notice The on-chain meaning of compliance flags and licence ids (see {IComplianceRegistry}).
/// Holds no funds and gates nothing: contracts and clients read it; governance writes it.
contract ComplianceRegistry is IComplianceRegistry, Ownable2Step {
    /// @inheritdoc IComplianceRegistry
    uint8 public constant MAX_FLAG_BIT = 63;
    /// @inheritdoc IComplianceRegistry
    uint256 public constant MAX_LICENCES = 64;

    mapping(uint8 bit => Term term) private _flags;
    uint64 private _definedFlags;
    mapping(bytes32 licenseId => Term term) private _licences;
    /// @dev 1-based position in `_licenceIds` (0: not defined), for O(1) removal.
    mapping(bytes32 licenseId => uint256 position) private _licencePositions;
    bytes32[] private _licenceIds;

    constructor(address admin) Ownable(admin) {}

    /// @inheritdoc IComplianceRegistry
    function defineFlags(FlagTerm[] calldata terms, bytes32 reasonCode, bytes32 evidenceHash) external onlyOwner {
        uint256 count = terms.length;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata (64 distinct bits)
            FlagTerm calldata entry = terms[i];
            if (entry.bit > MAX_FLAG_BIT) revert FlagBitOutOfRange(entry.bit, MAX_FLAG_BIT);
            _checkTerm(entry.term);
            _flags[entry.bit] = entry.term;
            _definedFlags |= uint64(1) << entry.bit;
            emit FlagDefined(
                entry.bit,
                entry.term.name,
                entry.term.descriptionURI,
                entry.term.descriptionHash,
                reasonCode,
                evidenceHash
            );
        }
    }

    /// @inheritdoc IComplianceRegistry
    function removeFlag(uint8 bit, bytes32 reasonCode, bytes32 evidenceHash) external onlyOwner {
        if (bit > MAX_FLAG_BIT || _definedFlags & (uint64(1) << bit) == 0) revert FlagNotDefined(bit);
        delete _flags[bit];
        _definedFlags &= ~(uint64(1) << bit);
        emit FlagRemoved(bit, reasonCode, evidenceHash);
    }

    /// @inheritdoc IComplianceRegistry
    function defineLicences(LicenceTerm[] calldata terms, bytes32 reasonCode, bytes32 evidenceHash)
        external
        onlyOwner
    {
        uint256 count = terms.length;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata; the stored list by MAX_LICENCES
            LicenceTerm calldata entry = terms[i];
            bytes32 licenseId = entry.licenseId;
            if (licenseId == bytes32(0)) revert ZeroLicenceId();
            _checkTerm(entry.term);
            if (_licencePositions[licenseId] == 0) {
                if (_licenceIds.length == MAX_LICENCES) revert TooManyLicences(MAX_LICENCES);
                _licenceIds.push(licenseId);
                _licencePositions[licenseId] = _licenceIds.length;
            }
            _licences[licenseId] = entry.term;
            emit LicenceDefined(
                licenseId,
                entry.term.name,
                entry.term.descriptionURI,
                entry.term.descriptionHash,
                reasonCode,
                evidenceHash
            );
        }
    }

    /// @inheritdoc IComplianceRegistry
    function removeLicence(bytes32 licenseId, bytes32 reasonCode, bytes32 evidenceHash) external onlyOwner {
        uint256 position = _licencePositions[licenseId];
        if (position == 0) revert LicenceNotDefined(licenseId);
        uint256 last = _licenceIds.length;
        if (position != last) {
            bytes32 moved = _licenceIds[last - 1];
            _licenceIds[position - 1] = moved;
            _licencePositions[moved] = position;
        }
        _licenceIds.pop();
        delete _licencePositions[licenseId];
        delete _licences[licenseId];
        emit LicenceRemoved(licenseId, reasonCode, evidenceHash);
    }

    /// @inheritdoc IComplianceRegistry
    function flag(uint8 bit) external view returns (Term memory) {
        if (bit > MAX_FLAG_BIT || _definedFlags & (uint64(1) << bit) == 0) revert FlagNotDefined(bit);
        return _flags[bit];
    }

    /// @inheritdoc IComplianceRegistry
    function definedFlags() external view returns (uint64) {
        return _definedFlags;
    }

    /// @inheritdoc IComplianceRegistry
    function licence(bytes32 licenseId) external view returns (Term memory) {
        if (_licencePositions[licenseId] == 0) revert LicenceNotDefined(licenseId);
        return _licences[licenseId];
    }

    /// @inheritdoc IComplianceRegistry
    function licenceIds() external view returns (bytes32[] memory) {
        return _licenceIds;
    }

    function _checkTerm(Term calldata term) private pure {
        if (bytes(term.name).length == 0) revert EmptyName();
    }
}
