"""The voucher/receipt SDK against eth_account: digests, signatures, recovery, rejections.

Needs no chain and no conftest; eth_account / eth_utils serve as the independent reference.
"""

from __future__ import annotations

import json

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak as reference_keccak
from eth_utils import to_checksum_address as reference_checksum
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmarket.addresses import to_checksum_address
from modelmarket.eip712 import (
    SECP256K1_N,
    Domain,
    InvalidSignature,
    recover_signer,
    typed_data,
    verify_signature,
)
from modelmarket.receipts import (
    Receipt,
    ReceiptSigner,
    SignedReceipt,
    recover_receipt_signer,
    verify_receipt,
)
from modelmarket.vouchers import (
    SignedVoucher,
    Voucher,
    VoucherSigner,
    recover_voucher_signer,
    verify_voucher,
)

# Anvil's first two well-known development keys.
KEY = bytes.fromhex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
OTHER_KEY = bytes.fromhex("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
ADDRESS = Account.from_key(KEY).address
OTHER_ADDRESS = Account.from_key(OTHER_KEY).address
PAYMENTS = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
DISPUTES = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
CHAIN_ID = 31337

VOUCHERS = Domain.usage_payments(CHAIN_ID, PAYMENTS)
RECEIPTS = Domain.disputes(CHAIN_ID, DISPUTES)

FAST = settings(max_examples=50, deadline=None)

addresses = st.binary(min_size=20, max_size=20).map(lambda raw: reference_checksum(raw))
uint256 = st.integers(min_value=0, max_value=2**256 - 1)
uint64 = st.integers(min_value=0, max_value=2**64 - 1)
uint32 = st.integers(min_value=0, max_value=2**32 - 1)
bytes32 = st.binary(min_size=32, max_size=32)
chain_ids = st.integers(min_value=1, max_value=2**64)
vouchers = st.builds(Voucher, addresses, uint256, uint256, uint64)
receipts = st.builds(Receipt, bytes32, bytes32, uint256, uint32, st.integers(0, 2**64 - 1))


def eip712_domain(name: str, chain_id: int, contract: str) -> dict:
    version = "2" if name == "UsagePayments" else "1"  # the contracts' EIP712(name, version)
    return {"name": name, "version": version, "chainId": chain_id, "verifyingContract": contract}


DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]


def voucher_message(voucher: Voucher, chain_id: int = CHAIN_ID, contract: str = PAYMENTS) -> dict:
    """Written out by hand from the contract's type string, independent of the SDK."""
    return {
        "types": {
            "EIP712Domain": DOMAIN_TYPE,
            "Voucher": [
                {"name": "consumer", "type": "address"},
                {"name": "assetId", "type": "uint256"},
                {"name": "cumulativeAmount", "type": "uint256"},
                {"name": "deadline", "type": "uint64"},
            ],
        },
        "primaryType": "Voucher",
        "domain": eip712_domain("UsagePayments", chain_id, contract),
        "message": {
            "consumer": voucher.consumer,
            "assetId": voucher.asset_id,
            "cumulativeAmount": voucher.cumulative_amount,
            "deadline": voucher.deadline,
        },
    }


def receipt_message(receipt: Receipt, chain_id: int = CHAIN_ID, contract: str = DISPUTES) -> dict:
    return {
        "types": {
            "EIP712Domain": DOMAIN_TYPE,
            "Receipt": [
                {"name": "requestHash", "type": "bytes32"},
                {"name": "responseHash", "type": "bytes32"},
                {"name": "assetId", "type": "uint256"},
                {"name": "version", "type": "uint32"},
                {"name": "issuedAt", "type": "uint64"},
            ],
        },
        "primaryType": "Receipt",
        "domain": eip712_domain("Disputes", chain_id, contract),
        "message": {
            "requestHash": receipt.request_hash,
            "responseHash": receipt.response_hash,
            "assetId": receipt.asset_id,
            "version": receipt.version,
            "issuedAt": receipt.issued_at,
        },
    }


