"""Compliance flags: the bitmask convention the tooling uses for `complianceFlags`.

The contracts store an opaque uint64; these names are the off-chain meaning the CLI and SDK give
to each bit, so consumers and policies can filter assets.
"""

from __future__ import annotations

FLAGS: dict[str, int] = {
    "commercial": 1 << 0,
    "non-commercial-only": 1 << 1,
    "pii-free": 1 << 2,
    "clinical-data-allowed": 1 << 3,
    "gdpr-reviewed": 1 << 4,
    "eu-ai-act-high-risk": 1 << 5,
    "open-weights": 1 << 6,
    "synthetic-data": 1 << 7,
}


def parse_flags(spec: str) -> int:
    """`"commercial,pii-free"` or a number (`"0x5"`, `"5"`) → bitmask."""
    spec = spec.strip()
    if not spec:
        return 0
    if spec[0].isdigit():
        return int(spec, 0)
    mask = 0
    for name in spec.split(","):
        name = name.strip()
        if name not in FLAGS:
            known = ", ".join(FLAGS)
            raise ValueError(f"unknown compliance flag {name!r}; known: {known}")
        mask |= FLAGS[name]
    return mask


def describe_flags(mask: int) -> str:
    """Bitmask → comma-separated names (unknown bits in hex)."""
    names = [name for name, bit in FLAGS.items() if mask & bit]
    unknown = mask & ~sum(FLAGS.values())
    if unknown:
        names.append(hex(unknown))
    return ",".join(names) or "-"
