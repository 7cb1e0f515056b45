// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDelayedChanges} from "./IDelayedChanges.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IMarketErrors} from "./IMarketErrors.sol";

/// @title IStakingPool
/// @notice Per-asset staking pools. The asset owner self-stakes (an asset is *serving* only while its
/// current owner's self-stake is worth at least `minSelfStake`); delegators stake behind any listed
/// asset for a share of its fees. Self-stake and delegated stake are **separate share pools** (each
/// with its own thawing pool), so a slash is first-loss in O(1): the self-stake (active, then
/// thawing) absorbs it first and delegators (active and thawing, pro rata) lose only what the
/// self-stake cannot cover (as in The Graph Horizon). A self pool that a slash empties starts a new
/// *epoch*: its old shares are void, so new self-stake is never diluted by worthless shares.
///
/// Slashing is bounded per asset: one slash takes at most `MAX_SLASH_BPS` of the pool's total stake,
/// and all slashes within one *slash window* (a thawing period from the window's first slash) take at
/// most `MAX_SLASH_BPS` of the total stake at the window's start; a larger request is clamped, never
/// reverted. While the slasher holds the pool's withdrawals frozen (an open dispute), thaw requests
/// that have matured wait; each request waits at most `MAX_WITHDRAWAL_FREEZE` past its own end,
/// whatever the slasher does. Unstaking moves value into the thawing pool (still slashable).
///
/// Fees arrive only through `depositFees` (tokens pulled from the payer: UsagePayments' `settle`
/// pushes each asset's revenue here once; StakingPool never calls back into a payer). The owner's
/// part goes at once to the current owner of the asset NFT. The delegators' part is **streamed**:
/// with what is left of the current stream it is re-spread over a fresh `REWARD_STREAM_PERIOD`
/// (7 days) at a constant `rewardRate`, and each second of the stream is shared among the
/// delegated shares in the pool during that second (an O(1) reward-per-share accumulator, as in
/// Synthetix StakingRewards). A delegation earns only for the time it is in the pool: one that
/// joins just before a deposit and leaves after `t` seconds takes at most its share of
/// `rewardRate × t`, not a share of the deposit. Seconds of a stream during which nobody delegates
/// go to the owner balance (at the pool's next touch). Every fund-affecting admin change is queued behind the thawing
/// period (`IDelayedChanges`).
/// @dev Shares use a virtual offset (`10**SHARES_OFFSET_DECIMALS` virtual shares, 1 virtual token),
/// like OpenZeppelin ERC4626, and the pool only counts tokens that came in through `stake` or
/// `delegateStake` (a direct transfer never changes the share price), so first-depositor / donation
/// inflation is impossible. All rounding favours the pool. Fee-on-transfer tokens are rejected.
interface IStakingPool is IMarketErrors, IDelayedChanges {
    /// @notice The accounting of one asset's pool.
    /// @param selfTokens Active self-stake tokens (current and former owners).
    /// @param selfEpoch Epoch of the self pool: bumped when a slash empties it (older self shares are void).
    /// @param selfShares Shares of the active self pool (of this epoch).
    /// @param delegatedTokens Active delegated tokens.
    /// @param delegatedShares Shares of the active delegated pool (they earn fee rewards).
    /// @param selfThawingTokens Tokens of the self thawing pool (still slashable, first).
    /// @param selfThawingEpoch Epoch of the self thawing pool (as `selfEpoch`).
    /// @param selfThawingShares Shares of the self thawing pool held by thaw requests.
    /// @param delegatedThawingTokens Tokens of the delegated thawing pool (still slashable).
    /// @param delegatedThawingShares Shares of the delegated thawing pool held by thaw requests.
    /// @param frozenUntil Matured thaw requests wait until then (0: not frozen); set by the slasher.
    /// @param slashWindowStart Start of the current slash window (0: never slashed).
    /// @param slashWindowLeft What the current slash window may still take (its cap, `MAX_SLASH_BPS` of
    /// the total stake at its start, less what it took). One slot with the freeze: a dispute's slash
    /// rewrites the slot its `freezeWithdrawals` made non-zero instead of filling a fresh one.
    /// @param ownerRewards Owner part of fees, claimable by the current owner of the asset NFT (plus the
    /// stream's seconds during which nobody delegated, booked at the pool's next touch).
    /// @param rewardPerShare Accumulated delegator rewards per delegated share, scaled by `REWARD_SCALE`.
    /// @param rewardRemainder Scaled remainder of the last reward division, carried into the next one.
    /// @param cutBps Delegators' fee cut in force until `pendingCutEffectiveAt`.
    /// @param pendingCutBps Delegators' fee cut in force from `pendingCutEffectiveAt` on.
    /// @param pendingCutEffectiveAt When `pendingCutBps` takes effect (0: no change scheduled).
    /// @param rewardStream The reward stream, packed in one word (see `rewardStreamOf`): `rewardRate
    /// << 96 | rewardStreamEnd << 48 | rewardUpdatedAt`.
    struct Pool {
        uint96 selfTokens;
        uint32 selfEpoch;
        uint128 selfShares;
        uint128 delegatedTokens;
        uint128 delegatedShares;
        uint96 selfThawingTokens;
        uint32 selfThawingEpoch;
        uint128 selfThawingShares;
        uint128 delegatedThawingTokens;
        uint128 delegatedThawingShares;
        uint64 frozenUntil;
        uint64 slashWindowStart;
        uint128 slashWindowLeft;
        uint128 ownerRewards;
        uint256 rewardPerShare;
        uint128 rewardRemainder;
        uint16 cutBps;
        uint16 pendingCutBps;
        uint64 pendingCutEffectiveAt;
        uint256 rewardStream;
    }

