"""HTML of the dashboard's pages: server-rendered, self-contained (inline CSS, a few lines of JS)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from html import escape
from urllib.parse import quote

from modelmarket.catalog import KINDS, STATUSES
from modelmarket.compliance import FLAGS
from modelmarket.dashboard.model import AssetPage, CatalogFilter, CatalogRow, ProviderPage, Snapshot, cumulative, licenses
from modelmarket.dashboard.svg import lineage_svg, series_svg
from modelmarket.units import format_amount, format_time

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
header form{margin-left:auto}
main{padding:16px 24px;max-width:1100px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 20px}
th,td{border-bottom:1px solid #e2e5ea;padding:6px 8px;text-align:left;font-size:14px}
th{background:#eef0f4}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;background:#fff;padding:12px;border-radius:6px}
.filters fieldset{border:0;padding:0;margin:0}
.flags label{display:inline-block;margin-right:8px;font-size:13px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:20px}
.error{background:#fde8e8;color:#8a1c1c;padding:8px 12px;border-radius:6px}
svg text{font-size:12px;fill:#1d2330}
svg .node{fill:#fff;stroke:#4a5a7a}
svg .self{fill:#dbe6ff}
svg .edge{stroke:#4a5a7a}
svg .edge-label{fill:#4a5a7a}
svg .series{fill:none;stroke:#2b6de8;stroke-width:2}
svg .point{fill:#2b6de8}
svg .axis{stroke:#8891a1}
code{font-size:12px}
"""

#: Filters apply as soon as they change (the form still works without JS, with its button).
SCRIPT = """
document.querySelectorAll('form.filters').forEach(function (form) {
  form.querySelectorAll('select, input[type=checkbox]').forEach(function (input) {
    input.addEventListener('change', function () { form.submit(); });
  });
});
"""


def asset_href(asset_id: int) -> str:
    return f"/asset/{asset_id}"


def provider_href(address: str) -> str:
    return f"/provider/{quote(address)}"


def _tokens(amount: int) -> str:
    return format_amount(amount)


def _short(value: str | bytes) -> str:
    text = "0x" + value.hex() if isinstance(value, bytes) else value
    return f'<code title="{escape(text)}">{escape(text[:10])}…{escape(text[-4:])}</code>'


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], *, testid: str, numeric: Collection[int] = ()) -> str:
    head = "".join(f'<th class="{"num" if i in numeric else ""}">{escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if i in numeric else ""}">{cell}</td>' for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table data-testid="{testid}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def layout(title: str, body: str, snapshot: Snapshot | None = None) -> str:
    block = f"block {snapshot.head_block} · {format_time(snapshot.head_timestamp)}" if snapshot else ""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)} · modelmarket</title><style>{STYLE}</style></head><body>"
        '<header><a href="/">modelmarket</a><span>dashboard from chain events</span>'
        f'<span data-testid="head">{escape(block)}</span>'
        '<form action="/provider" method="get"><input name="address" placeholder="provider address 0x…" size="44">'
        ' <button>Provider</button></form></header>'
        f"<main><h1>{escape(title)}</h1>{body}</main><script>{SCRIPT}</script></body></html>"
    )


def error_page(status: int, message: str, snapshot: Snapshot | None = None) -> str:
    return layout(f"{status}", f'<p class="error" data-testid="error">{escape(message)}</p>', snapshot)


# ------------------------------------------------------------------------------------ catalog


def _select(name: str, choices: Iterable[str], chosen: str | None, label: str) -> str:
    options = '<option value="">any</option>' + "".join(
        f'<option value="{escape(c)}"{" selected" if c == chosen else ""}>{escape(c)}</option>' for c in choices
    )
    return f'<label>{escape(label)}<br><select name="{name}" data-testid="filter-{name}">{options}</select></label>'


