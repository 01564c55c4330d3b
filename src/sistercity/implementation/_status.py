"""The status of each commitment at a date (:func:`sistercity.implementation.status`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

import sistercity._kernel as _kernel
from sistercity._typing import AtLike, CaseData, DateRule
from sistercity.implementation._common import TIMING, Coders, frame
from sistercity.tables import CaseTables, as_tables


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
    return frame({
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
        "timing": _kernel.from_codes(_kernel.pick(timing_codes(t), s.obs, -1), TIMING),
        "source": _kernel.take_str(rows["source"], pos),
        "locator": _kernel.take_str(rows["locator"], pos),
    }, "status")


def _term_bounds(t: CaseTables, n: int) -> tuple[_kernel.IntArray, _kernel.BoolArray, _kernel.IntArray,
                                                 _kernel.IntArray, _kernel.BoolArray, _kernel.IntArray,
                                                 _kernel.BoolArray]:
    """First and last day of each agreement's start and end (day numbers), and which are known.

    The rules of :mod:`sistercity.lifecycle`, on whole columns: the end is the table's
    (``ends``, else start + term); without one, start + term is shifted at the start's own
    precision (a day clipped to the end of a shorter month; a month or a year gives the span
    of months it may fall in). Rows past the agreements table (agreements only commitments
    name) are unknown. Also returns which agreements have a term.
    """
    ag = t.agreements
    m = len(ag)

    def col(name: str) -> npt.NDArray[np.datetime64]:
        return np.asarray(ag[name].to_numpy().astype(_kernel.DAY))

    s0, s1, e0, e1 = col("start_first"), col("start_last"), col("end_first"), col("end_last")
    term = ag["term_months"].to_numpy(dtype=np.float64, na_value=np.nan)
    shift = ~np.isnat(s0) & np.isnat(e0) & ~np.isnan(term)
    if shift.any():
        months = np.where(shift, term, 0).astype(np.int64).astype("timedelta64[M]")
        m0 = s0[shift].astype("datetime64[M]") + months[shift]
        m1 = s1[shift].astype("datetime64[M]") + months[shift]
        first, last = m0.astype(_kernel.DAY), (m1 + 1).astype(_kernel.DAY) - 1
        day = s0[shift] == s1[shift]  # a start known to the day: its day of the month, clipped
        dom = s0[shift] - s0[shift].astype("datetime64[M]").astype(_kernel.DAY)
        clipped = np.minimum(first + dom, (m0 + 1).astype(_kernel.DAY) - 1)
        e0[shift] = np.where(day, clipped, first)
        e1[shift] = np.where(day, clipped, last)

    def days(values: npt.NDArray[np.datetime64]) -> tuple[_kernel.IntArray, _kernel.BoolArray]:
        out, known = np.zeros(n, np.int64), np.zeros(n, np.bool_)
        known[:m] = ~np.isnat(values)
        out[:m][known[:m]] = values[known[:m]].view(np.int64)
        return out, known

    (start_lo, s_known), (start_hi, _) = days(s0), days(s1)
    (end_lo, e_known), (end_hi, _) = days(e0), days(e1)
    has_term = np.zeros(n, np.bool_)
    has_term[:m] = ~np.isnan(term)
    return start_lo, s_known, start_hi, end_lo, e_known, end_hi, has_term


def timing_codes(t: CaseTables) -> _kernel.IntArray:
    """Each observation's place in its agreement's term, as a code into :data:`TIMING` (kept with the tables).

    With the observation's days ``[f, l]`` (its partial date), the agreement's start
    ``[s0, s1]`` and end ``[e0, e1]`` (the first and last day each admits):
    ``before_start`` when ``l < s0``; ``after_end`` when ``f > e1``; ``in_term`` when
    ``f >= s1`` and ``l <= e0`` (or the agreement has no fixed end: no ``ends`` and
    no ``term``), start and end as :func:`sistercity.lifecycle.lifecycle` dates them
    (``start_*`` and ``expiry_*``; see :func:`_term_bounds`); ``unknown`` when a
    boundary that would decide is not dated (no start, or a term with no start to
    count it from); else ``uncertain`` (the partial dates admit days both inside and
    outside the term).
    """

    def compute() -> _kernel.IntArray:
        p = _kernel.prepared(t)
        com_agr, _, ids = _kernel.agreement_codes(t)
        s0, s_known, s1, e0, e_known, e1, has_term = _term_bounds(t, len(ids))
        open_end = ~e_known & ~has_term
        a = com_agr[p.com]
        f, last = p.first, p.last
        before = s_known[a] & (last < s0[a])
        after = e_known[a] & (f > e1[a])
        inside = s_known[a] & (f >= s1[a]) & (open_end[a] | (e_known[a] & (last <= e0[a])))
        undated = ~s_known[a] | (~e_known[a] & has_term[a])
        code = np.where(undated, 4, 3)
        code = np.where(inside, 0, code)
        code = np.where(after, 2, code)
        return np.asarray(np.where(before, 1, code), dtype=np.int64)

    return t.memo(("sistercity.implementation", "timing"), compute)


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
        ``timing`` (categorical, :data:`TIMING`)
            Where that observation falls in its agreement's term, from its start
            (``effective``, else ``signed``) to its last day in force (``ends``, else
            start + ``term``; see :mod:`sistercity.lifecycle`): ``in_term``;
            ``before_start`` (dated before the agreement took effect) or
            ``after_end`` (after it ended) -- the evidence still counts, the flag
            shows it; ``uncertain`` when the partial dates admit days both in and
            out of the term (an observation of "2016" for an agreement signed
            2016-11-18); ``unknown`` when the agreement's start (or, with a term,
            its end) is not dated; missing when there is no observation. Bounds
            are partial-date spans, never an invented day.
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
    >>> s18 = status(case, at="2018").set_index("commitment")
    >>> s18.loc["student-exchange", ["level", "n_observations", "disagreement"]].tolist()
    [np.int8(2), np.int64(2), np.True_]

    The news (level 2) and the thesis (level 3) read the one exchange of 2017-12-14
    differently; the same-day rule settles at the lower median and says so.
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    rule_coders = _kernel.coder_rule(coders)
    day = _kernel.at_day(at)
    age = _kernel.max_age(max_age)
    s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, max_age=age)
    return _status_frame(t, s, _kernel.reference_day(_kernel.prepared(t), rule, day))
