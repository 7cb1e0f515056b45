// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";

/// @title SessionKeyRules
/// @notice The time rules of session keys: what narrows a key (a lower cap, an earlier expiry, a
/// revocation, a scope) takes effect only at `delayEnd` (now + the withdrawal delay), so vouchers the
/// key signed before stay payable until then; what widens it takes effect at once.
library SessionKeyRules {
    /// @notice The cap in force now: a lowered cap once its time has come, else the authorised one.
    function capInForce(IUsagePayments.SessionKey memory key) internal view returns (uint256) {
        return key.pendingCapAt != 0 && block.timestamp >= key.pendingCapAt ? key.pendingCap : key.spendCap;
    }

    /// @notice Applies `consumer`'s authorisation of `key` with (`spendCap`, `expiry`, scoped or not) to
    /// `sessionKey` and emits what changed: `SessionKeyCapLowered` when a lower cap is scheduled for
    /// `delayEnd`, `SessionKeyScopeChanged(consumer, key, 0, scopedAt)` when an unscoped key becomes
    /// scoped, and `SessionKeyAuthorized` with the cap and expiry in force.
    function authorize(
        IUsagePayments.SessionKey storage sessionKey,
        address consumer,
        address key,
        uint256 spendCap,
        uint64 expiry,
        bool scoped,
        uint64 delayEnd
    ) internal {
        IUsagePayments.SessionKey memory current = sessionKey;
        bool known = current.spendCap != 0;
        uint256 cap = capInForce(current);
        if (!known || spendCap >= cap) {
            sessionKey.spendCap = uint104(spendCap);
            sessionKey.pendingCap = 0;
            sessionKey.pendingCapAt = 0;
            cap = spendCap;
        } else {
            // vouchers the key signed under the old cap stay payable until delayEnd
            sessionKey.spendCap = uint104(cap);
            sessionKey.pendingCap = uint104(spendCap);
            sessionKey.pendingCapAt = uint48(delayEnd);
            emit IUsagePayments.SessionKeyCapLowered(consumer, key, spendCap, delayEnd);
        }
        if (known && expiry < current.expiry) {
            // an earlier expiry is a partial revocation: never before min(old expiry, delayEnd)
            uint64 floor = current.expiry < delayEnd ? current.expiry : delayEnd;
            if (expiry < floor) expiry = floor;
        }
        sessionKey.expiry = uint48(expiry);
        if (!scoped) {
            sessionKey.scopedAt = 0;
        } else if (current.scopedAt == 0) {
            // a new key is scoped at once; scoping a key that could pay everything narrows it
            uint48 scopedAt = uint48(known ? delayEnd : block.timestamp);
            sessionKey.scopedAt = scopedAt;
            emit IUsagePayments.SessionKeyScopeChanged(consumer, key, 0, scopedAt);
        }
        emit IUsagePayments.SessionKeyAuthorized(consumer, key, cap, expiry, scoped);
    }

    /// @notice Revokes `sessionKey`: its expiry becomes min(expiry, delayEnd).
    function revoke(IUsagePayments.SessionKey storage sessionKey, uint64 delayEnd) internal returns (uint64 effectiveAt) {
        uint64 expiry = sessionKey.expiry;
        effectiveAt = expiry < delayEnd ? expiry : delayEnd;
        sessionKey.expiry = uint48(effectiveAt);
    }

    /// @notice Adds an asset to a key's scope (at once) or removes it (from `removeAt`).
    function setScope(IUsagePayments.KeyAsset storage record, bool allowed, uint64 removeAt)
        internal
        returns (uint64 allowedUntil)
    {
        allowedUntil = type(uint64).max;
        if (!allowed) {
            allowedUntil = record.allowedUntil;
            if (allowedUntil > removeAt) allowedUntil = removeAt;
        }
        record.allowedUntil = allowedUntil;
    }

    /// @notice Whether a key with scope enforcement from `scopedAt` may not pay an asset it may pay
    /// until `allowedUntil`, now.
    function outOfScope(uint256 scopedAt, uint256 allowedUntil) internal view returns (bool) {
        return scopedAt != 0 && block.timestamp >= scopedAt && block.timestamp > allowedUntil;
    }

    /// @notice Until when a key may pay an asset as far as scope goes (type(uint64).max: no limit).
    function scopeUntil(uint256 scopedAt, uint64 allowedUntil) internal pure returns (uint64) {
        if (scopedAt == 0) return type(uint64).max;
        // before the scope is enforced the key may pay every asset
        uint64 unscopedUntil = uint64(scopedAt) - 1;
        return allowedUntil > unscopedUntil ? allowedUntil : unscopedUntil;
    }

    /// @notice `total + amount`, at most type(uint104).max (a key's informational total over all assets).
    function saturatingAdd(uint256 total, uint256 amount) internal pure returns (uint256) {
        uint256 sum = total + amount;
        return sum < type(uint104).max ? sum : type(uint104).max;
    }

    /// @notice Adds (`allowed`, at once) or removes (from `removeAt`) each of `assetIds` from the scope of
    /// the caller's `key` (`records` are its per-asset records) and emits `SessionKeyScopeChanged`.
    function setScopes(
        mapping(uint256 assetId => IUsagePayments.KeyAsset record) storage records,
        address key,
        uint256[] calldata assetIds,
        bool allowed,
        uint64 removeAt
    ) internal {
        uint256 count = assetIds.length;
        for (uint256 i; i < count; ++i) {
            // bounded by the caller's calldata
            uint256 assetId = assetIds[i];
            uint64 allowedUntil = setScope(records[assetId], allowed, removeAt);
            emit IUsagePayments.SessionKeyScopeChanged(msg.sender, key, assetId, allowedUntil);
        }
    }
}
