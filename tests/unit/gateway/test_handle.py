"""POST /v1/infer: 402 offers, paid answers with receipts, refusals, retries."""

from __future__ import annotations

import json

from modelmarket.gateway.model import DigitsClassifier, canonical_json
from modelmarket.gateway.wire import (
    PAYMENT_REQUIRED_HEADER,
    PAYMENT_SIGNATURE_HEADER,
    RECEIPT_HEADER,
    SCHEME,
    decode_payment_required,
    decode_receipt,
    encode_voucher_payment,
)
from modelmarket.keccak import keccak
from modelmarket.receipts import verify_receipt
from modelmarket.vouchers import VoucherSigner
from tests.gateway_fixtures import PRICE, sign_call

BODY = canonical_json({"pixels": DigitsClassifier.sample(3)})


def _pay(http, gateway, signed, body=BODY):
    header = encode_voucher_payment(signed, gateway.offer.requirements())
    return http.post("/v1/infer", content=body, headers={PAYMENT_SIGNATURE_HEADER: header})


def _error(response) -> str:
    return decode_payment_required(response.headers[PAYMENT_REQUIRED_HEADER]).error


def test_infer_without_payment_returns_402_with_requirements(http, gateway, payments, market, served_asset, chain):
    response = http.post("/v1/infer", content=BODY)
    assert response.status_code == 402
    (requirements,) = decode_payment_required(response.headers[PAYMENT_REQUIRED_HEADER]).accepts
    assert (requirements.scheme, requirements.network) == (SCHEME, f"eip155:{chain.chain_id}")
    assert (int(requirements.amount), requirements.asset) == (PRICE, market.token.address)
    assert requirements.pay_to == payments.address
    assert requirements.extra["assetId"] == str(served_asset) and requirements.extra["version"] == 1
    assert requirements.extra["domain"] == {"name": "UsagePayments", "version": "2", "chainId": chain.chain_id,
                                            "verifyingContract": payments.address}


def test_infer_with_voucher_answers_with_a_signed_receipt(http, gateway, agent, funded_consumer, served_asset,
                                                          receipt_domain, operator_address, chain):
    response = _pay(http, gateway, sign_call(agent, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600))
    assert response.status_code == 200
    assert json.loads(response.content)["digit"] == 3
    receipt = decode_receipt(response.headers[RECEIPT_HEADER])
    assert verify_receipt(receipt_domain, receipt, operator_address)
    assert receipt.receipt.request_hash == keccak(BODY)
    assert receipt.receipt.response_hash == keccak(response.content)
    assert (receipt.receipt.asset_id, receipt.receipt.version) == (served_asset, 1)


def test_infer_with_wrong_cumulative_is_refused(http, gateway, agent, funded_consumer, served_asset, chain):
    response = _pay(http, gateway, sign_call(agent, funded_consumer.address, served_asset, 2, chain.pending_timestamp + 3600))
    assert response.status_code == 402
    assert _error(response).startswith("WrongCumulative: expected cumulative 1000000000000000")


def test_infer_when_the_lane_is_empty_is_refused(http, gateway, agent, consumer2, served_asset, chain, payments):
    payments.authorizeSessionKey(agent.address, 10**24, chain.pending_timestamp + 86_400, [served_asset], sender=consumer2)
    response = _pay(http, gateway, sign_call(agent, consumer2.address, served_asset, 1, chain.pending_timestamp + 3600))
    assert response.status_code == 402
    assert _error(response).startswith("LaneEmpty")


def test_infer_when_coverage_minus_outstanding_cannot_pay_is_refused(http, gateway, agent, funded_consumer,
                                                                      served_asset, chain, payments):
    deadline = chain.pending_timestamp + 3600
    assert _pay(http, gateway, sign_call(agent, funded_consumer.address, served_asset, 1, deadline)).status_code == 200
    lane = payments.laneOf(funded_consumer.address, served_asset)
    payments.requestThaw(served_asset, lane[0] - PRICE, sender=funded_consumer)  # coverage: one call, already owed
    response = _pay(http, gateway, sign_call(agent, funded_consumer.address, served_asset, 2, deadline))
    assert response.status_code == 402
    assert _error(response).startswith("InsufficientLane")


def test_infer_with_a_stranger_signature_is_refused(http, gateway, funded_consumer, served_asset, chain, payments):
    from modelmarket.payments_chain import payments_domain

    stranger_key = VoucherSigner(keccak(b"not authorised"), payments_domain(payments))
    response = _pay(http, gateway, sign_call(stranger_key, funded_consumer.address, served_asset, 1,
                                             chain.pending_timestamp + 3600))
    assert response.status_code == 402
    assert _error(response).startswith("InvalidSigner")


def test_infer_retried_with_the_same_voucher_is_answered_once_charged_once(http, gateway, agent, funded_consumer,
                                                                            served_asset, chain):
    signed = sign_call(agent, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600)
    first, second = _pay(http, gateway, signed), _pay(http, gateway, signed)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content
    assert gateway.gate.store.answered() == (1, 1)
    assert gateway.gate.next_cumulative(funded_consumer.address) == 2 * PRICE


def test_infer_with_a_spent_voucher_for_another_request_is_refused(http, gateway, agent, funded_consumer,
                                                                    served_asset, chain):
    signed = sign_call(agent, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600)
    assert _pay(http, gateway, signed).status_code == 200
    response = _pay(http, gateway, signed, canonical_json({"pixels": DigitsClassifier.sample(4)}))
    assert response.status_code == 402
    assert _error(response).startswith("VoucherReused")


def test_infer_with_invalid_input_is_400_and_charges_nothing(http, gateway, agent, funded_consumer, served_asset, chain):
    signed = sign_call(agent, funded_consumer.address, served_asset, 1, chain.pending_timestamp + 3600)
    response = _pay(http, gateway, signed, b'{"pixels": [1]}')
    assert response.status_code == 400
    assert gateway.gate.store.answered() == (0, 0)


def test_infer_with_a_malformed_payment_header_is_refused(http):
    response = http.post("/v1/infer", content=BODY, headers={PAYMENT_SIGNATURE_HEADER: "not base64 json"})
    assert response.status_code == 402
    assert _error(response).startswith("InvalidPayment")
