// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDisputes} from "../interfaces/IDisputes.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IPayouts} from "../interfaces/IPayouts.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IUsagePayments} from "../interfaces/IUsagePayments.sol";

/// @title Payouts
/// @notice Claims everything an account is owed across the marketplace in one transaction.
/// @dev Holds nothing and changes no state of its own: each step is a claim function of a protocol
/// contract that pays the rightful payee whoever calls it, checked first through a view so that a
/// source with nothing owed is skipped instead of reverting.
contract Payouts is IPayouts {
    /// @inheritdoc IPayouts
    uint256 public constant MAX_ASSETS = 64;

    /// @inheritdoc IPayouts
    IUsagePayments public immutable PAYMENTS;
    /// @inheritdoc IPayouts
    IStakingPool public immutable STAKING;
    /// @inheritdoc IPayouts
    IDisputes public immutable DISPUTES;
    IModelRegistry private immutable _REGISTRY;
    IERC20 private immutable _TOKEN;

    constructor(IUsagePayments payments, IStakingPool staking, IDisputes disputes) {
        if (address(payments) == address(0) || address(staking) == address(0) || address(disputes) == address(0)) {
            revert ZeroAddress();
        }
        PAYMENTS = payments;
        STAKING = staking;
        DISPUTES = disputes;
        _REGISTRY = payments.REGISTRY();
        _TOKEN = payments.TOKEN();
        emit PayoutLimitsSet(MAX_ASSETS);
    }

    /// @inheritdoc IPayouts
    function claimAll(address account, uint256[] calldata assetIds) external returns (uint256 total) {
        if (account == address(0)) revert ZeroAddress();
        uint256 count = assetIds.length;
        if (count > MAX_ASSETS) revert TooManyAssets(count, MAX_ASSETS);
        uint256 balanceBefore = _TOKEN.balanceOf(account);
        if (count != 0) PAYMENTS.settleMany(assetIds);
        for (uint256 i; i < count; ++i) {
            // bounded: count <= MAX_ASSETS
            uint256 assetId = assetIds[i];
            (uint256 royalties, uint256 rewards) = _owedOn(account, assetId);
            if (royalties != 0) PAYMENTS.claimRoyalties(assetId);
            if (rewards != 0) STAKING.claimRewardsFor(assetId, account);
        }
        if (DISPUTES.claimable(account) != 0) DISPUTES.claimFor(account);
        if (account == PAYMENTS.treasury() && PAYMENTS.protocolFeesAccrued() != 0) PAYMENTS.claimProtocolFees();
        total = _TOKEN.balanceOf(account) - balanceBefore;
        emit PayoutsClaimed(account, msg.sender, total);
    }

    /// @inheritdoc IPayouts
    function owedTo(address account, uint256[] calldata assetIds) external view returns (uint256 total) {
        uint256 count = assetIds.length;
        if (count > MAX_ASSETS) revert TooManyAssets(count, MAX_ASSETS);
        for (uint256 i; i < count; ++i) {
            // bounded: count <= MAX_ASSETS
            (uint256 royalties, uint256 rewards) = _owedOn(account, assetIds[i]);
            total += royalties + rewards;
        }
        total += DISPUTES.claimable(account);
        if (account == PAYMENTS.treasury()) total += PAYMENTS.protocolFeesAccrued();
    }

    /// @dev Royalties (if `account` owns the asset) and staking rewards (delegator part, plus the owner
    /// part if it owns the asset) `account` can claim on `assetId` now.
    function _owedOn(address account, uint256 assetId) private view returns (uint256 royalties, uint256 rewards) {
        (address owner,) = _REGISTRY.ownerAndStatus(assetId);
        rewards = STAKING.pendingRewards(assetId, account);
        if (owner == account && owner != address(0)) {
            royalties = PAYMENTS.royaltiesOf(assetId);
            rewards += STAKING.getPool(assetId).ownerRewards;
        }
    }
}
