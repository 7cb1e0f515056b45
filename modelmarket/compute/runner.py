"""The compute provider's job runner: watch ComputeJobs, accept the jobs of its provider assets,
run the approved recipe on the private table, publish the result and post its signed hashes.

Watching is polling `jobCount()` and reading each new job by id: O(new jobs) per poll, robust to
restarts (it only needs the next id to look at) and to dropped event subscriptions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from modelmarket.compute.jobs import JOB_STATUSES
from modelmarket.compute.receipts import sign_result_receipt
from modelmarket.compute.recipes import DEFAULT_PARAMS, Recipe, run_recipe
from modelmarket.compute.results import ResultStore

__all__ = ["ComputeProvider", "JobOutcome"]

ORDERED, ACCEPTED = JOB_STATUSES.index("ordered"), JOB_STATUSES.index("accepted")


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What the provider did with one job."""

    job_id: int
    action: str  # "posted", "skipped" or "failed"
    detail: str


@dataclass
class ComputeProvider:
    """Runs the jobs whose provider asset `account` owns, with the recipes it knows by hash."""

    compute: Any
    registry: Any
    account: Any
    store: ResultStore
    recipes: dict[bytes, Recipe] = field(default_factory=dict)
    next_job: int = 1
    log: Callable[[str], None] = lambda message: None

    @classmethod
    def with_recipes(cls, compute: Any, registry: Any, account: Any, store: ResultStore,
                     recipes: Iterable[Recipe], **kwargs: Any) -> ComputeProvider:
        return cls(compute, registry, account, store, {r.content_hash: r for r in recipes}, **kwargs)

    def poll_once(self) -> list[JobOutcome]:
        """Handles every job ordered since the last poll (and any of ours left accepted)."""
        outcomes = []
        last = int(self.compute.jobCount())
        while self.next_job <= last:
            try:
                outcome = self.handle(self.next_job)
            except Exception as failure:  # one bad job (a revert, a lost race) must not stop the provider
                outcome = JobOutcome(self.next_job, "failed", f"{type(failure).__name__}: {failure}".splitlines()[0])
            if outcome is not None:
                outcomes.append(outcome)
                self.log(f"job {outcome.job_id}: {outcome.action} ({outcome.detail})")
            self.next_job += 1
        return outcomes

    def serve(self, interval: float = 2.0, max_polls: int | None = None) -> None:
        """Polls forever (or `max_polls` times), sleeping `interval` seconds between polls."""
        polls = 0
        while max_polls is None or polls < max_polls:
            self.poll_once()
            polls += 1
            if max_polls is None or polls < max_polls:
                time.sleep(interval)

    def handle(self, job_id: int) -> JobOutcome | None:
        job = self.compute.getJob(job_id)
        if int(job.status) not in (ORDERED, ACCEPTED):
            return None
        owner, _ = self.registry.ownerAndStatus(job.providerAssetId)
        if owner != self.account.address:
            return None  # another provider's job
        if int(job.status) == ACCEPTED and job.provider != self.account.address:
            return None
        recipe = self.recipes.get(bytes(job.algorithmHash))
        if recipe is None:
            return JobOutcome(job_id, "skipped", f"unknown algorithm 0x{bytes(job.algorithmHash).hex()}")
        params_hash = self._params_hash(job_id)
        params = DEFAULT_PARAMS if params_hash == DEFAULT_PARAMS.content_hash else self.store.get_params(params_hash)
        if params is None:
            return JobOutcome(job_id, "skipped", f"parameters 0x{params_hash.hex()} not provided")
        if int(job.status) == ORDERED:
            self.compute.acceptJob(job_id, sender=self.account)
        output = run_recipe(recipe, params, job_id)
        self.store.save(job_id, output)
        from ape import chain

        signature = sign_result_receipt(
            self.account, chain.chain_id, self.compute.address, job_id, bytes(job.algorithmHash),
            output.result_hash, output.log_hash,
        )
        self.compute.postResult(job_id, output.result_hash, output.log_hash, signature, sender=self.account)
        return JobOutcome(job_id, "posted", f"result 0x{output.result_hash.hex()}")

    def _params_hash(self, job_id: int) -> bytes:
        """The job's parameters hash, from its `JobOrdered` event (emitted, not stored): one log query
        filtered by the indexed job id."""
        from ape import chain

        logs = list(self.compute.JobOrdered.range(0, chain.blocks.head.number + 1, search_topics={"jobId": job_id}))
        return bytes(logs[0].paramsHash)
