"""Fixtures and signing helpers for the UsagePayments unit tests.

Vouchers are signed with eth_account (an independent EIP-712 implementation), against the exact
type string and domain the contract and the Python SDK use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak

from tests.conftest import TOKEN

ZERO_ADDRESS = "0x" + "00" * 20
#: Deposited and allocated to `asset`'s lane of `consumer` by the `funded` fixture.
DEPOSIT = 1_000 * TOKEN
#: StakingPool's default minimum self-stake for serving.
MIN_SELF_STAKE = 1_000 * TOKEN
#: secp256k1 group order (to build a high-s twin of a signature).
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
#: Seconds a test voucher stays valid.
VALIDITY = 3_600
#: The queue key of each UsagePayments admin setter (`IDelayedChanges`).
PARAMETER_OF_SETTER = {"setProtocolFeeBps": "protocolFeeBps", "setTreasury": "treasury",
                       "setWithdrawDelay": "withdrawDelay"}


def parameter_key(name: str) -> bytes:
    """The bytes32 key of a queued parameter (its name, left-aligned)."""
    return name.encode().ljust(32, b"\0")


def apply_change(payments: Any, setter: str, value: Any, admin: Any) -> Any:
    """Queue `setter(value)` on UsagePayments, wait the change delay, execute it; returns that receipt."""
    from ape import chain

    getattr(payments, setter)(value, sender=admin)
    chain.pending_timestamp += int(payments.changeDelay())
    return payments.executeChange(parameter_key(PARAMETER_OF_SETTER[setter]), sender=admin)


#: The types of the voucher, exactly as the contract hashes them.
VOUCHER_TYPES = {
    "EIP712Domain": [
        {"name": "name", "type": "string"},
        {"name": "version", "type": "string"},
        {"name": "chainId", "type": "uint256"},
        {"name": "verifyingContract", "type": "address"},
    ],
    "Voucher": [
        {"name": "consumer", "type": "address"},
        {"name": "assetId", "type": "uint256"},
        {"name": "cumulativeAmount", "type": "uint256"},
        {"name": "deadline", "type": "uint64"},
    ],
}


def _address(who: Any) -> str:
    return who if isinstance(who, str) else who.address


def _key(who: Any) -> Any:
    return who.private_key if hasattr(who, "private_key") else who.key


def voucher_typed_data(
    consumer: Any,
    asset_id: int,
    cumulative_amount: int,
    deadline: int,
    *,
    chain_id: int,
    verifying_contract: str,
    name: str = "UsagePayments",
    version: str = "2",
) -> dict[str, Any]:
    """The full EIP-712 message of a voucher."""
    return {
        "types": VOUCHER_TYPES,
        "primaryType": "Voucher",
        "domain": {
            "name": name,
            "version": version,
            "chainId": chain_id,
            "verifyingContract": verifying_contract,
        },
        "message": {
            "consumer": _address(consumer),
            "assetId": asset_id,
            "cumulativeAmount": cumulative_amount,
            "deadline": deadline,
        },
    }


def sign_voucher(
    signer: Any,
    payments: Any,
    consumer: Any,
    asset_id: int,
    cumulative_amount: int,
    deadline: int,
    **domain_overrides: Any,
) -> tuple[tuple[str, int, int, int], bytes]:
    """Signs a voucher with `signer` (an ape test account or an eth_account LocalAccount).

    Returns the voucher as the ABI tuple and the 65-byte signature. `domain_overrides` may change
    `chain_id`, `verifying_contract`, `name` or `version` (to build wrong-domain signatures).
    """
    from ape import chain

    domain = {"chain_id": chain.chain_id, "verifying_contract": payments.address, **domain_overrides}
    full_message = voucher_typed_data(consumer, asset_id, cumulative_amount, deadline, **domain)
    signed = Account.sign_typed_data(_key(signer), full_message=full_message)
    return (_address(consumer), asset_id, cumulative_amount, deadline), bytes(signed.signature)


def voucher_digest(payments: Any, voucher: tuple[str, int, int, int]) -> bytes:
    """The EIP-712 digest of `voucher` computed off chain by eth_account."""
    from ape import chain

    message = voucher_typed_data(*voucher, chain_id=chain.chain_id, verifying_contract=payments.address)
    signable = encode_typed_data(full_message=message)
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def impersonate(address: str) -> Any:
    """An Ape account that sends as `address` (anvil impersonation), funded with ether."""
    from ape import accounts, chain

    if chain.provider.get_balance(address) < 10**17:
        chain.provider.set_balance(address, 10**18)
    return accounts[address]


def high_s(signature: bytes) -> bytes:
    """The malleable twin (n - s, flipped v) of a valid signature: same signer, rejected by OZ ECDSA."""
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])


def sign_permit(token: Any, owner: Any, spender: str, value: int, deadline: int) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit by `owner` (ape test account) for `spender`; returns (v, r, s)."""
    from ape import chain

    domain = token.eip712Domain()
    message = {
        "types": {
            "EIP712Domain": VOUCHER_TYPES["EIP712Domain"],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {
            "name": domain[1],
            "version": domain[2],
            "chainId": chain.chain_id,
            "verifyingContract": token.address,
        },
        "message": {
            "owner": owner.address,
            "spender": spender,
            "value": value,
            "nonce": token.nonces(owner.address),
            "deadline": deadline,
        },
    }
    signed = Account.sign_typed_data(owner.private_key, full_message=message)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


@dataclass
class Signer:
    """Binds the signing helper to the deployed contract and the default consumer/asset."""

    payments: Any
    consumer: Any
    asset_id: int

    def __call__(
        self,
        cumulative_amount: int,
        *,
        signer: Any = None,
        consumer: Any = None,
        asset_id: int | None = None,
        deadline: int | None = None,
        **domain_overrides: Any,
    ) -> tuple[tuple[str, int, int, int], bytes]:
        from ape import chain

        consumer = consumer or self.consumer
        return sign_voucher(
            signer or consumer,
            self.payments,
            consumer,
            self.asset_id if asset_id is None else asset_id,
            cumulative_amount,
            chain.pending_timestamp + VALIDITY if deadline is None else deadline,
            **domain_overrides,
        )


@pytest.fixture
def asset(list_asset) -> int:
    """An active model listed by `owner`, without lineage parents."""
    return list_asset()


@pytest.fixture
def other_asset(list_asset, other_owner) -> int:
    """A second active model, listed by `other_owner`."""
    return list_asset(sender=other_owner)


@pytest.fixture
def sign(payments, consumer, asset) -> Signer:
    """`sign(cumulative, signer=..., consumer=..., asset_id=..., deadline=..., chain_id=...)`."""
    return Signer(payments, consumer, asset)


@pytest.fixture
def fund(payments, token, asset) -> Callable[..., int]:
    """Factory: approve, deposit `amount` into `account`'s free balance and allocate it to the lane
    of `asset_id` (default: the `asset` fixture; None: leave it free)."""

    def _fund(account, amount: int = DEPOSIT, asset_id: int | None | str = "default") -> int:
        token.approve(payments.address, amount, sender=account)
        payments.deposit(amount, sender=account)
        target = asset if asset_id == "default" else asset_id
        if target is not None:
            payments.allocate(target, amount, sender=account)
        return amount

    return _fund


@pytest.fixture
def funded(fund, consumer) -> int:
    """`consumer` has `DEPOSIT` in its lane for `asset`."""
    return fund(consumer)


@pytest.fixture
def serving(staking, token, owner) -> Callable[[int], int]:
    """Factory: `owner` self-stakes the minimum so its asset is serving."""

    def _serve(asset_id: int, account=None) -> int:
        account = account or owner
        token.approve(staking.address, MIN_SELF_STAKE, sender=account)
        staking.stake(asset_id, MIN_SELF_STAKE, sender=account)
        return asset_id

    return _serve


@pytest.fixture
def session_key() -> Any:
    """An off-chain agent key (eth_account LocalAccount) that signs vouchers only."""
    return Account.from_key(keccak(b"modelmarket session key"))
