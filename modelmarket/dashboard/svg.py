"""Inline SVG drawings (no script, no external asset): the lineage graph and the payments plot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from modelmarket.dashboard.model import Lineage
from modelmarket.units import format_time

NODE_WIDTH, NODE_HEIGHT, GAP = 120, 36, 24


def _node(x: float, y: float, label: str, href: str | None, css: str) -> str:
    box = (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" class="{css}"/>'
        f'<text x="{x + NODE_WIDTH / 2:.0f}" y="{y + NODE_HEIGHT / 2 + 5:.0f}" text-anchor="middle">{escape(label)}</text>'
    )
    return f'<a href="{escape(href)}" class="lineage-link">{box}</a>' if href else box


def lineage_svg(lineage: Lineage, href: Callable[[int], str]) -> str:
    """Parents on top, the asset in the middle, children below; edges labelled with royalty bps.

    Every node but the asset itself links to `href(asset_id)`.
    """
    rows = [lineage.parents, [(lineage.asset_id, 0)], lineage.children]
    width = max(len(row) for row in rows) * (NODE_WIDTH + GAP) + GAP
    row_y = [20.0, 20.0 + NODE_HEIGHT + 60, 20.0 + 2 * (NODE_HEIGHT + 60)]
    height = row_y[2] + NODE_HEIGHT + 20 if lineage.children else row_y[1] + NODE_HEIGHT + 20
    if not lineage.parents:
        row_y = [y - (NODE_HEIGHT + 60) for y in row_y]
        height -= NODE_HEIGHT + 60

    def x_of(index: int, count: int) -> float:
        return (width - count * (NODE_WIDTH + GAP) + GAP) / 2 + index * (NODE_WIDTH + GAP)

    centre_x = x_of(0, 1) + NODE_WIDTH / 2
    parts: list[str] = []
    for level, row in ((0, lineage.parents), (2, lineage.children)):
        for index, (other, bps) in enumerate(row):
            other_x = x_of(index, len(row)) + NODE_WIDTH / 2
            top, bottom = (row_y[0] + NODE_HEIGHT, row_y[1]) if level == 0 else (row_y[1] + NODE_HEIGHT, row_y[2])
            (x1, x2) = (other_x, centre_x) if level == 0 else (centre_x, other_x)
            parts.append(
                f'<line x1="{x1:.0f}" y1="{top:.0f}" x2="{x2:.0f}" y2="{bottom:.0f}" class="edge" marker-end="url(#arrow)"/>'
                f'<text x="{(x1 + x2) / 2 + 6:.0f}" y="{(top + bottom) / 2:.0f}" class="edge-label">{bps / 100:g} %</text>'
            )
    for level, row in ((0, lineage.parents), (2, lineage.children)):
        for index, (other, _bps) in enumerate(row):
            parts.append(_node(x_of(index, len(row)), row_y[level], f"#{other}", href(other), "node"))
    parts.append(_node(x_of(0, 1), row_y[1], f"#{lineage.asset_id}", None, "node self"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" role="img" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" aria-label="lineage of asset {lineage.asset_id}">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8"'
        ' orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
        + "".join(parts)
        + "</svg>"
    )


def series_svg(points: Sequence[tuple[int, int]], label: Callable[[int], str], *, width: int = 640,
               height: int = 220) -> str:
    """A step plot of (timestamp, value) points, value axis labelled with `label(value)`."""
    if not points:
        return '<p class="empty">No payments yet.</p>'
    left, right, top, bottom = 70, 16, 16, 40
    t0, t1 = points[0][0], max(points[-1][0], points[0][0] + 1)
    peak = max(value for _, value in points) or 1

    def x(timestamp: int) -> float:
        return left + (timestamp - t0) / (t1 - t0) * (width - left - right)

    def y(value: int) -> float:
        return top + (1 - value / peak) * (height - top - bottom)

    path = [f"M {x(t0):.1f} {y(0):.1f}"]
    for timestamp, value in points:
        path.append(f"H {x(timestamp):.1f} V {y(value):.1f}")
    path.append(f"H {x(t1):.1f}")
    dots = "".join(
        f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="3" class="point"><title>{format_time(t)}: {escape(label(v))}</title></circle>'
        for t, v in points
    )
    axes = (
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" class="axis"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{y(0):.1f}" class="axis"/>'
        f'<text x="{left - 6}" y="{y(peak) + 4:.1f}" text-anchor="end">{escape(label(peak))}</text>'
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>'
        f'<text x="{left}" y="{height - 12}" text-anchor="start">{format_time(t0)}</text>'
        f'<text x="{width - right}" y="{height - 12}" text-anchor="end">{format_time(t1)}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plot" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" aria-label="payments over time">'
        f'{axes}<path d="{" ".join(path)}" class="series"/>{dots}</svg>'
    )
