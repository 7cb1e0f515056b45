"""VoucherBook: what a provider accepts, what it keeps, and what it redeems next."""

from __future__ import annotations

import pytest
from eth_account import Account
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmarket.vouchers import (
    SECP256K1_N,
    Domain,
    SignedVoucher,
    Voucher,
    VoucherBook,
    VoucherRejected,
    VoucherSigner,
)

CONSUMER_KEY = bytes.fromhex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
CONSUMER2_KEY = bytes.fromhex("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
SESSION_KEY = bytes.fromhex("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
CONSUMER = Account.from_key(CONSUMER_KEY).address
CONSUMER2 = Account.from_key(CONSUMER2_KEY).address
SESSION = Account.from_key(SESSION_KEY).address
PAYMENTS = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
DOMAIN = Domain.usage_payments(31337, PAYMENTS)
NOW = 1_700_000_000
LATER = NOW + 3600


def sign(amount: int, asset_id: int = 1, *, key: bytes = CONSUMER_KEY, consumer: str | None = None,
         deadline: int = LATER, domain: Domain = DOMAIN) -> SignedVoucher:
    signer = VoucherSigner(key, domain)
    return signer.sign(Voucher(consumer or signer.address, asset_id, amount, deadline))


@pytest.fixture
def book() -> VoucherBook:
    return VoucherBook(DOMAIN, clock=lambda: NOW)


def rejected(book: VoucherBook, signed: SignedVoucher, match: str, **kwargs) -> None:
    """Assert `add` rejects with `match` and leaves the book exactly as it was."""
    before = (book.pending(), len(book), book.escrow(signed.voucher.consumer))
    with pytest.raises(VoucherRejected, match=match):
        book.add(signed, **kwargs)
    assert (book.pending(), len(book), book.escrow(signed.voucher.consumer)) == before


# --- accepting -------------------------------------------------------------------------------


def test_add_when_first_voucher_stores_it_and_returns_full_amount(book):
    signed = sign(100)
    assert book.add(signed) == 100
    assert book.latest(CONSUMER, 1) == signed
    assert book.latest(CONSUMER.lower(), 1) == signed
    assert book.unredeemed(CONSUMER, 1) == 100
    assert book.pending() == [signed]


def test_add_when_amount_grows_replaces_latest_and_returns_increment(book):
    book.add(sign(100))
    newer = sign(250)
    assert book.add(newer) == 150
    assert book.latest(CONSUMER, 1) == newer
    assert book.pending() == [newer]
    assert len(book) == 1


def test_add_when_deadline_equals_now_accepts(book):
    assert book.add(sign(1, deadline=NOW)) == 1


def test_add_when_now_not_given_uses_clock():
    book = VoucherBook(DOMAIN, clock=lambda: LATER + 1)
    rejected(book, sign(1, deadline=LATER), "expired")
    assert book.add(sign(1, deadline=LATER), now=LATER) == 1


# --- rejections ------------------------------------------------------------------------------


def test_add_when_signature_high_s_rejects_as_bad_signature(book):
    signed = sign(100)
    s = int.from_bytes(signed.signature[32:64], "big")
    v = signed.signature[64]
    twin = signed.signature[:32] + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])
    rejected(book, SignedVoucher(signed.voucher, twin), "bad signature: .*high-s")


def test_add_when_v_invalid_rejects_as_bad_signature(book):
    signed = sign(100)
    bad_v = SignedVoucher(signed.voucher, signed.signature[:64] + b"\x00")
    rejected(book, bad_v, "bad signature: .*v must be")


def test_add_when_signed_by_someone_else_rejects_signer(book):
    forged = sign(100, key=CONSUMER2_KEY, consumer=CONSUMER)
    rejected(book, forged, f"signer {CONSUMER2} may not sign vouchers for consumer {CONSUMER}")


def test_add_when_voucher_tampered_rejects_signer(book):
    signed = sign(100)
    tampered = SignedVoucher(Voucher(CONSUMER, 1, 10**6, LATER), signed.signature)
    rejected(book, tampered, "may not sign vouchers for consumer")


def test_add_when_signed_for_other_chain_rejects_signer(book):
    other_chain = sign(100, domain=Domain.usage_payments(1, PAYMENTS))
    rejected(book, other_chain, "may not sign vouchers for consumer")