    /// @notice One staker's position in one asset's pool.
    /// @param selfShares Active self shares (void unless `selfEpoch` is the pool's); earn no fee rewards.
    /// @param selfEpoch The self pool's epoch these shares belong to.
    /// @param thawHead Index (mod `MAX_THAW_REQUESTS`) of the oldest live thaw request.
    /// @param thawCount Number of live thaw requests.
    /// @param delegatedShares Active delegated shares; earn fee rewards.
    /// @param accruedRewards Delegator rewards settled but not yet claimed.
    /// @param rewardPerSharePaid The pool's `rewardPerShare` when `accruedRewards` was last settled.
    struct Staker {
        uint128 selfShares;
        uint32 selfEpoch;
        uint8 thawHead;
        uint8 thawCount;
        uint128 delegatedShares;
        uint128 accruedRewards;
        uint256 rewardPerSharePaid;
    }

    /// @notice A thaw request: shares of the self or delegated thawing pool, withdrawable from
    /// `thawEnd` on (later while withdrawals are frozen, at most `MAX_WITHDRAWAL_FREEZE` later).
    /// @param selfEpoch For a self request, the self thawing pool's epoch of its shares.
    struct ThawRequest {
        uint128 shares;
        uint64 thawEnd;
        uint32 selfEpoch;
        bool delegated;
    }

    /// @notice The caller is not the slasher (the Disputes contract).
    error NotSlasher(address caller);
    /// @notice A withdrawal freeze longer than `MAX_WITHDRAWAL_FREEZE` from now.
    error FreezeTooLong(uint256 assetId, uint256 until, uint256 maximum);
    /// @notice The staker holds fewer self (or delegated) shares than asked for.
    error InsufficientShares(uint256 assetId, address staker, uint256 shares, uint256 available);
    /// @notice The staker already has `maximum` live thaw requests in this pool.
    error TooManyThawRequests(uint256 assetId, address staker, uint256 maximum);
    /// @notice No thaw request of the staker has reached its end yet (or there is none).
    error NothingToWithdraw(uint256 assetId, address staker);
    /// @notice A delegators' cut above `MAX_DELEGATOR_CUT_BPS`.
    error CutAboveMax(uint256 cutBps, uint256 maximum);
    /// @notice An admin parameter outside its bounds.
    error ParameterOutOfBounds(uint256 value, uint256 minimum, uint256 maximum);

