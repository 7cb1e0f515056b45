// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IModelRegistry
/// @notice Registry of AI models and datasets. Each listed asset is an ERC-721 token: whoever holds
/// the token owns the asset and its revenue. Versions are append-only; lineage names up to
/// `MAX_PARENTS` parent assets, each with a royalty share of every payment for this asset.
///
/// What is stored and what is only emitted: storage keeps what a contract reads — one packed slot
/// per asset (`AssetRecord`: price, compliance flags, version count, total royalty, kind, status),
/// the content hash of every version, the lineage, the operator when one is set. The model/data card
/// URI of each version (`VersionPublished`) and the licence id (`AssetListed`; fixed at listing) are
/// emitted only: both are immutable once emitted, so the event log is their complete history, and
/// catalogs are rebuilt from events. A version's publication time is its event's block timestamp.
/// (A listing that stored the URI cost 288k gas; this one about 130k — see BENCHMARKS.md.)
interface IModelRegistry is IMarketErrors, IERC721 {
    /// @notice What an asset is.
    enum AssetKind {
        Model,
        Dataset
    }

    /// @notice Lifecycle of an asset. `Retired` is terminal. `Active`, `Paused` and `Retired` are the
    /// asset owner's; `Suspended` and `Denied` are takedowns (see `takedown`): only governance (the
    /// registry's owner, a timelock) or the guardian sets them, and only governance lifts them.
    /// Payments refuse new orders (lane funding, `payPerCall`) for every status but `Active`.
    enum AssetStatus {
        Active,
        Paused,
        Retired,
        Suspended,
        Denied
    }

    /// @notice A takedown's stored state, one slot per asset.
    /// @param priorStatus The owner's status before the takedown, restored when it lapses or is lifted.
    /// @param lapsesAt When a guardian's takedown stops applying unless ratified (0: governance's, or
    /// ratified: it applies until lifted). After it lapses, the guardian may not act on the asset again
    /// for one more ratification window.
    struct Takedown {
        AssetStatus priorStatus;
        uint64 lapsesAt;
    }

    /// @notice A lineage parent and the royalty share (bps of each payment) its owner receives.
    struct Parent {
        uint256 assetId;
        uint16 royaltyBps;
    }

    /// @notice Everything needed to list an asset.
    struct ListingParams {
        AssetKind kind;
        bytes32 contentHash;
        string metadataURI;
        bytes32 licenseId;
        uint64 complianceFlags;
        uint128 pricePerCall;
        address operator;
        Parent[] parents;
    }

    /// @notice The stored state of an asset, as `getAsset` returns it (the licence id is in `AssetListed`).
    struct Asset {
        AssetKind kind;
        AssetStatus status;
        uint16 totalRoyaltyBps;
        uint32 versionCount;
        address operator;
        uint64 complianceFlags;
        uint128 pricePerCall;
    }

    /// @notice The one-slot stored record of an asset: everything a payment, a stake or a status
    /// check reads. The operator and the licence id live in their own slots, written only when set.
    struct AssetRecord {
        uint128 pricePerCall;
        uint64 complianceFlags;
        uint32 versionCount;
        uint16 totalRoyaltyBps;
        AssetKind kind;
        AssetStatus status;
    }

    /// @notice One published version as stored: the content hash of the weights or data. Its card
    /// URI and publication time are in the version's `VersionPublished` event (and its block).
    struct Version {
        bytes32 contentHash;
    }

    /// @notice The listing limits this deployment runs with, emitted once at construction.
    event ListingLimitsSet(uint256 maxParents, uint256 maxTotalRoyaltyBps);

    /// @notice A content hash was zero.
    error ZeroContentHash();
    /// @notice A metadata URI was empty.
    error EmptyMetadataURI();
    /// @notice More lineage parents than allowed.
    error TooManyParents(uint256 count, uint256 maximum);
    /// @notice A lineage parent does not exist.
    error UnknownParent(uint256 parentId);
    /// @notice A lineage parent was named twice.
    error DuplicateParent(uint256 parentId);
    /// @notice The asset named itself as its own parent.
    error SelfParent(uint256 assetId);
    /// @notice The lineage royalties add up to more than the cap.
    error RoyaltyAboveCap(uint256 totalRoyaltyBps, uint256 maximum);
    /// @notice The version does not exist (versions run from 1 to the version count).
    error VersionNotFound(uint256 assetId, uint32 version, uint32 versionCount);
    /// @notice A status change that is not allowed (e.g. setting the same status).
    error InvalidStatusChange(uint256 assetId, AssetStatus from, AssetStatus to);
    /// @notice Only the guardian may do this.
    error NotGuardian(address caller, address guardian);
    /// @notice A takedown is in effect on `assetId` (its status is `status`); only governance changes it.
    error AssetTakenDown(uint256 assetId, AssetStatus status);
    /// @notice A takedown must set `Suspended` or `Denied`.
    error InvalidTakedownStatus(AssetStatus status);
    /// @notice No takedown is in effect on `assetId`.
    error NoTakedown(uint256 assetId);
    /// @notice The guardian's last takedown of `assetId` lapsed; it may act on it again from `availableAt`.
    error GuardianCoolingDown(uint256 assetId, uint256 availableAt);
    /// @notice The ratification window is outside its bounds.
    error RatificationWindowOutOfBounds(uint64 window, uint64 minimum, uint64 maximum);

