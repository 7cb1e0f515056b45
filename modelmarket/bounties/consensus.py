"""`DataBounties`' settlement arithmetic, mirrored in integers (the tests compare the two).

Scores are bps (0..10,000); weights are stakes in base units.
"""

from __future__ import annotations

from dataclasses import dataclass

BPS = 10_000
TOLERANCE_BPS = 1_000
MAX_PENALTY_BPS = 500
VALIDATOR_SHARE_BPS = 1_000
EMA_ALPHA_BPS = 1_000


def lower_weighted_median(pairs: list[tuple[int, int]]) -> int:
    """The smallest score whose cumulative weight (scores ascending) reaches half the total; 0 if none."""
    ordered = sorted(pairs, key=lambda pair: pair[0])
    total = sum(weight for _, weight in ordered)
    cumulative = 0
    for score, weight in ordered:
        cumulative += weight
        if 2 * cumulative >= total and weight != 0:
            return score
    return 0


def clip(score: int, median: int, tolerance: int = TOLERANCE_BPS) -> int:
    """`score` clipped into `[median − tolerance, median]`."""
    return max(min(score, median), max(median - tolerance, 0))


def consensus(pairs: list[tuple[int, int]], tolerance: int = TOLERANCE_BPS) -> tuple[int, int]:
    """(median, stake-weighted mean of the clipped scores rounded down)."""
    median = lower_weighted_median(pairs)
    total = sum(weight for _, weight in pairs)
    if total == 0:
        return median, 0
    return median, sum(clip(score, median, tolerance) * weight for score, weight in pairs) // total


def is_miss(score: int | None, median: int, tolerance: int = TOLERANCE_BPS) -> bool:
    """Not revealed, or farther than the tolerance from the median."""
    return score is None or abs(score - median) > tolerance


def penalty(weight: int, misses: int, revealed: int) -> int:
    """`ceil(weight × 5 % × misses / revealed)` (0 when nothing was revealed)."""
    if revealed == 0:
        return 0
    numerator = weight * MAX_PENALTY_BPS * misses
    return -(-numerator // (BPS * revealed))


def next_ema(ema_bps: int, hits: int, revealed: int) -> int:
    """`ema × 0.9 + (hits / revealed) × 0.1` in bps, one division rounded down (α = 0.1)."""
    return (ema_bps * (BPS - EMA_ALPHA_BPS) * revealed + hits * BPS * EMA_ALPHA_BPS) // (BPS * revealed)


@dataclass(frozen=True)
class Verdict:
    status: str  # "Accepted" | "Rejected" | "Junk"
    median: int
    consensus: int


def verdict(pairs: list[tuple[int, int]], threshold_bps: int) -> Verdict:
    """What finalization decides for one revealed submission with at least one revealed score."""
    median, mean = consensus(pairs)
    if mean >= threshold_bps:
        return Verdict("Accepted", median, mean)
    if 2 * mean < threshold_bps:
        return Verdict("Junk", median, mean)
    return Verdict("Rejected", median, mean)
