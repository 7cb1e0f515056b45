// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDisputes} from "./IDisputes.sol";
import {IMarketErrors} from "./IMarketErrors.sol";
import {IModelRegistry} from "./IModelRegistry.sol";

/// @title IEvalRegistry
/// @notice Staked performance attestations: a bonded attester states that a model version (its
/// registry content hash) scores `value` on `metricId` over an eval set (its hash), computed by a
/// method (its hash). The figure is checked by deterministic re-execution off-chain and settled
/// on-chain by a k-of-n vote of staked evaluators.
///
/// **Lifecycle.** `attest` pulls the attestation bond (≥ `MIN_ATTESTATION_BOND`) and opens a
/// challenge window of `CHALLENGE_WINDOW`. An attestation is immutable: there is no update; a new
/// figure is a new attestation with a new id, and one attester has at most one live (pending,
/// challenged or counted) attestation per score key; an entry skipped by a full score or evicted
/// from it is no longer live, so its attester may attest again. The bond is locked until the window ends.
/// Within the window anyone else may `challenge` with a bond ≥ the attestation bond, capped at the
/// score's weight cap (`WEIGHT_CAP_MULTIPLE` × the least attestation bond): a bond above what counts
/// in the score cannot price challengers out. After an
/// unchallenged window anyone may `finalize`: the bond returns to the attester (claimable) and the
/// figure counts in the score.
///
/// **Resolution (k-of-n vote).** Evaluators register by locking `EVALUATOR_BOND`. An evaluator
/// registered in a block before the attestation's block, not exiting, and neither the attester nor
/// the challenger, may vote once on a challenged case (after re-running the evaluation); the first
/// side to reach `QUORUM` votes wins (so at most 2·QUORUM − 1 ≤ 31 votes a case). The loser's bond
/// pays the winner, less `PROTOCOL_CUT_BPS` of it (rounded up) to the treasury of `DISPUTES`; all
/// payouts are pull payments (`claim`). An upheld attestation counts in the score; a rejected one
/// never does. A case still undecided `RESOLUTION_WINDOW` after its challenge times out (anyone
/// calls `timeout`): the default returns both bonds in full and the attestation never counts.
///
/// **Score.** Per key `(assetId, versionHash, metricId, evalSetHash)` the registry keeps at most
/// `MAX_EVALUATORS_PER_KEY` (16) counted entries sorted by value; an entry weighs its bond capped
/// at `WEIGHT_CAP_MULTIPLE` × `MIN_ATTESTATION_BOND`, so one outlier cannot outweigh several honest
/// evaluators. When the key is full, a new entry replaces the lightest one only if it weighs more.
/// The score is the lower stake-weighted median of the entries (the smallest value whose
/// cumulative weight reaches half the total): inserting and reading cost ≤ 16 steps.
///
/// **Evaluators exit** in two steps: `requestExit`, then `withdrawEvaluatorBond` after
/// `exitDelay()` = CHALLENGE_WINDOW + RESOLUTION_WINDOW; an exiting evaluator no longer votes.
///
/// No role can move funds here: there is no admin, every parameter is immutable.
interface IEvalRegistry is IMarketErrors {
    /// @notice Lifecycle of an attestation.
    enum Status {
        None,
        Pending,
        Challenged,
        Upheld,
        Rejected,
        Finalized,
        TimedOut
    }

    /// @notice The construction parameters (all immutable afterwards).
    /// @param minAttestationBond Least bond of an attestation (token units).
    /// @param evaluatorBond Bond an evaluator locks to vote (token units).
    /// @param challengeWindow Seconds an attestation may be challenged.
    /// @param resolutionWindow Seconds a challenged case may be voted on before it times out.
    /// @param quorum Votes one side needs to win (1..MAX_QUORUM).
    struct Params {
        uint256 minAttestationBond;
        uint256 evaluatorBond;
        uint64 challengeWindow;
        uint64 resolutionWindow;
        uint8 quorum;
    }

