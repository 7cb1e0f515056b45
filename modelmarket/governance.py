"""Governance: deploy the Governor and its timelock, hand every contract to the timelock, and drive
proposals (propose, vote, queue, execute, show).

`hand_over` is generic: every contract of the marketplace that the deployer owns (OpenZeppelin
`Ownable` or `Ownable2Step`, found from its ABI) moves to the timelock, so a contract added to
`deploy_marketplace` later is governed without a change here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from modelmarket import bindings
from modelmarket.keccak import keccak

if TYPE_CHECKING:
    from ape.api import AccountAPI
    from ape.contracts import ContractInstance

    from modelmarket.deploy import Marketplace

HOUR = 3600
DAY = 24 * HOUR

#: Chain ids of development chains (anvil, hardhat, ganache): governance runs in minutes there.
LOCAL_CHAIN_IDS = frozenset({31337, 1337})

ZERO_BYTES32 = b"\0" * 32


@dataclass(frozen=True)
class GovernanceParams:
    """Governor and timelock settings of one network (all durations in seconds: the token's clock is
    the block timestamp)."""

    voting_delay: int
    voting_period: int
    timelock_delay: int
    quorum_percent: int
    #: Votes needed to propose, in bps of the token supply at deploy.
    proposal_threshold_bps: int
    #: How long a guardian's takedown waits for ratification; longer than a whole governance cycle.
    ratification_window: int

    @property
    def cycle(self) -> int:
        """Shortest time from proposal to execution."""
        return self.voting_delay + self.voting_period + self.timelock_delay


#: Live-network settings, like the protocols they follow (sources in README "Governance"):
#: 1-day voting delay and 7-day voting period (Uniswap Governor Bravo: ~2 days / 7 days; Compound:
#: 2 days / 3 days), 4 % quorum (Uniswap: 40M of 1B UNI), 2-day timelock (Compound and Uniswap
#: Timelock minimum), 0.1 % proposal threshold (Uniswap: 1M of 1B UNI), 14-day ratification window
#: (> the 10-day cycle).
LIVE = GovernanceParams(
    voting_delay=1 * DAY,
    voting_period=7 * DAY,
    timelock_delay=2 * DAY,
    quorum_percent=4,
    proposal_threshold_bps=10,
    ratification_window=14 * DAY,
)

#: Development chains: the same shape in minutes, so tests and the demo time-travel through it.
LOCAL = GovernanceParams(
    voting_delay=60,
    voting_period=5 * 60,
    timelock_delay=2 * 60,
    quorum_percent=4,
    proposal_threshold_bps=0,
    ratification_window=HOUR,
)


def params_for(chain_id: int) -> GovernanceParams:
    """The settings for a chain: minutes on development chains, days elsewhere."""
    return LOCAL if chain_id in LOCAL_CHAIN_IDS else LIVE


class ProposalState(IntEnum):
    """OpenZeppelin `IGovernor.ProposalState`."""

    PENDING = 0
    ACTIVE = 1
    CANCELED = 2
    DEFEATED = 3
    SUCCEEDED = 4
    QUEUED = 5
    EXPIRED = 6
    EXECUTED = 7


class Support(IntEnum):
    """`GovernorCountingSimple` vote types."""

    AGAINST = 0
    FOR = 1
    ABSTAIN = 2


@dataclass(frozen=True)
class Action:
    """One call a proposal makes from the timelock."""

    target: str
    calldata: bytes
    value: int = 0


@dataclass(frozen=True)
class Proposal:
    """A proposal as `ProposalCreated` recorded it, with what it takes to queue and execute it."""

    proposal_id: int
    proposer: str
    actions: tuple[Action, ...]
    description: str
    vote_start: int
    vote_end: int

    @property
    def description_hash(self) -> bytes:
        return keccak(self.description.encode())

    def arguments(self) -> tuple[list[str], list[int], list[bytes], bytes]:
        """(targets, values, calldatas, descriptionHash) as `queue` and `execute` take them."""
        return (
            [a.target for a in self.actions],
            [a.value for a in self.actions],
            [a.calldata for a in self.actions],
            self.description_hash,
        )


def call(contract: ContractInstance, method: str, *args: Any) -> Action:
    """An action calling `contract.method(*args)`, encoded from the contract's ABI."""
    return Action(target=contract.address, calldata=bytes(getattr(contract, method).encode_input(*args)))


