// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Base} from "./Base.t.sol";
import {EvalRegistry} from "../../contracts/EvalRegistry.sol";
import {IEvalRegistry} from "../../interfaces/IEvalRegistry.sol";
import {IDisputes} from "../../interfaces/IDisputes.sol";
import {IMarketErrors} from "../../interfaces/IMarketErrors.sol";
import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @notice Unit tests of EvalRegistry on the real deployment: every revert with its exact error and
/// values, every lifecycle path (finalize, uphold, reject, timeout), the score's cap, eviction and
/// skip, and the evaluator lifecycle.
contract EvalRegistryUnitTest is Base {
    uint256 internal constant MIN_BOND = 100e18;
    uint256 internal constant EVALUATOR_BOND = 50e18;
    uint64 internal constant CHALLENGE_WINDOW = 1 days;
    uint64 internal constant RESOLUTION_WINDOW = 3 days;
    uint8 internal constant QUORUM = 2;
    uint128 internal constant VALUE = 950_000;

    EvalRegistry internal evals;
    uint256 internal assetId;
    address internal attester;
    address internal challenger;
    address internal voter1;
    address internal voter2;
    address internal voter3;
    address internal newcomer = makeAddr("newcomer");

    function setUp() public override {
        super.setUp();
        attester = owner;
        challenger = stranger;
        voter1 = delegator;
        voter2 = delegator2;
        voter3 = consumer;
        evals = new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), _params());
        address[7] memory users = [owner, stranger, delegator, delegator2, consumer, otherOwner, arbiter];
        for (uint256 i; i < users.length; ++i) {
            vm.prank(users[i]);
            token.approve(address(evals), type(uint256).max);
        }
        _fundEvals(newcomer);
        address[3] memory voters = [voter1, voter2, voter3];
        for (uint256 i; i < voters.length; ++i) {
            vm.prank(voters[i]);
            evals.registerEvaluator();
        }
        assetId = _list(owner, 0);
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsParametersAndEmits() public {
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.EvalRegistryConfigured(
            address(token), address(disputes), MIN_BOND, EVALUATOR_BOND, CHALLENGE_WINDOW, RESOLUTION_WINDOW, QUORUM
        );
        EvalRegistry fresh = new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), _params());
        assertEq(address(fresh.TOKEN()), address(token));
        assertEq(address(fresh.REGISTRY()), address(registry));
        assertEq(address(fresh.DISPUTES()), address(disputes));
        assertEq(fresh.MIN_ATTESTATION_BOND(), MIN_BOND);
        assertEq(fresh.EVALUATOR_BOND(), EVALUATOR_BOND);
        assertEq(fresh.CHALLENGE_WINDOW(), CHALLENGE_WINDOW);
        assertEq(fresh.RESOLUTION_WINDOW(), RESOLUTION_WINDOW);
        assertEq(fresh.QUORUM(), QUORUM);
        assertEq(fresh.exitDelay(), uint256(CHALLENGE_WINDOW) + RESOLUTION_WINDOW);
    }

    function test_constructor_revertsOnZeroDisputes() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new EvalRegistry(IDisputes(address(0)), IModelRegistry(address(registry)), _params());
    }

    function test_constructor_revertsOnZeroRegistry() public {
        vm.expectRevert(IMarketErrors.ZeroAddress.selector);
        new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(0)), _params());
    }

    function test_constructor_revertsWhenMinAttestationBondOutOfBounds() public {
        IEvalRegistry.Params memory params = _params();
        params.minAttestationBond = 0;
        _expectOutOfBounds(params, "minAttestationBond", 0, 1, 1e27);
        params.minAttestationBond = 1e27 + 1;
        _expectOutOfBounds(params, "minAttestationBond", 1e27 + 1, 1, 1e27);
    }

    function test_constructor_revertsWhenEvaluatorBondOutOfBounds() public {
        IEvalRegistry.Params memory params = _params();
        params.evaluatorBond = 0;
        _expectOutOfBounds(params, "evaluatorBond", 0, 1, type(uint96).max);
        params.evaluatorBond = uint256(type(uint96).max) + 1;
        _expectOutOfBounds(params, "evaluatorBond", uint256(type(uint96).max) + 1, 1, type(uint96).max);
    }

    function test_constructor_revertsWhenChallengeWindowOutOfBounds() public {
        IEvalRegistry.Params memory params = _params();
        params.challengeWindow = 1 hours - 1;
        _expectOutOfBounds(params, "challengeWindow", 1 hours - 1, 1 hours, 30 days);
        params.challengeWindow = 30 days + 1;
        _expectOutOfBounds(params, "challengeWindow", 30 days + 1, 1 hours, 30 days);
    }

    function test_constructor_revertsWhenResolutionWindowOutOfBounds() public {
        IEvalRegistry.Params memory params = _params();
        params.resolutionWindow = 1 hours - 1;
        _expectOutOfBounds(params, "resolutionWindow", 1 hours - 1, 1 hours, 30 days);
        params.resolutionWindow = 30 days + 1;
        _expectOutOfBounds(params, "resolutionWindow", 30 days + 1, 1 hours, 30 days);
    }

    function test_constructor_revertsWhenQuorumOutOfBounds() public {
        IEvalRegistry.Params memory params = _params();
        params.quorum = 0;
        _expectOutOfBounds(params, "quorum", 0, 1, 16);
        params.quorum = 17;
        _expectOutOfBounds(params, "quorum", 17, 1, 16);
    }

    function test_constructor_acceptsTheBoundsThemselves() public {
        IEvalRegistry.Params memory params = IEvalRegistry.Params({
            minAttestationBond: 1e27,
            evaluatorBond: type(uint96).max,
            challengeWindow: 30 days,
            resolutionWindow: 1 hours,
            quorum: 16
        });
        EvalRegistry fresh = new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), params);
        assertEq(fresh.MIN_ATTESTATION_BOND(), 1e27);
        assertEq(fresh.QUORUM(), 16);
    }

    // ---------------------------------------------------------------- attest

    function test_attest_storesPullsBondAndEmits() public {
        IEvalRegistry.Claim memory statement = _claim();
        bytes32 key = _key();
        uint256 before = token.balanceOf(attester);
        uint64 windowEndsAt = uint64(block.timestamp) + CHALLENGE_WINDOW;
        vm.expectEmit(true, true, true, true);
        emit IEvalRegistry.Attested(1, key, attester, statement, MIN_BOND, windowEndsAt);
        vm.prank(attester);
        uint256 id = evals.attest(statement, MIN_BOND);

        assertEq(id, 1);
        assertEq(evals.attestationCount(), 1);
        assertEq(token.balanceOf(attester), before - MIN_BOND);
        assertEq(token.balanceOf(address(evals)), MIN_BOND + 3 * EVALUATOR_BOND);
        assertEq(evals.openCount(key), 1);
        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertEq(a.attester, attester);
        assertEq(a.windowEndsAt, windowEndsAt);
        assertEq(uint8(a.status), uint8(IEvalRegistry.Status.Pending));
        assertEq(a.bond, MIN_BOND);
        assertEq(a.postedBlock, block.number);
        assertEq(a.key, key);
        assertEq(a.claim.value, VALUE);
        assertEq(a.challenger, address(0));
        assertEq(a.resolveBy, 0);
    }

    function test_attest_revertsForUnknownAsset() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.assetId = 99;
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.UnknownAsset.selector, 99));
        vm.prank(attester);
        evals.attest(statement, MIN_BOND);
    }

    function test_attest_revertsForRetiredAsset() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Retired);
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.AssetRetired.selector, assetId));
        vm.prank(attester);
        evals.attest(_claim(), MIN_BOND);
    }

    function test_attest_acceptsPausedAsset() public {
        vm.prank(owner);
        registry.setStatus(assetId, IModelRegistry.AssetStatus.Paused);
        vm.prank(attester);
        uint256 id = evals.attest(_claim(), MIN_BOND);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Pending));
    }

    function test_attest_revertsForVersionZero() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.version = 0;
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownVersion.selector, assetId, uint32(0), uint32(1)));
        vm.prank(attester);
        evals.attest(statement, MIN_BOND);
    }

    function test_attest_revertsForVersionBeyondCount() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.version = 2;
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownVersion.selector, assetId, uint32(2), uint32(1)));
        vm.prank(attester);
        evals.attest(statement, MIN_BOND);
    }

    function test_attest_acceptsALaterPublishedVersion() public {
        vm.prank(owner);
        registry.publishVersion(assetId, keccak256("weights v2"), "ipfs://v2");
        IEvalRegistry.Claim memory statement = _claim();
        statement.version = 2;
        statement.versionHash = keccak256("weights v2");
        vm.prank(attester);
        uint256 id = evals.attest(statement, MIN_BOND);
        assertEq(evals.getAttestation(id).claim.version, 2);
    }

    function test_attest_revertsOnVersionHashMismatch() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.versionHash = keccak256("other weights");
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.VersionHashMismatch.selector,
                assetId,
                uint32(1),
                keccak256("other weights"),
                keccak256("weights")
            )
        );
        vm.prank(attester);
        evals.attest(statement, MIN_BOND);
    }

    function test_attest_revertsOnEmptyEvalSetHash() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.evalSetHash = 0;
        _expectEmptyField(statement);
    }

    function test_attest_revertsOnEmptyMetricId() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.metricId = 0;
        _expectEmptyField(statement);
    }

    function test_attest_revertsOnEmptyMethodHash() public {
        IEvalRegistry.Claim memory statement = _claim();
        statement.methodHash = 0;
        _expectEmptyField(statement);
    }

    function test_attest_revertsWhenBondBelowMinimum() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.BondTooLow.selector, MIN_BOND - 1, MIN_BOND));
        vm.prank(attester);
        evals.attest(_claim(), MIN_BOND - 1);
    }

    function test_attest_revertsWhenBondExceedsUint96() public {
        uint256 bond = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, bond));
        vm.prank(attester);
        evals.attest(_claim(), bond);
    }

    function test_attest_revertsWhenAttesterHasALiveAttestationOnTheKey() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyAttested.selector, _key(), attester, id));
        vm.prank(attester);
        evals.attest(_claim(), MIN_BOND);
    }

    function test_attest_revertsAfterFinalizeOnTheSameKey() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        evals.finalize(id);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyAttested.selector, _key(), attester, id));
        vm.prank(attester);
        evals.attest(_claim(), MIN_BOND);
    }

    function test_attest_allowsAnotherAttesterOnTheSameKey() public {
        _attest(attester, MIN_BOND);
        uint256 second = _attest(otherOwner, MIN_BOND);
        assertEq(second, 2);
        assertEq(evals.openCount(_key()), 2);
    }

    function test_attest_allowsANewAttestationAfterRejection() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        _vote(voter1, id, false);
        _vote(voter2, id, false);
        uint256 second = _attest(attester, MIN_BOND);
        assertEq(second, id + 1);
    }

    function test_attest_allowsANewAttestationAfterTimeout() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.warp(block.timestamp + RESOLUTION_WINDOW);
        evals.timeout(id);
        uint256 second = _attest(attester, MIN_BOND);
        assertEq(second, id + 1);
    }

    // ---------------------------------------------------------------- challenge

    function test_challenge_storesPullsBondAndEmits() public {
        uint256 id = _attest(attester, MIN_BOND);
        uint256 before = token.balanceOf(challenger);
        uint64 resolveBy = uint64(block.timestamp) + RESOLUTION_WINDOW;
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.Challenged(id, challenger, 2 * MIN_BOND, resolveBy);
        vm.prank(challenger);
        evals.challenge(id, 2 * MIN_BOND);

        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertEq(uint8(a.status), uint8(IEvalRegistry.Status.Challenged));
        assertEq(a.challenger, challenger);
        assertEq(a.resolveBy, resolveBy);
        assertEq(a.challengeBond, 2 * MIN_BOND);
        assertEq(token.balanceOf(challenger), before - 2 * MIN_BOND);
        assertEq(evals.openCount(_key()), 1);
    }

    function test_challenge_revertsForUnknownAttestation() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownAttestation.selector, 7));
        vm.prank(challenger);
        evals.challenge(7, MIN_BOND);
    }

    function test_challenge_revertsWhenAlreadyChallenged() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Challenged, IEvalRegistry.Status.Pending
            )
        );
        vm.prank(otherOwner);
        evals.challenge(id, MIN_BOND);
    }

    function test_challenge_revertsWhenWindowClosed() public {
        uint256 id = _attest(attester, MIN_BOND);
        uint64 windowEndsAt = evals.getAttestation(id).windowEndsAt;
        vm.warp(windowEndsAt);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ChallengeWindowClosed.selector, id, windowEndsAt));
        vm.prank(challenger);
        evals.challenge(id, MIN_BOND);
    }

    function test_challenge_acceptsTheLastSecondOfTheWindow() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.warp(evals.getAttestation(id).windowEndsAt - 1);
        vm.prank(challenger);
        evals.challenge(id, MIN_BOND);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Challenged));
    }

    function test_challenge_revertsOnSelfChallenge() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.SelfChallenge.selector, id, attester));
        vm.prank(attester);
        evals.challenge(id, MIN_BOND);
    }

    function test_challenge_revertsWhenBondBelowAttestationBond() public {
        uint256 id = _attest(attester, 2 * MIN_BOND);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.BondTooLow.selector, 2 * MIN_BOND - 1, 2 * MIN_BOND));
        vm.prank(challenger);
        evals.challenge(id, 2 * MIN_BOND - 1);
    }

    /// Above the weight cap a bond buys no score weight, so a challenger matches it only up to the cap.
    function test_challenge_requiresAtMostTheWeightCap() public {
        uint256 cap = evals.WEIGHT_CAP_MULTIPLE() * MIN_BOND;
        uint256 id = _attest(attester, 3 * cap);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.BondTooLow.selector, cap - 1, cap));
        vm.prank(challenger);
        evals.challenge(id, cap - 1);
        vm.prank(challenger);
        evals.challenge(id, cap);
        assertEq(evals.getAttestation(id).challengeBond, cap);
    }

    // ---------------------------------------------------------------- vote

    function test_vote_recordsAndEmitsBelowQuorum() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertTrue(evals.canVote(id, voter1));
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.Voted(id, voter1, true, 1, 0);
        _vote(voter1, id, true);

        IEvalRegistry.Attestation memory a = evals.getAttestation(id);
        assertEq(uint8(a.status), uint8(IEvalRegistry.Status.Challenged));
        assertEq(a.votesForAttester, 1);
        assertEq(a.votesForChallenger, 0);
        assertTrue(evals.hasVoted(id, voter1));
        assertFalse(evals.canVote(id, voter1));
        assertFalse(evals.hasVoted(id, voter2));
    }

    function test_vote_splitVotesStayUndecided() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        _vote(voter1, id, true);
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.Voted(id, voter2, false, 1, 1);
        _vote(voter2, id, false);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Challenged));
        assertEq(evals.claimable(attester), 0);
        assertEq(evals.claimable(challenger), 0);
    }

    function test_vote_quorumForAttesterUpholdsPaysAndCounts() public {
        uint256 id = _challenged(MIN_BOND, 3 * MIN_BOND);
        _vote(voter1, id, true);
        uint256 cut = (3 * MIN_BOND * 1_000 + 9_999) / 10_000;
        uint256 payout = MIN_BOND + 3 * MIN_BOND - cut;
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.CaseResolved(id, true, attester, payout, cut);
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, VALUE, MIN_BOND);
        _vote(voter2, id, true);

        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Upheld));
        assertEq(evals.claimable(attester), payout);
        assertEq(evals.claimable(treasury), cut);
        assertEq(evals.claimable(challenger), 0);
        assertEq(evals.openCount(_key()), 0);
        (uint256 median, uint256 count, bool finalized) = _score();
        assertEq(median, VALUE);
        assertEq(count, 1);
        assertTrue(finalized);
    }

    function test_vote_quorumForChallengerRejectsPaysAndNeverCounts() public {
        uint256 id = _challenged(2 * MIN_BOND, 2 * MIN_BOND);
        _vote(voter1, id, false);
        uint256 cut = (2 * MIN_BOND * 1_000 + 9_999) / 10_000;
        uint256 payout = 4 * MIN_BOND - cut;
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.CaseResolved(id, false, challenger, payout, cut);
        _vote(voter2, id, false);

        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Rejected));
        assertEq(evals.claimable(challenger), payout);
        assertEq(evals.claimable(treasury), cut);
        assertEq(evals.claimable(attester), 0);
        assertEq(evals.openCount(_key()), 0);
        (uint256 median, uint256 count, bool finalized) = _score();
        assertEq(median, 0);
        assertEq(count, 0);
        assertFalse(finalized);
    }

    function test_vote_revertsWhenPending() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Pending, IEvalRegistry.Status.Challenged
            )
        );
        _vote(voter1, id, true);
    }

    function test_vote_revertsForUnknownAttestation() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownAttestation.selector, 3));
        _vote(voter1, 3, true);
    }

    function test_vote_revertsAfterResolution() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        _vote(voter1, id, true);
        _vote(voter2, id, true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Upheld, IEvalRegistry.Status.Challenged
            )
        );
        _vote(voter3, id, true);
    }

    function test_vote_revertsWhenVotingClosed() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        uint64 resolveBy = evals.getAttestation(id).resolveBy;
        vm.warp(resolveBy);
        assertFalse(evals.canVote(id, voter1));
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.VotingClosed.selector, id, resolveBy));
        _vote(voter1, id, true);
    }

    function test_vote_revertsForTheAttester() public {
        _register(attester);
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertFalse(evals.canVote(id, attester));
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.PartyCannotVote.selector, id, attester));
        _vote(attester, id, true);
    }

    function test_vote_revertsForTheChallenger() public {
        _register(challenger);
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertFalse(evals.canVote(id, challenger));
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.PartyCannotVote.selector, id, challenger));
        _vote(challenger, id, false);
    }

    function test_vote_revertsForAnUnregisteredVoter() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        assertFalse(evals.canVote(id, newcomer));
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotEligibleVoter.selector, id, newcomer));
        _vote(newcomer, id, true);
    }

    function test_vote_revertsForAnEvaluatorRegisteredInTheAttestationBlock() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.prank(newcomer);
        evals.registerEvaluator();
        vm.roll(block.number + 5);
        assertFalse(evals.canVote(id, newcomer));
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotEligibleVoter.selector, id, newcomer));
        _vote(newcomer, id, true);
    }

    function test_vote_revertsForAnExitingEvaluator() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.prank(voter1);
        evals.requestExit();
        assertFalse(evals.canVote(id, voter1));
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotEligibleVoter.selector, id, voter1));
        _vote(voter1, id, true);
    }

    function test_vote_revertsOnASecondVote() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        _vote(voter1, id, true);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyVoted.selector, id, voter1));
        _vote(voter1, id, false);
    }

    function test_canVote_isFalseForAnUnchallengedAttestation() public {
        uint256 id = _attest(attester, MIN_BOND);
        assertFalse(evals.canVote(id, voter1));
        assertFalse(evals.canVote(42, voter1));
    }

    // ---------------------------------------------------------------- finalize

    function test_finalize_creditsBondCountsAndEmits() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.Finalized(id);
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.Credited(attester, MIN_BOND);
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, VALUE, MIN_BOND);
        evals.finalize(id);

        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Finalized));
        assertEq(evals.claimable(attester), MIN_BOND);
        assertEq(evals.openCount(_key()), 0);
        (uint128[] memory values, uint96[] memory weights, uint32[] memory ids) = evals.scoreEntries(_key());
        assertEq(values.length, 1);
        assertEq(values[0], VALUE);
        assertEq(weights[0], MIN_BOND);
        assertEq(ids[0], id);
    }

    function test_finalize_revertsWhileWindowOpen() public {
        uint256 id = _attest(attester, MIN_BOND);
        uint64 windowEndsAt = evals.getAttestation(id).windowEndsAt;
        vm.warp(windowEndsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ChallengeWindowOpen.selector, id, windowEndsAt));
        evals.finalize(id);
    }

    function test_finalize_revertsForUnknownAttestation() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownAttestation.selector, 1));
        evals.finalize(1);
    }

    function test_finalize_revertsWhenChallenged() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Challenged, IEvalRegistry.Status.Pending
            )
        );
        evals.finalize(id);
    }

    function test_finalize_revertsWhenAlreadyFinalized() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        evals.finalize(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Finalized, IEvalRegistry.Status.Pending
            )
        );
        evals.finalize(id);
    }

    function test_finalize_capsTheWeightAtTheMultiple() public {
        uint256 cap = 4 * MIN_BOND;
        uint256 id = _attest(attester, cap + 1);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, VALUE, cap);
        evals.finalize(id);
        (, uint96[] memory weights,) = evals.scoreEntries(_key());
        assertEq(weights[0], cap);
        assertEq(evals.claimable(attester), cap + 1);
    }

    // ---------------------------------------------------------------- score: a full key

    function test_finalize_onAFullKeyEvictsTheLightestForAHeavierEntry() public {
        _fillKey();
        address late = makeAddr("late");
        _fundEvals(late);
        uint256 id = _attestValue(late, 2 * MIN_BOND, 100);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        (,, uint32[] memory before) = evals.scoreEntries(_key());
        // All 16 weigh MIN_BOND: the lowest-valued (sorted first) leaves.
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntryEvicted(_key(), before[0]);
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntryAdded(_key(), id, 100, 2 * MIN_BOND);
        evals.finalize(id);

        (uint128[] memory values,, uint32[] memory ids) = evals.scoreEntries(_key());
        assertEq(ids.length, 16);
        assertEq(ids[0], id);
        assertEq(values[0], 100);
        for (uint256 i; i < ids.length; ++i) assertTrue(ids[i] != before[0]);
    }

    function test_finalize_onAFullKeySkipsAnEntryNoHeavier() public {
        _fillKey();
        address late = makeAddr("late");
        _fundEvals(late);
        uint256 id = _attestValue(late, MIN_BOND, 100);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        (,, uint32[] memory before) = evals.scoreEntries(_key());
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntrySkipped(_key(), id);
        evals.finalize(id);

        (,, uint32[] memory afterIds) = evals.scoreEntries(_key());
        assertEq(keccak256(abi.encode(afterIds)), keccak256(abi.encode(before)));
        // Skipped, but the bond is still returned and the attestation is finalized.
        assertEq(evals.claimable(late), MIN_BOND);
        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.Finalized));
    }

    /// A key full of entries at the weight cap is closed to every later attestation, whatever its bond
    /// (documented: a new entry must weigh strictly more than the lightest).
    function test_finalize_onAFullKeyAtTheCapSkipsEvenAMuchLargerBond() public {
        _fillKeyWith(4 * MIN_BOND);
        address late = makeAddr("late");
        _fundEvals(late);
        uint256 id = _attestValue(late, 100 * MIN_BOND, 100);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        vm.expectEmit(true, true, false, true);
        emit IEvalRegistry.ScoreEntrySkipped(_key(), id);
        evals.finalize(id);
        (,, uint32[] memory ids) = evals.scoreEntries(_key());
        for (uint256 i; i < ids.length; ++i) assertTrue(ids[i] != id);
    }

    /// An entry the score skipped or evicted is no longer live: its attester may attest again, while
    /// a counted attester still may not.
    function test_attest_isOpenAgainAfterTheEntryWasSkippedOrEvicted() public {
        _fillKeyWith(MIN_BOND);
        address late = makeAddr("late");
        _fundEvals(late);
        uint256 skipped = _attestValue(late, MIN_BOND, 100);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        evals.finalize(skipped); // no heavier than the lightest: skipped
        uint256 heavier = _attestValue(late, 2 * MIN_BOND, 100);
        (,, uint32[] memory before) = evals.scoreEntries(_key());
        address evicted = evals.getAttestation(before[0]).attester;
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        evals.finalize(heavier); // evicts the lightest, lowest-valued entry
        _attestValue(evicted, MIN_BOND, 5);
        address counted = evals.getAttestation(before[1]).attester;
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyAttested.selector, _key(), counted, uint256(before[1])));
        _attestValue(counted, MIN_BOND, 5);
    }

    function test_score_isNotFinalizedWhileAnAttestationIsOpen() public {
        uint256 first = _attest(attester, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        evals.finalize(first);
        _attest(otherOwner, MIN_BOND);
        (uint256 median, uint256 count, bool finalized) = _score();
        assertEq(median, VALUE);
        assertEq(count, 1);
        assertFalse(finalized);
    }

    function test_score_isEmptyForAnUnknownKey() public view {
        (uint256 median, uint256 count, bool finalized) = _score();
        assertEq(median, 0);
        assertEq(count, 0);
        assertFalse(finalized);
        (uint128[] memory values,,) = evals.scoreEntries(_key());
        assertEq(values.length, 0);
    }

    function test_scoreKey_isTheHashOfTheEncodedFields() public view {
        assertEq(
            evals.scoreKey(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set")),
            keccak256(abi.encode(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set")))
        );
    }

    // ---------------------------------------------------------------- timeout

    function test_timeout_returnsBothBondsAndNeverCounts() public {
        uint256 id = _challenged(MIN_BOND, 2 * MIN_BOND);
        _vote(voter1, id, true);
        vm.warp(evals.getAttestation(id).resolveBy);
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.CaseTimedOut(id);
        evals.timeout(id);

        assertEq(uint8(evals.getAttestation(id).status), uint8(IEvalRegistry.Status.TimedOut));
        assertEq(evals.claimable(attester), MIN_BOND);
        assertEq(evals.claimable(challenger), 2 * MIN_BOND);
        assertEq(evals.claimable(treasury), 0);
        assertEq(evals.openCount(_key()), 0);
        (, uint256 count,) = _score();
        assertEq(count, 0);
    }

    function test_timeout_revertsWhileVotingOpen() public {
        uint256 id = _challenged(MIN_BOND, MIN_BOND);
        uint64 resolveBy = evals.getAttestation(id).resolveBy;
        vm.warp(resolveBy - 1);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.VotingOpen.selector, id, resolveBy));
        evals.timeout(id);
    }

    function test_timeout_revertsWhenPending() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEvalRegistry.WrongStatus.selector, id, IEvalRegistry.Status.Pending, IEvalRegistry.Status.Challenged
            )
        );
        evals.timeout(id);
    }

    function test_timeout_revertsForUnknownAttestation() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.UnknownAttestation.selector, 5));
        evals.timeout(5);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_paysEverythingCreditedAndEmits() public {
        uint256 id = _attest(attester, MIN_BOND);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        evals.finalize(id);
        uint256 before = token.balanceOf(attester);
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.Claimed(attester, MIN_BOND);
        vm.prank(attester);
        uint256 amount = evals.claim();

        assertEq(amount, MIN_BOND);
        assertEq(token.balanceOf(attester), before + MIN_BOND);
        assertEq(evals.claimable(attester), 0);
    }

    function test_claim_revertsWhenNothingIsOwed() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketErrors.NothingToClaim.selector, stranger));
        vm.prank(stranger);
        evals.claim();
    }

    // ---------------------------------------------------------------- evaluators

    function test_registerEvaluator_locksBondAndEmits() public {
        uint256 before = token.balanceOf(newcomer);
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.EvaluatorRegistered(newcomer, EVALUATOR_BOND);
        vm.prank(newcomer);
        evals.registerEvaluator();

        IEvalRegistry.Evaluator memory e = evals.getEvaluator(newcomer);
        assertEq(e.bond, EVALUATOR_BOND);
        assertEq(e.registeredBlock, block.number);
        assertFalse(e.exiting);
        assertEq(token.balanceOf(newcomer), before - EVALUATOR_BOND);
    }

    function test_registerEvaluator_revertsWhenAlreadyRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.AlreadyRegistered.selector, voter1));
        vm.prank(voter1);
        evals.registerEvaluator();
    }

    function test_requestExit_marksExitingAndEmits() public {
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.EvaluatorExitRequested(voter1, block.timestamp + evals.exitDelay());
        vm.prank(voter1);
        evals.requestExit();
        IEvalRegistry.Evaluator memory e = evals.getEvaluator(voter1);
        assertTrue(e.exiting);
        assertEq(e.exitRequestedAt, block.timestamp);
    }

    function test_requestExit_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotRegistered.selector, newcomer));
        vm.prank(newcomer);
        evals.requestExit();
    }

    function test_requestExit_revertsWhenAlreadyRequested() public {
        vm.startPrank(voter1);
        evals.requestExit();
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ExitAlreadyRequested.selector, voter1));
        evals.requestExit();
        vm.stopPrank();
    }

    function test_withdrawEvaluatorBond_paysAfterTheDelayAndForgets() public {
        vm.prank(voter1);
        evals.requestExit();
        vm.warp(block.timestamp + evals.exitDelay());
        uint256 before = token.balanceOf(voter1);
        vm.expectEmit(true, false, false, true);
        emit IEvalRegistry.EvaluatorWithdrawn(voter1, EVALUATOR_BOND);
        vm.prank(voter1);
        evals.withdrawEvaluatorBond();

        assertEq(token.balanceOf(voter1), before + EVALUATOR_BOND);
        IEvalRegistry.Evaluator memory e = evals.getEvaluator(voter1);
        assertEq(e.bond, 0);
        assertFalse(e.exiting);
        // Registered again from scratch.
        vm.prank(voter1);
        evals.registerEvaluator();
        assertEq(evals.getEvaluator(voter1).bond, EVALUATOR_BOND);
    }

    function test_withdrawEvaluatorBond_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.NotRegistered.selector, newcomer));
        vm.prank(newcomer);
        evals.withdrawEvaluatorBond();
    }

    function test_withdrawEvaluatorBond_revertsWithoutExitRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ExitNotRequested.selector, voter1));
        vm.prank(voter1);
        evals.withdrawEvaluatorBond();
    }

    function test_withdrawEvaluatorBond_revertsBeforeTheDelay() public {
        vm.prank(voter1);
        evals.requestExit();
        uint256 unlocksAt = block.timestamp + evals.exitDelay();
        vm.warp(unlocksAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ExitDelayNotElapsed.selector, voter1, unlocksAt));
        vm.prank(voter1);
        evals.withdrawEvaluatorBond();
    }

    // ---------------------------------------------------------------- helpers

    function _params() internal pure returns (IEvalRegistry.Params memory) {
        return IEvalRegistry.Params({
            minAttestationBond: MIN_BOND,
            evaluatorBond: EVALUATOR_BOND,
            challengeWindow: CHALLENGE_WINDOW,
            resolutionWindow: RESOLUTION_WINDOW,
            quorum: QUORUM
        });
    }

    function _expectOutOfBounds(
        IEvalRegistry.Params memory params,
        string memory name,
        uint256 value,
        uint256 minimum,
        uint256 maximum
    ) internal {
        vm.expectRevert(abi.encodeWithSelector(IEvalRegistry.ParameterOutOfBounds.selector, name, value, minimum, maximum));
        new EvalRegistry(IDisputes(address(disputes)), IModelRegistry(address(registry)), params);
    }

    function _expectEmptyField(IEvalRegistry.Claim memory statement) internal {
        vm.expectRevert(IEvalRegistry.EmptyClaimField.selector);
        vm.prank(attester);
        evals.attest(statement, MIN_BOND);
    }

    function _claim() internal view returns (IEvalRegistry.Claim memory) {
        return IEvalRegistry.Claim({
            assetId: assetId,
            version: 1,
            versionHash: keccak256("weights"),
            evalSetHash: keccak256("eval set"),
            metricId: bytes32("accuracy"),
            value: VALUE,
            methodHash: keccak256("method")
        });
    }

    function _key() internal view returns (bytes32) {
        return evals.scoreKey(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
    }

    function _score() internal view returns (uint256, uint256, bool) {
        return evals.score(assetId, keccak256("weights"), bytes32("accuracy"), keccak256("eval set"));
    }

    function _fundEvals(address who) internal {
        token.transfer(who, FUNDING);
        vm.prank(who);
        token.approve(address(evals), type(uint256).max);
    }

    function _register(address who) internal {
        vm.prank(who);
        evals.registerEvaluator();
        vm.roll(block.number + 1);
    }

    function _attest(address who, uint256 bond) internal returns (uint256) {
        return _attestValue(who, bond, VALUE);
    }

    function _attestValue(address who, uint256 bond, uint128 value) internal returns (uint256 id) {
        IEvalRegistry.Claim memory statement = _claim();
        statement.value = value;
        vm.prank(who);
        id = evals.attest(statement, bond);
    }

    /// @dev An attestation by `attester` with `bond`, challenged by `challenger` with `challengeBond`.
    function _challenged(uint256 bond, uint256 challengeBond) internal returns (uint256 id) {
        id = _attest(attester, bond);
        vm.prank(challenger);
        evals.challenge(id, challengeBond);
    }

    function _vote(address who, uint256 id, bool attesterRight) internal {
        vm.prank(who);
        evals.vote(id, attesterRight);
    }

    /// @dev Sixteen distinct attesters, each with MIN_BOND and values 1_000, 2_000, ... finalized on the key.
    function _fillKey() internal {
        _fillKeyWith(MIN_BOND);
    }

    /// @dev Sixteen distinct attesters, each with `bond` and values 1_000, 2_000, ... finalized on the key.
    function _fillKeyWith(uint256 bond) internal {
        uint256[] memory ids = new uint256[](16);
        for (uint256 i; i < 16; ++i) {
            address who = address(uint160(0xA000 + i));
            _fundEvals(who);
            ids[i] = _attestValue(who, bond, uint128(1_000 * (i + 1)));
        }
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        for (uint256 i; i < 16; ++i) evals.finalize(ids[i]);
        (,, uint32[] memory stored) = evals.scoreEntries(_key());
        assertEq(stored.length, 16);
    }
}