    /// @notice What an attestation states (value and version share one storage slot).
    /// @param assetId The model's registry id.
    /// @param versionHash The version's content hash (must equal the registry's).
    /// @param evalSetHash keccak256 of the eval set's canonical bytes.
    /// @param metricId The metric (ASCII, right-padded: "accuracy").
    /// @param methodHash keccak256 of the evaluation method's description.
    /// @param value The figure, fixed point with `VALUE_SCALE` = 1.0.
    /// @param version The registry version number the figure is about.
    struct Claim {
        uint256 assetId;
        bytes32 versionHash;
        bytes32 evalSetHash;
        bytes32 metricId;
        bytes32 methodHash;
        uint128 value;
        uint32 version;
    }

    /// @notice A stored attestation.
    /// @param attester Who posted it and its bond.
    /// @param windowEndsAt End of the challenge window (timestamp).
    /// @param status Lifecycle state.
    /// @param votesForAttester Votes that the figure is right.
    /// @param votesForChallenger Votes that the figure is wrong.
    /// @param challenger Who challenged (zero: nobody).
    /// @param resolveBy End of the vote (timestamp; zero while unchallenged).
    /// @param bond The attestation bond.
    /// @param challengeBond The challenger's bond.
    /// @param postedBlock Block of the attestation (voters must have registered before it).
    /// @param key The score key: keccak256(abi.encode(assetId, versionHash, metricId, evalSetHash)).
    /// @param claim What it states.
    struct Attestation {
        address attester;
        uint64 windowEndsAt;
        Status status;
        uint8 votesForAttester;
        uint8 votesForChallenger;
        address challenger;
        uint64 resolveBy;
        uint96 bond;
        uint96 challengeBond;
        uint64 postedBlock;
        bytes32 key;
        Claim claim;
    }

    /// @notice A registered evaluator.
    /// @param registeredBlock Block of registration.
    /// @param exitRequestedAt When it asked to leave.
    /// @param bond The locked evaluator bond (zero: not registered).
    /// @param exiting Whether it asked to leave (it votes no more).
    struct Evaluator {
        uint64 registeredBlock;
        uint64 exitRequestedAt;
        uint96 bond;
        bool exiting;
    }

    /// @notice A construction parameter is outside its bounds.
    error ParameterOutOfBounds(string name, uint256 value, uint256 minimum, uint256 maximum);
    /// @notice `version` of `assetId` does not exist (`versionCount` versions are published).
    error UnknownVersion(uint256 assetId, uint32 version, uint32 versionCount);
    /// @notice The version's content hash in the registry is `actual`, not the `claimed` one.
    error VersionHashMismatch(uint256 assetId, uint32 version, bytes32 claimed, bytes32 actual);
    /// @notice The eval set hash, metric id or method hash is zero.
    error EmptyClaimField();
    /// @notice The bond is below the least allowed.
    error BondTooLow(uint256 bond, uint256 minimum);
    /// @notice `attester` already has a live attestation (`attestationId`) on the score key.
    error AlreadyAttested(bytes32 key, address attester, uint256 attestationId);
    /// @notice No attestation has this id.
    error UnknownAttestation(uint256 attestationId);
    /// @notice The attestation is in `status`, not the one the call needs (`expected`).
    error WrongStatus(uint256 attestationId, Status status, Status expected);
    /// @notice The challenge window ended at `windowEndsAt`.
    error ChallengeWindowClosed(uint256 attestationId, uint64 windowEndsAt);
    /// @notice The challenge window is open until `windowEndsAt`.
    error ChallengeWindowOpen(uint256 attestationId, uint64 windowEndsAt);
    /// @notice The attester cannot challenge its own attestation.
    error SelfChallenge(uint256 attestationId, address attester);
    /// @notice The vote ended at `resolveBy`.
    error VotingClosed(uint256 attestationId, uint64 resolveBy);
    /// @notice The vote is open until `resolveBy`.
    error VotingOpen(uint256 attestationId, uint64 resolveBy);
    /// @notice `voter` is not a registered evaluator that may vote on the case.
    error NotEligibleVoter(uint256 attestationId, address voter);
    /// @notice The attester or the challenger tried to vote on its own case.
    error PartyCannotVote(uint256 attestationId, address voter);
    /// @notice `voter` already voted on the case.
    error AlreadyVoted(uint256 attestationId, address voter);
    /// @notice `evaluator` is already registered.
    error AlreadyRegistered(address evaluator);
    /// @notice `evaluator` is not registered.
    error NotRegistered(address evaluator);
    /// @notice `evaluator` already asked to exit.
    error ExitAlreadyRequested(address evaluator);
    /// @notice `evaluator` did not ask to exit.
    error ExitNotRequested(address evaluator);
    /// @notice The evaluator bond unlocks at `unlocksAt`.
    error ExitDelayNotElapsed(address evaluator, uint256 unlocksAt);

