"""Necessity analysis and the XY plot of a set relation (private)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import choice, flag
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.qca._data import QCAData, check_name, frame_of, memberships, parse_outcome
from sistercity.qca._fit import necessity_fit, sufficiency

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FloatArray = npt.NDArray[np.float64]

NECESSITY_COLUMNS: tuple[str, ...] = ("condition", "consistency", "coverage", "relevance")
"""The columns of :func:`necessity`."""


def _term(frame: pd.DataFrame, expression: object, what: str) -> FloatArray:
    """Membership in a product of (possibly negated) columns: ``"DEV*~URB"``."""
    if not isinstance(expression, str) or not expression:
        raise ArgumentTypeError(f"{what} must be a column name, '~NAME', or a product such as 'DEV*~URB'; "
                                f"got {expression!r}")
    out = np.ones(len(frame), dtype=np.float64)
    for literal in expression.split("*"):
        negated = literal.startswith("~")
        name = check_name(literal[1:] if negated else literal, what)
        if name not in frame.columns:
            raise ArgumentError(f"no column {name!r} in data (in {what} {expression!r})")
        x = memberships(frame, [name])[:, 0]
        out = np.minimum(out, 1.0 - x if negated else x)
    return out


def necessity(
    data: object,
    *,
    outcome: str | None = None,
    conditions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Which conditions are necessary for the outcome: consistency, coverage, relevance.

    Definitions (Ragin 2006; Schneider & Wagemann 2012, sections 3.2, 9.2), with
    :math:`x_i` the membership of case :math:`i` in the condition and :math:`y_i` in the
    outcome:

    - ``consistency`` :math:`\\sum \\min(x_i, y_i) / \\sum y_i` — how far the outcome is a
      subset of the condition (1: every case with the outcome has the condition);
    - ``coverage`` :math:`\\sum \\min(x_i, y_i) / \\sum x_i` — how far the condition is not
      much larger than the outcome (trivialness);
    - ``relevance`` (RoN) :math:`\\sum (1 - x_i) / \\sum (1 - \\min(x_i, y_i))` — low when
      the condition is present almost everywhere, i.e. a trivial necessary condition.

    Scale: all in [0, 1]; ``NaN`` where a denominator is 0 (no case with the outcome,
    or a condition absent everywhere). A condition is usually called necessary from a
    consistency of 0.9 (Schneider & Wagemann 2012, 143); that judgement is left to the
    user. These are R's QCA ``pof(relation = "necessity")`` figures (inclN, covN, RoN).

    Parameters
    ----------
    data : pandas.DataFrame or QCAData
        Membership scores, one row per case.
    outcome : str
        The outcome's column, or ``"~NAME"`` for its negation (taken from a ``QCAData``
        when not given).
    conditions : list of str, optional
        Columns, each possibly negated (``"~URB"``) or a product (``"DEV*STB"``). Default:
        every other column (a ``QCAData``: its conditions).

    Returns
    -------
    pandas.DataFrame
        One row per condition, in the order given; columns ``condition`` (str),
        ``consistency``, ``coverage``, ``relevance`` (float).

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a DataFrame or ``QCAData``.
    sistercity.ArgumentError
        For an unknown column.
    sistercity.CaseValidationError
        For scores missing or outside [0, 1].

    References
    ----------
    Ragin, C. C. (2006). Set relations in social research. *Political Analysis* 14(3).
    Schneider, C. Q. & Wagemann, C. (2012). *Set-Theoretic Methods for the Social
    Sciences*, ch. 9. Cambridge University Press.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity.qca import necessity
    >>> data = pd.DataFrame({"A": [1, 1, 1, 0], "B": [1, 0, 0, 0], "Y": [1, 1, 0, 0]})
    >>> necessity(data, outcome="Y", conditions=["A", "B", "~B"])
      condition  consistency  coverage  relevance
    0         A          1.0  0.666667   0.500000
    1         B          0.5  1.000000   1.000000
    2        ~B          0.5  0.333333   0.333333
    """
    if isinstance(conditions, str) or (conditions is not None and not isinstance(conditions, Sequence)):
        raise ArgumentTypeError(f"conditions must be a list of column names; got {conditions!r}")
    frame = frame_of(data)
    if isinstance(data, QCAData):
        outcome = data.outcome if outcome is None else outcome
        conditions = list(data.conditions) if conditions is None else conditions
    if outcome is None:
        raise ArgumentError("outcome is required: the column of the outcome's membership scores")
    name, negated = parse_outcome(outcome)
    y = _term(frame, name, "outcome")
    if negated:
        y = 1.0 - y
    rows = []
    for c in conditions if conditions is not None else [str(c) for c in frame.columns if c != name]:
        incl, cov, ron = necessity_fit(_term(frame, c, "each condition"), y)
        rows.append({"condition": c, "consistency": incl, "coverage": cov, "relevance": ron})
    return pd.DataFrame(rows, columns=list(NECESSITY_COLUMNS))


def xy_plot(
    data: object,
    x: str,
    y: str,
    *,
    ax: Axes | None = None,
    relation: Literal["sufficiency", "necessity"] = "sufficiency",
    labels: bool = False,
) -> Axes:
    """Scatter of membership in a condition (x) against the outcome (y), with the diagonal.

    Cases above the diagonal (:math:`x \\le y`) agree with sufficiency of X for Y,
    cases below it with necessity (Ragin 2008, ch. 3; Schneider & Wagemann 2012, 3.2).
    The title gives the relation's consistency and coverage (:func:`necessity` for the
    necessity figures; the sufficiency ones are those of :func:`minimize`'s terms).

    Parameters
    ----------
    data : pandas.DataFrame or QCAData
        Membership scores, one row per case.
    x : str
        A column, ``"~NAME"``, or a product of them (``"DEV*~URB"``).
    y : str
        The outcome's column, or ``"~NAME"``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when ``None``.
    relation : {"sufficiency", "necessity"}, default "sufficiency"
        Which relation's consistency and coverage the title shows.
    labels : bool, default False
        Write each case's label next to its point.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``ax`` is not a matplotlib Axes or ``data`` is not a DataFrame or ``QCAData``.
    sistercity.ArgumentError
        For an unknown column or ``relation``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity.qca import xy_plot
    >>> data = pd.DataFrame({"A": [0.9, 0.2, 0.7], "Y": [1.0, 0.3, 0.6]}, index=["p", "q", "r"])
    >>> ax = xy_plot(data, "A", "Y")
    >>> ax.get_title()
    'A → Y (sufficiency): consistency 0.944, coverage 0.895'
    """
    rel = choice("relation", relation, ("sufficiency", "necessity"))
    show = flag("labels", labels)
    frame = frame_of(data)
    xs = _term(frame, x, "x")
    ys = _term(frame, y, "y")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes as _Axes

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    elif not isinstance(ax, _Axes):
        raise ArgumentTypeError(f"ax must be a matplotlib Axes; got {type(ax).__name__}")
    if rel == "sufficiency":
        incl, _, cov = sufficiency(xs, ys)
    else:
        incl, cov, _ = necessity_fit(xs, ys)
    ax.plot([0, 1], [0, 1], color="0.5", linewidth=1, zorder=1)
    ax.scatter(xs, ys, zorder=2, color="C0")
    if show:
        for label, a, b in zip(frame.index, xs, ys, strict=True):
            ax.annotate(str(label), (a, b), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), xlabel=x, ylabel=y, aspect="equal")
    arrow = "→" if rel == "sufficiency" else "←"
    ax.set_title(f"{x} {arrow} {y} ({rel}): consistency {incl:.3f}, coverage {cov:.3f}")
    return ax
