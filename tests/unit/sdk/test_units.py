"""Amounts in the loaded token's decimals; times as UTC dates."""

from __future__ import annotations

import pytest

from modelmarket import units


@pytest.fixture(autouse=True)
def restore_decimals():
    yield
    units.use_decimals(units.DECIMALS)


def test_format_amount_uses_the_active_decimals():
    units.use_decimals(6)
    assert units.format_amount(1_500_000) == "1.5"
    assert units.decimals() == 6


def test_format_amount_trims_zeroes_with_18_decimals():
    assert units.format_amount(10**18) == "1"
    assert units.format_amount(1) == "0.000000000000000001"


def test_use_decimals_refuses_out_of_range():
    with pytest.raises(ValueError, match="outside"):
        units.use_decimals(37)


def test_format_time_prints_utc_date_and_dash_for_zero():
    assert units.format_time(0) == "-"
    assert units.format_time(1_796_036_361) == "2026-11-30 10:59:21 UTC"


def test_parse_amount_follows_the_active_decimals():
    import click

    from modelmarket.cli.common import parse_amount

    units.use_decimals(6)
    assert parse_amount("2.25") == 2_250_000
    with pytest.raises(click.BadParameter, match="at most 6 decimals"):
        parse_amount("0.0000001")