def role(name: str) -> bytes:
    """A TimelockController role id (`keccak256("PROPOSER_ROLE")`, ...)."""
    return keccak(name.encode())


PROPOSER_ROLE = role("PROPOSER_ROLE")
EXECUTOR_ROLE = role("EXECUTOR_ROLE")
CANCELLER_ROLE = role("CANCELLER_ROLE")
DEFAULT_ADMIN_ROLE = ZERO_BYTES32
TIMELOCK_ROLES = {
    "proposer": PROPOSER_ROLE,
    "executor": EXECUTOR_ROLE,
    "canceller": CANCELLER_ROLE,
    "admin": DEFAULT_ADMIN_ROLE,
}


def ownable_contracts(market: Marketplace, owner: str) -> list[str]:
    """Names of the marketplace's contracts that `owner` owns (an `owner()` in the ABI and a
    `transferOwnership`), in deployment order."""
    names = []
    for name, contract in market.contracts.items():
        methods = {abi.name for abi in contract.contract_type.abi if abi.type == "function"}
        if {"owner", "transferOwnership"} <= methods and contract.owner() == owner:
            names.append(name)
    return names


def hand_over(market: Marketplace, deployer: AccountAPI, timelock: ContractInstance) -> list[str]:
    """Make `timelock` the owner of every contract `deployer` owns; return their names.

    `Ownable2Step` contracts need the timelock to accept: the deployer, still the timelock's admin,
    proposer and executor while its delay is 0, schedules and executes one batch of
    `acceptOwnership` calls. The caller then arms the timelock (`arm_timelock`).
    """
    names = ownable_contracts(market, deployer.address)
    accepts: list[Action] = []
    for name in names:
        contract = market.contracts[name]
        contract.transferOwnership(timelock.address, sender=deployer)
        if any(abi.name == "acceptOwnership" for abi in contract.contract_type.abi if abi.type == "function"):
            accepts.append(call(contract, "acceptOwnership"))
    if accepts:
        run_as_timelock(timelock, deployer, accepts)
    return names


def run_as_timelock(timelock: ContractInstance, operator: AccountAPI, actions: list[Action]) -> None:
    """Schedule and execute `actions` as one batch (only while the timelock's delay is 0)."""
    args = ([a.target for a in actions], [a.value for a in actions], [a.calldata for a in actions], ZERO_BYTES32)
    salt = keccak(b"modelmarket handover")
    timelock.scheduleBatch(*args, salt, 0, sender=operator)
    timelock.executeBatch(*args, salt, sender=operator)


def arm_timelock(
    timelock: ContractInstance, governor: ContractInstance, deployer: AccountAPI, delay: int
) -> None:
    """Set the real delay, make the governor the only proposer, canceller and executor, and drop
    every role of the deployer: afterwards only proposals that passed a vote reach the contracts."""
    run_as_timelock(timelock, deployer, [call(timelock, "updateDelay", delay)])
    for role_id in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE):
        timelock.grantRole(role_id, governor.address, sender=deployer)
    for role_id in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE, DEFAULT_ADMIN_ROLE):
        timelock.renounceRole(role_id, deployer.address, sender=deployer)


def deploy_governance(
    market: Marketplace,
    deployer: AccountAPI,
    *,
    params: GovernanceParams | None = None,
    guardian: str | None = None,
    save: bool = True,
) -> Marketplace:
    """Deploy `MarketTimelock` and `MarketGovernor` over the market's token, name the guardian, hand
    every contract the deployer owns to the timelock, and record both in the deployment."""
    from ape import chain

    from modelmarket.addresses import ZERO_ADDRESS

    params = params or params_for(chain.chain_id)
    token = market.contracts["MarketToken"]
    timelock = bindings.container("MarketTimelock").deploy(
        0, [deployer.address], [deployer.address], deployer.address, sender=deployer
    )
    threshold = int(token.totalSupply()) * params.proposal_threshold_bps // 10_000
    governor = bindings.container("MarketGovernor").deploy(
        token.address,
        timelock.address,
        params.voting_delay,
        params.voting_period,
        threshold,
        params.quorum_percent,
        sender=deployer,
    )
    registry = market.contracts["ModelRegistry"]
    registry.setGuardian(guardian or ZERO_ADDRESS, params.ratification_window, sender=deployer)
    handed = hand_over(market, deployer, timelock)
    arm_timelock(timelock, governor, deployer, params.timelock_delay)

    market.contracts["MarketTimelock"] = timelock
    market.contracts["MarketGovernor"] = governor
    record = market.deployment
    record.contracts["MarketTimelock"] = timelock.address
    record.contracts["MarketGovernor"] = governor.address
    record.params.update({f"governance.{key}": value for key, value in asdict(params).items()})
    record.params["governance.guardian"] = guardian or ZERO_ADDRESS
    record.params["governance.owned"] = ",".join(handed)
    if save:
        record.save()
    return market


