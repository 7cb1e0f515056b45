// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {EvalRegistry} from "../../contracts/EvalRegistry.sol";
import {IEvalRegistry} from "../../interfaces/IEvalRegistry.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice Fuzzes a challenged case end to end on the real deployment: whatever the bonds and the
/// votes, the tokens the registry holds equal what it owes, the protocol cut is rounded up, and the
/// winner's credit is both bonds less the cut.
contract EvalRegistryFuzzTest is Base {
    uint256 internal constant MIN_BOND = 100e18;
    EvalRegistry internal evals;
    address[3] internal voters;
    uint256 internal assetId;

    function setUp() public override {
        super.setUp();
        voters = [delegator, delegator2, consumer];
        evals = new EvalRegistry(
            IDisputes(address(disputes)),
            IModelRegistry(address(registry)),
            IEvalRegistry.Params({
                minAttestationBond: MIN_BOND,
                evaluatorBond: 100e18,
                challengeWindow: 1 days,
                resolutionWindow: 3 days,
                quorum: 2
            })
        );
        address[6] memory users = [owner, stranger, delegator, delegator2, consumer, otherOwner];
        for (uint256 i; i < users.length; ++i) {
            vm.prank(users[i]);
            token.approve(address(evals), type(uint256).max);
        }
        for (uint256 i; i < voters.length; ++i) {
            vm.prank(voters[i]);
            evals.registerEvaluator();
        }
        assetId = _list(owner, 0);
        vm.roll(block.number + 1);
    }

    function testFuzz_resolution_conservesBonds(uint256 bond, uint256 challengeBond, uint8 votePattern) public {
        bond = bound(bond, MIN_BOND, 1e24);
        challengeBond = bound(challengeBond, bond, 2e24);
        vm.prank(owner);
        uint256 id = evals.attest(_claim(), bond);
        vm.prank(stranger);
        evals.challenge(id, challengeBond);
        for (uint256 i; i < voters.length; ++i) {
            if (evals.getAttestation(id).status != IEvalRegistry.Status.Challenged) break;
            vm.prank(voters[i]);
            evals.vote(id, (votePattern >> i) & 1 == 1);
        }
        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertTrue(a.status == IEvalRegistry.Status.Upheld || a.status == IEvalRegistry.Status.Rejected);
        bool attesterWon = a.status == IEvalRegistry.Status.Upheld;
        uint256 loserBond = attesterWon ? challengeBond : bond;
        uint256 expectedCut = (loserBond * 1_000 + 9_999) / 10_000;
        assertEq(evals.claimable(treasury), expectedCut);
        assertEq(evals.claimable(attesterWon ? owner : stranger), bond + challengeBond - expectedCut);
        assertEq(evals.claimable(attesterWon ? stranger : owner), 0);
        assertEq(token.balanceOf(address(evals)), bond + challengeBond + 3 * 100e18);
    }

    function testFuzz_timeout_returnsBothBonds(uint256 bond, uint256 challengeBond) public {
        bond = bound(bond, MIN_BOND, 1e24);
        challengeBond = bound(challengeBond, bond, 2e24);
        vm.prank(owner);
        uint256 id = evals.attest(_claim(), bond);
        vm.prank(stranger);
        evals.challenge(id, challengeBond);
        vm.warp(evals.getAttestation(id).resolveBy);
        evals.timeout(id);
        assertEq(evals.claimable(owner), bond);
        assertEq(evals.claimable(stranger), challengeBond);
    }

    function _claim() internal view returns (IEvalRegistry.Claim memory) {
        return IEvalRegistry.Claim({
            assetId: assetId,
            version: 1,
            versionHash: keccak256("weights"),
            evalSetHash: keccak256("eval set"),
            metricId: bytes32("accuracy"),
            value: 950_000,
            methodHash: keccak256("method")
        });
    }
}
