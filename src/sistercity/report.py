"""One self-contained HTML report of a case.

The report brings every analysis together in the order a thesis chapter or a
city council briefing reads: the case at a glance; implementation by sector and
commitment, with the evidence behind each status; obstacles and challenges; the
actors' interdependence; legal findings; alignment with policy targets; each
agreement's lifecycle and what is due next; and the sources.

The file needs no network to open: figures are embedded as PNG data, styles are
inline. Every piece of text from the case file is escaped (:func:`html.escape`,
and :meth:`pandas.DataFrame.to_html` with ``escape=True``), so a name such as
``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io as _io
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sistercity import alignment as _alignment
from sistercity import implementation as _implementation
from sistercity import interdependence as _interdependence
from sistercity import legal as _legal
from sistercity import lifecycle as _lifecycle
from sistercity import obstacles as _obstacles
from sistercity.model import Case

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

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{border-bottom:3px solid #2b6cb0;padding-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.8em 0;font-size:.88em}th,td{border:1px solid #ddd;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#f2f5f9}.kpi{display:flex;gap:1em;flex-wrap:wrap}
.kpi div{background:#f2f5f9;border-radius:6px;padding:.6em 1em}.kpi b{display:block;font-size:1.6em}
figure{margin:1em 0}figcaption{font-size:.85em;color:#555}.note{color:#555;font-size:.9em}
blockquote{margin:.2em 0 .2em 1em;color:#444;font-style:italic}
"""


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return html.escape(str(value))


def _table(df: pd.DataFrame, *, empty: str = "None.") -> str:
    if df.empty:
        return f"<p class='note'>{html.escape(empty)}</p>"
    return df.to_html(index=False, escape=True, na_rep="", border=0)


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


def _source_link(case: Case, source_id: object) -> str:
    if not isinstance(source_id, str) or not source_id:
        return ""
    try:
        src = case.source(source_id)
    except KeyError:
        return _e(source_id)
    label = html.escape(src.title)
    if src.url:
        return f"<a href='{html.escape(src.url, quote=True)}'>{label}</a>"
    return label


def _glance(case: Case, coverage: pd.DataFrame, rates: pd.DataFrame) -> str:
    agreed = coverage[coverage["agreed"]]
    n_impl = int(agreed["implemented"].sum())
    impl_sectors = ", ".join(agreed.loc[agreed["implemented"], "sector"].astype(str)) or "none"
    parts = [f"<p>{_e(case.description)}</p>" if case.description else ""]
    period = f"{case.period_start or '?'} – {case.period_end or '?'}"
    kpis = [
        ("period", period),
        ("actors", str(len(case.actors))),
        ("agreements", str(len(case.agreements))),
        ("commitments", str(len(case.commitments))),
        ("agreed sectors implemented", f"{n_impl} of {len(agreed)}"),
    ]
    if len(rates):
        kpis.append(("implementation rate (PAM)", f"{float(rates['rate'].iloc[0]):.3f}"
                     if pd.notna(rates["rate"].iloc[0]) else "no data"))
    parts.append("<div class='kpi'>" + "".join(f"<div><b>{_e(v)}</b>{_e(k)}</div>" for k, v in kpis) + "</div>")
    parts.append(f"<p>Implemented agreed sectors: <strong>{_e(impl_sectors)}</strong>.</p>")
    rows = []
    for ag in case.agreements:
        parties = "; ".join(case.actor(p).name for p in ag.parties)
        rows.append({"agreement": ag.id, "kind": ag.kind.replace("_", " "), "parties": parties,
                     "signed": ag.signed, "ends": ag.end, "binding": ag.binding,
                     "sectors": ", ".join(ag.sectors) + (" (+ others agreed later)" if ag.open_sectors else "")})
    parts.append(_table(pd.DataFrame(rows), empty="No agreement is recorded."))
    signers = []
    for ag in case.agreements:
        for s in ag.signatories:
            srcs = "; ".join(_source_link(case, ev.source) for ev in s.evidence)
            signers.append(f"<li>{_e(ag.id)}: signed by {_e(case.actor(s.actor).name)}"
                           + (f" for {_e(case.actor(s.on_behalf_of).name)}" if s.on_behalf_of else "")
                           + (f" — {srcs}" if srcs else "") + (f" <span class='note'>({_e(s.note)})</span>"
                                                                  if s.note else "") + "</li>")
    if signers:
        parts.append("<p>Signatories, as each source records them:</p><ul>" + "".join(signers) + "</ul>")
    return "".join(parts)


def _implementation_section(case: Case, status: pd.DataFrame, coverage: pd.DataFrame, at: _At) -> str:
    from sistercity.plotting import timeline

    parts = ["<h3>By sector</h3>", _table(coverage)]
    parts.append("<h3>By commitment, with the evidence for each status</h3>")
    obs = {i: o for i, o in enumerate(case.observations)}
    items = []
    for _, row in status.iterrows():
        c = case.commitment(str(row["commitment"]))
        level = row["level"]
        head = (f"<li><strong>{_e(c.title)}</strong> [{_e(c.sector)}; {_e(c.status)}] — "
                + (f"level {_e(level)} ({_e(row['date'])}, coder {_e(row['coder'])})" if pd.notna(level)
                   else "no data"))
        ev_html = ""
        oid = row.get("observation")
        if pd.notna(oid) and int(oid) in obs:
            for ev in obs[int(oid)].evidence:
                ev_html += (f"<br>{_source_link(case, ev.source)} {_e(ev.locator)}"
                            + (f"<blockquote>{_e(ev.quote)}</blockquote>" if ev.quote else ""))
            if obs[int(oid)].note:
                ev_html += f"<br><span class='note'>{_e(obs[int(oid)].note)}</span>"
        items.append(head + ev_html + "</li>")
    parts.append("<ul>" + "".join(items) + "</ul>")
    parts.append(_figure(lambda ax: timeline(case, ax=ax),
                         "Timeline: agreements with renewal windows, events, observations by level.",
                         size=(9.0, 4.5)))
    for name, caption in (("plot_sector_coverage", "Agreed sectors and the best level reached in each."),
                          ("plot_status_heatmap", "Each commitment's observed level over time.")):
        parts.append(_figure(partial(_draw, name, case, at), caption))
    return "".join(parts)


