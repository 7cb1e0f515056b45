"""Fixtures for the TrainingRounds tests: a base model, three hospitals, an aggregator, and a flow
helper that moves a task through its phases (the attack and state-machine tests reuse it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from modelmarket.training import chain as training_chain
from modelmarket.training import fixedpoint
from tests.conftest import TOKEN

POOL = 1_000 * TOKEN
MIN_BOND = 10 * TOKEN
AGGREGATOR_BOND = 100 * TOKEN
PHASE = 60
DIMENSION = 4


@dataclass
class Flow:
    """Drives tasks of one TrainingRounds contract: opening, phase changes, commits and reveals."""

    chain: Any
    training: Any
    token: Any
    base_model: int
    openings: dict[tuple[int, int, str], training_chain.Opening] = field(default_factory=dict)

    def params(self, aggregator, allow_list, **overrides: Any) -> dict[str, Any]:
        params = training_chain.open_params(
            base_model_id=self.base_model,
            aggregator=aggregator.address,
            reward_pool=POOL,
            dimension=DIMENSION,
            rounds=2,
            allow_list=[a.address for a in allow_list],
            min_bond=MIN_BOND,
            aggregator_bond=AGGREGATOR_BOND,
            max_samples=10_000,
            phase_seconds=(PHASE, PHASE, PHASE, PHASE),
        )
        params.update(overrides)
        return params

    def open(self, coordinator, aggregator, allow_list, **overrides: Any) -> int:
        return training_chain.open_task(self.training, self.token, coordinator, self.params(aggregator, allow_list, **overrides))

    def join(self, task_id: int, *participants) -> None:
        for participant in participants:
            training_chain.join(self.training, self.token, task_id, participant)

    def bond(self, task_id: int, aggregator) -> None:
        training_chain.bond_aggregator(self.training, self.token, task_id, aggregator)

    def goto(self, task_id: int, phase: str) -> None:
        """Pin the next block to the first second of `phase` of the current round."""
        task = self.training.getTask(task_id)
        start = int(task.roundStart)
        offsets = {
            "Commit": 0,
            "Reveal": int(task.commitSeconds),
            "Aggregate": int(task.commitSeconds) + int(task.revealSeconds),
            "Overdue": int(task.commitSeconds) + int(task.revealSeconds) + int(task.aggregateSeconds),
        }
        if phase == "Acceptable":
            target = int(task.postedAt) + int(task.challengeSeconds)
        else:
            target = start + offsets[phase]
        if target > self.chain.pending_timestamp:
            self.chain.pending_timestamp = target

    def commit(self, task_id: int, participant, values: list[int], samples: int, epsilon: int = 0):
        opening = training_chain.commit(self.training, task_id, participant, values, samples, epsilon)
        round_ = int(self.training.getTask(task_id).round)
        self.openings[(task_id, round_, participant.address)] = opening
        return opening

    def reveal(self, task_id: int, participant) -> Any:
        round_ = int(self.training.getTask(task_id).round)
        return training_chain.reveal(self.training, task_id, participant, self.openings[(task_id, round_, participant.address)])

    def reveals(self, task_id: int) -> dict[str, tuple[list[int], int]]:
        """This round's revealed updates, as recorded by this helper."""
        task = self.training.getTask(task_id)
        round_ = int(task.round)
        out = {}
        for (tid, rnd, address), opening in self.openings.items():
            if tid == task_id and rnd == round_ and int(self.training.getMember(task_id, address).revealedRound) == round_ + 1:
                out[address] = (opening.values, opening.samples)
        return out

    def inputs(self, task_id: int) -> tuple[list[str], list[bytes]]:
        return training_chain.round_inputs(self.reveals(task_id))

    def honest(self, task_id: int) -> tuple[list[int], bytes]:
        return fixedpoint.aggregate_round(self.reveals(task_id))

    def post(self, task_id: int, aggregator, values: list[int] | None = None, root: bytes | None = None, count=None):
        average, honest_root = self.honest(task_id)
        reveals = self.reveals(task_id)
        return self.training.postAggregate(
            task_id,
            fixedpoint.pack(average if values is None else values),
            honest_root if root is None else root,
            len(reveals) if count is None else count,
            sender=aggregator,
        )

    def play_round(self, task_id: int, updates: dict[Any, tuple[list[int], int]], aggregator) -> None:
        """Commit, reveal, post honestly and accept one round."""
        self.goto(task_id, "Commit")
        for participant, (values, samples) in updates.items():
            self.commit(task_id, participant, values, samples)
        self.goto(task_id, "Reveal")
        for participant in updates:
            self.reveal(task_id, participant)
        self.goto(task_id, "Aggregate")
        self.post(task_id, aggregator)
        self.goto(task_id, "Acceptable")
        self.training.advance(task_id, sender=aggregator)


