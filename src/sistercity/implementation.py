"""How far commitments were implemented: status, rates, sector coverage, change over time.

Every function takes a :class:`~sistercity.Case` or a :class:`~sistercity.CaseTables`
first (the tables of a case, or tables built with
:meth:`~sistercity.CaseTables.from_frames` from a large export), options keyword-only
after it, and returns a new DataFrame whose columns are fixed and listed in
:data:`COLUMNS` (never dependent on the data).

The scale
---------
Implementation is coded on the ordinal scale of the Peace Accords Matrix (PAM;
Joshi, Quinn & Regan 2015): ``0`` not initiated, ``1`` minimal, ``2`` intermediate,
``3`` full. A commitment's *rate* is ``level / 3`` in [0, 1]. A commitment with no
observation has *no data*: its level is missing (``<NA>``), never 0, and it is left
out of every mean unless ``missing="zero"`` is asked for.

The rules
---------
Status at a date
    A commitment's status at ``at`` rests on the last observation at or before
    ``at``. Partial dates are turned into a day by ``date_rule``: ``"end"``
    (default) counts a status observed in "2017" from 31 December 2017 — the
    conservative reading: it is known to hold only once the period is over;
    ``"start"`` counts it from 1 January 2017.
Same-day disagreement
    Observations of one commitment on the same day (under ``date_rule``) with
    different levels are a *disagreement*: the status does not choose among them
    by row order. Under ``coders="latest"`` the level is the *lower median* of
    that day's levels (with 1 and 3 it is 1), resting on the latest row with that
    level, and :func:`status` flags it in its ``disagreement`` column;
    :func:`sistercity.reliability.same_date_conflicts` lists the rows. (Under
    ``median``, ``min`` and ``max``, each coder's own latest row counts.)
``at``
    ``None`` (every observation counts), a :class:`datetime.date`,
    :class:`datetime.datetime`, :class:`pandas.Timestamp` or
    :class:`numpy.datetime64` (that day), or a partial date (``"2018"``,
    ``"2018-06"``, ``"2018-06-30"``, a :class:`~sistercity.dates.PartialDate` or an
    ``int`` year), which means its *last* day: ``at="2018"`` asks for the status at the
    end of 2018, whatever ``date_rule`` says of the observations.
Several coders (``coders``)
    ``"latest"`` (default): the latest observation, whoever coded it (the lower
    median of the levels of the latest day, when observations disagree on it).
    ``"median"``: each coder's latest level, then their *lower median* — the highest
    level that a strict majority of the coders say is reached (with two coders
    reading 1 and 3, the status is 1). ``"min"`` / ``"max"``: the most cautious or
    the most generous coder. ``"each"``: one row per coder (in :func:`status` and
    :func:`reversals` only). Under ``median``, ``min`` and ``max`` the status rests on
    the latest observation, among the coders, that has the chosen level.

Age of evidence (``max_age``)
    A level carries forward from its observation until a later one. ``status``
    reports ``age_years``, the years (of 365.2425 days) from the observation's day
    under ``date_rule`` to ``at``; every rate function takes ``max_age`` (years,
    default ``None``: no bound), beyond which an observation counts as no data.
Rates and the Peace Accords Matrix
    ``rate`` is the mean over the commitments *with data*; PAM codes every
    provision every year, so the two agree only when every commitment is observed.
    ``observed_share`` (observed / counted commitments) stands beside every rate,
    and ``rate_pam`` (unobserved commitments at level 0) is PAM's own figure.

Errors
------
A first argument that is neither a ``Case`` nor a ``CaseTables``, or an option of
the wrong type, raises :class:`~sistercity.ArgumentTypeError` (a :class:`TypeError`);
a bad option value raises :class:`~sistercity.ArgumentError` (a :class:`ValueError`)
naming the option, what it accepts and what it got; tables the model would refuse
(an observation naming no known commitment, a commitment with no sector: possible
only with ``from_frames(validate=False)``) raise :class:`~sistercity.CaseValidationError`.

References
----------
Joshi, M., Quinn, J. M. & Regan, P. M. (2015). Annualized implementation data on
comprehensive intrastate peace accords, 1989–2012. *Journal of Peace Research*
52(4), 551–562.

Joshi, M. & Darby, J. (2013). Introducing the Peace Accords Matrix (PAM): a database
of comprehensive peace agreements and their implementation, 1989–2007.
*Peacebuilding* 1(2), 256–274.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from sistercity import _args, _kernel
from sistercity._kernel import CODER_RULES, LEVEL_COUNTS, AggregateCoders, ThresholdLike
from sistercity._typing import AtLike, CaseData, DateRule, Include
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.model import Case, ImplementationLevel
from sistercity.tables import CaseTables, as_tables

__all__ = [
    "CODER_RULES",
    "COLUMNS",
    "COMMITMENT_STATUSES",
    "COVERAGE",
    "agreement_rates",
    "compare",
    "reversals",
    "sector_coverage",
    "stalled",
    "status",
    "trajectory",
]

Coders = Literal["latest", "median", "min", "max", "each"]
"""How the observations of several coders make one status."""

COMMITMENT_STATUSES: tuple[str, ...] = ("agreed", "proposed", "wish")
"""Values of a commitment's ``status`` (how firm the promise is), for ``include``."""

