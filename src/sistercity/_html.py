"""Notebook cards of a case and of its tables: the HTML of ``Case._repr_html_`` and ``CaseTables._repr_html_``.

A card is a compact summary, not a dump of the model: the case's title, id, period
and description, how many records of each kind it holds, and its agreements; for the
tables, each table's rows and columns. Every text from the case is escaped by
:mod:`markupsafe` (what the report's Jinja2 templates escape with), through
``Markup.format``, so a title such as ``<script>`` shows as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from sistercity.model import Case
    from sistercity.tables import CaseTables

__all__ = ["MAX_LISTED", "case_card", "tables_card"]

MAX_LISTED = 12
"""A card lists at most this many agreements (then says how many more there are)."""

_DESCRIPTION = 320
_BOX = "font-family:inherit;border:1px solid #d0d7de;border-radius:6px;padding:.5em .9em;max-width:60em"
_TH = "text-align:left;padding:.1em .8em .1em 0;font-weight:600"
_TD = "text-align:left;padding:.1em .8em .1em 0"
_NUM = "text-align:right;padding:.1em .8em .1em 0"
_NOTE = "color:#57606a;font-size:.85em"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _tally(values: Iterable[str], order: Iterable[str] = ()) -> str:
    """``agreed: 5, proposed: 3`` from the values, in ``order`` first, then by count."""
    counts = Counter(values)
    first = tuple(order)
    keys = [k for k in first if counts[k]] + [k for k, _ in counts.most_common() if k not in first]
    return ", ".join(f"{k.replace('_', ' ')}: {counts[k]:,}" for k in keys)


def _row(label: str, n: int, detail: str = "") -> Markup:
    return Markup('<tr><th style="{}">{}</th><td style="{}">{}</td><td style="{}">{}</td></tr>').format(
        Markup(_TH), label, Markup(_NUM), f"{n:,}", Markup(_TD + ";" + _NOTE), detail)


def case_card(case: Case) -> str:
    """The HTML card of ``case``: title, id, period, description, counts and agreements."""
    period = ""
    if case.period_start or case.period_end:
        period = f"{case.period_start or '?'} – {case.period_end or '?'}"
    head = Markup('<div class="sistercity-case" style="{}"><div style="font-size:1.15em;font-weight:600">{}</div>'
                  '<div style="{}"><code>{}</code>{}</div>').format(
        Markup(_BOX), case.title, Markup(_NOTE), case.id, f" · {period}" if period else "")
    parts = [head]
    if case.description:
        parts.append(Markup('<p style="margin:.4em 0">{}</p>').format(_cut(case.description, _DESCRIPTION)))
    countries = _tally(a.country for a in case.actors if a.country)
    kinds = _tally((o.kind for o in case.obstacles), ("obstacle", "challenge"))
    coders = sorted({o.coder for o in case.observations})
    coded = (f"{len(coders)} coder{'s' if len(coders) != 1 else ''}: {', '.join(coders[:4])}"
             f"{', …' if len(coders) > 4 else ''}") if coders else ""
    rows = [
        _row("actors", len(case.actors), f"by country, {countries}" if countries else ""),
        _row("agreements", len(case.agreements), _tally(a.kind for a in case.agreements)),
        _row("commitments", len(case.commitments),
             _tally((c.status for c in case.commitments), ("agreed", "proposed", "wish"))),
        _row("observations", len(case.observations), coded),
        _row("obstacles", len(case.obstacles), kinds),
        _row("events", len(case.events)),
        _row("sources", len(case.sources)),
        _row("policy frameworks", len(case.policy_frameworks)),
    ]
    parts.append(Markup('<table style="border-collapse:collapse;margin:.3em 0">{}</table>').format(
        Markup("").join(rows)))
    if case.agreements:
        parts.append(_agreements(case))
    parts.append(Markup('<div style="{}"><code>case.tables</code>: the records as DataFrames · '
                        '<code>sistercity.report.report(case)</code>: the full report</div></div>'
                        ).format(Markup(_NOTE)))
    return str(Markup("").join(parts))


def _agreements(case: Case) -> Markup:
    names = {a.id: a.name for a in case.actors}
    items = []
    for ag in case.agreements[:MAX_LISTED]:
        parties = "; ".join(names.get(p, p) for p in ag.parties)
        when = f"signed {ag.signed}" if ag.signed else "undated"
        sectors = ", ".join(case.sector_vocabulary[s].label if s in case.sector_vocabulary else s
                            for s in ag.sectors)
        items.append(Markup("<li><strong>{}</strong> <span style=\"{}\">({}, {}) {}{}</span></li>").format(
            _cut(ag.title or ag.id, 90), Markup(_NOTE), ag.kind.replace("_", " "), when, _cut(parties, 120),
            f" · {sectors}" if sectors else ""))
    more = len(case.agreements) - MAX_LISTED
    if more > 0:
        items.append(Markup('<li style="{}">and {} more</li>').format(Markup(_NOTE), f"{more:,}"))
    return Markup('<ul style="margin:.3em 0;padding-left:1.2em">{}</ul>').format(Markup("").join(items))


def tables_card(tables: CaseTables) -> str:
    """The HTML card of ``tables``: each table's rows and columns, the empty ones named on one line."""
    rows, empty = [], []
    for name in tables.table_names():
        frame = getattr(tables, name)
        if len(frame) == 0:
            empty.append(name)
            continue
        columns = ", ".join(str(c) for c in frame.columns)
        rows.append(Markup('<tr><th style="{}"><code>{}</code></th><td style="{}">{}</td>'
                           '<td style="{}">{}</td></tr>').format(
            Markup(_TH), name, Markup(_NUM), f"{len(frame):,}", Markup(_TD + ";" + _NOTE), _cut(columns, 110)))
    total = sum(len(getattr(tables, n)) for n in tables.table_names())
    head = Markup('<div class="sistercity-tables" style="{}"><div style="font-weight:600">CaseTables: '
                  '{} tables, {} rows</div>').format(Markup(_BOX), len(tables.table_names()), f"{total:,}")
    parts = [head, Markup('<table style="border-collapse:collapse;margin:.3em 0"><tr><th style="{}">table</th>'
                          '<th style="{}">rows</th><th style="{}">columns</th></tr>{}</table>').format(
        Markup(_TH), Markup(_TH), Markup(_TH), Markup("").join(rows))]
    if empty:
        parts.append(Markup('<div style="{}">empty: {}</div>').format(Markup(_NOTE), ", ".join(empty)))
    parts.append(Markup('<div style="{}">vocabularies: {} sectors, {} obstacle categories</div></div>').format(
        Markup(_NOTE), len(tables.sectors), len(tables.categories)))
    return str(Markup("").join(parts))