def propose(
    governor: ContractInstance, actions: list[Action], description: str, sender: AccountAPI
) -> Proposal:
    """Submit a proposal; returns it as recorded on chain."""
    receipt = governor.propose(
        [a.target for a in actions], [a.value for a in actions], [a.calldata for a in actions], description,
        sender=sender,
    )
    log = next(iter(receipt.decode_logs(governor.ProposalCreated)))
    return _proposal(log)


def _proposal(log: Any) -> Proposal:
    args = log.event_arguments
    actions = tuple(
        Action(target=str(t), value=int(v), calldata=bytes(c))
        for t, v, c in zip(args["targets"], args["values"], args["calldatas"], strict=True)
    )
    return Proposal(
        proposal_id=int(args["proposalId"]),
        proposer=str(args["proposer"]),
        actions=actions,
        description=str(args["description"]),
        vote_start=int(args["voteStart"]),
        vote_end=int(args["voteEnd"]),
    )


def find_proposal(governor: ContractInstance, proposal_id: int, start_block: int = 0) -> Proposal:
    """The proposal `proposal_id` from its `ProposalCreated` event; `LookupError` when none."""
    from ape import chain

    for log in governor.ProposalCreated.range(start_block, chain.blocks.head.number + 1):
        if int(log.event_arguments["proposalId"]) == proposal_id:
            return _proposal(log)
    raise LookupError(f"no proposal {proposal_id} on governor {governor.address}")


def vote(
    governor: ContractInstance, proposal_id: int, support: Support, sender: AccountAPI, reason: str = ""
) -> None:
    if reason:
        governor.castVoteWithReason(proposal_id, int(support), reason, sender=sender)
    else:
        governor.castVote(proposal_id, int(support), sender=sender)


def queue(governor: ContractInstance, proposal: Proposal, sender: AccountAPI) -> int:
    """Queue a succeeded proposal in the timelock; returns when it becomes executable (timestamp)."""
    governor.queue(*proposal.arguments(), sender=sender)
    return int(governor.proposalEta(proposal.proposal_id))


def execute(governor: ContractInstance, proposal: Proposal, sender: AccountAPI) -> None:
    """Execute a queued proposal once its timelock delay has passed."""
    governor.execute(*proposal.arguments(), sender=sender)


@dataclass(frozen=True)
class ProposalStatus:
    state: ProposalState
    votes_for: int
    votes_against: int
    votes_abstain: int
    quorum: int
    snapshot: int
    deadline: int
    eta: int


def status(governor: ContractInstance, proposal_id: int) -> ProposalStatus:
    """Where a proposal stands: its state, the votes, the quorum it needs, and its times."""
    against, for_, abstain = governor.proposalVotes(proposal_id)
    snapshot = int(governor.proposalSnapshot(proposal_id))
    # The quorum is read at the snapshot, which must be in the past (pending proposals: not yet known).
    quorum = int(governor.quorum(snapshot)) if snapshot < int(governor.clock()) else 0
    return ProposalStatus(
        state=ProposalState(int(governor.state(proposal_id))),
        votes_for=int(for_),
        votes_against=int(against),
        votes_abstain=int(abstain),
        quorum=quorum,
        snapshot=snapshot,
        deadline=int(governor.proposalDeadline(proposal_id)),
        eta=int(governor.proposalEta(proposal_id)),
    )


def advance_time(seconds: int) -> None:
    """Development chains only: move the clock `seconds` ahead and mine a block."""
    from ape import chain

    if chain.chain_id not in LOCAL_CHAIN_IDS:
        raise RuntimeError(f"time travel is only for development chains, not chain {chain.chain_id}")
    chain.mine(1, timestamp=chain.pending_timestamp + seconds)
