// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title ModelRegistry
/// @notice ERC-721 registry of AI models and datasets with provenance: content hashes, append-only
/// versions, bounded lineage with royalty shares, licence and compliance flags. Storage holds what
/// contracts read (one packed slot per asset, one content hash per version, lineage, operator);
/// the card URIs and the licence id are recorded in events only (see {IModelRegistry}). The registry's
/// owner (governance's timelock after deploy) and a guardian may take an asset down; nothing else is
/// administered here.
contract ModelRegistry is ERC721, Ownable2Step, IModelRegistry {
    /// @inheritdoc IModelRegistry
    uint256 public constant MAX_PARENTS = 8;
    /// @inheritdoc IModelRegistry
    uint256 public constant MAX_TOTAL_ROYALTY_BPS = 3_000;
    /// @inheritdoc IModelRegistry
    uint64 public constant MIN_RATIFICATION_WINDOW = 10 minutes;
    /// @inheritdoc IModelRegistry
    uint64 public constant MAX_RATIFICATION_WINDOW = 30 days;

    uint256 private _assetCount;
    /// @dev Everything a payment, a stake or a status check reads, in one slot.
    mapping(uint256 assetId => AssetRecord record) private _assets;
    /// @dev Written only when an operator is set (most assets sign with the owner's key).
    mapping(uint256 assetId => address operator) private _operators;
    mapping(uint256 assetId => mapping(uint32 version => Version data)) private _versions;
    /// @dev Each parent packed in one slot: `parentId << 16 | royaltyBps` (ids stay far below 2**240).
    mapping(uint256 assetId => uint256[] packed) private _parents;
    mapping(uint256 assetId => mapping(address signer => uint64 retiredAt)) private _signerRetiredAt;
    mapping(uint256 assetId => uint64 transferredAt) private _lastTransferAt;
    /// @dev Read only when an asset's stored status is a takedown (`Suspended` or `Denied`).
    mapping(uint256 assetId => Takedown record) private _takedowns;
    /// @inheritdoc IModelRegistry
    address public guardian;
    /// @inheritdoc IModelRegistry
    uint64 public ratificationWindow = 7 days;

    constructor() ERC721("modelmarket Asset", "MMA") Ownable(msg.sender) {
        emit ListingLimitsSet(MAX_PARENTS, MAX_TOTAL_ROYALTY_BPS);
        emit GuardianUpdated(address(0), address(0), ratificationWindow);
    }

    modifier onlyAssetOwner(uint256 assetId) {
        address owner = _requireOwned(assetId);
        if (msg.sender != owner) revert NotAssetOwner(assetId, msg.sender, owner);
        if (_assets[assetId].status == AssetStatus.Retired) revert AssetRetired(assetId);
        _;
    }

    modifier onlyTakedownActive(uint256 assetId) {
        AssetStatus stored = _assets[assetId].status;
        if (_statusInEffect(assetId, stored) != stored || stored < AssetStatus.Suspended) revert NoTakedown(assetId);
        _;
    }

    /// @inheritdoc IModelRegistry
    function list(ListingParams calldata params) external returns (uint256 assetId) {
        _checkContent(params.contentHash, params.metadataURI);
        uint256 parentCount = params.parents.length;
        if (parentCount > MAX_PARENTS) revert TooManyParents(parentCount, MAX_PARENTS);

        unchecked { // cannot overflow: one id per transaction, far below 2**256
            assetId = ++_assetCount;
        }
        uint256 totalRoyaltyBps;
        uint256[] storage parents = _parents[assetId];
        for (uint256 i; i < parentCount; ++i) {
            // bounded: parentCount <= MAX_PARENTS checked above
            Parent calldata parent = params.parents[i];
            if (parent.assetId == assetId) revert SelfParent(assetId);
            if (_ownerOf(parent.assetId) == address(0)) revert UnknownParent(parent.assetId);
            for (uint256 j; j < i; ++j) {
                if (params.parents[j].assetId == parent.assetId) revert DuplicateParent(parent.assetId);
            }
            totalRoyaltyBps += parent.royaltyBps;
            parents.push(parent.assetId << 16 | parent.royaltyBps);
            emit ParentLinked(assetId, parent.assetId, parent.royaltyBps);
        }
        if (totalRoyaltyBps > MAX_TOTAL_ROYALTY_BPS) revert RoyaltyAboveCap(totalRoyaltyBps, MAX_TOTAL_ROYALTY_BPS);

        _assets[assetId] = AssetRecord({
            pricePerCall: params.pricePerCall,
            complianceFlags: params.complianceFlags,
            versionCount: 1,
            totalRoyaltyBps: uint16(totalRoyaltyBps),
            kind: params.kind,
            status: AssetStatus.Active
        });
        if (params.operator != address(0)) _operators[assetId] = params.operator;
        _versions[assetId][1] = Version({contentHash: params.contentHash});
        emit AssetListed(
            assetId,
            msg.sender,
            params.kind,
            params.licenseId,
            params.complianceFlags,
            params.pricePerCall,
            params.operator
        );
        emit VersionPublished(assetId, 1, params.contentHash, params.metadataURI);
        _mint(msg.sender, assetId);
    }

    /// @inheritdoc IModelRegistry
    function publishVersion(uint256 assetId, bytes32 contentHash, string calldata metadataURI)
        external
        onlyAssetOwner(assetId)
        returns (uint32 version)
    {
        _checkContent(contentHash, metadataURI);
        AssetRecord storage record = _assets[assetId];
        version = record.versionCount + 1;
        record.versionCount = version;
        _versions[assetId][version] = Version({contentHash: contentHash});
        emit VersionPublished(assetId, version, contentHash, metadataURI);
    }

    /// @inheritdoc IModelRegistry
    function setPrice(uint256 assetId, uint128 newPrice) external onlyAssetOwner(assetId) {
        AssetRecord storage record = _assets[assetId];
        emit PriceUpdated(assetId, record.pricePerCall, newPrice);
        record.pricePerCall = newPrice;
    }

    /// @inheritdoc IModelRegistry
    function setOperator(uint256 assetId, address newOperator) external onlyAssetOwner(assetId) {
        address oldOperator = _operators[assetId];
        emit OperatorUpdated(assetId, oldOperator, newOperator);
        _operators[assetId] = newOperator;
        address owner = _ownerOf(assetId);
        _changeSigner(
            assetId, oldOperator == address(0) ? owner : oldOperator, newOperator == address(0) ? owner : newOperator
        );
    }

    /// @inheritdoc IModelRegistry
    function setStatus(uint256 assetId, AssetStatus newStatus) external onlyAssetOwner(assetId) {
        AssetRecord storage record = _assets[assetId];
        AssetStatus oldStatus = _statusInEffect(assetId, record.status);
        if (oldStatus >= AssetStatus.Suspended) revert AssetTakenDown(assetId, oldStatus);
        if (newStatus == oldStatus || newStatus >= AssetStatus.Suspended) {
            revert InvalidStatusChange(assetId, oldStatus, newStatus);
        }
        record.status = newStatus;
        emit StatusUpdated(assetId, oldStatus, newStatus);
    }

    /// @inheritdoc IModelRegistry
    function setGuardian(address newGuardian, uint64 newRatificationWindow) external onlyOwner {
        if (newRatificationWindow < MIN_RATIFICATION_WINDOW || newRatificationWindow > MAX_RATIFICATION_WINDOW) {
            revert RatificationWindowOutOfBounds(newRatificationWindow, MIN_RATIFICATION_WINDOW, MAX_RATIFICATION_WINDOW);
        }
        emit GuardianUpdated(guardian, newGuardian, newRatificationWindow);
        guardian = newGuardian;
        ratificationWindow = newRatificationWindow;
    }

    /// @inheritdoc IModelRegistry
    function takedown(uint256 assetId, AssetStatus status, bytes32 reasonCode, bytes32 evidenceHash) external {
        bool byGovernance = msg.sender == owner();
        if (!byGovernance && msg.sender != guardian) revert NotGuardian(msg.sender, guardian);
        if (status < AssetStatus.Suspended) revert InvalidTakedownStatus(status);
        _requireExists(assetId);
        AssetRecord storage record = _assets[assetId];
        AssetStatus stored = record.status;
        if (stored == AssetStatus.Retired) revert AssetRetired(assetId);
        AssetStatus inEffect = _statusInEffect(assetId, stored);
        Takedown storage current = _takedowns[assetId];
        AssetStatus priorStatus = inEffect;
        if (inEffect >= AssetStatus.Suspended) {
            // Only governance changes a takedown in effect (e.g. hardens a suspension into a denial).
            if (!byGovernance) revert AssetTakenDown(assetId, inEffect);
            priorStatus = current.priorStatus;
        } else if (!byGovernance && current.lapsesAt != 0) {
            uint256 availableAt = uint256(current.lapsesAt) + ratificationWindow;
            if (block.timestamp < availableAt) revert GuardianCoolingDown(assetId, availableAt);
        }
        uint64 lapsesAt = byGovernance ? 0 : uint64(block.timestamp) + ratificationWindow;
        _takedowns[assetId] = Takedown({priorStatus: priorStatus, lapsesAt: lapsesAt});
        record.status = status;
        emit TakedownIssued(assetId, msg.sender, status, reasonCode, evidenceHash, lapsesAt);
        emit StatusUpdated(assetId, inEffect, status);
    }

    /// @inheritdoc IModelRegistry
    function ratifyTakedown(uint256 assetId, bytes32 reasonCode, bytes32 evidenceHash)
        external
        onlyOwner
        onlyTakedownActive(assetId)
    {
        _takedowns[assetId].lapsesAt = 0;
        emit TakedownRatified(assetId, reasonCode, evidenceHash);
    }

    /// @inheritdoc IModelRegistry
    function liftTakedown(uint256 assetId, bytes32 reasonCode, bytes32 evidenceHash)
        external
        onlyOwner
        onlyTakedownActive(assetId)
    {
        AssetRecord storage record = _assets[assetId];
        AssetStatus oldStatus = record.status;
        AssetStatus restored = _takedowns[assetId].priorStatus;
        delete _takedowns[assetId];
        record.status = restored;
        emit TakedownLifted(assetId, restored, reasonCode, evidenceHash);
        emit StatusUpdated(assetId, oldStatus, restored);
    }

    /// @inheritdoc IModelRegistry
    function getAsset(uint256 assetId) external view returns (Asset memory) {
        _requireExists(assetId);
        AssetRecord memory record = _assets[assetId];
        return Asset({
            kind: record.kind,
            status: _statusInEffect(assetId, record.status),
            totalRoyaltyBps: record.totalRoyaltyBps,
            versionCount: record.versionCount,
            operator: _operators[assetId],
            complianceFlags: record.complianceFlags,
            pricePerCall: record.pricePerCall
        });
    }

    /// @inheritdoc IModelRegistry
    function getVersion(uint256 assetId, uint32 version) external view returns (Version memory) {
        _requireExists(assetId);
        uint32 count = _assets[assetId].versionCount;
        if (version == 0 || version > count) revert VersionNotFound(assetId, version, count);
        return _versions[assetId][version];
    }

    /// @inheritdoc IModelRegistry
    function getVersions(uint256 assetId, uint32 fromVersion, uint32 limit) external view returns (Version[] memory page) {
        _requireExists(assetId);
        uint256 count = _assets[assetId].versionCount;
        uint256 start = fromVersion == 0 ? 1 : fromVersion;
        if (start > count) return new Version[](0);
        uint256 end = start + limit - 1;
        if (limit == 0 || end > count) end = count;
        page = new Version[](end - start + 1);
        for (uint256 v = start; v <= end; ++v) {
            // bounded by the caller's limit and the version count
            page[v - start] = _versions[assetId][uint32(v)];
        }
    }

    /// @inheritdoc IModelRegistry
    function getParents(uint256 assetId) external view returns (Parent[] memory parents) {
        _requireExists(assetId);
        uint256[] storage packed = _parents[assetId];
        uint256 count = packed.length;
        parents = new Parent[](count);
        for (uint256 i; i < count; ++i) {
            // bounded: count <= MAX_PARENTS
            uint256 word = packed[i];
            parents[i] = Parent({assetId: word >> 16, royaltyBps: uint16(word)});
        }
    }

    /// @inheritdoc IModelRegistry
    function signerOf(uint256 assetId) external view returns (address) {
        _requireExists(assetId);
        address owner = _ownerOf(assetId);
        address operator = _operators[assetId];
        return operator == address(0) ? owner : operator;
    }

    /// @inheritdoc IModelRegistry
    function signerRetiredAt(uint256 assetId, address signer) external view returns (uint64) {
        return _signerRetiredAt[assetId][signer];
    }

    /// @inheritdoc IModelRegistry
    function lastTransferAt(uint256 assetId) external view returns (uint64) {
        return _lastTransferAt[assetId];
    }

    /// @inheritdoc IModelRegistry
    function exists(uint256 assetId) external view returns (bool) {
        return _ownerOf(assetId) != address(0);
    }

    /// @inheritdoc IModelRegistry
    function ownerAndStatus(uint256 assetId) external view returns (address owner, AssetStatus status) {
        owner = _ownerOf(assetId);
        status = _statusInEffect(assetId, _assets[assetId].status);
    }

    /// @inheritdoc IModelRegistry
    function listedStatus(uint256 assetId) external view returns (bool listed, AssetStatus status) {
        AssetRecord storage record = _assets[assetId];
        listed = record.versionCount != 0; // every listing publishes version 1
        status = _statusInEffect(assetId, record.status);
    }

    /// @inheritdoc IModelRegistry
    function takedownOf(uint256 assetId) external view returns (Takedown memory) {
        return _takedowns[assetId];
    }

    /// @inheritdoc IModelRegistry
    function assetCount() external view returns (uint256) {
        return _assetCount;
    }

    /// @notice Empty for every listed asset: the registry stores no URI (see {IModelRegistry.Version});
    /// each version's card URI is in its `VersionPublished` event. Reverts `UnknownAsset` otherwise.
    function tokenURI(uint256 assetId) public view override returns (string memory) {
        _requireExists(assetId);
        return "";
    }


    /// @dev On a transfer (not a mint), clears the operator: the seller's receipt key must not keep
    /// signing for the buyer, whose stake a conflicting receipt would slash. The old signer (operator,
    /// or the seller) is retired; the buyer becomes the signer.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0)) {
            // Receipts issued before now can never slash the buyer (see `lastTransferAt`).
            _lastTransferAt[tokenId] = uint64(block.timestamp);
            address operator = _operators[tokenId];
            if (operator != address(0)) {
                delete _operators[tokenId];
                emit OperatorUpdated(tokenId, operator, address(0));
            }
            _changeSigner(tokenId, operator == address(0) ? from : operator, to);
        }
    }

    /// @dev Records that the effective signer of `assetId` moved from `oldSigner` to `newSigner`.
    function _changeSigner(uint256 assetId, address oldSigner, address newSigner) private {
        if (oldSigner == newSigner) return;
        mapping(address signer => uint64 retiredAt) storage retired = _signerRetiredAt[assetId];
        retired[oldSigner] = uint64(block.timestamp);
        emit SignerRetired(assetId, oldSigner);
        if (retired[newSigner] != 0) delete retired[newSigner];
    }

    /// @dev The status in effect: a guardian's takedown past its `lapsesAt` reads as the status before
    /// it. Costs one more slot read only for an asset whose stored status is a takedown.
    function _statusInEffect(uint256 assetId, AssetStatus stored) private view returns (AssetStatus) {
        if (stored < AssetStatus.Suspended) return stored;
        Takedown memory record = _takedowns[assetId];
        if (record.lapsesAt != 0 && block.timestamp >= record.lapsesAt) return record.priorStatus;
        return stored;
    }

    function _requireExists(uint256 assetId) private view {
        if (_ownerOf(assetId) == address(0)) revert UnknownAsset(assetId);
    }

    function _checkContent(bytes32 contentHash, string calldata metadataURI) private pure {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (bytes(metadataURI).length == 0) revert EmptyMetadataURI();
    }
}