@pytest.mark.parametrize("amount", [100, 99, 0])
def test_add_when_cumulative_not_increasing_rejects(book, amount):
    book.add(sign(100))
    rejected(book, sign(amount), f"cumulative amount does not increase: {amount} <= 100")
    assert book.latest(CONSUMER, 1).voucher.cumulative_amount == 100


def test_add_when_cumulative_not_above_redeemed_rejects(book):
    book.mark_redeemed(CONSUMER, 1, 500)  # e.g. redeemed by an earlier run of this provider
    rejected(book, sign(500), "does not increase: 500 <= 500")
    assert book.add(sign(501)) == 1


def test_add_when_deadline_passed_rejects_as_expired(book):
    rejected(book, sign(100, deadline=NOW - 1), "voucher expired")


def test_add_when_deadline_inside_min_ttl_rejects_as_expired():
    book = VoucherBook(DOMAIN, min_ttl=600, clock=lambda: NOW)
    rejected(book, sign(100, deadline=NOW + 599), "expired: deadline .* before")
    assert book.add(sign(100, deadline=NOW + 600)) == 100


def test_add_when_increment_exceeds_escrow_rejects_as_under_funded(book):
    message = "under-funded: .* would owe 1001 .* has 1000 in escrow"
    rejected(book, sign(1001), message, escrow_available=1000)
    assert book.escrow(CONSUMER) is None  # a rejected call does not record the escrow
    assert book.add(sign(1000), escrow_available=1000) == 1000


def test_add_when_escrow_known_from_earlier_call_keeps_checking_it(book):
    book.add(sign(400), escrow_available=1000)
    assert book.escrow(CONSUMER) == 1000
    rejected(book, sign(1001), "under-funded")
    assert book.add(sign(1000)) == 600


def test_add_when_escrow_unknown_skips_funding_check(book):
    assert book.add(sign(10**30)) == 10**30


def test_add_when_escrow_shared_across_assets_counts_all_unredeemed(book):
    book.set_escrow(CONSUMER, 1000)
    book.add(sign(600, asset_id=1))
    rejected(book, sign(401, asset_id=2), "would owe 1001 unredeemed \\(401 on asset 2\\)")
    assert book.add(sign(400, asset_id=2)) == 400


def test_add_when_increment_over_redeemed_fits_escrow_accepts(book):
    book.add(sign(800), escrow_available=1000)
    book.mark_redeemed(CONSUMER, 1, 800)  # escrow on chain drops to 200
    assert book.escrow(CONSUMER) == 200
    rejected(book, sign(1001), "under-funded: .* would owe 201")
    assert book.add(sign(1000)) == 200


def test_add_when_escrow_is_for_other_consumer_does_not_apply(book):
    book.set_escrow(CONSUMER2, 1)
    assert book.add(sign(500)) == 500


# --- signer policies -------------------------------------------------------------------------


def test_add_when_delegate_in_allowlist_accepts():
    book = VoucherBook(DOMAIN, authorized=[SESSION, CONSUMER], clock=lambda: NOW)
    assert book.add(sign(100, key=SESSION_KEY, consumer=CONSUMER)) == 100
    rejected(book, sign(200, key=CONSUMER2_KEY, consumer=CONSUMER), "may not sign")


def test_add_when_policy_is_single_address_accepts_only_it(book):
    delegated = sign(100, key=SESSION_KEY, consumer=CONSUMER)
    rejected(book, delegated, "may not sign")  # default: the consumer signs its own vouchers
    assert book.add(delegated, authorized=SESSION.lower()) == 100
    rejected(book, sign(200), "may not sign", authorized=SESSION)


def test_add_when_policy_callable_gets_checksummed_signer_and_consumer(book):
    calls = []

    def may_sign(signer: str, consumer: str) -> bool:
        calls.append((signer, consumer))
        return (signer, consumer) == (SESSION, CONSUMER)

    assert book.add(sign(100, key=SESSION_KEY, consumer=CONSUMER), may_sign) == 100
    other_consumer = sign(100, key=SESSION_KEY, consumer=CONSUMER2)
    rejected(book, other_consumer, "may not sign", authorized=may_sign)
    assert calls == [(SESSION, CONSUMER), (SESSION, CONSUMER2)]


def test_voucher_book_when_domain_not_usage_payments_raises():
    with pytest.raises(ValueError, match="verified by 'UsagePayments'"):
        VoucherBook(Domain.disputes(31337, PAYMENTS))


# --- redemption, pending, batch ------------------------------------------------------------


