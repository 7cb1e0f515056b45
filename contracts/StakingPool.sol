// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";
import {SharesMath} from "./libraries/SharesMath.sol";

/// @title StakingPool
/// @notice Per-asset pools of owner self-stake and delegated stake, with a slashable thawing pool,
/// an O(1) fee-reward accumulator for delegators and capped pro-rata slashing by Disputes.
/// @dev Self and delegated stake are shares of the same active pool (one share price), so a slash
/// only lowers `activeTokens`/`thawingTokens`. Thaw requests live in a fixed ring of
/// `MAX_THAW_REQUESTS` slots per (asset, staker): every loop is bounded by that constant.
/// Fee credits (`creditFees`) cost the collector one warm-slot write here: `feeCollector` and
/// `unfundedFees` share a slot, so the authorisation read and the counter write hit one slot that is
/// never zero once a collector is set (no 0 → non-zero write after a sweep).
contract StakingPool is IStakingPool, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc IStakingPool
    uint256 public constant BPS = 10_000;
    /// @inheritdoc IStakingPool
    uint256 public constant MAX_SLASH_BPS = 1_000;
    /// @inheritdoc IStakingPool
    uint256 public constant MAX_DELEGATOR_CUT_BPS = 10_000;
    /// @inheritdoc IStakingPool
    uint256 public constant MAX_THAW_REQUESTS = 8;
    /// @inheritdoc IStakingPool
    uint8 public constant SHARES_OFFSET_DECIMALS = SharesMath.OFFSET_DECIMALS;
    /// @inheritdoc IStakingPool
    uint256 public constant REWARD_SCALE = 1e36;
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
    uint256 public constant MAX_UNFUNDED_FEES = type(uint96).max;

    /// @inheritdoc IStakingPool
    IERC20 public immutable TOKEN;
    /// @inheritdoc IStakingPool
    IModelRegistry public immutable REGISTRY;

    /// @inheritdoc IStakingPool
    address public slasher;
    /// @inheritdoc IStakingPool
    uint64 public thawingPeriod = 14 days;
    /// @inheritdoc IStakingPool
    uint64 public cutChangeDelay = 7 days;
    /// @inheritdoc IStakingPool
    uint256 public minSelfStake = 1_000e18;
    /// @inheritdoc IStakingPool
    address public feeCollector;
    uint96 private _unfundedFees;

    mapping(uint256 assetId => Pool pool) private _pools;
    mapping(uint256 assetId => mapping(address staker => Staker position)) private _stakers;
    mapping(uint256 assetId => mapping(address staker => ThawRequest[MAX_THAW_REQUESTS] ring)) private _thawRequests;

    constructor(IERC20 token, IModelRegistry registry, address admin) Ownable(admin) {
        if (address(token) == address(0) || address(registry) == address(0)) revert ZeroAddress();
        TOKEN = token;
        REGISTRY = registry;
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
        _tryPermit(amount, deadline, v, r, s);
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
        _tryPermit(amount, deadline, v, r, s);
        return _delegate(assetId, amount);
    }

    /// @inheritdoc IStakingPool
    function unstake(uint256 assetId, uint256 shares) external nonReentrant returns (uint256 thawingShares) {
        Staker storage position = _stakers[assetId][msg.sender];
        uint256 available = position.selfShares;
        if (shares == 0) revert ZeroAmount();
        if (shares > available) revert InsufficientShares(assetId, msg.sender, shares, available);
        unchecked { // cannot overflow: shares <= available checked above
            position.selfShares = uint128(available - shares);
        }
        return _startThaw(assetId, position, shares, false);
    }

    /// @inheritdoc IStakingPool
    function undelegate(uint256 assetId, uint256 shares) external nonReentrant returns (uint256 thawingShares) {
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        uint256 available = position.delegatedShares;
        if (shares == 0) revert ZeroAmount();
        if (shares > available) revert InsufficientShares(assetId, msg.sender, shares, available);
        _settleRewards(pool, position);
        unchecked { // cannot overflow: shares <= available <= pool.delegatedShares
            position.delegatedShares = uint128(available - shares);
            pool.delegatedShares -= uint128(shares);
        }
        return _startThaw(assetId, position, shares, true);
    }

    /// @inheritdoc IStakingPool
    function withdraw(uint256 assetId) external nonReentrant returns (uint256 tokens) {
        Staker storage position = _stakers[assetId][msg.sender];
        ThawRequest[MAX_THAW_REQUESTS] storage ring = _thawRequests[assetId][msg.sender];
        uint256 head = position.thawHead;
        uint256 count = position.thawCount;
        uint256 matured;
        uint256 shares;
        for (; matured < count; ++matured) {
            // bounded: count <= MAX_THAW_REQUESTS
            ThawRequest storage request = ring[(head + matured) % MAX_THAW_REQUESTS];
            if (request.thawEnd > block.timestamp) break;
            shares += request.shares;
            delete ring[(head + matured) % MAX_THAW_REQUESTS];
        }
        if (matured == 0) revert NothingToWithdraw(assetId, msg.sender);

        Pool storage pool = _pools[assetId];
        uint256 thawingTokens = pool.thawingTokens;
        uint256 thawingShares = pool.thawingShares;
        tokens = SharesMath.toTokensDown(shares, thawingTokens, thawingShares);
        unchecked { // cannot overflow: tokens <= thawingTokens (SharesMath), shares <= thawingShares, matured <= count
            pool.thawingTokens = uint128(thawingTokens - tokens);
            pool.thawingShares = uint128(thawingShares - shares);
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
        (uint256 ownerPart, uint256 delegatorPart) = _accrueFees(assetId, amount);
        emit FeesDeposited(assetId, msg.sender, amount, ownerPart, delegatorPart);
        _pull(amount);
    }

    /// @inheritdoc IStakingPool
    /// @dev No reentrancy guard: it makes no external call, and its only caller is the trusted collector.
    function creditFees(uint256 assetId, uint256 amount) external {
        if (msg.sender != feeCollector) revert NotFeeCollector(msg.sender);
        if (amount == 0) revert ZeroAmount();
        uint256 unfunded = _unfundedFees + amount;
        if (unfunded > MAX_UNFUNDED_FEES) revert AmountTooLarge(unfunded, MAX_UNFUNDED_FEES);
        _unfundedFees = uint96(unfunded);
        (uint256 ownerPart, uint256 delegatorPart) = _accrueFees(assetId, amount);
        emit FeesCredited(assetId, ownerPart, delegatorPart);
    }

    /// @inheritdoc IStakingPool
    /// @dev No reentrancy guard on purpose: `claimRewards` and `setFeeCollector` hold the guard while
    /// they sweep the collector, which calls back here. It is safe unguarded: only the collector may
    /// call it, it runs before those callers touch any other state, tokens only come in, and the
    /// counter is lowered only by an amount whose arrival `_pull` verifies.
    function fundFees(uint256 amount) external {
        if (msg.sender != feeCollector) revert NotFeeCollector(msg.sender);
        uint256 unfunded = _unfundedFees;
        if (amount == 0) revert ZeroAmount();
        if (amount > unfunded) revert AmountTooLarge(amount, unfunded);
        unchecked { // cannot overflow: amount <= unfunded checked above
            _unfundedFees = uint96(unfunded - amount);
        }
        emit FeesFunded(msg.sender, amount);
        _pull(amount);
    }

    /// @inheritdoc IStakingPool
    function claimRewards(uint256 assetId)
        external
        nonReentrant
        returns (uint256 delegatorRewards, uint256 ownerRewards)
    {
        // Deferred credits are funded before anything is paid, so every claim is paid from held tokens.
        if (_unfundedFees != 0) _sweepCollector();
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        _settleRewards(pool, position);
        delegatorRewards = position.accruedRewards;
        if (delegatorRewards != 0) position.accruedRewards = 0;
        if (msg.sender == IERC721(address(REGISTRY)).ownerOf(assetId)) {
            ownerRewards = pool.ownerRewards;
            if (ownerRewards != 0) pool.ownerRewards = 0;
        }
        uint256 total = delegatorRewards + ownerRewards;
        if (total == 0) revert NothingToClaim(assetId, msg.sender);
        emit RewardsClaimed(assetId, msg.sender, delegatorRewards, ownerRewards);
        TOKEN.safeTransfer(msg.sender, total);
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
        returns (uint256 slashed)
    {
        if (msg.sender != slasher) revert NotSlasher(msg.sender);
        if (recipient == address(0)) revert ZeroAddress();
        Pool storage pool = _pools[assetId];
        uint256 activeTokens = pool.activeTokens;
        uint256 thawingTokens = pool.thawingTokens;
        uint256 total = activeTokens + thawingTokens;
        uint256 cap = total * MAX_SLASH_BPS / BPS;
        if (amount > cap) revert SlashAboveCap(assetId, amount, cap);
        uint256 fromActive;
        uint256 fromThawing;
        if (amount != 0) {
            // Each part rounds down, so fromActive + fromThawing <= amount: rounding favours the pool.
            fromActive = Math.mulDiv(amount, activeTokens, total);
            fromThawing = Math.mulDiv(amount, thawingTokens, total);
            unchecked { // cannot overflow: each part <= amount <= cap < its pool's tokens share of total
                pool.activeTokens = uint128(activeTokens - fromActive);
                pool.thawingTokens = uint128(thawingTokens - fromThawing);
                slashed = fromActive + fromThawing;
            }
        }
        emit Slashed(assetId, recipient, amount, slashed, fromActive, fromThawing);
        if (slashed != 0) TOKEN.safeTransfer(recipient, slashed);
    }

    /// @inheritdoc IStakingPool
    function setSlasher(address newSlasher) external onlyOwner {
        if (newSlasher == address(0)) revert ZeroAddress();
        emit SlasherUpdated(slasher, newSlasher);
        slasher = newSlasher;
    }

    /// @inheritdoc IStakingPool
    function setFeeCollector(address newCollector) external onlyOwner nonReentrant {
        if (newCollector == address(0)) revert ZeroAddress();
        // The old collector owes its credits: fund them now, or they could never be swept again.
        if (_unfundedFees != 0) _sweepCollector();
        emit FeeCollectorUpdated(feeCollector, newCollector);
        feeCollector = newCollector;
    }

    /// @inheritdoc IStakingPool
    function setMinSelfStake(uint256 newMinSelfStake) external onlyOwner {
        if (newMinSelfStake < MIN_SELF_STAKE_FLOOR || newMinSelfStake > MIN_SELF_STAKE_CEILING) {
            revert ParameterOutOfBounds(newMinSelfStake, MIN_SELF_STAKE_FLOOR, MIN_SELF_STAKE_CEILING);
        }
        emit MinSelfStakeUpdated(minSelfStake, newMinSelfStake);
        minSelfStake = newMinSelfStake;
    }

    /// @inheritdoc IStakingPool
    function setThawingPeriod(uint64 newThawingPeriod) external onlyOwner {
        if (newThawingPeriod < MIN_THAWING_PERIOD || newThawingPeriod > MAX_THAWING_PERIOD) {
            revert ParameterOutOfBounds(newThawingPeriod, MIN_THAWING_PERIOD, MAX_THAWING_PERIOD);
        }
        emit ThawingPeriodUpdated(thawingPeriod, newThawingPeriod);
        thawingPeriod = newThawingPeriod;
    }

    /// @inheritdoc IStakingPool
    function setCutChangeDelay(uint64 newCutChangeDelay) external onlyOwner {
        if (newCutChangeDelay < MIN_CUT_CHANGE_DELAY || newCutChangeDelay > MAX_CUT_CHANGE_DELAY) {
            revert ParameterOutOfBounds(newCutChangeDelay, MIN_CUT_CHANGE_DELAY, MAX_CUT_CHANGE_DELAY);
        }
        emit CutChangeDelayUpdated(cutChangeDelay, newCutChangeDelay);
        cutChangeDelay = newCutChangeDelay;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IStakingPool
    function unfundedFees() external view returns (uint256) {
        return _unfundedFees;
    }

    /// @inheritdoc IStakingPool
    function totalStake(uint256 assetId) external view returns (uint256) {
        Pool storage pool = _pools[assetId];
        return uint256(pool.activeTokens) + pool.thawingTokens;
    }

    /// @inheritdoc IStakingPool
    function slashCap(uint256 assetId) external view returns (uint256) {
        Pool storage pool = _pools[assetId];
        return (uint256(pool.activeTokens) + pool.thawingTokens) * MAX_SLASH_BPS / BPS;
    }

    /// @inheritdoc IStakingPool
    function isServing(uint256 assetId) external view returns (bool) {
        (address owner, IModelRegistry.AssetStatus status) = REGISTRY.ownerAndStatus(assetId);
        if (owner == address(0) || status != IModelRegistry.AssetStatus.Active) return false;
        Pool storage pool = _pools[assetId];
        uint256 value =
            SharesMath.toTokensDown(_stakers[assetId][owner].selfShares, pool.activeTokens, pool.activeShares);
        return value >= minSelfStake;
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
        return SharesMath.toTokensDown(_stakers[assetId][staker].selfShares, pool.activeTokens, pool.activeShares);
    }

    /// @inheritdoc IStakingPool
    function delegatedStakeOf(uint256 assetId, address staker) external view returns (uint256) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toTokensDown(_stakers[assetId][staker].delegatedShares, pool.activeTokens, pool.activeShares);
    }

    /// @inheritdoc IStakingPool
    function thawingStakeOf(uint256 assetId, address staker) external view returns (uint256) {
        Staker storage position = _stakers[assetId][staker];
        ThawRequest[MAX_THAW_REQUESTS] storage ring = _thawRequests[assetId][staker];
        uint256 shares;
        for (uint256 i; i < position.thawCount; ++i) {
            // bounded: thawCount <= MAX_THAW_REQUESTS
            shares += ring[(position.thawHead + i) % MAX_THAW_REQUESTS].shares;
        }
        Pool storage pool = _pools[assetId];
        return SharesMath.toTokensDown(shares, pool.thawingTokens, pool.thawingShares);
    }

    /// @inheritdoc IStakingPool
    function pendingRewards(uint256 assetId, address staker) external view returns (uint256) {
        Staker storage position = _stakers[assetId][staker];
        uint256 delta = _pools[assetId].rewardPerShare - position.rewardPerSharePaid;
        return position.accruedRewards + Math.mulDiv(position.delegatedShares, delta, REWARD_SCALE);
    }

    /// @inheritdoc IStakingPool
    function previewStake(uint256 assetId, uint256 tokens) external view returns (uint256 shares) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toSharesDown(tokens, pool.activeTokens, pool.activeShares);
    }

    /// @inheritdoc IStakingPool
    function previewUnstake(uint256 assetId, uint256 shares) external view returns (uint256 tokens) {
        Pool storage pool = _pools[assetId];
        return SharesMath.toTokensDown(shares, pool.activeTokens, pool.activeShares);
    }

    // ------------------------------------------------------------------ private

    function _stake(uint256 assetId, uint256 amount) private returns (uint256 shares) {
        (address owner, IModelRegistry.AssetStatus status) = _assetState(assetId);
        if (msg.sender != owner) revert NotAssetOwner(assetId, msg.sender, owner);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(assetId);
        shares = _mintActive(_pools[assetId], amount);
        Staker storage position = _stakers[assetId][msg.sender];
        position.selfShares = (uint256(position.selfShares) + shares).toUint128();
        emit Staked(assetId, msg.sender, amount, shares);
        _pull(amount);
    }

    function _delegate(uint256 assetId, uint256 amount) private returns (uint256 shares) {
        (, IModelRegistry.AssetStatus status) = _assetState(assetId);
        if (status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(assetId);
        Pool storage pool = _pools[assetId];
        Staker storage position = _stakers[assetId][msg.sender];
        _settleRewards(pool, position);
        shares = _mintActive(pool, amount);
        position.delegatedShares = (uint256(position.delegatedShares) + shares).toUint128();
        pool.delegatedShares = (uint256(pool.delegatedShares) + shares).toUint128();
        emit Delegated(assetId, msg.sender, amount, shares);
        _pull(amount);
    }

    /// @dev Adds `amount` tokens to the active pool and returns the shares minted (caller books them).
    function _mintActive(Pool storage pool, uint256 amount) private returns (uint256 shares) {
        if (amount == 0) revert ZeroAmount();
        uint256 activeTokens = pool.activeTokens;
        uint256 activeShares = pool.activeShares;
        shares = SharesMath.toSharesDown(amount, activeTokens, activeShares);
        if (shares == 0) revert ZeroAmount();
        pool.activeTokens = (activeTokens + amount).toUint128();
        pool.activeShares = (activeShares + shares).toUint128();
    }

    /// @dev Burns `shares` active shares (already removed from the staker's balance), moves their tokens
    /// into the thawing pool and appends a thaw request.
    function _startThaw(uint256 assetId, Staker storage position, uint256 shares, bool delegated)
        private
        returns (uint256 thawingShares)
    {
        uint256 count = position.thawCount;
        if (count >= MAX_THAW_REQUESTS) revert TooManyThawRequests(assetId, msg.sender, MAX_THAW_REQUESTS);
        Pool storage pool = _pools[assetId];
        uint256 activeTokens = pool.activeTokens;
        uint256 activeShares = pool.activeShares;
        uint256 tokens = SharesMath.toTokensDown(shares, activeTokens, activeShares);
        if (tokens == 0) revert ZeroAmount();
        uint256 thawingTokens = pool.thawingTokens;
        uint256 poolThawingShares = pool.thawingShares;
        thawingShares = SharesMath.toSharesDown(tokens, thawingTokens, poolThawingShares);
        unchecked { // cannot overflow: tokens <= activeTokens (SharesMath), shares <= activeShares (staker's own)
            pool.activeTokens = uint128(activeTokens - tokens);
            pool.activeShares = uint128(activeShares - shares);
        }
        pool.thawingTokens = (thawingTokens + tokens).toUint128();
        pool.thawingShares = (poolThawingShares + thawingShares).toUint128();

        uint64 thawEnd = uint64(block.timestamp) + thawingPeriod;
        _thawRequests[assetId][msg.sender][(position.thawHead + count) % MAX_THAW_REQUESTS] =
            ThawRequest({shares: thawingShares.toUint128(), thawEnd: thawEnd});
        unchecked { // cannot overflow: count < MAX_THAW_REQUESTS checked above
            position.thawCount = uint8(count + 1);
        }
        emit ThawStarted(assetId, msg.sender, delegated, shares, tokens, thawingShares, thawEnd);
    }

    /// @dev Splits `amount` of fees of `assetId` by the effective delegators' cut into the reward
    /// accumulator (remainder carried) and the owner balance; every token is credited.
    function _accrueFees(uint256 assetId, uint256 amount) private returns (uint256 ownerPart, uint256 delegatorPart) {
        Pool storage pool = _pools[assetId];
        uint256 delegatedShares = pool.delegatedShares;
        if (delegatedShares != 0) {
            delegatorPart = amount * _effectiveCut(pool) / BPS;
            if (delegatorPart != 0) {
                uint256 scaled = delegatorPart * REWARD_SCALE + pool.rewardRemainder;
                pool.rewardPerShare += scaled / delegatedShares;
                // fits: the remainder is below delegatedShares, a uint128
                pool.rewardRemainder = uint128(scaled % delegatedShares);
            }
        }
        unchecked { // cannot overflow: delegatorPart <= amount (cut <= BPS)
            ownerPart = amount - delegatorPart;
        }
        if (ownerPart != 0) pool.ownerRewards = (uint256(pool.ownerRewards) + ownerPart).toUint128();
    }

    /// @dev Has the collector pay all its credits (it calls back `fundFees`); reverts if any stay unpaid.
    function _sweepCollector() private {
        address collector = feeCollector;
        IUsagePayments(collector).sweepStakingFees();
        uint256 unfunded = _unfundedFees;
        if (unfunded != 0) revert FeesUnfunded(collector, unfunded);
    }

    /// @dev Books the rewards accrued on the staker's delegated shares since its last checkpoint.
    function _settleRewards(Pool storage pool, Staker storage position) private {
        uint256 rewardPerShare = pool.rewardPerShare;
        uint256 paid = position.rewardPerSharePaid;
        if (rewardPerShare == paid) return;
        uint256 delegatedShares = position.delegatedShares;
        if (delegatedShares != 0) {
            uint256 earned = Math.mulDiv(delegatedShares, rewardPerShare - paid, REWARD_SCALE);
            if (earned != 0) position.accruedRewards = (uint256(position.accruedRewards) + earned).toUint128();
        }
        position.rewardPerSharePaid = rewardPerShare;
    }

    /// @dev Pulls `amount` from the caller and rejects fee-on-transfer tokens.
    function _pull(uint256 amount) private {
        uint256 balanceBefore = TOKEN.balanceOf(address(this));
        TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = TOKEN.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert FeeOnTransferUnsupported(amount, received);
    }

    /// @dev A permit that fails (e.g. already used by a front-runner) is ignored: the allowance decides.
    function _tryPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) private {
        try IERC20Permit(address(TOKEN)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
    }

    /// @dev One `ownerOf` call (one slot): cheaper than `ownerAndStatus` when the status is not needed.
    function _requireAssetOwner(uint256 assetId) private view {
        address owner;
        try IERC721(address(REGISTRY)).ownerOf(assetId) returns (address current) {
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
