// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IMarketToken} from "../interfaces/IMarketToken.sol";

/// @title MarketToken
/// @notice Fixed-supply ERC-20 with EIP-2612 permit and ERC20Votes. No mint or burn after deployment.
/// Votes are checkpointed by timestamp (ERC-6372 `mode=timestamp`): L2 block numbers do not track time,
/// so governance periods are set in seconds on every network.
contract MarketToken is ERC20, ERC20Permit, ERC20Votes, IMarketToken {
    constructor(address recipient, uint256 supply) ERC20("Model Market", "MMKT") ERC20Permit("Model Market") {
        if (recipient == address(0) || supply == 0) revert InvalidInitialMint(recipient, supply);
        _mint(recipient, supply);
        emit SupplyMinted(recipient, supply);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @notice The clock of the vote checkpoints: the block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372: checkpoints are keyed by timestamp.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @dev ERC20Votes moves delegated voting units; nothing else is added to a transfer.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