def test_mark_redeemed_when_fully_redeemed_drops_from_pending(book):
    book.add(sign(100, asset_id=1))
    book.add(sign(50, asset_id=2))
    book.mark_redeemed(CONSUMER.lower(), 1, 100)
    assert [s.voucher.asset_id for s in book.pending()] == [2]
    assert book.redeemed(CONSUMER, 1) == 100
    assert book.unredeemed(CONSUMER, 1) == 0


def test_mark_redeemed_when_partial_keeps_remainder_pending(book):
    book.add(sign(100))
    book.mark_redeemed(CONSUMER, 1, 40)
    assert book.unredeemed(CONSUMER, 1) == 60
    assert len(book.pending()) == 1


def test_mark_redeemed_when_amount_decreases_raises(book):
    book.mark_redeemed(CONSUMER, 1, 100)
    with pytest.raises(ValueError, match="can only grow: 99 < 100"):
        book.mark_redeemed(CONSUMER, 1, 99)
    assert book.redeemed(CONSUMER, 1) == 100


def test_mark_redeemed_when_escrow_known_never_goes_negative(book):
    book.set_escrow(CONSUMER, 10)
    book.mark_redeemed(CONSUMER, 1, 50)  # redeemed more than we thought the escrow held
    assert book.escrow(CONSUMER) == 0


def test_pending_when_empty_returns_empty_list(book):
    assert book.pending() == []
    assert book.batch(10) == []


def test_pending_keeps_first_seen_order_across_updates(book):
    first, second = sign(10, asset_id=1), sign(10, asset_id=2, key=CONSUMER2_KEY)
    book.add(first)
    book.add(second)
    newer_first = sign(20, asset_id=1)
    book.add(newer_first)
    assert book.pending() == [newer_first, second]


def test_batch_returns_most_valuable_first_up_to_max_size(book):
    small, large, medium = sign(10, asset_id=1), sign(300, asset_id=2), sign(70, asset_id=3)
    for signed in (small, large, medium):
        book.add(signed)
    book.add(sign(5, asset_id=4, key=CONSUMER2_KEY))
    assert book.batch(2) == [large, medium]
    assert book.batch(10)[:3] == [large, medium, small]
    assert len(book.batch(10)) == 4


def test_batch_orders_by_unredeemed_not_cumulative(book):
    big_but_mostly_paid, fresh = sign(1000, asset_id=1), sign(100, asset_id=2)
    book.add(big_but_mostly_paid)
    book.add(fresh)
    book.mark_redeemed(CONSUMER, 1, 950)
    assert book.batch(2) == [fresh, big_but_mostly_paid]


def test_batch_when_voucher_expired_skips_it(book):
    soon, later = sign(500, asset_id=1, deadline=NOW + 10), sign(100, asset_id=2)
    book.add(soon)
    book.add(later)
    assert book.batch(5, now=NOW + 11) == [later]
    assert book.batch(5) == [soon, later]
    assert len(book.pending()) == 2  # pending still lists it; only batch filters by time


def test_batch_does_not_mark_anything_redeemed(book):
    book.add(sign(100))
    assert book.batch(1) == book.batch(1)
    assert book.redeemed(CONSUMER, 1) == 0


@pytest.mark.parametrize("size", [0, -1])
def test_batch_when_max_size_not_positive_raises(book, size):
    with pytest.raises(ValueError, match="max_size"):
        book.batch(size)


@settings(max_examples=50, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["add", "redeem"]), st.integers(min_value=0, max_value=1000)),
        max_size=25,
    )
)
def test_add_and_mark_redeemed_follow_a_simple_model(steps):
    """Against a two-number model: accepted iff above both held and redeemed amounts."""
    book = VoucherBook(DOMAIN, clock=lambda: NOW)
    held = redeemed = 0
    for action, amount in steps:
        if action == "add":
            floor = max(held, redeemed)
            if amount > floor:
                assert book.add(sign(amount)) == amount - floor
                held = amount
            else:
                with pytest.raises(VoucherRejected, match="does not increase"):
                    book.add(sign(amount))
        elif amount >= redeemed:
            book.mark_redeemed(CONSUMER, 1, amount)
            redeemed = amount
        assert book.unredeemed(CONSUMER, 1) == max(0, held - redeemed)
        assert len(book.pending()) == (1 if held > redeemed else 0)
        assert book.batch(1) == book.pending()