    /// @notice The contract was deployed with these parameters.
    event EvalRegistryConfigured(
        address indexed token,
        address indexed disputes,
        uint256 minAttestationBond,
        uint256 evaluatorBond,
        uint64 challengeWindow,
        uint64 resolutionWindow,
        uint8 quorum
    );
    /// @notice `attester` posted attestation `attestationId` with `bond`.
    event Attested(
        uint256 indexed attestationId,
        bytes32 indexed key,
        address indexed attester,
        Claim claim,
        uint256 bond,
        uint64 windowEndsAt
    );
    /// @notice `challenger` challenged the attestation with `bond`; the vote runs until `resolveBy`.
    event Challenged(uint256 indexed attestationId, address indexed challenger, uint256 bond, uint64 resolveBy);
    /// @notice `voter` voted on the case (`attesterRight`: the figure is right).
    event Voted(uint256 indexed attestationId, address indexed voter, bool attesterRight, uint8 votesFor, uint8 votesAgainst);
    /// @notice The case was decided: `winner` is credited `payout`, the treasury `protocolCut`.
    event CaseResolved(
        uint256 indexed attestationId, bool attesterWon, address indexed winner, uint256 payout, uint256 protocolCut
    );
    /// @notice An undecided case timed out: both bonds were returned; the attestation never counts.
    event CaseTimedOut(uint256 indexed attestationId);
    /// @notice An unchallenged attestation finalized; its bond was returned to the attester.
    event Finalized(uint256 indexed attestationId);
    /// @notice The attestation entered the score of `key` with `weight`.
    event ScoreEntryAdded(bytes32 indexed key, uint256 indexed attestationId, uint128 value, uint256 weight);
    /// @notice The attestation's entry left the full score of `key` (a heavier one replaced it).
    event ScoreEntryEvicted(bytes32 indexed key, uint256 indexed attestationId);
    /// @notice The attestation counts for nothing: the key is full of entries at least as heavy.
    event ScoreEntrySkipped(bytes32 indexed key, uint256 indexed attestationId);
    /// @notice `account` was credited `amount` (claimable).
    event Credited(address indexed account, uint256 amount);
    /// @notice `account` claimed `amount`.
    event Claimed(address indexed account, uint256 amount);
    /// @notice `evaluator` registered, locking `bond`.
    event EvaluatorRegistered(address indexed evaluator, uint256 bond);
    /// @notice `evaluator` asked to exit; its bond unlocks at `unlocksAt`.
    event EvaluatorExitRequested(address indexed evaluator, uint256 unlocksAt);
    /// @notice `evaluator` withdrew its bond.
    event EvaluatorWithdrawn(address indexed evaluator, uint256 bond);

    /// @notice 1.0 in a metric value (1e6).
    function VALUE_SCALE() external view returns (uint256);
    /// @notice Cut of a loser's bond paid to the treasury, in bps (rounded up).
    function PROTOCOL_CUT_BPS() external view returns (uint256);
    /// @notice Most counted entries per score key.
    function MAX_EVALUATORS_PER_KEY() external view returns (uint256);
    /// @notice Largest quorum.
    function MAX_QUORUM() external view returns (uint8);
    /// @notice An entry's weight is its bond capped at this multiple of `MIN_ATTESTATION_BOND`.
    function WEIGHT_CAP_MULTIPLE() external view returns (uint256);
    /// @notice Shortest and longest challenge and resolution windows.
    function MIN_WINDOW() external view returns (uint64);
    function MAX_WINDOW() external view returns (uint64);
    /// @notice The token bonds are posted in (that of `DISPUTES`).
    function TOKEN() external view returns (IERC20);
    /// @notice Where the versions are read.
    function REGISTRY() external view returns (IModelRegistry);
    /// @notice Whose treasury receives the protocol cut.
    function DISPUTES() external view returns (IDisputes);
    /// @notice Least attestation bond.
    function MIN_ATTESTATION_BOND() external view returns (uint256);
    /// @notice The evaluator bond.
    function EVALUATOR_BOND() external view returns (uint256);
    /// @notice Challenge window (seconds).
    function CHALLENGE_WINDOW() external view returns (uint64);
    /// @notice Resolution window (seconds).
    function RESOLUTION_WINDOW() external view returns (uint64);
    /// @notice Votes a side needs to win.
    function QUORUM() external view returns (uint8);

