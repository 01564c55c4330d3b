"""Figures of a cross-case comparison: implementation over agreement age, and the sector × case matrix (private)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sistercity._args import axes
from sistercity._typing import AtLike
from sistercity.cases import MATRIX_STATES, CaseSet
from sistercity.exceptions import ArgumentTypeError
from sistercity.plotting._common import LEVEL_COLORS, frame_with, literal, target_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MATRIX_STYLES", "plot_age_trajectory", "plot_coverage_matrix"]

MATRIX_STYLES: dict[str, tuple[str, str, str | None]] = {
    "implemented": ("implemented", LEVEL_COLORS[3], None),
    "below_threshold": ("below threshold", LEVEL_COLORS[1], None),
    "no_data": ("no data", "#d9d9d9", "..."),
    "gap": ("gap (agreed, no commitment)", "white", "///"),
    "not_agreed": ("not agreed", "white", None),
}
"""Legend text, colour and hatch of each state of :meth:`sistercity.cases.CaseSet.sector_matrix`."""

_DEFAULT_AGES = tuple(range(0, 11))


def _wrap(text: object, width: int) -> str:
    return "\n".join(textwrap.wrap(literal(text), width, break_long_words=True)) or literal(text)


def _names(frame: pd.DataFrame) -> dict[str, str]:
    """Each case's name in the figure: its title where the table has one, else its label."""
    names: dict[str, str] = {}
    titles = frame["title"] if "title" in frame.columns else frame["case"]
    for case, title in zip(frame["case"].astype(str), titles, strict=True):
        names.setdefault(case, str(title) if isinstance(title, str) and title else case)
    return names


def _case_order(frame: pd.DataFrame) -> list[str]:
    col = frame["case"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.astype(str))
        return [str(c) for c in col.cat.categories if c in present]
    return list(dict.fromkeys(col.astype(str)))


