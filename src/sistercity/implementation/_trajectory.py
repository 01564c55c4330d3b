"""Rates over time (:func:`sistercity.implementation.trajectory`)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

import sistercity._args as _args
import sistercity._kernel as _kernel
import sistercity.implementation._steps as _steps
from sistercity._kernel import AggregateCoders
from sistercity._typing import AtLike, CaseData, DateRule, Include
from sistercity.exceptions import ArgumentError
from sistercity.implementation._common import Weights, frame
from sistercity.tables import CaseTables, as_tables


def _groups(t: CaseTables, group_by: str, counted: _kernel.BoolArray) -> tuple[_kernel.PosArray, pd.Series]:
    """``trajectory``'s group of each counted commitment, and the group labels."""
    coms = t.commitments
    n_com = len(coms)
    labels: pd.Series
    if group_by == "agreement":
        group, _, labels = _kernel.agreement_codes(t)
    elif group_by == "sector":
        codes = _kernel.sector_codes(t)
        present = np.unique(codes[counted])  # sectors in vocabulary order
        group = np.searchsorted(present, codes)  # exact for every counted commitment
        labels = pd.Series(coms["sector"].cat.categories[present], dtype="str")
    elif group_by == "commitment":
        group = np.cumsum(counted) - 1
        labels = coms["commitment"][counted].reset_index(drop=True)
    else:
        group = np.zeros(n_com, np.intp)
        labels = pd.Series(["all"], dtype="str")
    group = np.asarray(group, dtype=np.intp)[counted]
    return group, labels


# ============================================================================ trajectory