    /// @notice Posts an attestation of `statement` with `bond` (pulled from the caller; approve first;
    /// bonds are stored as uint96, so at most 2**96 - 1: 79 billion tokens of 18 decimals).
    /// @return attestationId The new id (ids start at 1).
    function attest(Claim calldata statement, uint256 bond) external returns (uint256 attestationId);

    /// @notice Challenges a pending attestation within its window with `bond` ≥ min(its bond,
    /// `WEIGHT_CAP_MULTIPLE` × the least attestation bond) (pulled).
    function challenge(uint256 attestationId, uint256 bond) external;

    /// @notice Votes on a challenged case as an eligible evaluator; decides it at `QUORUM` votes.
    /// @param attesterRight True when re-execution reproduced the attested figure.
    function vote(uint256 attestationId, bool attesterRight) external;

    /// @notice Finalizes an unchallenged attestation after its window (anyone).
    function finalize(uint256 attestationId) external;

    /// @notice Times out a challenged case undecided after its resolution window (anyone).
    function timeout(uint256 attestationId) external;

    /// @notice Pays the caller everything credited to it.
    /// @return amount What was paid.
    function claim() external returns (uint256 amount);

    /// @notice Registers the caller as an evaluator, pulling `EVALUATOR_BOND`.
    function registerEvaluator() external;

    /// @notice Starts the caller's exit (it stops voting at once).
    function requestExit() external;

    /// @notice Returns the caller's evaluator bond once `exitDelay()` has passed since `requestExit`.
    function withdrawEvaluatorBond() external;

    /// @notice The buyer's view of a key.
    /// @return median The lower stake-weighted median of the counted entries (0 when none).
    /// @return evaluatorCount Counted entries (distinct attesters).
    /// @return finalized True when entries count and no attestation on the key is pending or challenged.
    function score(uint256 assetId, bytes32 versionHash, bytes32 metricId, bytes32 evalSetHash)
        external
        view
        returns (uint256 median, uint256 evaluatorCount, bool finalized);

    /// @notice The score key of a (model version, metric, eval set).
    function scoreKey(uint256 assetId, bytes32 versionHash, bytes32 metricId, bytes32 evalSetHash)
        external
        pure
        returns (bytes32);

    /// @notice A stored attestation.
    function getAttestation(uint256 attestationId) external view returns (Attestation memory);

    /// @notice Number of attestations posted.
    function attestationCount() external view returns (uint256);

    /// @notice A registered evaluator.
    function getEvaluator(address evaluator) external view returns (Evaluator memory);

    /// @notice Whether `voter` may vote on the case now (registered before it, not exiting, not a party).
    function canVote(uint256 attestationId, address voter) external view returns (bool);

    /// @notice Whether `voter` voted on the case.
    function hasVoted(uint256 attestationId, address voter) external view returns (bool);

    /// @notice What `account` can claim.
    function claimable(address account) external view returns (uint256);

    /// @notice The counted entries of a key, sorted by value (≤ MAX_EVALUATORS_PER_KEY).
    function scoreEntries(bytes32 key)
        external
        view
        returns (uint128[] memory values, uint96[] memory weights, uint32[] memory attestationIds);

    /// @notice Attestations on the key still pending or challenged.
    function openCount(bytes32 key) external view returns (uint256);

    /// @notice Seconds between `requestExit` and `withdrawEvaluatorBond`.
    function exitDelay() external view returns (uint256);
}
