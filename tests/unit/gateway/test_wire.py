"""The gateway's direct x402 header codecs: the same bytes and the same refusals as the x402 package."""

from __future__ import annotations

import base64
import json

import pytest
from x402.http.utils import decode_payment_signature_header, encode_payment_response_header
from x402.schemas import SettleResponse

from modelmarket.eip712 import Domain
from modelmarket.gateway.wire import Offer, WireError, decode_voucher_payment, encode_voucher_payment, settle_header
from modelmarket.keccak import keccak
from modelmarket.vouchers import SignedVoucher, Voucher, VoucherSigner

CONTRACT = "0x" + "11" * 20
DOMAIN = Domain.usage_payments(31337, CONTRACT)
SIGNER = VoucherSigner(keccak(b"wire tests"), DOMAIN)
OFFER = Offer(7, 1, 10**15, "0x" + "22" * 20, DOMAIN, "0x" + "33" * 20, 60)
SIGNED = SIGNER.sign(Voucher("0x" + "44" * 20, 7, 3 * 10**15, 1_900_000_000))


def _header(payment: dict) -> str:
    return base64.b64encode(json.dumps(payment).encode()).decode()


def _payment() -> dict:
    return json.loads(base64.b64decode(encode_voucher_payment(SIGNED, OFFER.requirements())))


def test_decode_voucher_payment_reads_what_x402_decodes():
    header = encode_voucher_payment(SIGNED, OFFER.requirements())
    assert decode_voucher_payment(header) == SIGNED
    assert SignedVoucher.from_json(decode_payment_signature_header(header).payload) == SIGNED


def test_decode_voucher_payment_refuses_x402_version_1():
    payment = {**_payment(), "x402Version": 1}
    with pytest.raises(WireError, match="x402 v2 payload"):
        decode_voucher_payment(_header(payment))


def test_decode_voucher_payment_refuses_another_scheme():
    payment = _payment()
    payment["accepted"]["scheme"] = "exact"
    with pytest.raises(WireError, match="x402 v2 payload"):
        decode_voucher_payment(_header(payment))


def test_decode_voucher_payment_refuses_requirements_x402_would_not_validate():
    payment = _payment()
    del payment["accepted"]["payTo"]
    with pytest.raises(WireError, match="x402 v2 payload"):
        decode_voucher_payment(_header(payment))


def test_decode_voucher_payment_refuses_a_header_that_is_not_base64_json():
    with pytest.raises(WireError, match="does not decode"):
        decode_voucher_payment("not base64!")
    with pytest.raises(WireError, match="does not decode"):
        decode_voucher_payment(base64.b64encode(b"[1, 2]").decode())


def test_decode_voucher_payment_refuses_a_payload_that_is_not_a_voucher():
    payment = _payment()
    del payment["payload"]["signature"]
    with pytest.raises(WireError, match="not a signed voucher"):
        decode_voucher_payment(_header(payment))


def test_settle_header_writes_the_bytes_of_x402s_encoder():
    expected = encode_payment_response_header(SettleResponse(
        success=True, payer=SIGNED.voucher.consumer, transaction="", network="eip155:31337",
        amount=str(SIGNED.voucher.cumulative_amount)))
    assert settle_header(SIGNED, "eip155:31337") == expected