COVERAGE: tuple[str, ...] = ("implemented", "below_threshold", "no_data", "gap")
"""Categories of :func:`sector_coverage`'s ``coverage`` column, in order."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "status": ("commitment", "agreement", "sector", "commitment_status", "coder", "level", "rate",
               "observation", "date", "date_point", "age_years", "n_observations", "n_coders",
               "disagreement", "source", "locator"),
    "agreement_rates": ("agreement", "n_commitments", "n_observed", "n_no_data", *LEVEL_COUNTS, "weight",
                        "mean_level", "rate", "observed_share", "rate_pam"),
    "sector_coverage": ("agreement", "sector", "field", "agreed", "n_commitments", "n_excluded", "n_observed",
                        "n_implemented", "best_level", "best_commitment", "implemented", "coverage"),
    "trajectory": ("date", "group", "n_commitments", "n_observed", "mean_level", "rate", "observed_share",
                   "rate_pam"),
    "stalled": ("commitment", "agreement", "sector", "level", "level_before", "date", "window_start"),
    "reversals": ("commitment", "agreement", "sector", "coder", "observation_before", "date_before",
                  "level_before", "observation", "date", "level", "drop"),
    "compare": ("case", "n_agreements", "n_commitments", "n_observed", *LEVEL_COUNTS, "mean_level", "rate",
                "observed_share", "rate_pam",
                "n_sectors_agreed", "n_sectors_implemented", "n_sectors_no_data", "coverage", "n_obstacles",
                "n_challenges"),
}
"""The fixed output columns of every function, by function name."""

Weights = Literal["equal"] | Mapping[str, float] | pd.Series | None
"""``weights``: each commitment's own weight (``None``), equal weights, or a weight per commitment id."""


def _frame(columns: dict[str, object], name: str) -> pd.DataFrame:
    return _kernel.frame(columns, COLUMNS[name])


# ============================================================================ status


def _status_frame(t: CaseTables, s: _kernel.Status, ref: int | None) -> pd.DataFrame:
    coms, obs = t.commitments, t.observations
    valid = s.obs >= 0
    whole = len(s.com) == len(coms) and bool(np.array_equal(s.com, np.arange(len(coms))))

    def col(name: str) -> object:
        return coms[name].reset_index(drop=True) if whole else coms[name].array.take(s.com)

    numbers = _kernel.pick(obs["observation"].to_numpy(dtype=np.int64), s.obs, 0)
    rows, pos = _kernel.evidence_rows(t, "observation", numbers)
    pos = np.where(valid, pos, -1)
    level = _kernel.int8(s.level)
    rate = np.where(valid, s.level / 3.0, np.nan)
    age = (np.where(valid, (ref - s.point) / _kernel.YEAR_DAYS, np.nan) if ref is not None
           else np.full(len(s.obs), np.nan))
    return _frame({
        "commitment": col("commitment"),
        "agreement": col("agreement"),
        "sector": col("sector"),
        "commitment_status": col("status"),
        "coder": _kernel.take_str(obs["coder"], s.obs),
        "level": level,
        "rate": rate,
        "observation": pd.arrays.IntegerArray(numbers.astype(np.int64), ~valid),
        "date": _kernel.take_str(obs["date"], s.obs),
        "date_point": _kernel.days_to_datetime(s.point, valid),
        "age_years": age,
        "n_observations": s.n_obs,
        "n_coders": s.n_coders,
        "disagreement": s.disagreement,
        "source": _kernel.take_str(rows["source"], pos),
        "locator": _kernel.take_str(rows["locator"], pos),
    }, "status")



# ============================================================================ status