    /// @notice The current owner of `assetId` added self-stake.
    event Staked(uint256 indexed assetId, address indexed staker, uint256 tokens, uint256 shares);
    /// @notice A delegator staked behind `assetId`.
    event Delegated(uint256 indexed assetId, address indexed delegator, uint256 tokens, uint256 shares);
    /// @notice Self-stake (`delegated == false`) or delegated stake started thawing.
    /// @param activeShares Active shares burnt.
    /// @param tokens Tokens moved from the active to the thawing pool.
    /// @param thawingShares Thawing-pool shares of the new request.
    /// @param thawEnd When the request can be withdrawn.
    event ThawStarted(
        uint256 indexed assetId,
        address indexed staker,
        bool indexed delegated,
        uint256 activeShares,
        uint256 tokens,
        uint256 thawingShares,
        uint64 thawEnd
    );
    /// @notice Matured thaw requests were withdrawn.
    event Withdrawn(uint256 indexed assetId, address indexed staker, uint256 tokens, uint256 requests);
    /// @notice Fees were deposited and split between the owner (credited at once) and delegators
    /// (`delegatorPart` streamed): the stream now pays `rewardRate` (scaled by `REWARD_RATE_SCALE`) per
    /// second until `rewardStreamEnd` (unchanged when `delegatorPart` is 0).
    event FeesDeposited(
        uint256 indexed assetId,
        address indexed payer,
        uint256 amount,
        uint256 ownerPart,
        uint256 delegatorPart,
        uint256 rewardRate,
        uint64 rewardStreamEnd
    );
    /// @notice Rewards were paid to `account` (delegator rewards and, for the current owner, owner rewards).
    event RewardsClaimed(uint256 indexed assetId, address indexed account, uint256 delegatorRewards, uint256 ownerRewards);
    /// @notice The pool was slashed: `slashed` tokens (≤ `requested`, clamped to the cap) went to
    /// `recipient`; `fromSelf` came from self-stake (first loss), `fromDelegated` from delegators.
    event Slashed(
        uint256 indexed assetId,
        address indexed recipient,
        uint256 requested,
        uint256 slashed,
        uint256 fromSelf,
        uint256 fromDelegated
    );
    /// @notice A new slash window started: until `start` + the thawing period, slashes of the asset
    /// take at most `cap` in total.
    event SlashWindowStarted(uint256 indexed assetId, uint64 start, uint256 cap);
    /// @notice A slash emptied the self pool (`thawing == false`) or the self thawing pool: its old
    /// shares are void from `newEpoch` on.
    event SelfPoolEmptied(uint256 indexed assetId, bool indexed thawing, uint32 newEpoch);
    /// @notice The slasher froze the asset's matured withdrawals until `until` (an open dispute).
    event WithdrawalsFrozen(uint256 indexed assetId, uint64 until);
    /// @notice The slasher lifted the asset's withdrawal freeze (no dispute open any more).
    event WithdrawalsUnfrozen(uint256 indexed assetId);
    /// @notice The owner scheduled a new delegators' cut, effective at `effectiveAt`.
    event DelegatorCutScheduled(uint256 indexed assetId, uint16 currentCutBps, uint16 newCutBps, uint64 effectiveAt);
    /// @notice The slasher (Disputes contract) changed.
    event SlasherUpdated(address oldSlasher, address newSlasher);
    /// @notice The minimum self-stake for serving changed.
    event MinSelfStakeUpdated(uint256 oldValue, uint256 newValue);
    /// @notice The thawing period changed (applies to new thaw requests).
    event ThawingPeriodUpdated(uint64 oldValue, uint64 newValue);
    /// @notice The delay before a delegators' cut change takes effect changed (applies to new changes).
    event CutChangeDelayUpdated(uint64 oldValue, uint64 newValue);

    // ---------------------------------------------------------------- constants and wiring

    /// @notice Most a single slash, and all slashes of one slash window together, may take, in bps of
    /// the pool's total stake (at the slash, resp. at the window's start).
    function MAX_SLASH_BPS() external view returns (uint256);
    /// @notice Highest delegators' fee cut an owner may set, in bps.
    function MAX_DELEGATOR_CUT_BPS() external view returns (uint256);
    /// @notice Most live thaw requests per (asset, staker).
    function MAX_THAW_REQUESTS() external view returns (uint256);
    /// @notice Decimals of the virtual share offset (10**this virtual shares per pool).
    function SHARES_OFFSET_DECIMALS() external view returns (uint8);
    /// @notice Scale of `rewardPerShare`.
    function REWARD_SCALE() external view returns (uint256);
    /// @notice Seconds over which the delegators' cut of a deposit, with the stream's leftover, is
    /// paid out (a fresh period starts at each deposit with a delegators' part).
    function REWARD_STREAM_PERIOD() external view returns (uint256);
    /// @notice Scale of `rewardRate` (tokens per second × this).
    function REWARD_RATE_SCALE() external view returns (uint256);
    /// @notice Bounds of `minSelfStake`.
    function MIN_SELF_STAKE_FLOOR() external view returns (uint256);
    function MIN_SELF_STAKE_CEILING() external view returns (uint256);
    /// @notice Bounds of `thawingPeriod` (seconds).
    function MIN_THAWING_PERIOD() external view returns (uint64);
    function MAX_THAWING_PERIOD() external view returns (uint64);
    /// @notice Bounds of `cutChangeDelay` (seconds).
    function MIN_CUT_CHANGE_DELAY() external view returns (uint64);
    function MAX_CUT_CHANGE_DELAY() external view returns (uint64);
    /// @notice Longest a matured thaw request can be held by a withdrawal freeze (seconds past its end);
    /// equal to Disputes' `MAX_RESOLUTION_WINDOW`, so a dispute opened before the end is always decided
    /// or timed out first.
    function MAX_WITHDRAWAL_FREEZE() external view returns (uint64);
    /// @notice The staking and fee token.
    function TOKEN() external view returns (IERC20);
    /// @notice The ModelRegistry (asset NFTs).
    function REGISTRY() external view returns (IModelRegistry);

