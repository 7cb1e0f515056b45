// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockSmartAccount
/// @notice Test-only minimal smart account (a one-owner Safe / ERC-4337 account stand-in): it holds
/// tokens, acts through `execute` (only its owner), and accepts a signature through ERC-1271 when its
/// current owner signed the digest. The owner can be rotated, after which old signatures stop working.
contract MockSmartAccount is IERC1271 {
    /// @notice The EOA whose signatures the account accepts.
    address public signerOwner;

    /// @notice The caller is not the account's owner.
    error NotAccountOwner(address caller, address owner);

    /// @notice The account's owner changed.
    event AccountOwnerChanged(address oldOwner, address newOwner);

    constructor(address owner_) {
        signerOwner = owner_;
        emit AccountOwnerChanged(address(0), owner_);
    }

    /// @notice Calls `target` with `data` as the account (owner only); bubbles up a revert.
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        if (msg.sender != signerOwner) revert NotAccountOwner(msg.sender, signerOwner);
        return Address.functionCall(target, data);
    }

    /// @notice Makes `newOwner` the signer (owner only): signatures by the old owner stop validating.
    function setOwner(address newOwner) external {
        if (msg.sender != signerOwner) revert NotAccountOwner(msg.sender, signerOwner);
        emit AccountOwnerChanged(signerOwner, newOwner);
        signerOwner = newOwner;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(hash, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signerOwner) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }
}
