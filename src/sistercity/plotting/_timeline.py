"""A timeline of a case: agreements with their renewal windows, events, observations."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity._args import flag, is_missing
from sistercity._typing import AtLike, CaseData
from sistercity.dates import PartialDate, parse_at
from sistercity.plotting._common import LEVEL_COLORS, LEVEL_NAMES, frame_with, literal, shorten, target_axes, titles
from sistercity.tables import as_tables

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sistercity.tables import CaseTables

__all__ = ["timeline"]

_TERM_COLOR = "#4c72b0"
_WINDOW_COLOR = "#dd8452"
_EVENT_MARKERS = {
    "signing": "*", "visit": "^", "study_visit": "^", "teleconference": "D", "consultation": "s",
    "approval": "s", "meeting": "o", "exchange": "P", "invitation": "v", "forum": "h", "other": "o",
}


def _day(value: Any) -> _dt.date | None:
    if is_missing(value):
        return None
    return pd.Timestamp(value).date()


def _num(day: _dt.date) -> float:
    """A day in matplotlib's date units."""
    import matplotlib.dates

    mdates: Any = matplotlib.dates  # partly untyped
    return float(mdates.date2num(day))


def timeline(
    data: CaseData,
    *,
    at: AtLike = None,
    lifecycle_table: pd.DataFrame | None = None,
    events: bool = True,
    observations: bool = True,
    labels: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw agreements as bars with their renewal windows, events as marks, observations by level.

    One row per agreement (labelled by its title, as the tables show it): a bar
    from its start to its expiry, the renewal window drawn over its end. A date
    known only to the month or year is drawn as the span it admits, hatched (no
    day is invented); an agreement with no fixed end runs to the right edge with
    an open, dashed end. Below, one row of events (marker by kind, a line over the
    span of a partial date) and one row per commitment with observations
    (labelled by its title), each coloured by its implementation level
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
    labels : bool, default True, keyword-only
        Name agreements and commitments by their titles, cut to 38 characters with
        "…" (an agreement or commitment without a title by its id); False: by id, an
        agreement with its kind (``loi-2016 (letter of intent)``).
    ax : matplotlib Axes, optional, keyword-only
        Where to draw; default a new figure (constrained layout).

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
    >>> from sistercity.plotting import timeline
    >>> ax = timeline(datasets.load("bogor-kisarazu"), at="2018-12-31")
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ['Letter of Intent — Agreement of Frien…', 'events', 'Student exchange (sister school) SMPN…']
    >>> ax = timeline(datasets.load("bogor-kisarazu"), labels=False)
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ['loi-2016 (letter of intent)', 'events', 'student-exchange']
    """
    from sistercity.lifecycle import LIFECYCLE_COLUMNS, lifecycle

    tables = as_tables(data)
    by_title = flag("labels", labels)
    ax = target_axes(ax)
    lc = (frame_with("lifecycle_table", lifecycle_table, LIFECYCLE_COLUMNS)
          if lifecycle_table is not None else lifecycle(tables, at=at))
    at_day = parse_at(at)
    show_events = bool(events) and len(tables.events) > 0
    show_observations = bool(observations) and len(tables.observations) > 0
    extent = _extent(lc, tables, events=bool(events), observations=bool(observations), at_day=at_day)
    if extent is None:
        ax.text(0.5, 0.5, "no dated agreements, events or observations", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_yticks([])
        return ax
    left, right = extent
    rows = _draw_agreements(ax, lc, right, titles(tables.agreements, "agreement") if by_title else None)
    if show_events:
        _draw_events(ax, tables.events, len(rows))
        rows.append("events")
    if show_observations:
        rows += _draw_observations(ax, tables.observations, len(rows),
                                   titles(tables.commitments, "commitment") if by_title else None)
    if at_day is not None:
        ax.axvline(_num(at_day.start()), color="0.3", linestyle=":", linewidth=1)
        if at_day.end() > at_day.start():
            ax.axvspan(_num(at_day.start()), _num(at_day.end()), color="0.5", alpha=0.1)
    _axis(ax, rows, left, right)
    _legend(ax, tables, events=show_events, observations=show_observations)
    return ax


def _extent(lc: pd.DataFrame, tables: CaseTables, *, events: bool, observations: bool,
            at_day: PartialDate | None) -> tuple[_dt.date, _dt.date] | None:
    """The horizontal extent: every known day, padded, so open-ended bars can run to the edge."""
    columns = [lc[col] for col in ("start_first", "expiry_last", "renewal_window_start_first")]
    if events:
        columns += [tables.events["date_first"], tables.events["date_last"]]
    if observations:
        columns += [tables.observations["date_first"], tables.observations["date_last"]]
    days = [d for col in columns for d in map(_day, col) if d is not None]
    if at_day is not None:
        days += [at_day.start(), at_day.end()]
    if not days:
        return None
    lo, hi = min(days), max(days)
    pad = max((hi - lo).days // 20, 30)
    # dates at the edge of the supported range (years 1 and 9999) are padded only as far as it goes
    return (lo - _dt.timedelta(days=min(pad, (lo - _dt.date.min).days)),
            hi + _dt.timedelta(days=min(pad, (_dt.date.max - hi).days)))


def _span(ax: Axes, y: float, a: _dt.date, b: _dt.date, color: str, *, hatch: str | None = None,
          alpha: float = 0.85, height: float = 0.5, edgecolor: str | None = None, **kw: Any) -> None:
    """A bar on row ``y`` from day ``a`` to day ``b`` (at least a day wide)."""
    width = max(_num(b) - _num(a), 1.0)
    edge = edgecolor or (color if hatch else "none")
    ax.broken_barh([(_num(a), width)], (y - height / 2, height), facecolors=color, alpha=alpha,
                   hatch=hatch, edgecolor=edge, **kw)


def _draw_agreements(ax: Axes, lc: pd.DataFrame, right: _dt.date, names: dict[str, str] | None) -> list[str]:
    """One row per agreement: its term, renewal window and the spans of partial dates; the row labels
    (``names[id]`` cut short, or without ``names`` the id and kind).
    """
    labels: list[str] = []
    for y, rec in enumerate(lc.to_dict("records")):
        if names is not None:
            labels.append(shorten(names.get(str(rec["agreement"]), rec["agreement"])))
        else:
            kind = "" if is_missing(rec["kind"]) else f" ({str(rec['kind']).replace('_', ' ')})"
            labels.append(f"{rec['agreement']}{kind}")
        s0, s1 = _day(rec["start_first"]), _day(rec["start_last"])
        e0, e1 = _day(rec["expiry_first"]), _day(rec["expiry_last"])
        w0, w1 = _day(rec["renewal_window_start_first"]), _day(rec["renewal_window_start_last"])
        if s0 is None or s1 is None:
            continue
        if s1 > s0:  # start known only to the month or year
            _span(ax, y, s0, s1, _TERM_COLOR, hatch="///", alpha=0.3)
        if e0 is None or e1 is None:  # no fixed end: an open bar to the right edge
            _span(ax, y, s1, right, _TERM_COLOR, alpha=0.35, edgecolor=_TERM_COLOR, linestyle="--",
                  linewidth=1.0)
            continue
        solid_to = w0 if w0 is not None else e0
        if solid_to > s1:
            _span(ax, y, s1, solid_to, _TERM_COLOR)
        if w0 is not None and w1 is not None:
            if w1 > w0:
                _span(ax, y, w0, w1, _WINDOW_COLOR, hatch="///", alpha=0.3)
            if e0 > w1:
                _span(ax, y, w1, e0, _WINDOW_COLOR)
        if e1 > e0:  # expiry known only to the month or year (not over the window's own hatch)
            from_day = max(e0, w1) if w1 is not None else e0
            _span(ax, y, from_day, e1, _WINDOW_COLOR if w0 is not None else _TERM_COLOR, hatch="///", alpha=0.3)
    return labels


def _draw_events(ax: Axes, events: pd.DataFrame, y: int) -> None:
    """The events on row ``y``: a mark by kind, a line over the span of a partial date."""
    for rec in events.to_dict("records"):
        d0, d1 = _day(rec["date_first"]), _day(rec["date_last"])
        if d0 is None or d1 is None:
            continue
        kind = "other" if is_missing(rec["kind"]) else str(rec["kind"])
        if d1 > d0:
            ax.plot([_num(d0), _num(d1)], [y, y], color="0.4", linewidth=2, alpha=0.5, solid_capstyle="butt")
        ax.plot([_num(d0 + (d1 - d0) / 2)], [y], marker=_EVENT_MARKERS.get(kind, "o"), color="0.2",
                markersize=8, linestyle="none")


def _draw_observations(ax: Axes, obs: pd.DataFrame, y: int, names: dict[str, str] | None) -> list[str]:
    """One row per observed commitment from row ``y``, each observation coloured by level; the labels
    (``names[id]`` cut short, or the id).
    """
    labels: list[str] = []
    for commitment, group in obs.groupby("commitment", sort=False):
        row = y + len(labels)
        labels.append(str(commitment) if names is None else shorten(names.get(str(commitment), commitment)))
        for rec in group.to_dict("records"):
            d0, d1 = _day(rec["date_first"]), _day(rec["date_last"])
            if d0 is None or d1 is None:
                continue
            color = LEVEL_COLORS.get(int(rec["level"]), "0.5")
            if d1 > d0:
                ax.plot([_num(d0), _num(d1)], [row, row], color=color, linewidth=4, alpha=0.35,
                        solid_capstyle="butt")
            ax.plot([_num(d1)], [row], marker="o", color=color, markersize=7, markeredgecolor="0.2",
                    linestyle="none")
    return labels


def _axis(ax: Axes, labels: list[str], left: _dt.date, right: _dt.date) -> None:
    """Row labels top to bottom, the date axis from ``left`` to ``right``."""
    import matplotlib.dates

    mdates: Any = matplotlib.dates  # partly untyped
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([literal(t) for t in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(_num(left), _num(right))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)


def _legend(ax: Axes, tables: CaseTables, *, events: bool, observations: bool) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(color=_TERM_COLOR, label="in force"),
                          Patch(color=_WINDOW_COLOR, label="renewal window"),
                          Patch(facecolor="white", edgecolor="0.4", hatch="///", label="date known to month/year")]
    if events:
        kinds = [k for k in dict.fromkeys(tables.events["kind"].astype(str)) if k != "nan"]
        handles += [Line2D([], [], marker=_EVENT_MARKERS.get(k, "o"), color="0.2", linestyle="none",
                           label=k.replace("_", " ")) for k in kinds]
    if observations:
        levels = sorted({int(v) for v in tables.observations["level"].dropna()})
        handles += [Line2D([], [], marker="o", color=LEVEL_COLORS[lv], markeredgecolor="0.2", linestyle="none",
                           label=f"level {LEVEL_NAMES[lv]}") for lv in levels]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