def reference_digest(full_message: dict) -> bytes:
    signable = encode_typed_data(full_message=full_message)
    return reference_keccak(b"\x19" + signable.version + signable.header + signable.body)


def high_s(signature: bytes) -> bytes:
    """The malleable twin (n - s, flipped v): same signer, rejected by OpenZeppelin."""
    s = int.from_bytes(signature[32:64], "big")
    return signature[:32] + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - signature[64]])


def sample_voucher(**overrides) -> Voucher:
    fields = {"consumer": ADDRESS, "asset_id": 7, "cumulative_amount": 10**18, "deadline": 2**40}
    fields.update(overrides)
    return Voucher(**fields)


def sample_receipt(**overrides) -> Receipt:
    fields = {
        "request_hash": b"\x01" * 32,
        "response_hash": b"\x02" * 32,
        "asset_id": 7,
        "version": 3,
        "issued_at": 1_700_000_000,
    }
    fields.update(overrides)
    return Receipt(**fields)


# --- type strings and domains ------------------------------------------------------------


def test_type_hash_matches_contract_type_strings():
    assert Voucher.TYPE_STRING == (
        "Voucher(address consumer,uint256 assetId,uint256 cumulativeAmount,uint64 deadline)"
    )
    assert Receipt.TYPE_STRING == (
        "Receipt(bytes32 requestHash,bytes32 responseHash,uint256 assetId,uint32 version,uint64 issuedAt)"
    )
    assert Voucher.TYPE_HASH == reference_keccak(text=Voucher.TYPE_STRING)
    assert Receipt.TYPE_HASH == reference_keccak(text=Receipt.TYPE_STRING)


@FAST
@given(chain_id=chain_ids, contract=addresses)
def test_domain_separator_matches_eth_account_header(chain_id, contract):
    domain = Domain.usage_payments(chain_id, contract.lower())
    signable = encode_typed_data(full_message=voucher_message(sample_voucher(), chain_id, contract))
    assert domain.separator == signable.header
    assert domain.verifying_contract == contract


def test_domain_constructors_use_contract_names_and_versions():
    assert (VOUCHERS.name, VOUCHERS.version) == ("UsagePayments", "2")
    assert (RECEIPTS.name, RECEIPTS.version) == ("Disputes", "1")


# --- digests -------------------------------------------------------------------------------


@FAST
@given(voucher=vouchers, chain_id=chain_ids, contract=addresses)
def test_digest_matches_eth_account_for_random_vouchers(voucher, chain_id, contract):
    domain = Domain.usage_payments(chain_id, contract)
    signer = VoucherSigner(KEY, domain)
    expected = reference_digest(voucher_message(voucher, chain_id, contract))
    assert signer.digest(voucher) == expected
    assert domain.digest(voucher) == expected


@FAST
@given(receipt=receipts, chain_id=chain_ids, contract=addresses)
def test_digest_matches_eth_account_for_random_receipts(receipt, chain_id, contract):
    domain = Domain.disputes(chain_id, contract)
    expected = reference_digest(receipt_message(receipt, chain_id, contract))
    assert ReceiptSigner(KEY, domain).digest(receipt) == expected


@FAST
@given(voucher=vouchers, receipt=receipts)
def test_typed_data_when_given_to_eth_account_hashes_to_our_digest(voucher, receipt):
    assert reference_digest(typed_data(VOUCHERS, voucher)) == VOUCHERS.digest(voucher)
    assert reference_digest(typed_data(RECEIPTS, receipt)) == RECEIPTS.digest(receipt)


def test_digest_rejects_other_struct_type():
    with pytest.raises(TypeError, match="expected a Voucher"):
        VoucherSigner(KEY, VOUCHERS).digest(sample_receipt())


# --- signing and recovery ------------------------------------------------------------------


