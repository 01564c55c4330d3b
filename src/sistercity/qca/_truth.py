"""Truth tables: configurations of conditions, their cases and their consistency (private)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import finite_float, positive_int
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.qca._data import labels, memberships, parse_outcome, resolve
from sistercity.qca._fit import sufficiency, term_membership

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

COMPLETE_UP_TO: Final = 12
"""With at most this many conditions the table lists every configuration, remainders
included; with more, only the observed ones (every other configuration is a remainder)."""

OUT_VALUES: tuple[str, ...] = ("1", "0", "C", "?")
"""Values of the ``out`` column: positive, negative, contradictory (consistency between the
two cut-offs), remainder."""

TOLERANCE: Final = 1.4901161193847656e-08
"""A consistency equal to a cut-off within this (the square root of the double epsilon, as
R's QCA compares) reaches it."""


@dataclass(frozen=True, eq=False)
class TruthTable:
    """A truth table: every configuration of the conditions, with its cases and fit.

    Build it with :func:`truth_table`; :func:`minimize` reads it.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per configuration, ordered by ``row`` (see :func:`truth_table`).
    outcome : str
        The outcome as given (``"SURV"``, or ``"~SURV"`` for its negation).
    conditions : tuple of str
        The conditions, in the order of the columns and of the notation.
    incl_cut : tuple of float
        The consistency cut-offs ``(for "1", for "C")``.
    n_cut : int
        Fewest cases for a configuration to count as observed.
    pri_cut : float or None
        Lowest PRI for a positive configuration (``None``: no PRI cut-off).
    fuzzy : bool
        Whether any score lies strictly between 0 and 1.
    memberships : pandas.DataFrame
        The scores used, one row per case: the conditions, then the outcome (negated
        when asked for, under its name as given).

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity.qca import truth_table
    >>> data = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]},
    ...                     index=["w", "x", "y", "z"])
    >>> tt = truth_table(data, outcome="Y", conditions=["A", "B"])
    >>> tt.table[["row", "A", "B", "out", "n_cases", "consistency", "cases"]]
       row  A  B out  n_cases  consistency cases
    0    1  0  0   0        1          0.0     z
    1    2  0  1   0        1          0.0     y
    2    3  1  0   1        1          1.0     x
    3    4  1  1   1        1          1.0     w
    """

    table: pd.DataFrame
    outcome: str
    conditions: tuple[str, ...]
    incl_cut: tuple[float, float]
    n_cut: int
    pri_cut: float | None
    fuzzy: bool
    memberships: pd.DataFrame = field(repr=False)
    _x: FloatArray = field(repr=False)
    _y: FloatArray = field(repr=False)
    _labels: tuple[str, ...] = field(repr=False)

    def rows(self, out: str) -> IntArray:
        """Codes (``row - 1``) of the configurations whose ``out`` is ``out``."""
        sel = (self.table["out"].astype(str) == out).to_numpy()
        return np.asarray(self.table["row"].to_numpy()[sel] - 1, dtype=np.int64)

    def __str__(self) -> str:
        observed = self.table[self.table["n_cases"] > 0]
        return observed.to_string(index=False)


def _cuts(incl_cut: object) -> tuple[float, float]:
    if isinstance(incl_cut, tuple | list):
        if len(incl_cut) != 2:
            raise ArgumentError(f"incl_cut must be a number or a pair (for '1', for 'C'); got {incl_cut!r}")
        ic1 = finite_float("incl_cut", incl_cut[0], minimum=0.0)
        ic0 = finite_float("incl_cut", incl_cut[1], minimum=0.0)
    else:
        ic1 = finite_float("incl_cut", incl_cut, minimum=0.0)
        ic0 = 1.0
    if ic1 > 1 or ic0 > 1:
        raise ArgumentError(f"incl_cut must lie in [0, 1]; got {incl_cut!r}")
    if isinstance(incl_cut, tuple | list) and ic0 > ic1:
        raise ArgumentError(f"the cut-off for 'C' must not exceed the one for '1'; got {incl_cut!r}")
    return ic1, ic0


def _row_codes(x: FloatArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Each case's configuration (membership above 0.5) and whether it has one (no score of 0.5)."""
    k = x.shape[1]
    weights = np.array([1 << (k - 1 - j) for j in range(k)], dtype=np.int64)
    codes = (x > 0.5).astype(np.int64) @ weights
    return codes, ~np.any(x == 0.5, axis=1)


@dataclass(frozen=True)
class _Rows:
    codes: IntArray
    n: IntArray
    incl: FloatArray
    pri: FloatArray
    cov: FloatArray
    contradictory: npt.NDArray[np.bool_]
    cases: list[str]


def _observed(x: FloatArray, y: FloatArray, codes: IntArray, assigned: npt.NDArray[np.bool_],
              names: Sequence[str]) -> _Rows:
    k = x.shape[1]
    full = (1 << k) - 1
    uniq = np.unique(codes[assigned])
    stats = np.empty((len(uniq), 3))
    n = np.empty(len(uniq), dtype=np.int64)
    contra = np.empty(len(uniq), dtype=bool)
    cases: list[str] = []
    for r, code in enumerate(uniq):
        inside = assigned & (codes == code)
        stats[r] = sufficiency(term_membership(x, full, int(code)), y)
        n[r] = int(inside.sum())
        contra[r] = bool((y[inside] > 0.5).any() and (y[inside] < 0.5).any())
        cases.append(",".join(names[int(i)] for i in np.flatnonzero(inside)))
    return _Rows(uniq.astype(np.int64), n, stats[:, 0], stats[:, 1], stats[:, 2], contra, cases)


def _out(n: IntArray, incl: FloatArray, pri: FloatArray, cuts: tuple[float, float], n_cut: int,
         pri_cut: float | None) -> list[str]:
    ic1, ic0 = cuts
    out = []
    for i in range(len(n)):
        if n[i] < n_cut or n[i] == 0:
            out.append("?")
        elif incl[i] >= ic1 - TOLERANCE and (pri_cut is None or pri[i] >= pri_cut - TOLERANCE):
            out.append("1")
        elif ic1 - TOLERANCE > incl[i] >= ic0 - TOLERANCE:
            out.append("C")
        else:
            out.append("0")
    return out


def _table(x: FloatArray, y: FloatArray, conds: tuple[str, ...], names: list[str], cuts: tuple[float, float],
           n_cut: int, pri_cut: float | None) -> pd.DataFrame:
    k = len(conds)
    codes, assigned = _row_codes(x)
    obs = _observed(x, y, codes, assigned, names)
    rows = np.arange(1 << k, dtype=np.int64) if k <= COMPLETE_UP_TO else obs.codes
    at = np.minimum(np.searchsorted(obs.codes, rows), max(len(obs.codes) - 1, 0))
    seen = (obs.codes[at] == rows) if len(obs.codes) else np.zeros(len(rows), dtype=bool)
    n = np.where(seen, obs.n[at] if len(obs.codes) else 0, 0)

    def pick(values: FloatArray) -> FloatArray:
        return np.where(seen, values[at], np.nan) if len(obs.codes) else np.full(len(rows), np.nan)

    incl, pri = pick(obs.incl), pick(obs.pri)
    weights = 1 << (k - 1 - np.arange(k, dtype=np.int64))
    return pd.DataFrame({
        "row": rows + 1,
        **{c: ((rows & weights[j]) != 0).astype(np.int64) for j, c in enumerate(conds)},
        "out": pd.Categorical(_out(n, incl, pri, cuts, n_cut, pri_cut), categories=list(OUT_VALUES)),
        "n_cases": n.astype(np.int64),
        "consistency": incl,
        "pri": pri,
        "coverage": pick(obs.cov),
        "contradictory": seen & (obs.contradictory[at] if len(obs.codes) else False),
        "cases": pd.Series([obs.cases[int(a)] if s_ else "" for a, s_ in zip(at, seen, strict=True)],
                           dtype="str"),
    })


def truth_table(
    data: object,
    *,
    outcome: str | None = None,
    conditions: Sequence[str] | None = None,
    incl_cut: float | tuple[float, float] = 1.0,
    n_cut: int = 1,
    pri_cut: float | None = None,
) -> TruthTable:
    """The truth table of an outcome on conditions, crisp or fuzzy (Ragin 1987, 2008).

    Each case belongs to the configuration (row) of the conditions it is more in than
    out of (membership above 0.5); a case with a score of exactly 0.5 in some condition
    belongs to none (Ragin 2008, ch. 7; R's QCA warns about it). For each observed row
    :math:`r` with membership :math:`m_r(i) = \\min_j` (:math:`x_{ij}` or
    :math:`1 - x_{ij}`) of every case :math:`i` in its corner of the property space:

    - ``consistency`` (inclusion) :math:`\\sum_i \\min(m_r(i), y_i) / \\sum_i m_r(i)`;
    - ``pri`` :math:`(\\sum \\min(m_r, y) - \\sum \\min(m_r, y, 1 - y)) /
      (\\sum m_r - \\sum \\min(m_r, y, 1 - y))`;
    - ``coverage`` :math:`\\sum \\min(m_r, y) / \\sum y`,

    summed over **all** cases (with crisp data only the row's own cases count). The
    ``out`` value follows R's QCA package: ``"1"`` when consistency reaches the first
    cut-off (and PRI reaches ``pri_cut``), ``"C"`` (contradictory) when it reaches only the
    second, ``"0"`` otherwise, ``"?"`` for a remainder (fewer than ``n_cut`` cases).
    ``contradictory`` flags an observed row holding cases on both sides of the outcome
    (scores above and below 0.5: in crisp data, cases with and without the outcome).

    Parameters
    ----------
    data : pandas.DataFrame or QCAData
        One row per case (the index names the cases), membership scores in [0, 1]
        (crisp 0/1 or fuzzy), or the result of :func:`from_cases`.
    outcome : str
        The outcome's column; ``"~NAME"`` explains its negation (:math:`1 - y`).
        Taken from a ``QCAData`` when not given.
    conditions : list of str, optional
        The condition columns, in the order of the notation. Default: every other column
        (a ``QCAData``: its conditions). At most 20.
    incl_cut : float or (float, float), default 1
        The consistency a row needs for ``"1"``; with a pair ``(ic1, ic0)``, rows from
        ``ic0`` up to ``ic1`` are ``"C"``. A value within 1.5e-8 of a cut-off reaches it.
    n_cut : int, default 1
        Fewest cases for an observed row; rows with fewer are remainders (``"?"``).
    pri_cut : float, optional
        Lowest PRI for ``"1"`` (default: none).

    Returns
    -------
    TruthTable
        Its ``table`` has one row per configuration — every one of the ``2**k`` with at
        most 12 conditions, the observed ones only with more — ordered by ``row`` (R's
        row number: 1 + the configuration read as a binary number, first condition most
        significant), with the columns ``row`` (int), one int column per condition (0/1),
        ``out`` (categorical: ``"1"``, ``"0"``, ``"C"``, ``"?"``), ``n_cases`` (int),
        ``consistency``, ``pri``, ``coverage`` (float; missing for unobserved rows),
        ``contradictory`` (bool) and ``cases`` (str: the row's cases, comma-separated).

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a DataFrame (or ``QCAData``), or an option has the wrong type.
    sistercity.ArgumentError
        For an unknown column, a repeated condition, bad cut-offs.
    sistercity.CaseValidationError
        For scores that are missing, not numbers, or outside [0, 1] (every one at once).

    References
    ----------
    Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*, ch. 7.
    Chicago University Press. Dusa, A. (2019). *QCA with R*, ch. 7. Springer.

    Examples
    --------
    The crisp Lipset data of R's QCA package (Rihoux & De Meur 2009), three of its rows:

    >>> import pandas as pd
    >>> from sistercity.qca import truth_table
    >>> lc = pd.DataFrame(
    ...     {"DEV": [1, 1, 0], "URB": [0, 1, 0], "LIT": [1, 1, 1], "IND": [0, 1, 0],
    ...      "STB": [1, 1, 1], "SURV": [1, 1, 0]}, index=["FI", "BE", "EE"])
    >>> tt = truth_table(lc, outcome="SURV")
    >>> print(tt.table.loc[tt.table.n_cases > 0, ["row", "out", "cases"]].to_string(index=False))
     row out cases
       6   0    EE
      22   1    FI
      32   1    BE
    """
    frame, outcome_str, conds = resolve(data, outcome, conditions)
    name, negated = parse_outcome(outcome_str)
    ic1, ic0 = _cuts(incl_cut)
    n_cut = positive_int("n_cut", n_cut)
    if pri_cut is not None:
        pri_cut = finite_float("pri_cut", pri_cut, minimum=0.0)
        if pri_cut > 1:
            raise ArgumentError(f"pri_cut must lie in [0, 1]; got {pri_cut}")
    x = memberships(frame, conds)
    y = memberships(frame, [name])[:, 0]
    if negated:
        y = 1.0 - y
    names = labels(frame)
    table = _table(x, y, conds, names, (ic1, ic0), n_cut, pri_cut)
    scores = pd.DataFrame(np.column_stack([x, y]), index=frame.index, columns=[*conds, outcome_str])
    return TruthTable(table=table, outcome=outcome_str, conditions=conds, incl_cut=(ic1, ic0), n_cut=n_cut,
                      pri_cut=pri_cut, fuzzy=bool(((x > 0) & (x < 1)).any() or ((y > 0) & (y < 1)).any()),
                      memberships=scores, _x=x, _y=y, _labels=tuple(names))


def as_truth_table(value: object) -> TruthTable:
    """``value`` if it is a :class:`TruthTable`; else an :class:`ArgumentTypeError`."""
    if not isinstance(value, TruthTable):
        raise ArgumentTypeError(f"expected a TruthTable (from qca.truth_table); got {type(value).__name__}")
    return value
