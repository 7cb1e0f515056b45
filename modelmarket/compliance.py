"""Compliance flags and licence classes: what each `complianceFlags` bit and licence id means.

The meaning lives on chain in `ComplianceRegistry` (defined and changed only by governance). The
constants below are the defaults the deployment seeds it with; :func:`load_policy` reads the chain
when a deployment with a `ComplianceRegistry` exists and falls back to these constants otherwise,
so :func:`parse_flags` and :func:`describe_flags` always use the chain's meaning when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelmarket.keccak import keccak

if TYPE_CHECKING:
    from ape.contracts import ContractInstance


@dataclass(frozen=True)
class Term:
    """One definition: a short name, a description, and where its full text lives."""

    name: str
    description: str
    uri: str

    @property
    def description_hash(self) -> bytes:
        """keccak-256 of the description (what the chain stores beside the URI)."""
        return keccak(self.description.encode())


#: Flag bit → definition (the deployment's seed). Names are what the CLI accepts.
DEFAULT_FLAGS: dict[int, Term] = {
    0: Term("commercial", "Commercial use allowed.", "https://spdx.org/licenses/"),
    1: Term("non-commercial-only", "Non-commercial use only.", "https://creativecommons.org/licenses/by-nc/4.0/"),
    2: Term("pii-free", "Contains no personal data.", "https://gdpr-info.eu/art-4-gdpr/"),
    3: Term(
        "clinical-data-allowed",
        "May be used with clinical data.",
        "https://www.hhs.gov/hipaa/for-professionals/privacy/index.html",
    ),
    4: Term("gdpr-reviewed", "Reviewed for the EU GDPR (Regulation 2016/679).", "https://eur-lex.europa.eu/eli/reg/2016/679/oj"),
    5: Term("eu-ai-act-high-risk", "High-risk system under the EU AI Act (Regulation 2024/1689).", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"),
    6: Term("open-weights", "Model weights are published.", "https://opensource.org/ai/open-weights"),
    7: Term("synthetic-data", "Dataset generated synthetically.", "https://www.nist.gov/itl/ai-risk-management-framework"),
    8: Term(
        "hipaa-compliant",
        "Handles protected health information under the US HIPAA Privacy Rule.",
        "https://www.hhs.gov/hipaa/for-professionals/privacy/index.html",
    ),
}

#: Licence id (the `licenseId` label) → its class (the deployment's seed).
DEFAULT_LICENCES: dict[str, Term] = {
    "MIT": Term("permissive", "Permissive open-source licence.", "https://spdx.org/licenses/MIT.html"),
    "Apache-2.0": Term("permissive", "Permissive open-source licence.", "https://spdx.org/licenses/Apache-2.0.html"),
    "CC-BY-4.0": Term("permissive", "Attribution required.", "https://spdx.org/licenses/CC-BY-4.0.html"),
    "CC-BY-NC-4.0": Term("non-commercial", "Non-commercial use only.", "https://spdx.org/licenses/CC-BY-NC-4.0.html"),
    "OpenRAIL-M": Term("responsible-ai", "Use restrictions travel with the model.", "https://www.licenses.ai/"),
    "proprietary": Term("proprietary", "All rights reserved; use per the owner's terms.", "https://spdx.org/licenses/"),
}

#: Reason code of the seed definitions.
SEED_REASON = b"seed".ljust(32, b"\0")


@dataclass(frozen=True)
class Policy:
    """Flag names by bit and licence classes by licence id, and where they came from."""

    flags: dict[int, str]
    licences: dict[str, str]
    source: str  # "chain" or "defaults"

    @property
    def masks(self) -> dict[str, int]:
        return {name: 1 << bit for bit, name in self.flags.items()}


DEFAULT_POLICY = Policy(
    flags={bit: term.name for bit, term in DEFAULT_FLAGS.items()},
    licences={label: term.name for label, term in DEFAULT_LICENCES.items()},
    source="defaults",
)

#: Name → mask of the defaults (kept for callers that need no chain).
FLAGS: dict[str, int] = DEFAULT_POLICY.masks


def label(text: str) -> bytes:
    """A licence label as its right-padded bytes32."""
    return text.encode().ljust(32, b"\0")


def unlabel(value: bytes) -> str:
    return bytes(value).rstrip(b"\0").decode(errors="replace")


def seed_arguments() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """`defineFlags` and `defineLicences` arguments for the defaults."""
    flags = [(bit, (t.name, t.uri, t.description_hash)) for bit, t in DEFAULT_FLAGS.items()]
    licences = [(label(name), (t.name, t.uri, t.description_hash)) for name, t in DEFAULT_LICENCES.items()]
    return flags, licences


def seed(registry: ContractInstance, sender: Any) -> None:
    """Define the default flags and licences in a fresh `ComplianceRegistry` (two transactions)."""
    flags, licences = seed_arguments()
    registry.defineFlags(flags, SEED_REASON, b"\0" * 32, sender=sender)
    registry.defineLicences(licences, SEED_REASON, b"\0" * 32, sender=sender)


def read_policy(registry: ContractInstance) -> Policy:
    """The policy a `ComplianceRegistry` defines (64 bits and ≤ 64 licences: bounded reads)."""
    mask = int(registry.definedFlags())
    flags = {bit: str(registry.flag(bit).name) for bit in range(64) if mask >> bit & 1}
    licences = {unlabel(lid): str(registry.licence(lid).name) for lid in registry.licenceIds()}
    return Policy(flags=flags, licences=licences, source="chain")


def load_policy() -> Policy:
    """The chain's policy when connected to a deployment with a `ComplianceRegistry`, else the defaults."""
    try:
        from ape import networks

        if networks.active_provider is None or not networks.active_provider.is_connected:
            return DEFAULT_POLICY
        from modelmarket.deploy import load_marketplace

        registry = load_marketplace().contracts.get("ComplianceRegistry")
    except Exception:  # no deployment record, no provider, no manifest: the defaults apply
        return DEFAULT_POLICY
    if registry is None:
        return DEFAULT_POLICY
    return read_policy(registry)


def parse_flags(spec: str, policy: Policy | None = None) -> int:
    """`"commercial,pii-free"` or a number (`"0x5"`, `"5"`) → bitmask."""
    spec = spec.strip()
    if not spec:
        return 0
    if spec[0].isdigit():
        return int(spec, 0)
    masks = (policy or load_policy()).masks
    mask = 0
    for name in spec.split(","):
        name = name.strip()
        if name not in masks:
            known = ", ".join(masks)
            raise ValueError(f"unknown compliance flag {name!r}; known: {known}")
        mask |= masks[name]
    return mask


def describe_flags(mask: int, policy: Policy | None = None) -> str:
    """Bitmask → comma-separated names (unknown bits in hex)."""
    masks = (policy or load_policy()).masks
    names = [name for name, bit in masks.items() if mask & bit]
    unknown = mask & ~sum(masks.values())
    if unknown:
        names.append(hex(unknown))
    return ",".join(names) or "-"
