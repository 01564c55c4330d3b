"""Each commitment's status as a step function of time: trajectory's one pass over all periods.

The status of a commitment (``sistercity._kernel.core``) changes only on the days of its
observations (and, with ``max_age``, on the day its evidence ages out). So the whole
history is a short list of *steps* per commitment, ``(commitment, day, level)``: from
``day`` on, the status is ``level`` (-1: no data) until the next step. The steps are
found with one sort of the observations (kept with the tables), and the rates of every
period follow from the changes the steps bring, summed per (period, group) and
accumulated over the periods: one pass, however many periods there are.

The rules are those of ``core``: under ``coders="latest"`` a day's level is the lower
median of that day's observations; under ``median``, ``min`` and ``max`` each coder's
level is that of the coder's last row on its latest day, and the coders' levels are
combined as in ``core``. An observation counts at ``t`` while ``t - day <= max_age``
years (of :data:`sistercity._kernel.YEAR_DAYS` days).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

import sistercity._kernel as _kernel
from sistercity._typing import DateRule
from sistercity.tables import CaseTables

_KEY = "sistercity.implementation._steps"
_EXACT_BITS = 20  # weights that are multiples of 2**-20 sum exactly in float64 (see ``exact_weights``)


@dataclass(frozen=True)
class Steps:
    """Steps sorted by (commitment, day): from ``day`` on, commitment ``com`` is at ``level`` (-1: no data)."""

    com: _kernel.PosArray
    day: _kernel.IntArray
    level: npt.NDArray[np.int8]


def _sort(group: _kernel.IntArray, n_groups: int, key: _kernel.IntArray) -> _kernel.PosArray:
    """Positions sorted by (``group``, ``key``), ties in their order; ``key`` is non-negative."""
    if not len(key):
        return np.zeros(0, np.intp)
    bits = max(1, int(key.max()).bit_length())
    if bits + max(1, n_groups.bit_length()) <= 62:
        return np.asarray(np.argsort((group << bits) | key, kind="stable"), dtype=np.intp)
    return np.asarray(np.lexsort((key, group)), dtype=np.intp)  # pragma: no cover - beyond 2**62


def _firsts(*columns: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.bool_]:
    """Whether each row of sorted ``columns`` starts a new run of equal rows."""
    n = len(columns[0])
    new = np.zeros(n, np.bool_)
    if n:
        new[0] = True
        for c in columns:
            new[1:] |= c[1:] != c[:-1]
    return new


def _latest_steps(t: CaseTables, rule: DateRule) -> Steps:
    """Steps under ``coders="latest"``: one per (commitment, day), the lower median of the day's levels."""

    def compute() -> Steps:
        p = _kernel.prepared(t)
        order = _sort(p.com.astype(np.int64), p.n_com, _kernel.order_key(t, p, rule))
        com, day, level = p.com[order], p.point(rule)[order], p.level[order].astype(np.intp)
        new = _firsts(com, day)
        run = np.cumsum(new) - 1
        n_runs = int(new.sum())
        per_level = np.bincount(run * 4 + level, minlength=n_runs * 4).reshape(n_runs, 4)
        n = per_level.sum(axis=1)
        median = np.argmax(np.cumsum(per_level, axis=1) >= ((n + 1) // 2)[:, None], axis=1)
        return Steps(com[new], day[new], median.astype(np.int8))

    return t.memo((_KEY, "latest", rule), compute)


def _coder_steps(t: CaseTables, rule: DateRule) -> tuple[Steps, _kernel.PosArray]:
    """Each coder's steps, sorted by (commitment, coder, day): the level of the coder's last row
    of the day; and each step's coder code.
    """

    def compute() -> tuple[Steps, _kernel.PosArray]:
        p = _kernel.prepared(t)
        cod, n_cod = _kernel.coder_codes(t)
        pair = p.com.astype(np.int64) * n_cod + cod
        order = _sort(pair, p.n_com * n_cod, _kernel.order_key(t, p, rule))
        pair, day, level = pair[order], p.point(rule)[order], p.level[order]
        new = _firsts(pair, day)
        last = np.flatnonzero(np.r_[new[1:], True]) if len(new) else np.zeros(0, np.intp)
        return (Steps((pair[last] // n_cod).astype(np.intp), day[last], level[last]),
                (pair[last] % n_cod).astype(np.intp))

    return t.memo((_KEY, "coders", rule), compute)


def _with_expiry(steps: Steps, same: npt.NDArray[np.bool_], reach: int) -> tuple[Steps, _kernel.PosArray]:
    """``steps`` with a no-data step where evidence ages out before the next step of its series,
    and the source step of each step kept.

    ``same[i]``: step ``i + 1`` belongs to the same series as step ``i``. Evidence of day
    ``d`` counts up to day ``d + reach``; an expiry step sits right after the step it ends.
    """
    n = len(steps.day)
    expiry = steps.day + reach + 1
    add = np.ones(n, np.bool_)
    if n:
        add[:-1] = ~same | (expiry[:-1] < steps.day[1:])
    com = np.repeat(steps.com, 2)
    day = np.empty(2 * n, np.int64)
    level = np.empty(2 * n, np.int8)
    day[0::2], level[0::2] = steps.day, steps.level
    day[1::2], level[1::2] = expiry, -1
    keep = np.ones(2 * n, np.bool_)
    keep[1::2] = add
    source = (np.flatnonzero(keep) // 2).astype(np.intp)
    return Steps(com[keep], day[keep], level[keep]), source


def _reach(max_age: float | None) -> int | None:
    """Days after its own day that evidence still counts (``t - d <= max_age`` years), or None: always."""
    if max_age is None:
        return None
    days = max_age * _kernel.YEAR_DAYS
    return None if days > 1e8 else math.floor(days)  # 1e8 days: beyond any date of years 1-9999


def _combine(steps: Steps, coder: _kernel.PosArray, n_coders: int, how: str) -> Steps:
    """Commitment steps from coder steps (sorted by commitment, coder, day): the coders' levels
    combined by ``how`` (``median``: lower median, ``min``, ``max``) after each day's changes.
    """
    n = len(steps.day)
    series = steps.com.astype(np.int64) * n_coders + coder
    first = _firsts(series)
    old = np.r_[np.int8(-1), steps.level[:-1]] if n else steps.level
    old = np.where(first, -1, old)
    lo = int(steps.day.min()) if n else 0
    order = _sort(steps.com.astype(np.int64), int(steps.com.max()) + 1 if n else 1, steps.day - lo)
    com, day, new, old = steps.com[order], steps.day[order], steps.level[order], old[order]
    delta = np.zeros((n, 4), np.int64)
    rows = np.arange(n)
    np.add.at(delta, (rows[new >= 0], new[new >= 0].astype(np.intp)), 1)
    np.add.at(delta, (rows[old >= 0], old[old >= 0].astype(np.intp)), -1)
    total = np.cumsum(delta, axis=0)
    starts = np.flatnonzero(_firsts(com))
    base = np.zeros((len(starts), 4), np.int64)
    base[1:] = total[starts[1:] - 1]
    counts = total - base[np.cumsum(_firsts(com)) - 1]
    last = np.flatnonzero(np.r_[_firsts(com, day)[1:], True]) if n else np.zeros(0, np.intp)
    counts, k = counts[last], counts[last].sum(axis=1)
    has = counts > 0
    if how == "min":
        agg = np.argmax(has, axis=1)
    elif how == "max":
        agg = 3 - np.argmax(has[:, ::-1], axis=1)
    else:
        agg = np.argmax(np.cumsum(counts, axis=1) >= ((k + 1) // 2)[:, None], axis=1)
    return Steps(com[last], day[last], np.where(k > 0, agg, -1).astype(np.int8))


def steps(t: CaseTables, rule: DateRule, coders: str, max_age: float | None) -> Steps:
    """Every commitment's status steps under ``rule``, ``coders`` (not ``"each"``) and ``max_age``."""
    reach = _reach(max_age)
    if coders == "latest":
        s = _latest_steps(t, rule)
        return s if reach is None else _with_expiry(s, s.com[1:] == s.com[:-1], reach)[0]
    n_coders = _kernel.coder_codes(t)[1]
    if reach is None:
        return t.memo((_KEY, "combined", rule, coders),
                      lambda: _combine(*_coder_steps(t, rule), n_coders, coders))
    s, coder = _coder_steps(t, rule)
    series = s.com.astype(np.int64) * n_coders + coder
    s, source = _with_expiry(s, series[1:] == series[:-1], reach)
    return _combine(s, coder[source], n_coders, coders)


def exact_weights(w: _kernel.FloatArray) -> bool:
    """Whether sums of ``w * level`` (levels 0-3) are exact in float64 in any order.

    True when every weight is a multiple of 2**-20 and three times their total stays
    below 2**53: every partial sum is then a representable number, so adding the
    changes period by period gives the very sums a per-period pass gives.
    """
    scaled = w * float(2**_EXACT_BITS)
    return bool(np.all(scaled == np.rint(scaled)) and 3.0 * float(np.abs(scaled).sum()) < 2.0**53)


@dataclass(frozen=True)
class Changes:
    """What each step changes: its commitment and day, and the change in "observed" (-1, 0, 1).

    And the change in the level counted (level, no data as 0); steps that change nothing are
    left out.
    """

    com: _kernel.PosArray
    day: _kernel.IntArray
    seen: npt.NDArray[np.int8]
    gain: npt.NDArray[np.int8]


def changes(s: Steps) -> Changes:
    """The changes of ``s`` (sorted by commitment and day)."""
    old = np.r_[np.int8(-1), s.level[:-1]] if len(s.level) else s.level
    old = np.where(_firsts(s.com), np.int8(-1), old).astype(np.int8)
    keep = old != s.level
    new, old = s.level[keep], old[keep]
    return Changes(s.com[keep], s.day[keep], ((new >= 0).astype(np.int8) - (old >= 0)).astype(np.int8),
                   (np.maximum(new, 0) - np.maximum(old, 0)).astype(np.int8))


def status_changes(t: CaseTables, rule: DateRule, coders: str, max_age: float | None) -> Changes:
    """:func:`changes` of :func:`steps` (kept with the tables when there is no ``max_age``)."""
    if max_age is None:
        return t.memo((_KEY, "changes", rule, coders), lambda: changes(steps(t, rule, coders, None)))
    return changes(steps(t, rule, coders, max_age))


def period_sums(c: Changes, days: _kernel.IntArray, group: _kernel.PosArray, n_groups: int,
                w: _kernel.FloatArray, counted: _kernel.BoolArray,
                ) -> tuple[_kernel.IntArray, _kernel.FloatArray, _kernel.FloatArray]:
    """Per (period, group): observed commitments, their weight, and the sum of weight × level.

    ``group`` and ``w`` are per commitment (``group`` only read where ``counted``);
    ``days`` are the period dates (day numbers, ascending). Arrays of shape
    ``(len(days), n_groups)``: the changes summed per cell, accumulated over the periods.
    """
    k_periods = len(days)
    size = k_periods * n_groups
    if not k_periods or not len(c.day):
        zeros = np.zeros((k_periods, n_groups))
        return zeros.astype(np.int64), zeros, zeros.copy()
    # the period of each change: the first period date on or after its day (a table over the span)
    lo, hi = int(days[0]), int(days[-1])
    table = np.searchsorted(days, np.arange(lo, hi + 1), side="left")
    period = table[np.clip(c.day - lo, 0, hi - lo)]
    period[c.day > hi] = k_periods
    keep = counted[c.com] & (period < k_periods)
    com = c.com[keep]
    cell = period[keep] * n_groups + group[com]
    seen = c.seen[keep]
    wc = w[com]
    rise, fall = seen > 0, seen < 0
    n_obs = np.bincount(cell[rise], minlength=size).astype(np.int64, copy=False)
    n_obs -= np.bincount(cell[fall], minlength=size)
    d_weight = np.bincount(cell, weights=wc * seen, minlength=size)
    d_total = np.bincount(cell, weights=wc * c.gain[keep], minlength=size)
    shape = (k_periods, n_groups)
    out = (n_obs.reshape(shape), d_weight.astype(np.float64, copy=False).reshape(shape),
           d_total.astype(np.float64, copy=False).reshape(shape))
    for x in out:  # accumulated over the periods, in place: the arrays are as large as the result
        if n_groups >= 64:  # row by row: numpy's cumsum down the first axis of a wide array is slow
            for k in range(1, k_periods):
                np.add(x[k], x[k - 1], out=x[k])
        else:
            np.cumsum(x, axis=0, out=x)
    return out
