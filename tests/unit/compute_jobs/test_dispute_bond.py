from __future__ import annotations

from tests.unit.compute_jobs.helpers import DISPUTE_BOND_BPS, MIN_DISPUTE_BOND, PRICE, dispute_bond


def test_dispute_bond_is_bps_of_price_rounded_up(compute):
    price = PRICE + 1  # not a multiple of 10_000: the bps part rounds up
    assert dispute_bond(price) > MIN_DISPUTE_BOND
    assert compute.disputeBond(price) == -(-price * DISPUTE_BOND_BPS // 10_000)


def test_dispute_bond_is_floor_for_cheap_job(compute):
    assert compute.disputeBond(1) == MIN_DISPUTE_BOND
    assert compute.disputeBond(0) == MIN_DISPUTE_BOND
