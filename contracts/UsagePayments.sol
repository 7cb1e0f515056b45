// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";
import {BpsMath} from "./libraries/BpsMath.sol";

/// @title UsagePayments
/// @notice Consumer escrow, cumulative EIP-712 vouchers (single and batched redemption), agent
/// session keys, on-chain pay-per-call, and the fee split of every payment.
/// @dev Hot path per voucher: signature recovery, one `redeemed` write, one escrow write (plus the
/// session key's `spent` when a session key signed). The fee split and the StakingPool credit happen
/// once per run of consecutive same-asset vouchers. Per payment: one cached-lineage read (no registry
/// call), one write of the slot holding fee rate, protocol fees and `stakingFeesOwed`, and one
/// `StakingPool.creditFees` call that moves no tokens (deferred funding, see IUsagePayments).
contract UsagePayments is IUsagePayments, EIP712, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using BpsMath for uint256;

    /// @inheritdoc IUsagePayments
    uint256 public constant BPS = BpsMath.BPS;
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
    /// @dev Same as `StakingPool.MAX_UNFUNDED_FEES`: `stakingFeesOwed` always equals the pool's counter.
    uint256 private constant MAX_STAKING_FEES_OWED = type(uint96).max;
    /// @dev Flag on a StakingPool amount that must be paid in tokens because crediting it would overflow.
    uint256 private constant PAY_IN_TOKENS = 1 << 255;
    uint64 private constant INITIAL_WITHDRAW_DELAY = 1 days;

    /// @inheritdoc IUsagePayments
    IERC20 public immutable TOKEN;
    /// @inheritdoc IUsagePayments
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IUsagePayments
    IStakingPool public immutable STAKING;

    // One slot: the fee rate read by every payment and the two accruals it updates (one cold SLOAD,
    // one SSTORE). Non-zero while the fee is, so crediting after a sweep is no 0 -> non-zero write.
    /// @inheritdoc IUsagePayments
    uint128 public protocolFeesAccrued;
    uint96 private _stakingFeesOwed;
    /// @inheritdoc IUsagePayments
    uint16 public protocolFeeBps;
    /// @inheritdoc IUsagePayments
    address public treasury;
    /// @inheritdoc IUsagePayments
    uint64 public withdrawDelay;

    mapping(address consumer => Escrow escrow) private _escrows;
    /// @inheritdoc IUsagePayments
    mapping(address consumer => mapping(uint256 assetId => uint256 amount)) public redeemed;
    /// @inheritdoc IUsagePayments
    mapping(address consumer => mapping(uint256 assetId => uint256 amount)) public paidPerCall;
    mapping(address consumer => mapping(address key => SessionKey sessionKey)) private _sessionKeys;
    /// @inheritdoc IUsagePayments
    mapping(uint256 assetId => uint256 amount) public royaltiesOf;
    /// @dev Cached registry lineage, 64-bit entries four to a word: entry 0 = parent count + 1 (0: not
    /// cached yet), entry k = parentId << 16 | royaltyBps. Lineage never changes after listing.
    mapping(uint256 assetId => mapping(uint256 index => uint256 word)) private _lineage;

    constructor(IERC20 token, IModelRegistry registry_, IStakingPool staking, address treasury_, address admin)
        EIP712("UsagePayments", "1")
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
        withdrawDelay = INITIAL_WITHDRAW_DELAY;
        emit TreasuryUpdated(address(0), treasury_);
        emit ProtocolFeeUpdated(0, INITIAL_PROTOCOL_FEE_BPS);
        emit WithdrawDelayUpdated(0, INITIAL_WITHDRAW_DELAY);
        // One unlimited approval: StakingPool pulls swept credits (`fundFees`) and oversized payments.
        token.forceApprove(address(staking), type(uint256).max);
    }

    // ------------------------------------------------------------------ escrow

    /// @inheritdoc IUsagePayments
    function deposit(uint256 amount) external nonReentrant {
        _deposit(msg.sender, amount);
    }

    /// @inheritdoc IUsagePayments
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        // A front-runner may have used the permit already; the allowance it set is what counts.
        try IERC20Permit(address(TOKEN)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _deposit(msg.sender, amount);
    }

    /// @inheritdoc IUsagePayments
    function depositFor(address consumer, uint256 amount) external nonReentrant {
        _deposit(consumer, amount);
    }

    /// @inheritdoc IUsagePayments
    function requestWithdraw(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Escrow storage escrow = _escrows[msg.sender];
        uint256 balance = escrow.balance;
        if (amount > balance) revert InsufficientEscrow(msg.sender, balance, amount);
        uint64 readyAt = uint64(block.timestamp) + withdrawDelay;
        escrow.withdrawAmount = uint128(amount);
        escrow.withdrawReadyAt = readyAt;
        emit WithdrawRequested(msg.sender, amount, readyAt);
    }

    /// @inheritdoc IUsagePayments
    function cancelWithdraw() external {
        Escrow storage escrow = _escrows[msg.sender];
        uint256 requested = escrow.withdrawAmount;
        if (requested == 0) revert NoWithdrawRequest(msg.sender);
        escrow.withdrawAmount = 0;
        escrow.withdrawReadyAt = 0;
        emit WithdrawCancelled(msg.sender, requested);
    }

    /// @inheritdoc IUsagePayments
    function withdraw() external nonReentrant returns (uint256 amount) {
        Escrow storage escrow = _escrows[msg.sender];
        uint256 requested = escrow.withdrawAmount;
        if (requested == 0) revert NoWithdrawRequest(msg.sender);
        uint64 readyAt = escrow.withdrawReadyAt;
        if (block.timestamp < readyAt) revert WithdrawNotReady(msg.sender, readyAt, block.timestamp);
        uint256 balance = escrow.balance;
        // Vouchers redeemed during the delay may have taken part of the requested amount.
        amount = requested < balance ? requested : balance;
        unchecked { // cannot overflow: amount <= balance
            escrow.balance = uint128(balance - amount);
        }
        escrow.withdrawAmount = 0;
        escrow.withdrawReadyAt = 0;
        emit Withdrawn(msg.sender, amount);
        if (amount != 0) TOKEN.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ session keys

    /// @inheritdoc IUsagePayments
    function authorizeSessionKey(address key, uint256 spendCap, uint64 expiry) external {
        if (key == address(0)) revert ZeroAddress();
        if (key == msg.sender) revert SessionKeyIsConsumer(key);
        if (spendCap == 0) revert ZeroAmount();
        if (spendCap > type(uint104).max) revert AmountTooLarge(spendCap, type(uint104).max);
        if (expiry <= block.timestamp || expiry > type(uint48).max) revert InvalidExpiry(expiry, block.timestamp);
        SessionKey storage sessionKey = _sessionKeys[msg.sender][key];
        sessionKey.spendCap = uint104(spendCap);
        sessionKey.expiry = uint48(expiry);
        emit SessionKeyAuthorized(msg.sender, key, spendCap, uint48(expiry));
    }

    /// @inheritdoc IUsagePayments
    function revokeSessionKey(address key) external {
        SessionKey storage sessionKey = _sessionKeys[msg.sender][key];
        if (sessionKey.spendCap == 0) revert UnknownSessionKey(msg.sender, key);
        sessionKey.expiry = 0;
        emit SessionKeyRevoked(msg.sender, key);
    }

    // ------------------------------------------------------------------ payments

    /// @inheritdoc IUsagePayments
    function redeem(Voucher calldata voucher, bytes calldata signature) external nonReentrant returns (uint256 paid) {
        bytes4 reason;
        (reason, paid) = _settle(voucher, signature, _domainSeparatorV4());
        if (reason != bytes4(0)) _revertRejected(reason, voucher, signature);
        if (paid != 0) _pay(voucher.assetId, paid);
    }

    /// @inheritdoc IUsagePayments
    function redeemBatch(Voucher[] calldata vouchers, bytes[] calldata signatures)
        external
        nonReentrant
        returns (uint256 totalPaid)
    {
        uint256 count = vouchers.length;
        if (count != signatures.length) revert LengthMismatch(count, signatures.length);
        bytes32 domainSeparator = _domainSeparatorV4();
        // Runs of consecutive same-asset payments: split and credit StakingPool once per run.
        uint256[] memory runAssets = new uint256[](count);
        uint256[] memory runAmounts = new uint256[](count);
        uint256 runs;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            Voucher calldata voucher = vouchers[i];
            (bytes4 reason, uint256 paid) = _settle(voucher, signatures[i], domainSeparator);
            if (reason != bytes4(0)) {
                emit VoucherRejected(i, voucher.consumer, voucher.assetId, reason);
                continue;
            }
            if (paid == 0) continue;
            uint256 assetId = voucher.assetId;
            unchecked { // cannot overflow: every paid amount left an escrow balance, all < the token supply
                totalPaid += paid;
                if (runs != 0 && runAssets[runs - 1] == assetId) {
                    runAmounts[runs - 1] += paid;
                } else {
                    runAssets[runs] = assetId;
                    runAmounts[runs] = paid;
                    ++runs;
                }
            }
        }
        if (runs == 0) return 0;

        uint256 feeBps = protocolFeeBps;
        for (uint256 r; r < runs; ++r) {
            // bounded: runs <= vouchers.length
            (uint256 fee, uint256 toStaking) = _split(runAssets[r], runAmounts[r], feeBps);
            runAmounts[r] = _book(fee, toStaking);
        }
        for (uint256 r; r < runs; ++r) {
            // bounded: runs <= vouchers.length
            _payStaking(runAssets[r], runAmounts[r]);
        }
    }

    /// @inheritdoc IUsagePayments
    function payPerCall(uint256 assetId, uint256 calls, uint256 maxPricePerCall)
        external
        nonReentrant
        returns (uint256 amount)
    {
        IModelRegistry.Asset memory asset = REGISTRY.getAsset(assetId);
        if (asset.status != IModelRegistry.AssetStatus.Active) revert AssetNotActive(assetId);
        // Slippage guard: the owner cannot raise the price in front of the consumer's call.
        if (asset.pricePerCall > maxPricePerCall) revert PriceAboveLimit(assetId, asset.pricePerCall, maxPricePerCall);
        if (!STAKING.isServing(assetId)) revert AssetNotServing(assetId);
        amount = calls * asset.pricePerCall;
        if (amount == 0) revert ZeroAmount();
        Escrow storage escrow = _escrows[msg.sender];
        uint256 balance = escrow.balance;
        if (amount > balance) revert InsufficientEscrow(msg.sender, balance, amount);
        unchecked { // cannot overflow: amount <= balance checked above
            escrow.balance = uint128(balance - amount);
        }
        paidPerCall[msg.sender][assetId] += amount;
        emit CallsPaid(msg.sender, assetId, calls, amount);
        _pay(assetId, amount);
    }

    /// @inheritdoc IUsagePayments
    function claimRoyalties(uint256 assetId) external nonReentrant returns (uint256 amount) {
        address assetOwner = IERC721(address(REGISTRY)).ownerOf(assetId);
        if (msg.sender != assetOwner) revert NotAssetOwner(assetId, msg.sender, assetOwner);
        amount = royaltiesOf[assetId];
        if (amount == 0) revert NothingToClaim();
        royaltiesOf[assetId] = 0;
        emit RoyaltiesClaimed(assetId, assetOwner, amount);
        TOKEN.safeTransfer(assetOwner, amount);
    }

    /// @inheritdoc IUsagePayments
    function claimProtocolFees() external nonReentrant returns (uint256 amount) {
        amount = protocolFeesAccrued;
        if (amount == 0) revert NothingToClaim();
        protocolFeesAccrued = 0;
        address recipient = treasury;
        emit ProtocolFeesClaimed(recipient, amount);
        TOKEN.safeTransfer(recipient, amount);
    }

    /// @inheritdoc IUsagePayments
    function sweepStakingFees() external nonReentrant returns (uint256 amount) {
        amount = _stakingFeesOwed;
        if (amount == 0) revert NothingToClaim();
        _stakingFeesOwed = 0;
        emit StakingFeesSwept(amount);
        // StakingPool pulls it (approved in the constructor), checks the delta and lowers its counter.
        STAKING.fundFees(amount);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IUsagePayments
    function setProtocolFeeBps(uint16 newFeeBps) external onlyOwner {
        if (newFeeBps > MAX_PROTOCOL_FEE_BPS) revert ParameterOutOfBounds(newFeeBps, 0, MAX_PROTOCOL_FEE_BPS);
        emit ProtocolFeeUpdated(protocolFeeBps, newFeeBps);
        protocolFeeBps = newFeeBps;
    }

    /// @inheritdoc IUsagePayments
    function setTreasury(address newTreasury) external onlyOwner {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryUpdated(treasury, newTreasury);
        treasury = newTreasury;
    }

    /// @inheritdoc IUsagePayments
    function setWithdrawDelay(uint64 newDelay) external onlyOwner {
        if (newDelay < MIN_WITHDRAW_DELAY || newDelay > MAX_WITHDRAW_DELAY) {
            revert ParameterOutOfBounds(newDelay, MIN_WITHDRAW_DELAY, MAX_WITHDRAW_DELAY);
        }
        emit WithdrawDelayUpdated(withdrawDelay, newDelay);
        withdrawDelay = newDelay;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IUsagePayments
    function registry() external view returns (IModelRegistry) {
        return REGISTRY;
    }

    /// @inheritdoc IUsagePayments
    function stakingFeesOwed() external view returns (uint256) {
        return _stakingFeesOwed;
    }

    /// @inheritdoc IUsagePayments
    function spentBy(address consumer, uint256 assetId) external view returns (uint256) {
        return redeemed[consumer][assetId] + paidPerCall[consumer][assetId];
    }

    /// @inheritdoc IUsagePayments
    function escrowOf(address consumer) external view returns (Escrow memory) {
        return _escrows[consumer];
    }

    /// @inheritdoc IUsagePayments
    function sessionKeyOf(address consumer, address key) external view returns (SessionKey memory) {
        return _sessionKeys[consumer][key];
    }

    /// @inheritdoc IUsagePayments
    function isSessionKeyActive(address consumer, address key) external view returns (bool) {
        SessionKey memory sessionKey = _sessionKeys[consumer][key];
        // expiry is 0 for unknown and revoked keys, so this one comparison covers all three
        return block.timestamp <= sessionKey.expiry;
    }

    /// @inheritdoc IUsagePayments
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), _hashVoucher(voucher));
    }

    // ------------------------------------------------------------------ private

    /// @dev Pulls `amount` from the caller into `consumer`'s escrow; rejects fee-on-transfer tokens.
    function _deposit(address consumer, uint256 amount) private {
        if (consumer == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        Escrow storage escrow = _escrows[consumer];
        uint256 newBalance = escrow.balance + amount;
        if (newBalance > type(uint128).max) revert AmountTooLarge(newBalance, type(uint128).max);
        escrow.balance = uint128(newBalance);
        emit Deposited(consumer, msg.sender, amount);
        uint256 balanceBefore = TOKEN.balanceOf(address(this));
        TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = TOKEN.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert FeeOnTransferUnsupported(amount, received);
    }

    /// @dev Checks one voucher and, if it is good, applies it: advances `redeemed` and the session
    /// key's `spent` by what is paid and takes it from escrow. Returns the selector of the error that
    /// rejects it (0 when accepted) and the amount paid (≤ owed; less when escrow is short).
    function _settle(Voucher calldata voucher, bytes calldata signature, bytes32 domainSeparator)
        private
        returns (bytes4 reason, uint256 paid)
    {
        if (block.timestamp > voucher.deadline) return (VoucherExpired.selector, 0);
        address consumer = voucher.consumer;
        uint256 assetId = voucher.assetId;
        uint256 cumulativeAmount = voucher.cumulativeAmount;
        uint256 alreadyRedeemed = redeemed[consumer][assetId];
        if (cumulativeAmount <= alreadyRedeemed) return (VoucherStale.selector, 0);

        bytes32 digest = MessageHashUtils.toTypedDataHash(domainSeparator, _hashVoucher(voucher));
        (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (recoverError != ECDSA.RecoverError.NoError) return (InvalidSignature.selector, 0);

        uint256 owed;
        unchecked { // cannot overflow: cumulativeAmount > alreadyRedeemed checked above
            owed = cumulativeAmount - alreadyRedeemed;
        }
        Escrow storage escrow = _escrows[consumer];
        uint256 balance = escrow.balance;
        paid = owed < balance ? owed : balance;

        if (signer != consumer) {
            SessionKey storage sessionKey = _sessionKeys[consumer][signer];
            SessionKey memory key = sessionKey;
            if (key.spendCap == 0) return (InvalidSigner.selector, 0);
            if (key.expiry == 0) return (RevokedSessionKey.selector, 0);
            if (block.timestamp > key.expiry) return (ExpiredSessionKey.selector, 0);
            // the key must cover what the voucher asks for, not just what escrow can pay now
            if (key.spent >= key.spendCap || owed > key.spendCap - key.spent) {
                return (SessionKeyCapExceeded.selector, 0);
            }
            unchecked { // cannot overflow: spent + paid <= spent + owed <= spendCap < 2**104
                if (paid != 0) sessionKey.spent = key.spent + uint104(paid);
            }
        }

        if (paid != 0) {
            unchecked { // cannot overflow: paid <= balance, and redeemed only grows by paid escrow tokens
                redeemed[consumer][assetId] = alreadyRedeemed + paid;
                escrow.balance = uint128(balance - paid);
            }
        }
        emit VoucherRedeemed(consumer, assetId, signer, cumulativeAmount, paid);
        if (paid != owed) {
            unchecked { // cannot overflow: paid <= owed
                emit EscrowShortfall(consumer, assetId, owed - paid);
            }
        }
    }

    /// @dev Splits one payment and books it: fee and StakingPool part in one slot write, then the pool.
    function _pay(uint256 assetId, uint256 amount) private {
        (uint256 fee, uint256 toStaking) = _split(assetId, amount, protocolFeeBps);
        _payStaking(assetId, _book(fee, toStaking));
    }

    /// @dev Credits the lineage royalties of a payment of `amount` for `assetId`; returns the protocol
    /// fee and the rest for StakingPool (neither booked yet, see `_book`).
    /// fee (rounded up) + royalties (each rounded down) + toStaking == amount exactly.
    function _split(uint256 assetId, uint256 amount, uint256 feeBps) private returns (uint256 fee, uint256 toStaking) {
        fee = amount.mulBpsUp(feeBps);
        mapping(uint256 index => uint256 word) storage lineage = _lineage[assetId];
        uint256 word = lineage[0];
        if (word == 0) word = _cacheLineage(assetId, lineage);
        uint256 royalties;
        uint256 parentCount = uint64(word) - 1;
        for (uint256 k = 1; k <= parentCount; ++k) {
            // bounded: the registry caps parents at MAX_PARENTS
            if (k & 3 == 0) word = lineage[k >> 2];
            uint256 entry = uint64(word >> ((k & 3) << 6));
            uint256 royalty = amount.mulBpsDown(uint16(entry));
            if (royalty != 0) {
                uint256 parentId = entry >> 16;
                royaltiesOf[parentId] += royalty;
                royalties += royalty;
                emit RoyaltyAccrued(parentId, assetId, royalty);
            }
        }
        // fee <= ceil(10 % of amount) and royalties <= 30 % of amount, so this never underflows
        toStaking = amount - fee - royalties;
        emit PaymentSplit(assetId, amount, fee, royalties, toStaking);
    }

    /// @dev Reads the lineage from the registry (which reverts for an unknown asset) and caches it in
    /// `_lineage`'s packed format; returns word 0.
    function _cacheLineage(uint256 assetId, mapping(uint256 index => uint256 word) storage lineage)
        private
        returns (uint256 head)
    {
        IModelRegistry.Parent[] memory parents = REGISTRY.getParents(assetId);
        uint256 count = parents.length;
        uint256 word = count + 1;
        for (uint256 k = 1; k <= count; ++k) {
            // bounded: the registry caps parents at MAX_PARENTS
            IModelRegistry.Parent memory parent = parents[k - 1];
            if (parent.assetId > type(uint48).max) revert ParentIdTooLarge(assetId, parent.assetId);
            if (k & 3 == 0) {
                if (k == 4) head = word;
                lineage[(k >> 2) - 1] = word;
                word = 0;
            }
            word |= (parent.assetId << 16 | parent.royaltyBps) << ((k & 3) << 6);
        }
        if (count < 4) head = word;
        lineage[count >> 2] = word;
    }

    /// @dev Books a payment's protocol fee and, when the pool's counter has room, its StakingPool part as
    /// owed; returns that part for `_payStaking`, flagged `PAY_IN_TOKENS` when it had no room.
    function _book(uint256 fee, uint256 toStaking) private returns (uint256 instruction) {
        uint256 accrued = protocolFeesAccrued + fee;
        if (accrued > type(uint128).max) revert AmountTooLarge(accrued, type(uint128).max);
        protocolFeesAccrued = uint128(accrued);
        uint256 owed = _stakingFeesOwed + toStaking;
        if (owed > MAX_STAKING_FEES_OWED) return toStaking | PAY_IN_TOKENS;
        _stakingFeesOwed = uint96(owed);
        return toStaking;
    }

    /// @dev Credits StakingPool (no tokens move; owed here until swept) or, for an amount flagged by
    /// `_book`, pays it in tokens through `depositFees`.
    function _payStaking(uint256 assetId, uint256 instruction) private {
        if (instruction == 0) return;
        if (instruction & PAY_IN_TOKENS == 0) STAKING.creditFees(assetId, instruction);
        else STAKING.depositFees(assetId, instruction ^ PAY_IN_TOKENS);
    }

    /// @dev Reverts with the full error `redeem` reports for a rejected voucher (`reason` from `_settle`).
    function _revertRejected(bytes4 reason, Voucher calldata voucher, bytes calldata signature) private view {
        address consumer = voucher.consumer;
        uint256 assetId = voucher.assetId;
        if (reason == VoucherExpired.selector) revert VoucherExpired(consumer, assetId, voucher.deadline);
        uint256 alreadyRedeemed = redeemed[consumer][assetId];
        if (reason == VoucherStale.selector) {
            revert VoucherStale(consumer, assetId, voucher.cumulativeAmount, alreadyRedeemed);
        }
        if (reason == InvalidSignature.selector) revert InvalidSignature(consumer, assetId);
        bytes32 digest = MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), _hashVoucher(voucher));
        address signer = ECDSA.recoverCalldata(digest, signature);
        if (reason == InvalidSigner.selector) revert InvalidSigner(consumer, signer);
        SessionKey memory key = _sessionKeys[consumer][signer];
        if (reason == RevokedSessionKey.selector) revert RevokedSessionKey(consumer, signer);
        if (reason == ExpiredSessionKey.selector) revert ExpiredSessionKey(consumer, signer, key.expiry);
        revert SessionKeyCapExceeded(consumer, signer, key.spendCap, key.spent, voucher.cumulativeAmount - alreadyRedeemed);
    }

    /// @dev EIP-712 hashStruct of a calldata voucher (the struct's four words follow the type hash).
    function _hashVoucher(Voucher calldata voucher) private pure returns (bytes32 structHash) {
        bytes32 typeHash = VOUCHER_TYPEHASH;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), voucher, 0x80)
            structHash := keccak256(ptr, 0xa0)
        }
    }
}
