from __future__ import annotations


def test_max_parents_is_eight(registry):
    assert registry.MAX_PARENTS() == 8


def test_max_total_royalty_bps_is_thirty_percent(registry):
    assert registry.MAX_TOTAL_ROYALTY_BPS() == 3_000


def test_name_and_symbol_identify_collection(registry):
    assert (registry.name(), registry.symbol()) == ("modelmarket Asset", "MMA")
