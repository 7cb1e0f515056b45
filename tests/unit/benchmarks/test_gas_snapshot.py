"""The checked-in gas snapshot (`benchmarks/gas-snapshot.json`) still holds.

Re-measures the snapshot subset with the benchmark's own scenario (`benchmarks.functions`: a
fresh deployment from a deterministic deployer, so gas is exactly reproducible) and fails when an
operation costs more than 1 % over its snapshot. Accepting a change is a deliberate
`make bench-update`.
"""

from __future__ import annotations

import pytest

from benchmarks.functions import SNAPSHOT_OPERATIONS, measure_functions
from benchmarks.report import load_snapshot
from benchmarks.run import compare_snapshot

TOLERANCE = 0.01


@pytest.fixture(scope="module")
def measured():
    return measure_functions()


def test_snapshot_covers_the_snapshot_operations():
    assert sorted(load_snapshot()) == sorted(SNAPSHOT_OPERATIONS)


def test_gas_snapshot_no_operation_regressed_over_one_percent(measured):
    snapshot = load_snapshot()

    over = {
        name: (snapshot[name], gas)
        for name, gas in measured.snapshot().items()
        if gas > snapshot[name] * (1 + TOLERANCE)
    }

    assert not over, "gas over snapshot +1 % (run `make bench-update` if intended):\n" + "\n".join(
        compare_snapshot(measured.snapshot(), snapshot)
    )