    /// @notice An asset was listed and its token minted to `owner`; its first version (content hash and
    /// card URI) follows in `VersionPublished(assetId, 1, ...)`.
    event AssetListed(
        uint256 indexed assetId,
        address indexed owner,
        AssetKind indexed kind,
        bytes32 licenseId,
        uint64 complianceFlags,
        uint128 pricePerCall,
        address operator
    );
    /// @notice A lineage parent was recorded for `assetId`.
    event ParentLinked(uint256 indexed assetId, uint256 indexed parentId, uint16 royaltyBps);
    /// @notice A version was appended (version 1 at listing). The only record of the card URI; the
    /// block timestamp is the version's publication time.
    event VersionPublished(uint256 indexed assetId, uint32 indexed version, bytes32 contentHash, string metadataURI);
    /// @notice The price per call changed.
    event PriceUpdated(uint256 indexed assetId, uint128 oldPrice, uint128 newPrice);
    /// @notice The operator (receipt signer) changed; a transfer of the asset clears it.
    event OperatorUpdated(uint256 indexed assetId, address oldOperator, address newOperator);
    /// @notice The status changed.
    event StatusUpdated(uint256 indexed assetId, AssetStatus oldStatus, AssetStatus newStatus);
    /// @notice The guardian or its ratification window changed (governance only).
    event GuardianUpdated(address indexed oldGuardian, address indexed newGuardian, uint64 ratificationWindow);
    /// @notice `by` took `assetId` down to `status` for `reasonCode` (e.g. "GDPR-ART17") with the
    /// hash of the evidence; a guardian's takedown lapses at `lapsesAt` unless ratified (0: governance's).
    event TakedownIssued(
        uint256 indexed assetId,
        address indexed by,
        AssetStatus status,
        bytes32 indexed reasonCode,
        bytes32 evidenceHash,
        uint64 lapsesAt
    );
    /// @notice Governance ratified the guardian's takedown of `assetId`: it no longer lapses.
    event TakedownRatified(uint256 indexed assetId, bytes32 indexed reasonCode, bytes32 evidenceHash);
    /// @notice Governance lifted the takedown of `assetId`; its status is `restoredStatus` again.
    event TakedownLifted(
        uint256 indexed assetId, AssetStatus restoredStatus, bytes32 indexed reasonCode, bytes32 evidenceHash
    );
    /// @notice `signer` stopped being the receipt signer of `assetId` (operator rotated or cleared, or
    /// the asset changed hands); `signerRetiredAt(assetId, signer)` is now the block timestamp. A key
    /// that becomes the signer again (shown by `OperatorUpdated` / `Transfer`) has that record cleared.
    event SignerRetired(uint256 indexed assetId, address indexed signer);

    /// @notice Most lineage parents an asset may name.
    function MAX_PARENTS() external view returns (uint256);
    /// @notice Cap on the sum of lineage royalties, in bps of each payment.
    function MAX_TOTAL_ROYALTY_BPS() external view returns (uint256);

    /// @notice Lists a model or dataset and mints its token to the caller. Stores the asset record and
    /// the first version's content hash; emits the licence id (`AssetListed`) and the card URI
    /// (`VersionPublished`).
    /// @param params The listing; `parents` must be existing, distinct assets.
    /// @return assetId The new asset's id (starting at 1).
    function list(ListingParams calldata params) external returns (uint256 assetId);

    /// @notice Appends a version: stores its content hash, emits its card URI. Owner only; not when retired.
    /// @return version The new version number (1-based).
    function publishVersion(uint256 assetId, bytes32 contentHash, string calldata metadataURI)
        external
        returns (uint32 version);

    /// @notice Sets the price per call (used by on-chain `payPerCall`). Owner only; not when retired.
    function setPrice(uint256 assetId, uint128 newPrice) external;

    /// @notice Sets the operator key that signs inference receipts (zero: the owner signs). Owner only.
    /// When the effective signer (operator, or owner when none) changes, the old one is retired
    /// (`SignerRetired`, see `signerRetiredAt`).
    function setOperator(uint256 assetId, address newOperator) external;

    /// @notice Moves the asset between Active, Paused and Retired. Owner only; Retired is terminal;
    /// reverts `AssetTakenDown` while a takedown is in effect.
    function setStatus(uint256 assetId, AssetStatus newStatus) external;

