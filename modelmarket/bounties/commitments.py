"""The commitments `DataBounties` checks, mirrored byte for byte (abi.encode of 32-byte words)."""

from __future__ import annotations

import secrets

from modelmarket.keccak import keccak


def _word_bytes32(value: bytes) -> bytes:
    if len(value) != 32:
        raise ValueError(f"expected 32 bytes, got {len(value)}")
    return value


def _word_address(address: str) -> bytes:
    raw = bytes.fromhex(address[2:] if address.startswith("0x") else address)
    if len(raw) != 20:
        raise ValueError(f"{address!r} is not a 20-byte address")
    return raw.rjust(32, b"\0")


def _word_uint(value: int) -> bytes:
    if not 0 <= value < 2**256:
        raise ValueError(f"{value} is not a uint256")
    return value.to_bytes(32, "big")


def new_salt() -> bytes:
    """A fresh random 32-byte salt."""
    return secrets.token_bytes(32)


def dataset_commitment(dataset_hash: bytes, salt: bytes, generator: str, bounty_id: int) -> bytes:
    """`keccak256(abi.encode(datasetHash, salt, generator, bountyId))`: bound to the generator."""
    return keccak(_word_bytes32(dataset_hash) + _word_bytes32(salt) + _word_address(generator) + _word_uint(bounty_id))


def score_commitment(score_bps: int, salt: bytes, validator: str, submission_id: int) -> bytes:
    """`keccak256(abi.encode(uint256 score, salt, validator, submissionId))`: bound to the validator."""
    return keccak(_word_uint(score_bps) + _word_bytes32(salt) + _word_address(validator) + _word_uint(submission_id))