def _filters(snapshot: Snapshot, filters: CatalogFilter) -> str:
    flags = "".join(
        f'<label><input type="checkbox" name="flag" value="{escape(name)}" data-testid="flag-{escape(name)}"'
        f'{" checked" if filters.flags & bit else ""}> {escape(name)}</label>'
        for name, bit in FLAGS.items()
    )
    metric = ""
    if snapshot.metrics is not None:
        minimum = "" if filters.metric_min is None else f"{filters.metric_min:g}"
        metric = (
            _select("metric", snapshot.metric_names(), filters.metric, "evaluated metric")
            + f'<label>at least<br><input name="metric_min" value="{escape(minimum)}" size="6"></label>'
        )
    return (
        '<form class="filters" method="get" action="/" data-testid="filters">'
        + _select("kind", KINDS, filters.kind, "kind")
        + _select("license", licenses(snapshot), filters.license, "licence")
        + _select("status", STATUSES, filters.status, "status")
        + metric
        + f'<fieldset class="flags"><legend>compliance flags (all of)</legend>{flags}</fieldset>'
        + "<button>Filter</button></form>"
    )


def catalog_page(snapshot: Snapshot, filters: CatalogFilter, rows: list[CatalogRow], error: str | None = None) -> str:
    metric_names = snapshot.metric_names()
    headers = ["asset", "kind", "owner", "licence", "flags", "status", "versions", "price/call", "stake",
               "paid", "rating"] + (metric_names if snapshot.metrics is not None else [])

    def cells(row: CatalogRow) -> list[str]:
        view = row.asset
        rating = "—" if row.rating_mean is None else f"{row.rating_mean:.2f} ({row.rating_count})"
        metrics = [f"{row.metrics[name]:g}" if name in row.metrics else "—" for name in metric_names]
        return [
            f'<a href="{asset_href(view.asset_id)}" data-testid="asset-link-{view.asset_id}">#{view.asset_id}</a>',
            escape(view.kind),
            f'<a href="{provider_href(view.owner)}">{_short(view.owner)}</a>',
            escape(row.license),
            escape(row.flags),
            escape(view.status),
            str(view.versions),
            _tokens(view.price_per_call),
            _tokens(row.total_stake),
            _tokens(row.paid_total),
            rating,
            *metrics,
        ]

    table = _table(headers, (cells(row) for row in rows), testid="catalog", numeric={6, 7, 8, 9})
    notice = f'<p class="error" data-testid="error">{escape(error)}</p>' if error else ""
    count = f'<p data-testid="count">{len(rows)} of {len(snapshot.assets)} assets</p>'
    return layout("Catalog", notice + _filters(snapshot, filters) + count + table, snapshot)


# ------------------------------------------------------------------------------------ asset