    /// @notice Shortest and longest time a guardian's takedown may wait for ratification.
    function MIN_RATIFICATION_WINDOW() external view returns (uint64);
    /// @notice See `MIN_RATIFICATION_WINDOW`.
    function MAX_RATIFICATION_WINDOW() external view returns (uint64);

    /// @notice Names the guardian (any account, a Safe included; zero: none) and how long its takedowns
    /// wait for ratification. Registry owner (governance's timelock) only. The window must exceed the
    /// governance cycle (voting delay + voting period + timelock delay), or ratification comes too late.
    function setGuardian(address newGuardian, uint64 newRatificationWindow) external;

    /// @notice Suspends or denies `assetId` (`status`: `Suspended` or `Denied`) for `reasonCode` with
    /// the hash of the evidence. The guardian's takedown lapses `ratificationWindow` after it unless
    /// governance ratifies it; governance's own (registry owner) does not lapse. The guardian cannot
    /// act on an asset already taken down, nor within one window after its takedown of it lapsed.
    /// Not on a retired asset. The asset keeps its token, stake and claims: only new orders stop.
    function takedown(uint256 assetId, AssetStatus status, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice Makes the guardian's takedown of `assetId` permanent until lifted. Registry owner only,
    /// before it lapses.
    function ratifyTakedown(uint256 assetId, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice Ends the takedown of `assetId` and restores the owner's status. Registry owner only.
    function liftTakedown(uint256 assetId, bytes32 reasonCode, bytes32 evidenceHash) external;

    /// @notice The guardian (zero: none).
    function guardian() external view returns (address);

    /// @notice How long a guardian's takedown waits for ratification before it lapses (seconds).
    function ratificationWindow() external view returns (uint64);

    /// @notice The stored takedown record of `assetId` (zeroes: never taken down). It applies while the
    /// asset's status is `Suspended` or `Denied` (see `getAsset`), i.e. until lifted or lapsed.
    function takedownOf(uint256 assetId) external view returns (Takedown memory);

    /// @notice The state of an asset; its status is the one in effect (a lapsed takedown reads as the
    /// owner's status before it).
    function getAsset(uint256 assetId) external view returns (Asset memory);

    /// @notice One version (1-based); reverts with `VersionNotFound` outside 1..versionCount.
    function getVersion(uint256 assetId, uint32 version) external view returns (Version memory);

    /// @notice Up to `limit` versions starting at 1-based `fromVersion`.
    function getVersions(uint256 assetId, uint32 fromVersion, uint32 limit) external view returns (Version[] memory);

    /// @notice The lineage parents with their royalty shares.
    function getParents(uint256 assetId) external view returns (Parent[] memory);

    /// @notice The key that signs receipts: the operator, or the owner when none is set. A transfer of
    /// the asset clears the operator, so a seller's key never signs for the buyer's stake.
    function signerOf(uint256 assetId) external view returns (address);

    /// @notice When `signer` last stopped being the receipt signer of `assetId` (0: it never was one,
    /// or it is the signer now). Set whenever the effective signer (operator-or-owner) changes: by
    /// `setOperator`, and by a transfer (which clears the operator and makes the buyer the signer);
    /// cleared when the key becomes the signer again.
    /// @dev Disputes accepts equivocation evidence signed by a key retired less than its
    /// `EVIDENCE_WINDOW` ago, so rotating the operator or selling the asset cannot void a pending
    /// proof. Trade-off: for that window after a sale, the seller's old key can still produce evidence
    /// that slashes the pool now owned by the buyer — buyers should expect it (equivocation slashes
    /// stay capped and rate-limited per asset by the Disputes cooldown).
    function signerRetiredAt(uint256 assetId, address signer) external view returns (uint64);

    /// @notice When `assetId` last changed hands (0: never since it was listed). Equivocation evidence
    /// issued before it never slashes the asset's pool: the seller's keys cannot slash the buyer.
    /// Recorded in the transfer's `Transfer` event's block.
    function lastTransferAt(uint256 assetId) external view returns (uint64);

    /// @notice Whether `assetId` has been listed.
    function exists(uint256 assetId) external view returns (bool);

    /// @notice The owner and status of `assetId` in one call: what StakingPool checks on every stake.
    /// @dev Never reverts: an unknown id returns the zero owner (and `Active`), so callers raise their own
    /// error. Reads two slots instead of the three of `getAsset` plus the `exists`/`ownerOf` calls.
    function ownerAndStatus(uint256 assetId) external view returns (address owner, AssetStatus status);

    /// @notice Whether `assetId` is listed, and its status in effect, from one storage slot: what the
    /// payment paths and delegations check (they need no owner, so they skip the ERC-721 owner slot).
    /// @dev Never reverts: an unknown id returns `(false, Active)`.
    function listedStatus(uint256 assetId) external view returns (bool listed, AssetStatus status);

    /// @notice Number of assets listed so far (ids run from 1 to this).
    function assetCount() external view returns (uint256);
}
