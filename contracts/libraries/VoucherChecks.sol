// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IUsagePayments} from "../../interfaces/IUsagePayments.sol";
import {ErrorWords} from "./ErrorWords.sol";
import {SessionKeyRules} from "./SessionKeyRules.sol";

/// @title VoucherChecks
/// @notice Who signed a voucher and what a session key may still pay, for UsagePayments' redeem path.
/// Each check returns the selector of the error that rejects the voucher (0 when accepted); in a strict
/// run (`redeem`) it reverts with that error and its values instead (`reject`).
library VoucherChecks {
    using ErrorWords for address;
    using ErrorWords for bytes4;
    using SessionKeyRules for IUsagePayments.SessionKey;

    /// @notice In a strict run reverts with error `selector` and its first `argCount` arguments (ABI
    /// words), else returns `selector`. One encoder for every rejection keeps UsagePayments under the
    /// size limit and costs a batch nothing.
    function reject(
        bool strict,
        bytes4 selector,
        uint256 argCount,
        uint256 arg0,
        uint256 arg1,
        uint256 arg2,
        uint256 arg3,
        uint256 arg4
    ) internal pure returns (bytes4) {
        if (strict) selector.fail(argCount, arg0, arg1, arg2, arg3, arg4);
        return selector;
    }

    /// @notice Who signed `voucher`: the consumer (ecrecover, or ERC-1271 for a contract consumer) or
    /// one of its authorised session keys (`sessionKeys`). Returns a rejection selector when neither.
    function signerOf(
        IUsagePayments.Voucher calldata voucher,
        bytes calldata signature,
        bytes32 domainSeparator,
        bytes32 typeHash,
        mapping(address consumer => mapping(address key => IUsagePayments.SessionKey sessionKey)) storage sessionKeys
    ) internal view returns (bytes4 reason, address signer) {
        address consumer = voucher.consumer;
        bytes32 digest = MessageHashUtils.toTypedDataHash(domainSeparator, ErrorWords.hashVoucher(voucher, typeHash));
        ECDSA.RecoverError recoverError;
        (signer, recoverError,) = ECDSA.tryRecoverCalldata(digest, signature);
        bool recovered = recoverError == ECDSA.RecoverError.NoError;
        if (recovered && signer == consumer) return (0, consumer);
        if (recovered && sessionKeys[consumer][signer].spendCap != 0) return (0, signer);
        if (consumer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNow(consumer, digest, signature)) {
            return (0, consumer);
        }
        return (recovered ? IUsagePayments.InvalidSigner.selector : IUsagePayments.InvalidSignature.selector, signer);
    }

    /// @notice Checks session key `key`'s expiry, scope (`record`) and cap for a voucher owing `owed`,
    /// and books `paid`. The cap bounds what the key makes the consumer pay each asset (`keySpentOn`),
    /// so what the key pays other assets never lowers what it may still pay this one.
    function chargeKey(
        bool strict,
        IUsagePayments.SessionKey storage sessionKey,
        IUsagePayments.KeyAsset storage record,
        address consumer,
        address key,
        uint256 assetId,
        uint256 owed,
        uint256 paid
    ) internal returns (bytes4) {
        IUsagePayments.SessionKey memory current = sessionKey;
        if (block.timestamp > current.expiry) {
            return reject(
                strict, IUsagePayments.ExpiredSessionKey.selector, 3, consumer.word(), key.word(), current.expiry, 0, 0
            );
        }
        if (SessionKeyRules.outOfScope(current.scopedAt, record.allowedUntil)) {
            return reject(strict, IUsagePayments.SessionKeyOutOfScope.selector, 3, consumer.word(), key.word(), assetId, 0, 0);
        }
        uint256 cap = current.capInForce();
        uint256 spentOn = record.spent;
        // the key must cover what the voucher asks for, not just what the lane can pay now
        if (spentOn >= cap || owed > cap - spentOn) {
            return reject(
                strict, IUsagePayments.SessionKeyCapExceeded.selector, 5, consumer.word(), key.word(), cap, spentOn, owed
            );
        }
        if (paid != 0) {
            unchecked { // cannot overflow: spentOn + paid <= spentOn + owed <= cap < 2**104
                record.spent = uint192(spentOn + paid);
            }
            // the key's total over all assets is informational; it saturates instead of reverting
            sessionKey.spent = uint104(SessionKeyRules.saturatingAdd(current.spent, paid));
        }
        return 0;
    }
}
