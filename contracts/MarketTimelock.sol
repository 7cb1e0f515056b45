// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title MarketTimelock
/// @notice OpenZeppelin's `TimelockController`, unchanged: after deploy it owns every contract of the
/// marketplace; `MarketGovernor` is its only proposer, canceller and executor, and it is its own admin.
contract MarketTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
