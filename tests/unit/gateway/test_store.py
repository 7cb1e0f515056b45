from __future__ import annotations

import pytest

from modelmarket.gateway.store import SqliteStore, open_store
from modelmarket.vouchers import SignedVoucher, Voucher

CONSUMER = "0x" + "ab" * 20
SIGNATURE = bytes(64) + b"\x1b"


def _voucher(cumulative: int, asset_id: int = 1) -> SignedVoucher:
    return SignedVoucher(Voucher(CONSUMER, asset_id, cumulative, 2**40), SIGNATURE)


def _record(store, cumulative: int, request: bytes = b"r" * 32) -> None:
    with store.pair(_voucher(cumulative).voucher.consumer, 1) as book:
        book.record(_voucher(cumulative), cumulative.to_bytes(32, "big"), CONSUMER, request)


@pytest.fixture
def store():
    return SqliteStore(":memory:")


def test_pair_record_makes_the_voucher_the_latest(store):
    _record(store, 5)
    _record(store, 10)
    with store.pair(_voucher(1).voucher.consumer, 1) as book:
        assert book.latest == 10
        assert book.find((5).to_bytes(32, "big")).signed == _voucher(5)


def test_pair_rolls_back_when_the_block_raises(store):
    with pytest.raises(RuntimeError), store.pair(_voucher(1).voucher.consumer, 1) as book:
        book.record(_voucher(5), (5).to_bytes(32, "big"), CONSUMER, b"r" * 32)
        raise RuntimeError("crash before commit")
    assert store.answered() == (0, 0)


def test_open_lanes_lists_the_latest_voucher_until_settled(store):
    _record(store, 5)
    _record(store, 10)
    assert [lane.latest.signed.voucher.cumulative_amount for lane in store.open_lanes()] == [10]
    store.mark_settled(_voucher(1).voucher.consumer, 1, 5)
    assert len(store.open_lanes()) == 1
    store.mark_settled(_voucher(1).voucher.consumer, 1, 10)
    assert store.open_lanes() == []


def test_abandon_closes_the_pair(store):
    _record(store, 5)
    store.abandon(_voucher(1).voucher.consumer, 1)
    assert store.open_lanes() == []


def test_open_store_keeps_vouchers_across_reopening(tmp_path):
    url = f"sqlite://{tmp_path}/book.sqlite"
    _record(open_store(url), 7)
    assert open_store(url).answered() == (1, 1)