def status(
    data: CaseData,
    *,
    at: AtLike = None,
    coders: Coders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
) -> pd.DataFrame:
    """Each commitment's implementation level at a date, and the observation it rests on.

    Definition: the status of commitment :math:`c` at time :math:`t` is the level of
    the last observation :math:`o` of :math:`c` with :math:`d(o) \\le t`, where
    :math:`d(o)` is the observation's partial date made a day by ``date_rule``; its
    rate is :math:`r_c = \\ell_c / 3`. Several coders are combined by ``coders``
    (see the module notes). Scale: level ordinal 0-3 (PAM), rate in [0, 1]; a
    commitment with no observation by ``at`` has no data (``<NA>``), never 0.

    Parameters
    ----------
    data : Case or CaseTables
        The case, or its tables.
    at : date, str, PartialDate, int or None, optional
        The date of the status; a partial date means its last day (``"2018"`` is
        31 December 2018). ``None`` (default): every observation counts.
    coders : {"latest", "median", "min", "max", "each"}, default "latest"
        How observations of several coders make one status; ``"each"`` gives one
        row per commitment and coder (and one row with no coder for a commitment
        nobody observed by ``at``).
    date_rule : {"end", "start"}, default "end"
        The day a partial-date observation counts from: its last or first day.
    max_age : float or None, default None
        The age of evidence, in years, beyond which an observation counts as no
        data: an observation whose day (under ``date_rule``) lies more than
        ``max_age`` years (of 365.2425 days) before ``at`` is ignored. ``None``
        (default): a level carries forward however old its evidence.

    Returns
    -------
    pandas.DataFrame
        One row per commitment, in the order of the commitments table (with
        ``coders="each"``: per commitment and coder, coders sorted by name), with
        the columns ``COLUMNS["status"]``:

        ``commitment``, ``agreement`` (str), ``sector`` (categorical)
            The commitment.
        ``commitment_status`` (categorical)
            How firm the commitment is: ``agreed``, ``proposed`` or ``wish``
            (every commitment has a row; the aggregates count agreed ones by default).
        ``coder`` (str)
            Who coded the observation the status rests on.
        ``level`` (Int8), ``rate`` (float64)
            Level 0-3 and level / 3; missing when there is no data.
        ``observation`` (Int64), ``date`` (str), ``date_point`` (datetime64[s])
            The observation's number, its partial date as given, and the day it
            counts from under ``date_rule``.
        ``age_years`` (float64)
            The age of that evidence at ``at``: years (of 365.2425 days) from
            ``date_point`` to ``at`` (with ``at=None``, to the latest observation's
            day); ``NaN`` when there is no observation.
        ``n_observations``, ``n_coders`` (int64)
            Observations (of this coder, with ``"each"``) and distinct coders by ``at``.
        ``disagreement`` (bool)
            Whether the observations of the commitment on its latest day by ``at``
            (under ``date_rule``) give different levels — coders, or sources of one
            coder, disagree on the same day (listed by
            :func:`sistercity.reliability.same_date_conflicts`).
        ``source``, ``locator`` (str)
            The first evidence of that observation.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is neither a Case nor a CaseTables.
    sistercity.ArgumentError
        For a bad ``at``, ``coders`` or ``date_rule`` (the message says what is accepted).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4): the 0-3 scale.

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import status
    >>> case = datasets.load("bogor-kisarazu")
    >>> s = status(case, at="2017")
    >>> s.loc[s.commitment == "student-exchange", ["level", "rate", "date", "source"]].to_string(index=False)
    ' level     rate       date               source\\n     2 0.666667 2017-12-14 kotabogor-2017-12-14'
    >>> s["level"].isna().sum()  # nothing else was observed by the end of 2017
    np.int64(9)
    >>> status(case, at="2018").set_index("commitment").loc["student-exchange", "level"]
    np.int8(3)
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    rule_coders = _kernel.coder_rule(coders)
    day = _kernel.at_day(at)
    age = _kernel.max_age(max_age)
    s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, max_age=age)
    return _status_frame(t, s, _kernel.reference_day(_kernel.prepared(t), rule, day))



# ============================================================================ agreement rates


def agreement_rates(
    data: CaseData,
    *,
    at: AtLike = None,
    weights: Weights = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Implementation rate of each agreement: the weighted mean rate of its commitments.

    Definition: for agreement :math:`a` with commitments :math:`c \\in C_a` that have
    data at ``at``, levels :math:`\\ell_c` and weights :math:`w_c`,

    .. math:: R_a = \\frac{\\sum_{c} w_c \\, \\ell_c}{3 \\sum_{c} w_c}.

    Scale: [0, 1]; ``mean_level`` is the same mean on the 0-3 scale
    (:math:`3 R_a`). Commitments with no data are left out (``missing="skip"``) or
    count as level 0 (``missing="zero"``, a lower bound); an agreement with no
    commitment in the mean has rate ``NaN``.

    The Peace Accords Matrix aggregate is :math:`\\sum_c \\ell_c / (3 N_a)` over *all*
    :math:`N_a` provisions of an accord (Joshi, Quinn & Regan 2015): PAM codes every
    provision every year, so it has no missing level. With equal weights the default
    ``rate`` equals it **only when every counted commitment is observed**
    (``observed_share`` = 1); otherwise ``rate`` is the mean over the observed
    commitments alone. The PAM-comparable figure is given explicitly as ``rate_pam``,
    :math:`\\sum_{c \\text{ observed}} w_c \\ell_c / (3 \\sum_{c \\in C_a} w_c)`:
    unobserved commitments counted as level 0 (with equal weights exactly PAM's
    sum of levels / (3 × number of provisions); the same as ``rate`` with
    ``missing="zero"``). ``observed_share`` = :math:`n_{observed} / n_{commitments}`
    (observed over counted commitments) says how far ``rate`` rests on data.

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        As in :func:`status`.
    weights : None, "equal", or mapping or Series from commitment id to weight
        ``None`` (default): each commitment's own ``weight`` (1 unless coded
        otherwise); ``"equal"``: all 1. Weights must be finite and > 0.
    coders : {"latest", "median", "min", "max"}, default "latest"
        As in :func:`status`.
    date_rule : {"end", "start"}, default "end"
    missing : {"skip", "zero"}, default "skip"
        Whether a commitment with no data is left out of the mean or counts as 0.
    include : "all" or iterable of {"agreed", "proposed", "wish"}, default ("agreed",)
        Which commitments count, by their ``status``: by default only those the
        parties agreed, as the Peace Accords Matrix counts only an accord's own
        provisions; a proposal or one side's wish is not yet a promise.
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per agreement (the agreements table's order), columns
        ``COLUMNS["agreement_rates"]``: ``agreement`` (str); ``n_commitments``,
        ``n_observed``, ``n_no_data`` and ``n_level_0`` ... ``n_level_3`` (int64:
        commitments in all, with data, without, and at each level); ``weight``
        (float64: the sum of the weights in the mean); ``mean_level`` (0-3) and
        ``rate`` (0-1) (float64); ``observed_share`` (float64: ``n_observed /
        n_commitments``, ``NaN`` with no commitment) and ``rate_pam`` (float64: the
        PAM aggregate, unobserved commitments at level 0).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4); Joshi & Darby (2013),
    *Peacebuilding* 1(2).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import agreement_rates
    >>> r = agreement_rates(datasets.load("bogor-kisarazu"), at="2018")
    >>> r[["agreement", "n_commitments", "n_observed", "n_level_0", "n_level_3", "rate"]].round(4)
      agreement  n_commitments  n_observed  n_level_0  n_level_3  rate
    0  loi-2016              5           5          4          1   0.2
    >>> r17 = agreement_rates(datasets.load("bogor-kisarazu"), at="2017")
    >>> r17[["n_observed", "rate", "observed_share", "rate_pam"]].round(4)
       n_observed    rate  observed_share  rate_pam
    0           1  0.6667             0.2    0.1333
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    rule_coders = _kernel.coder_rule(coders, each=False)
    zero = _kernel.missing_as_zero(missing)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    w = _kernel.weights(t, weights)
    counted = _kernel.included(t, statuses)
    s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
    com_agr, _, ids = _kernel.agreement_codes(t)
    cols: dict[str, object] = {"agreement": ids}
    cols.update(_kernel.rates(com_agr[counted], len(ids), s.level[counted], w[counted], zero))
    return _frame(cols, "agreement_rates")


# ============================================================================ sector coverage


def sector_coverage(
    data: CaseData,
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Which agreed sectors were implemented: the best level reached in each.

    Definition: for agreement :math:`a` and sector :math:`s`, the best level is
    :math:`b_{as} = \\max \\{\\ell_c : c \\in C_{as}\\}` over the commitments of
    :math:`a` in :math:`s` that have data at ``at``; the sector counts as
    *implemented* when :math:`b_{as} \\ge` ``threshold``. The coverage of an agreement
    is the share of its agreed sectors that are implemented,
    :math:`|\\{s \\in S_a : b_{as} \\ge \\theta\\}| / |S_a|`. An agreed sector with no
    commitment at all is a *gap* — nothing was planned in it — which is not the same
    as a commitment at level 0.

    The default threshold is 2 (intermediate on the PAM scale: implementation is
    under way with substantial progress); ``threshold=3`` asks for full
    implementation, ``threshold=1`` for any start.

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        As in :func:`status`.
    threshold : int, str or ImplementationLevel, default 2
        The level (0-3 or a name like ``"full"``) from which a sector counts as implemented.
    coders : {"latest", "median", "min", "max"}, default "latest"
    date_rule : {"end", "start"}, default "end"
    include : "all" or iterable of {"agreed", "proposed", "wish"}, default ("agreed",)
        Which commitments count, by their ``status`` (see :func:`agreement_rates`);
        an agreed sector whose only commitments are left out is a gap, and
        ``n_excluded`` says how many were left out.
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per agreement and sector that the agreement names or has a
        counted commitment in, ordered by agreement (table order) and sector (vocabulary
        order); columns ``COLUMNS["sector_coverage"]``:

        ``agreement`` (str), ``sector``, ``field`` (categorical)
            The sector and its benefit field.
        ``agreed`` (bool)
            Whether the agreement names the sector (``False``: commitments under an
            open clause).
        ``n_commitments``, ``n_excluded``, ``n_observed``, ``n_implemented`` (int64)
            Counted commitments in the sector; commitments of the agreement in the
            sector that ``include`` leaves out (a proposal, a wish: why a sector
            with commitments can still be a gap); counted ones with data; counted
            ones at or above ``threshold``. A sector whose commitments are all left
            out and that the agreement does not name has no row.
        ``best_level`` (Int8), ``best_commitment`` (str)
            The best level reached and the (first) commitment that reached it.
        ``implemented`` (bool)
            ``best_level >= threshold``.
        ``coverage`` (categorical, :data:`COVERAGE`)
            ``implemented``, ``below_threshold`` (data, all below), ``no_data``
            (commitments, none observed) or ``gap`` (no counted commitment).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4): the 0-3 scale.

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import sector_coverage
    >>> cov = sector_coverage(datasets.load("bogor-kisarazu"), at="2018")
    >>> agreed = cov[cov.agreed]
    >>> int(agreed.implemented.sum()), len(agreed)
    (1, 5)
    >>> agreed.loc[agreed.implemented, "sector"].tolist()
    ['education']
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    theta = _kernel.threshold(threshold)
    rule_coders = _kernel.coder_rule(coders, each=False)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    counted = _kernel.included(t, statuses)
    com_sec = _kernel.sector_codes(t)
    s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
    c = _kernel.coverage(t, com_sec, s.level, counted, theta)
    ids = _kernel.agreement_codes(t)[2]
    return _frame({
        "agreement": ids.array.take(c.agreement),
        "sector": _kernel.from_codes(c.sector, t.commitments["sector"].cat.categories),
        "field": _kernel.from_codes(c.field, c.fields),
        "agreed": c.agreed,
        "n_commitments": c.n_commitments,
        "n_excluded": c.n_excluded,
        "n_observed": c.n_observed,
        "n_implemented": c.n_implemented,
        "best_level": _kernel.int8(c.best_level),
        "best_commitment": _kernel.take_str(t.commitments["commitment"], c.best_commitment),
        "implemented": c.implemented,
        "coverage": _kernel.from_codes(c.coverage, COVERAGE),
    }, "sector_coverage")


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
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per date and group (groups in table or vocabulary order),
        columns ``COLUMNS["trajectory"]``: ``date`` (datetime64[s], the day the
        status is read at: the period end with the default ``freq``),
        ``group`` (str), ``n_commitments``, ``n_observed`` (int64), ``mean_level``,
        ``rate`` (float64; ``NaN`` when no commitment of the group has data yet),
        ``observed_share`` and ``rate_pam`` (float64: as in :func:`agreement_rates`).

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
    4 2018-12-31           1         3.0  1.000000
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
    parts: list[dict[str, object]] = []
    day_numbers = dates.values.astype(_kernel.DAY).astype(np.int64)
    for day in day_numbers:  # one pass per period end, vectorised over observations
        s = _kernel.core(t, at=int(day), rule=rule, coders=rule_coders, counts=False, max_age=age)
        parts.append(_kernel.rates(group, n_groups, s.level[counted], w[counted], zero))
    k = len(dates)
    cols: dict[str, object] = {
        "date": np.repeat(dates.values.astype(_kernel.SECONDS), n_groups),
        "group": labels.array.take(np.tile(np.arange(n_groups), k)) if k else labels.array[:0],
    }
    for name in ("n_commitments", "n_observed", "mean_level", "rate", "observed_share", "rate_pam"):
        dtype = np.int64 if name.startswith("n_") else np.float64
        cols[name] = (np.concatenate([np.asarray(part[name]) for part in parts]) if parts
                      else np.zeros(0, dtype))
    return _frame(cols, "trajectory")


# ============================================================================ stalled


def stalled(
    data: CaseData,
    *,
    at: AtLike = None,
    span: int | str = 12,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Commitments that made no progress over a span of time before ``at``.

    Definition: commitment :math:`c` is *stalled* at :math:`t` over a span
    :math:`\\Delta` when it has data at both :math:`t - \\Delta` and :math:`t`, is
    not fully implemented (:math:`\\ell_c(t) < 3`), and its level did not rise:
    :math:`\\ell_c(t) \\le \\ell_c(t - \\Delta)`. Commitments first observed inside
    the window are not judged (there is no earlier status to compare with). Scale:
    the PAM levels 0-3. The default span of 12 months follows the annual
    observation period of the Peace Accords Matrix.

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        The date judged (a partial date means its last day). ``None``: the latest
        observation's day.
    span : int or str, default 12
        The window in months, or an ISO 8601 duration (``"P1Y"``, ``"P18M"``).
    coders : {"latest", "median", "min", "max"}, default "latest"
    date_rule : {"end", "start"}, default "end"
    include : "all" or iterable of {"agreed", "proposed", "wish"}, default ("agreed",)
        Which commitments are judged, by their ``status`` (see :func:`agreement_rates`).

    Returns
    -------
    pandas.DataFrame
        One row per stalled commitment (table order), columns ``COLUMNS["stalled"]``:
        ``commitment``, ``agreement`` (str), ``sector`` (categorical), ``level``,
        ``level_before`` (Int8: at ``at`` and at the window's start), ``date`` (str:
        the partial date of the observation the current status rests on),
        ``window_start`` (datetime64[s]: ``at`` minus ``span``).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import stalled
    >>> case = datasets.load("bogor-kisarazu")
    >>> stalled(case, at="2019", span="P1Y")[["commitment", "level", "level_before"]]
              commitment  level  level_before
    0          blueberry      0             0
    1                eel      0             0
    2     health-workers      0             0
    3  tourism-promotion      0             0
    >>> len(stalled(case, at="2018"))  # first observed in 2018: nothing to compare with
    0
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    months = _kernel.months(span, "span")
    rule_coders = _kernel.coder_rule(coders, each=False)
    statuses = _args.include(include)
    day = _kernel.at_day(at)
    p = _kernel.prepared(t)
    if day is None:
        point = p.point(rule)
        day = int(point.max()) if len(point) else 0
    before_date = _kernel.months_before(day, months, "span")
    before = before_date.toordinal() - _kernel.EPOCH_ORDINAL
    s_now = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False)
    s_before = _kernel.core(t, at=before, rule=rule, coders=rule_coders, counts=False)
    mask = (s_now.level >= 0) & (s_before.level >= 0) & (s_now.level < 3) & (s_now.level <= s_before.level)
    mask &= _kernel.included(t, statuses)
    rows = np.flatnonzero(mask).astype(np.intp)
    coms = t.commitments
    return _frame({
        "commitment": coms["commitment"].array.take(rows),
        "agreement": coms["agreement"].array.take(rows),
        "sector": coms["sector"].array.take(rows),
        "level": _kernel.int8(s_now.level[rows]),
        "level_before": _kernel.int8(s_before.level[rows]),
        "date": _kernel.take_str(t.observations["date"], s_now.obs[rows]),
        "window_start": np.full(len(rows), np.datetime64(before_date, "D")).astype(_kernel.SECONDS),
    }, "stalled")


# ============================================================================ reversals


def reversals(
    data: CaseData,
    *,
    at: AtLike = None,
    coders: Literal["each", "latest"] = "each",
    date_rule: DateRule = "end",
) -> pd.DataFrame:
    """Drops in level: a later observation of a commitment records a lower level.

    Definition: order a commitment's observations by day (under ``date_rule``) and
    row; a *reversal* is a consecutive pair :math:`(o_{k-1}, o_k)` with
    :math:`\\ell(o_k) < \\ell(o_{k-1})`, of size
    :math:`\\ell(o_{k-1}) - \\ell(o_k)` levels. The Peace Accords Matrix records
    such reversals rather than treating implementation as monotone (Joshi, Quinn &
    Regan 2015). With ``coders="each"`` (default) the sequence is each coder's own,
    so a disagreement between coders is not a reversal; with ``"latest"`` it is the
    sequence of all observations, whoever coded them — the path that
    :func:`status` follows with ``coders="latest"`` (observations on the same day
    stay in row order here; :func:`status` settles a same-day disagreement by the
    lower median and flags it).

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        Only observations at or before ``at`` (a partial date means its last day).
    coders : {"each", "latest"}, default "each"
    date_rule : {"end", "start"}, default "end"

    Returns
    -------
    pandas.DataFrame
        One row per reversal, ordered by commitment (table order), coder and day,
        columns ``COLUMNS["reversals"]``: ``commitment``, ``agreement`` (str),
        ``sector`` (categorical), ``coder`` (str: the coder of the later
        observation), ``observation_before``, ``date_before``, ``level_before``,
        ``observation``, ``date``, ``level`` (the earlier and the later
        observation: number (int64), partial date (str), level (int8)), ``drop``
        (int8: levels lost, 1-3).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4).

    Examples
    --------
    >>> from sistercity import Case
    >>> from sistercity.implementation import reversals
    >>> case = Case(
    ...     id="demo", title="Demo",
    ...     actors=[dict(id="a", name="A", level="subnational", country="ID"),
    ...             dict(id="b", name="B", level="subnational", country="JP")],
    ...     agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"], sectors=["health"])],
    ...     commitments=[dict(id="nurses", agreement="loi", sector="health", title="Nurses")],
    ...     observations=[dict(commitment="nurses", date="2017", level=2),
    ...                   dict(commitment="nurses", date="2019-03", level=1)],
    ... )
    >>> reversals(case)[["commitment", "date_before", "level_before", "date", "level", "drop"]]
      commitment date_before  level_before     date  level  drop
    0     nurses        2017             2  2019-03      1     1
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    rule_coders = _args.choice("coders", coders, ("each", "latest"))
    day = _kernel.at_day(at)
    p = _kernel.prepared(t)
    order_key = _kernel.order_key(t, p, rule)
    point = p.point(rule)
    sel = np.arange(len(point)) if day is None else np.flatnonzero(point <= day)
    group = p.com.astype(np.int64)
    if rule_coders == "each":
        cod, n_cod = _kernel.coder_codes(t)
        group = group * n_cod + cod
    order = sel[np.lexsort((order_key[sel], group[sel]))]
    gsorted = group[order]
    lev = p.level[order]
    same = gsorted[1:] == gsorted[:-1]
    drop = same & (lev[1:] < lev[:-1])
    k = np.flatnonzero(drop)
    before = order[k].astype(np.intp)
    after = order[k + 1].astype(np.intp)
    obs, coms = t.observations, t.commitments
    com_rows = p.com[after]
    numbers = obs["observation"].to_numpy()
    return _frame({
        "commitment": coms["commitment"].array.take(com_rows),
        "agreement": coms["agreement"].array.take(com_rows),
        "sector": coms["sector"].array.take(com_rows),
        "coder": obs["coder"].array.take(after),
        "observation_before": numbers[before].astype(np.int64),
        "date_before": obs["date"].array.take(before),
        "level_before": p.level[before],
        "observation": numbers[after].astype(np.int64),
        "date": obs["date"].array.take(after),
        "level": p.level[after],
        "drop": (p.level[before] - p.level[after]).astype(np.int8),
    }, "reversals")


