"""A timeline of a case: agreements with their renewal windows, events, observations."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity.dates import parse_at
from sistercity.plotting._common import axes, frame_with
from sistercity.tables import as_tables

if TYPE_CHECKING:
    from sistercity.model import Case
    from sistercity.tables import CaseTables

__all__ = ["LEVEL_COLORS", "timeline"]

LEVEL_COLORS: dict[int, str] = {0: "#d7301f", 1: "#fc8d59", 2: "#74add1", 3: "#1a9850"}
"""Colour of each implementation level (0 not initiated ... 3 full): red to green."""

_LEVEL_NAMES = {0: "0 not initiated", 1: "1 minimal", 2: "2 intermediate", 3: "3 full"}
_TERM_COLOR = "#4c72b0"
_WINDOW_COLOR = "#dd8452"
_EVENT_MARKERS = {
    "signing": "*", "visit": "^", "study_visit": "^", "teleconference": "D", "consultation": "s",
    "meeting": "o", "exchange": "P", "invitation": "v", "forum": "h", "other": "o",
}


def _day(value: Any) -> _dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def timeline(
    data: Case | CaseTables,
    *,
    at: object = None,
    lifecycle_table: pd.DataFrame | None = None,
    events: bool = True,
    observations: bool = True,
    ax: Any = None,
) -> Any:
    """Draw agreements as bars with their renewal windows, events as marks, observations by level.

    One row per agreement: a bar from its start to its expiry, the renewal window
    drawn over its end. A date known only to the month or year is drawn as the
    span it admits, hatched (no day is invented); an agreement with no fixed end
    runs to the right edge with an open, dashed end. Below, one row of events
    (marker by kind, a line over the span of a partial date) and one row per
    commitment with observations, each coloured by its implementation level
    (:data:`LEVEL_COLORS`), drawn over the span its date admits with a mark at
    the last day (the day from which the status counts).

    Parameters
    ----------
    data : Case or CaseTables
        The case or its tables.
    at : str, datetime.date or None, keyword-only
        A date to mark with a vertical line (also passed to
        :func:`~sistercity.lifecycle.lifecycle`); ``None`` draws no line.
    lifecycle_table : DataFrame, optional, keyword-only
        The result of :func:`~sistercity.lifecycle.lifecycle` when already
        computed (else it is computed here).
    events, observations : bool, keyword-only
        Whether to draw the events row and the observation rows.
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; default the current Axes (``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    sistercity.lifecycle.lifecycle : the dates drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sistercity import datasets
    >>> ax = timeline(datasets.load("bogor-kisarazu"), at="2018-12-31")
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['loi-2016 (letter of intent)', 'events']
    """
    import matplotlib.dates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    mdates: Any = matplotlib.dates  # partly untyped

    from sistercity.lifecycle import LIFECYCLE_COLUMNS, lifecycle

    tables = as_tables(data)
    ax = axes(ax)
    lc = (frame_with("lifecycle_table", lifecycle_table, LIFECYCLE_COLUMNS)
          if lifecycle_table is not None else lifecycle(tables, at=at))
    at_day = parse_at(at)

    # the horizontal extent: every known day, so open-ended bars can run to the edge
    days: list[_dt.date] = []
    for col in ("start_first", "expiry_last", "renewal_window_start_first"):
        days += [d for d in map(_day, lc[col]) if d is not None]
    if events:
        days += [d for d in map(_day, tables.events["date_first"]) if d is not None]
        days += [d for d in map(_day, tables.events["date_last"]) if d is not None]
    if observations:
        days += [d for d in map(_day, tables.observations["date_first"]) if d is not None]
        days += [d for d in map(_day, tables.observations["date_last"]) if d is not None]
    if at_day is not None:
        days += [at_day.start(), at_day.end()]
    if not days:
        ax.text(0.5, 0.5, "no dated agreements, events or observations", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_yticks([])
        return ax
    lo, hi = min(days), max(days)
    pad = max((hi - lo).days // 20, 30)
    left, right = lo - _dt.timedelta(days=pad), hi + _dt.timedelta(days=pad)
    num: Any = mdates.date2num

    labels: list[str] = []
    y = 0

    def span(yy: float, a: _dt.date, b: _dt.date, color: str, *, hatch: str | None = None,
             alpha: float = 0.85, height: float = 0.5, edgecolor: str | None = None, **kw: Any) -> None:
        width = max(num(b) - num(a), 1.0)
        edge = edgecolor or (color if hatch else "none")
        ax.broken_barh([(num(a), width)], (yy - height / 2, height), facecolors=color, alpha=alpha,
                       hatch=hatch, edgecolor=edge, **kw)

    # ---- agreements
    for rec in lc.to_dict("records"):
        s0, s1 = _day(rec["start_first"]), _day(rec["start_last"])
        e0, e1 = _day(rec["expiry_first"]), _day(rec["expiry_last"])
        w0, w1 = _day(rec["renewal_window_start_first"]), _day(rec["renewal_window_start_last"])
        kind = "" if pd.isna(rec["kind"]) else f" ({str(rec['kind']).replace('_', ' ')})"
        labels.append(f"{rec['agreement']}{kind}")
        if s0 is None or s1 is None:
            y += 1
            continue
        solid_from = s1
        if s1 > s0:  # start known only to the month or year
            span(y, s0, s1, _TERM_COLOR, hatch="///", alpha=0.3)
        if e0 is not None and e1 is not None:
            solid_to = w0 if w0 is not None else e0
            if solid_to > solid_from:
                span(y, solid_from, solid_to, _TERM_COLOR)
            if w0 is not None and w1 is not None:
                if w1 > w0:
                    span(y, w0, w1, _WINDOW_COLOR, hatch="///", alpha=0.3)
                if e0 > w1:
                    span(y, w1, e0, _WINDOW_COLOR)
            if e1 > e0:  # expiry known only to the month or year (not over the window's own hatch)
                from_day = max(e0, w1) if w1 is not None else e0
                span(y, from_day, e1, _WINDOW_COLOR if w0 is not None else _TERM_COLOR, hatch="///", alpha=0.3)
        else:  # no fixed end: an open bar to the right edge
            span(y, solid_from, right, _TERM_COLOR, alpha=0.35, edgecolor=_TERM_COLOR, linestyle="--",
                 linewidth=1.0)
        y += 1

    # ---- events
    if events and len(tables.events):
        labels.append("events")
        for rec in tables.events.to_dict("records"):
            d0, d1 = _day(rec["date_first"]), _day(rec["date_last"])
            if d0 is None or d1 is None:
                continue
            kind = str(rec["kind"]) if not pd.isna(rec["kind"]) else "other"
            if d1 > d0:
                ax.plot([num(d0), num(d1)], [y, y], color="0.4", linewidth=2, alpha=0.5, solid_capstyle="butt")
            ax.plot([num(d0 + (d1 - d0) / 2)], [y], marker=_EVENT_MARKERS.get(kind, "o"), color="0.2",
                    markersize=8, linestyle="none")
        y += 1

    # ---- observations
    obs = tables.observations
    if observations and len(obs):
        for commitment, group in obs.groupby("commitment", sort=False):
            labels.append(str(commitment))
            for rec in group.to_dict("records"):
                d0, d1 = _day(rec["date_first"]), _day(rec["date_last"])
                if d0 is None or d1 is None:
                    continue
                color = LEVEL_COLORS.get(int(rec["level"]), "0.5")
                if d1 > d0:
                    ax.plot([num(d0), num(d1)], [y, y], color=color, linewidth=4, alpha=0.35,
                            solid_capstyle="butt")
                ax.plot([num(d1)], [y], marker="o", color=color, markersize=7, markeredgecolor="0.2",
                        linestyle="none")
            y += 1

    if at_day is not None:
        ax.axvline(num(at_day.start()), color="0.3", linestyle=":", linewidth=1)
        if at_day.end() > at_day.start():
            ax.axvspan(num(at_day.start()), num(at_day.end()), color="0.5", alpha=0.1)

    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(num(left), num(right))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)

    handles: list[Any] = [Patch(color=_TERM_COLOR, label="in force"),
                          Patch(color=_WINDOW_COLOR, label="renewal window"),
                          Patch(facecolor="white", edgecolor="0.4", hatch="///", label="date known to month/year")]
    if events and len(tables.events):
        kinds = [k for k in dict.fromkeys(tables.events["kind"].astype(str)) if k != "nan"]
        handles += [Line2D([], [], marker=_EVENT_MARKERS.get(k, "o"), color="0.2", linestyle="none",
                           label=k.replace("_", " ")) for k in kinds]
    if observations and len(obs):
        levels = sorted({int(v) for v in obs["level"].dropna()})
        handles += [Line2D([], [], marker="o", color=LEVEL_COLORS[lv], markeredgecolor="0.2", linestyle="none",
                           label=f"level {_LEVEL_NAMES[lv]}") for lv in levels]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return ax