@FAST
@given(voucher=vouchers)
def test_sign_voucher_recovers_to_signer_and_matches_eth_account(voucher):
    signer = VoucherSigner(KEY, VOUCHERS)
    signed = signer.sign(voucher)
    message = voucher_message(voucher)
    assert recover_voucher_signer(VOUCHERS, signed) == ADDRESS
    assert verify_voucher(VOUCHERS, signed, ADDRESS)
    signable = encode_typed_data(full_message=message)
    assert Account.recover_message(signable, signature=signed.signature) == ADDRESS
    # RFC 6979 is deterministic, so eth_account must produce the very same bytes.
    assert Account.sign_typed_data(KEY, full_message=message).signature == signed.signature


@FAST
@given(voucher=vouchers)
def test_sign_voucher_produces_low_s_and_v_27_or_28(voucher):
    signature = VoucherSigner(OTHER_KEY, VOUCHERS).sign(voucher).signature
    assert len(signature) == 65
    assert signature[64] in (27, 28)
    assert int.from_bytes(signature[32:64], "big") <= SECP256K1_N // 2


@FAST
@given(receipt=receipts)
def test_sign_receipt_recovers_to_signer_and_eth_account_agrees(receipt):
    signed = ReceiptSigner(OTHER_KEY, RECEIPTS).sign(receipt)
    assert isinstance(signed, SignedReceipt)
    assert recover_receipt_signer(RECEIPTS, signed) == OTHER_ADDRESS
    assert verify_receipt(RECEIPTS, signed, OTHER_ADDRESS)
    assert not verify_receipt(RECEIPTS, signed, ADDRESS)
    recovered = Account.recover_message(
        encode_typed_data(full_message=receipt_message(receipt)), signature=signed.signature
    )
    assert recovered == OTHER_ADDRESS


def test_signer_address_matches_eth_account_for_bytes_and_hex_keys():
    assert VoucherSigner(KEY, VOUCHERS).address == ADDRESS
    assert VoucherSigner("0x" + OTHER_KEY.hex(), VOUCHERS).address == OTHER_ADDRESS


def test_sign_digest_of_eth_account_signature_recovers_same_signer():
    signer = VoucherSigner(KEY, VOUCHERS)
    voucher = sample_voucher()
    eth_signature = Account.sign_typed_data(KEY, full_message=voucher_message(voucher)).signature
    assert recover_voucher_signer(VOUCHERS, SignedVoucher(voucher, eth_signature)) == ADDRESS
    assert signer.sign_digest(signer.digest(voucher)) == eth_signature


def test_verify_voucher_when_other_signer_returns_false():
    signed = VoucherSigner(OTHER_KEY, VOUCHERS).sign(sample_voucher())
    assert not verify_voucher(VOUCHERS, signed, ADDRESS)
    assert verify_voucher(VOUCHERS, signed, OTHER_ADDRESS.lower())


def test_verify_voucher_when_message_tampered_returns_false():
    signed = VoucherSigner(KEY, VOUCHERS).sign(sample_voucher())
    tampered = SignedVoucher(sample_voucher(cumulative_amount=10**19), signed.signature)
    assert not verify_voucher(VOUCHERS, tampered, ADDRESS)


@pytest.mark.parametrize(
    "other",
    [
        Domain.usage_payments(CHAIN_ID + 1, PAYMENTS),
        Domain.usage_payments(CHAIN_ID, DISPUTES),
        Domain("UsagePayments", "1", CHAIN_ID, PAYMENTS),
    ],
    ids=["chain_id", "contract", "version"],
)
def test_recover_voucher_signer_when_domain_differs_recovers_other_address(other):
    signed = VoucherSigner(KEY, VOUCHERS).sign(sample_voucher())
    assert other.separator != VOUCHERS.separator
    assert recover_voucher_signer(other, signed) != ADDRESS
    assert not verify_voucher(other, signed, ADDRESS)


def test_recover_signer_when_domain_is_other_contract_raises():
    signed = VoucherSigner(KEY, VOUCHERS).sign(sample_voucher())
    with pytest.raises(ValueError, match="verified by 'UsagePayments'"):
        recover_signer(RECEIPTS, signed.voucher, signed.signature)


