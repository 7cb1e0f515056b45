// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {DelayedChanges} from "./libraries/DelayedChanges.sol";
import {ErrorWords} from "./libraries/ErrorWords.sol";
import {LaneThaws} from "./libraries/LaneThaws.sol";
import {LineageCache} from "./libraries/LineageCache.sol";
import {PackedSlots} from "./libraries/PackedSlots.sol";
import {SessionKeyRules} from "./libraries/SessionKeyRules.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";
import {VoucherChecks} from "./libraries/VoucherChecks.sol";
import {WithdrawDelays} from "./libraries/WithdrawDelays.sol";

/// @title UsagePayments
/// @notice Free balances, escrow lanes per (consumer, asset), cumulative EIP-712 vouchers (EOA,
/// session key or ERC-1271 signer), delayed signer revocation, on-chain pay-per-call, and the fee
/// split of each asset's revenue once per settlement. See {IUsagePayments} for the guarantee.
/// @dev Hot path per voucher: signature recovery, one lane write (balance and redeemed share a slot),
/// the session key's spend when a key signed; once per run of same-asset vouchers: one registry read
/// and one pending-revenue write. Redemption makes no call that can change state (registry reads and
/// ERC-1271 checks are static calls), so it needs no reentrancy guard. Calls run one way: settle
/// pays StakingPool through `depositFees`, which never calls back. Admin changes (fee, treasury,
/// withdrawal delay) go through `DelayedChanges`, with StakingPool's change delay.
contract UsagePayments is IUsagePayments, EIP712, DelayedChanges, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using BpsMath for uint256;
    using ErrorWords for address;
    using ErrorWords for bytes4;
    using LaneThaws for LaneThaw;
    using LineageCache for mapping(uint256 => uint256);
    using PackedSlots for Lane;
    using PackedSlots for Revenue;
    using SessionKeyRules for SessionKey;
    using SessionKeyRules for KeyAsset;
    using WithdrawDelays for DelaySchedule;

    /// @inheritdoc IUsagePayments
    uint256 public constant MAX_PROTOCOL_FEE_BPS = 1_000;
    /// @inheritdoc IUsagePayments
    uint64 public constant MIN_WITHDRAW_DELAY = 1 hours;
    /// @inheritdoc IUsagePayments
    uint64 public constant MAX_WITHDRAW_DELAY = 30 days;
    /// @inheritdoc IUsagePayments
    bytes32 public constant VOUCHER_TYPEHASH =
        keccak256("Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)");

    uint16 private constant INITIAL_PROTOCOL_FEE_BPS = 100;
    uint64 private constant INITIAL_WITHDRAW_DELAY = 1 days;
    uint256 private constant MAX_AMOUNT = type(uint128).max;
    uint256 private constant MAX_KEY_CAP = type(uint104).max;
    bytes32 private constant _PROTOCOL_FEE = "protocolFeeBps";
    bytes32 private constant _TREASURY = "treasury";
    bytes32 private constant _WITHDRAW_DELAY = "withdrawDelay";

    /// @inheritdoc IUsagePayments
    IERC20 public immutable TOKEN;
    /// @inheritdoc IUsagePayments
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IUsagePayments
    IStakingPool public immutable STAKING;

    /// @inheritdoc IUsagePayments
    uint128 public protocolFeesAccrued;
    /// @inheritdoc IUsagePayments
    uint16 public protocolFeeBps;
    /// @inheritdoc IUsagePayments
    address public treasury;
    DelaySchedule private _delays;

    /// @inheritdoc IUsagePayments
    mapping(address consumer => uint256 amount) public freeBalanceOf;
    mapping(address consumer => mapping(uint256 assetId => Lane lane)) private _lanes;
    mapping(address consumer => mapping(uint256 assetId => LaneThaw thaw)) private _thaws;
    /// @inheritdoc IUsagePayments
    mapping(address consumer => mapping(uint256 assetId => uint256 amount)) public paidPerCall;
    /// @dev Revenue ever recorded and revenue settled, one slot that never returns to zero (so a redeem
    /// after a settlement writes non-zero to non-zero).
    mapping(uint256 assetId => Revenue revenue) private _revenue;
    mapping(address consumer => mapping(address key => SessionKey sessionKey)) private _sessionKeys;
    mapping(address consumer => mapping(address key => mapping(uint256 assetId => KeyAsset record))) private
        _keyAssets;
    /// @inheritdoc IUsagePayments
    mapping(uint256 assetId => uint256 amount) public royaltiesOf;
    mapping(uint256 assetId => mapping(uint256 index => uint256 word)) private _lineage;

    /// @dev A run of consecutive same-asset vouchers: its asset check (done once) and what it paid.
    struct Run {
        uint256 assetId;
        bytes4 assetReason;
        bool checked;
        bool strict;
        uint256 paid;
    }

    constructor(IERC20 token, IModelRegistry registry_, IStakingPool staking, address treasury_, address admin)
        EIP712("UsagePayments", "2")
        Ownable(admin)
    {
        if (
            address(token) == address(0) || address(registry_) == address(0) || address(staking) == address(0)
                || treasury_ == address(0)
        ) revert ZeroAddress();
        TOKEN = token;
        REGISTRY = registry_;
        STAKING = staking;
        treasury = treasury_;
        protocolFeeBps = INITIAL_PROTOCOL_FEE_BPS;
        _delays.inForce = INITIAL_WITHDRAW_DELAY;
        emit TreasuryUpdated(address(0), treasury_);
        emit ProtocolFeeUpdated(0, INITIAL_PROTOCOL_FEE_BPS);
        emit WithdrawDelayUpdated(0, INITIAL_WITHDRAW_DELAY, uint64(block.timestamp));
        // StakingPool pulls each settlement's owner/delegator part (`depositFees`).
        token.forceApprove(address(staking), type(uint256).max);
    }

    // ------------------------------------------------------------------ free balance

    /// @inheritdoc IUsagePayments
    function deposit(uint256 amount) external nonReentrant {
        _credit(msg.sender, amount);
        TokenTransfers.pullExact(TOKEN, amount);
    }

    /// @inheritdoc IUsagePayments
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        // A front-runner may have used the permit already; the allowance it set is what counts.
        TokenTransfers.tryPermit(TOKEN, amount, deadline, v, r, s);
        _credit(msg.sender, amount);
        TokenTransfers.pullExact(TOKEN, amount);
    }

    /// @inheritdoc IUsagePayments
    function depositFor(address consumer, uint256 amount) external nonReentrant {
        _credit(consumer, amount);
        TokenTransfers.pullExact(TOKEN, amount);
    }

    /// @inheritdoc IUsagePayments
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 free = freeBalanceOf[msg.sender];
        if (amount > free) InsufficientFreeBalance.selector.fail(3, msg.sender.word(), free, amount, 0, 0);
        unchecked { // cannot overflow: amount <= free checked above
            freeBalanceOf[msg.sender] = free - amount;
        }
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ lanes

    /// @inheritdoc IUsagePayments
    function allocate(uint256 assetId, uint256 amount) external {
        _allocate(assetId, amount);
    }

    /// @inheritdoc IUsagePayments
    function allocateMany(uint256[] calldata assetIds, uint256[] calldata amounts) external {
        uint256 count = assetIds.length;
        if (count != amounts.length) LengthMismatch.selector.fail(2, count, amounts.length, 0, 0, 0);
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            _allocate(assetIds[i], amounts[i]);
        }
    }

    /// @inheritdoc IUsagePayments
    function depositAndAllocate(uint256[] calldata assetIds, uint256[] calldata amounts) external nonReentrant {
        uint256 count = assetIds.length;
        if (count != amounts.length) LengthMismatch.selector.fail(2, count, amounts.length, 0, 0, 0);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            total += amounts[i];
        }
        _credit(msg.sender, total);
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            _allocate(assetIds[i], amounts[i]);
        }
        TokenTransfers.pullExact(TOKEN, total);
    }

    /// @inheritdoc IUsagePayments
    function requestThaw(uint256 assetId, uint256 amount) external {
        _thaws[msg.sender][assetId].request(_lanes[msg.sender][assetId].balance, msg.sender, assetId, amount, _delayEnd());
    }

    /// @inheritdoc IUsagePayments
    function cancelThaw(uint256 assetId) external {
        _thaws[msg.sender][assetId].cancel(msg.sender, assetId);
    }

    /// @inheritdoc IUsagePayments
    function completeThaw(uint256 assetId, bool toWallet) external nonReentrant returns (uint256 amount) {
        amount = _thaws[msg.sender][assetId].complete(_lanes[msg.sender][assetId], msg.sender, assetId, toWallet);
        if (!toWallet) freeBalanceOf[msg.sender] += amount;
        else if (amount != 0) _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ session keys

    /// @inheritdoc IUsagePayments
    function authorizeSessionKey(address key, uint256 spendCap, uint64 expiry, uint256[] calldata assetIds) external {
        if (key == address(0)) revert ZeroAddress();
        if (key == msg.sender) revert SessionKeyIsConsumer(key);
        if (spendCap == 0) revert ZeroAmount();
        if (spendCap > MAX_KEY_CAP) AmountTooLarge.selector.fail(2, spendCap, MAX_KEY_CAP, 0, 0, 0);
        if (expiry <= block.timestamp || expiry > type(uint48).max) {
            InvalidExpiry.selector.fail(2, expiry, block.timestamp, 0, 0, 0);
        }
        bool scoped = assetIds.length != 0;
        _sessionKeys[msg.sender][key].authorize(msg.sender, key, spendCap, expiry, scoped, _delayEnd());
        if (scoped) SessionKeyRules.setScopes(_keyAssets[msg.sender][key], key, assetIds, true, 0);
    }

    /// @inheritdoc IUsagePayments
    function setSessionKeyScope(address key, uint256[] calldata assetIds, bool allowed) external {
        SessionKey storage sessionKey = _sessionKeys[msg.sender][key];
        if (sessionKey.spendCap == 0) UnknownSessionKey.selector.fail(2, msg.sender.word(), key.word(), 0, 0, 0);
        if (!allowed && sessionKey.scopedAt == 0) SessionKeyNotScoped.selector.fail(2, msg.sender.word(), key.word(), 0, 0, 0);
        SessionKeyRules.setScopes(_keyAssets[msg.sender][key], key, assetIds, allowed, _delayEnd());
    }

    /// @inheritdoc IUsagePayments
    function revokeSessionKey(address key) external {
        SessionKey storage sessionKey = _sessionKeys[msg.sender][key];
        if (sessionKey.spendCap == 0) UnknownSessionKey.selector.fail(2, msg.sender.word(), key.word(), 0, 0, 0);
        emit SessionKeyRevocationScheduled(msg.sender, key, sessionKey.revoke(_delayEnd()));
    }

    // ------------------------------------------------------------------ payments

    /// @inheritdoc IUsagePayments
    function redeem(Voucher calldata voucher, bytes calldata signature) external returns (uint256 paid) {
        Run memory run = Run({assetId: voucher.assetId, assetReason: 0, checked: false, strict: true, paid: 0});
        _redeem(voucher, signature, _domainSeparatorV4(), run);
        paid = run.paid; // never 0: a strict run reverts instead (`LaneEmpty`)
        _recordRevenue(voucher.assetId, paid);
    }

    /// @inheritdoc IUsagePayments
    function redeemBatch(Voucher[] calldata vouchers, bytes[] calldata signatures) external returns (uint256 totalPaid) {
        uint256 count = vouchers.length;
        if (count != signatures.length) LengthMismatch.selector.fail(2, count, signatures.length, 0, 0, 0);
        bytes32 domainSeparator = _domainSeparatorV4();
        Run memory run;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            Voucher calldata voucher = vouchers[i];
            uint256 assetId = voucher.assetId;
            if (i == 0 || assetId != run.assetId) {
                // A new run: book the last one's revenue once, check the new asset lazily.
                if (run.paid != 0) _recordRevenue(run.assetId, run.paid);
                unchecked { // cannot overflow: every paid amount left a lane, all < 2**128
                    totalPaid += run.paid;
                }
                run.assetId = assetId;
                run.checked = false;
                run.paid = 0;
            }
            bytes4 reason = _redeem(voucher, signatures[i], domainSeparator, run);
            if (reason != bytes4(0)) emit VoucherRejected(i, voucher.consumer, assetId, reason);
        }
        if (run.paid != 0) _recordRevenue(run.assetId, run.paid);
        unchecked { // cannot overflow: as above
            totalPaid += run.paid;
        }
    }

    /// @inheritdoc IUsagePayments
    function payPerCall(uint256 assetId, uint256 calls, uint256 maxPricePerCall) external returns (uint256 amount) {
        (uint256 status, uint256 pricePerCall) = ErrorWords.statusAndPrice(REGISTRY, assetId);
        if (status != uint256(IModelRegistry.AssetStatus.Active)) revert AssetNotActive(assetId);
        // Slippage guard: the owner cannot raise the price in front of the consumer's call.
        if (pricePerCall > maxPricePerCall) revert PriceAboveLimit(assetId, pricePerCall, maxPricePerCall);
        if (!STAKING.isServing(assetId)) revert AssetNotServing(assetId);
        amount = calls * pricePerCall;
        if (amount == 0) revert ZeroAmount();
        Lane storage lane = _lanes[msg.sender][assetId];
        uint256 balance = lane.balance;
        if (amount > balance) InsufficientLane.selector.fail(4, msg.sender.word(), assetId, balance, amount, 0);
        unchecked { // cannot overflow: amount <= balance checked above
            lane.balance = uint128(balance - amount);
        }
        paidPerCall[msg.sender][assetId] += amount;
        emit CallsPaid(msg.sender, assetId, calls, amount);
        _recordRevenue(assetId, amount);
    }

    /// @inheritdoc IUsagePayments
    function settle(uint256 assetId) external nonReentrant returns (uint256 amount) {
        amount = _settle(assetId);
        if (amount == 0) revert NothingToSettle(assetId);
    }

    /// @inheritdoc IUsagePayments
    function settleMany(uint256[] calldata assetIds) external nonReentrant returns (uint256 total) {
        uint256 count = assetIds.length;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            total += _settle(assetIds[i]);
        }
    }

    /// @inheritdoc IUsagePayments
    function claimRoyalties(uint256 assetId) external nonReentrant returns (uint256 amount) {
        (address assetOwner,) = ErrorWords.ownerAndStatus(REGISTRY, assetId);
        if (assetOwner == address(0)) revert UnknownAsset(assetId);
        amount = royaltiesOf[assetId];
        if (amount == 0) revert NothingToClaim(assetOwner);
        royaltiesOf[assetId] = 0;
        emit RoyaltiesClaimed(assetId, assetOwner, amount);
        _send(assetOwner, amount);
    }

    /// @inheritdoc IUsagePayments
    function claimProtocolFees() external nonReentrant returns (uint256 amount) {
        address recipient = treasury;
        amount = protocolFeesAccrued;
        if (amount == 0) revert NothingToClaim(recipient);
        protocolFeesAccrued = 0;
        emit ProtocolFeesClaimed(recipient, amount);
        _send(recipient, amount);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IUsagePayments
    function setProtocolFeeBps(uint16 newFeeBps) external onlyOwner {
        if (newFeeBps > MAX_PROTOCOL_FEE_BPS) ParameterOutOfBounds.selector.fail(3, newFeeBps, 0, MAX_PROTOCOL_FEE_BPS, 0, 0);
        _queueChange(_PROTOCOL_FEE, newFeeBps);
    }

    /// @inheritdoc IUsagePayments
    function setTreasury(address newTreasury) external onlyOwner {
        if (newTreasury == address(0)) revert ZeroAddress();
        _queueChange(_TREASURY, uint160(newTreasury));
    }

    /// @inheritdoc IUsagePayments
    function setWithdrawDelay(uint64 newDelay) external onlyOwner {
        if (newDelay < MIN_WITHDRAW_DELAY || newDelay > MAX_WITHDRAW_DELAY) {
            ParameterOutOfBounds.selector.fail(3, newDelay, MIN_WITHDRAW_DELAY, MAX_WITHDRAW_DELAY, 0, 0);
        }
        _queueChange(_WITHDRAW_DELAY, newDelay);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IUsagePayments
    function registry() external view returns (IModelRegistry) {
        return REGISTRY;
    }

    /// @inheritdoc IUsagePayments
    function withdrawDelay() public view returns (uint64) {
        return _delays.current();
    }

    /// @inheritdoc IUsagePayments
    function laneOf(address consumer, uint256 assetId)
        external
        view
        returns (uint256 balance, uint256 redeemedAmount, uint256 thawAmount, uint64 thawReadyAt)
    {
        Lane memory lane = _lanes[consumer][assetId];
        LaneThaw memory thaw = _thaws[consumer][assetId];
        return (lane.balance, lane.redeemed, thaw.amount, thaw.readyAt);
    }

    /// @inheritdoc IUsagePayments
    function coverageOf(address consumer, uint256 assetId) external view returns (uint256) {
        uint256 balance = _lanes[consumer][assetId].balance;
        uint256 thawing = _thaws[consumer][assetId].amount;
        return balance > thawing ? balance - thawing : 0;
    }

    /// @inheritdoc IUsagePayments
    function redeemed(address consumer, uint256 assetId) external view returns (uint256) {
        return _lanes[consumer][assetId].redeemed;
    }

    /// @inheritdoc IUsagePayments
    function spentBy(address consumer, uint256 assetId) external view returns (uint256) {
        return _lanes[consumer][assetId].redeemed + paidPerCall[consumer][assetId];
    }

    /// @inheritdoc IUsagePayments
    function pendingRevenueOf(uint256 assetId) external view returns (uint256) {
        Revenue memory revenue = _revenue[assetId];
        return revenue.recorded - revenue.settled;
    }

    /// @inheritdoc IUsagePayments
    function sessionKeyOf(address consumer, address key) external view returns (SessionKey memory) {
        return _sessionKeys[consumer][key];
    }

    /// @inheritdoc IUsagePayments
    function isSessionKeyActive(address consumer, address key) external view returns (bool) {
        SessionKey storage sessionKey = _sessionKeys[consumer][key];
        return sessionKey.spendCap != 0 && block.timestamp <= sessionKey.expiry;
    }

    /// @inheritdoc IUsagePayments
    function keyScopeOf(address consumer, address key, uint256 assetId) external view returns (uint64) {
        return SessionKeyRules.scopeUntil(
            _sessionKeys[consumer][key].scopedAt, _keyAssets[consumer][key][assetId].allowedUntil
        );
    }

    /// @inheritdoc IUsagePayments
    function keySpentOn(address consumer, address key, uint256 assetId) external view returns (uint256) {
        return _keyAssets[consumer][key][assetId].spent;
    }

    /// @inheritdoc IUsagePayments
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), ErrorWords.hashVoucher(voucher, VOUCHER_TYPEHASH));
    }

    // ------------------------------------------------------------------ private

    /// @dev Applies a queued admin change (values were bounded when queued; the bounds are constants).
    function _applyChange(bytes32 parameter, uint256 value) internal override {
        if (parameter == _PROTOCOL_FEE) {
            emit ProtocolFeeUpdated(protocolFeeBps, uint16(value));
            protocolFeeBps = uint16(value);
        } else if (parameter == _TREASURY) {
            emit TreasuryUpdated(treasury, address(uint160(value)));
            treasury = address(uint160(value));
        } else if (parameter == _WITHDRAW_DELAY) {
            _delays.set(uint64(value)); // a shorter delay only from now + the delay in force
        } else {
            revert UnknownParameter(parameter);
        }
    }

    /// @dev The delay of a queued change: the StakingPool's, read now (one rule for every contract).
    function _changeDelay() internal view override returns (uint256) {
        return STAKING.changeDelay();
    }

    /// @dev Credits `amount` to `consumer`'s free balance (the caller pulls the tokens after its effects).
    function _credit(address consumer, uint256 amount) private {
        if (consumer == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 newBalance = freeBalanceOf[consumer] + amount;
        if (newBalance > MAX_AMOUNT) AmountTooLarge.selector.fail(2, newBalance, MAX_AMOUNT, 0, 0, 0);
        freeBalanceOf[consumer] = newBalance;
        emit Deposited(consumer, msg.sender, amount);
    }

    /// @dev Sends `amount` tokens to `to` (the last step of every function that pays out).
    function _send(address to, uint256 amount) private {
        TOKEN.safeTransfer(to, amount);
    }

    /// @dev When something asked now (thaw, revocation, lowering, narrowing) takes effect.
    function _delayEnd() private view returns (uint64) {
        return uint64(block.timestamp) + withdrawDelay();
    }

    /// @dev Moves `amount` of the caller's free balance into its lane for a listed, unretired asset
    /// that is not taken down (a new order: refused while `Suspended` or `Denied`).
    function _allocate(uint256 assetId, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        bytes4 assetReason = _assetReason(assetId, true);
        // UnknownAsset, AssetRetired or (taken down) AssetNotActive
        if (assetReason != bytes4(0)) assetReason.fail(1, assetId, 0, 0, 0, 0);
        uint256 free = freeBalanceOf[msg.sender];
        if (amount > free) InsufficientFreeBalance.selector.fail(3, msg.sender.word(), free, amount, 0, 0);
        Lane storage lane = _lanes[msg.sender][assetId];
        Lane memory current = lane;
        // balance + redeemed stays below 2**128, so redeeming (which moves balance into redeemed) never overflows
        uint256 total = uint256(current.balance) + current.redeemed + amount;
        if (total > MAX_AMOUNT) AmountTooLarge.selector.fail(2, total, MAX_AMOUNT, 0, 0, 0);
        unchecked { // cannot overflow: amount <= free checked above; balance + amount <= total < 2**128
            freeBalanceOf[msg.sender] = free - amount;
            lane.balance = uint128(current.balance + amount);
        }
        emit Allocated(msg.sender, assetId, amount);
    }

    /// @dev The selector of the error that stops paying `assetId` (0: listed and not retired). A new
    /// order (`ordering`) is also refused while the asset is taken down; a voucher is not (the
    /// inference it pays was served, and the provider's guarantee holds whatever happens meanwhile).
    function _assetReason(uint256 assetId, bool ordering) private view returns (bytes4) {
        (bool listed, uint256 status) = ErrorWords.listedStatus(REGISTRY, assetId);
        if (!listed) return UnknownAsset.selector;
        if (status == uint256(IModelRegistry.AssetStatus.Retired)) return AssetRetired.selector;
        if (ordering && status >= uint256(IModelRegistry.AssetStatus.Suspended)) return AssetNotActive.selector;
        return 0;
    }

    /// @dev Adds `amount` to the asset's pending revenue (one write; the split waits for `settle`).
    function _recordRevenue(uint256 assetId, uint256 amount) private {
        _revenue[assetId].addRecorded(amount);
    }

    /// @dev Checks one voucher and, if good, applies it (lane, key spend) and adds what it paid to
    /// `run.paid`. Returns the selector of the error that rejects it (0 when accepted); in a strict run
    /// (`redeem`) it reverts with that error and its values instead.
    function _redeem(Voucher calldata voucher, bytes calldata signature, bytes32 domainSeparator, Run memory run)
        private
        returns (bytes4 reason)
    {
        address consumer = voucher.consumer;
        uint256 assetId = voucher.assetId;
        if (block.timestamp > voucher.deadline) {
            return VoucherChecks.reject(run.strict, VoucherExpired.selector, 3, consumer.word(), assetId, voucher.deadline, 0, 0);
        }
        Lane storage lane = _lanes[consumer][assetId];
        (uint256 balance, uint256 redeemedSoFar) = lane.read();
        uint256 cumulativeAmount = voucher.cumulativeAmount;
        if (cumulativeAmount <= redeemedSoFar) {
            return VoucherChecks.reject(
                run.strict, VoucherStale.selector, 4, consumer.word(), assetId, cumulativeAmount, redeemedSoFar, 0
            );
        }
        if (!run.checked) {
            run.assetReason = _assetReason(assetId, false);
            run.checked = true;
        }
        if (run.assetReason != bytes4(0)) return VoucherChecks.reject(run.strict, run.assetReason, 1, assetId, 0, 0, 0, 0);

        address signer;
        (reason, signer) = VoucherChecks.signerOf(voucher, signature, domainSeparator, VOUCHER_TYPEHASH, _sessionKeys);
        if (reason == InvalidSignature.selector) {
            return VoucherChecks.reject(run.strict, reason, 2, consumer.word(), assetId, 0, 0, 0);
        }
        if (reason != bytes4(0)) return VoucherChecks.reject(run.strict, reason, 2, consumer.word(), signer.word(), 0, 0, 0);
        uint256 owed;
        unchecked { // cannot overflow: cumulativeAmount > redeemedSoFar checked above
            owed = cumulativeAmount - redeemedSoFar;
        }
        uint256 paid = owed < balance ? owed : balance;
        if (signer != consumer) {
            reason = VoucherChecks.chargeKey(
                run.strict, _sessionKeys[consumer][signer], _keyAssets[consumer][signer][assetId], consumer, signer,
                assetId, owed, paid
            );
            if (reason != bytes4(0)) return reason;
        }
        if (paid == 0) return VoucherChecks.reject(run.strict, LaneEmpty.selector, 3, consumer.word(), assetId, owed, 0, 0);
        unchecked { // cannot overflow: paid <= balance, and balance + redeemed < 2**128 (see _allocate)
            lane.write(balance - paid, redeemedSoFar + paid);
            run.paid += paid;
        }
        emit VoucherRedeemed(consumer, assetId, signer, cumulativeAmount, paid);
        if (paid != owed) {
            unchecked { // cannot overflow: paid <= owed
                emit LaneShortfall(consumer, assetId, owed - paid);
            }
        }
    }

    /// @dev Splits the asset's pending revenue once and pays StakingPool its part; returns the amount.
    function _settle(uint256 assetId) private returns (uint256 amount) {
        Revenue storage revenue = _revenue[assetId];
        Revenue memory current = revenue;
        amount = current.recorded - current.settled;
        if (amount == 0) return 0;
        revenue.settled = current.recorded;
        uint256 fee = amount.mulBpsUp(protocolFeeBps);
        uint256 accrued = protocolFeesAccrued + fee;
        if (accrued > MAX_AMOUNT) AmountTooLarge.selector.fail(2, accrued, MAX_AMOUNT, 0, 0, 0);
        protocolFeesAccrued = uint128(accrued);
        uint256 royalties = _lineage[assetId].accrueRoyalties(royaltiesOf, REGISTRY, assetId, amount);
        // fee <= ceil(10 % of amount) and royalties <= 30 % of amount, so this never underflows
        uint256 toStaking = amount - fee - royalties;
        emit RevenueSettled(assetId, amount, fee, royalties, toStaking);
        // StakingPool pulls its part (approved in the constructor) and never calls back.
        if (toStaking != 0) STAKING.depositFees(assetId, toStaking);
    }
}
