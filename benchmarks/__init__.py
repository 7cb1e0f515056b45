"""Gas and SDK benchmarks of the marketplace (``make bench``; see BENCHMARKS.md).

* :mod:`benchmarks.common` -- deterministic actors, a raw JSON-RPC client for bulk set-up.
* :mod:`benchmarks.functions` -- gas of every external mutating function, typical and worst case;
  its :data:`~benchmarks.functions.SNAPSHOT_OPERATIONS` subset is the checked-in gas snapshot.
* :mod:`benchmarks.scaling` -- the same operations at 1 vs 1,000 delegators / 10,000 ratings.
* :mod:`benchmarks.report` -- targets, peer anchors, results.json and BENCHMARKS.md.
* :mod:`benchmarks.run` -- ``python -m benchmarks.run [--update-snapshot]``.
"""