def _draw(name: str, case: Case, at: _At, ax: Axes) -> object:
    from sistercity import plotting

    fn: Callable[..., object] = getattr(plotting, name)
    if name == "plot_sector_coverage":
        return fn(_implementation.sector_coverage(case, at=at), ax=ax)
    return fn(case, ax=ax)


def _obstacles_section(case: Case) -> str:
    impacts = _obstacles.obstacle_impacts(case)
    mitig = _obstacles.mitigation_status(case)
    parts = ["<h3>What blocks which commitment</h3>", _table(impacts, empty="No obstacle is recorded.")]
    parts.append("<h3>Mitigations</h3>")
    parts.append(_table(mitig, empty="No mitigation is recorded."))
    if not impacts.empty:
        parts.append(_figure(partial(_draw, "plot_obstacles", case, None), "Obstacles by category and sector."))
    return "".join(parts)


def _interdependence_section(case: Case, at: _At) -> str:
    prof = _interdependence.profile(case, at=at)
    parts = [prof._repr_html_()]
    parts.append("<h3>Dependence between partners (Barbieri 1996)</h3>")
    parts.append(_table(_interdependence.dependence(case), empty="No provider–beneficiary data."))
    parts.append(_figure(partial(_draw, "interdependence_graph", case, at),
                         "Actors by country and level; ties by channel.", size=(9.0, 6.0)))
    return "".join(parts)


def _legal_section(case: Case) -> str:
    countries = sorted({a.country for a in case.actors if a.level == "subnational"})
    available = set(_legal.available_jurisdictions())
    parts = []
    checked = [c for c in countries if c in available]
    for country in checked:
        findings = _legal.check(case, jurisdiction=country)
        parts.append(f"<h3>{_e(country)}</h3>")
        parts.append(_table(findings, empty="No finding: the recorded cooperation stays within the coded rules."))
    missing = [c for c in countries if c not in available]
    if missing:
        parts.append(f"<p class='note'>No rules are bundled for: {_e(', '.join(missing))}. "
                     "Load your own with <code>sistercity.legal.read_rules</code>.</p>")
    return "".join(parts) or "<p class='note'>No sub-state actor is recorded.</p>"


def _alignment_section(case: Case) -> str:
    if not case.policy_frameworks:
        return "<p class='note'>The case records no policy framework.</p>"
    parts = ["<h3>Commitments × targets</h3>", _table(_alignment.alignment_matrix(case).reset_index())]
    parts.append("<h3>Agreements that serve no target where one is required</h3>")
    parts.append(_table(_alignment.unaligned_agreements(case), empty="None: every agreement serves a target."))
    parts.append("<h3>Targets no commitment serves</h3>")
    parts.append(_table(_alignment.unserved_targets(case), empty="None."))
    return "".join(parts)


def _lifecycle_section(case: Case, at: object) -> str:
    lc = _lifecycle.lifecycle(case, at=at)
    cols = ["agreement", "kind", "start", "term_months", "renewal_window_start", "expiry", "at", "state",
            "next_deadline", "next_deadline_date", "months_until"]
    return _table(lc[[c for c in cols if c in lc.columns]], empty="No agreement is recorded.")


def _sources_section(case: Case) -> str:
    t = case.tables
    uses = t.evidence.groupby("source").size()
    items = []
    for s in case.sources:
        link = (f" <a href='{html.escape(s.url, quote=True)}'>{html.escape(s.url)}</a>" if s.url else "")
        meta = ", ".join(x for x in (s.author, s.publisher, str(s.date or s.year or "")) if x)
        items.append(f"<li><strong>{_e(s.title)}</strong> [{_e(s.kind)}] {_e(meta)}{link} "
                     f"<span class='note'>— cited {int(uses.get(s.id, 0))} times</span></li>")
    return "<ol>" + "".join(items) + "</ol>" if items else "<p class='note'>No source is recorded.</p>"


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
    status_at: _At = at if at is not None else (str(case.period_end) if case.period_end else None)
    status = _implementation.status(case, at=status_at)
    coverage = _implementation.sector_coverage(case, at=status_at)
    rates = _implementation.agreement_rates(case, at=status_at)
    life_at = at if at is not None else _dt.date.today()
    sections = {
        "At a glance": _glance(case, coverage, rates),
        "Implementation": _implementation_section(case, status, coverage, status_at),
        "Obstacles and challenges": _obstacles_section(case),
        "Interdependence": _interdependence_section(case, status_at),
        "Legal frame": _legal_section(case),
        "Alignment with policy targets": _alignment_section(case),
        "Lifecycle and what is due next": _lifecycle_section(case, life_at),
        "Sources": _sources_section(case),
    }
    read_at = f"Status read at {status_at}" if status_at else "Status from all observations"
    body = "".join(f"<section><h2>{html.escape(name)}</h2>{sections[name]}</section>" for name in SECTIONS)
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(case.title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(case.title)}</h1><p class='note'>{_e(read_at)}; lifecycle at {_e(life_at)}. "
        "Made with sistercity. Implementation levels on the Peace Accords Matrix scale: 0 not initiated, "
        "1 minimal, 2 intermediate, 3 full.</p>"
        f"{body}</body></html>\n"
    )
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page
