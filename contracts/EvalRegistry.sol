// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IDisputes} from "../interfaces/IDisputes.sol";
import {IEvalRegistry} from "../interfaces/IEvalRegistry.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {BpsMath} from "./libraries/BpsMath.sol";
import {TokenTransfers} from "./libraries/TokenTransfers.sol";
import {WeightedMedian} from "./libraries/WeightedMedian.sol";

/// @title EvalRegistry
/// @notice Bonded performance attestations, challenged by re-execution and settled by a k-of-n vote
/// of staked evaluators, with a stake-weighted median score per key. See {IEvalRegistry}.
contract EvalRegistry is IEvalRegistry {
    using SafeCast for uint256;
    using SafeERC20 for IERC20;
    using WeightedMedian for WeightedMedian.Entry[];

    /// @inheritdoc IEvalRegistry
    uint256 public constant VALUE_SCALE = 1e6;
    /// @inheritdoc IEvalRegistry
    uint256 public constant PROTOCOL_CUT_BPS = 1_000;
    /// @inheritdoc IEvalRegistry
    uint256 public constant MAX_EVALUATORS_PER_KEY = WeightedMedian.MAX_ENTRIES;
    /// @inheritdoc IEvalRegistry
    uint8 public constant MAX_QUORUM = 16;
    /// @inheritdoc IEvalRegistry
    uint256 public constant WEIGHT_CAP_MULTIPLE = 4;
    /// @inheritdoc IEvalRegistry
    uint64 public constant MIN_WINDOW = 1 hours;
    /// @inheritdoc IEvalRegistry
    uint64 public constant MAX_WINDOW = 30 days;
    /// @dev Keeps every weight (≤ WEIGHT_CAP_MULTIPLE × the least bond) inside a uint96.
    uint256 private constant MAX_MIN_BOND = 1e27;

    /// @inheritdoc IEvalRegistry
    IERC20 public immutable TOKEN;
    /// @inheritdoc IEvalRegistry
    IModelRegistry public immutable REGISTRY;
    /// @inheritdoc IEvalRegistry
    IDisputes public immutable DISPUTES;
    /// @inheritdoc IEvalRegistry
    uint256 public immutable MIN_ATTESTATION_BOND;
    /// @inheritdoc IEvalRegistry
    uint256 public immutable EVALUATOR_BOND;
    /// @inheritdoc IEvalRegistry
    uint64 public immutable CHALLENGE_WINDOW;
    /// @inheritdoc IEvalRegistry
    uint64 public immutable RESOLUTION_WINDOW;
    /// @inheritdoc IEvalRegistry
    uint8 public immutable QUORUM;

    /// @inheritdoc IEvalRegistry
    uint256 public attestationCount;
    mapping(uint256 attestationId => Attestation attestation) private _attestations;
    mapping(bytes32 key => mapping(address attester => uint256 attestationId)) private _liveAttestation;
    mapping(bytes32 key => WeightedMedian.Entry[] entries) private _entries;
    /// @inheritdoc IEvalRegistry
    mapping(bytes32 key => uint256 open) public openCount;
    mapping(uint256 attestationId => mapping(address voter => bool voted)) private _voted;
    mapping(address evaluator => Evaluator record) private _evaluators;
    /// @inheritdoc IEvalRegistry
    mapping(address account => uint256 amount) public claimable;

    constructor(IDisputes disputes, IModelRegistry registry, Params memory params) {
        if (address(disputes) == address(0) || address(registry) == address(0)) revert ZeroAddress();
        _checkBounds("minAttestationBond", params.minAttestationBond, 1, MAX_MIN_BOND);
        _checkBounds("evaluatorBond", params.evaluatorBond, 1, type(uint96).max);
        _checkBounds("challengeWindow", params.challengeWindow, MIN_WINDOW, MAX_WINDOW);
        _checkBounds("resolutionWindow", params.resolutionWindow, MIN_WINDOW, MAX_WINDOW);
        _checkBounds("quorum", params.quorum, 1, MAX_QUORUM);
        TOKEN = disputes.TOKEN();
        REGISTRY = registry;
        DISPUTES = disputes;
        MIN_ATTESTATION_BOND = params.minAttestationBond;
        EVALUATOR_BOND = params.evaluatorBond;
        CHALLENGE_WINDOW = params.challengeWindow;
        RESOLUTION_WINDOW = params.resolutionWindow;
        QUORUM = params.quorum;
        emit EvalRegistryConfigured(
            address(TOKEN),
            address(disputes),
            params.minAttestationBond,
            params.evaluatorBond,
            params.challengeWindow,
            params.resolutionWindow,
            params.quorum
        );
    }

    /// @inheritdoc IEvalRegistry
    function attest(Claim calldata statement, uint256 bond) external returns (uint256 attestationId) {
        _checkClaim(statement);
        if (bond < MIN_ATTESTATION_BOND) revert BondTooLow(bond, MIN_ATTESTATION_BOND);
        bytes32 key = scoreKey(statement.assetId, statement.versionHash, statement.metricId, statement.evalSetHash);
        uint256 live = _liveAttestation[key][msg.sender];
        if (live != 0) revert AlreadyAttested(key, msg.sender, live);

        attestationId = ++attestationCount;
        uint64 windowEndsAt = uint64(block.timestamp) + CHALLENGE_WINDOW;
        Attestation storage attestation = _attestations[attestationId];
        attestation.attester = msg.sender;
        attestation.windowEndsAt = windowEndsAt;
        attestation.status = Status.Pending;
        attestation.bond = bond.toUint96();
        attestation.postedBlock = uint64(block.number);
        attestation.key = key;
        attestation.claim = statement;
        _liveAttestation[key][msg.sender] = attestationId;
        ++openCount[key];
        emit Attested(attestationId, key, msg.sender, statement, bond, windowEndsAt);
        TokenTransfers.pullExact(TOKEN, bond);
    }

    /// @inheritdoc IEvalRegistry
    function challenge(uint256 attestationId, uint256 bond) external {
        Attestation storage attestation = _pending(attestationId);
        if (block.timestamp >= attestation.windowEndsAt) {
            revert ChallengeWindowClosed(attestationId, attestation.windowEndsAt);
        }
        if (msg.sender == attestation.attester) revert SelfChallenge(attestationId, msg.sender);
        // A bond above the weight cap buys no score weight, so it must not buy immunity either: the
        // challenger matches the attestation's bond up to the cap.
        uint256 required = attestation.bond;
        uint256 cap = WEIGHT_CAP_MULTIPLE * MIN_ATTESTATION_BOND;
        if (required > cap) required = cap;
        if (bond < required) revert BondTooLow(bond, required);

        uint64 resolveBy = uint64(block.timestamp) + RESOLUTION_WINDOW;
        attestation.status = Status.Challenged;
        attestation.challenger = msg.sender;
        attestation.resolveBy = resolveBy;
        attestation.challengeBond = bond.toUint96();
        emit Challenged(attestationId, msg.sender, bond, resolveBy);
        TokenTransfers.pullExact(TOKEN, bond);
    }

    /// @inheritdoc IEvalRegistry
    function vote(uint256 attestationId, bool attesterRight) external {
        Attestation storage attestation = _challenged(attestationId);
        if (block.timestamp >= attestation.resolveBy) revert VotingClosed(attestationId, attestation.resolveBy);
        if (msg.sender == attestation.attester || msg.sender == attestation.challenger) {
            revert PartyCannotVote(attestationId, msg.sender);
        }
        if (!_eligible(attestation, msg.sender)) revert NotEligibleVoter(attestationId, msg.sender);
        if (_voted[attestationId][msg.sender]) revert AlreadyVoted(attestationId, msg.sender);

        _voted[attestationId][msg.sender] = true;
        uint8 votesFor = attestation.votesForAttester;
        uint8 votesAgainst = attestation.votesForChallenger;
        // cannot reach 255: a side stops counting at QUORUM <= 16
        if (attesterRight) attestation.votesForAttester = ++votesFor;
        else attestation.votesForChallenger = ++votesAgainst;
        emit Voted(attestationId, msg.sender, attesterRight, votesFor, votesAgainst);
        if (votesFor == QUORUM) _resolve(attestationId, attestation, true);
        else if (votesAgainst == QUORUM) _resolve(attestationId, attestation, false);
    }

    /// @inheritdoc IEvalRegistry
    function finalize(uint256 attestationId) external {
        Attestation storage attestation = _pending(attestationId);
        if (block.timestamp < attestation.windowEndsAt) {
            revert ChallengeWindowOpen(attestationId, attestation.windowEndsAt);
        }
        attestation.status = Status.Finalized;
        bytes32 key = attestation.key;
        --openCount[key];
        emit Finalized(attestationId);
        _credit(attestation.attester, attestation.bond);
        _count(key, attestationId, attestation);
    }

    /// @inheritdoc IEvalRegistry
    function timeout(uint256 attestationId) external {
        Attestation storage attestation = _challenged(attestationId);
        if (block.timestamp < attestation.resolveBy) revert VotingOpen(attestationId, attestation.resolveBy);
        attestation.status = Status.TimedOut;
        bytes32 key = attestation.key;
        --openCount[key];
        delete _liveAttestation[key][attestation.attester];
        emit CaseTimedOut(attestationId);
        _credit(attestation.attester, attestation.bond);
        _credit(attestation.challenger, attestation.challengeBond);
    }

    /// @inheritdoc IEvalRegistry
    function claim() external returns (uint256 amount) {
        amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEvalRegistry
    function registerEvaluator() external {
        Evaluator storage evaluator = _evaluators[msg.sender];
        if (evaluator.bond != 0) revert AlreadyRegistered(msg.sender);
        uint256 bond = EVALUATOR_BOND;
        evaluator.registeredBlock = uint64(block.number);
        evaluator.bond = uint96(bond); // fits: checked against uint96 at construction
        emit EvaluatorRegistered(msg.sender, bond);
        TokenTransfers.pullExact(TOKEN, bond);
    }

    /// @inheritdoc IEvalRegistry
    function requestExit() external {
        Evaluator storage evaluator = _evaluators[msg.sender];
        if (evaluator.bond == 0) revert NotRegistered(msg.sender);
        if (evaluator.exiting) revert ExitAlreadyRequested(msg.sender);
        evaluator.exiting = true;
        evaluator.exitRequestedAt = uint64(block.timestamp);
        emit EvaluatorExitRequested(msg.sender, block.timestamp + exitDelay());
    }

    /// @inheritdoc IEvalRegistry
    function withdrawEvaluatorBond() external {
        Evaluator storage evaluator = _evaluators[msg.sender];
        uint256 bond = evaluator.bond;
        if (bond == 0) revert NotRegistered(msg.sender);
        if (!evaluator.exiting) revert ExitNotRequested(msg.sender);
        uint256 unlocksAt = evaluator.exitRequestedAt + exitDelay();
        if (block.timestamp < unlocksAt) revert ExitDelayNotElapsed(msg.sender, unlocksAt);
        delete _evaluators[msg.sender];
        emit EvaluatorWithdrawn(msg.sender, bond);
        TOKEN.safeTransfer(msg.sender, bond);
    }

    /// @inheritdoc IEvalRegistry
    function score(uint256 assetId, bytes32 versionHash, bytes32 metricId, bytes32 evalSetHash)
        external
        view
        returns (uint256 median, uint256 evaluatorCount, bool finalized)
    {
        bytes32 key = scoreKey(assetId, versionHash, metricId, evalSetHash);
        WeightedMedian.Entry[] storage entries = _entries[key];
        median = entries.median();
        evaluatorCount = entries.length;
        finalized = evaluatorCount != 0 && openCount[key] == 0;
    }

    /// @inheritdoc IEvalRegistry
    function scoreEntries(bytes32 key)
        external
        view
        returns (uint128[] memory values, uint96[] memory weights, uint32[] memory attestationIds)
    {
        WeightedMedian.Entry[] storage entries = _entries[key];
        uint256 count = entries.length;
        values = new uint128[](count);
        weights = new uint96[](count);
        attestationIds = new uint32[](count);
        for (uint256 i; i < count; ++i) { // bounded: count <= MAX_EVALUATORS_PER_KEY
            WeightedMedian.Entry memory entry = entries[i];
            (values[i], weights[i], attestationIds[i]) = (entry.value, entry.weight, entry.id);
        }
    }

    /// @inheritdoc IEvalRegistry
    function getAttestation(uint256 attestationId) external view returns (Attestation memory) {
        return _attestations[attestationId];
    }

    /// @inheritdoc IEvalRegistry
    function getEvaluator(address evaluator) external view returns (Evaluator memory) {
        return _evaluators[evaluator];
    }

    /// @inheritdoc IEvalRegistry
    function canVote(uint256 attestationId, address voter) external view returns (bool) {
        Attestation storage attestation = _attestations[attestationId];
        return attestation.status == Status.Challenged && block.timestamp < attestation.resolveBy
            && voter != attestation.attester && voter != attestation.challenger && !_voted[attestationId][voter]
            && _eligible(attestation, voter);
    }

    /// @inheritdoc IEvalRegistry
    function hasVoted(uint256 attestationId, address voter) external view returns (bool) {
        return _voted[attestationId][voter];
    }

    /// @inheritdoc IEvalRegistry
    function exitDelay() public view returns (uint256) {
        return uint256(CHALLENGE_WINDOW) + RESOLUTION_WINDOW;
    }

    /// @inheritdoc IEvalRegistry
    function scoreKey(uint256 assetId, bytes32 versionHash, bytes32 metricId, bytes32 evalSetHash)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(assetId, versionHash, metricId, evalSetHash));
    }

    /// @dev Decides a case: the loser's bond, less the protocol cut (rounded up), goes to the winner
    /// with its own bond back; an upheld figure counts in the score.
    function _resolve(uint256 attestationId, Attestation storage attestation, bool attesterWon) private {
        address treasury = DISPUTES.treasury();
        bytes32 key = attestation.key;
        address attester = attestation.attester;
        (address winner, uint256 winnerBond, uint256 loserBond) = attesterWon
            ? (attester, uint256(attestation.bond), uint256(attestation.challengeBond))
            : (attestation.challenger, uint256(attestation.challengeBond), uint256(attestation.bond));
        uint256 cut = BpsMath.mulBpsUp(loserBond, PROTOCOL_CUT_BPS);
        uint256 payout = winnerBond + loserBond - cut;
        attestation.status = attesterWon ? Status.Upheld : Status.Rejected;
        --openCount[key];
        if (!attesterWon) delete _liveAttestation[key][attester];
        emit CaseResolved(attestationId, attesterWon, winner, payout, cut);
        _credit(winner, payout);
        _credit(treasury, cut);
        if (attesterWon) _count(key, attestationId, attestation);
    }

    /// @dev Enters a finalized or upheld attestation in its key's score.
    function _count(bytes32 key, uint256 attestationId, Attestation storage attestation) private {
        uint256 cap = WEIGHT_CAP_MULTIPLE * MIN_ATTESTATION_BOND;
        uint256 bond = attestation.bond;
        uint256 weight = bond < cap ? bond : cap;
        uint128 value = attestation.claim.value;
        (bool added, uint32 evictedId) = _entries[key].insert(
            // fits: weight <= WEIGHT_CAP_MULTIPLE * MAX_MIN_BOND < 2**96
            WeightedMedian.Entry({value: value, weight: uint96(weight), id: attestationId.toUint32()})
        );
        if (!added) {
            delete _liveAttestation[key][attestation.attester]; // not counted: its attester may try again
            emit ScoreEntrySkipped(key, attestationId);
            return;
        }
        if (evictedId != 0) {
            address evictedAttester = _attestations[evictedId].attester;
            // no longer counted: its attester may attest again (with a heavier bond to get back in)
            if (_liveAttestation[key][evictedAttester] == evictedId) delete _liveAttestation[key][evictedAttester];
            emit ScoreEntryEvicted(key, evictedId);
        }
        emit ScoreEntryAdded(key, attestationId, value, weight);
    }

    function _credit(address account, uint256 amount) private {
        if (amount == 0) return;
        claimable[account] += amount;
        emit Credited(account, amount);
    }


    function _pending(uint256 attestationId) private view returns (Attestation storage attestation) {
        attestation = _attestation(attestationId);
        if (attestation.status != Status.Pending) {
            revert WrongStatus(attestationId, attestation.status, Status.Pending);
        }
    }

    function _challenged(uint256 attestationId) private view returns (Attestation storage attestation) {
        attestation = _attestation(attestationId);
        if (attestation.status != Status.Challenged) {
            revert WrongStatus(attestationId, attestation.status, Status.Challenged);
        }
    }

    function _attestation(uint256 attestationId) private view returns (Attestation storage attestation) {
        attestation = _attestations[attestationId];
        if (attestation.status == Status.None) revert UnknownAttestation(attestationId);
    }

    /// @dev Registered in a block before the attestation's and not exiting.
    function _eligible(Attestation storage attestation, address voter) private view returns (bool) {
        Evaluator memory evaluator = _evaluators[voter];
        return evaluator.bond != 0 && evaluator.registeredBlock < attestation.postedBlock && !evaluator.exiting;
    }

    function _checkClaim(Claim calldata statement) private view {
        uint256 assetId = statement.assetId;
        if (!REGISTRY.exists(assetId)) revert UnknownAsset(assetId);
        IModelRegistry.Asset memory asset = REGISTRY.getAsset(assetId);
        if (asset.status == IModelRegistry.AssetStatus.Retired) revert AssetRetired(assetId);
        if (statement.version == 0 || statement.version > asset.versionCount) {
            revert UnknownVersion(assetId, statement.version, asset.versionCount);
        }
        bytes32 actual = REGISTRY.getVersion(assetId, statement.version).contentHash;
        if (actual != statement.versionHash) {
            revert VersionHashMismatch(assetId, statement.version, statement.versionHash, actual);
        }
        if (statement.evalSetHash == 0 || statement.metricId == 0 || statement.methodHash == 0) revert EmptyClaimField();
    }

    function _checkBounds(string memory name, uint256 value, uint256 minimum, uint256 maximum) private pure {
        if (value < minimum || value > maximum) revert ParameterOutOfBounds(name, value, minimum, maximum);
    }
}