def asset_html(snapshot: Snapshot, page: AssetPage) -> str:
    view, stake, reputation = page.asset, page.stake, page.reputation
    mean = "—" if reputation.mean is None else f"{reputation.mean:.2f}"
    cards = "".join(
        f'<div class="card" data-testid="{testid}">{escape(label)}<b>{value}</b></div>'
        for testid, label, value in (
            ("stake-self", "self-stake", _tokens(stake.self_active)),
            ("stake-delegated", "delegated", _tokens(stake.delegated_active)),
            ("stake-thawing", "thawing", _tokens(stake.thawing)),
            ("stake-slashed", "slashed", _tokens(stake.slashed)),
            ("rating-mean", "rating (weighted)", mean),
            ("rating-count", "ratings", str(reputation.count)),
            ("paid-total", "paid", _tokens(sum(p.amount for p in page.payments))),
        )
    )
    facts = _table(
        ["kind", "owner", "licence", "flags", "status", "price/call"],
        [[escape(view.kind), f'<a href="{provider_href(view.owner)}" data-testid="owner-link">{escape(view.owner)}</a>',
          escape(page.license), escape(page.flags), escape(view.status), _tokens(view.price_per_call)]],
        testid="facts",
    )
    metrics = ""
    if page.metrics is not None:
        metrics = "<h2>Evaluated metrics</h2>" + (
            _table(["metric", "value"], ([escape(k), f"{v:g}"] for k, v in sorted(page.metrics.items())), testid="metrics")
            if page.metrics else '<p class="empty">No evaluations yet.</p>'
        )
    versions = _table(
        ["version", "content hash", "card", "published", "block"],
        ([str(v.version), _short(v.content_hash), escape(v.metadata_uri), format_time(v.published_at), str(v.block_number)]
         for v in page.versions),
        testid="versions",
    )
    delegators = _table(
        ["delegator", "tokens delegated", "shares", "thawing started", "rewards claimed"],
        ([f"<code>{escape(d.delegator)}</code>", _tokens(d.tokens_in), str(d.shares), _tokens(d.thawing_started),
          _tokens(d.rewards_claimed)] for d in stake.delegations),
        testid="delegators", numeric={1, 2, 3, 4},
    )
    ratings = _table(
        ["consumer", "score", "weight", "rated", "comment"],
        ([f"<code>{escape(r.consumer)}</code>", str(r.score), _tokens(r.weight), format_time(r.rated_at),
          escape(r.comment_uri)] for r in reputation.ratings),
        testid="ratings", numeric={1, 2},
    )
    payments = _table(
        ["time", "consumer", "via", "amount"],
        ([format_time(p.timestamp), f"<code>{escape(p.consumer)}</code>", p.via, _tokens(p.amount)] for p in page.payments),
        testid="payments", numeric={3},
    )
    disputes = _table(
        ["dispute", "reporter", "bond", "evidence", "opened", "status", "slashed"],
        ([str(d.dispute_id) if d.dispute_id else "proof", f"<code>{escape(d.reporter)}</code>", _tokens(d.bond),
          escape(d.evidence_uri), format_time(d.opened_at), escape(d.status), _tokens(d.slashed)] for d in page.disputes),
        testid="disputes", numeric={2, 6},
    )
    body = (
        f'<div class="cards">{cards}</div>{facts}{metrics}'
        f"<h2>Versions</h2>{versions}"
        f'<h2>Lineage</h2><div data-testid="lineage">{lineage_svg(page.lineage, asset_href)}</div>'
        f"<h2>Stake and delegators</h2>{delegators}"
        f"<h2>Reputation</h2>{ratings}"
        f'<h2>Payments over time</h2><div data-testid="payments-plot">'
        f"{series_svg(cumulative(page.payments), _tokens)}</div>{payments}"
        f"<h2>Disputes</h2>{disputes}"
    )
    return layout(f"{view.kind.capitalize()} #{view.asset_id}", body, snapshot)


# ------------------------------------------------------------------------------------ provider


def provider_html(snapshot: Snapshot, page: ProviderPage) -> str:
    outstanding = "—" if page.outstanding is None else _tokens(page.outstanding_total)
    cards = "".join(
        f'<div class="card" data-testid="{testid}">{escape(label)}<b>{value}</b></div>'
        for testid, label, value in (
            ("settled", "settled (paid by consumers)", _tokens(page.settled)),
            ("outstanding", "vouchers outstanding", outstanding),
            ("earnings", "earnings (owner fees + royalties)", _tokens(page.earnings)),
            ("claimed", "claimed", _tokens(page.claimed)),
        )
    )
    assets = _table(
        ["asset", "kind", "status", "price/call", "settled"],
        ([f'<a href="{asset_href(v.asset_id)}">#{v.asset_id}</a>', escape(v.kind), escape(v.status),
          _tokens(v.price_per_call), _tokens(page.settled_by_asset.get(v.asset_id, 0))] for v in page.assets),
        testid="provider-assets", numeric={3, 4},
    )
    if page.outstanding is None:
        vouchers = ('<p class="empty" data-testid="no-ledger">No gateway ledger given: settled payments only '
                    "(start the dashboard with the gateway's database to see outstanding vouchers).</p>")
    else:
        vouchers = _table(
            ["consumer", "asset", "cumulative", "redeemed", "outstanding"],
            ([f"<code>{escape(v.consumer)}</code>", f'<a href="{asset_href(v.asset_id)}">#{v.asset_id}</a>',
              _tokens(v.cumulative_amount), _tokens(v.redeemed), _tokens(v.outstanding)] for v in page.outstanding),
            testid="outstanding-vouchers", numeric={2, 3, 4},
        )
    body = (
        f'<p><code data-testid="provider-address">{escape(page.address)}</code></p><div class="cards">{cards}</div>'
        f"<h2>Assets</h2>{assets}<h2>Vouchers outstanding</h2>{vouchers}"
        f"<p>Earnings: owner fees {_tokens(page.owner_fees)}, royalties {_tokens(page.royalties)}.</p>"
    )
    return layout("Provider", body, snapshot)
