// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {DelayedChanges} from "./libraries/DelayedChanges.sol";
import {PoolSlashing} from "./libraries/PoolSlashing.sol";
import {RewardMath} from "./libraries/RewardMath.sol";
import {SharesMath} from "./libraries/SharesMath.sol";
import {ThawPools} from "./libraries/ThawPools.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";

/// @title StakingPool
/// @notice Per-asset pools of owner self-stake and delegated stake, each with a slashable thawing pool,
/// an O(1) fee-reward accumulator for delegators fed by a 7-day stream (rewards follow time in the
/// pool) and capped first-loss slashing by Disputes.
/// @dev Self and delegated stake are separate share pools, so first-loss slashing only lowers pool
/// token counters (O(1)). Thaw requests live in a fixed ring of `MAX_THAW_REQUESTS` slots per
/// (asset, staker): every loop is bounded by that constant. Admin changes go through `DelayedChanges`.
contract StakingPool is IStakingPool, DelayedChanges, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc IStakingPool
    uint256 public constant MAX_SLASH_BPS = PoolSlashing.MAX_SLASH_BPS;
    /// @inheritdoc IStakingPool
    uint256 public constant MAX_DELEGATOR_CUT_BPS = 10_000;
    /// @inheritdoc IStakingPool
    uint256 public constant MAX_THAW_REQUESTS = 8;
    /// @inheritdoc IStakingPool
    uint8 public constant SHARES_OFFSET_DECIMALS = SharesMath.OFFSET_DECIMALS;
    /// @inheritdoc IStakingPool
    uint256 public constant REWARD_SCALE = RewardMath.REWARD_SCALE;
    /// @inheritdoc IStakingPool
    uint256 public constant REWARD_STREAM_PERIOD = RewardMath.STREAM_PERIOD;
    /// @inheritdoc IStakingPool
    uint256 public constant REWARD_RATE_SCALE = RewardMath.RATE_SCALE;
    /// @inheritdoc IStakingPool
    uint256 public constant MIN_SELF_STAKE_FLOOR = 1;
    /// @inheritdoc IStakingPool
    uint256 public constant MIN_SELF_STAKE_CEILING = 1e27;
    /// @inheritdoc IStakingPool
    uint64 public constant MIN_THAWING_PERIOD = 14 days;
    /// @inheritdoc IStakingPool
    uint64 public constant MAX_THAWING_PERIOD = 90 days;
    /// @inheritdoc IStakingPool
    uint64 public constant MIN_CUT_CHANGE_DELAY = 1 days;
    /// @inheritdoc IStakingPool
    uint64 public constant MAX_CUT_CHANGE_DELAY = 30 days;
    /// @inheritdoc IStakingPool
    uint64 public constant MAX_WITHDRAWAL_FREEZE = 14 days;
    // Default parameters (each announced by its `...Updated` event at construction).
    uint64 private constant DEFAULT_THAWING_PERIOD = 14 days;
    uint64 private constant DEFAULT_CUT_CHANGE_DELAY = 7 days;
    uint256 private constant DEFAULT_MIN_SELF_STAKE = 1_000e18;

    bytes32 private constant _SLASHER = "slasher";
    bytes32 private constant _MIN_SELF_STAKE = "minSelfStake";
    bytes32 private constant _THAWING_PERIOD = "thawingPeriod";
    bytes32 private constant _CUT_CHANGE_DELAY = "cutChangeDelay";

    /// @inheritdoc IStakingPool
    IERC20 public immutable TOKEN;
    /// @inheritdoc IStakingPool
    IModelRegistry public immutable REGISTRY;

    /// @inheritdoc IStakingPool
    address public slasher;
    /// @inheritdoc IStakingPool
    uint64 public thawingPeriod = DEFAULT_THAWING_PERIOD;
    /// @inheritdoc IStakingPool
    uint64 public cutChangeDelay = DEFAULT_CUT_CHANGE_DELAY;
    /// @inheritdoc IStakingPool
    uint256 public minSelfStake = DEFAULT_MIN_SELF_STAKE;

    mapping(uint256 assetId => Pool pool) private _pools;
    mapping(uint256 assetId => mapping(address staker => Staker position)) private _stakers;
    mapping(uint256 assetId => mapping(address staker => ThawRequest[MAX_THAW_REQUESTS] ring)) private _thawRequests;

    constructor(IERC20 token, IModelRegistry registry, address admin) Ownable(admin) {
        if (address(token) == address(0) || address(registry) == address(0)) revert ZeroAddress();
        TOKEN = token;
        REGISTRY = registry;
        emit ThawingPeriodUpdated(0, DEFAULT_THAWING_PERIOD);
        emit CutChangeDelayUpdated(0, DEFAULT_CUT_CHANGE_DELAY);
        emit MinSelfStakeUpdated(0, DEFAULT_MIN_SELF_STAKE);
    }

    // ------------------------------------------------------------------ staking

    /// @inheritdoc IStakingPool
    function stake(uint256 assetId, uint256 amount) external nonReentrant returns (uint256 shares) {
        return _stake(assetId, amount);
    }

    /// @inheritdoc IStakingPool
    function stakeWithPermit(uint256 assetId, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256 shares)
    {
        TokenTransfers.tryPermit(TOKEN, amount, deadline, v, r, s);
        return _stake(assetId, amount);
    }

    /// @inheritdoc IStakingPool
    function delegateStake(uint256 assetId, uint256 amount) external nonReentrant returns (uint256 shares) {
        return _delegate(assetId, amount);
    }

    /// @inheritdoc IStakingPool
    function delegateWithPermit(uint256 assetId, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256 shares)
    {
        TokenTransfers.tryPermit(TOKEN, amount, deadline, v, r, s);
        return _delegate(assetId, amount);
    }

    /// @inheritdoc IStakingPool
    function unstake(uint256 assetId, uint256 shares) external nonReentrant returns (uint256 thawingShares) {
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        uint256 available = _selfSharesOf(pool, position);
        if (shares == 0) revert ZeroAmount();
        if (shares > available) revert InsufficientShares(assetId, msg.sender, shares, available);
        unchecked { // cannot overflow: shares <= available checked above
            position.selfShares = uint128(available - shares);
        }
        uint256 tokens;
        (tokens, thawingShares) = ThawPools.thawSelf(pool, shares);
        if (tokens == 0) revert ZeroAmount();
        _queueThaw(assetId, position, shares, tokens, thawingShares, pool.selfThawingEpoch, false);
    }

    /// @inheritdoc IStakingPool
    function undelegate(uint256 assetId, uint256 shares) external nonReentrant returns (uint256 thawingShares) {
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        uint256 available = position.delegatedShares;
        if (shares == 0) revert ZeroAmount();
        if (shares > available) revert InsufficientShares(assetId, msg.sender, shares, available);
        RewardMath.settle(pool, position);
        unchecked { // cannot overflow: shares <= available checked above
            position.delegatedShares = uint128(available - shares);
        }
        uint256 tokens;
        (tokens, thawingShares) = ThawPools.thawDelegated(pool, shares);
        if (tokens == 0) revert ZeroAmount();
        _queueThaw(assetId, position, shares, tokens, thawingShares, 0, true);
    }

    /// @inheritdoc IStakingPool
    function withdraw(uint256 assetId) external nonReentrant returns (uint256 tokens) {
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        ThawRequest[MAX_THAW_REQUESTS] storage ring = _thawRequests[assetId][msg.sender];
        uint256 head = position.thawHead;
        uint256 count = position.thawCount;
        // A frozen pool (open dispute) holds a matured request until the freeze ends, and at most
        // MAX_WITHDRAWAL_FREEZE past the request's own end, whatever the slasher does.
        bool frozen = pool.frozenUntil > block.timestamp;
        uint256 selfEpoch = pool.selfThawingEpoch;
        uint256 matured;
        uint256 selfShares;
        uint256 delegatedShares;
        for (; matured < count; ++matured) {
            // bounded: count <= MAX_THAW_REQUESTS
            ThawRequest storage request = ring[(head + matured) % MAX_THAW_REQUESTS];
            uint256 thawEnd = request.thawEnd;
            if (thawEnd > block.timestamp) break;
            if (frozen && block.timestamp < thawEnd + MAX_WITHDRAWAL_FREEZE) break;
            if (request.delegated) delegatedShares += request.shares;
            else if (request.selfEpoch == selfEpoch) selfShares += request.shares; // older epochs were slashed to 0
            delete ring[(head + matured) % MAX_THAW_REQUESTS];
        }
        if (matured == 0) revert NothingToWithdraw(assetId, msg.sender);
        tokens = ThawPools.redeem(pool, selfShares, delegatedShares);
        unchecked { // cannot overflow: matured <= count <= MAX_THAW_REQUESTS
            position.thawHead = uint8((head + matured) % MAX_THAW_REQUESTS);
            position.thawCount = uint8(count - matured);
        }
        emit Withdrawn(assetId, msg.sender, tokens, matured);
        if (tokens != 0) TOKEN.safeTransfer(msg.sender, tokens);
    }

    // ------------------------------------------------------------------ fees

    /// @inheritdoc IStakingPool
    function depositFees(uint256 assetId, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (!REGISTRY.exists(assetId)) revert UnknownAsset(assetId);
        Pool storage pool = _pools[assetId];
        (uint256 ownerPart, uint256 delegatorPart) = RewardMath.accrue(pool, amount, _effectiveCut(pool));
        (uint256 rate, uint256 end,) = RewardMath.unpackStream(pool.rewardStream);
        emit FeesDeposited(assetId, msg.sender, amount, ownerPart, delegatorPart, rate, uint64(end));
        TokenTransfers.pullExact(TOKEN, amount);
    }

    /// @inheritdoc IStakingPool
    function claimRewards(uint256 assetId)
        external
        nonReentrant
        returns (uint256 delegatorRewards, uint256 ownerRewards)
    {
        return _claimRewards(assetId, msg.sender);
    }

    /// @inheritdoc IStakingPool
    function claimRewardsFor(uint256 assetId, address account)
        external
        nonReentrant
        returns (uint256 delegatorRewards, uint256 ownerRewards)
    {
        return _claimRewards(assetId, account);
    }

    /// @inheritdoc IStakingPool
    function setDelegatorCut(uint256 assetId, uint16 newCutBps) external {
        _requireAssetOwner(assetId);
        if (newCutBps > MAX_DELEGATOR_CUT_BPS) revert CutAboveMax(newCutBps, MAX_DELEGATOR_CUT_BPS);
        Pool storage pool = _pools[assetId];
        uint16 current = _effectiveCut(pool);
        uint64 effectiveAt = uint64(block.timestamp) + cutChangeDelay;
        pool.cutBps = current;
        pool.pendingCutBps = newCutBps;
        pool.pendingCutEffectiveAt = effectiveAt;
        emit DelegatorCutScheduled(assetId, current, newCutBps, effectiveAt);
    }

    // ------------------------------------------------------------------ slashing and admin

    /// @inheritdoc IStakingPool
    function slash(uint256 assetId, uint256 amount, address recipient)
        external
        nonReentrant
        returns (uint256 slashed, uint256 fromSelf)
    {
        if (msg.sender != slasher) revert NotSlasher(msg.sender);
        if (recipient == address(0)) revert ZeroAddress();
        uint256 fromDelegated;
        (slashed, fromSelf, fromDelegated) = PoolSlashing.slash(_pools[assetId], assetId, amount, thawingPeriod);
        emit Slashed(assetId, recipient, amount, slashed, fromSelf, fromDelegated);
        if (slashed != 0) TOKEN.safeTransfer(recipient, slashed);
    }

    /// @inheritdoc IStakingPool
    function freezeWithdrawals(uint256 assetId, uint64 until) external {
        if (msg.sender != slasher) revert NotSlasher(msg.sender);
        uint256 maximum = block.timestamp + MAX_WITHDRAWAL_FREEZE;
        if (until > maximum) revert FreezeTooLong(assetId, until, maximum);
        Pool storage pool = _pools[assetId];
        if (until > pool.frozenUntil) {
            pool.frozenUntil = until;
            emit WithdrawalsFrozen(assetId, until);
        }
    }

    /// @inheritdoc IStakingPool
    function unfreezeWithdrawals(uint256 assetId) external {
        if (msg.sender != slasher) revert NotSlasher(msg.sender);
        _pools[assetId].frozenUntil = 0;
        emit WithdrawalsUnfrozen(assetId);
    }

    /// @inheritdoc IStakingPool
    function setSlasher(address newSlasher) external onlyOwner {
        if (newSlasher == address(0)) revert ZeroAddress();
        // Wiring: the first slasher applies at once (nothing can be slashed before it exists).
        if (slasher == address(0)) _applyChange(_SLASHER, uint160(newSlasher));
        else _queueChange(_SLASHER, uint160(newSlasher));
    }

    /// @inheritdoc IStakingPool
    function setMinSelfStake(uint256 newMinSelfStake) external onlyOwner {
        _checkBounds(newMinSelfStake, MIN_SELF_STAKE_FLOOR, MIN_SELF_STAKE_CEILING);
        _queueChange(_MIN_SELF_STAKE, newMinSelfStake);
    }

    /// @inheritdoc IStakingPool
    function setThawingPeriod(uint64 newThawingPeriod) external onlyOwner {
        _checkBounds(newThawingPeriod, MIN_THAWING_PERIOD, MAX_THAWING_PERIOD);
        _queueChange(_THAWING_PERIOD, newThawingPeriod);
    }

    /// @inheritdoc IStakingPool
    function setCutChangeDelay(uint64 newCutChangeDelay) external onlyOwner {
        _checkBounds(newCutChangeDelay, MIN_CUT_CHANGE_DELAY, MAX_CUT_CHANGE_DELAY);
        _queueChange(_CUT_CHANGE_DELAY, newCutChangeDelay);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IStakingPool
    function totalStake(uint256 assetId) external view returns (uint256) {
        return PoolSlashing.totalStake(_pools[assetId]);
    }

    /// @inheritdoc IStakingPool
    function slashCap(uint256 assetId) external view returns (uint256) {
        Pool storage pool = _pools[assetId];
        uint256 total = PoolSlashing.totalStake(pool);
        uint256 perSlash = BpsMath.mulBpsDown(total, MAX_SLASH_BPS);
        uint256 windowStart = pool.slashWindowStart;
        if (windowStart == 0 || block.timestamp >= windowStart + thawingPeriod) return perSlash;
        uint256 left = pool.slashWindowLeft;
        return left < perSlash ? left : perSlash;
    }

    /// @inheritdoc IStakingPool
    function isServing(uint256 assetId) external view returns (bool) {
        (address owner, IModelRegistry.AssetStatus status) = REGISTRY.ownerAndStatus(assetId);
        if (owner == address(0) || status != IModelRegistry.AssetStatus.Active) return false;
        Pool storage pool = _pools[assetId];
        uint256 shares = _selfSharesOf(pool, _stakers[assetId][owner]);
        return SharesMath.toTokensDown(shares, pool.selfTokens, pool.selfShares) >= minSelfStake;
    }

    /// @inheritdoc IStakingPool
    function effectiveDelegatorCut(uint256 assetId) external view returns (uint16) {
        return _effectiveCut(_pools[assetId]);
    }

    /// @inheritdoc IStakingPool
    function getPool(uint256 assetId) external view returns (Pool memory) {
        return _pools[assetId];
    }

    /// @inheritdoc IStakingPool
    function getStaker(uint256 assetId, address staker) external view returns (Staker memory) {
        return _stakers[assetId][staker];
    }

    /// @inheritdoc IStakingPool
    function getThawRequests(uint256 assetId, address staker) external view returns (ThawRequest[] memory requests) {
        Staker storage position = _stakers[assetId][staker];
        ThawRequest[MAX_THAW_REQUESTS] storage ring = _thawRequests[assetId][staker];
        uint256 count = position.thawCount;
        requests = new ThawRequest[](count);
        for (uint256 i; i < count; ++i) {
            // bounded: count <= MAX_THAW_REQUESTS
            requests[i] = ring[(position.thawHead + i) % MAX_THAW_REQUESTS];
        }
    }

    /// @inheritdoc IStakingPool
    function selfStakeOf(uint256 assetId, address staker) external view returns (uint256) {
        Pool storage pool = _pools[assetId];
        uint256 shares = _selfSharesOf(pool, _stakers[assetId][staker]);
        return SharesMath.toTokensDown(shares, pool.selfTokens, pool.selfShares);
    }

    /// @inheritdoc IStakingPool
    function delegatedStakeOf(uint256 assetId, address staker) external view returns (uint256) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toTokensDown(_stakers[assetId][staker].delegatedShares, pool.delegatedTokens, pool.delegatedShares);
    }

    /// @inheritdoc IStakingPool
    function thawingStakeOf(uint256 assetId, address staker) external view returns (uint256) {
        return ThawPools.thawingValue(_pools[assetId], _stakers[assetId][staker], _thawRequests[assetId][staker]);
    }

    /// @inheritdoc IStakingPool
    function rewardStreamOf(uint256 assetId)
        external
        view
        returns (uint256 rewardRate, uint256 rewardStreamEnd, uint256 rewardUpdatedAt)
    {
        return RewardMath.unpackStream(_pools[assetId].rewardStream);
    }

    /// @inheritdoc IStakingPool
    function pendingRewards(uint256 assetId, address staker) external view returns (uint256) {
        Staker storage position = _stakers[assetId][staker];
        return RewardMath.pending(_pools[assetId], position);
    }

    /// @inheritdoc IStakingPool
    function previewStake(uint256 assetId, uint256 tokens) external view returns (uint256 shares) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toSharesDown(tokens, pool.selfTokens, pool.selfShares);
    }

    /// @inheritdoc IStakingPool
    function previewDelegate(uint256 assetId, uint256 tokens) external view returns (uint256 shares) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toSharesDown(tokens, pool.delegatedTokens, pool.delegatedShares);
    }

    /// @inheritdoc IStakingPool
    function previewUnstake(uint256 assetId, uint256 shares) external view returns (uint256 tokens) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toTokensDown(shares, pool.selfTokens, pool.selfShares);
    }

    // ------------------------------------------------------------------ private

    function _stake(uint256 assetId, uint256 amount) private returns (uint256 shares) {
        (address owner, IModelRegistry.AssetStatus status) = _assetState(assetId);
        if (msg.sender != owner) revert NotAssetOwner(assetId, msg.sender, owner);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(assetId);
        if (amount == 0) revert ZeroAmount();
        Pool storage pool = _pools[assetId];
        uint256 selfTokens = pool.selfTokens;
        uint256 selfShares = pool.selfShares;
        uint32 epoch = pool.selfEpoch;
        shares = SharesMath.toSharesDown(amount, selfTokens, selfShares);
        if (shares == 0) revert ZeroAmount();
        pool.selfTokens = (selfTokens + amount).toUint96();
        pool.selfShares = (selfShares + shares).toUint128();
        Staker storage position = _stakers[assetId][msg.sender];
        // Shares of an emptied (older) epoch are void: they are replaced, not added to.
        uint256 held = position.selfEpoch == epoch ? position.selfShares : 0;
        position.selfShares = (held + shares).toUint128();
        if (position.selfEpoch != epoch) position.selfEpoch = epoch;
        emit Staked(assetId, msg.sender, amount, shares);
        TokenTransfers.pullExact(TOKEN, amount);
    }

    function _delegate(uint256 assetId, uint256 amount) private returns (uint256 shares) {
        // one registry slot: a delegation needs the status, not the owner
        (bool listed, IModelRegistry.AssetStatus status) = REGISTRY.listedStatus(assetId);
        if (!listed) revert UnknownAsset(assetId);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(assetId);
        if (amount == 0) revert ZeroAmount();
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        RewardMath.settle(pool, position);
        uint256 delegatedTokens = pool.delegatedTokens;
        uint256 delegatedShares = pool.delegatedShares;
        shares = SharesMath.toSharesDown(amount, delegatedTokens, delegatedShares);
        if (shares == 0) revert ZeroAmount();
        pool.delegatedTokens = (delegatedTokens + amount).toUint128();
        pool.delegatedShares = (delegatedShares + shares).toUint128();
        position.delegatedShares = (uint256(position.delegatedShares) + shares).toUint128();
        emit Delegated(assetId, msg.sender, amount, shares);
        TokenTransfers.pullExact(TOKEN, amount);
    }

    /// @dev Appends a thaw request of `thawingShares` (already booked in the thawing pool) to the ring.
    function _queueThaw(
        uint256 assetId,
        Staker storage position,
        uint256 shares,
        uint256 tokens,
        uint256 thawingShares,
        uint32 selfEpoch,
        bool delegated
    ) private {
        uint256 count = position.thawCount;
        if (count >= MAX_THAW_REQUESTS) revert TooManyThawRequests(assetId, msg.sender, MAX_THAW_REQUESTS);
        uint64 thawEnd = uint64(block.timestamp) + thawingPeriod;
        _thawRequests[assetId][msg.sender][(position.thawHead + count) % MAX_THAW_REQUESTS] = ThawRequest({
            shares: thawingShares.toUint128(), thawEnd: thawEnd, selfEpoch: selfEpoch, delegated: delegated
        });
        unchecked { // cannot overflow: count < MAX_THAW_REQUESTS checked above
            position.thawCount = uint8(count + 1);
        }
        emit ThawStarted(assetId, msg.sender, delegated, shares, tokens, thawingShares, thawEnd);
    }

    function _claimRewards(uint256 assetId, address account)
        private
        returns (uint256 delegatorRewards, uint256 ownerRewards)
    {
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][account];
        RewardMath.settle(pool, position);
        delegatorRewards = position.accruedRewards;
        if (delegatorRewards != 0) position.accruedRewards = 0;
        if (account == REGISTRY.ownerOf(assetId)) {
            ownerRewards = pool.ownerRewards;
            if (ownerRewards != 0) pool.ownerRewards = 0;
        }
        uint256 total = delegatorRewards + ownerRewards;
        if (total == 0) revert NothingToClaim(account);
        emit RewardsClaimed(assetId, account, delegatorRewards, ownerRewards);
        TOKEN.safeTransfer(account, total);
    }

    /// @dev Applies a due change (validated again: bounds are constants, so only addresses are re-checked).
    function _applyChange(bytes32 parameter, uint256 value) internal override {
        if (parameter == _SLASHER) {
            emit SlasherUpdated(slasher, address(uint160(value)));
            slasher = address(uint160(value));
        } else if (parameter == _MIN_SELF_STAKE) {
            emit MinSelfStakeUpdated(minSelfStake, value);
            minSelfStake = value;
        } else if (parameter == _THAWING_PERIOD) {
            emit ThawingPeriodUpdated(thawingPeriod, uint64(value));
            thawingPeriod = uint64(value);
        } else if (parameter == _CUT_CHANGE_DELAY) {
            emit CutChangeDelayUpdated(cutChangeDelay, uint64(value));
            cutChangeDelay = uint64(value);
        } else {
            revert UnknownParameter(parameter);
        }
    }

    /// @dev A staker who starts thawing within `REACTION_TIME` of `ChangeQueued` is out before the
    /// change applies, even if an open dispute holds its withdrawal the longest (`MAX_WITHDRAWAL_FREEZE`).
    function _changeDelay() internal view override returns (uint256) {
        return uint256(thawingPeriod) + MAX_WITHDRAWAL_FREEZE + REACTION_TIME;
    }


    function _checkBounds(uint256 value, uint256 minimum, uint256 maximum) private pure {
        if (value < minimum || value > maximum) revert ParameterOutOfBounds(value, minimum, maximum);
    }

    /// @dev The staker's self shares, zero when they belong to an emptied (older) epoch.
    function _selfSharesOf(Pool storage pool, Staker storage position) private view returns (uint256) {
        return position.selfEpoch == pool.selfEpoch ? position.selfShares : 0;
    }

    /// @dev One `ownerOf` call (one slot): cheaper than `ownerAndStatus` when the status is not needed.
    function _requireAssetOwner(uint256 assetId) private view {
        address owner;
        try REGISTRY.ownerOf(assetId) returns (address current) {
            owner = current;
        } catch {
            // the registry's only ownerOf revert is ERC721NonexistentToken
            revert UnknownAsset(assetId);
        }
        if (msg.sender != owner) revert NotAssetOwner(assetId, msg.sender, owner);
    }

    /// @dev One registry call for owner and status; an unknown asset reverts `UnknownAsset`.
    function _assetState(uint256 assetId) private view returns (address owner, IModelRegistry.AssetStatus status) {
        (owner, status) = REGISTRY.ownerAndStatus(assetId);
        if (owner == address(0)) revert UnknownAsset(assetId);
    }

    function _effectiveCut(Pool storage pool) private view returns (uint16) {
        return block.timestamp >= pool.pendingCutEffectiveAt ? pool.pendingCutBps : pool.cutBps;
    }
}