    // ---------------------------------------------------------------- staking

    /// @notice Adds self-stake to `assetId`. Only the current owner of the asset NFT; not for retired assets.
    /// @return shares Active shares minted to the caller (rounded down).
    function stake(uint256 assetId, uint256 amount) external returns (uint256 shares);

    /// @notice `stake` after an EIP-2612 permit. A permit that fails (e.g. front-run) is ignored and
    /// the existing allowance is used.
    function stakeWithPermit(uint256 assetId, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 shares);

    /// @notice Delegates `amount` behind `assetId` (any listed, non-retired asset).
    /// @return shares Active (delegated) shares minted to the caller (rounded down).
    function delegateStake(uint256 assetId, uint256 amount) external returns (uint256 shares);

    /// @notice `delegateStake` after an EIP-2612 permit (a failing permit is ignored, as in `stakeWithPermit`).
    function delegateWithPermit(uint256 assetId, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 shares);

    /// @notice Starts thawing `shares` of the caller's self-stake (a former owner may unstake too).
    /// @return thawingShares Thawing-pool shares of the new thaw request.
    function unstake(uint256 assetId, uint256 shares) external returns (uint256 thawingShares);

    /// @notice Starts thawing `shares` of the caller's delegated stake (thawing shares earn nothing);
    /// pending rewards are settled first.
    /// @return thawingShares Thawing-pool shares of the new thaw request.
    function undelegate(uint256 assetId, uint256 shares) external returns (uint256 thawingShares);

    /// @notice Withdraws every matured thaw request of the caller in `assetId` (oldest first, at most
    /// `MAX_THAW_REQUESTS`), at the thawing pools' current (possibly slashed) value. While the asset's
    /// withdrawals are frozen, a request is matured only `MAX_WITHDRAWAL_FREEZE` after its end.
    /// @return tokens Tokens sent to the caller.
    function withdraw(uint256 assetId) external returns (uint256 tokens);

    // ---------------------------------------------------------------- fees

    /// @notice Pulls `amount` from the caller and splits it by the effective delegators' cut: the rest
    /// to the owner balance of the asset at once; the delegators' part (none when nobody delegates)
    /// into the reward stream, which re-spreads it with its leftover over a fresh
    /// `REWARD_STREAM_PERIOD`: `rewardRate = (leftover + delegatorPart) × REWARD_RATE_SCALE /
    /// REWARD_STREAM_PERIOD` (the sub-unit rest, below `REWARD_STREAM_PERIOD / REWARD_RATE_SCALE`
    /// tokens, is credited to the delegators at once). Every token is credited (remainders are
    /// carried). Dust deposits can only delay the stream (re-spread), never take from it.
    function depositFees(uint256 assetId, uint256 amount) external;

    /// @notice Pays the caller's delegator rewards in `assetId` and, if the caller currently owns the
    /// asset NFT, the asset's owner rewards.
    /// @return delegatorRewards Delegator rewards paid.
    /// @return ownerRewards Owner rewards paid.
    function claimRewards(uint256 assetId) external returns (uint256 delegatorRewards, uint256 ownerRewards);

    /// @notice `claimRewards` for `account`: pays `account` (never the caller) its delegator rewards
    /// and, if it owns the asset NFT now, the owner rewards. Anyone may call it (a payouts helper
    /// claims everything in one transaction).
    function claimRewardsFor(uint256 assetId, address account)
        external
        returns (uint256 delegatorRewards, uint256 ownerRewards);

    /// @notice Schedules a new delegators' fee cut; it takes effect after `cutChangeDelay` (so
    /// delegators can leave first). Only the current owner of the asset NFT. Replaces any scheduled change.
    function setDelegatorCut(uint256 assetId, uint16 newCutBps) external;

    // ---------------------------------------------------------------- slashing and admin

    /// @notice Slashes `min(amount, slashCap(assetId))` tokens from `assetId` and sends them to
    /// `recipient`: first the self-stake (active, then thawing), then delegators (active and thawing,
    /// pro rata). Only the slasher. Never reverts for a large `amount`: it is clamped.
    /// @return slashed Tokens actually taken (rounding favours the pool).
    /// @return fromSelf The part of `slashed` that came from self-stake (the owners' loss).
    function slash(uint256 assetId, uint256 amount, address recipient)
        external
        returns (uint256 slashed, uint256 fromSelf);

