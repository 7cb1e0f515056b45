"""The gas floors (`benchmarks/gas_floors.py`) stay floors: each instrument costs no more than the
real row it stands beside, the fee is priced, the opcode profile adds up to the receipt, and the
rating instrument refuses a rater without payment history like Reputation does."""

from __future__ import annotations

import pytest

from benchmarks.common import Rpc, actor, sender
from benchmarks.functions import COMMENT_HASH, URI, measure_functions
from benchmarks.gas_floors import (
    FLOOR_DELEGATE,
    FLOOR_RATE,
    FLOOR_RATE_FEE,
    REAL_DELEGATE,
    REAL_RATE,
    measure_floor_transactions,
    opcode_profile,
)

#: Session fixtures before the module's scenario (Ape's isolation snapshots in that order).
pytestmark = pytest.mark.usefixtures("reverts_exactly")


@pytest.fixture(scope="module")
def measured():
    functions = measure_functions()
    return functions, measure_floor_transactions(functions.market)


def test_measure_floors_delegation_floor_at_most_the_real_row(measured):
    functions, floors = measured

    assert floors.gas[FLOOR_DELEGATE] <= functions.gas[REAL_DELEGATE]


def test_measure_floors_rating_floor_with_fee_at_most_the_real_row(measured):
    functions, floors = measured

    assert floors.gas[FLOOR_RATE_FEE] <= functions.gas[REAL_RATE]


def test_measure_floors_fee_transfer_costs_more_than_no_fee(measured):
    _, floors = measured

    assert floors.gas[FLOOR_RATE_FEE] > floors.gas[FLOOR_RATE]


def test_opcode_profile_rows_add_up_to_gas_used(measured):
    _, floors = measured
    rpc = Rpc.connected()
    tx_hash = floors.txs[FLOOR_RATE_FEE]

    rows = opcode_profile(
        rpc.call("eth_getTransactionByHash", [tx_hash]), rpc.call("debug_traceTransaction", [tx_hash, {}])
    )

    assert sum(gas for _, _, gas in rows) == floors.gas[FLOOR_RATE_FEE]


def test_rate_floor_reverts_without_payment_history(reverts_exactly, measured):
    from modelmarket import bindings

    functions, _ = measured
    floor = bindings.container("GasFloorRating").deploy(
        functions.market.payments.address, True, sender=sender(actor("deployer"))
    )
    stranger = actor("floor stranger")

    with reverts_exactly(floor.NoPaymentHistory, consumer=stranger.address, assetId=1):
        floor.rate(1, 90, 1, COMMENT_HASH, URI, sender=sender(stranger))
