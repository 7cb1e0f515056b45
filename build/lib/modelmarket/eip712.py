"""Fast EIP-712: domains, typed-struct hashing, signing and OpenZeppelin-exact recovery.

A struct type (``Voucher``, ``Receipt``) subclasses :class:`TypedStruct` with its Solidity member
list; its type string and type hash are computed once, when the class is defined. A
:class:`Domain` computes its separator once. ``hashStruct`` is built from hand-made 32-byte words;
signing and recovery go straight to libsecp256k1 through coincurve with ``hasher=None``.

Signatures are 65 bytes ``r || s || v`` with ``v`` in {27, 28} and low ``s``, exactly what
``eth_account`` produces for the same typed data and what OpenZeppelin ``ECDSA.tryRecover``
accepts (it rejects any other length, any other ``v``, high ``s`` and an unrecoverable point).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from coincurve import PrivateKey, PublicKey

from modelmarket.addresses import address_bytes, checksum_bytes, to_checksum_address
from modelmarket.fields import uint
from modelmarket.keccak import keccak

__all__ = [
    "DISPUTES_DOMAIN",
    "SECP256K1_HALF_N",
    "SECP256K1_N",
    "USAGE_PAYMENTS_DOMAIN",
    "USAGE_PAYMENTS_VERSION",
    "Domain",
    "InvalidSignature",
    "TypedDataSigner",
    "TypedStruct",
    "check_domain",
    "recover_address",
    "recover_signer",
    "signature_bytes",
    "try_recover",
    "typed_data",
    "verify_signature",
]

#: secp256k1 group order, and the largest ``s`` OpenZeppelin ECDSA accepts.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
SECP256K1_HALF_N = SECP256K1_N // 2

#: EIP-712 domain names of the contracts that verify signatures, and UsagePayments' version.
USAGE_PAYMENTS_DOMAIN = "UsagePayments"
USAGE_PAYMENTS_VERSION = "2"
DISPUTES_DOMAIN = "Disputes"
DISPUTES_VERSION = "1"

DOMAIN_TYPE = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
DOMAIN_TYPE_HASH = keccak(DOMAIN_TYPE.encode())
_DOMAIN_FIELDS = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]

PAD12 = bytes(12)
_V_BYTE = (b"\x1b", b"\x1c")  # recovery id 0/1 -> v 27/28


class InvalidSignature(ValueError):
    """A signature OpenZeppelin ``ECDSA.tryRecover`` rejects (length, v, high-s, r/s range)."""


@dataclass(frozen=True, slots=True)
class Domain:
    """An OpenZeppelin EIP-712 domain; ``separator`` (the domain separator) is computed once."""

    name: str
    version: str
    chain_id: int
    verifying_contract: str
    separator: bytes = field(init=False, repr=False, compare=False)
    #: ``b"\\x19\\x01" || separator``, the constant prefix of every digest in this domain.
    digest_prefix: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        uint(self.chain_id, 256, "chain_id")
        contract = to_checksum_address(self.verifying_contract)
        object.__setattr__(self, "verifying_contract", contract)
        separator = keccak(
            DOMAIN_TYPE_HASH
            + keccak(self.name.encode())
            + keccak(self.version.encode())
            + self.chain_id.to_bytes(32, "big")
            + PAD12
            + address_bytes(contract)
        )
        object.__setattr__(self, "separator", separator)
        object.__setattr__(self, "digest_prefix", b"\x19\x01" + separator)

    @classmethod
    def usage_payments(
        cls, chain_id: int, verifying_contract: str, version: str = USAGE_PAYMENTS_VERSION
    ) -> Domain:
        """The domain vouchers are signed under (``UsagePayments`` at ``verifying_contract``)."""
        return cls(USAGE_PAYMENTS_DOMAIN, version, chain_id, verifying_contract)

    @classmethod
    def disputes(cls, chain_id: int, verifying_contract: str, version: str = DISPUTES_VERSION) -> Domain:
        """The domain receipts are signed under (``Disputes`` at ``verifying_contract``)."""
        return cls(DISPUTES_DOMAIN, version, chain_id, verifying_contract)

    @classmethod
    def from_eip5267(cls, fields: Any) -> Domain:
        """The domain a contract reports through ERC-5267 ``eip712Domain()``.

        ``fields`` is the call's return tuple ``(fields, name, version, chainId,
        verifyingContract, salt, extensions)``; no domain is ever hard-coded this way.
        """
        _, name, version, chain_id, contract, *_ = fields
        return cls(str(name), str(version), int(chain_id), str(contract))

    def digest(self, message: TypedStruct) -> bytes:
        """The EIP-712 digest ``keccak(0x1901 || separator || hashStruct(message))``."""
        return keccak(self.digest_prefix + message.hash_struct())

    def to_eip712(self) -> dict[str, Any]:
        """The domain as an EIP-712 JSON object (for wallets / ``eth_account``)."""
        return {
            "name": self.name,
            "version": self.version,
            "chainId": self.chain_id,
            "verifyingContract": self.verifying_contract,
        }


class TypedStruct:
    """What the signer and verifier need from a typed struct (``Voucher`` or ``Receipt``)."""

    __slots__ = ()
    #: Name of the contract (EIP-712 domain name) that verifies this struct.
    DOMAIN_NAME: ClassVar[str]
    TYPE_NAME: ClassVar[str]
    #: ``(solidity name, solidity type)`` of each member, in type-string order.
    FIELDS: ClassVar[tuple[tuple[str, str], ...]]
    TYPE_STRING: ClassVar[str]
    TYPE_HASH: ClassVar[bytes]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        members = ",".join(f"{kind} {name}" for name, kind in cls.FIELDS)
        cls.TYPE_STRING = f"{cls.TYPE_NAME}({members})"
        cls.TYPE_HASH = keccak(cls.TYPE_STRING.encode())

    def encode_data(self) -> bytes:
        """The ABI-encoded members (32 bytes each), i.e. ``encodeData`` without the type hash."""
        raise NotImplementedError

    def to_tuple(self) -> tuple[Any, ...]:
        """The struct as the ABI tuple a contract call takes."""
        raise NotImplementedError

    def hash_struct(self) -> bytes:
        """EIP-712 ``hashStruct``: ``keccak(typeHash || encodeData)``."""
        return keccak(self.TYPE_HASH + self.encode_data())

    def to_message(self) -> dict[str, Any]:
        """The struct as an EIP-712 ``message`` object keyed by the Solidity member names."""
        return dict(zip((name for name, _ in self.FIELDS), self.to_tuple()))


def typed_data(domain: Domain, message: TypedStruct) -> dict[str, Any]:
    """The full EIP-712 JSON (``eth_signTypedData_v4`` / ``eth_account`` ``full_message`` form)."""
    return {
        "types": {
            "EIP712Domain": _DOMAIN_FIELDS,
            message.TYPE_NAME: [{"name": name, "type": kind} for name, kind in message.FIELDS],
        },
        "primaryType": message.TYPE_NAME,
        "domain": domain.to_eip712(),
        "message": message.to_message(),
    }


def check_domain(domain: Domain, struct_type: type[TypedStruct]) -> None:
    """``ValueError`` unless ``domain`` belongs to the contract that verifies ``struct_type``."""
    if domain.name != struct_type.DOMAIN_NAME:
        raise ValueError(
            f"{struct_type.TYPE_NAME} is verified by {struct_type.DOMAIN_NAME!r}, "
            f"not by domain {domain.name!r}"
        )


def signature_bytes(signature: Any) -> bytes:
    """``signature`` as 65 bytes ``r || s || v`` (type and length checked, content not)."""
    if not isinstance(signature, (bytes, bytearray, memoryview)):
        raise TypeError(f"signature must be bytes, got {type(signature).__name__}")
    signature = bytes(signature)
    if len(signature) != 65:
        raise InvalidSignature(f"signature must be 65 bytes (r || s || v), got {len(signature)}")
    return signature


# --------------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------------

S = TypeVar("S", bound=TypedStruct)
SignedT = TypeVar("SignedT")


class TypedDataSigner(Generic[S, SignedT]):
    """Signs one struct type under one domain; everything constant is precomputed.

    Subclasses set ``struct_type`` and ``signed_type`` (``signed_type(message, signature)``).
    ``private_key`` is 32 raw bytes (or a hex string). Signatures are deterministic (RFC 6979),
    low-s, ``v`` in {27, 28}.
    """

    struct_type: ClassVar[type]
    signed_type: ClassVar[type]

    __slots__ = ("_key", "_prefix", "_type_hash", "address", "domain")

    def __init__(self, private_key: bytes | str, domain: Domain) -> None:
        check_domain(domain, self.struct_type)
        if isinstance(private_key, str):
            private_key = bytes.fromhex(private_key.removeprefix("0x"))
        if len(private_key) != 32:
            raise ValueError(f"private key must be 32 bytes, got {len(private_key)}")
        self._key = PrivateKey(bytes(private_key))
        self._prefix = domain.digest_prefix
        self._type_hash: bytes = self.struct_type.TYPE_HASH
        self.domain = domain
        #: The signer's checksummed address.
        public_key = self._key.public_key.format(compressed=False)[1:]
        self.address: str = checksum_bytes(keccak(public_key)[12:])

    def digest(self, message: S) -> bytes:
        """The 32-byte EIP-712 digest of ``message`` in this signer's domain."""
        if type(message) is not self.struct_type:
            raise TypeError(f"expected a {self.struct_type.__name__}, got {type(message).__name__}")
        return keccak(self._prefix + keccak(self._type_hash + message.encode_data()))

    def sign_digest(self, digest: bytes) -> bytes:
        """Sign a precomputed 32-byte digest: 65 bytes ``r || s || v``."""
        raw = self._key.sign_recoverable(digest, hasher=None)  # r || s || recid, s already low
        return raw[:64] + _V_BYTE[raw[64]]

    def sign(self, message: S) -> SignedT:
        """Sign ``message``; returns the matching ``Signed*`` wrapper."""
        return self.signed_type(message, self.sign_digest(self.digest(message)))