@pytest.fixture(scope="session")
def training(market):
    return market.require("TrainingRounds")


@pytest.fixture(scope="session")
def hospitals(owner, other_owner, delegator):
    return [owner, other_owner, delegator]


@pytest.fixture(scope="session")
def aggregator(delegator2):
    return delegator2


@pytest.fixture(scope="session")
def coordinator(consumer):
    return consumer


@pytest.fixture(scope="session")
def challenger(stranger):
    return stranger


@pytest.fixture(scope="session")
def outsider(consumer2):
    return consumer2


@pytest.fixture
def base_model(list_asset, coordinator) -> int:
    return list_asset(sender=coordinator)


@pytest.fixture
def flow(chain, training, token, base_model) -> Flow:
    return Flow(chain, training, token, base_model)


@pytest.fixture
def task(flow, coordinator, aggregator, hospitals) -> int:
    """An open 2-round task: all three hospitals joined, the aggregator bonded, round 0 in its commit phase."""
    task_id = flow.open(coordinator, aggregator, hospitals)
    flow.join(task_id, *hospitals)
    flow.bond(task_id, aggregator)
    return task_id


#: Three small updates (fixed point) with distinct sample counts: a non-trivial weighted average.
UPDATES = [([3 * 2**20, -5, 7, -(2**40)], 120), ([-1, 2**30, 0, 13], 45), ([99, -98, 2**50, -7], 300)]


@pytest.fixture
def revealed(flow, task, hospitals) -> int:
    """`task` with every hospital committed and revealed in round 0, now in its aggregate phase."""
    for hospital, (values, samples) in zip(hospitals, UPDATES, strict=True):
        flow.commit(task, hospital, values, samples)
    flow.goto(task, "Reveal")
    for hospital in hospitals:
        flow.reveal(task, hospital)
    flow.goto(task, "Aggregate")
    return task


#: Participants' royalty on the trained model in the royalty tests (base royalty stays 500 bps).
PARTICIPANTS_BPS = 1_000


@dataclass
class RoyaltyTask:
    """A finalized task with a participants royalty: hospitals 0 and 1 contributed, hospital 2 joined,
    committed and never revealed."""

    task_id: int
    model: int
    contributions: int


@pytest.fixture
def royalty_task(flow, training, coordinator, aggregator, hospitals, outsider) -> RoyaltyTask:
    task_id = flow.open(coordinator, aggregator, hospitals, participantsRoyaltyBps=PARTICIPANTS_BPS)
    flow.join(task_id, *hospitals)
    flow.bond(task_id, aggregator)
    flow.commit(task_id, hospitals[2], *UPDATES[2])  # never revealed
    flow.play_round(task_id, {hospitals[0]: UPDATES[0], hospitals[1]: UPDATES[1]}, aggregator)
    flow.play_round(task_id, {hospitals[1]: UPDATES[2]}, aggregator)
    training.finalize(task_id, sender=outsider)
    task = training.getTask(task_id)
    return RoyaltyTask(task_id, int(task.modelAssetId), int(task.contributionsAssetId))


@pytest.fixture
def earn(chain, payments, token, coordinator, consumer2):
    """Factory: `amount` of revenue for `model` (a consumer's voucher redeemed by the model's owner), settled."""
    from tests.unit.usage_payments.conftest import sign_voucher

    paid: dict[int, int] = {}

    def _earn(model: int, amount: int) -> None:
        token.approve(payments.address, amount, sender=consumer2)
        payments.deposit(amount, sender=consumer2)
        payments.allocate(model, amount, sender=consumer2)
        paid[model] = paid.get(model, 0) + amount
        voucher, signature = sign_voucher(consumer2, payments, consumer2, model, paid[model], chain.pending_timestamp + 3_600)
        payments.redeem(voucher, signature, sender=coordinator)
        payments.settle(model, sender=coordinator)

    return _earn