def test_signer_when_domain_is_other_contract_raises():
    with pytest.raises(ValueError, match="verified by 'Disputes'"):
        ReceiptSigner(KEY, VOUCHERS)
    with pytest.raises(ValueError, match="verified by 'UsagePayments'"):
        VoucherSigner(KEY, RECEIPTS)


# --- malformed signatures ------------------------------------------------------------------


def test_recover_voucher_signer_when_high_s_raises_invalid_signature():
    signed = VoucherSigner(KEY, VOUCHERS).sign(sample_voucher())
    malleable = SignedVoucher(signed.voucher, high_s(signed.signature))
    # The twin is a mathematically valid signature by the same key (eth_account accepts it) ...
    message = encode_typed_data(full_message=voucher_message(signed.voucher))
    assert Account.recover_message(message, signature=malleable.signature) == ADDRESS
    # ... but OpenZeppelin rejects it, and so do we.
    with pytest.raises(InvalidSignature, match="high-s"):
        recover_voucher_signer(VOUCHERS, malleable)
    with pytest.raises(InvalidSignature, match="high-s"):
        verify_voucher(VOUCHERS, malleable, ADDRESS)


def test_recover_receipt_signer_when_high_s_raises_invalid_signature():
    signed = ReceiptSigner(KEY, RECEIPTS).sign(sample_receipt())
    with pytest.raises(InvalidSignature, match="high-s"):
        recover_receipt_signer(RECEIPTS, SignedReceipt(signed.receipt, high_s(signed.signature)))


@pytest.mark.parametrize("v", [0, 1, 26, 29, 255])
def test_recover_voucher_signer_when_v_invalid_raises_invalid_signature(v):
    signed = VoucherSigner(KEY, VOUCHERS).sign(sample_voucher())
    bad = SignedVoucher(signed.voucher, signed.signature[:64] + bytes([v]))
    with pytest.raises(InvalidSignature, match=f"v must be 27 or 28, got {v}"):
        recover_voucher_signer(VOUCHERS, bad)


@pytest.mark.parametrize(
    "r, s",
    [(0, 1), (SECP256K1_N, 1), (2**256 - 1, 1), (1, 0)],
    ids=["r_zero", "r_n", "r_max", "s_zero"],
)
def test_recover_voucher_signer_when_r_or_s_out_of_range_raises_invalid_signature(r, s):
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big") + b"\x1b"
    with pytest.raises(InvalidSignature, match="out of range"):
        recover_voucher_signer(VOUCHERS, SignedVoucher(sample_voucher(), signature))


def test_recover_signer_when_r_is_not_on_curve_raises_invalid_signature():
    # x = 5 has no point on secp256k1 (5^3 + 7 = 132 is a non-residue), so recovery fails.
    signature = (5).to_bytes(32, "big") + (1).to_bytes(32, "big") + b"\x1b"
    with pytest.raises(InvalidSignature, match="recovery failed"):
        recover_signer(VOUCHERS, sample_voucher(), signature)


@pytest.mark.parametrize("length", [0, 64, 66])
def test_recover_signer_when_length_wrong_raises_invalid_signature(length):
    with pytest.raises(InvalidSignature, match="65 bytes"):
        recover_signer(VOUCHERS, sample_voucher(), b"\x01" * length)
    with pytest.raises(InvalidSignature, match="65 bytes"):
        verify_signature(VOUCHERS, sample_voucher(), b"\x01" * length, ADDRESS)
    with pytest.raises(InvalidSignature, match="65 bytes"):
        SignedVoucher(sample_voucher(), b"\x01" * length)


def test_invalid_signature_is_a_value_error():
    assert issubclass(InvalidSignature, ValueError)


# --- structs, addresses, JSON --------------------------------------------------------------