def plot_age_trajectory(
    data: CaseSet | pd.DataFrame,
    *,
    ages: Iterable[float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Implementation over agreement age, one line per case, with the observed share beside it.

    Draws each case's ``rate`` (solid line and dots) and ``observed_share`` (dotted,
    same colour; both on the 0-1 scale) against ``age_years``, the years after its
    agreement was signed (:meth:`sistercity.cases.CaseSet.compare` with ``age=``). A
    point without data is not drawn, so a period with no observed commitment is a gap
    in the solid line, never a 0; a case with no data at any age (no signing date)
    is named in the legend as "no data" and has no line.

    Parameters
    ----------
    data : CaseSet or DataFrame
        A case set (compared at ``ages``) or the table ``CaseSet.compare(age=...)``
        returned.
    ages : iterable of float, optional
        Ages in years (whole months) for a case set; default 0, 1, ..., 10.
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure with constrained layout).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    sistercity.ArgumentTypeError
        For ``data`` that is neither, or a bad ``ax``.
    sistercity.ArgumentError
        For a table lacking the columns, or bad ``ages``.

    Examples
    --------
    >>> from sistercity.cases import CaseSet
    >>> from sistercity.plotting import plot_age_trajectory
    >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon"])
    >>> ax = plot_age_trajectory(cs, ages=[0, 1, 2, 3])
    >>> [t.get_text() for t in ax.get_legend().get_texts()][-2]
    'Bandung–Suwon sister-city cooperation (since\\n2010) (no data)'
    """
    axes(ax, current=False)
    if isinstance(data, CaseSet):
        frame = data.compare(age=list(_DEFAULT_AGES if ages is None else ages))
    elif isinstance(data, pd.DataFrame):
        frame = frame_with("data", data, ("case", "age_years", "rate", "observed_share"))
    else:
        raise ArgumentTypeError(f"data must be a CaseSet or the table CaseSet.compare returns; got "
                                f"{type(data).__name__}")
    ax = target_axes(ax)
    from matplotlib.lines import Line2D

    names = _names(frame)
    order = _case_order(frame)
    colors = [f"C{i % 10}" for i in range(len(order))]
    handles: list[Line2D] = []
    for case, color in zip(order, colors, strict=True):
        rows = frame[frame["case"].astype(str) == case].sort_values("age_years")
        x = rows["age_years"].to_numpy(dtype=float)
        rate = pd.to_numeric(rows["rate"], errors="coerce").to_numpy(dtype=float)
        share = pd.to_numeric(rows["observed_share"], errors="coerce").to_numpy(dtype=float)
        label = _wrap(names[case], 45)
        if np.isnan(rate).all() and np.isnan(share).all():
            handles.append(Line2D([], [], color=color, linestyle="none", marker="x", label=f"{label} (no data)"))
            continue
        (line,) = ax.plot(x, rate, "-o", color=color, markersize=4, label=label)
        ax.plot(x, share, ":", color=color, linewidth=1.2)
        handles.append(line)
    handles.append(Line2D([], [], color="0.3", linestyle=":", label="observed share (dotted)"))
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("years after signing")
    ax.set_ylabel("implementation rate (solid), observed share (dotted)")
    ax.set_title("Implementation by agreement age")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return ax


def plot_coverage_matrix(
    data: CaseSet | pd.DataFrame,
    *,
    at: AtLike = None,
    age: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Sector × case coverage: implemented, below threshold, no data, gap or not agreed in each cell.

    One row per sector (named by its vocabulary label), one column per case (named by
    its title), each cell coloured by the state
    :meth:`sistercity.cases.CaseSet.sector_matrix` gives it (green implemented,
    orange below threshold, dotted grey no data, hatched gap, blank not agreed),
    with ``observed/commitments`` written in cells that have commitments (``?``
    observed where the day is unknown).

    Parameters
    ----------
    data : CaseSet or DataFrame
        A case set (read at ``at`` or ``age``) or the table ``sector_matrix`` returned.
    at, age : optional
        The point a case set is read at (see ``CaseSet.sector_matrix``).
    ax : matplotlib Axes, optional
        Where to draw (default: a new figure with constrained layout).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    sistercity.ArgumentTypeError
        For ``data`` that is neither, or a bad ``ax``.
    sistercity.ArgumentError
        For a table lacking the columns, or a bad point.

    Examples
    --------
    >>> from sistercity.cases import CaseSet
    >>> from sistercity.plotting import plot_coverage_matrix
    >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon", "baubau-seoul"])
    >>> ax = plot_coverage_matrix(cs, at="2018")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Education', 'Culture', 'Tourism', 'Agriculture', 'Health']
    """
    axes(ax, current=False)
    if isinstance(data, CaseSet):
        frame = data.sector_matrix(at=at, age=age)
    elif isinstance(data, pd.DataFrame):
        frame = frame_with("data", data, ("case", "sector", "state", "n_commitments", "n_observed"))
    else:
        raise ArgumentTypeError(f"data must be a CaseSet or the table CaseSet.sector_matrix returns; got "
                                f"{type(data).__name__}")
    ax = target_axes(ax)
    from matplotlib.patches import Patch, Rectangle

    cases = _case_order(frame)
    names = _names(frame)
    sectors = list(dict.fromkeys(frame["sector"].astype(str)))
    labels = dict(zip(frame["sector"].astype(str), frame["label"] if "label" in frame.columns
                      else frame["sector"].astype(str), strict=True))
    col = {c: i for i, c in enumerate(cases)}
    row = {s: i for i, s in enumerate(sectors)}
    write = len(cases) * len(sectors) <= 200
    shown: set[str] = set()
    for case, sector, state, n_com, n_obs in zip(frame["case"].astype(str), frame["sector"].astype(str),
                                                 frame["state"].astype(str), frame["n_commitments"],
                                                 frame["n_observed"], strict=True):
        _, color, hatch = MATRIX_STYLES.get(state, MATRIX_STYLES["no_data"])
        x, y = col[case], row[sector]
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=color, hatch=hatch, edgecolor="0.6",
                               linewidth=0.6))
        shown.add(state)
        if write and int(n_com) > 0:
            observed = "?" if pd.isna(n_obs) else str(int(n_obs))
            ax.text(x, y, f"{observed}/{int(n_com)}", ha="center", va="center", fontsize="x-small",
                    color="0.1", bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7,
                                       "linewidth": 0})
    ax.set_xlim(-0.5, max(len(cases), 1) - 0.5)
    ax.set_ylim(max(len(sectors), 1) - 0.5, -0.5)
    if len(cases) <= 2:  # room to write titles level, wrapped
        ax.set_xticks(range(len(cases)), [_wrap(names[c], 40 if len(cases) == 1 else 24) for c in cases],
                      fontsize="small")
    else:  # slanted, each title on at most two lines
        ticks = [_wrap(names[c], 28).split("\n") for c in cases]
        ax.set_xticks(range(len(cases)), ["\n".join(t[:2]) + ("…" if len(t) > 2 else "") for t in ticks],
                      fontsize="small", rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(sectors)), [_wrap(labels[s], 30) for s in sectors])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("Sector coverage by case" + (f" at {age:g} years after signing" if isinstance(age, int | float)
                                               and not isinstance(age, bool) else f" at {at}" if at else ""))
    handles = [Patch(facecolor=MATRIX_STYLES[s][1], hatch=MATRIX_STYLES[s][2], edgecolor="0.6",
                     label=MATRIX_STYLES[s][0]) for s in MATRIX_STATES if s in shown]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return ax
