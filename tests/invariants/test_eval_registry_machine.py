"""EvalRegistry as a hypothesis state machine, checked against a ghost after every step.

Actors attest (a true or a false figure), challenge, vote honestly (the voters re-execute: the
true figure is `TRUE_VALUE`), let time pass, finalize, time out and claim, in any order. After
every step:
* bond conservation: the registry's token balance equals evaluator bonds + live attestation and
  challenge bonds + everything credited and not yet claimed; nothing is created or lost;
* every account's claimable balance and every attestation's status equal the ghost's;
* each key's score equals the reference stake-weighted median of the ghost's counted entries,
  with at most 16 entries, and `finalized` is true exactly when entries count and nothing is open.
At the end everyone claims and only evaluator bonds remain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ape.exceptions import ContractLogicError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tests.conftest import listing
from tests.unit.eval_registry.helpers import (
    CHALLENGE_WINDOW, EVAL_SET, EVALUATOR_BOND, MAX_UINT, METHOD, MIN_BOND, QUORUM, RESOLUTION_WINDOW, VERSION_HASH,
    WEIGHT_CAP, cut, median,
)

TRUE_VALUE = 950_000
METRICS = (b"accuracy".ljust(32, b"\0"), b"recall".ljust(32, b"\0"))
PENDING, CHALLENGED, UPHELD, REJECTED, FINALIZED, TIMED_OUT = 1, 2, 3, 4, 5, 6


@dataclass
class GhostAttestation:
    attester: str
    key: bytes
    value: int
    bond: int
    window_ends: int
    status: int = PENDING
    challenger: str = ""
    challenge_bond: int = 0
    resolve_by: int = 0
    votes: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    voters: set[str] = field(default_factory=set)


def test_eval_registry_machine(chain, market, accounts, treasury):
    evals, token, registry = market.require("EvalRegistry"), market.token, market.registry
    actors = [account.address for account in accounts[3:10]]
    voters = actors[2:5]
    outer = chain.snapshot()
    try:
        for actor in actors:
            token.approve(evals, MAX_UINT, sender=actor)
        for voter in voters:
            evals.registerEvaluator(sender=voter)
        asset_id = registry.list(listing(contentHash=VERSION_HASH), sender=actors[0]).events.filter(registry.AssetListed)[0].assetId
        chain.mine()
        keys = [evals.scoreKey(asset_id, VERSION_HASH, metric, EVAL_SET) for metric in METRICS]
        _run(chain, evals, token, asset_id, keys, actors, voters, treasury.address)
    finally:
        chain.restore(outer)


def _run(chain, evals, token, asset_id, keys, actors, voters, treasury):
    class EvalMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            self.attestations: dict[int, GhostAttestation] = {}
            self.claimable: dict[str, int] = {}
            self.entries: dict[bytes, list[tuple[int, int, int]]] = {key: [] for key in keys}  # (value, weight, id)
            self.evaluator_bonds = EVALUATOR_BOND * len(voters)

        def teardown(self) -> None:
            try:
                for account, amount in sorted(self.claimable.items()):
                    if amount:
                        evals.claim(sender=account)
                assert token.balanceOf(evals) == self._live_bonds() + self.evaluator_bonds
            finally:
                chain.restore(self.snapshot)

        # ------------------------------------------------------------ helpers
        def _credit(self, account: str, amount: int) -> None:
            self.claimable[account] = self.claimable.get(account, 0) + amount

        def _live_bonds(self) -> int:
            total = 0
            for a in self.attestations.values():
                if a.status == PENDING:
                    total += a.bond
                elif a.status == CHALLENGED:
                    total += a.bond + a.challenge_bond
            return total

        def _count(self, attestation_id: int, a: GhostAttestation) -> None:
            entries = self.entries[a.key]
            entry = (a.value, min(a.bond, WEIGHT_CAP), attestation_id)
            if len(entries) == 16:
                lightest = min(sorted(entries, key=lambda e: (e[0], e[2])), key=lambda e: e[1])
                if entry[1] <= lightest[1]:
                    return
                entries.remove(lightest)
            entries.append(entry)

        def _live(self, attester: str, key: bytes) -> bool:
            return any(
                a.attester == attester and a.key == key and a.status in (PENDING, CHALLENGED, UPHELD, FINALIZED)
                for a in self.attestations.values()
            )

        def _pick(self, index: int) -> int | None:
            return (index % len(self.attestations)) + 1 if self.attestations else None

        # ------------------------------------------------------------ rules
        @rule(actor=st.sampled_from(actors), metric=st.integers(0, 1), honest=st.booleans(), bond_units=st.integers(1, 6))
        def attest(self, actor, metric, honest, bond_units):
            key = keys[metric]
            value = TRUE_VALUE if honest else TRUE_VALUE - 50_000
            claim = {"assetId": asset_id, "version": 1, "versionHash": VERSION_HASH, "evalSetHash": EVAL_SET,
                     "metricId": METRICS[metric], "value": value, "methodHash": METHOD}
            bond = bond_units * MIN_BOND
            if self._live(actor, key):
                try:
                    evals.attest(claim, bond, sender=actor)
                    raise AssertionError("a second live attestation on one key was accepted")
                except ContractLogicError:
                    return
            receipt = evals.attest(claim, bond, sender=actor)
            attestation_id = receipt.events.filter(evals.Attested)[0].attestationId
            assert attestation_id == len(self.attestations) + 1
            self.attestations[attestation_id] = GhostAttestation(
                attester=actor, key=key, value=value, bond=bond, window_ends=receipt.timestamp + CHALLENGE_WINDOW
            )

        @rule(index=st.integers(0, 50), challenger=st.sampled_from(actors), extra=st.integers(0, 2))
        def challenge(self, index, challenger, extra):
            attestation_id = self._pick(index)
            if attestation_id is None:
                return
            a = self.attestations[attestation_id]
            bond = a.bond + extra * MIN_BOND
            ok = a.status == PENDING and chain.pending_timestamp < a.window_ends and challenger != a.attester
            try:
                receipt = evals.challenge(attestation_id, bond, sender=challenger)
            except ContractLogicError:
                assert not ok, "a valid challenge reverted"
                return
            assert ok, "an invalid challenge was accepted"
            a.status, a.challenger, a.challenge_bond = CHALLENGED, challenger, bond
            a.resolve_by = receipt.timestamp + RESOLUTION_WINDOW

        @rule(index=st.integers(0, 50), voter=st.sampled_from(voters))
        def vote(self, index, voter):
            attestation_id = self._pick(index)
            if attestation_id is None:
                return
            a = self.attestations[attestation_id]
            right = a.value == TRUE_VALUE  # voters re-execute and vote honestly
            ok = (a.status == CHALLENGED and chain.pending_timestamp < a.resolve_by
                  and voter not in (a.attester, a.challenger) and voter not in a.voters)
            try:
                evals.vote(attestation_id, right, sender=voter)
            except ContractLogicError:
                assert not ok, "a valid vote reverted"
                return
            assert ok, "an invalid vote was accepted"
            a.voters.add(voter)
            a.votes[right] += 1
            if a.votes[right] == QUORUM:
                winner, winner_bond, loser_bond = (
                    (a.attester, a.bond, a.challenge_bond) if right else (a.challenger, a.challenge_bond, a.bond)
                )
                self._credit(winner, winner_bond + loser_bond - cut(loser_bond))
                self._credit(treasury, cut(loser_bond))
                a.status = UPHELD if right else REJECTED
                if right:
                    self._count(attestation_id, a)

        @rule(seconds=st.sampled_from([3_600, CHALLENGE_WINDOW, RESOLUTION_WINDOW]))
        def wait(self, seconds):
            chain.pending_timestamp += seconds
            chain.mine()

        @rule(index=st.integers(0, 50))
        def finalize(self, index):
            attestation_id = self._pick(index)
            if attestation_id is None:
                return
            a = self.attestations[attestation_id]
            ok = a.status == PENDING and chain.pending_timestamp >= a.window_ends
            try:
                evals.finalize(attestation_id, sender=actors[0])
            except ContractLogicError:
                assert not ok, "a valid finalize reverted"
                return
            assert ok, "an invalid finalize was accepted"
            a.status = FINALIZED
            self._credit(a.attester, a.bond)
            self._count(attestation_id, a)

        @rule(index=st.integers(0, 50))
        def timeout(self, index):
            attestation_id = self._pick(index)
            if attestation_id is None:
                return
            a = self.attestations[attestation_id]
            ok = a.status == CHALLENGED and chain.pending_timestamp >= a.resolve_by
            try:
                evals.timeout(attestation_id, sender=actors[0])
            except ContractLogicError:
                assert not ok, "a valid timeout reverted"
                return
            assert ok, "an invalid timeout was accepted"
            a.status = TIMED_OUT
            self._credit(a.attester, a.bond)
            self._credit(a.challenger, a.challenge_bond)

        @rule(account=st.sampled_from([*actors, treasury]))
        def claim(self, account):
            owed = self.claimable.get(account, 0)
            try:
                evals.claim(sender=account)
            except ContractLogicError:
                assert owed == 0, "a claim of a credited balance reverted"
                return
            assert owed > 0, "a claim of nothing was paid"
            self.claimable[account] = 0

        # ------------------------------------------------------------ invariants
        @invariant()
        def bonds_are_conserved(self):
            owed = sum(self.claimable.values())
            assert token.balanceOf(evals) == self.evaluator_bonds + self._live_bonds() + owed

        @invariant()
        def claimable_and_statuses_match(self):
            for account in [*actors, treasury]:
                assert evals.claimable(account) == self.claimable.get(account, 0)
            for attestation_id, a in self.attestations.items():
                assert evals.getAttestation(attestation_id).status == a.status

        @invariant()
        def scores_are_weighted_medians(self):
            for metric, key in zip(METRICS, keys, strict=True):
                entries = self.entries[key]
                open_count = sum(
                    1 for a in self.attestations.values() if a.key == key and a.status in (PENDING, CHALLENGED)
                )
                expected = (median([(v, w) for v, w, _ in entries]), len(entries), bool(entries) and open_count == 0)
                assert tuple(evals.score(asset_id, VERSION_HASH, metric, EVAL_SET)) == expected
                assert len(entries) <= 16

    deep = bool(os.environ.get("MODELMARKET_DEEP"))
    run_state_machine_as_test(
        EvalMachine,
        settings=settings(settings(), max_examples=100 if deep else 6, stateful_step_count=40 if deep else 20),
    )