def trajectory(
    data: CaseData,
    *,
    freq: str = "YE",
    by: Literal["agreement", "sector", "commitment", "case"] = "agreement",
    start: AtLike = None,
    end: AtLike = None,
    weights: Weights = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Implementation rates over time, per agreement, sector, commitment or the whole case.

    Definition: at each date :math:`t_k` of ``freq`` (each period's end, with the
    default), the weighted mean rate of the group's commitments with data at :math:`t_k`,
    :math:`R_g(t_k) = \\sum_c w_c \\ell_c(t_k) / (3 \\sum_c w_c)` — the
    :func:`agreement_rates` formula (the Peace Accords Matrix aggregate with equal
    weights when every commitment is observed; ``rate_pam`` is PAM's figure in any
    case) evaluated at every period end, as PAM's annualised data do. Scale:
    ``rate`` in [0, 1], ``mean_level`` 0-3.

    Parameters
    ----------
    data : Case or CaseTables
    freq : str or pandas DateOffset, default "YE"
        A pandas frequency of a day or longer: ``"YE"`` (years), ``"QE"``, ``"ME"``,
        ``"W"``, ``"D"``. ``date`` is each date of the frequency
        (:func:`pandas.date_range`): with the end-anchored frequencies (``"YE"``,
        ``"QE"``, ``"ME"``) the last day of each period. A start-anchored frequency
        (``"YS"``, ``"QS"``, ``"MS"``) reads the status on each period's *first* day,
        and labels the row with it: ``"YS"`` gives the status on 1 January, that is,
        where things stood as the year began. Frequencies shorter than a day
        (``"h"``) and steps that do not move forward (``"0D"``, ``"-1YE"``) are refused.
    by : {"agreement", "sector", "commitment", "case"}, default "agreement"
        The groups: one line per agreement, per sector (across agreements), per
        commitment (its own rate, for a status heatmap), or one for the whole case
        (group ``"all"``).
    start, end : date, str, PartialDate, int or None, optional
        The first and last dates covered (a partial date means its last day:
        ``start="2017"`` is 31 December 2017); default: the first and last
        observation. Every date of ``freq`` from the first on or after ``start`` to
        the first on or after ``end``; ``start`` after ``end`` is refused.
    weights, coders, date_rule, missing, include
        As in :func:`agreement_rates` (with ``by="commitment"``, only counted
        commitments have a line).
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at each period's
        date counts as no data.

    Returns
    -------
    pandas.DataFrame
        One row per date and group (groups in table or vocabulary order),
        columns ``COLUMNS["trajectory"]``: ``date`` (datetime64[s], the day the
        status is read at: the period end with the default ``freq``),
        ``group`` (str), ``n_commitments``, ``n_observed`` (int64), ``mean_level``,
        ``rate`` (float64; ``NaN`` when no commitment of the group has data yet),
        ``observed_share`` and ``rate_pam`` (float64: as in :func:`agreement_rates`).

    Notes
    -----
    All periods are read in one pass: each commitment's status changes only on its
    observations' days (and, with ``max_age``, when its evidence ages out), so the
    changes are summed per period and group and accumulated over the periods (the cost
    grows with the observations and the size of the result, not with their product).
    The figures are those of :func:`agreement_rates` at each date to the last bit when
    the weights add up exactly in any order (multiples of 2**-20, such as the default
    1); with other weights (0.1) each period is read on its own, for the same guarantee.

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4): annualised
    implementation scores.

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import trajectory
    >>> tr = trajectory(datasets.load("bogor-kisarazu"), by="sector")
    >>> tr.loc[tr.group == "education", ["date", "n_observed", "mean_level", "rate"]]
            date  n_observed  mean_level      rate
    0 2017-12-31           1         2.0  0.666667
    4 2018-12-31           1         2.0  0.666667
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    group_by = _args.choice("by", by, ("agreement", "sector", "commitment", "case"))
    rule_coders = _kernel.coder_rule(coders, each=False)
    zero = _kernel.missing_as_zero(missing)
    offset = _kernel.offset(freq)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    lo, hi = _kernel.at_day(start, "start"), _kernel.at_day(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise ArgumentError(f"start must be on or before end; got start={start!r}, end={end!r}")
    w = _kernel.weights(t, weights)
    counted = _kernel.included(t, statuses)
    p = _kernel.prepared(t)
    dates = _kernel.period_ends(p, rule, offset, lo, hi)
    group, labels = _groups(t, group_by, counted)
    n_groups = len(labels)
    day_numbers = dates.values.astype(_kernel.DAY).astype(np.int64)
    if _steps.exact_weights(w[counted]):
        values = _one_pass(t, rule, rule_coders, age, day_numbers, group, n_groups, w, counted, zero)
    else:
        values = _per_period(t, rule, rule_coders, age, day_numbers, group, n_groups, w, counted, zero)
    k = len(dates)
    cols: dict[str, object] = {
        "date": np.repeat(dates.values.astype(_kernel.SECONDS), n_groups),
        "group": labels.array.take(np.tile(np.arange(n_groups), k)) if k else labels.array[:0],
    }
    cols.update(values)
    return frame(cols, "trajectory")


_VALUES = ("n_commitments", "n_observed", "mean_level", "rate", "observed_share", "rate_pam")


def _one_pass(t: CaseTables, rule: DateRule, coders: str, age: float | None, days: _kernel.IntArray,
              group: _kernel.PosArray, n_groups: int, w: _kernel.FloatArray, counted: _kernel.BoolArray,
              zero: bool) -> dict[str, object]:
    """Every period at once, from the status steps (:mod:`._steps`); the sums of :func:`_kernel.rates`."""
    every = np.zeros(len(counted), np.intp)
    every[counted] = group
    n_obs, w_obs, total = _steps.period_sums(_steps.status_changes(t, rule, coders, age), days, every,
                                             n_groups, w, counted)
    n_com = np.bincount(group, minlength=n_groups).astype(np.int64)
    all_weight = np.bincount(group, weights=w[counted], minlength=n_groups).astype(np.float64)
    weight = np.broadcast_to(all_weight, total.shape) if zero else w_obs
    with np.errstate(invalid="ignore", divide="ignore"):
        weight3 = 3.0 * weight  # the products and quotients of _kernel.rates, so the same numbers
        out = {"n_commitments": np.tile(n_com, len(days)), "n_observed": n_obs,
               "mean_level": total / weight, "rate": np.divide(total, weight3, out=weight3),
               "observed_share": n_obs / n_com.astype(np.float64), "rate_pam": total / (3.0 * all_weight)}
    return {name: np.asarray(out[name]).ravel() for name in _VALUES}


def _per_period(t: CaseTables, rule: DateRule, coders: str, age: float | None, days: _kernel.IntArray,
                group: _kernel.PosArray, n_groups: int, w: _kernel.FloatArray, counted: _kernel.BoolArray,
                zero: bool) -> dict[str, object]:
    """One status per period: for weights whose sums depend on the order of adding (such as 0.1)."""
    parts = []
    for day in days:
        s = _kernel.core(t, at=int(day), rule=rule, coders=coders, counts=False, max_age=age)
        parts.append(_kernel.rates(group, n_groups, s.level[counted], w[counted], zero))
    return {name: (np.concatenate([np.asarray(part[name]) for part in parts]) if parts
                   else np.zeros(0, np.int64 if name.startswith("n_") else np.float64)) for name in _VALUES}
