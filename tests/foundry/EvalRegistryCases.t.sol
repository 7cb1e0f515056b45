// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Base} from "./Base.t.sol";
import {EvalRegistry} from "../../contracts/EvalRegistry.sol";
import {MockFeeToken} from "../../contracts/mocks/MockFeeToken.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IEvalRegistry} from "../../interfaces/IEvalRegistry.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice Stands in for Disputes where EvalRegistry only reads its token and treasury.
contract EvalDisputesStub {
    IERC20 public immutable TOKEN;
    address public immutable treasury;

    constructor(IERC20 token_, address treasury_) {
        TOKEN = token_;
        treasury = treasury_;
    }
}

/// @notice EvalRegistry: every revert with its values, each transition's state, credits and events,
/// evaluator entry and exit, and the bounded score (weight cap, skip, eviction).
contract EvalRegistryCasesTest is Base {
    uint256 internal constant MIN_BOND = 100e18;
    uint256 internal constant EVAL_BOND = 50e18;
    uint64 internal constant CHALLENGE = 1 days;
    uint64 internal constant RESOLUTION = 3 days;
    uint8 internal constant QUORUM = 2;

    EvalRegistry internal evals;
    uint256 internal assetId;
    address[3] internal voters;
    address internal lateVoter = makeAddr("lateVoter");

    function setUp() public override {
        super.setUp();
        evals = new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), _params());
        voters = [delegator, delegator2, consumer];
        address[7] memory users = [owner, otherOwner, stranger, delegator, delegator2, consumer, arbiter];
        for (uint256 i; i < users.length; ++i) {
            vm.prank(users[i]);
            token.approve(address(evals), type(uint256).max);
        }
        _fundEvals(lateVoter, 1_000e18);
        for (uint256 i; i < voters.length; ++i) {
            vm.prank(voters[i]);
            evals.registerEvaluator();
        }
        assetId = _list(owner, 0);
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- helpers

    function _params() internal pure returns (IEvalRegistry.Params memory) {
        return IEvalRegistry.Params({
            minAttestationBond: MIN_BOND,
            evaluatorBond: EVAL_BOND,
            challengeWindow: CHALLENGE,
            resolutionWindow: RESOLUTION,
            quorum: QUORUM
        });
    }

    function _fundEvals(address who, uint256 amount) internal {
        token.transfer(who, amount);
        vm.prank(who);
        token.approve(address(evals), type(uint256).max);
    }

    function _claim() internal view returns (IEvalRegistry.Claim memory) {
        return IEvalRegistry.Claim({
            assetId: assetId,
            versionHash: keccak256("weights"),
            evalSetHash: keccak256("eval set"),
            metricId: bytes32("accuracy"),
            methodHash: keccak256("method"),
            value: 950_000,
            version: 1
        });
    }

    function _key() internal view returns (bytes32) {
        return evals.scoreKey(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
    }

    function _attest(address who, uint256 bond) internal returns (uint256 id) {
        vm.prank(who);
        id = evals.attest(_claim(), bond);
    }

    function _attestValue(address who, uint256 bond, uint128 value) internal returns (uint256 id) {
        IEvalRegistry.Claim memory c = _claim();
        c.value = value;
        vm.prank(who);
        id = evals.attest(c, bond);
    }

    function _challenged(uint256 bond, uint256 challengeBond) internal returns (uint256 id) {
        id = _attest(owner, bond);
        vm.prank(stranger);
        evals.challenge(id, challengeBond);
    }

    function _vote(address who, uint256 id, bool attesterRight) internal {
        vm.prank(who);
        evals.vote(id, attesterRight);
    }

    function _outOfBounds(string memory name, uint256 value, uint256 minimum, uint256 maximum)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IEvalRegistry.ParameterOutOfBounds.selector, name, value, minimum, maximum);
    }

    function _deployExpectingRevert(IEvalRegistry.Params memory p, bytes memory err) internal {
        vm.expectRevert(err);
        new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), p);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_revertsOnZeroDisputes() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new EvalRegistry(IDisputes(address(0)), IModelRegistry(address(registry)), _params());
    }

    function test_constructor_revertsOnZeroRegistry() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(0)), _params());
    }

    function test_constructor_revertsOnMinAttestationBondOutOfBounds() public {
        IEvalRegistry.Params memory p = _params();
        p.minAttestationBond = 0;
        _deployExpectingRevert(p, _outOfBounds("minAttestationBond", 0, 1, 1e27));
        p.minAttestationBond = 1e27 + 1;
        _deployExpectingRevert(p, _outOfBounds("minAttestationBond", 1e27 + 1, 1, 1e27));
    }

    function test_constructor_revertsOnEvaluatorBondOutOfBounds() public {
        IEvalRegistry.Params memory p = _params();
        p.evaluatorBond = 0;
        _deployExpectingRevert(p, _outOfBounds("evaluatorBond", 0, 1, type(uint96).max));
        p.evaluatorBond = uint256(type(uint96).max) + 1;
        _deployExpectingRevert(p, _outOfBounds("evaluatorBond", uint256(type(uint96).max) + 1, 1, type(uint96).max));
    }

    function test_constructor_revertsOnWindowsOutOfBounds() public {
        IEvalRegistry.Params memory p = _params();
        p.challengeWindow = 1 hours - 1;
        _deployExpectingRevert(p, _outOfBounds("challengeWindow", 1 hours - 1, 1 hours, 30 days));
        p.challengeWindow = 30 days + 1;
        _deployExpectingRevert(p, _outOfBounds("challengeWindow", 30 days + 1, 1 hours, 30 days));
        p = _params();
        p.resolutionWindow = 1 hours - 1;
        _deployExpectingRevert(p, _outOfBounds("resolutionWindow", 1 hours - 1, 1 hours, 30 days));
        p.resolutionWindow = 30 days + 1;
        _deployExpectingRevert(p, _outOfBounds("resolutionWindow", 30 days + 1, 1 hours, 30 days));
    }

    function test_constructor_revertsOnQuorumOutOfBounds() public {
        IEvalRegistry.Params memory p = _params();
        p.quorum = 0;
        _deployExpectingRevert(p, _outOfBounds("quorum", 0, 1, 16));
        p.quorum = 17;
        _deployExpectingRevert(p, _outOfBounds("quorum", 17, 1, 16));
    }

    function test_constructor_acceptsEveryBoundAndEmits() public {
        IEvalRegistry.Params memory low = IEvalRegistry.Params({
            minAttestationBond: 1, evaluatorBond: 1, challengeWindow: 1 hours, resolutionWindow: 1 hours, quorum: 1
        });
        vm.expectEmit(true, true, true, true);
        emit IEvalRegistry.EvalRegistryConfigured(address(token), address(disputes), 1, 1, 1 hours, 1 hours, 1);
        EvalRegistry a = new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), low);
        assertEq(a.MIN_ATTESTATION_BOND(), 1);
        assertEq(a.QUORUM(), 1);
        IEvalRegistry.Params memory high = IEvalRegistry.Params({
            minAttestationBond: 1e27,
            evaluatorBond: type(uint96).max,
            challengeWindow: 30 days,
            resolutionWindow: 30 days,
            quorum: 16
        });
        EvalRegistry b = new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), high);
        assertEq(address(b.TOKEN()), address(token));
        assertEq(address(b.REGISTRY()), address(registry));
        assertEq(address(b.DISPUTES()), address(disputes));
        assertEq(b.MIN_ATTESTATION_BOND(), 1e27);
        assertEq(b.EVALUATOR_BOND(), type(uint96).max);
        assertEq(b.CHALLENGE_WINDOW(), 30 days);
        assertEq(b.RESOLUTION_WINDOW(), 30 days);
        assertEq(b.QUORUM(), 16);
        assertEq(b.exitDelay(), 60 days);
    }

    // ---------------------------------------------------------------- attest

    function test_attest_revertsOnUnknownAsset() public {
        IEvalRegistry.Claim memory c = _claim();
        c.assetId = 999;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 999));
        evals.attest(c, MIN_BOND);
    }

    function test_attest_revertsOnRetiredAsset() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        evals.attest(_claim(), MIN_BOND);
    }

    function test_attest_acceptsAPausedAsset() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        assertEq(_attest(owner, MIN_BOND), 1);
    }

    function test_attest_revertsOnVersionZeroOrUnpublished() public {
        IEvalRegistry.Claim memory c = _claim();
        c.version = 0;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownVersion.selector, assetId, uint32(0), uint32(1)));
        evals.attest(c, MIN_BOND);
        c.version = 2;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownVersion.selector, assetId, uint32(2), uint32(1)));
        evals.attest(c, MIN_BOND);
    }

    function test_attest_acceptsTheLatestVersion() public {
        vm.prank(owner);
        registry.publishVersion(assetId, keccak256("v2"), "ipfs://v2");
        IEvalRegistry.Claim memory c = _claim();
        c.version = 2;
        c.versionHash = keccak256("v2");
        vm.prank(owner);
        uint256 id = evals.attest(c, MIN_BOND);
        assertEq(evals.getAttestation(id).claim.version, 2);
    }

    function test_attest_revertsOnVersionHashMismatch() public {
        IEvalRegistry.Claim memory c = _claim();
        c.versionHash = keccak256("other");
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.VersionHashMismatch.selector, assetId, uint32(1), keccak256("other"), keccak256("weights")
            )
        );
        evals.attest(c, MIN_BOND);
    }

    function test_attest_revertsOnEachEmptyField() public {
        IEvalRegistry.Claim memory c = _claim();
        c.evalSetHash = 0;
        vm.prank(owner);
        vm.expectRevert(IEvalRegistry.EmptyClaimField.selector);
        evals.attest(c, MIN_BOND);
        c = _claim();
        c.metricId = 0;
        vm.prank(owner);
        vm.expectRevert(IEvalRegistry.EmptyClaimField.selector);
        evals.attest(c, MIN_BOND);
        c = _claim();
        c.methodHash = 0;
        vm.prank(owner);
        vm.expectRevert(IEvalRegistry.EmptyClaimField.selector);
        evals.attest(c, MIN_BOND);
    }

    function test_attest_revertsBelowTheMinimumBond() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.BondTooLow.selector, MIN_BOND - 1, MIN_BOND));
        evals.attest(_claim(), MIN_BOND - 1);
    }

    function test_attest_revertsOnASecondLiveAttestation() public {
        uint256 id = _attest(owner, MIN_BOND);
        bytes32 key = _key();
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyAttested.selector, key, owner, id));
        evals.attest(_claim(), MIN_BOND);
    }

    function test_attest_storesPullsAndEmits() public {
        uint256 before = token.balanceOf(owner);
        IEvalRegistry.Claim memory c = _claim();
        uint64 windowEndsAt = uint64(block.timestamp) + CHALLENGE;
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Attested(1, _key(), owner, c, MIN_BOND, windowEndsAt);
        uint256 id = _attest(owner, MIN_BOND);
        assertEq(id, 1);
        assertEq(evals.attestationCount(), 1);
        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertEq(a.attester, owner);
        assertEq(a.windowEndsAt, windowEndsAt);
        assertEq(uint8(a.status), uint8(IEvalRegistry.Status.Pending));
        assertEq(a.bond, MIN_BOND);
        assertEq(a.postedBlock, block.number);
        assertEq(a.key, _key());
        assertEq(a.claim.value, 950_000);
        assertEq(evals.openCount(_key()), 1);
        assertEq(token.balanceOf(owner), before - MIN_BOND);
        assertEq(token.balanceOf(address(evals)), MIN_BOND + 3 * EVAL_BOND);
        (uint256 median, uint256 n, bool finalized) =
            evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(median, 0);
        assertEq(n, 0);
        assertFalse(finalized);
    }

    function test_attest_revertsOnAFeeOnTransferToken() public {
        MockFeeToken fee = new MockFeeToken(address(this), 1e24);
        EvalDisputesStub stub = new EvalDisputesStub(IERC20(address(fee)), treasury);
        EvalRegistry feeEvals = new EvalRegistry(IDisputes(address(stub)), IModelRegistry(address(registry)), _params());
        fee.transfer(owner, 1e21);
        vm.startPrank(owner);
        fee.approve(address(feeEvals), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketErrors.FeeOnTransferUnsupported.selector, MIN_BOND, MIN_BOND * 99 / 100)
        );
        feeEvals.attest(_claim(), MIN_BOND);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- challenge

    function test_challenge_revertsOnUnknownAttestation() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownAttestation.selector, 7));
        evals.challenge(7, MIN_BOND);
    }

    function test_challenge_revertsWhenNotPending() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.prank(otherOwner);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Challenged, IEvalRegistry.Status.Pending
            )
        );
        evals.challenge(id, MIN_BOND);
    }

    function test_challenge_openUntilTheLastSecondOfTheWindow() public {
        uint256 id = _attest(owner, MIN_BOND);
        uint64 endsAt = evals.getAttestation(id).windowEndsAt;
        vm.warp(endsAt);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ChallengeWindowClosed.selector, id, endsAt));
        evals.challenge(id, MIN_BOND);
        vm.warp(endsAt - 1);
        vm.prank(stranger);
        evals.challenge(id, MIN_BOND);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Challenged));
    }

    function test_challenge_revertsOnSelfChallenge() public {
        uint256 id = _attest(owner, MIN_BOND);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.SelfChallenge.selector, id, owner));
        evals.challenge(id, MIN_BOND);
    }

    function test_challenge_revertsBelowTheAttestationBond() public {
        uint256 id = _attest(owner, MIN_BOND + 5);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.BondTooLow.selector, MIN_BOND + 4, MIN_BOND + 5));
        evals.challenge(id, MIN_BOND + 4);
    }

    function test_challenge_storesPullsAndEmits() public {
        uint256 id = _attest(owner, MIN_BOND);
        uint256 before = token.balanceOf(stranger);
        uint64 resolveBy = uint64(block.timestamp) + RESOLUTION;
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Challenged(id, stranger, MIN_BOND + 1, resolveBy);
        vm.prank(stranger);
        evals.challenge(id, MIN_BOND + 1);
        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertEq(uint8(a.status), uint8(IEvalRegistry.Status.Challenged));
        assertEq(a.challenger, stranger);
        assertEq(a.resolveBy, resolveBy);
        assertEq(a.challengeBond, MIN_BOND + 1);
        assertEq(token.balanceOf(stranger), before - MIN_BOND - 1);
        assertEq(evals.openCount(_key()), 1);
    }

    // ---------------------------------------------------------------- vote

    function test_vote_revertsWhenNotChallenged() public {
        uint256 id = _attest(owner, MIN_BOND);
        vm.prank(delegator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Pending, IEvalRegistry.Status.Challenged
            )
        );
        evals.vote(id, true);
    }

    function test_vote_openUntilTheLastSecondBeforeResolveBy() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        uint64 resolveBy = evals.getAttestation(id).resolveBy;
        vm.warp(resolveBy);
        assertFalse(evals.canVote(id, delegator));
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.VotingClosed.selector, id, resolveBy));
        evals.vote(id, true);
        vm.warp(resolveBy - 1);
        assertTrue(evals.canVote(id, delegator));
        _vote(delegator, id, true);
        assertTrue(evals.hasVoted(id, delegator));
    }

    function test_vote_revertsForEitherParty() public {
        // Both parties registered as evaluators before the attestation: still no vote on their own case.
        vm.prank(owner);
        evals.registerEvaluator();
        vm.prank(stranger);
        evals.registerEvaluator();
        vm.roll(block.number + 1);
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertFalse(evals.canVote(id, owner));
        assertFalse(evals.canVote(id, stranger));
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.PartyCannotVote.selector, id, owner));
        evals.vote(id, true);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.PartyCannotVote.selector, id, stranger));
        evals.vote(id, false);
    }

    function test_vote_revertsForAnUnregisteredVoter() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertFalse(evals.canVote(id, otherOwner));
        vm.prank(otherOwner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotEligibleVoter.selector, id, otherOwner));
        evals.vote(id, true);
    }

    function test_vote_revertsForAnEvaluatorRegisteredInTheAttestationBlock() public {
        uint256 id = _attest(owner, MIN_BOND);
        vm.prank(lateVoter);
        evals.registerEvaluator();
        vm.prank(stranger);
        evals.challenge(id, MIN_BOND);
        vm.roll(block.number + 5);
        assertFalse(evals.canVote(id, lateVoter));
        vm.prank(lateVoter);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotEligibleVoter.selector, id, lateVoter));
        evals.vote(id, true);
    }

    function test_vote_acceptsAnEvaluatorRegisteredOneBlockBefore() public {
        vm.prank(lateVoter);
        evals.registerEvaluator();
        vm.roll(block.number + 1);
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertTrue(evals.canVote(id, lateVoter));
        _vote(lateVoter, id, true);
        assertTrue(evals.hasVoted(id, lateVoter));
    }

    function test_vote_revertsForAnExitingEvaluator() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.prank(delegator);
        evals.requestExit();
        assertFalse(evals.canVote(id, delegator));
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotEligibleVoter.selector, id, delegator));
        evals.vote(id, true);
    }

    function test_vote_revertsOnASecondVote() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        _vote(delegator, id, true);
        assertFalse(evals.canVote(id, delegator));
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyVoted.selector, id, delegator));
        evals.vote(id, false);
    }

    function test_vote_countsEachSideUntilQuorum() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Voted(id, delegator, true, 1, 0);
        _vote(delegator, id, true);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Voted(id, delegator2, false, 1, 1);
        _vote(delegator2, id, false);
        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertEq(a.votesForAttester, 1);
        assertEq(a.votesForChallenger, 1);
        assertEq(uint8(a.status), uint8(IEvalRegistry.Status.Challenged));
        assertEq(evals.claimable(owner), 0);
    }

    function test_vote_upholdsAtQuorumPaysTheAttesterAndCounts() public {
        uint256 bond = MIN_BOND + 3;
        uint256 challengeBond = MIN_BOND + 11;
        uint256 id = _challenged(bond, challengeBond);
        _vote(delegator, id, true);
        uint256 cut = (challengeBond * 1_000 + 9_999) / 10_000;
        uint256 payout = bond + challengeBond - cut;
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.CaseResolved(id, true, owner, payout, cut);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Credited(owner, payout);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Credited(treasury, cut);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, 950_000, bond);
        _vote(delegator2, id, true);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Upheld));
        assertEq(evals.claimable(owner), payout);
        assertEq(evals.claimable(treasury), cut);
        assertEq(evals.claimable(stranger), 0);
        assertEq(evals.openCount(_key()), 0);
        (uint256 median, uint256 n, bool finalized) =
            evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(median, 950_000);
        assertEq(n, 1);
        assertTrue(finalized);
        // Still live: the upheld attester cannot attest again on the key.
        bytes32 key = _key();
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyAttested.selector, key, owner, id));
        evals.attest(_claim(), MIN_BOND);
        // A decided case takes no more votes.
        vm.prank(consumer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Upheld, IEvalRegistry.Status.Challenged
            )
        );
        evals.vote(id, false);
    }

    function test_vote_rejectsAtQuorumPaysTheChallengerAndFreesTheKey() public {
        uint256 bond = MIN_BOND + 7;
        uint256 challengeBond = MIN_BOND + 20;
        uint256 id = _challenged(bond, challengeBond);
        _vote(delegator, id, true);
        _vote(delegator2, id, false);
        uint256 cut = (bond * 1_000 + 9_999) / 10_000;
        uint256 payout = bond + challengeBond - cut;
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.CaseResolved(id, false, stranger, payout, cut);
        _vote(consumer, id, false);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Rejected));
        assertEq(evals.claimable(stranger), payout);
        assertEq(evals.claimable(treasury), cut);
        assertEq(evals.claimable(owner), 0);
        assertEq(evals.openCount(_key()), 0);
        (uint128[] memory values,,) = evals.scoreEntries(_key());
        assertEq(values.length, 0);
        (, uint256 n, bool finalized) =
            evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(n, 0);
        assertFalse(finalized);
        // The rejected attester may post a new figure.
        assertEq(_attest(owner, MIN_BOND), id + 1);
    }

    // ---------------------------------------------------------------- finalize / timeout

    function test_finalize_revertsWhileTheWindowIsOpen() public {
        uint256 id = _attest(owner, MIN_BOND);
        uint64 endsAt = evals.getAttestation(id).windowEndsAt;
        vm.warp(endsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ChallengeWindowOpen.selector, id, endsAt));
        evals.finalize(id);
    }

    function test_finalize_revertsWhenChallenged() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Challenged, IEvalRegistry.Status.Pending
            )
        );
        evals.finalize(id);
    }

    function test_finalize_returnsTheBondAndCountsAtTheWindowEnd() public {
        uint256 id = _attest(owner, MIN_BOND + 1);
        vm.warp(evals.getAttestation(id).windowEndsAt);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Finalized(id);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Credited(owner, MIN_BOND + 1);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, 950_000, MIN_BOND + 1);
        vm.prank(stranger);
        evals.finalize(id);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Finalized));
        assertEq(evals.claimable(owner), MIN_BOND + 1);
        assertEq(evals.openCount(_key()), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Finalized, IEvalRegistry.Status.Pending
            )
        );
        evals.finalize(id);
    }

    function test_finalize_capsTheWeightAtFourMinimumBonds() public {
        uint256 id = _attest(owner, 4 * MIN_BOND + 1);
        uint256 id2 = _attestValue(otherOwner, 4 * MIN_BOND - 1, 800_000);
        vm.warp(block.timestamp + CHALLENGE);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, 950_000, 4 * MIN_BOND);
        evals.finalize(id);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntryAdded(_key(), id2, 800_000, 4 * MIN_BOND - 1);
        evals.finalize(id2);
        (uint128[] memory values, uint96[] memory weights, uint32[] memory ids) = evals.scoreEntries(_key());
        assertEq(values.length, 2);
        assertEq(values[0], 800_000);
        assertEq(weights[0], 4 * MIN_BOND - 1);
        assertEq(ids[0], id2);
        assertEq(values[1], 950_000);
        assertEq(weights[1], 4 * MIN_BOND);
        assertEq(ids[1], id);
        // The heavier (capped) entry holds more than half the weight: the median is its value.
        (uint256 median,,) = evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(median, 950_000);
        assertEq(evals.claimable(owner), 4 * MIN_BOND + 1);
    }

    function test_finalize_keyNotFinalWhileAnotherAttestationIsOpen() public {
        uint256 id = _attest(owner, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE);
        _attest(otherOwner, MIN_BOND);
        evals.finalize(id);
        (, uint256 n, bool finalized) =
            evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(n, 1);
        assertFalse(finalized);
        assertEq(evals.openCount(_key()), 1);
    }

    function test_timeout_revertsWhileVotingIsOpen() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        uint64 resolveBy = evals.getAttestation(id).resolveBy;
        vm.warp(resolveBy - 1);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.VotingOpen.selector, id, resolveBy));
        evals.timeout(id);
    }

    function test_timeout_revertsWhenNotChallenged() public {
        uint256 id = _attest(owner, MIN_BOND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Pending, IEvalRegistry.Status.Challenged
            )
        );
        evals.timeout(id);
    }

    function test_timeout_returnsBothBondsAndFreesTheKey() public {
        uint256 id = _challenged(MIN_BOND + 2, MIN_BOND + 9);
        _vote(delegator, id, true);
        vm.warp(evals.getAttestation(id).resolveBy);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.CaseTimedOut(id);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Credited(owner, MIN_BOND + 2);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Credited(stranger, MIN_BOND + 9);
        evals.timeout(id);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.TimedOut));
        assertEq(evals.claimable(treasury), 0);
        assertEq(evals.openCount(_key()), 0);
        (, uint256 n,) = evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(n, 0);
        assertEq(_attest(owner, MIN_BOND), id + 1);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_revertsWithNothingOwed() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, stranger));
        evals.claim();
    }

    function test_claim_paysOnceAndZeroes() public {
        uint256 id = _attest(owner, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE);
        evals.finalize(id);
        uint256 before = token.balanceOf(owner);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.Claimed(owner, MIN_BOND);
        vm.prank(owner);
        assertEq(evals.claim(), MIN_BOND);
        assertEq(token.balanceOf(owner), before + MIN_BOND);
        assertEq(evals.claimable(owner), 0);
        assertEq(token.balanceOf(address(evals)), 3 * EVAL_BOND);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, owner));
        evals.claim();
    }

    // ---------------------------------------------------------------- evaluators

    function test_registerEvaluator_pullsTheBondAndEmits() public {
        uint256 before = token.balanceOf(lateVoter);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.EvaluatorRegistered(lateVoter, EVAL_BOND);
        vm.prank(lateVoter);
        evals.registerEvaluator();
        IEvalRegistry.Evaluator memory e = evals.getEvaluator(lateVoter);
        assertEq(e.bond, EVAL_BOND);
        assertEq(e.registeredBlock, block.number);
        assertFalse(e.exiting);
        assertEq(token.balanceOf(lateVoter), before - EVAL_BOND);
    }

    function test_registerEvaluator_revertsWhenRegistered() public {
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyRegistered.selector, delegator));
        evals.registerEvaluator();
    }

    function test_requestExit_revertsWhenNotRegistered() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotRegistered.selector, stranger));
        evals.requestExit();
    }

    function test_requestExit_revertsOnASecondRequest() public {
        vm.prank(delegator);
        evals.requestExit();
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ExitAlreadyRequested.selector, delegator));
        evals.requestExit();
    }

    function test_requestExit_recordsAndEmitsTheUnlockTime() public {
        vm.warp(1_000_000);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.EvaluatorExitRequested(delegator, 1_000_000 + CHALLENGE + RESOLUTION);
        vm.prank(delegator);
        evals.requestExit();
        IEvalRegistry.Evaluator memory e = evals.getEvaluator(delegator);
        assertTrue(e.exiting);
        assertEq(e.exitRequestedAt, 1_000_000);
        assertEq(evals.exitDelay(), CHALLENGE + RESOLUTION);
    }

    function test_withdrawEvaluatorBond_revertsWhenNotRegistered() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotRegistered.selector, stranger));
        evals.withdrawEvaluatorBond();
    }

    function test_withdrawEvaluatorBond_revertsWithoutAnExitRequest() public {
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ExitNotRequested.selector, delegator));
        evals.withdrawEvaluatorBond();
    }

    function test_withdrawEvaluatorBond_unlocksExactlyAfterTheDelay() public {
        vm.prank(delegator);
        evals.requestExit();
        uint256 unlocksAt = block.timestamp + CHALLENGE + RESOLUTION;
        vm.warp(unlocksAt - 1);
        vm.prank(delegator);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ExitDelayNotElapsed.selector, delegator, unlocksAt));
        evals.withdrawEvaluatorBond();
        vm.warp(unlocksAt);
        uint256 before = token.balanceOf(delegator);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.EvaluatorWithdrawn(delegator, EVAL_BOND);
        vm.prank(delegator);
        evals.withdrawEvaluatorBond();
        assertEq(token.balanceOf(delegator), before + EVAL_BOND);
        IEvalRegistry.Evaluator memory e = evals.getEvaluator(delegator);
        assertEq(e.bond, 0);
        assertFalse(e.exiting);
        assertEq(e.exitRequestedAt, 0);
        // Registered again from scratch.
        vm.prank(delegator);
        evals.registerEvaluator();
        assertEq(evals.getEvaluator(delegator).bond, EVAL_BOND);
    }

    // ---------------------------------------------------------------- bounded score

    /// @dev 16 finalized entries of increasing value and weight MIN_BOND + i, from 16 attesters.
    function _fillKey() internal returns (address[] memory attesters) {
        attesters = new address[](16);
        uint256[] memory ids = new uint256[](16);
        for (uint256 i; i < 16; ++i) {
            attesters[i] = makeAddr(string(abi.encodePacked("attester", vm.toString(i))));
            _fundEvals(attesters[i], 10 * MIN_BOND);
            ids[i] = _attestValue(attesters[i], MIN_BOND + i, uint128(100_000 + i * 1_000));
        }
        vm.warp(block.timestamp + CHALLENGE);
        for (uint256 i; i < 16; ++i) {
            evals.finalize(ids[i]);
        }
    }

    function test_score_fullKeySkipsAnEntryNoHeavierThanTheLightest() public {
        _fillKey();
        address late = makeAddr("late");
        _fundEvals(late, 10 * MIN_BOND);
        uint256 id = _attestValue(late, MIN_BOND, 5);
        vm.warp(block.timestamp + CHALLENGE);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntrySkipped(_key(), id);
        evals.finalize(id);
        (uint128[] memory values,, uint32[] memory ids) = evals.scoreEntries(_key());
        assertEq(values.length, 16);
        assertEq(values[0], 100_000);
        assertEq(ids[0], 1);
        // Its bond still returns.
        assertEq(evals.claimable(late), MIN_BOND);
        (, uint256 n, bool finalized) =
            evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
        assertEq(n, 16);
        assertTrue(finalized);
    }

    function test_score_fullKeyEvictsTheLightestForAHeavierEntry() public {
        _fillKey();
        address late = makeAddr("late");
        _fundEvals(late, 10 * MIN_BOND);
        uint256 id = _attestValue(late, MIN_BOND + 1, 5);
        vm.warp(block.timestamp + CHALLENGE);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntryEvicted(_key(), 1);
        vm.expectEmit(true, true, true, true, address(evals));
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, 5, MIN_BOND + 1);
        evals.finalize(id);
        (uint128[] memory values, uint96[] memory weights, uint32[] memory ids) = evals.scoreEntries(_key());
        assertEq(values.length, 16);
        assertEq(values[0], 5);
        assertEq(weights[0], MIN_BOND + 1);
        assertEq(ids[0], id);
        assertEq(values[1], 101_000);
        assertEq(ids[1], 2);
    }
}
