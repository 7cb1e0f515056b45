"""The inline SVG drawings."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from modelmarket.dashboard.model import Lineage
from modelmarket.dashboard.svg import lineage_svg, series_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_lineage_svg_draws_a_node_per_asset_and_an_edge_per_link():
    svg = lineage_svg(Lineage(3, parents=[(1, 500), (2, 250)], children=[(4, 100)]), lambda i: f"/asset/{i}")
    root = ElementTree.fromstring(svg)
    assert len(root.findall(f".//{SVG}rect")) == 4
    assert len(root.findall(f".//{SVG}line")) == 3
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert {"#1", "#2", "#3", "#4", "5 %", "2.5 %", "1 %"} <= set(labels)
    assert sorted(a.get("href") for a in root.iter(f"{SVG}a")) == ["/asset/1", "/asset/2", "/asset/4"]


def test_lineage_svg_of_an_asset_without_lineage_is_one_node():
    root = ElementTree.fromstring(lineage_svg(Lineage(7, [], []), str))
    assert len(root.findall(f".//{SVG}rect")) == 1 and not root.findall(f".//{SVG}line")


def test_series_svg_plots_a_point_per_payment():
    root = ElementTree.fromstring(series_svg([(100, 5), (160, 12)], str))
    assert len(root.findall(f".//{SVG}circle")) == 2
    assert "12" in [text.text for text in root.iter(f"{SVG}text")]


def test_series_svg_without_points_says_so():
    assert "No payments yet" in series_svg([], str)