# --------------------------------------------------------------------------------------------
# Recovery and verification
# --------------------------------------------------------------------------------------------


def recover_address(digest: bytes, signature: bytes) -> bytes:
    """The 20-byte address that signed ``digest``; raises for what OpenZeppelin ECDSA rejects."""
    if len(signature) != 65:
        raise InvalidSignature(f"signature must be 65 bytes (r || s || v), got {len(signature)}")
    v = signature[64]
    if v != 27 and v != 28:
        raise InvalidSignature(f"signature v must be 27 or 28, got {v}")
    s = int.from_bytes(signature[32:64], "big")
    if s > SECP256K1_HALF_N:
        raise InvalidSignature("signature s is in the upper half of the curve order (high-s)")
    if s == 0 or not 0 < int.from_bytes(signature[:32], "big") < SECP256K1_N:
        raise InvalidSignature("signature r or s is out of range")
    try:
        public_key = PublicKey.from_signature_and_message(
            signature[:64] + (b"\x00" if v == 27 else b"\x01"), digest, hasher=None
        )
    except ValueError as error:
        raise InvalidSignature(f"public key recovery failed: {error}") from None
    return keccak(public_key.format(compressed=False)[1:])[12:]


def try_recover(digest: bytes, signature: bytes) -> bytes | None:
    """Like OpenZeppelin ``ECDSA.tryRecover``: the signer's 20 bytes, or ``None`` on any error."""
    try:
        return recover_address(digest, signature)
    except InvalidSignature:
        return None


def recover_signer(domain: Domain, message: TypedStruct, signature: bytes) -> str:
    """Checksummed address that signed ``message`` in ``domain``.

    Raises :class:`InvalidSignature` for a malformed signature (length, v, high-s, r/s range)
    and ``ValueError`` if ``domain`` is not the contract that verifies this struct type.
    """
    check_domain(domain, type(message))
    return checksum_bytes(recover_address(domain.digest(message), signature))


def verify_signature(domain: Domain, message: TypedStruct, signature: bytes, expected_signer: str) -> bool:
    """Whether ``expected_signer`` signed ``message`` in ``domain``.

    ``False`` for a well-formed signature by someone else; :class:`InvalidSignature` for a
    signature no contract would accept. Compares raw bytes (no checksum on the hot path).
    """
    check_domain(domain, type(message))
    return recover_address(domain.digest(message), signature) == address_bytes(expected_signer)