@FAST
@given(address=addresses)
def test_to_checksum_address_matches_eth_utils(address):
    assert to_checksum_address(address.lower()) == address
    assert to_checksum_address(address.upper().replace("0X", "0x")) == address
    assert to_checksum_address(bytes.fromhex(address[2:])) == address


def test_voucher_when_consumer_lowercase_normalises_to_checksum():
    assert sample_voucher(consumer=ADDRESS.lower()).consumer == ADDRESS
    assert sample_voucher(consumer=ADDRESS.lower()) == sample_voucher()


def test_voucher_when_checksum_wrong_raises():
    wrong = ADDRESS[:2] + ADDRESS[2:].swapcase()
    assert wrong.lower() != wrong and wrong.upper()[2:] != wrong[2:]
    with pytest.raises(ValueError, match="checksum"):
        sample_voucher(consumer=wrong)


@pytest.mark.parametrize("consumer", ["0x1234", "1" * 42, "0x" + "zz" * 20, ADDRESS + "00"])
def test_voucher_when_consumer_malformed_raises(consumer):
    with pytest.raises(ValueError, match="20-byte hex address"):
        sample_voucher(consumer=consumer)


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("asset_id", -1, ValueError),
        ("asset_id", 2**256, ValueError),
        ("cumulative_amount", 2**256, ValueError),
        ("deadline", 2**64, ValueError),
        ("deadline", True, TypeError),
        ("asset_id", 1.0, TypeError),
    ],
)
def test_voucher_when_field_out_of_range_raises(field, value, error):
    with pytest.raises(error, match=field):
        sample_voucher(**{field: value})


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("request_hash", b"\x01" * 31, ValueError),
        ("response_hash", "0x" + "00" * 32, TypeError),
        ("version", 2**32, ValueError),
    ],
)
def test_receipt_when_field_invalid_raises(field, value, error):
    with pytest.raises(error, match=field):
        sample_receipt(**{field: value})


def test_to_tuple_follows_solidity_member_order():
    voucher = sample_voucher()
    receipt = sample_receipt()
    assert voucher.to_tuple() == (ADDRESS, 7, 10**18, 2**40)
    assert SignedVoucher(voucher, b"\x00" * 65).to_tuple() == voucher.to_tuple()
    assert receipt.to_tuple() == (b"\x01" * 32, b"\x02" * 32, 7, 3, 1_700_000_000)


@FAST
@given(voucher=vouchers)
def test_signed_voucher_json_round_trips_through_json_text(voucher):
    signed = VoucherSigner(KEY, VOUCHERS).sign(voucher)
    data = json.loads(json.dumps(signed.to_json()))
    assert data["signature"] == "0x" + signed.signature.hex()
    assert SignedVoucher.from_json(data) == signed


def test_signed_receipt_json_round_trips_with_hex_hashes():
    signed = ReceiptSigner(KEY, RECEIPTS).sign(sample_receipt())
    data = json.loads(json.dumps(signed.to_json()))
    assert data["requestHash"] == "0x" + "01" * 32
    assert SignedReceipt.from_json(data) == signed


def test_voucher_from_json_accepts_decimal_and_hex_strings():
    data = {
        "consumer": ADDRESS.lower(),
        "assetId": "0x7",
        "cumulativeAmount": str(10**30),
        "deadline": 5,
    }
    assert Voucher.from_json(data) == Voucher(ADDRESS, 7, 10**30, 5)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"assetId": None}, "missing field 'assetId'"),
        ({"deadline": "soon"}, "'deadline' is not an integer"),
        ({"signature": "abcd"}, "'signature' must be a 0x-prefixed hex string"),
        ({"signature": "0xzz"}, "'signature' is not valid hex"),
    ],
)
def test_signed_voucher_from_json_when_malformed_raises(change, message):
    data = SignedVoucher(sample_voucher(), b"\x00" * 65).to_json()
    for key, value in change.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    with pytest.raises(ValueError, match=message):
        SignedVoucher.from_json(data)
