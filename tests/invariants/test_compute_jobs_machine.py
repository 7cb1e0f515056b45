"""ComputeJobs as a state machine: random orders, cancels, acceptances, results, disputes, rulings,
releases, refunds, claims and time jumps, checked against a ghost after every step.

Invariants: the contract's token balance equals escrow + claimables (≥ is the safety property;
equality shows no token is stranded), escrow is the sum of the prices of open jobs and the bonds
of open disputes, claimables
are what the ghost credited, and each job is paid or refunded exactly once (the ghost's credits of
a closed job add up to its price plus any dispute bond, never more).
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from tests.conftest import listing
from tests.unit.compute_jobs.helpers import (
    ACCEPTED, DISPUTED, MAX_UINT, MIN_SELF_STAKE, ORDERED, POSTED, PRICE, RAW_ALGO, RELEASED, REFUNDED, bond_split,
    dispute_bond, order, post, split, terms,
)

PROVIDER_BPS = 2_500


class ComputeJobsMachine(RuleBasedStateMachine):
    compute: ClassVar[Any]
    token: ClassVar[Any]
    chain: ClassVar[Any]
    consumers: ClassVar[list[Any]]
    provider: ClassVar[Any]
    hospital: ClassVar[Any]
    arbiter: ClassVar[Any]
    treasury: ClassVar[Any]
    dataset: ClassVar[int]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = self.chain.snapshot()
        self.jobs: dict[int, dict[str, Any]] = {}
        self.claimable: dict[str, int] = {}
        self.paid_out: dict[int, int] = {}  # per job: tokens credited to anyone because of it

    def teardown(self) -> None:
        self.chain.restore(self.snapshot)

    # ------------------------------------------------------------------ helpers

    def _credit(self, account: Any, amount: int, job_id: int) -> None:
        address = getattr(account, "address", account)
        self.claimable[address] = self.claimable.get(address, 0) + amount
        self.paid_out[job_id] = self.paid_out.get(job_id, 0) + amount

    def _release(self, job_id: int, amount: int) -> None:
        fee, provider, _, dataset = split(amount, PROVIDER_BPS, 0)
        self._credit(self.treasury, fee, job_id)
        self._credit(self.provider, provider, job_id)
        self._credit(self.hospital, dataset, job_id)
        self.jobs[job_id]["status"] = RELEASED

    def _settle_bond(self, job_id: int, refund: int) -> None:
        returned, provider, fee = bond_split(PRICE, refund)
        self._credit(self.jobs[job_id]["consumer"], returned, job_id)
        self._credit(self.provider, provider, job_id)
        self._credit(self.treasury, fee, job_id)

    def _with(self, status: int) -> list[int]:
        return [j for j, job in self.jobs.items() if job["status"] == status]

    def _now(self) -> int:
        return self.chain.pending_timestamp

    # ------------------------------------------------------------------ rules

    @rule(who=st.integers(0, 1), hours=st.integers(1, 48))
    def order_job(self, who: int, hours: int) -> None:
        consumer = self.consumers[who]
        request = order(self.dataset, self.chain, deadline=self._now() + hours * 3_600)
        self.compute.orderJob(request, sender=consumer)
        job_id = self.compute.jobCount()
        self.jobs[job_id] = {"status": ORDERED, "consumer": consumer, "deadline": request["deadline"], "ends": 0}

    @precondition(lambda self: self._with(ORDERED))
    @rule(pick=st.integers(0, 100))
    def cancel(self, pick: int) -> None:
        job_id = self._with(ORDERED)[pick % len(self._with(ORDERED))]
        self.compute.cancelJob(job_id, sender=self.jobs[job_id]["consumer"])
        self._credit(self.jobs[job_id]["consumer"], PRICE, job_id)
        self.jobs[job_id]["status"] = REFUNDED

    @precondition(lambda self: self._with(ORDERED))
    @rule(pick=st.integers(0, 100))
    def accept_job(self, pick: int) -> None:
        job_id = self._with(ORDERED)[pick % len(self._with(ORDERED))]
        if self._now() > self.jobs[job_id]["deadline"]:
            return
        self.compute.acceptJob(job_id, sender=self.provider)
        self.jobs[job_id]["status"] = ACCEPTED

    @precondition(lambda self: self._with(ACCEPTED))
    @rule(pick=st.integers(0, 100))
    def post_result(self, pick: int) -> None:
        job_id = self._with(ACCEPTED)[pick % len(self._with(ACCEPTED))]
        if self._now() > self.jobs[job_id]["deadline"]:
            return
        post(self.compute, self.chain, self.provider, job_id)
        self.jobs[job_id]["status"] = POSTED
        self.jobs[job_id]["ends"] = self.compute.getJob(job_id).windowEnds

    @precondition(lambda self: self._with(POSTED))
    @rule(pick=st.integers(0, 100))
    def accept_result(self, pick: int) -> None:
        job_id = self._with(POSTED)[pick % len(self._with(POSTED))]
        self.compute.acceptResult(job_id, sender=self.jobs[job_id]["consumer"])
        self._release(job_id, PRICE)

    @precondition(lambda self: self._with(POSTED))
    @rule(pick=st.integers(0, 100))
    def dispute(self, pick: int) -> None:
        job_id = self._with(POSTED)[pick % len(self._with(POSTED))]
        if self._now() > self.jobs[job_id]["ends"]:
            return
        self.compute.disputeResult(job_id, b"\xee" * 32, sender=self.jobs[job_id]["consumer"])
        self.jobs[job_id]["status"] = DISPUTED
        self.jobs[job_id]["bond"] = dispute_bond(PRICE)
        self.jobs[job_id]["ends"] = self.compute.getJob(job_id).windowEnds

    @precondition(lambda self: self._with(DISPUTED))
    @rule(pick=st.integers(0, 100), refund_bps=st.integers(0, 10_000))
    def resolve(self, pick: int, refund_bps: int) -> None:
        job_id = self._with(DISPUTED)[pick % len(self._with(DISPUTED))]
        if self._now() > self.jobs[job_id]["ends"]:
            return
        refund = PRICE * refund_bps // 10_000
        self.compute.resolveDispute(job_id, refund, sender=self.arbiter)
        self._credit(self.jobs[job_id]["consumer"], refund, job_id)
        self._settle_bond(job_id, refund)
        self._release(job_id, PRICE - refund)

    @precondition(lambda self: self._with(POSTED) or self._with(DISPUTED))
    @rule(pick=st.integers(0, 100))
    def release(self, pick: int) -> None:
        candidates = [j for j in self._with(POSTED) + self._with(DISPUTED) if self._now() > self.jobs[j]["ends"]]
        if not candidates:
            return
        job_id = candidates[pick % len(candidates)]
        self.compute.release(job_id, sender=self.treasury)
        if self.jobs[job_id]["status"] == DISPUTED:
            self._settle_bond(job_id, 0)  # unruled: the whole bond is forfeited
        self._release(job_id, PRICE)

    @precondition(lambda self: self._with(ORDERED) or self._with(ACCEPTED))
    @rule(pick=st.integers(0, 100))
    def refund(self, pick: int) -> None:
        candidates = [j for j in self._with(ORDERED) + self._with(ACCEPTED) if self._now() > self.jobs[j]["deadline"]]
        if not candidates:
            return
        job_id = candidates[pick % len(candidates)]
        self.compute.refund(job_id, sender=self.treasury)
        self._credit(self.jobs[job_id]["consumer"], PRICE, job_id)
        self.jobs[job_id]["status"] = REFUNDED

    @rule(who=st.sampled_from(["consumer0", "consumer1", "provider", "hospital", "treasury"]))
    def claim(self, who: str) -> None:
        account = {
            "consumer0": self.consumers[0], "consumer1": self.consumers[1], "provider": self.provider,
            "hospital": self.hospital, "treasury": self.treasury,
        }[who]
        if not self.claimable.get(account.address):
            return
        self.compute.claim(sender=account)
        self.claimable[account.address] = 0

    @rule(hours=st.integers(1, 100))
    def wait(self, hours: int) -> None:
        self.chain.pending_timestamp = self._now() + hours * 3_600
        self.chain.mine()

    # ------------------------------------------------------------------ invariants

    @invariant()
    def balance_covers_escrow_and_claimables(self) -> None:
        escrow, owed = self.compute.totalEscrow(), self.compute.totalClaimable()
        assert self.token.balanceOf(self.compute) >= escrow + owed
        assert self.token.balanceOf(self.compute) == escrow + owed  # nothing stranded either

    @invariant()
    def escrow_is_open_jobs(self) -> None:
        open_jobs = [j for j, job in self.jobs.items() if job["status"] not in (RELEASED, REFUNDED)]
        bonds = sum(job["bond"] for job in self.jobs.values() if job["status"] == DISPUTED)
        assert self.compute.totalEscrow() == PRICE * len(open_jobs) + bonds

    @invariant()
    def claimables_match_ghost(self) -> None:
        for address, amount in self.claimable.items():
            assert self.compute.claimable(address) == amount
        assert self.compute.totalClaimable() == sum(self.claimable.values())

    @invariant()
    def each_job_paid_or_refunded_exactly_once(self) -> None:
        for job_id, job in self.jobs.items():
            closed = job["status"] in (RELEASED, REFUNDED)
            assert self.paid_out.get(job_id, 0) == (PRICE + job.get("bond", 0) if closed else 0)
            assert self.compute.getJob(job_id).status == job["status"]


@pytest.fixture
def configured_compute_machine(market, chain, registry, staking, token, owner, other_owner, consumer, consumer2,
                               arbiter, treasury):
    machine = ComputeJobsMachine
    compute = market.require("ComputeJobs")
    dataset = registry.list(listing(kind=1, contentHash=b"\xda" * 32), sender=owner).events[0].assetId
    service = registry.list(listing(contentHash=b"\xcc" * 32), sender=other_owner).events[0].assetId
    token.approve(staking, MAX_UINT, sender=other_owner)
    staking.stake(service, MIN_SELF_STAKE, sender=other_owner)
    compute.approveAlgorithm(dataset, RAW_ALGO, terms(service, providerBps=PROVIDER_BPS), sender=owner)
    for account in (consumer, consumer2):
        token.approve(compute, MAX_UINT, sender=account)
    machine.compute, machine.token, machine.chain = compute, token, chain
    machine.consumers, machine.provider, machine.hospital = [consumer, consumer2], other_owner, owner
    machine.arbiter, machine.treasury, machine.dataset = arbiter, treasury, dataset
    return machine


def test_compute_jobs_machine(configured_compute_machine):
    deep = bool(os.environ.get("MODELMARKET_DEEP"))
    run_state_machine_as_test(
        configured_compute_machine,
        settings=settings(max_examples=60 if deep else 8, stateful_step_count=30 if deep else 15),
    )
