"""Constants and helpers shared by the EvalRegistry tests."""

from __future__ import annotations

from typing import Any

from modelmarket.deploy import EVAL_PARAMS

TOKEN = 10**18
MAX_UINT = 2**256 - 1
ZERO_ADDRESS = "0x" + "00" * 20
MIN_BOND = EVAL_PARAMS["minAttestationBond"]
EVALUATOR_BOND = EVAL_PARAMS["evaluatorBond"]
CHALLENGE_WINDOW = EVAL_PARAMS["challengeWindow"]
RESOLUTION_WINDOW = EVAL_PARAMS["resolutionWindow"]
QUORUM = EVAL_PARAMS["quorum"]
PROTOCOL_CUT_BPS = 1_000
WEIGHT_CAP = 4 * MIN_BOND
VERSION_HASH = bytes.fromhex("11" * 32)  # tests.conftest.CONTENT: version 1 of a listed asset
EVAL_SET = bytes.fromhex("e5" * 32)
METRIC = b"accuracy".ljust(32, b"\0")
METHOD = bytes.fromhex("3e" * 32)
# EvalRegistry.Status
PENDING, CHALLENGED, UPHELD, REJECTED, FINALIZED, TIMED_OUT = 1, 2, 3, 4, 5, 6


def claim(asset_id: int, value: int = 950_000, **overrides: Any) -> dict[str, Any]:
    """A valid Claim about version 1 of `asset_id`; override any field."""
    fields: dict[str, Any] = {
        "assetId": asset_id,
        "version": 1,
        "versionHash": VERSION_HASH,
        "evalSetHash": EVAL_SET,
        "metricId": METRIC,
        "value": value,
        "methodHash": METHOD,
    }
    fields.update(overrides)
    return fields


def attest(evals, sender, asset_id: int, value: int = 950_000, bond: int = MIN_BOND, **overrides: Any) -> int:
    receipt = evals.attest(claim(asset_id, value, **overrides), bond, sender=sender)
    return receipt.events.filter(evals.Attested)[0].attestationId


def past_window(chain, evals, attestation_id: int) -> None:
    """Moves the clock to the end of the attestation's challenge window."""
    chain.pending_timestamp = evals.getAttestation(attestation_id).windowEndsAt
    chain.mine()


def cut(amount: int) -> int:
    """PROTOCOL_CUT_BPS of `amount`, rounded up (BpsMath.mulBpsUp)."""
    return -(-amount * PROTOCOL_CUT_BPS // 10_000)


def median(entries: list[tuple[int, int]]) -> int:
    """Reference lower weighted median of (value, weight) pairs."""
    ordered = sorted(entries)
    total = sum(weight for _, weight in ordered)
    cumulative = 0
    for value, weight in ordered:
        cumulative += weight
        if 2 * cumulative >= total:
            return value
    return 0
