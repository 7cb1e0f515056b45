"""DataBounties as a hypothesis state machine: conservation, capped losses and exit.

Rules post bounties, submit (and sometimes never reveal), join validators, commit and reveal random
scores (sometimes never), move the clock, finalize, claim and withdraw, in random orders. After every
step:
- conservation: the contract's token balance equals what went in minus what went out (ghost), and
  equals what it owes (stakes + claimable + unfinalized rewards and bonds + accepted rewards not yet
  linked): no token is created or destroyed, none is stuck;
- a validator never loses more than 5 % of its weight in a bounty, and its EMA stays within 0..10,000.
Teardown: every bounty can be finalized after its deadline by a stranger, and then everyone exits
with everything the contract owes them except accepted rewards awaiting their registry listing.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from modelmarket.bounties.commitments import dataset_commitment, score_commitment

TOKEN = 10**18
MAX_UINT = 2**256 - 1
PHASE = 50
REWARD = 777 * TOKEN + 13  # not round, so rounding dust shows
BOND = 11 * TOKEN


class BountiesMachine(RuleBasedStateMachine):
    chain: ClassVar[Any]
    contract: ClassVar[Any]
    token: ClassVar[Any]
    requester: ClassVar[Any]
    generators: ClassVar[list[Any]]
    validators: ClassVar[list[Any]]
    stranger: ClassVar[Any]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = self.chain.snapshot()
        self.balance = self.token.balanceOf(self.contract)
        self.bounties: list[int] = []
        self.deadlines: dict[int, tuple[int, int, int, int]] = {}
        self.submissions: dict[int, list[tuple[int, Any, bytes]]] = {}  # bounty -> (id, generator, data hash)
        self.scored: dict[tuple[int, str], int] = {}  # (submission, validator) -> committed score
        self.finalized: set[int] = set()

    def teardown(self) -> None:
        try:
            self.everyone_exits()
        finally:
            self.chain.restore(self.snapshot)

    # ------------------------------------------------------------------ helpers

    def _now(self) -> int:
        return self.chain.pending_timestamp

    def _phase(self, bounty_id: int) -> int:
        if bounty_id in self.finalized:
            return 5
        now = self._now()
        for index, deadline in enumerate(self.deadlines[bounty_id]):
            if now <= deadline:
                return index
        return 4

    def _in(self, phase: int) -> list[int]:
        return [b for b in self.bounties if self._phase(b) == phase]

    # ------------------------------------------------------------------ rules

    @precondition(lambda self: len(self.bounties) < 2)
    @rule()
    def post(self) -> None:
        start = self._now()
        deadlines = (start + PHASE, start + 2 * PHASE, start + 3 * PHASE, start + 4 * PHASE)
        receipt = self.contract.postBounty({
            "specHash": b"\x01" * 32, "specURI": "", "criteriaHash": b"\x02" * 32, "reward": REWARD,
            "generatorBond": BOND, "acceptThresholdBps": 6_000, "sourceAssetId": 0,
            "submitDeadline": deadlines[0], "datasetRevealDeadline": deadlines[1],
            "scoreCommitDeadline": deadlines[2], "scoreRevealDeadline": deadlines[3],
        }, sender=self.requester)
        bounty_id = receipt.events.filter(self.contract.BountyPosted)[0].bountyId
        self.bounties.append(bounty_id)
        self.deadlines[bounty_id] = deadlines
        self.submissions[bounty_id] = []
        self.balance += REWARD

    @precondition(lambda self: any(b not in self.finalized for b in self.bounties))
    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        """Plays the current phase of one unfinalized bounty with drawn choices, then moves past its deadline."""
        bounty_id = data.draw(st.sampled_from([b for b in self.bounties if b not in self.finalized]))
        phase = self._phase(bounty_id)
        if phase == 0:
            for g, generator in enumerate(self.generators):
                if not data.draw(st.booleans()) and all(item[1] != generator for item in self.submissions[bounty_id]):
                    self._submit(bounty_id, g)
            for validator in self.validators:
                if not data.draw(st.booleans()):
                    self._join(bounty_id, validator, data.draw(st.integers(0, 300)))
        elif phase == 1:
            for submission_id, generator, data_hash in self.submissions[bounty_id]:
                if data.draw(st.integers(0, 3)) != 3 and self.contract.getSubmission(submission_id).status == 0:
                    self.contract.revealDataset(submission_id, data_hash, b"\x00" * 32, "u", sender=generator)
        elif phase == 2:
            for v, validator in enumerate(self.validators):
                if self.contract.weightOf(bounty_id, validator.address) == 0:
                    continue
                for submission_id, _, _ in self.submissions[bounty_id]:
                    if self.contract.getSubmission(submission_id).status != 1 or data.draw(st.integers(0, 3)) == 3:
                        continue
                    score = data.draw(st.sampled_from([9_000, 0, 2_500, 5_900, 6_000, 10_000]))
                    commitment = score_commitment(score, bytes([v]) * 32, validator.address, submission_id)
                    self.contract.commitScore(submission_id, commitment, sender=validator)
                    self.scored[(submission_id, validator.address)] = score
        elif phase == 3:
            for v, validator in enumerate(self.validators):
                for submission_id, _, _ in self.submissions[bounty_id]:
                    committed = self.contract.scoreCommitmentOf(submission_id, validator.address) != b"\x00" * 32
                    if committed and data.draw(st.integers(0, 3)) != 3:
                        score = self.scored[(submission_id, validator.address)]
                        self.contract.revealScore(submission_id, score, bytes([v]) * 32, sender=validator)
        if phase == 4:
            self._finalize(bounty_id)
        elif phase < 4:
            self.chain.pending_timestamp = max(self._now(), self.deadlines[bounty_id][phase] + 1)

    def _submit(self, bounty_id: int, g: int) -> None:
        generator = self.generators[g]
        data_hash = bytes([g + 1]) * 32
        commitment = dataset_commitment(data_hash, b"\x00" * 32, generator.address, bounty_id)
        receipt = self.contract.submit(bounty_id, commitment, sender=generator)
        submission_id = receipt.events.filter(self.contract.SubmissionCommitted)[0].submissionId
        self.submissions[bounty_id].append((submission_id, generator, data_hash))
        self.balance += BOND

    def _join(self, bounty_id: int, validator: Any, top_up: int) -> None:
        record = self.contract.validatorOf(validator.address)
        if top_up or record.stake < self.contract.MIN_VALIDATOR_STAKE():
            amount = (100 + top_up) * TOKEN
            self.contract.depositStake(amount, sender=validator)
            self.balance += amount
        self.contract.joinBounty(bounty_id, sender=validator)

    @rule(who=st.integers(0, 6))
    def claim(self, who: int) -> None:
        account = ([self.requester, self.stranger] + self.generators + self.validators)[who]
        amount = self.contract.claimable(account.address)
        if amount:
            self.contract.claim(sender=account)
            self.balance -= amount

    @rule(v=st.integers(0, 2))
    def withdraw(self, v: int) -> None:
        validator = self.validators[v]
        record = self.contract.validatorOf(validator.address)
        if record.activeBounties == 0 and record.stake:
            self.contract.withdrawStake(record.stake, sender=validator)
            self.balance -= record.stake

    # ------------------------------------------------------------------ checks

    def _finalize(self, bounty_id: int) -> None:
        members = [v for v in self.validators if self.contract.weightOf(bounty_id, v.address)]
        before = {v.address: (self.contract.validatorOf(v.address).stake, self.contract.weightOf(bounty_id, v.address))
                  for v in members}
        self.contract.finalize(bounty_id, sender=self.stranger)
        self.finalized.add(bounty_id)
        for address, (stake, weight) in before.items():
            lost = stake - self.contract.validatorOf(address).stake
            assert 0 <= lost <= -(-weight * 500 // 10_000), f"{address} lost {lost} of weight {weight}"

    def _owed(self) -> int:
        people = {p.address for p in [self.requester, self.stranger, *self.generators, *self.validators]}
        owed = sum(self.contract.claimable(address) for address in people)
        owed += sum(self.contract.validatorOf(v.address).stake for v in self.validators)
        for bounty_id in self.bounties:
            subs = self.submissions[bounty_id]
            if bounty_id not in self.finalized:
                owed += REWARD + BOND * len(subs)
            else:
                owed += sum(self.contract.getSubmission(s).payout for s, _, _ in subs
                            if self.contract.getSubmission(s).status == 2)
        return owed

    @invariant()
    def conservation(self) -> None:
        balance = self.token.balanceOf(self.contract)
        assert balance == self.balance, "tokens created or destroyed"
        assert balance == self._owed(), f"balance {balance} != owed {self._owed()}"

    @invariant()
    def ema_in_range(self) -> None:
        for validator in self.validators:
            assert self.contract.validatorOf(validator.address).emaBps <= 10_000

    def everyone_exits(self) -> None:
        for bounty_id in self.bounties:
            if bounty_id not in self.finalized:
                self.chain.pending_timestamp = max(self._now(), self.deadlines[bounty_id][3] + 1)
                self._finalize(bounty_id)
        for account in [self.requester, self.stranger, *self.generators, *self.validators]:
            if self.contract.claimable(account.address):
                self.claim([self.requester, self.stranger, *self.generators, *self.validators].index(account))
        for v in range(len(self.validators)):
            self.withdraw(v)
            assert self.contract.validatorOf(self.validators[v].address).stake == 0
        self.conservation()
        assert self.token.balanceOf(self.contract) == self._owed()


@pytest.fixture
def configured_machine(chain, market, accounts):
    contract = market.require("DataBounties")
    machine = BountiesMachine
    machine.chain, machine.contract, machine.token = chain, contract, market.token
    machine.requester, machine.stranger = accounts[3], accounts[9]
    machine.generators = [accounts[4], accounts[5], accounts[6]]
    machine.validators = [accounts[6], accounts[7], accounts[8]]  # one account is both: allowed
    for account in (accounts[i] for i in range(3, 10)):  # the funded test accounts only (others may be generated)
        market.token.approve(contract, MAX_UINT, sender=account)
    return machine


def test_data_bounties_machine(configured_machine):
    run_state_machine_as_test(configured_machine, settings=settings(max_examples=max(5, settings().max_examples // 10),
                                                                  stateful_step_count=15))
