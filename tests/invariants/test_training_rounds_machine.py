"""Stateful test of TrainingRounds: random commits, reveals, honest and wrong aggregates, challenges,
on-chain aggregation, time jumps, advancing, finalizing and claiming, checked after every step
against a Python ghost.

Invariants after every step:
* the contract holds at least what it owes: reward pool + unclaimed bonds + credits (− what was paid);
* each participant's contribution and the task's total equal the ghost's (sum of its reveals);
* the phase the contract reports equals the ghost's, computed from the clock and the ghost's round
  start and post time (checked away from phase boundaries);
* the model hash is the FedAvg of the last non-empty accepted round, recomputed in Python;
* a wrong aggregate never survives a challenge; a correct one is never slashed.
Teardown: the task is driven to the end and everyone claims; only rounding dust may remain.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from modelmarket.training import chain as training_chain
from modelmarket.training import fixedpoint
from tests.conftest import TOKEN, listing

PHASE = 600
MARGIN = 30
DIMENSION = 3
ROUNDS = 3
POOL = 900 * TOKEN
BOND = 10 * TOKEN
AGGREGATOR_BOND = 100 * TOKEN
ZERO = b"\0" * 32

values_st = st.lists(st.integers(min_value=-(2**40), max_value=2**40), min_size=DIMENSION, max_size=DIMENSION)
samples_st = st.integers(min_value=1, max_value=1_000)


class TrainingRoundsMachine(RuleBasedStateMachine):
    chain: ClassVar[Any]
    training: ClassVar[Any]
    token: ClassVar[Any]
    base: ClassVar[int]
    coordinator: ClassVar[Any]
    aggregator: ClassVar[Any]
    watcher: ClassVar[Any]
    members: ClassVar[list[Any]]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = self.chain.snapshot()
        params = training_chain.open_params(
            base_model_id=self.base, aggregator=self.aggregator.address, reward_pool=POOL, dimension=DIMENSION,
            rounds=ROUNDS, allow_list=[m.address for m in self.members], min_bond=BOND, aggregator_bond=AGGREGATOR_BOND,
            phase_seconds=(PHASE,) * 4,
        )
        self.task = training_chain.open_task(self.training, self.token, self.coordinator, params)
        for member in self.members:
            training_chain.join(self.training, self.token, self.task, member)
        training_chain.bond_aggregator(self.training, self.token, self.task, self.aggregator)
        task = self.training.getTask(self.task)
        self.round_start = int(task.roundStart)
        self.round = 0
        self.status = "Running"
        self.openings: dict[str, training_chain.Opening] = {}
        self.revealed: dict[str, tuple[list[int], int]] = {}
        self.contributed = {m.address: 0 for m in self.members}
        self.pool = POOL
        self.aggregator_bond = AGGREGATOR_BOND
        self.slashed = False
        self.credits = 0
        self.posted_at: int | None = None
        self.posted_wrong = False
        self.model_hash = ZERO
        self.paid = 0

    # ------------------------------------------------------------------ the ghost's clock

    def now(self) -> int:
        return int(self.chain.blocks.head.timestamp)

    def boundaries(self) -> list[int]:
        b = [self.round_start + PHASE, self.round_start + 2 * PHASE, self.round_start + 3 * PHASE]
        if self.posted_at is not None:
            b.append(self.posted_at + PHASE)
        return b

    def phase(self, at: int | None = None) -> str:
        t = self.now() if at is None else at
        if self.status != "Running":
            return self.status
        if t < self.round_start + PHASE:
            return "Commit"
        if t < self.round_start + 2 * PHASE:
            return "Reveal"
        if self.posted_at is not None:
            return "Challenge" if t < self.posted_at + PHASE else "Acceptable"
        if not self.revealed:
            return "Acceptable"
        return "Aggregate" if t < self.round_start + 3 * PHASE else "Overdue"

    def settled(self) -> bool:
        """Far enough from every boundary that a call lands in the phase the ghost predicts."""
        t = self.now()
        return all(abs(t - b) > MARGIN for b in self.boundaries())

    def accept(self, aggregate_hash: bytes) -> None:
        if aggregate_hash != ZERO:
            self.model_hash = aggregate_hash
        self.posted_at, self.posted_wrong = None, False
        self.openings, self.revealed = {}, {}
        if self.round + 1 == ROUNDS:
            self.status = "Trained"
        else:
            self.round += 1
            self.round_start = int(self.training.getTask(self.task).roundStart)

    # ------------------------------------------------------------------ rules

    @rule(index=st.integers(0, 2), values=values_st, samples=samples_st)
    def commit(self, index: int, values: list[int], samples: int) -> None:
        member = self.members[index]
        if not self.settled() or self.phase() != "Commit" or member.address in self.revealed:
            return
        self.openings[member.address] = training_chain.commit(self.training, self.task, member, values, samples)

    @rule(index=st.integers(0, 2))
    def reveal(self, index: int) -> None:
        member = self.members[index]
        opening = self.openings.get(member.address)
        if opening is None or not self.settled() or self.phase() != "Reveal" or member.address in self.revealed:
            return
        training_chain.reveal(self.training, self.task, member, opening)
        self.revealed[member.address] = (opening.values, opening.samples)
        self.contributed[member.address] += opening.samples

    @rule(index=st.integers(0, 2), values=values_st, samples=samples_st)
    def commit_relayed(self, index: int, values: list[int], samples: int) -> None:
        """The member signs its commitment; the watcher submits it with `commitBatch`."""
        member = self.members[index]
        if not self.settled() or self.phase() != "Commit" or member.address in self.revealed:
            return
        opening = training_chain.new_opening(values, samples)
        signed = training_chain.signed_commit(self.training, self.task, member, opening)
        training_chain.commit_batch(self.training, self.task, [signed], self.watcher)
        self.openings[member.address] = opening

    @rule()
    def reveal_relayed(self) -> None:
        """The watcher submits every committed, unrevealed opening with one `revealBatch`."""
        if not self.settled() or self.phase() != "Reveal":
            return
        pending = {a: o for a, o in self.openings.items() if a not in self.revealed}
        if not pending:
            return
        training_chain.reveal_batch(self.training, self.task, pending, self.watcher)
        for address, opening in pending.items():
            self.revealed[address] = (opening.values, opening.samples)
            self.contributed[address] += opening.samples

    @rule(jump=st.sampled_from(["next", "small"]))
    def wait(self, jump: str) -> None:
        t = self.now()
        if jump == "small":
            target = t + 3 * MARGIN
        else:
            later = [b for b in self.boundaries() if b > t]
            if not later:
                return
            target = min(later) + 2 * MARGIN
        self.chain.mine(timestamp=target)

    @rule(wrong=st.booleans())
    def post(self, wrong: bool) -> None:
        if self.slashed or not self.settled() or self.phase() != "Aggregate":
            return
        average, root = fixedpoint.aggregate_round(self.revealed)
        if wrong:
            average = [average[0] + 1, *average[1:]]
        self.training.postAggregate(self.task, fixedpoint.pack(average), root, len(self.revealed), sender=self.aggregator)
        self.posted_at, self.posted_wrong = self.now(), wrong

    @rule()
    def challenge(self) -> None:
        if not self.settled() or self.phase() != "Challenge":
            return
        inputs = training_chain.round_inputs(self.revealed)
        if not self.posted_wrong:
            import ape

            with ape.reverts():
                self.training.challengeAggregate(self.task, *inputs, sender=self.watcher)
            return
        self.training.challengeAggregate(self.task, *inputs, sender=self.watcher)
        self.slash()
        self.accept(fixedpoint.update_hash(fixedpoint.aggregate_round(self.revealed)[0]))

    def slash(self) -> None:
        to_watcher = self.aggregator_bond // 2
        self.credits += to_watcher
        self.pool += self.aggregator_bond - to_watcher
        self.aggregator_bond, self.slashed = 0, True

    @rule()
    def aggregate_on_chain(self) -> None:
        phase = self.phase()
        if not self.settled() or not (phase == "Overdue" or (phase == "Aggregate" and self.slashed)):
            return
        self.training.aggregateOnChain(self.task, *training_chain.round_inputs(self.revealed), sender=self.watcher)
        if not self.slashed:
            self.slash()
        self.accept(fixedpoint.update_hash(fixedpoint.aggregate_round(self.revealed)[0]))

    @rule()
    def advance(self) -> None:
        if not self.settled() or self.phase() != "Acceptable":
            return
        posted = self.posted_at is not None
        self.training.advance(self.task, sender=self.watcher)
        self.accept(bytes(self.training.getTask(self.task).postedAggregateHash) if posted else ZERO)

    @rule()
    def finalize(self) -> None:
        if self.status != "Trained":
            return
        self.training.finalize(self.task, sender=self.watcher)
        self.status = "Finalized"

    # ------------------------------------------------------------------ invariants

    @invariant()
    def holds_what_it_owes(self) -> None:
        owed = self.pool + BOND * len(self.members) + self.aggregator_bond + self.credits - self.paid
        assert self.token.balanceOf(self.training.address) >= owed

    @invariant()
    def contributions_match(self) -> None:
        for address, amount in self.contributed.items():
            assert self.training.contributionOf(self.task, address) == amount
        assert self.training.getTask(self.task).totalContributed == sum(self.contributed.values())

    @invariant()
    def phase_matches(self) -> None:
        if self.settled():
            names = training_chain.PHASES
            assert names[int(self.training.phaseOf(self.task))] == self.phase()

    @invariant()
    def model_is_the_last_accepted_fedavg(self) -> None:
        assert bytes(self.training.getTask(self.task).modelHash) == self.model_hash

    def teardown(self) -> None:
        try:
            self.drive_to_the_end()
        finally:
            self.chain.restore(self.snapshot)

    def drive_to_the_end(self) -> None:
        for _ in range(4 * ROUNDS + 4):  # bounded: each pass moves at least one phase
            if self.status == "Finalized":
                break
            self.wait("next")
            self.challenge()
            self.aggregate_on_chain()
            self.advance()
            self.finalize()
        assert self.status == "Finalized"
        before = self.token.balanceOf(self.training.address)
        for account in (*self.members, self.aggregator, self.watcher, self.coordinator):
            owed = int(self.training.claimableOf(self.task, account))
            if owed:
                self.training.claim(self.task, sender=account)
                self.paid += owed
        assert before - self.token.balanceOf(self.training.address) == self.paid
        assert self.token.balanceOf(self.training.address) <= len(self.members)  # reward rounding dust


@pytest.fixture
def configured_machine(chain, market, registry, accounts):
    machine = TrainingRoundsMachine
    machine.chain = chain
    machine.training = market.require("TrainingRounds")
    machine.token = market.token
    machine.coordinator, machine.aggregator, machine.watcher = accounts[7], accounts[6], accounts[9]
    machine.members = [accounts[3], accounts[4], accounts[5]]
    for account in (*machine.members, machine.coordinator, machine.aggregator, machine.watcher):
        if market.token.balanceOf(account) < 10_000 * TOKEN:
            market.token.transfer(account, 10_000 * TOKEN, sender=accounts[0])
    machine.base = registry.list(listing(), sender=machine.coordinator).events.filter(registry.AssetListed)[0].assetId
    return machine


def test_training_rounds_machine(configured_machine):
    import os

    examples = 60 if os.environ.get("MODELMARKET_DEEP") else 8
    run_state_machine_as_test(configured_machine, settings=settings(settings(), max_examples=examples, stateful_step_count=25))