# ============================================================================ compare


def _named_cases(cases: object) -> list[tuple[str, CaseTables]]:
    """``compare``'s cases as (name, tables) pairs, names unique."""
    if isinstance(cases, Mapping):
        pairs: Iterable[tuple[object, object]] = cases.items()
    elif isinstance(cases, str | bytes | Case | CaseTables) or not isinstance(cases, Iterable):
        raise ArgumentTypeError(f"cases must be a mapping from name to Case or CaseTables, or a list of them; got "
                                f"{type(cases).__name__}")
    else:
        pairs = enumerate(cases)
    items: list[tuple[str, CaseTables]] = []
    for key, value in pairs:
        name = value.id if isinstance(value, Case) and not isinstance(cases, Mapping) else str(key)
        items.append((name, as_tables(value)))
    names = [n for n, _ in items]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise ArgumentError(f"cases must have unique names; {dup!r} appears more than once (pass a mapping "
                            "from name to case to name them)")
    return items


def compare(
    cases: Mapping[str, CaseData] | Iterable[CaseData],
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    weights: Literal["equal"] | None = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """One row per case: implementation rate, sector coverage and counts, for cross-case work.

    Definitions: the partnership rate is the :func:`agreement_rates` formula over
    all commitments of the case, :math:`R = \\sum_c w_c \\ell_c / (3 \\sum_c w_c)`
    (with equal weights and every commitment observed the Peace Accords Matrix
    aggregate; ``rate_pam`` is PAM's figure in any case); a sector is *agreed*
    when any agreement of the case names it, and *implemented* when, in some
    agreement that names it, a commitment reaches ``threshold``
    (:func:`sector_coverage`). ``coverage`` = implemented / agreed sectors whose
    state is known: a sector whose commitments all lack data (``no_data``) is left
    out of the denominator, since no data is not "not implemented"; an agreed sector
    with no counted commitment at all (a ``gap``: nothing was planned) counts as not
    implemented. A case with no observed commitment has ``coverage`` ``NaN``
    (``n_observed`` 0 says why), as does one whose agreed sectors all lack data.
    Scales: ``rate`` and ``coverage`` in [0, 1], ``mean_level`` 0-3.

    Parameters
    ----------
    cases : mapping from name to Case or CaseTables, or an iterable of them
        An iterable names each ``Case`` by its ``id`` and each ``CaseTables`` by its
        position (``"0"``, ``"1"``, ...). Names must be unique.
    at, threshold, coders, date_rule, missing, include
        As in :func:`sector_coverage` and :func:`agreement_rates`.
    weights : None or "equal"
        Each commitment's own weight, or equal weights.
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per case in the given order, columns ``COLUMNS["compare"]``:
        ``case`` (str); ``n_agreements``, ``n_commitments``, ``n_observed``,
        ``n_level_0`` ... ``n_level_3`` (int64); ``mean_level``, ``rate``,
        ``observed_share``, ``rate_pam`` (float64: as in :func:`agreement_rates`);
        ``n_sectors_agreed``, ``n_sectors_implemented``, ``n_sectors_no_data``
        (int64: agreed sectors, implemented ones, and ones whose commitments all
        lack data), ``coverage`` (float64, ``NaN`` with no data); ``n_obstacles``,
        ``n_challenges`` (int64: obstacle records of each kind).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import compare
    >>> names = ["bogor-kisarazu", "surabaya-kochi"]
    >>> c = compare({n: datasets.load(n) for n in names}, at="2018")
    >>> c.set_index("case")[["n_commitments", "rate", "n_sectors_agreed", "n_sectors_implemented"]]
                    n_commitments  rate  n_sectors_agreed  n_sectors_implemented
    case
    bogor-kisarazu              5   0.2                 5                      1
    surabaya-kochi              0   NaN                 0                      0
    """
    rule = _kernel.date_rule(date_rule)
    rule_coders = _kernel.coder_rule(coders, each=False)
    zero = _kernel.missing_as_zero(missing)
    _kernel.threshold(threshold)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    if weights is not None:
        if not isinstance(weights, str):
            raise ArgumentTypeError(f"weights must be None (each commitment's own weight) or 'equal'; got "
                                    f"{type(weights).__name__}")
        _args.choice("weights", weights, ("equal",))
    items = _named_cases(cases)
    rows: dict[str, list[object]] = {c: [] for c in COLUMNS["compare"]}
    for name, t in items:
        s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
        w = _kernel.weights(t, weights)
        counted = _kernel.included(t, statuses)
        whole = _kernel.rates(np.zeros(int(counted.sum()), np.intp), 1, s.level[counted], w[counted], zero)
        cov = sector_coverage(t, at=at, threshold=threshold, coders=coders, date_rule=date_rule, max_age=max_age,
                              include=include)
        agreed = cov[cov["agreed"]]
        by_sector = agreed.groupby("sector", observed=True)["implemented"].any()
        # a sector is unknown when it has commitments and none of them (in any agreement) has data
        seen = agreed.groupby("sector", observed=True)[["n_commitments", "n_observed"]].sum()
        n_unknown = int(((seen["n_commitments"] > 0) & (seen["n_observed"] == 0)).sum())
        n_known = len(by_sector) - n_unknown
        kinds = t.obstacles["kind"].astype("str")
        rows["case"].append(name)
        rows["n_agreements"].append(len(_kernel.agreement_codes(t)[2]))
        for k in ("n_commitments", "n_observed", *LEVEL_COUNTS):
            rows[k].append(int(np.asarray(whole[k])[0]))
        rows["mean_level"].append(float(np.asarray(whole["mean_level"])[0]))
        for k in ("rate", "observed_share", "rate_pam"):
            rows[k].append(float(np.asarray(whole[k])[0]))
        rows["n_sectors_agreed"].append(len(by_sector))
        rows["n_sectors_implemented"].append(int(by_sector.sum()))
        rows["n_sectors_no_data"].append(n_unknown)
        rows["coverage"].append(int(by_sector.sum()) / n_known if n_known and rows["n_observed"][-1]
                                else math.nan)
        rows["n_obstacles"].append(int((kinds == "obstacle").sum()))
        rows["n_challenges"].append(int((kinds == "challenge").sum()))
    floats = ("mean_level", "rate", "observed_share", "rate_pam", "coverage")
    dtypes = {c: ("str" if c == "case" else "float64" if c in floats else "int64")
              for c in COLUMNS["compare"]}
    return _frame({c: pd.Series(rows[c], dtype="str") if c == "case" else np.asarray(rows[c], dtype=dtypes[c])
                   for c in COLUMNS["compare"]}, "compare")
