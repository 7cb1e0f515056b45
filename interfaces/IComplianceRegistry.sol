// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IComplianceRegistry
/// @notice What each compliance flag bit (`ModelRegistry` `complianceFlags`, a uint64) and each licence
/// id (`AssetListed.licenseId`, a bytes32 label such as "MIT") means, readable from the chain by any
/// client. Each definition names a regime or licence class (e.g. "HIPAA", "GDPR", "open-weights",
/// "non-commercial") and points at its full text by URI and content hash. Only the owner (governance's
/// timelock after deploy) defines, changes or removes a definition, and every change carries a reason
/// code and an evidence hash in its event. Takedowns of assets live in `ModelRegistry` (`takedown`).
interface IComplianceRegistry is IMarketErrors {
    /// @notice A definition: a short name, and the URI and keccak-256 hash of its full description.
    struct Term {
        string name;
        string descriptionURI;
        bytes32 descriptionHash;
    }

    /// @notice A flag bit and its definition (for batch definitions).
    struct FlagTerm {
        uint8 bit;
        Term term;
    }

    /// @notice A licence id (a right-padded bytes32 label) and the class it belongs to.
    struct LicenceTerm {
        bytes32 licenseId;
        Term term;
    }

    /// @notice A flag bit beyond the 64 bits of `complianceFlags`.
    error FlagBitOutOfRange(uint8 bit, uint8 maximum);
    /// @notice A definition's name was empty.
    error EmptyName();
    /// @notice Flag `bit` is not defined.
    error FlagNotDefined(uint8 bit);
    /// @notice Licence `licenseId` is not defined.
    error LicenceNotDefined(bytes32 licenseId);
    /// @notice No more than `maximum` licences may be defined at once.
    error TooManyLicences(uint256 maximum);
    /// @notice The zero label is not a licence id.
    error ZeroLicenceId();

    /// @notice Flag `bit` was defined or redefined, for `reasonCode` with the hash of the evidence.
    event FlagDefined(
        uint8 indexed bit,
        string name,
        string descriptionURI,
        bytes32 descriptionHash,
        bytes32 indexed reasonCode,
        bytes32 evidenceHash
    );
    /// @notice Flag `bit`'s definition was removed.
    event FlagRemoved(uint8 indexed bit, bytes32 indexed reasonCode, bytes32 evidenceHash);
    /// @notice Licence `licenseId` was put in the class `name` (defined or redefined).
    event LicenceDefined(
        bytes32 indexed licenseId,
        string name,
        string descriptionURI,
        bytes32 descriptionHash,
        bytes32 indexed reasonCode,
        bytes32 evidenceHash
    );
    /// @notice Licence `licenseId`'s definition was removed.
    event LicenceRemoved(bytes32 indexed licenseId, bytes32 indexed reasonCode, bytes32 evidenceHash);

    /// @notice Highest flag bit (63: `complianceFlags` is a uint64).
    function MAX_FLAG_BIT() external view returns (uint8);
    /// @notice Most licences defined at once (bounds `licenceIds`).
    function MAX_LICENCES() external view returns (uint256);

    /// @notice Defines or redefines the flags in `terms` (bounded by calldata: at most 64 distinct bits).
    /// Owner only.
    function defineFlags(FlagTerm[] calldata terms, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice Removes flag `bit`'s definition. Owner only.
    function removeFlag(uint8 bit, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice Defines or redefines the licences in `terms` (at most `MAX_LICENCES` in all). Owner only.
    function defineLicences(LicenceTerm[] calldata terms, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice Removes licence `licenseId`'s definition. Owner only.
    function removeLicence(bytes32 licenseId, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice The definition of flag `bit`; reverts `FlagNotDefined` when none.
    function flag(uint8 bit) external view returns (Term memory);

    /// @notice The bits that have a definition, as a mask.
    function definedFlags() external view returns (uint64);

    /// @notice The class of licence `licenseId`; reverts `LicenceNotDefined` when none.
    function licence(bytes32 licenseId) external view returns (Term memory);

    /// @notice Every defined licence id (at most `MAX_LICENCES`), in no particular order.
    function licenceIds() external view returns (bytes32[] memory);
}
