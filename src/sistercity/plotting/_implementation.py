"""Plots of implementation and obstacles: coverage by sector, trajectories, status heatmap, obstacles.

Imported by :mod:`sistercity.plotting`; matplotlib is imported inside each function.
Each function takes the DataFrame an analysis returned (:func:`sector_coverage`,
:func:`trajectory`, :func:`obstacle_counts`) or a ``Case``/``CaseTables``, in which case
it calls that analysis once with the options given; options for computing are refused
together with an already computed DataFrame (compute it with those options instead).

Bad arguments follow the library's contract: a value of the wrong type (a list as
``ax``, a number as the data) raises :class:`~sistercity.ArgumentTypeError`, a bad value
(an unknown ``value`` or ``kind``, a DataFrame that is not the analysis's result)
:class:`~sistercity.ArgumentError`; options passed on to an analysis are checked by it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sistercity._args import axes, choice, flag
from sistercity._kernel import ThresholdLike, obstacle_kind
from sistercity._typing import AtLike, CaseData
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.implementation import COLUMNS as IMPLEMENTATION_COLUMNS
from sistercity.implementation import sector_coverage, trajectory
from sistercity.model import Case
from sistercity.obstacles import COLUMNS as OBSTACLE_COLUMNS
from sistercity.obstacles import Kind, obstacle_counts
from sistercity.plotting._common import (
    LEVEL_COLORS,
    LEVEL_NAMES,
    distinct,
    literal,
    shorten,
    target_axes,
    titles,
)
from sistercity.tables import CaseTables, as_tables
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_obstacles", "plot_sector_coverage", "plot_status_heatmap", "plot_trajectory"]

_NO_DATA_COLOR = "#f0f0f0"
_COVERAGE_STYLE: dict[str, tuple[str, str, str | None]] = {
    "implemented": ("implemented", LEVEL_COLORS[3], None),
    "below_threshold": ("below threshold", LEVEL_COLORS[1], None),
    "no_data": ("no data", _NO_DATA_COLOR, "..."),
    "gap": ("gap (no commitment)", "white", "///"),
}
"""Legend text, colour and hatch of each ``coverage`` value of :func:`sector_coverage`."""


def _result(data: object, name: str, columns: tuple[str, ...], compute: Any, options: dict[str, Any]
            ) -> pd.DataFrame:
    """The analysis result: ``data`` itself when it is one, else ``compute(data, **options)`` once."""
    given = {k: v for k, v in options.items() if v is not None}
    if isinstance(data, pd.DataFrame):
        missing = [c for c in columns if c not in data.columns]
        if missing:
            raise ArgumentError(f"data must be the DataFrame returned by {name}(); it lacks the column(s) "
                                f"{', '.join(missing)}")
        if given:
            raise ArgumentError(f"{', '.join(sorted(given))} apply only when computing {name}() from a case; "
                                f"call {name}() with them and pass its result")
        return data
    if isinstance(data, Case | CaseTables):
        return pd.DataFrame(compute(data, **given))
    raise ArgumentTypeError(f"data must be a Case, CaseTables or the DataFrame returned by {name}(); "
                            f"got {type(data).__name__}")


def _namer(data: object, vocabulary: str, labels: bool) -> Any:
    """A function from a term id to what the figure shows: its vocabulary label (one line, cut with "…"),
    or the id itself.
    """
    if not labels:
        return str
    if isinstance(data, Case):
        vocab = data.sector_vocabulary if vocabulary == "sector" else data.category_vocabulary
    elif isinstance(data, CaseTables):
        vocab = data.sectors if vocabulary == "sector" else data.categories
    else:
        vocab = SECTORS if vocabulary == "sector" else OBSTACLE_CATEGORIES

    def name(term: object) -> str:
        key = str(term)
        return shorten(vocab[key].label) if key in vocab else key

    return name


def _group_names(data: object, by: str | None, labels: bool, groups: list[str]) -> dict[str, str]:
    """Each group of a trajectory mapped to what the figure shows.

    Titles of agreements and commitments and labels of sectors, as the tables show them, on
    one line and cut with "…" (groups the cut leaves alike end in their ids), when ``data`` is a
    case; the group itself (its id) for ``labels=False`` or a computed DataFrame, which does not
    say which case or grouping its groups come from.
    """
    grouping = by or "agreement"
    if not labels or not isinstance(data, Case | CaseTables) or grouping not in ("agreement", "sector",
                                                                                  "commitment"):
        return {g: g for g in groups}  # by="case": the one group "all"
    if grouping == "sector":
        label = _namer(data, "sector", True)
        return distinct({g: label(g) for g in groups})
    tables = as_tables(data)
    shown = titles(tables.agreements if grouping == "agreement" else tables.commitments, grouping)
    return distinct({g: shown.get(g, g) for g in groups})


def _nothing(ax: Axes, title: str) -> Axes:
    """An empty result: say so on the Axes rather than draw an empty image."""
    ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
    ax.set_title(title)
    return ax


def plot_sector_coverage(
    data: pd.DataFrame | CaseData,
    *,
    ax: Axes | None = None,
    at: AtLike = None,
    threshold: ThresholdLike | None = None,
    labels: bool = True,
) -> Axes:
    """Agreed versus implemented sectors: per sector, how many agreements name it and implement it.

    Draws, for every sector that some agreement names, one horizontal bar of the
    agreements that name it, split by the ``coverage`` of
    :func:`sistercity.implementation.sector_coverage`: implemented (best level at or
    above the threshold, green), below threshold (observed, all below it, orange), no
    data (commitments but no observation, dotted) and gap (no commitment at all,
    hatched), with a legend of those shown. The title gives the headline, ``k of n``
    agreed (agreement, sector) pairs implemented.

    Parameters
    ----------
    data : DataFrame, Case or CaseTables
        The result of :func:`~sistercity.implementation.sector_coverage`, or a case
        to compute it from.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure with constrained layout).
    at, threshold : optional
        Passed to ``sector_coverage`` when ``data`` is a case.
    labels : bool, default True
        Name sectors by their vocabulary label ("Water and sanitation"), as the tables
        do (the case's vocabulary when ``data`` is a Case or CaseTables), on one line and
        cut to 38 characters with "…"; False: by id.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.plotting import plot_sector_coverage
    >>> ax = plot_sector_coverage(datasets.load("bogor-kisarazu"), at="2018")
    >>> ax.get_title()
    'Agreed vs implemented sectors: 1 of 5 implemented'
    """
    from matplotlib.ticker import MaxNLocator

    axes(ax, current=False)  # before any work
    cov = _result(data, "sector_coverage", IMPLEMENTATION_COLUMNS["sector_coverage"], sector_coverage,
                  {"at": at, "threshold": threshold})
    ax = target_axes(ax)
    agreed = cov[cov["agreed"].astype(bool)]
    status = agreed["coverage"].astype(str)
    table = pd.crosstab(agreed["sector"].astype(str), status).reindex(
        index=list(dict.fromkeys(agreed["sector"].astype(str))), columns=list(_COVERAGE_STYLE), fill_value=0)
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for key, (text, color, hatch) in _COVERAGE_STYLE.items():
        width = table[key].to_numpy(dtype=float)
        if width.any():
            ax.barh(y, width, 0.6, left=left, color=color, hatch=hatch, edgecolor="0.35", linewidth=0.6,
                    label=text)
        left += width
    names = _namer(data, "sector", flag("labels", labels))
    ax.set_yticks(y, [literal(names(s)) for s in table.index])
    ax.invert_yaxis()
    ax.set_xlabel("agreements that name the sector")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(float(left.max()) if len(left) else 0.0, 1.0))
    n_impl, n_agreed = int(table["implemented"].sum()), int(table.to_numpy().sum())
    ax.set_title(f"Agreed vs implemented sectors: {n_impl} of {n_agreed} implemented")
    if len(table):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return ax


def plot_trajectory(
    data: pd.DataFrame | CaseData,
    *,
    ax: Axes | None = None,
    by: str | None = None,
    freq: str | None = None,
    labels: bool = True,
) -> Axes:
    """Implementation rate over time, one line per group.

    Draws the ``rate`` (0-1) of each group of a
    :func:`~sistercity.implementation.trajectory` result at its period (a year-end
    reading at its year, labelled ``2018``; month ends as ``2018-03``, quarter ends as
    ``2018-Q1``); a period in which no commitment of a group has data leaves a gap in
    its line. Several groups are drawn side by side within each period (at most a
    quarter of a period apart), so lines that meet do not hide each other's markers.
    For up to 6 groups the points are annotated ``k/n``: the ``n_observed``
    commitments a point rests on of the group's ``n_commitments``, so a change in what
    is observed is not read as a change in implementation. Labels never overlap one
    another or a marker at the figure's size: they are placed after the figure is laid
    out, where ``k/n`` changes first, stacked above a point (or below) when points meet,
    and left out where no room is left (monthly periods over years: the axis label
    then says so). A legend is drawn for up to 12 groups; at most 8 period ticks are
    labelled.

    Parameters
    ----------
    data : DataFrame, Case or CaseTables
        The result of ``trajectory``, or a case to compute it from.
    ax : matplotlib Axes, optional
    by, freq : str, optional
        Passed to ``trajectory`` when ``data`` is a case (default ``by="agreement"``,
        ``freq="YE"``).
    labels : bool, default True
        Name the lines in the legend as the tables do: agreements and commitments by
        their titles (one without a title by its id), sectors by their vocabulary labels
        (the case's vocabulary), on one line and cut to 38 characters with "…" (names
        the cut leaves alike end in their ids); False: by id. Applies when ``data`` is a
        Case or CaseTables; the groups of a computed DataFrame are drawn as they are
        (ids), since the DataFrame does not say which case or grouping they come from:
        pass the case, or map the ``group`` column to the names you want before plotting.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.plotting import plot_trajectory
    >>> ax = plot_trajectory(datasets.load("bogor-kisarazu"), by="sector")
    >>> len(ax.get_lines())
    4
    >>> [t.get_text() for t in ax.get_legend().get_texts()]  # sector labels, as the tables show
    ['Education', 'Tourism', 'Agriculture', 'Health']
    >>> x = ax.get_lines()[0].get_xdata()[-1]  # education's reading at the end of 2018
    >>> ax.xaxis.get_major_formatter()(round(x), 0), sorted(t.get_text() for t in ax.texts)
    ('2018', ['1/1', '1/1', '1/1', '1/1', '2/2'])
    """
    from matplotlib.colors import to_hex
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    by_title = flag("labels", labels)
    axes(ax, current=False)  # before any work
    traj = _result(data, "trajectory", IMPLEMENTATION_COLUMNS["trajectory"], trajectory, {"by": by, "freq": freq})
    ax = target_axes(ax)
    dates = list(pd.unique(traj["date"]))
    periods = _period_labels(dates)
    where = {d: i for i, d in enumerate(dates)}
    groups = pd.unique(traj["group"])
    names = _group_names(data, by, by_title, [str(g) for g in groups])
    annotate = len(groups) <= _ANNOTATED_GROUPS
    counts: list[_Count] = []
    # groups side by side within their period (a "dodge"), so that lines meeting at one
    # reading do not hide one another's markers; every reading stays within its period
    step = min(0.1, 0.5 / len(groups)) if len(groups) > 1 else 0.0
    for g, group in enumerate(groups):
        part = traj[traj["group"] == group]
        x = [where[d] + (g - (len(groups) - 1) / 2) * step for d in part["date"]]
        (line,) = ax.plot(x, part["rate"], marker="o", label=literal(names[str(group)]))
        before = None
        for xi, rate, k, n in zip(x, part["rate"], part["n_observed"], part["n_commitments"], strict=True):
            if pd.notna(rate):
                text = f"{int(k)}/{int(n)}"
                counts.append(_Count(text != before, xi, float(rate), text, to_hex(line.get_color())))
                before = text
    longest = max((len(s) for s in periods), default=4)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, min(_MAX_TICKS, 48 // (longest + 2))), integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda x, _pos: periods[round(x)] if abs(x - round(x)) < 1e-9 and 0 <= round(x) < len(periods) else ""))
    if dates:
        ax.set_xlim(-0.5, len(dates) - 0.5)
    ax.set_ylim(-0.03, 1.12)
    ax.set_ylabel("implementation rate (level / 3)")
    ax.set_xlabel("period" + (" (k/n: commitments observed / in the group)" if annotate and dates else ""))
    ax.set_title("Implementation over time")
    if 0 < len(groups) <= 12:
        ax.legend(fontsize="small")
    _thin_markers(ax, len(dates))
    if annotate and counts:
        shown = _place_counts(ax, counts)
        if shown < len(counts):
            ax.set_xlabel("period (k/n: commitments observed / in the group; thinned to fit)")
    return ax


@dataclass(frozen=True)
class _Count:
    """One ``k/n`` label of the trajectory plot: where, what, and whether ``k/n`` changed there."""

    change: bool
    x: float
    rate: float
    text: str
    color: str


_LABEL_PT = 7.0
"""Size of the ``k/n`` labels in points."""


def _place_counts(ax: Axes, counts: list[_Count]) -> int:
    """Annotate the points with their ``k/n`` where a label overlaps no other label, marker or line.

    The figure is laid out first (its layout engine), so the positions are final at the
    figure's size. Labels where ``k/n`` changes (and each line's first) are placed before
    the rest, each above its point or stacked higher, else below; a label with no free
    place is left out. Returns how many were drawn.
    """
    from matplotlib.textpath import TextPath

    fig = ax.get_figure(root=True)
    engine = fig.get_layout_engine() if fig is not None else None
    if fig is not None and engine is not None:
        engine.execute(fig)
    px = (fig.dpi if fig is not None else 100.0) / 72.0  # pixels per point
    frame = ax.get_window_extent()
    where = ax.transData.transform([(c.x, c.rate) for c in counts])
    marks = _line_points(ax, 2.0)  # every line, a point every 2 pixels (markers are on the lines)
    marker = 4.0 * px  # half a default marker (6 pt) and a margin
    boxes = np.empty((0, 4))  # labels placed so far (and the legend): x0, y0, x1, y1
    legend = ax.get_legend()
    if legend is not None:  # fix the legend where "best" put it, so labels can keep clear of it
        box = legend.get_window_extent()
        legend.set_loc(tuple(ax.transAxes.inverted().transform((box.x0, box.y0))))
        boxes = np.array([[box.x0, box.y0, box.x1, box.y1]])
    height = _LABEL_PT * 1.35 * px
    gap = 4.0 * px
    lifts = [gap + k * (height + px) for k in range(4)] + [-gap - height - k * (height + px) for k in range(3)]
    order = sorted(range(len(counts)), key=lambda i: (not counts[i].change, counts[i].x))
    shown = 0
    for i in order:
        c = counts[i]
        x, y = where[i]
        width = (TextPath((0, 0), c.text, size=_LABEL_PT).get_extents().width + 3.0) * px
        # a label kept inside the Axes: moved left or right at the edges
        shift = min(0.0, frame.x1 - (x + width / 2)) + max(0.0, frame.x0 - (x - width / 2))
        for lift in (lifts if c.change else lifts[:1]):  # a repeated k/n only right above its point
            x0, y0, x1, y1 = x + shift - width / 2, y + lift, x + shift + width / 2, y + lift + height
            if y0 < frame.y0 or y1 > frame.y1:
                continue
            near = ((marks[:, 0] > x0 - marker) & (marks[:, 0] < x1 + marker)
                    & (marks[:, 1] > y0 - marker) & (marks[:, 1] < y1 + marker))
            hits = (boxes[:, 0] < x1) & (boxes[:, 2] > x0) & (boxes[:, 1] < y1) & (boxes[:, 3] > y0)
            if near.any() or hits.any():
                continue
            boxes = np.vstack([boxes, [x0, y0, x1, y1]])
            ax.annotate(c.text, (c.x, c.rate), xytext=(shift / px, (lift + 0.15 * height) / px),
                        textcoords="offset points", ha="center", va="bottom", fontsize=_LABEL_PT,
                        color=c.color)
            shown += 1
            break
    return shown


def _thin_markers(ax: Axes, n_periods: int) -> None:
    """Keep markers only on readings with no neighbour where periods lie closer than a marker.

    Markers that close would merge into a band; an isolated reading still needs its marker,
    since a line alone would not show it.
    """
    if n_periods < 2:
        return
    width = ax.get_window_extent().width
    fig = ax.get_figure(root=True)
    px = (fig.dpi if fig is not None else 100.0) / 72.0
    if width / n_periods >= 8.0 * px:  # a 6-point marker and some room
        return
    for line in ax.get_lines():
        y = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(y)
        left = np.concatenate([[False], ok[:-1]])
        right = np.concatenate([ok[1:], [False]])
        line.set_markevery([int(i) for i in np.flatnonzero(ok & ~left & ~right)])


def _line_points(ax: Axes, spacing: float) -> np.ndarray:
    """Points along every line of ``ax`` in display pixels, at most ``spacing`` apart (gaps left out)."""
    parts = [np.empty((0, 2))]
    for line in ax.get_lines():
        xy = ax.transData.transform(np.column_stack([np.asarray(line.get_xdata(), float),
                                                     np.asarray(line.get_ydata(), float)]))
        ok = np.isfinite(xy).all(axis=1)
        parts.append(xy[ok])
        for a, b in itertools.pairwise(range(len(xy))):
            if ok[a] and ok[b]:
                n = int(np.hypot(*(xy[b] - xy[a])) // spacing)
                if n > 1:
                    s = np.linspace(0.0, 1.0, n + 1)[1:-1, None]
                    parts.append(xy[a] + s * (xy[b] - xy[a]))
    return np.vstack(parts)


_ANNOTATED_GROUPS = 6
"""Up to this many lines, each point is annotated with how many commitments it rests on."""

_MAX_TICKS = 8
"""At most this many period ticks on the trajectory's x axis (fewer for longer labels: 5 for
``2018-03``, 4 for ``2018-03-31``), so labels never run together."""


def _period_labels(dates: list[Any]) -> list[str]:
    """Each period end as its period: ``2018`` for a year end, ``2018-Q3`` for a quarter end,
    ``2018-03`` for a month end, else the day.
    """
    stamps = [pd.Timestamp(d) for d in dates]
    if all(t.month == 12 and t.day == 31 for t in stamps):
        return [str(t.year) for t in stamps]
    if all(t.is_month_end for t in stamps):
        if all(t.month % 3 == 0 for t in stamps) and len(stamps) > 1 and _months_apart(stamps) == 3:
            return [f"{t.year}-Q{t.quarter}" for t in stamps]
        return [t.strftime("%Y-%m") for t in stamps]
    return [t.strftime("%Y-%m-%d") for t in stamps]


def _months_apart(stamps: list[pd.Timestamp]) -> int:
    steps = {(b.year - a.year) * 12 + b.month - a.month for a, b in itertools.pairwise(stamps)}
    return steps.pop() if len(steps) == 1 else 0


def plot_status_heatmap(
    data: pd.DataFrame | CaseData,
    *,
    ax: Axes | None = None,
    freq: str | None = None,
    labels: bool = True,
) -> Axes:
    """Commitment × time heatmap of implementation levels (0-3), no data left pale.

    Each cell is a commitment's level at a period end (``mean_level`` of a
    :func:`~sistercity.implementation.trajectory` computed ``by="commitment"``),
    coloured from red (0, not initiated) to green (3, full). Columns are labelled by their
    period as in :func:`plot_trajectory` (``2018`` for a year-end reading, ``2018-03`` for a
    month end), and thinned so that labels do not run together (every k-th period). Row
    labels are drawn smaller where rows are low (down to 6 points at the figure's size), and
    where even that does not fit only every k-th row is labelled, so that none overlap.

    Parameters
    ----------
    data : DataFrame, Case or CaseTables
        The result of ``trajectory(..., by="commitment")``, or a case to compute it from.
    ax : matplotlib Axes, optional
    freq : str, optional
        Passed to ``trajectory`` when ``data`` is a case (default ``"YE"``).
    labels : bool, default True
        Name the rows by the commitments' titles, as the tables do (one without a title
        by its id), on one line and cut to 38 characters with "…" (titles the cut leaves
        alike end in their ids); False: by id. Applies when ``data`` is a Case or
        CaseTables; the rows of a computed DataFrame are its groups as they are (ids):
        pass the case, or map the ``group`` column to the names you want before plotting.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.plotting import plot_status_heatmap
    >>> ax = plot_status_heatmap(datasets.load("bogor-kisarazu"))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2017', '2018']
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]  # titles, cut to 38 characters
    ['Student exchange (sister school) SMPN…', 'Blueberry cultivation in Bogor (Kisar…']
    >>> ax = plot_status_heatmap(datasets.load("bogor-kisarazu"), labels=False)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['student-exchange', 'blueberry']
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap

    def by_commitment(d: Case | CaseTables, **kw: Any) -> pd.DataFrame:
        return trajectory(d, by="commitment", **kw)

    by_title = flag("labels", labels)
    axes(ax, current=False)  # before any work
    traj = _result(data, "trajectory", IMPLEMENTATION_COLUMNS["trajectory"], by_commitment, {"freq": freq})
    ax = target_axes(ax)
    title = "Implementation level by commitment (pale: no data)"
    if traj.empty:
        return _nothing(ax, title)
    rows = list(pd.unique(traj["group"]))
    cols = list(pd.unique(traj["date"]))
    grid = traj.pivot(index="group", columns="date", values="mean_level").reindex(index=rows, columns=cols)
    cmap = ListedColormap([LEVEL_COLORS[k] for k in range(4)]).with_extremes(bad=_NO_DATA_COLOR)
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], cmap.N)
    values = np.ma.masked_invalid(grid.to_numpy(dtype=float))
    image = ax.imshow(values, aspect="auto", cmap=cmap, norm=norm, interpolation="nearest")
    periods = _period_labels(cols)  # a year-end reading labelled with its year, as in plot_trajectory
    longest = max((len(s) for s in periods), default=4)
    every = max(1, -(-len(cols) // max(2, min(_MAX_TICKS, 48 // (longest + 2)))))
    ticks = list(range(0, len(cols), every))
    ax.set_xticks(ticks, [periods[i] for i in ticks])
    ax.set_title(title)
    bar = ax.figure.colorbar(image, ax=ax, ticks=[0, 1, 2, 3])
    bar.ax.set_yticklabels([LEVEL_NAMES[k] for k in range(4)])
    names = _group_names(data, "commitment", by_title, [str(r) for r in rows])
    _fit_rows(ax, [literal(names[str(r)]) for r in rows])
    return ax


_MIN_ROW_PT = 6.0
"""Row labels of the status heatmap are made smaller to fit their rows, down to this size in points."""


def _fit_rows(ax: Axes, rows: list[str]) -> None:
    """Label the heatmap's rows so that no two labels overlap at the figure's size.

    The figure is laid out first (its layout engine) to know the height of a row; the
    labels are drawn at the default size when a row is tall enough, else smaller (down to
    ``_MIN_ROW_PT``), else only every k-th row is labelled.
    """
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    ax.set_yticks(range(len(rows)), rows)
    fig = ax.get_figure(root=True)
    if fig is None or not rows:
        return
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    row_pt = ax.get_window_extent().height / len(rows) * 72.0 / fig.dpi
    default = FontProperties(size=mpl.rcParams["ytick.labelsize"]).get_size_in_points()
    size = min(default, row_pt / 1.25)  # a line of text is about 1.2 times its size high
    every = 1
    if size < _MIN_ROW_PT:
        size = _MIN_ROW_PT
        every = max(2, int(np.ceil(_MIN_ROW_PT * 1.25 / max(row_pt, 1e-9))))
    ticks = list(range(0, len(rows), every))
    ax.set_yticks(ticks, [rows[i] for i in ticks], fontsize=size)


def plot_obstacles(
    data: pd.DataFrame | CaseData,
    *,
    ax: Axes | None = None,
    at: AtLike = None,
    kind: Kind = None,
    value: str = "n_obstacles",
    labels: bool = True,
) -> Axes:
    """Obstacles by category × sector: a heatmap of counts, each cell annotated.

    Cells are the sum of ``value`` (``n_obstacles``, ``n_commitments`` or
    ``n_blocked``) of :func:`~sistercity.obstacles.obstacle_counts` over the kinds
    shown; an obstacle that affects no commitment is in the column "(none)". The colour
    bar is discrete: one colour per count from 0 to the largest, integer ticks.

    Parameters
    ----------
    data : DataFrame, Case or CaseTables
        The result of ``obstacle_counts``, or a case to compute it from.
    ax : matplotlib Axes, optional
    at : optional
        Passed to ``obstacle_counts`` when ``data`` is a case.
    kind : {None, "obstacle", "challenge"}
        Show only present barriers or only prospective risks (default: both);
        filters the rows of a given DataFrame too.
    value : {"n_obstacles", "n_commitments", "n_blocked"}, default "n_obstacles"
        What to count.
    labels : bool, default True
        Name categories and sectors by their vocabulary labels, as the tables do (the
        case's vocabulary when ``data`` is a Case or CaseTables), on one line and cut to
        38 characters with "…"; False: by id.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.plotting import plot_obstacles
    >>> ax = plot_obstacles(datasets.load("bogor-kisarazu"), at="2018", kind="obstacle")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Geographic or climatic', 'Capacity or supply', 'Unspecified']
    """
    from matplotlib import colormaps
    from matplotlib.colors import BoundaryNorm, ListedColormap

    value = choice("value", value, ("n_obstacles", "n_commitments", "n_blocked"))
    labels = flag("labels", labels)
    wanted = obstacle_kind(kind)
    axes(ax, current=False)  # before any work
    counts = _result(data, "obstacle_counts", OBSTACLE_COLUMNS["obstacle_counts"], obstacle_counts, {"at": at})
    if wanted is not None:
        counts = counts[counts["kind"].astype(str) == wanted]
    ax = target_axes(ax)
    sector = counts["sector"].astype(object).where(counts["sector"].notna(), "(none)")
    category = counts["category"].astype(str)
    grid = counts.assign(sector=sector, category=category).pivot_table(
        index="category", columns="sector", values=value, aggfunc="sum", sort=False, fill_value=0)
    label = {"n_obstacles": "obstacles", "n_commitments": "commitments affected", "n_blocked": "commitments blocked"}
    title = f"{label[value].capitalize()} by category and sector" + (f" ({wanted}s only)" if wanted else "")
    cells = grid.to_numpy(dtype=float)
    if not cells.size:
        return _nothing(ax, title)
    top = float(cells.max())
    # counts are whole numbers: one colour per count 0..top, a colour bar with integer ticks
    n_colors = int(top) + 1
    cmap = ListedColormap(colormaps["Reds"](np.linspace(0.0, 1.0, n_colors)))
    norm = BoundaryNorm(np.arange(-0.5, n_colors + 0.5), cmap.N)
    image = ax.imshow(cells, aspect="auto", cmap=cmap, norm=norm)
    categories, sectors = _namer(data, "category", labels), _namer(data, "sector", labels)
    ax.set_yticks(range(len(grid.index)), [literal(categories(c)) for c in grid.index])
    ax.set_xticks(range(len(grid.columns)), [literal(sectors(s)) for s in grid.columns], rotation=45, ha="right")
    for (i, j), n in np.ndenumerate(cells):  # one label per cell of the (small) category x sector grid
        if n:
            ax.text(j, i, str(int(n)), ha="center", va="center",
                    color="white" if n > 0.6 * max(top, 1.0) else "black")
    ax.set_title(title)
    bar = ax.figure.colorbar(image, ax=ax, label=label[value])
    bar.set_ticks(range(0, n_colors, max(1, -(-n_colors // 10))))
    bar.minorticks_off()
    return ax
