"""Values shared by the ModelRegistry unit tests."""

from __future__ import annotations

from enum import IntEnum

ZERO_ADDRESS = "0x" + "00" * 20
ZERO_HASH = b"\0" * 32
#: An id no test lists (assets run from 1 upward, a test lists a handful).
MISSING_ID = 999


class Kind(IntEnum):
    MODEL = 0
    DATASET = 1


class Status(IntEnum):
    ACTIVE = 0
    PAUSED = 1
    RETIRED = 2
    SUSPENDED = 3
    DENIED = 4


#: Status sequences an owner can walk from Active (retired is terminal).
STATUS_PATHS = [
    (Status.PAUSED,),
    (Status.RETIRED,),
    (Status.PAUSED, Status.ACTIVE),
    (Status.PAUSED, Status.RETIRED),
]


def content(n: int) -> bytes:
    """A distinct non-zero content hash for version or asset `n`."""
    return n.to_bytes(32, "big")


def uri(n: int) -> str:
    """A distinct model-card URI for version or asset `n`."""
    return f"ipfs://card-{n}"
