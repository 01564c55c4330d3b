"""One self-contained HTML report of a case.

The report brings every analysis together in the order a thesis chapter or a
city council briefing reads: the case at a glance; implementation by sector and
commitment, with the evidence behind each status; obstacles and challenges; the
actors' interdependence; legal findings; alignment with policy targets; each
agreement's lifecycle and what is due next; and the sources.

Every status, obstacle, signatory and event is shown with its evidence: a
numbered reference to the source (listed, with its link, under "Sources"), the
place in the source and the quoted words. Where the case records two readings on
purpose (two accounts of who signed, two observations of one commitment), both
are shown, each with its own sources.

The tables a reader needs are chosen and labelled for reading; the full tables
the analyses return stay reachable in folded ``<details>`` blocks. Numbers come
from the analysis modules (:mod:`sistercity.implementation`,
:mod:`~sistercity.obstacles`, :mod:`~sistercity.interdependence`,
:mod:`~sistercity.legal`, :mod:`~sistercity.alignment`,
:mod:`~sistercity.lifecycle`); the report only formats them.

The file needs no network to open: figures are embedded as PNG data, styles are
inline, there is no script. Every piece of text from the case file is escaped
(:func:`html.escape`, and :meth:`pandas.DataFrame.to_html` with ``escape=True``),
so a name such as ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io as _io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity import alignment as _alignment
from sistercity import implementation as _implementation
from sistercity import interdependence as _interdependence
from sistercity import legal as _legal
from sistercity import lifecycle as _lifecycle
from sistercity import obstacles as _obstacles
from sistercity.dates import parse_at
from sistercity.exceptions import ArgumentTypeError
from sistercity.model import AGREEMENT_KINDS, Case, Evidence, ImplementationLevel

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["SECTIONS", "report"]

_At = _dt.date | str | None

SECTIONS: tuple[str, ...] = (
    "At a glance",
    "Implementation",
    "Obstacles and challenges",
    "Interdependence",
    "Legal frame",
    "Alignment with policy targets",
    "Lifecycle and what is due next",
    "Sources",
)
"""The report's sections, in order (each is an ``<h2>`` with this text)."""

_THRESHOLD = ImplementationLevel.INTERMEDIATE
"""The level from which a sector counts as implemented and a commitment as no longer blocked."""

