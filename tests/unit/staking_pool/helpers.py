"""Shared constants and signing helpers for StakingPool / Disputes tests."""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak

TOKEN = 10**18
DAY = 86_400
MAX_UINT = 2**256 - 1
ZERO_ADDRESS = "0x" + "00" * 20
BPS = 10_000
MAX_SLASH_BPS = 1_000
MIN_SELF_STAKE = 1_000 * TOKEN  # StakingPool default
THAWING_PERIOD = 14 * DAY  # StakingPool default
CUT_CHANGE_DELAY = 7 * DAY  # StakingPool default
VIRTUAL_SHARES = 1_000  # 10 ** SHARES_OFFSET_DECIMALS
REWARD_SCALE = 10**36
REWARD_STREAM_PERIOD = 7 * DAY  # StakingPool.REWARD_STREAM_PERIOD
REWARD_RATE_SCALE = 10**12  # StakingPool.REWARD_RATE_SCALE
MIN_BOND = 100 * TOKEN  # Disputes default
RESOLUTION_WINDOW = 7 * DAY  # Disputes default
REPORTER_REWARD_BPS = 2_000  # Disputes default
EQUIVOCATION_SLASH_BPS = 500
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
RECEIPT_TYPE = "Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version,uint64 issuedAt)"

_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]


def unpack_stream(word: int) -> tuple[int, int, int]:
    """Python model of RewardMath.unpackStream: (rate, end, updatedAt) of `Pool.rewardStream`."""
    return word >> 96, (word >> 48) & (2**48 - 1), word & (2**48 - 1)


def to_shares(tokens: int, total_tokens: int, total_shares: int) -> int:
    """Python model of SharesMath.toSharesDown."""
    return tokens * (total_shares + VIRTUAL_SHARES) // (total_tokens + 1)


def to_tokens(shares: int, total_tokens: int, total_shares: int) -> int:
    """Python model of SharesMath.toTokensDown."""
    return shares * (total_tokens + 1) // (total_shares + VIRTUAL_SHARES)


def sign_permit(token: Any, account: Any, spender: str, value: int, deadline: int, chain_id: int):
    """EIP-2612 permit signature (v, r, s) of `account` for `spender`."""
    message = {
        "types": {
            "EIP712Domain": _DOMAIN_TYPE,
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {"name": token.name(), "version": "1", "chainId": chain_id, "verifyingContract": token.address},
        "message": {
            "owner": account.address,
            "spender": str(spender),
            "value": value,
            "nonce": token.nonces(account),
            "deadline": deadline,
        },
    }
    signed = Account.sign_typed_data(account.private_key, full_message=message)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def make_receipt(
    asset_id: int, request: bytes | int = 1, response: bytes | int = 1, version: int = 1, issued_at: int = 1
) -> dict:
    """A Receipt struct as a dict; ints become 32-byte hashes."""
    def as_hash(value: bytes | int) -> bytes:
        return value if isinstance(value, bytes) else value.to_bytes(32, "big")

    return {
        "requestHash": as_hash(request), "responseHash": as_hash(response), "assetId": asset_id, "version": version,
        "issuedAt": issued_at,
    }


def receipt_message(disputes_address: str, chain_id: int, receipt: dict) -> dict:
    return {
        "types": {
            "EIP712Domain": _DOMAIN_TYPE,
            "Receipt": [
                {"name": "requestHash", "type": "bytes32"},
                {"name": "responseHash", "type": "bytes32"},
                {"name": "assetId", "type": "uint256"},
                {"name": "version", "type": "uint32"},
                {"name": "issuedAt", "type": "uint64"},
            ],
        },
        "primaryType": "Receipt",
        "domain": {"name": "Disputes", "version": "1", "chainId": chain_id, "verifyingContract": str(disputes_address)},
        "message": receipt,
    }


def receipt_digest(disputes_address: str, chain_id: int, receipt: dict) -> bytes:
    """EIP-712 digest of `receipt`, computed off-chain."""
    signable = encode_typed_data(full_message=receipt_message(disputes_address, chain_id, receipt))
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def sign_receipt(private_key: Any, disputes_address: str, chain_id: int, receipt: dict) -> bytes:
    """65-byte signature r || s || v of `receipt`."""
    signed = Account.sign_typed_data(private_key, full_message=receipt_message(disputes_address, chain_id, receipt))
    return bytes(signed.signature)


def to_high_s(signature: bytes) -> bytes:
    """The malleable twin of a low-s signature: s' = n - s, v flipped."""
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])


#: The queued parameter (bytes32 name) behind each admin setter of StakingPool and Disputes.
PARAMETER_OF_SETTER = {
    "setSlasher": "slasher",
    "setMinSelfStake": "minSelfStake",
    "setThawingPeriod": "thawingPeriod",
    "setCutChangeDelay": "cutChangeDelay",
    "setArbiter": "arbiter",
    "setTreasury": "treasury",
    "setMinBond": "minBond",
    "setResolutionWindow": "resolutionWindow",
    "setReporterRewardBps": "reporterRewardBps",
}


def parameter_key(name: str) -> bytes:
    """The bytes32 key of a queued parameter (its name, left-aligned)."""
    return name.encode().ljust(32, b"\0")


def apply_change(contract: Any, setter: str, value: Any, admin: Any) -> Any:
    """Queue `setter(value)`, wait the change delay and execute it; returns the execution receipt."""
    from ape import chain

    getattr(contract, setter)(value, sender=admin)
    chain.pending_timestamp += int(contract.changeDelay())
    return contract.executeChange(parameter_key(PARAMETER_OF_SETTER[setter]), sender=admin)


def prove(disputes: Any, a: dict, sig_a: bytes, b: dict, sig_b: bytes, sender: Any, finder: Any = None) -> Any:
    """Commit (bound to `finder`, default the sender) in one block, prove in the next."""
    finder = finder or sender
    commitment = disputes.equivocationCommitment(finder, a, b)
    disputes.commitEquivocation(commitment, sender=sender)
    return disputes.proveEquivocation(a, sig_a, b, sig_b, finder, sender=sender)
