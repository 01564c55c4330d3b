"""Change over time per commitment: stalled commitments and reversals."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

import sistercity._args as _args
import sistercity._kernel as _kernel
from sistercity._kernel import AggregateCoders
from sistercity._typing import AtLike, CaseData, DateRule, Include
from sistercity.implementation._common import frame
from sistercity.tables import as_tables

# ============================================================================ stalled


def stalled(
    data: CaseData,
    *,
    at: AtLike = None,
    span: int | str = 12,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
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
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years counts as no
        data. Each of the two statuses is read with its own bound: ``level`` with
        evidence at most ``max_age`` years before ``at``, ``level_before`` with
        evidence at most ``max_age`` years before the window's start, so a
        commitment whose evidence has aged out at either end is not judged.
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
    0   student-exchange      2             2
    1          blueberry      0             0
    2                eel      0             0
    3     health-workers      0             0
    4  tourism-promotion      0             0
    >>> stalled(case, at="2018")["commitment"].tolist()  # the rest was first observed in 2018
    ['student-exchange']
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    months = _kernel.months(span, "span")
    rule_coders = _kernel.coder_rule(coders, each=False)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    p = _kernel.prepared(t)
    if day is None:
        point = p.point(rule)
        day = int(point.max()) if len(point) else 0
    before_date = _kernel.months_before(day, months, "span")
    before = before_date.toordinal() - _kernel.EPOCH_ORDINAL
    s_now = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
    s_before = _kernel.core(t, at=before, rule=rule, coders=rule_coders, counts=False, max_age=age)
    mask = (s_now.level >= 0) & (s_before.level >= 0) & (s_now.level < 3) & (s_now.level <= s_before.level)
    mask &= _kernel.included(t, statuses)
    rows = np.flatnonzero(mask).astype(np.intp)
    coms = t.commitments
    return frame({
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
    max_age: float | None = None,
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
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years counts as no
        data. A drop compares the later observation with the level carried
        forward to its day, so the pair counts only when the earlier observation
        is at most ``max_age`` years (of 365.2425 days, between the two days under
        ``date_rule``) older than the later one; after a longer gap the earlier
        level had aged out and the later one is a fresh reading, not a reversal.
        ``None`` (default): any gap.

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
    age = _kernel.max_age(max_age)
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
    if age is not None:
        days = point[order]
        drop &= (days[1:] - days[:-1]) <= age * _kernel.YEAR_DAYS
    k = np.flatnonzero(drop)
    before = order[k].astype(np.intp)
    after = order[k + 1].astype(np.intp)
    obs, coms = t.observations, t.commitments
    com_rows = p.com[after]
    numbers = obs["observation"].to_numpy()
    return frame({
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
