"""A driver for DataBounties tests: posts a bounty, moves the clock phase by phase, and plays
generators and validators with the real commitments (`modelmarket.bounties.commitments`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelmarket.bounties.commitments import dataset_commitment, score_commitment

TOKEN = 10**18
MAX_UINT = 2**256 - 1
REWARD = 1_000 * TOKEN
BOND = 50 * TOKEN
STAKE = 1_000 * TOKEN
THRESHOLD = 6_000
PHASE = 100  # seconds per phase
SPEC_HASH = b"\x51" * 32
CRITERIA_HASH = b"\xc1" * 32
SPEC_URI = "ipfs://spec"


def salt_of(label: str) -> bytes:
    return label.encode().ljust(32, b"\0")


def data_hash(label: str) -> bytes:
    return label.encode().rjust(32, b"\x0d")


@dataclass
class Driver:
    """Plays one bounty on `contract` (a DataBounties instance)."""

    chain: Any
    contract: Any
    token: Any
    bounty_id: int = 0
    deadlines: tuple[int, int, int, int] = (0, 0, 0, 0)
    submissions: dict[str, int] = field(default_factory=dict)

    def params(self, **overrides: Any) -> dict[str, Any]:
        start = self.chain.pending_timestamp
        params: dict[str, Any] = {
            "specHash": SPEC_HASH,
            "specURI": SPEC_URI,
            "criteriaHash": CRITERIA_HASH,
            "reward": REWARD,
            "generatorBond": BOND,
            "acceptThresholdBps": THRESHOLD,
            "sourceAssetId": 0,
            "submitDeadline": start + PHASE,
            "datasetRevealDeadline": start + 2 * PHASE,
            "scoreCommitDeadline": start + 3 * PHASE,
            "scoreRevealDeadline": start + 4 * PHASE,
        }
        params.update(overrides)
        return params

    def post(self, requester: Any, **overrides: Any) -> int:
        params = self.params(**overrides)
        self.token.approve(self.contract, MAX_UINT, sender=requester)
        receipt = self.contract.postBounty(params, sender=requester)
        self.bounty_id = receipt.events.filter(self.contract.BountyPosted)[0].bountyId
        self.deadlines = (
            params["submitDeadline"],
            params["datasetRevealDeadline"],
            params["scoreCommitDeadline"],
            params["scoreRevealDeadline"],
        )
        return self.bounty_id

    def after(self, phase_index: int) -> None:
        """Moves the clock just past deadline `phase_index` (0: submit … 3: score reveal)."""
        self.chain.pending_timestamp = self.deadlines[phase_index] + 1

    def submit(self, generator: Any, label: str) -> int:
        self.token.approve(self.contract, MAX_UINT, sender=generator)
        commitment = dataset_commitment(data_hash(label), salt_of(label), generator.address, self.bounty_id)
        receipt = self.contract.submit(self.bounty_id, commitment, sender=generator)
        submission_id = receipt.events.filter(self.contract.SubmissionCommitted)[0].submissionId
        self.submissions[label] = submission_id
        return submission_id

    def reveal_dataset(self, generator: Any, label: str) -> None:
        self.contract.revealDataset(
            self.submissions[label], data_hash(label), salt_of(label), f"file://{label}.csv", sender=generator
        )

    def stake(self, validator: Any, amount: int = STAKE) -> None:
        self.token.approve(self.contract, MAX_UINT, sender=validator)
        self.contract.depositStake(amount, sender=validator)

    def join(self, validator: Any, amount: int = STAKE) -> None:
        if amount:
            self.stake(validator, amount)
        self.contract.joinBounty(self.bounty_id, sender=validator)

    def commit(self, validator: Any, label: str, score: int) -> None:
        submission_id = self.submissions[label]
        commitment = score_commitment(score, salt_of(f"{label}/{score}"), validator.address, submission_id)
        self.contract.commitScore(submission_id, commitment, sender=validator)

    def reveal(self, validator: Any, label: str, score: int) -> None:
        self.contract.revealScore(self.submissions[label], score, salt_of(f"{label}/{score}"), sender=validator)

    def play(
        self,
        requester: Any,
        generators: dict[str, Any],
        validators: list[tuple[Any, int, dict[str, int | None]]],
        **overrides: Any,
    ) -> Any:
        """A whole bounty: `generators` label → account (all reveal); `validators` (account, stake,
        scores by label; None = commits but never reveals). Returns the finalize receipt."""
        self.post(requester, **overrides)
        for label, generator in generators.items():
            self.submit(generator, label)
        for validator, stake, _ in validators:
            self.join(validator, stake)
        self.after(0)
        for label, generator in generators.items():
            self.reveal_dataset(generator, label)
        self.after(1)
        for validator, _, scores in validators:
            for label, score in scores.items():
                self.commit(validator, label, 0 if score is None else score)
        self.after(2)
        for validator, _, scores in validators:
            for label, score in scores.items():
                if score is not None:
                    self.reveal(validator, label, score)
        self.after(3)
        return self.contract.finalize(self.bounty_id, sender=requester)