_LEVEL_COLORS = {0: "#d7301f", 1: "#fc8d59", 2: "#74add1", 3: "#1a9850"}  # as sistercity.plotting.LEVEL_COLORS

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{border-bottom:3px solid #2b6cb0;padding-bottom:.2em;margin-bottom:.3em}
h2{margin-top:2.2em;border-bottom:1px solid #ccc}h3{margin-top:1.6em}h4{margin:.2em 0}
a{color:#1f5fa8;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.8em 0;font-size:.88em;width:100%}
th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left;overflow-wrap:break-word}
td.nw{white-space:nowrap}
th{background:#f2f5f9}td.num,th.num{text-align:right;white-space:nowrap}
.kpi{display:flex;gap:.8em;flex-wrap:wrap;margin:1em 0}
.kpi div{background:#f2f5f9;border-radius:6px;padding:.5em 1em;min-width:8em}.kpi b{display:block;font-size:1.5em}
.kpi small{display:block;color:#555;font-size:.78em}
figure{margin:1.2em 0}figure img{max-width:100%;height:auto}figcaption{font-size:.85em;color:#555}
.note{color:#555;font-size:.9em}
blockquote{margin:.15em 0 .3em 1em;padding-left:.6em;border-left:3px solid #d8dee6;color:#444;font-style:italic}
ul.ev{list-style:none;padding-left:0;margin:.3em 0}ul.ev li{margin:.25em 0}
a.ref{font-weight:600;text-decoration:none}
.lvl{display:inline-block;border-radius:4px;padding:0 .45em;color:#fff;font-size:.85em;font-weight:600;
white-space:nowrap}.lvl.nd{background:#bbb;color:#222}
.tag{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:0 .35em;font-size:.8em;color:#444;
white-space:nowrap}.tag.warn{border-color:#d7301f;color:#a4250f}
.box{background:#f7f9fb;border:1px solid #dde3ea;border-radius:6px;padding:.6em 1em;margin:1em 0}
.box p{margin:.3em 0}.due{border-left:4px solid #2b6cb0;background:#f2f5f9;padding:.6em 1em}
.disagree{border-left:4px solid #fc8d59;background:#fff8f3;padding:.4em 1em;margin:.6em 0}
article.commitment{border:1px solid #dde3ea;border-radius:6px;padding:.6em 1em;margin:1em 0}
article.commitment .meta{color:#555;font-size:.9em;margin:.2em 0}
ol.obs{padding-left:1.4em}ol.obs>li{margin:.5em 0}
.rests{font-size:.8em;color:#1a6b36;font-weight:600}
details{margin:.6em 0}summary{cursor:pointer;color:#1f5fa8}
.scroll{overflow-x:auto}.scroll table{width:auto}
nav.toc{background:#f7f9fb;border:1px solid #dde3ea;border-radius:6px;padding:.4em 1em;margin:1em 0}
nav.toc ol{margin:.3em 0;columns:2}
ol.sources li{margin:.45em 0}
@media print{details{display:none}nav.toc{display:none}a{color:#222}}
"""

_KIND_OF_OBSTACLE = {"obstacle": "obstacle (present barrier)", "challenge": "challenge (prospective risk)"}
_FIRMNESS = {"agreed": "agreed", "proposed": "proposed", "wish": "one side's wish"}
_COVERAGE = {
    "implemented": "implemented",
    "below_threshold": "below the threshold",
    "no_data": "no observation",
    "gap": "gap: no agreed commitment in it",
}
_MITIGATION_STATE = {
    "none": "no mitigation recorded",
    "proposed": "proposed only",
    "not_carried_out": "not carried out",
    "no_data": "no observation of it",
    "carried_out": "carried out",
}
_LANGUAGES = {"id": "Indonesian", "ja": "Japanese", "en": "English", "ko": "Korean", "zh": "Chinese",
              "ms": "Malay", "nl": "Dutch"}


# ============================================================================ small helpers


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _e(value: object) -> str:
    """Escaped text of ``value`` (for content and single- or double-quoted attributes); missing: ``""``."""
    if _missing(value):
        return ""
    return html.escape(str(value), quote=True)


def _fmt(value: object) -> str:
    """A table cell as plain (unescaped) text: missing ``—``, booleans yes/no, floats to 3 decimals."""
    if _missing(value):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every cell formatted by :func:`_fmt` (so no NaN, None or <NA> is shown)."""
    out = pd.DataFrame({str(c): [_fmt(v) for v in df[c].tolist()] for c in df.columns}, index=range(len(df)))
    return out if len(df.columns) else pd.DataFrame(index=range(len(df)))


def _full_table(df: pd.DataFrame, what: str) -> str:
    """The whole analysis table, folded: reachable, not in the reader's face."""
    if df.empty:
        return ""
    body = _plain(df).to_html(index=False, escape=True, border=0)
    return (f"<details><summary>Full table: {html.escape(what)} ({len(df)} rows, "
            f"{len(df.columns)} columns)</summary><div class='scroll'>{body}</div></details>")


def _html_table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, num: Iterable[int] = (),
                nowrap: Iterable[int] = ()) -> str:
    """A table from headers (plain text) and rows of cells that are already safe HTML.

    ``num``: columns aligned right; ``nowrap``: columns (dates) kept on one line.
    """
    right, keep = set(num), set(nowrap)

    def cls(i: int) -> str:
        return " class='num'" if i in right else " class='nw'" if i in keep else ""

    head = "".join(f"<th{cls(i)}>{html.escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _level_name(level: int) -> str:
    return ImplementationLevel(level).name.lower().replace("_", " ")


def _level(value: object) -> str:
    """A coloured badge: ``3 full``; ``no data`` when there is no level."""
    if _missing(value):
        return "<span class='lvl nd'>no data</span>"
    n = int(value)  # type: ignore[call-overload]
    return f"<span class='lvl' style='background:{_LEVEL_COLORS[n]}'>{n} {_level_name(n)}</span>"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _times(n: int) -> str:
    return {0: "not cited", 1: "cited once", 2: "cited twice"}.get(n, f"cited {n} times")


def _figure(draw: Callable[[Axes], object], caption: str, *, size: tuple[float, float] = (8.0, 4.0)) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    ax = fig.subplots()
    draw(ax)
    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure><img alt='{html.escape(caption, quote=True)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


# ============================================================================ the case, for reading


class _Doc:
    """The case with look-ups that give escaped, readable names and evidence."""

    def __init__(self, case: Case, status_at: _At, life_at: object) -> None:
        self.case = case
        self.status_at = status_at
        self.life_at = life_at
        self.refs = {s.id: i for i, s in enumerate(case.sources, start=1)}
        self.sources = {s.id: s for s in case.sources}
        self.actors = {a.id: a for a in case.actors}
        self.agreements = {a.id: a for a in case.agreements}
        self.commitments = {c.id: c for c in case.commitments}
        self.many_agreements = len(case.agreements) > 1

    @property
    def at_text(self) -> str:
        return str(self.status_at) if self.status_at is not None else "the latest observation"

    def actor(self, actor_id: object) -> str:
        if _missing(actor_id):
            return ""
        a = self.actors.get(str(actor_id))
        return _e(a.name if a else actor_id)

    def actors_list(self, ids: Iterable[str]) -> str:
        return "; ".join(self.actor(i) for i in ids)

    def agreement(self, agreement_id: object) -> str:
        if _missing(agreement_id):
            return ""
        a = self.agreements.get(str(agreement_id))
        return _e((a.title or a.id) if a else agreement_id)

    def commitment(self, commitment_id: object, *, link: bool = True) -> str:
        if _missing(commitment_id):
            return ""
        c = self.commitments.get(str(commitment_id))
        if c is None:
            return _e(commitment_id)
        return f"<a href='#c-{_e(c.id)}'>{_e(c.title)}</a>" if link else _e(c.title)

    def sector(self, sector_id: object, *, lower: bool = False) -> str:
        """The sector's label (``lower``: with a small first letter, for running text)."""
        if _missing(sector_id):
            return ""
        s = str(sector_id)
        vocab = self.case.sector_vocabulary
        label = vocab[s].label if s in vocab else s
        return _e(label[:1].lower() + label[1:] if lower else label)

    def category(self, category_id: object) -> str:
        if _missing(category_id):
            return ""
        s = str(category_id)
        vocab = self.case.category_vocabulary
        return _e(vocab[s].label if s in vocab else s)

    def ref(self, source_id: object) -> str:
        """``[n]``, linked to the source's entry under Sources."""
        if _missing(source_id):
            return ""
        sid = str(source_id)
        if sid not in self.refs:
            return _e(sid)
        return f"<a class='ref' href='#src-{_e(sid)}' title='{_e(self.sources[sid].title)}'>[{self.refs[sid]}]</a>"

    def short_ref(self, source_id: object, locator: object = None) -> str:
        """``[n] locator``: a compact citation."""
        loc = _e(locator)
        return self.ref(source_id) + (f" {loc}" if loc else "")

    def evidence(self, items: Iterable[Evidence]) -> str:
        """Each piece of evidence: [n] source title, locator, link, and the quoted words."""
        out = []
        for ev in items:
            src = self.sources.get(ev.source)
            title = src.title if src else ev.source
            if len(title) > 72:
                title = title[:70].rstrip() + "…"
            parts = [f"{self.ref(ev.source)} <cite>{_e(title)}</cite>"]
            if ev.locator:
                parts.append(f", {_e(ev.locator)}")
            if src is not None and src.url:
                parts.append(f" — <a href='{_e(src.url)}'>open the source</a>")
            lang = f" lang='{_e(src.language)}'" if src is not None and src.language else ""
            if ev.quote:
                parts.append(f"<blockquote{lang}>“{_e(ev.quote)}”</blockquote>")
            if ev.note:
                parts.append(f"<div class='note'>{_e(ev.note)}</div>")
            out.append("<li>" + "".join(parts) + "</li>")
        return "<ul class='ev'>" + "".join(out) + "</ul>" if out else "<span class='note'>no evidence recorded</span>"


# ============================================================================ at a glance


def _glance(doc: _Doc, coverage: pd.DataFrame, rates: pd.DataFrame) -> str:
    case = doc.case
    agreed = coverage[coverage["agreed"]]
    n_impl = int(agreed["implemented"].sum())
    impl_sectors = ", ".join(doc.sector(s, lower=True)
                             for s in agreed.loc[agreed["implemented"], "sector"].astype(str)) or "none"
    parts = [f"<p>{_e(case.description)}</p>" if case.description else ""]
    if case.period_start or case.period_end:
        period = f"{case.period_start or '?'} – {case.period_end or '?'}"
    else:
        period = "undated"
    firm = pd.Series([c.status for c in case.commitments], dtype=object).value_counts()
    firm_text = ", ".join(f"{int(firm[k])} {v}" for k, v in (("agreed", "agreed"), ("proposed", "proposed"),
                                                              ("wish", "wishes")) if k in firm.index)
    kpis = [
        ("period", period, ""),
        ("actors", str(len(case.actors)), ""),
        ("agreements", str(len(case.agreements)), ""),
        ("commitments", str(len(case.commitments)), firm_text),
        ("agreed sectors implemented", f"{n_impl} of {len(agreed)}", f"level {int(_THRESHOLD)} or more, "
                                                                      f"at {doc.at_text}"),
    ]
    if len(rates) == 1:
        r = rates.iloc[0]
        if _missing(r["rate"]):
            kpis.append(("implementation rate", "no data", "no agreed commitment is observed"))
        else:
            kpis.append(("implementation rate", f"{float(r['rate']):.2f}",
                         f"mean level {float(r['mean_level']):.2f} of 3 over "
                         f"{_plural(int(r['n_observed']), 'observed agreed commitment')}"))
    parts.append("<div class='kpi'>" + "".join(
        f"<div><b>{_e(v)}</b>{_e(k)}" + (f"<small>{_e(s)}</small>" if s else "") + "</div>"
        for k, v, s in kpis) + "</div>")
    parts.append(f"<p>Implemented agreed sectors: <strong>{impl_sectors}</strong>.")
    below, nodata, gaps = ([doc.sector(s, lower=True) for s in agreed.loc[agreed["coverage"].astype(str) == c,
                                                                          "sector"]]
                           for c in ("below_threshold", "no_data", "gap"))
    if below:
        parts.append(f" Agreed but below the threshold: {', '.join(below)}.")
    if nodata:
        parts.append(f" Agreed, no observation yet: {', '.join(nodata)}.")
    if gaps:
        parts.append(f" Agreed, but no agreed commitment in it (a gap): {', '.join(gaps)}.")
    parts.append("</p>")

    parts.append("<h3>Agreements</h3>")
    rate_of = {str(r["agreement"]): r for _, r in rates.iterrows()}
    rows = []
    for ag in case.agreements:
        kind = AGREEMENT_KINDS.get(ag.kind, ag.kind).split(":")[0].rstrip(".")
        binding = {True: "yes", False: "no (non-binding)", None: "not stated"}[ag.binding]
        sectors = ", ".join(doc.sector(s) for s in ag.sectors) or "none named"
        if ag.open_sectors:
            sectors += " <span class='note'>(and other fields both sides agree on later)</span>"
        term = ""
        if ag.term:
            term = f"{ag.term // 12} years" if ag.term % 12 == 0 else f"{ag.term} months"
        ag_rate = rate_of.get(ag.id)
        rate = "—" if ag_rate is None or _missing(ag_rate["rate"]) else f"{float(ag_rate['rate']):.2f}"
        rows.append([f"<strong>{_e(ag.title or ag.id)}</strong>", _e(kind), doc.actors_list(ag.parties),
                     _e(ag.signed) or "—", _e(term) or "—", _e(ag.end) or "—", binding, sectors, rate])
    parts.append(_html_table(["Agreement", "Kind", "Parties", "Signed", "Term", "Ends", "Binding",
                              "Sectors named", "Rate"], rows, num=[8], nowrap=[3, 4, 5])
                 if rows else "<p class='note'>No agreement is recorded.</p>")
    for ag in case.agreements:
        if ag.evidence or ag.note:
            parts.append(f"<details><summary>Evidence for {_e(ag.title or ag.id)} "
                         f"({_plural(len(ag.evidence), 'piece')})</summary>" + doc.evidence(ag.evidence)
                         + (f"<p class='note'>Coding note: {_e(ag.note)}</p>" if ag.note else "") + "</details>")

    signers = _signatories(doc)
    if signers:
        parts.append("<h3>Who signed</h3>" + signers)
    if case.events:
        parts.append("<h3>Chronology</h3>")
        ev_rows = []
        for ev in case.events:
            date = ("about " if ev.approximate else "") + str(ev.date)
            cites = "; ".join(doc.short_ref(x.source, x.locator) for x in ev.evidence) or "—"
            ev_rows.append([_e(date), _e(ev.kind.replace("_", " ")), _e(ev.title), cites])
        parts.append(_html_table(["Date", "Kind", "Event", "Sources"], ev_rows))
    if case.notes:
        parts.append("<h3>Coding notes</h3><p class='note'>What the case file says about its own coding "
                     "decisions and the disagreements among its sources:</p><ul>"
                     + "".join(f"<li>{_e(n)}</li>" for n in case.notes) + "</ul>")
    return "".join(parts)


def _signatories(doc: _Doc) -> str:
    parts = []
    for ag in doc.case.agreements:
        groups: dict[str | None, list[Any]] = {}
        for s in ag.signatories:
            groups.setdefault(s.on_behalf_of, []).append(s)
        for party, claims in groups.items():
            for_whom = doc.actor(party) if party else "an unnamed party"
            head = f"For {for_whom}" + (f" ({doc.agreement(ag.id)})" if doc.many_agreements else "")
            if len(claims) > 1:
                items = "".join(
                    f"<li><strong>{doc.actor(s.actor)}</strong>"
                    + (f"<div class='note'>{_e(s.note)}</div>" if s.note else "")
                    + doc.evidence(s.evidence) + "</li>" for s in claims)
                parts.append(f"<div class='disagree'><p><strong>{head}: the sources disagree.</strong> "
                             f"The case records {len(claims)} claims, each with its own sources:</p>"
                             f"<ol>{items}</ol></div>")
            else:
                s = claims[0]
                parts.append(f"<p>{head}: <strong>{doc.actor(s.actor)}</strong>"
                             + (f" <span class='note'>— {_e(s.note)}</span>" if s.note else "") + "</p>"
                             + doc.evidence(s.evidence))
    return "".join(parts)


# ============================================================================ implementation


def _implementation_section(doc: _Doc, status: pd.DataFrame, coverage: pd.DataFrame,
                            life: pd.DataFrame) -> str:
    from sistercity.plotting import plot_sector_coverage, plot_status_heatmap, timeline

    case = doc.case
    parts = [
        f"<p>Status at <strong>{_e(doc.at_text)}</strong>. Each commitment's status rests on its last "
        "observation by that date. A sector counts as implemented when one of its agreed commitments "
        f"reaches level {int(_THRESHOLD)} ({_level_name(int(_THRESHOLD))}) or more. Only commitments both "
        "parties agreed are counted in the sector figures and the rate; proposals and one side's wishes are "
        "listed below with their status but not counted.</p>",
        "<h3>By sector</h3>",
    ]
    rows = []
    for _, r in coverage.iterrows():
        cells = [f"<strong>{doc.sector(r['sector'])}</strong>",
                 "named in the agreement" if bool(r["agreed"]) else "under the open clause",
                 str(int(r["n_commitments"])), str(int(r["n_observed"])), _level(r["best_level"]),
                 doc.commitment(r["best_commitment"]) or "—",
                 _e(_COVERAGE.get(str(r["coverage"]), r["coverage"]))]
        if doc.many_agreements:
            cells.insert(0, doc.agreement(r["agreement"]))
        rows.append(cells)
    headers = ["Sector", "Agreed?", "Agreed commitments", "Observed", "Best level", "Reached by", "Result"]
    num = [2, 3]
    if doc.many_agreements:
        headers.insert(0, "Agreement")
        num = [3, 4]
    parts.append(_html_table(headers, rows, num=num) if rows else "<p class='note'>No sector is recorded.</p>")
    parts.append(_full_table(coverage, "implementation.sector_coverage"))

    parts.append("<h3>By commitment: the status and the evidence behind it</h3>")
    if status.empty:
        parts.append("<p class='note'>No commitment is recorded.</p>")
    else:
        rows = []
        for _, r in status.iterrows():
            cid = str(r["commitment"])
            rows.append([doc.commitment(cid), doc.sector(r["sector"]),
                         _e(_FIRMNESS.get(str(r["commitment_status"]), r["commitment_status"])),
                         _level(r["level"]), _e(r["date"]) or "—",
                         str(int(r["n_observations"])),
                         doc.short_ref(r["source"], r["locator"]) or "—"])
        parts.append(_html_table(["Commitment", "Sector", "Status of the promise", f"Level at {doc.at_text}",
                                  "Date observed", "Observations", "Rests on"], rows, num=[5], nowrap=[4, 6]))
        parts.append(_full_table(status, "implementation.status"))
        parts.append("<p class='note'>Each commitment in detail, with every observation recorded and its "
                     "sources; ◆ marks the observation the status rests on.</p>")
        parts.extend(_commitment_card(doc, r) for _, r in status.iterrows())

    rows_tl = len(case.agreements) + (1 if case.events else 0) + len({o.commitment for o in case.observations})
    parts.append(_figure(partial(_timeline, timeline, case, doc.status_at, life),
                         "Timeline: each agreement from its start to its expiry, its renewal window at the end; "
                         "events; each observation coloured by its level. A date known only to the year is "
                         "drawn over the whole year, marked at its last day (from which it counts).",
                         size=(10.0, max(3.2, 0.42 * rows_tl + 1.6))))
    n_sectors = int(coverage["agreed"].sum()) if not coverage.empty else 0
    if n_sectors:
        parts.append(_figure(partial(_sector_plot, plot_sector_coverage, coverage),
                             "Agreed sectors and whether each is implemented (best level at or above "
                             f"{int(_THRESHOLD)}), at {doc.at_text}.",
                             size=(7.0, max(2.4, 0.45 * n_sectors + 1.4))))
    traj = _implementation.trajectory(case, by="commitment", include="all")
    if case.observations and not traj.empty:
        n_rows = traj["group"].nunique()
        parts.append(_figure(partial(_heatmap, plot_status_heatmap, traj),
                             "Each commitment's level at the end of each year, agreed, proposed or wished alike "
                             "(pale: no data — a commitment with no observation is never counted as 0).",
                             size=(8.0, max(2.6, 0.36 * n_rows + 1.9))))
    return "".join(parts)


def _timeline(fn: Callable[..., object], case: Case, at: _At, life: pd.DataFrame, ax: Axes) -> object:
    return fn(case, at=at, lifecycle_table=life, ax=ax)


def _sector_plot(fn: Callable[..., object], coverage: pd.DataFrame, ax: Axes) -> object:
    return fn(coverage, ax=ax)


def _heatmap(fn: Callable[..., object], traj: pd.DataFrame, ax: Axes) -> object:
    return fn(traj, ax=ax)


def _commitment_card(doc: _Doc, row: pd.Series) -> str:
    c = doc.case.commitment(str(row["commitment"]))
    meta = [doc.sector(c.sector), _e(_FIRMNESS.get(c.status, c.status))]
    if doc.many_agreements:
        meta.append(doc.agreement(c.agreement))
    if c.proposed:
        meta.append(f"first proposed {_e(c.proposed)}")
    if c.providers:
        meta.append(f"provided by {doc.actors_list(c.providers)}")
    if c.beneficiaries:
        meta.append(f"benefiting {doc.actors_list(c.beneficiaries)}")
    parts = [f"<article class='commitment' id='c-{_e(c.id)}'><h4>{_e(c.title)} {_level(row['level'])}</h4>",
             "<p class='meta'>" + " · ".join(m for m in meta if m) + "</p>"]
    if c.description:
        parts.append(f"<p>{_e(c.description)}</p>")
    rests_on = None if _missing(row["observation"]) else int(row["observation"])
    observations = [(i, o) for i, o in enumerate(doc.case.observations) if o.commitment == c.id]
    if not observations:
        parts.append("<p class='note'>No observation is recorded: no data (not level 0).</p>")
    else:
        if len(observations) > 1:
            parts.append(f"<p><strong>{len(observations)} observations are recorded</strong>, each with its "
                         "own sources; all are shown.</p>")
        items = []
        for i, o in observations:
            mark = " <span class='rests'>◆ the status rests on this one</span>" if i == rests_on else ""
            items.append(f"<li><strong>{_e(o.date)}</strong> {_level(int(o.level))} "
                         f"<span class='note'>coded by {_e(o.coder)}</span>{mark}"
                         + doc.evidence(o.evidence)
                         + (f"<div class='note'>Coder's note: {_e(o.note)}</div>" if o.note else "") + "</li>")
        parts.append("<ol class='obs'>" + "".join(items) + "</ol>")
    if c.evidence or c.note:
        parts.append(f"<details><summary>Why this is recorded as a commitment "
                     f"({_plural(len(c.evidence), 'piece')} of evidence)</summary>"
                     + doc.evidence(c.evidence)
                     + (f"<p class='note'>{_e(c.note)}</p>" if c.note else "") + "</details>")
    parts.append("</article>")
    return "".join(parts)


# ============================================================================ obstacles


def _obstacles_section(doc: _Doc) -> str:
    from sistercity.plotting import plot_obstacles

    at = doc.status_at
    impacts = _obstacles.obstacle_impacts(doc.case, at=at, threshold=_THRESHOLD)
    mitig = _obstacles.mitigation_status(doc.case, at=at, threshold=_THRESHOLD)
    if impacts.empty:
        return "<p class='note'>No obstacle or challenge is recorded.</p>"
    parts = [f"<p>An <em>obstacle</em> is a present barrier (hambatan), a <em>challenge</em> a prospective risk "
             f"(tantangan). A commitment is <em>blocked</em> when an obstacle (not a challenge) affects it and its "
             f"level at {_e(doc.at_text)} is known and below {int(_THRESHOLD)}. A mitigation is <em>carried "
             f"out</em> when the commitment that carries it out reaches level {int(_THRESHOLD)}.</p>"]
    rows = []
    for ob in doc.case.obstacles:
        hits = impacts[impacts["obstacle"] == ob.id]
        if hits.empty:
            continue
        first = hits.iloc[0]
        what = (f"<strong>{_e(ob.title)}</strong><br><span class='tag'>{_e(_KIND_OF_OBSTACLE[ob.kind])}</span> "
                f"<span class='tag'>{doc.category(first['category'])}</span>"
                + (f" <span class='tag'>severity {_e(ob.severity)}</span>" if ob.severity else "")
                + (f"<div class='note'>{_e(ob.description)}</div>" if ob.description else ""))
        affects = []
        for _, h in hits.iterrows():
            if _missing(h["commitment"]):
                affects.append("<span class='note'>no commitment named</span>")
                continue
            tag = " <span class='tag warn'>blocked</span>" if bool(h["blocked"]) else ""
            affects.append(f"{doc.commitment(h['commitment'])} {_level(h['level'])}{tag}")
        mits = []
        for _, m in mitig[mitig["obstacle"] == ob.id].iterrows():
            state = _e(_MITIGATION_STATE.get(str(m["state"]), m["state"]))
            if _missing(m["description"]):
                mits.append(f"<span class='note'>{state}</span>")
                continue
            by = f"; carried by {doc.commitment(m['commitment'])}" if not _missing(m["commitment"]) else ""
            when = f"; proposed {_e(m['proposed'])}" if not _missing(m["proposed"]) else ""
            cite = f" {doc.short_ref(m['source'], m['locator'])}" if not _missing(m["source"]) else ""
            mits.append(f"{_e(m['description'])} <span class='tag'>{state}</span>"
                        f"<span class='note'>{by}{when}</span>{cite}")
        rows.append([what, "<br>".join(affects), "<br>".join(mits) or "—", doc.evidence(ob.evidence)])
    parts.append(_html_table(["Obstacle or challenge", f"Commitment affected (level at {doc.at_text})",
                              "Mitigation", "Evidence"], rows))
    parts.append(_full_table(impacts, "obstacles.obstacle_impacts"))
    parts.append(_full_table(mitig, "obstacles.mitigation_status"))
    n_cat = impacts["category"].nunique()
    parts.append(_figure(partial(_obstacle_plot, plot_obstacles, doc.case, at),
                         "Obstacles and challenges by category and sector of the commitments they affect.",
                         size=(7.0, max(2.6, 0.55 * n_cat + 1.8))))
    return "".join(parts)


def _obstacle_plot(fn: Callable[..., object], case: Case, at: _At, ax: Axes) -> object:
    return fn(case, at=at, ax=ax)


# ============================================================================ interdependence


def _interdependence_section(doc: _Doc) -> str:
    from sistercity.plotting import interdependence_graph

    at = doc.status_at
    prof = _interdependence.profile(doc.case, at=at)
    parts = ["<p>Keohane and Nye (1977) describe <em>complex interdependence</em> by three conditions: many "
             "channels connect the societies (not only states), there is no hierarchy among issues, and "
             "military force plays a minor role. Each figure below is computed from the ties the case records "
             "(agreement parties, providers and beneficiaries of commitments, participants in events), "
             "not from what the "
             f"actors say; ties are counted up to {_e(doc.at_text)}. Ties from commitments count only the "
             "commitments the parties agreed (as the implementation rate does); proposals and one side's "
             "wishes are left out.</p>"]
    figures = prof.figure_table()
    titles = {"scope": "Scope", "channels": "1. Multiple channels", "issues": "2. No hierarchy among issues",
              "force": "3. Minor role of force"}
    rows = []
    for cond, title in titles.items():
        for _, f in figures[figures["condition"] == cond].iterrows():
            raw = getattr(prof, str(f["figure"]), None)
            v = float(f["value"])
            value = "—" if math.isnan(v) else (str(int(v)) if isinstance(raw, int) else f"{v:.3f}")
            rows.append([_e(title), _e(f["label"]), value])
    parts.append(_html_table(["Condition", "Measure", "Value"], rows, num=[2]))
    parts.append("<p class='note'>Shares, the participation coefficient and evenness lie between 0 and 1; "
                 "evenness near 1 means the issues weigh alike (no hierarchy); the Herfindahl index near 1 "
                 "means one issue dominates.</p>")
    channel_mix = prof.channel_mix
    if not channel_mix.empty and "channel" in channel_mix.columns:
        ch_rows = [[_e(r["channel"]), _fmt(r.get("n_ties")),
                    _fmt(r.get("share")), _fmt(r.get("n_actors"))] for _, r in channel_mix.iterrows()]
        parts.append("<h3>Ties by channel</h3>"
                     + _html_table(["Channel", "Ties", "Share", "Actors"], ch_rows, num=[1, 2, 3]))
    for name, df in prof.tables.items():
        parts.append(_full_table(df, f"interdependence.profile: {name}"))
    opts = ", ".join(f"{k}={v!r}" for k, v in prof.options.items())
    parts.append(f"<details><summary>Options the profile was computed with</summary>"
                 f"<p class='note'><code>{html.escape(opts)}</code></p></details>")

    parts.append("<h3>Dependence between partners (Barbieri 1996)</h3>")
    dep = _interdependence.dependence(doc.case, at=at)
    if dep.empty:
        parts.append("<p class='note'>No provider–beneficiary flow is recorded.</p>")
    else:
        parts.append("<p>Flows are what the commitments promise, from providers to beneficiaries (not what "
                     "was delivered). <em>A depends on B</em> is the share of what A receives that comes from B; "
                     "salience is √(D<sub>A</sub>·D<sub>B</sub>), symmetry 1 − |D<sub>A</sub> − D<sub>B</sub>|; "
                     "balance above 0 means A receives more from B than it gives to B.</p>")
        d_rows = [[doc.actor(r["actor_a"]), doc.actor(r["actor_b"]), _e(r["channel"]),
                   _fmt(r["dependence_a"]), _fmt(r["dependence_b"]), _fmt(r["salience"]), _fmt(r["symmetry"]),
                   _fmt(r["balance"])] for _, r in dep.iterrows()]
        parts.append(_html_table(["A", "B", "Channel", "A depends on B", "B depends on A", "Salience",
                                  "Symmetry", "Balance"], d_rows, num=[3, 4, 5, 6, 7]))
        parts.append(_full_table(dep, "interdependence.dependence"))
    per_country = pd.Series([a.country for a in doc.case.actors], dtype=object).value_counts()
    tallest = int(per_country.max()) if len(per_country) else 1
    parts.append(_figure(partial(_graph_plot, interdependence_graph, doc.case, at),
                         "Actors by country (columns) and level (national on top); lines are ties, styled by "
                         "channel and thicker the more ties join two actors.",
                         size=(10.0, min(14.0, max(3.5, 0.42 * tallest + 2.0)))))
    return "".join(parts)


def _graph_plot(fn: Callable[..., object], case: Case, at: _At, ax: Axes) -> object:
    return fn(case, at=at, ax=ax)


# ============================================================================ legal frame


def _legal_section(doc: _Doc) -> str:
    countries = sorted({a.country for a in doc.case.actors if a.level == "subnational"})
    available = set(_legal.available_jurisdictions())
    parts = []
    for country in (c for c in countries if c in available):
        rules = _legal.load_rules(country)
        findings = _legal.check(doc.case, jurisdiction=country)
        parts.append(f"<h3>{_e(rules.label)} ({_e(country)})</h3>")
        rule_items = "".join(
            f"<li><strong>{_e(r.title)}</strong> <span class='tag'>severity {_e(r.severity)}</span> "
            f"<span class='note'>{_e(rules.citation(r))}</span></li>" for r in rules.rules)
        parts.append(f"<p>The rules checked (bundled with sistercity, coded from the laws cited):</p>"
                     f"<ul>{rule_items}</ul>")
        if findings.empty:
            parts.append("<p class='note'>No finding: the recorded cooperation stays within the coded rules.</p>")
            continue
        titles = {r.id: r.title for r in rules.rules}
        rows = []
        for _, f in findings.iterrows():
            if str(f["record"]) == "commitment" and not _missing(f["commitment"]):
                concerns = f"commitment {doc.commitment(f['commitment'])}"
            elif doc.many_agreements:
                concerns = f"agreement {doc.agreement(f['agreement'])}"
            else:
                concerns = "the agreement itself"
            if not _missing(f["sector"]):
                concerns += f"<br><span class='note'>sector: {doc.sector(f['sector'])}</span>"
            rows.append([_e(f["severity"]), _e(titles.get(str(f["rule"]), f["rule"])), concerns,
                         _e(f["message"]), _e(f["source"])])
        parts.append(f"<p>{_plural(len(findings), 'finding')}, most severe first:</p>")
        parts.append(_html_table(["Severity", "Rule", "Concerns", "Finding", "Legal basis"], rows, nowrap=[0]))
        parts.append(_full_table(findings, f"legal.check(jurisdiction={country!r})"))
    missing = [c for c in countries if c not in available]
    if missing:
        parts.append(f"<p class='note'>No rules are bundled for: {_e(', '.join(missing))}; their law is not "
                     "checked. Load your own with <code>sistercity.legal.read_rules</code>.</p>")
    return "".join(parts) or "<p class='note'>No sub-state actor is recorded.</p>"


# ============================================================================ alignment


def _alignment_section(doc: _Doc) -> str:
    case = doc.case
    if not case.policy_frameworks:
        return "<p class='note'>The case records no policy framework.</p>"
    table = _alignment.alignment_table(case)
    unserved = _alignment.unserved_targets(case)
    parts = []
    for fw in case.policy_frameworks:
        parts.append(f"<h3>{_e(fw.title)}</h3>")
        rule = ("every agreement must serve at least one of these targets through its commitments"
                if fw.requirement == "at_least_one" else "the targets are for reference; none is required")
        owner = f"Owner: {doc.actor(fw.owner)}. " if fw.owner else ""
        cites = "; ".join(doc.short_ref(ev.source, ev.locator) for ev in fw.evidence)
        parts.append(f"<p>{owner}Rule: {rule}." + (f" <span class='note'>Sources: {cites}</span>" if cites else "")
                     + "</p>")
        mine = table[(table["framework"] == fw.id) & table["serves"]]
        rows = []
        for t in fw.targets:
            served = mine[mine["target"] == t.id]
            cell = "<br>".join(
                f"{doc.commitment(r['commitment'])} <span class='note'>"
                f"({_e(_FIRMNESS.get(case.commitment(str(r['commitment'])).status, ''))})</span>"
                for _, r in served.iterrows()) or "<span class='note'>none</span>"
            rows.append([_e(t.text), cell])
        parts.append(_html_table(["Target", "Served by"], rows))
        n_un = int((unserved["framework"] == fw.id).sum())
        parts.append(f"<p class='note'>{n_un} of {len(fw.targets)} targets are served by no commitment.</p>")
    parts.append("<h3>Agreements that serve no target where one is required</h3>")
    unaligned = _alignment.unaligned_agreements(case)
    if unaligned.empty:
        parts.append("<p class='note'>Every agreement serves at least one target where one is required.</p>")
    else:
        parts.append(_html_table(["Agreement", "Framework", "Finding"],
                                 [[doc.agreement(r["agreement"]), _e(r["framework"]), _e(r["message"])]
                                  for _, r in unaligned.iterrows()]))
    matrix = _alignment.alignment_matrix(case)
    shown = matrix.astype(object).where(~matrix.astype(bool), "✓").where(matrix.astype(bool), "")
    parts.append(_full_table(shown.reset_index(), "alignment.alignment_matrix (commitments × targets)"))
    return "".join(parts)


# ============================================================================ lifecycle


_DEADLINE = {
    "entry into force": "it enters into force on {date}",
    "renewal window opens": "its renewal window opens on {date}: it is to be renewed between then and its "
                            "expiry on {expiry}",
    "expiry": "it expires on {date}",
}


def _due_sentence(doc: _Doc, row: pd.Series) -> str:
    """One sentence: the agreement's state at the date, and its next deadline (or why there is none)."""
    title = f"<strong>{doc.agreement(row['agreement'])}</strong>"
    state = _e(row["state"])
    at = _e(row["at"])
    if not _missing(row["next_deadline"]) and not _missing(row["next_deadline_date"]):
        what = _DEADLINE.get(str(row["next_deadline"]), str(row["next_deadline"]) + " on {date}")
        text = html.escape(what).format(date=_e(row["next_deadline_date"]), expiry=_e(row["expiry"]) or "?")
        lo, hi = row["days_until_min"], row["days_until_max"]
        when = ""
        if not _missing(lo) and not _missing(hi):
            lo_i, hi_i = int(lo), int(hi)
            if lo_i < 0:
                when = " (it may already have passed)"
            elif lo_i == hi_i:
                when = f" ({_plural(lo_i, 'day')} after {at})"
            else:
                when = f" ({lo_i:,} to {hi_i:,} days after {at}, depending on the day of {at})"
        return f"At {at}, {title} is {state}. Next: {text}{when}."
    if str(row["state"]) == "expired":
        return f"At {at}, {title} has expired: its last day in force was {_e(row['expiry'])}. No deadline is left."
    if _missing(row["expiry"]):
        return (f"At {at}, {title} is {state}. It has no fixed end in the case (no term or end date), "
                "so no deadline is due.")
    return f"At {at}, {title} is {state}. No next deadline can be given from the dates recorded."


def _lifecycle_section(doc: _Doc, lc: pd.DataFrame) -> str:
    if lc.empty:
        return "<p class='note'>No agreement is recorded.</p>"
    parts = ["<div class='due'><p><strong>What is due next</strong></p>"
             + "".join(f"<p>{_due_sentence(doc, r)}</p>" for _, r in lc.iterrows()) + "</div>"]
    rows = []
    for _, r in lc.iterrows():
        term = "—"
        if not _missing(r["term_months"]):
            m = int(r["term_months"])
            term = f"{m // 12} years" if m % 12 == 0 else f"{m} months"
        window = "—"
        if not _missing(r["renewal_window_months"]):
            window = f"last {_plural(int(r['renewal_window_months']), 'month')} before expiry"
        rows.append([doc.agreement(r["agreement"]), _e(r["start"]) or "—", term, window,
                     _e(r["renewal_window_start"]) or "—", _e(r["expiry"]) or "—", _e(r["state"]),
                     _e(r["next_deadline"]) or "none", _e(r["next_deadline_date"]) or "—"])
    at = _e(lc["at"].iloc[0])
    parts.append(_html_table(["Agreement", "In force from", "Term", "Renewal window", "Window opens",
                              "Last day in force", f"State at {at}", "Next deadline", "Date"], rows,
                             nowrap=[1, 2, 4, 5, 8]))
    parts.append("<p class='note'>Dates keep the precision of the sources; a date known only to the month or "
                 "year gives a deadline known only to the month or year (no day is invented). A state that "
                 "the dates cannot decide names every state still possible.</p>")
    parts.append(_full_table(lc, "lifecycle.lifecycle"))
    return "".join(parts)


# ============================================================================ sources


def _sources_section(doc: _Doc) -> str:
    case = doc.case
    if not case.sources:
        return "<p class='note'>No source is recorded.</p>"
    uses = case.tables.evidence.groupby("source").size()
    items = []
    for s in case.sources:
        meta = [s.kind.replace("_", " ")]
        meta += [x for x in (s.author, s.publisher) if x]
        if s.date or s.year:
            meta.append(str(s.date or s.year))
        if s.language:
            meta.append(f"in {_LANGUAGES.get(s.language, s.language)}")
        link = f"<br><a href='{_e(s.url)}'>{_e(s.url)}</a>" if s.url else ""
        via = f" Known through {doc.ref(s.cited_in)}." if s.cited_in else ""
        note = f"<div class='note'>{_e(s.note)}{via}</div>" if (s.note or via) else ""
        items.append(f"<li id='src-{_e(s.id)}'><strong>{_e(s.title)}</strong>. {_e('; '.join(meta))}. "
                     f"<span class='note'>— {_times(int(uses.get(s.id, 0)))} in the case</span>{link}{note}</li>")
    return ("<p class='note'>The numbers in brackets throughout the report refer to this list.</p>"
            "<ol class='sources'>" + "".join(items) + "</ol>")


# ============================================================================ the page


def _how_to_read(doc: _Doc, life_at: object, *, given: bool) -> str:
    status_why = "" if given or doc.status_at is None else " (the end of the case's period)"
    life_why = "" if given else " (today)"
    scale = ", ".join(f"{_level(n)}" for n in range(4))
    return (
        "<div class='box'>"
        f"<p><strong>Implementation scale</strong> (Peace Accords Matrix; Joshi, Quinn &amp; Regan 2015): {scale}. "
        "A commitment with no observation has <em>no data</em>, which is never counted as 0. An agreement's "
        "<em>implementation rate</em> is the mean level of its agreed, observed commitments divided by 3 "
        "(0 nothing started, 1 everything fully implemented).</p>"
        f"<p><strong>Dates.</strong> Implementation status at <strong>{_e(doc.at_text)}</strong>{status_why}: each "
        "commitment's last observation by then counts (a date given only as a year, such as “2018”, counts from "
        "its last day). Agreement lifecycle at <strong>"
        f"{_e(life_at)}</strong>{life_why}. Dates keep the precision the sources give; none is invented.</p>"
        "<p><strong>Sources.</strong> Bracketed numbers such as [1] link to the list of sources at the end; "
        "quotes are in the source's language. Folded “Full table” blocks hold the complete analysis tables.</p>"
        "</div>"
    )


def _toc() -> str:
    items = "".join(f"<li><a href='#{_slug(name)}'>{html.escape(name)}</a></li>" for name in SECTIONS)
    return f"<nav class='toc' aria-label='Contents'><strong>Contents</strong><ol>{items}</ol></nav>"


def report(case: Case, path: str | Path | None = None, *, at: _dt.date | str | None = None) -> str:
    """The HTML report of ``case``; written to ``path`` too when given.

    Parameters
    ----------
    case
        The case.
    path
        Where to write the file (UTF-8), or ``None``.
    at
        The date the status and lifecycle are read at (a date or a partial date
        string); ``None``: the case's ``period_end`` for implementation (all
        observations when it has none) and today for the lifecycle.

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> from sistercity import datasets
    >>> page = report(datasets.load("bogor-kisarazu"))
    >>> page.startswith("<!DOCTYPE html>"), all(f"<h2>{s}</h2>" in page for s in SECTIONS)
    (True, True)
    """
    from sistercity import __version__

    if not isinstance(case, Case):
        raise ArgumentTypeError(f"report needs a sistercity Case, got {type(case).__name__}")
    if path is not None and not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path or None, got {type(path).__name__}")
    parsed = parse_at(at)
    if parsed is not None:
        at = str(parsed)
    status_at: _At = at if at is not None else (str(case.period_end) if case.period_end else None)
    life_at: object = at if at is not None else _dt.date.today()
    doc = _Doc(case, status_at, life_at)
    status = _implementation.status(case, at=status_at)
    coverage = _implementation.sector_coverage(case, at=status_at, threshold=_THRESHOLD)
    rates = _implementation.agreement_rates(case, at=status_at)
    lc = _lifecycle.lifecycle(case, at=life_at)
    sections = {
        "At a glance": _glance(doc, coverage, rates),
        "Implementation": _implementation_section(doc, status, coverage, lc),
        "Obstacles and challenges": _obstacles_section(doc),
        "Interdependence": _interdependence_section(doc),
        "Legal frame": _legal_section(doc),
        "Alignment with policy targets": _alignment_section(doc),
        "Lifecycle and what is due next": _lifecycle_section(doc, lc),
        "Sources": _sources_section(doc),
    }
    body = "".join(f"<section id='{_slug(name)}'><h2>{html.escape(name)}</h2>{sections[name]}</section>"
                   for name in SECTIONS)
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(case.title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(case.title)}</h1>"
        f"<p class='note'>Report made with sistercity {_e(__version__)} from the case file "
        f"<code>{_e(case.id)}</code>.</p>"
        f"{_how_to_read(doc, life_at, given=at is not None)}{_toc()}{body}</body></html>\n"
    )
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page
