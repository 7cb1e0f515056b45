// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ComplianceRegistry} from "../../contracts/ComplianceRegistry.sol";
import {MarketGovernor} from "../../contracts/MarketGovernor.sol";
import {MarketTimelock} from "../../contracts/MarketTimelock.sol";
import {MarketToken} from "../../contracts/MarketToken.sol";
import {IComplianceRegistry} from "../../interfaces/IComplianceRegistry.sol";

/// @notice MarketGovernor over MarketToken votes (timestamp clock) and MarketTimelock: a proposal's
/// whole life (pending, active, succeeded, queued, executed) acting on a contract the timelock owns,
/// a defeated one, a cancelled one, the threshold, and governance changing its own settings.
contract MarketGovernorUnitTest is Test {
    uint256 internal constant SUPPLY = 1e9 * 1e18;
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 7 days;
    uint256 internal constant THRESHOLD = 1e6 * 1e18; // 0.1 % of the supply
    uint256 internal constant QUORUM_PERCENT = 4;
    uint256 internal constant TIMELOCK_DELAY = 2 days;

    MarketToken internal token;
    MarketTimelock internal timelock;
    MarketGovernor internal governor;
    ComplianceRegistry internal compliance;
    address internal voter = makeAddr("voter");
    address internal small = makeAddr("small");
    address internal opponent = makeAddr("opponent");

    function setUp() public {
        vm.warp(1_000_000);
        token = new MarketToken(address(this), SUPPLY);
        timelock = new MarketTimelock(TIMELOCK_DELAY, new address[](0), new address[](0), address(this));
        governor = new MarketGovernor(token, timelock, VOTING_DELAY, VOTING_PERIOD, THRESHOLD, QUORUM_PERCENT);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        compliance = new ComplianceRegistry(address(timelock));
        token.transfer(voter, SUPPLY / 10); // 10 %: above the 4 % quorum
        token.transfer(small, THRESHOLD - 1);
        token.transfer(opponent, SUPPLY / 5);
        vm.prank(voter);
        token.delegate(voter);
        vm.prank(small);
        token.delegate(small);
        vm.prank(opponent);
        token.delegate(opponent);
        vm.warp(block.timestamp + 1);
    }

    function _defineFlagProposal()
        internal
        view
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        IComplianceRegistry.FlagTerm[] memory terms = new IComplianceRegistry.FlagTerm[](1);
        terms[0] = IComplianceRegistry.FlagTerm({
            bit: 7, term: IComplianceRegistry.Term({name: "synthetic-data", descriptionURI: "ipfs://s", descriptionHash: 0})
        });
        targets = new address[](1);
        targets[0] = address(compliance);
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(compliance.defineFlags, (terms, "VOTE-1", bytes32(0)));
    }

    function _state(uint256 id) internal view returns (uint8) {
        return uint8(governor.state(id));
    }

    function test_tokenClock_isTheTimestamp() public view {
        assertEq(token.clock(), block.timestamp);
        assertEq(token.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
    }

    function test_settings_areTheConstructorsAndTheQuorumIsAFractionOfTheSupply() public {
        assertEq(governor.name(), "MarketGovernor");
        assertEq(governor.votingDelay(), VOTING_DELAY);
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.proposalThreshold(), THRESHOLD);
        assertEq(governor.timelock(), address(timelock));
        vm.warp(block.timestamp + 1);
        assertEq(governor.quorum(block.timestamp - 1), SUPPLY * QUORUM_PERCENT / 100);
    }

    function test_propose_revertsBelowTheThreshold() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _defineFlagProposal();
        vm.prank(small);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, small, THRESHOLD - 1, THRESHOLD)
        );
        governor.propose(targets, values, calldatas, "define flag 7");
    }

    function test_proposal_fullCycleThroughTheTimelock() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _defineFlagProposal();
        vm.prank(voter);
        uint256 id = governor.propose(targets, values, calldatas, "define flag 7");
        assertEq(_state(id), uint8(IGovernor.ProposalState.Pending));
        assertTrue(governor.proposalNeedsQueuing(id));
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        assertEq(_state(id), uint8(IGovernor.ProposalState.Active));
        vm.prank(voter);
        governor.castVote(id, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        assertEq(_state(id), uint8(IGovernor.ProposalState.Succeeded));
        bytes32 descriptionHash = keccak256("define flag 7");
        // Not executable before it is queued and its timelock delay has passed.
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Succeeded,
                bytes32(uint256(1) << uint8(IGovernor.ProposalState.Queued))
            )
        );
        governor.execute(targets, values, calldatas, descriptionHash);
        governor.queue(targets, values, calldatas, descriptionHash);
        assertEq(_state(id), uint8(IGovernor.ProposalState.Queued));
        assertEq(governor.proposalEta(id), block.timestamp + TIMELOCK_DELAY);
        bytes32 operation = timelock.hashOperationBatch(
            targets, values, calldatas, 0, bytes20(address(governor)) ^ descriptionHash
        );
        assertTrue(timelock.isOperationPending(operation));
        vm.warp(block.timestamp + TIMELOCK_DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                operation,
                bytes32(uint256(1) << uint8(TimelockController.OperationState.Ready))
            )
        );
        governor.execute(targets, values, calldatas, descriptionHash);
        vm.warp(block.timestamp + 1);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertEq(_state(id), uint8(IGovernor.ProposalState.Executed));
        assertEq(compliance.flag(7).name, "synthetic-data");
        assertEq(compliance.definedFlags(), uint64(1) << 7);
    }

    function test_proposal_defeatedByMoreAgainstVotes() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _defineFlagProposal();
        vm.prank(voter);
        uint256 id = governor.propose(targets, values, calldatas, "define flag 7");
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(voter);
        governor.castVote(id, 1);
        vm.prank(opponent);
        governor.castVote(id, 0);
        vm.warp(block.timestamp + VOTING_PERIOD);
        assertEq(_state(id), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Defeated,
                bytes32(uint256(1) << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        governor.queue(targets, values, calldatas, keccak256("define flag 7"));
    }

    function test_proposal_cancelledByItsProposerOnlyWhilePending() public {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _defineFlagProposal();
        bytes32 descriptionHash = keccak256("define flag 7");
        vm.prank(voter);
        uint256 id = governor.propose(targets, values, calldatas, "define flag 7");
        vm.prank(voter);
        governor.cancel(targets, values, calldatas, descriptionHash);
        assertEq(_state(id), uint8(IGovernor.ProposalState.Canceled));
        // Once queued, the proposer can no longer cancel it: the timelock operation stays pending.
        vm.prank(voter);
        uint256 id2 = governor.propose(targets, values, calldatas, "define flag 7, again");
        bytes32 descriptionHash2 = keccak256("define flag 7, again");
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(voter);
        governor.castVote(id2, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        governor.queue(targets, values, calldatas, descriptionHash2);
        bytes32 operation = timelock.hashOperationBatch(targets, values, calldatas, 0, bytes20(address(governor)) ^ descriptionHash2);
        assertTrue(timelock.isOperationPending(operation));
        vm.prank(voter);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id2, voter));
        governor.cancel(targets, values, calldatas, descriptionHash2);
        assertTrue(timelock.isOperationPending(operation));
        assertEq(_state(id2), uint8(IGovernor.ProposalState.Queued));
    }

    function test_governance_changesItsOwnSettingsThroughTheTimelock() public {
        address[] memory targets = new address[](1);
        targets[0] = address(governor);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(governor.setProposalThreshold, (2 * THRESHOLD));
        // Only governance (the timelock, the governor's executor) may call it directly.
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        governor.setProposalThreshold(2 * THRESHOLD);
        vm.prank(voter);
        uint256 id = governor.propose(targets, values, calldatas, "raise threshold");
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(voter);
        governor.castVote(id, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        governor.queue(targets, values, calldatas, keccak256("raise threshold"));
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        governor.execute(targets, values, calldatas, keccak256("raise threshold"));
        assertEq(governor.proposalThreshold(), 2 * THRESHOLD);
    }
}