    /// @notice Holds the asset's matured thaw requests until `until` (extends, never shortens, a
    /// freeze). Only the slasher; `until` ≤ now + `MAX_WITHDRAWAL_FREEZE`.
    function freezeWithdrawals(uint256 assetId, uint64 until) external;

    /// @notice Lifts the asset's withdrawal freeze. Only the slasher.
    function unfreezeWithdrawals(uint256 assetId) external;

    /// @notice Queues a new slasher (parameter "slasher"). Admin only. The first slasher (none set)
    /// applies at once: that is the deployment's wiring, before any pool can be slashed.
    function setSlasher(address newSlasher) external;

    /// @notice Queues a new minimum self-stake for serving (parameter "minSelfStake"). Admin only, within bounds.
    function setMinSelfStake(uint256 newMinSelfStake) external;

    /// @notice Queues a new thawing period for new thaw requests (parameter "thawingPeriod"). Admin
    /// only, within bounds. It is also the delay of every queued change.
    function setThawingPeriod(uint64 newThawingPeriod) external;

    /// @notice Queues a new delay of delegators' cut changes (parameter "cutChangeDelay"). Admin only,
    /// within bounds.
    function setCutChangeDelay(uint64 newCutChangeDelay) external;

    // ---------------------------------------------------------------- views

    /// @notice The slasher (Disputes contract).
    function slasher() external view returns (address);
    /// @notice Minimum self-stake (tokens) of the current owner for the asset to serve.
    function minSelfStake() external view returns (uint256);
    /// @notice Thawing period (seconds) of new thaw requests.
    function thawingPeriod() external view returns (uint64);
    /// @notice Delay (seconds) before a delegators' cut change takes effect.
    function cutChangeDelay() external view returns (uint64);

    /// @notice Self + delegated + thawing tokens of the pool.
    function totalStake(uint256 assetId) external view returns (uint256);
    /// @notice Most a slash of `assetId` would take now: `MAX_SLASH_BPS` of `totalStake`, and no more
    /// than what the current slash window has left (rounded down).
    function slashCap(uint256 assetId) external view returns (uint256);
    /// @notice Whether the asset is Active and its current owner's self-stake is worth ≥ `minSelfStake`.
    function isServing(uint256 assetId) external view returns (bool);
    /// @notice The delegators' fee cut in force now (bps).
    function effectiveDelegatorCut(uint256 assetId) external view returns (uint16);
    /// @notice The pool's accounting.
    function getPool(uint256 assetId) external view returns (Pool memory);
    /// @notice A staker's position.
    function getStaker(uint256 assetId, address staker) external view returns (Staker memory);
    /// @notice The staker's live thaw requests, oldest first.
    function getThawRequests(uint256 assetId, address staker) external view returns (ThawRequest[] memory);
    /// @notice Token value of the staker's self-stake (rounded down).
    function selfStakeOf(uint256 assetId, address staker) external view returns (uint256);
    /// @notice Token value of the staker's delegated stake (rounded down).
    function delegatedStakeOf(uint256 assetId, address staker) external view returns (uint256);
    /// @notice Token value of the staker's thaw requests (rounded down).
    function thawingStakeOf(uint256 assetId, address staker) external view returns (uint256);
    /// @notice The asset's reward stream.
    /// @return rewardRate Delegator rewards streamed per second, scaled by `REWARD_RATE_SCALE` (0: no
    /// stream).
    /// @return rewardStreamEnd When the current stream is fully paid.
    /// @return rewardUpdatedAt Up to when the stream has been released into `rewardPerShare`.
    function rewardStreamOf(uint256 assetId)
        external
        view
        returns (uint256 rewardRate, uint256 rewardStreamEnd, uint256 rewardUpdatedAt);
    /// @notice Delegator rewards the staker could claim now (the stream released up to now).
    function pendingRewards(uint256 assetId, address staker) external view returns (uint256);
    /// @notice Active self shares minted for `tokens` now (rounded down).
    function previewStake(uint256 assetId, uint256 tokens) external view returns (uint256 shares);
    /// @notice Active delegated shares minted for `tokens` now (rounded down).
    function previewDelegate(uint256 assetId, uint256 tokens) external view returns (uint256 shares);
    /// @notice Tokens that unstaking `shares` self shares would move into thawing now (rounded down).
    function previewUnstake(uint256 assetId, uint256 shares) external view returns (uint256 tokens);
}
