"""Fixed-point updates and FedAvg exactly as `TrainingRounds` recomputes them on-chain.

An update is a model's weights as int64 fixed point (value × SCALE, rounded to nearest), packed
big-endian, 8 bytes each. FedAvg of a round: per weight, Σ samples_i × w_i / Σ samples_i in integers,
rounded toward zero (Solidity's signed division). The Merkle root of the included updates hashes
leaves keccak(participant ‖ updateHash ‖ uint32 samples) in ascending participant order, pairwise
level by level, an odd last node carried up. Contract: contracts/libraries/FedAvg.sol.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from modelmarket.keccak import keccak as keccak256

#: Fixed-point scale: 2**20 (about 1e-6 resolution; weights up to ±8.8e12 fit in int64).
SCALE = 2**20
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def quantize(weights: Sequence[float] | np.ndarray) -> list[int]:
    """Float weights → int64 fixed point (round half to even, as numpy does)."""
    values = np.rint(np.asarray(weights, dtype=np.float64) * SCALE)
    out = [int(v) for v in values]
    for value in out:
        if not INT64_MIN <= value <= INT64_MAX:
            raise ValueError(f"weight {value / SCALE} does not fit int64 fixed point")
    return out


def dequantize(values: Sequence[int]) -> np.ndarray:
    """int64 fixed point → float weights."""
    return np.asarray(values, dtype=np.float64) / SCALE


def pack(values: Sequence[int]) -> bytes:
    """int64 values → big-endian packed bytes (8 bytes each)."""
    return b"".join(int(v).to_bytes(8, "big", signed=True) for v in values)


def unpack(data: bytes) -> list[int]:
    """Big-endian packed int64 bytes → values."""
    if len(data) % 8:
        raise ValueError(f"packed update has {len(data)} bytes, not a multiple of 8")
    return [int.from_bytes(data[i : i + 8], "big", signed=True) for i in range(0, len(data), 8)]


def update_hash(values: Sequence[int]) -> bytes:
    """keccak256 of the packed update: what a participant commits to."""
    return keccak256(pack(values))


def _div_toward_zero(numerator: int, denominator: int) -> int:
    quotient = abs(numerator) // denominator
    return quotient if numerator >= 0 else -quotient


def fedavg(updates: Sequence[Sequence[int]], samples: Sequence[int]) -> list[int]:
    """Sample-weighted average of int64 updates, rounded toward zero (the on-chain rule)."""
    if not updates or len(updates) != len(samples):
        raise ValueError("fedavg needs one sample count per update and at least one update")
    dimension = len(updates[0])
    total = sum(samples)
    if total <= 0:
        raise ValueError("fedavg needs a positive total sample count")
    sums = [0] * dimension
    for update, count in zip(updates, samples, strict=True):
        if len(update) != dimension:
            raise ValueError("updates of different dimensions")
        for j, weight in enumerate(update):
            sums[j] += int(weight) * int(count)
    return [_div_toward_zero(s, total) for s in sums]


def leaf(participant: str, hash_: bytes, samples: int) -> bytes:
    """Merkle leaf of an included update: keccak(address ‖ updateHash ‖ uint32 samples)."""
    return keccak256(bytes.fromhex(participant[2:]) + hash_ + int(samples).to_bytes(4, "big"))


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """Pairwise root, odd last node carried up; 32 zero bytes for no leaves."""
    level = list(leaves)
    if not level:
        return b"\0" * 32
    while len(level) > 1:
        level = [
            keccak256(level[i] + level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
        ]
    return level[0]


def commitment(
    task_id: int, round_: int, hash_: bytes, samples: int, epsilon_milli: int, salt: bytes, participant: str
) -> bytes:
    """keccak256(abi.encode(taskId, round, updateHash, sampleCount, dpEpsilonMilli, salt, participant))."""
    words = [
        task_id.to_bytes(32, "big"),
        round_.to_bytes(32, "big"),
        hash_,
        samples.to_bytes(32, "big"),
        epsilon_milli.to_bytes(32, "big"),
        salt,
        bytes.fromhex(participant[2:]).rjust(32, b"\0"),
    ]
    return keccak256(b"".join(words))


def sorted_round(reveals: dict[str, tuple[list[int], int]]) -> tuple[list[str], list[bytes], list[int]]:
    """Reveals by participant → (participants ascending, packed updates, samples): the on-chain order."""
    participants = sorted(reveals, key=lambda a: int(a, 16))
    return participants, [pack(reveals[p][0]) for p in participants], [reveals[p][1] for p in participants]


def aggregate_round(reveals: dict[str, tuple[list[int], int]]) -> tuple[list[int], bytes]:
    """The round's FedAvg and the Merkle root of every revealed update (what an honest aggregator posts)."""
    participants, packed, samples = sorted_round(reveals)
    average = fedavg([reveals[p][0] for p in participants], samples)
    leaves = [leaf(p, keccak256(u), s) for p, u, s in zip(participants, packed, samples, strict=True)]
    return average, merkle_root(leaves)
