"""Relayed commits of `TrainingRounds.commitBatch`: the EIP-712 `CommitAuthorization` a participant signs.

``CommitAuthorization(uint256 taskId,uint16 round,bytes32 commitment,bytes32 previous)`` under the
domain ``("TrainingRounds", "1", chainId, TrainingRounds)``. ``previous`` is the participant's slot
(``updateHashOf``) when it signs: the contract applies the signature only over that value, so it
applies once and a relayer cannot replay it over a newer commitment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from modelmarket.eip712 import Domain, TypedStruct, typed_data

DOMAIN_NAME = "TrainingRounds"
DOMAIN_VERSION = "1"


@dataclass(frozen=True)
class CommitAuthorization(TypedStruct):
    """What a participant signs to let anyone post its commitment."""

    task_id: int
    round: int
    commitment: bytes
    previous: bytes

    DOMAIN_NAME: ClassVar[str] = DOMAIN_NAME
    TYPE_NAME: ClassVar[str] = "CommitAuthorization"
    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("taskId", "uint256"),
        ("round", "uint16"),
        ("commitment", "bytes32"),
        ("previous", "bytes32"),
    )

    def encode_data(self) -> bytes:
        return (
            self.task_id.to_bytes(32, "big")
            + self.round.to_bytes(32, "big")
            + bytes(self.commitment)
            + bytes(self.previous)
        )

    def to_tuple(self) -> tuple[int, int, bytes, bytes]:
        return (self.task_id, self.round, bytes(self.commitment), bytes(self.previous))


def domain(chain_id: int, rounds_address: str) -> Domain:
    """The domain signed commitments are verified under."""
    return Domain(DOMAIN_NAME, DOMAIN_VERSION, chain_id, rounds_address)


def typed_commit(
    rounds_contract: Any, task_id: int, round_: int, commitment: bytes, previous: bytes
) -> tuple[dict[str, Any], CommitAuthorization]:
    """The EIP-712 JSON to sign and the struct, for `rounds_contract` on the connected chain."""
    from ape import chain

    authorization = CommitAuthorization(task_id, round_, bytes(commitment), bytes(previous))
    return typed_data(domain(chain.chain_id, str(rounds_contract.address)), authorization), authorization


def signed_commit_tuple(participant: str, authorization: CommitAuthorization, signature: bytes) -> tuple:
    """The `SignedCommit` ABI tuple from a 65-byte ``r || s || v`` signature."""
    r, s, v = signature[:32], signature[32:64], signature[64]
    return (participant, authorization.commitment, authorization.previous, v, r, s)


__all__ = ["CommitAuthorization", "domain", "signed_commit_tuple", "typed_commit"]
