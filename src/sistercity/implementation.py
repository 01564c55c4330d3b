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
    ``"start"`` counts it from 1 January 2017. Observations on the same day are
    ordered by their row in the observations table (a case file's order).
``at``
    ``None`` (every observation counts), a :class:`datetime.date`,
    :class:`datetime.datetime`, :class:`pandas.Timestamp` or
    :class:`numpy.datetime64` (that day), or a partial date (``"2018"``,
    ``"2018-06"``, ``"2018-06-30"``, a :class:`~sistercity.dates.PartialDate` or an
    ``int`` year), which means its *last* day: ``at="2018"`` asks for the status at the
    end of 2018, whatever ``date_rule`` says of the observations.
Several coders (``coders``)
    ``"latest"`` (default): the single latest observation, whoever coded it.
    ``"median"``: each coder's latest level, then their *lower median* — the highest
    level that a strict majority of the coders say is reached (with two coders
    reading 1 and 3, the status is 1). ``"min"`` / ``"max"``: the most cautious or
    the most generous coder. ``"each"``: one row per coder (in :func:`status` and
    :func:`reversals` only). Under ``median``, ``min`` and ``max`` the status rests on
    the latest observation, among the coders, that has the chosen level.

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

import calendar
import datetime as _dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity import _args
from sistercity._frames import problem
from sistercity.dates import DateRule, PartialDate, parse_at
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import Case, ImplementationLevel
from sistercity.tables import CaseTables, as_tables

if TYPE_CHECKING:
    from pandas.tseries.offsets import BaseOffset

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

CODER_RULES: tuple[str, ...] = ("latest", "median", "min", "max", "each")
"""The accepted values of ``coders`` (``"each"`` only where a row per coder makes sense)."""

COVERAGE: tuple[str, ...] = ("implemented", "below_threshold", "no_data", "gap")
"""Categories of :func:`sector_coverage`'s ``coverage`` column, in order."""

_LEVELS = ("n_level_0", "n_level_1", "n_level_2", "n_level_3")

COLUMNS: dict[str, tuple[str, ...]] = {
    "status": ("commitment", "agreement", "sector", "commitment_status", "coder", "level", "rate",
               "observation", "date", "date_point", "n_observations", "n_coders", "source", "locator"),
    "agreement_rates": ("agreement", "n_commitments", "n_observed", "n_no_data", *_LEVELS, "weight",
                        "mean_level", "rate"),
    "sector_coverage": ("agreement", "sector", "field", "agreed", "n_commitments", "n_excluded", "n_observed",
                        "n_implemented", "best_level", "best_commitment", "implemented", "coverage"),
    "trajectory": ("date", "group", "n_commitments", "n_observed", "mean_level", "rate"),
    "stalled": ("commitment", "agreement", "sector", "level", "level_before", "date", "window_start"),
    "reversals": ("commitment", "agreement", "sector", "coder", "observation_before", "date_before",
                  "level_before", "observation", "date", "level", "drop"),
    "compare": ("case", "n_agreements", "n_commitments", "n_observed", *_LEVELS, "mean_level", "rate",
                "n_sectors_agreed", "n_sectors_implemented", "coverage", "n_obstacles", "n_challenges"),
}
"""The fixed output columns of every function, by function name."""

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

Data = Case | CaseTables
AtLike = _dt.date | np.datetime64 | PartialDate | str | int | None
Weights = Literal["equal"] | Mapping[str, float] | pd.Series | None

_DAY = np.dtype("datetime64[D]")
_SEC = "datetime64[s]"
_CACHE_PREFIX = "sistercity.implementation"


# ============================================================================ arguments


def _rule(date_rule: object) -> DateRule:
    return "start" if _args.choice("date_rule", date_rule, ("end", "start")) == "start" else "end"


def _coders(coders: object, *, each: bool = True) -> str:
    allowed = CODER_RULES if each else tuple(c for c in CODER_RULES if c != "each")
    return _args.choice("coders", coders, allowed)


_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


def _at_day(value: object, name: str = "at") -> int | None:
    """Days since 1970-01-01 of ``value`` (a date, or the last day of a partial date; see :func:`parse_at`)."""
    at = parse_at(value, name=name)
    return None if at is None else at.end().toordinal() - _EPOCH_ORDINAL


def _threshold(value: object) -> int:
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ArgumentTypeError(f"threshold must be a level 0-3 (an int) or its name, such as 'intermediate' or "
                                f"'full'; got {value!r}")
    try:
        return int(ImplementationLevel.parse(value))
    except ValueError:
        raise ArgumentError(f"threshold must be a level 0-3 or one of 'not_initiated', 'minimal', 'intermediate', "
                            f"'full'; got {value!r}") from None


def _missing(value: object) -> bool:
    """``True`` when commitments with no data count as level 0."""
    return _args.choice("missing", value, ("skip", "zero")) == "zero"


COMMITMENT_STATUSES: tuple[str, ...] = ("agreed", "proposed", "wish")
"""Values of a commitment's ``status`` (how firm the promise is), for ``include``."""

Include = str | Iterable[str]


def _include(t: CaseTables, statuses: tuple[str, ...]) -> BoolArray:
    """Which commitments count, by their status (``statuses`` from :func:`sistercity._args.include`)."""
    return np.asarray(t.commitments["status"].isin(list(statuses)).to_numpy(dtype=bool))


_MAX_MONTHS = 9999 * 12


def _months(value: object, name: str) -> int:
    expected = "a number of months > 0 or a duration like 'P1Y' or 'P6M'"
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ArgumentTypeError(f"{name} must be {expected}; got {value!r}")
    if isinstance(value, int):
        return _args.positive_int(name, value, maximum=_MAX_MONTHS)
    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", value.strip().upper())
    if m and (m.group(1) or m.group(2)):
        months = int(m.group(1) or 0) * 12 + int(m.group(2) or 0)
        if 0 < months <= _MAX_MONTHS:
            return months
    raise ArgumentError(f"{name} must be {expected} (at most {_MAX_MONTHS} months); got {value!r}")


def _months_before(day: int, months: int, name: str) -> _dt.date:
    """The day ``months`` before day number ``day`` (clipped to the end of a shorter month)."""
    d = _dt.date.fromordinal(day + _EPOCH_ORDINAL)
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    if y < 1:
        raise ArgumentError(f"{name}: {months} months before {d.isoformat()} falls before the year 1; give a "
                            f"shorter {name} or a later at")
    return _dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


# ============================================================================ prepared arrays


@dataclass(frozen=True)
class _Prepared:
    """Integer arrays of the observations, computed once per tables."""

    com: npt.NDArray[np.intp]  # commitment position of each observation
    first: IntArray  # first day (days since the epoch)
    last: IntArray  # last day
    level: npt.NDArray[np.int8]
    n_com: int

    def point(self, rule: DateRule) -> IntArray:
        return self.last if rule == "end" else self.first


def _prepared(t: CaseTables) -> _Prepared:
    key = (_CACHE_PREFIX, "prepared")
    hit = t._cache.get(key)
    if isinstance(hit, _Prepared):
        return hit
    obs = t.observations
    com = t._positions("observations", "commitment", "commitments")
    problems: list[Problem] = []
    bad = np.flatnonzero(com < 0)
    if len(bad):
        i = int(bad[0])
        problems.append(Problem(
            f"{len(bad)} observation(s) name a commitment that the commitments table does not have; "
            f"the first is {obs['commitment'].iloc[i]!r}", path=f"observations[{i}].commitment"))
    first = obs["date_first"].to_numpy().astype(_DAY)
    last = obs["date_last"].to_numpy().astype(_DAY)
    nat = np.isnat(first) | np.isnat(last)
    if nat.any():
        i = int(np.flatnonzero(nat)[0])
        problems.append(Problem("an observation needs a date", path=f"observations[{i}].date"))
    level = obs["level"].to_numpy(dtype=np.int8, na_value=-1)
    badlevel = (level < 0) | (level > 3)
    if badlevel.any():
        i = int(np.flatnonzero(badlevel)[0])
        problems.append(Problem("an observation needs a level 0-3", path=f"observations[{i}].level"))
    if problems:
        raise CaseValidationError(problems)
    prepared = _Prepared(com=com.astype(np.intp, copy=False), first=first.view(np.int64),
                         last=last.view(np.int64), level=level, n_com=len(t.commitments))
    t._cache[key] = prepared
    return prepared


def _order_key(t: CaseTables, p: _Prepared, rule: DateRule) -> IntArray:
    """One int64 per observation that orders by (day under ``rule``, row): larger is later."""
    key = (_CACHE_PREFIX, "order", rule)
    hit = t._cache.get(key)
    if hit is not None:
        return np.asarray(hit)
    point = p.point(rule)
    n = len(point)
    shift = max(1, int(n).bit_length())
    if n:
        lo = int(point.min())
        span = int(point.max()) - lo
        if span.bit_length() + shift > 62:  # pragma: no cover - dates beyond ±2^40 days never occur
            point = np.unique(point, return_inverse=True)[1].astype(np.int64)
            lo = 0
        order = ((point - lo) << shift) | np.arange(n, dtype=np.int64)
    else:
        order = np.zeros(0, np.int64)
    t._cache[key] = order
    return order


def _coder_codes(t: CaseTables) -> tuple[npt.NDArray[np.intp], int]:
    """Coder of each observation as a code into the sorted coder names, and their number."""
    key = (_CACHE_PREFIX, "coders")
    hit = t._cache.get(key)
    if hit is None:
        codes, uniques = pd.factorize(t.observations["coder"], sort=True, use_na_sentinel=False)
        hit = (np.asarray(codes, dtype=np.intp), len(uniques))
        t._cache[key] = hit
    return cast(tuple[npt.NDArray[np.intp], int], hit)


def _agreement_codes(t: CaseTables) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], pd.Series]:
    """Agreement codes of commitments and of agreement_sectors, and the agreement ids.

    The ids are those of the agreements table, then (in order of first appearance)
    any agreement a commitment or an agreement_sectors row names that the table lacks
    (possible when a user builds tables without an agreements table).
    """
    key = (_CACHE_PREFIX, "agreements")
    hit = t._cache.get(key)
    if hit is not None:
        return cast(tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], pd.Series], hit)
    ids = t.agreements["agreement"].reset_index(drop=True)
    com = t._positions("commitments", "agreement", "agreements").astype(np.intp)
    sec = t._positions("agreement_sectors", "agreement", "agreements").astype(np.intp)
    if (com < 0).any() or (sec < 0).any():
        values = pd.concat([t.commitments["agreement"][com < 0], t.agreement_sectors["agreement"][sec < 0]])
        if values.isna().any():
            raise CaseValidationError([Problem("a commitment or agreed sector names no agreement",
                                               path="commitments.agreement")])
        extra = pd.unique(values)
        extra_index = pd.Index(extra)
        base = len(ids)
        com = np.where(com < 0, base + extra_index.get_indexer(t.commitments["agreement"]), com)
        sec = np.where(sec < 0, base + extra_index.get_indexer(t.agreement_sectors["agreement"]), sec)
        ids = pd.concat([ids, pd.Series(extra, dtype="str")], ignore_index=True)
    hit = (com, sec, ids)
    t._cache[key] = hit
    return hit


# ============================================================================ the status core


@dataclass(frozen=True)
class _Status:
    """One row per commitment (or per commitment and coder): positions, not labels."""

    com: npt.NDArray[np.intp]  # commitment position of the row
    obs: npt.NDArray[np.intp]  # observation the status rests on (-1: no data)
    level: npt.NDArray[np.int8]  # -1: no data
    n_obs: IntArray
    n_coders: IntArray
    point: IntArray  # the day of ``obs`` under the rule (undefined where obs < 0)


def _core(t: CaseTables, *, at: int | None, rule: DateRule, coders: str, counts: bool = True) -> _Status:
    """The status rows; ``counts=False`` skips ``n_obs``, ``n_coders`` and ``point`` (left zero) for speed."""
    p = _prepared(t)
    order = _order_key(t, p, rule)
    point = p.point(rule)
    n_com = p.n_com
    shift = max(1, len(point).bit_length())
    low = (np.int64(1) << shift) - 1
    if at is None:
        com, key = p.com, order
    else:
        sel = np.flatnonzero(point <= at)
        com, key = p.com[sel], order[sel]
    n_obs = np.bincount(com, minlength=n_com).astype(np.int64) if counts else np.zeros(n_com, np.int64)

    if coders == "latest":
        best = np.full(n_com, -1, np.int64)
        np.maximum.at(best, com, key)
        obs = np.where(best >= 0, best & low, -1).astype(np.intp)
        if counts:
            cod, n_cod = _coder_codes(t)
            ccod = cod if at is None else cod[sel]
            seen = _pairs(com.astype(np.int64) * n_cod + ccod, n_com * n_cod)[0]
            n_coders = np.bincount(seen // n_cod, minlength=n_com).astype(np.int64)
        else:
            n_coders = np.zeros(n_com, np.int64)
        level = _pick(p.level, obs, -1)
        days = _pick(point, obs, 0) if counts else n_obs
        return _Status(np.arange(n_com, dtype=np.intp), obs, level, n_obs, n_coders, days)

    cod, n_cod = _coder_codes(t)
    ccod = cod if at is None else cod[sel]
    pair_ids, inverse = _pairs(com.astype(np.int64) * n_cod + ccod, n_com * n_cod)
    best_pair = np.full(len(pair_ids), -1, np.int64)
    np.maximum.at(best_pair, inverse, key)
    pair_obs = (best_pair & low).astype(np.intp)
    pair_com = (pair_ids // n_cod).astype(np.intp)
    pair_level = p.level[pair_obs]
    n_coders = np.bincount(pair_com, minlength=n_com).astype(np.int64)

    if coders == "each":
        pair_n = np.bincount(inverse, minlength=len(pair_ids)).astype(np.int64)
        empty = np.flatnonzero(n_coders == 0)
        row_com = np.concatenate([pair_com, empty.astype(np.intp)])
        order_rows = np.argsort(row_com, kind="stable")
        row_obs = np.concatenate([pair_obs, np.full(len(empty), -1, np.intp)])[order_rows]
        row_level = np.concatenate([pair_level, np.full(len(empty), -1, np.int8)])[order_rows]
        row_n = np.concatenate([pair_n, np.zeros(len(empty), np.int64)])[order_rows]
        row_com = row_com[order_rows]
        return _Status(row_com, row_obs, row_level, row_n, n_coders[row_com], _pick(point, row_obs, 0))

    per_level = np.bincount(pair_com * 4 + pair_level, minlength=n_com * 4).reshape(n_com, 4)
    has = per_level > 0
    if coders == "min":
        agg = np.argmax(has, axis=1)
    elif coders == "max":
        agg = 3 - np.argmax(has[:, ::-1], axis=1)
    else:  # lower median: the smallest level L with #(level <= L) >= ceil(k / 2)
        need = (n_coders + 1) // 2
        agg = np.argmax(np.cumsum(per_level, axis=1) >= need[:, None], axis=1)
    agg = np.where(n_coders > 0, agg, -1)
    chosen = pair_level == agg[pair_com]
    best = np.full(n_com, -1, np.int64)
    np.maximum.at(best, pair_com[chosen], best_pair[chosen])
    obs = np.where(best >= 0, best & low, -1).astype(np.intp)
    level = agg.astype(np.int8)
    days = _pick(point, obs, 0) if counts else n_obs
    return _Status(np.arange(n_com, dtype=np.intp), obs, level, n_obs, n_coders, days)


def _pick(values: npt.NDArray[Any], idx: npt.NDArray[np.integer[Any]], fill: object) -> npt.NDArray[Any]:
    """``values[idx]``, with ``fill`` where ``idx`` is negative (safe on empty ``values``)."""
    if not len(values):
        return np.full(len(idx), fill, dtype=values.dtype)
    return np.where(idx >= 0, values[idx], np.asarray(fill, dtype=values.dtype))


def _pairs(keys: IntArray, size: int) -> tuple[IntArray, npt.NDArray[np.intp]]:
    """Sorted distinct ``keys`` (all in ``[0, size)``) and each key's index among them."""
    if size <= max(8 * len(keys), 1 << 20):
        present = np.zeros(size, np.bool_)
        present[keys] = True
        ids = np.flatnonzero(present).astype(np.int64)
        rank = np.cumsum(present, dtype=np.intp) - 1
        return ids, rank[keys]
    ids, inverse = np.unique(keys, return_inverse=True)
    return ids.astype(np.int64), inverse.astype(np.intp)


# ============================================================================ output helpers


def _int8(values: npt.NDArray[np.int8]) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(values.astype(np.int8), values < 0)


def _take_str(series: pd.Series, positions: npt.NDArray[np.intp]) -> pd.api.extensions.ExtensionArray:
    """``series`` values at ``positions``; missing where a position is -1."""
    return cast(pd.api.extensions.ExtensionArray, series.array.take(positions, allow_fill=True))


def _from_codes(codes: npt.NDArray[np.integer[Any]], categories: Iterable[str]) -> pd.Categorical:
    return cast(pd.Categorical, pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64),
                                                          dtype=pd.CategoricalDtype(list(categories))))


def _evidence_rows(t: CaseTables, record: str, ids: pd.Series | IntArray,
                   ) -> tuple[pd.DataFrame, npt.NDArray[np.intp]]:
    """The first evidence row of each record id: the rows, and each id's position in them (-1: none).

    Observation ids are matched as integers (their ``record_id`` is the observation
    number as text). The rows and their lookup index are cached per tables.
    """
    key = (_CACHE_PREFIX, "evidence", record)
    hit = t._cache.get(key)
    if hit is None:
        ev = t.evidence
        mask = (ev["record"] == record).to_numpy(dtype=bool, na_value=False)
        rows = ev[mask].drop_duplicates("record_id").reset_index(drop=True)
        if record == "observation":
            index = pd.Index(pd.to_numeric(rows["record_id"], errors="coerce"))
        else:
            index = pd.Index(rows["record_id"])
        hit = (rows, index)
        t._cache[key] = hit
    rows, index = cast(tuple[pd.DataFrame, pd.Index], hit)
    if not len(rows):
        return rows, np.full(len(ids), -1, np.intp)
    return rows, np.asarray(index.get_indexer(pd.Index(ids)), dtype=np.intp)


def _days_to_datetime(days: IntArray, valid: BoolArray) -> npt.NDArray[np.datetime64]:
    out = days.astype("datetime64[D]").astype(_SEC)
    out[~valid] = np.datetime64("NaT")
    return out


def _frame(columns: dict[str, object], name: str) -> pd.DataFrame:
    df = pd.DataFrame(columns, copy=False)
    assert tuple(df.columns) == COLUMNS[name]
    return df


def _status_frame(t: CaseTables, s: _Status) -> pd.DataFrame:
    coms, obs = t.commitments, t.observations
    valid = s.obs >= 0
    whole = len(s.com) == len(coms) and bool(np.array_equal(s.com, np.arange(len(coms))))

    def col(name: str) -> object:
        return coms[name].reset_index(drop=True) if whole else coms[name].array.take(s.com)

    numbers = _pick(obs["observation"].to_numpy(dtype=np.int64), s.obs, 0)
    rows, pos = _evidence_rows(t, "observation", numbers)
    pos = np.where(valid, pos, -1)
    level = _int8(s.level)
    rate = np.where(valid, s.level / 3.0, np.nan)
    return _frame({
        "commitment": col("commitment"),
        "agreement": col("agreement"),
        "sector": col("sector"),
        "commitment_status": col("status"),
        "coder": _take_str(obs["coder"], s.obs),
        "level": level,
        "rate": rate,
        "observation": pd.arrays.IntegerArray(numbers.astype(np.int64), ~valid),
        "date": _take_str(obs["date"], s.obs),
        "date_point": _days_to_datetime(s.point, valid),
        "n_observations": s.n_obs,
        "n_coders": s.n_coders,
        "source": _take_str(rows["source"], pos),
        "locator": _take_str(rows["locator"], pos),
    }, "status")


# ============================================================================ status


def status(
    data: Case | CaseTables,
    *,
    at: AtLike = None,
    coders: Coders = "latest",
    date_rule: DateRule = "end",
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
        ``n_observations``, ``n_coders`` (int64)
            Observations (of this coder, with ``"each"``) and distinct coders by ``at``.
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
    rule = _rule(date_rule)
    rule_coders = _coders(coders)
    day = _at_day(at)
    s = _core(t, at=day, rule=rule, coders=rule_coders)
    return _status_frame(t, s)


# ============================================================================ agreement rates


def _check_weights(weights: object) -> None:
    """Refuse a ``weights`` of the wrong type or value before any work (its ids are matched later)."""
    if weights is None or isinstance(weights, pd.Series | Mapping):
        return
    if isinstance(weights, str):
        _args.choice("weights", weights, ("equal",))
        return
    raise ArgumentTypeError(f"weights must be None (each commitment's own weight), 'equal', or a mapping or "
                            f"Series from commitment id to weight; got {type(weights).__name__}")


def _weights(t: CaseTables, weights: object) -> FloatArray:
    _check_weights(weights)
    coms = t.commitments
    if weights is None:
        return np.asarray(coms["weight"].to_numpy(dtype=np.float64, na_value=1.0))
    if isinstance(weights, str):
        return np.ones(len(coms))
    if isinstance(weights, pd.Series):
        series = weights
    else:
        mapping = cast(Mapping[object, object], weights)
        series = pd.Series(list(mapping.values()), index=pd.Index(list(mapping.keys()), dtype=object),
                           dtype=object)
    if not series.index.is_unique:
        dup = series.index[series.index.duplicated()][0]
        raise ArgumentError(f"weights must give each commitment one weight; {dup!r} has more than one")
    idx = series.index.get_indexer(pd.Index(coms["commitment"]))
    if (idx < 0).any():
        first = coms["commitment"].iloc[int(np.flatnonzero(idx < 0)[0])]
        raise ArgumentError(f"weights must give a weight to every commitment; {int((idx < 0).sum())} have none, "
                            f"the first {first!r}. Give a weight for every commitment, or weights=None or 'equal'")
    values = series.to_numpy(dtype=object)[idx]
    if pd.api.types.is_bool_dtype(series.dtype):
        number = np.zeros(len(values), np.bool_)
    elif pd.api.types.is_numeric_dtype(series.dtype):
        number = np.ones(len(values), np.bool_)
    else:
        number = np.fromiter((isinstance(v, int | float | np.integer | np.floating)
                              and not isinstance(v, bool | np.bool_) for v in values), np.bool_, len(values))
    w = np.full(len(values), np.nan)
    w[number] = values[number].astype(np.float64)
    bad = ~(np.isfinite(w) & (w > 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"weights must be finite numbers > 0; the weight of {coms['commitment'].iloc[i]!r} "
                            f"is {values[i]!r}")
    return w


def _rates(group: npt.NDArray[np.intp], n_groups: int, level: npt.NDArray[np.int8], w: FloatArray,
           zero: bool) -> dict[str, object]:
    """Counts, weight, mean level and rate per group (shared by several functions)."""
    observed = level >= 0
    g_obs = group[observed]
    lev_obs = level[observed]
    n_com = np.bincount(group, minlength=n_groups).astype(np.int64)
    counts = np.bincount(g_obs * 4 + lev_obs, minlength=n_groups * 4).reshape(n_groups, 4).astype(np.int64)
    n_obs = counts.sum(axis=1)
    # float64 even with no commitment (bincount of empty weights gives int64)
    if zero:
        weight = np.bincount(group, weights=w, minlength=n_groups).astype(np.float64)
    else:
        weight = np.bincount(g_obs, weights=w[observed], minlength=n_groups).astype(np.float64)
    total = np.bincount(g_obs, weights=w[observed] * lev_obs, minlength=n_groups).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / weight
        rate = total / (3.0 * weight)
    out: dict[str, object] = {"n_commitments": n_com, "n_observed": n_obs, "n_no_data": n_com - n_obs}
    for k, name in enumerate(_LEVELS):
        out[name] = counts[:, k]
    out.update(weight=weight, mean_level=mean, rate=rate)
    return out


def agreement_rates(
    data: Case | CaseTables,
    *,
    at: AtLike = None,
    weights: Weights = None,
    coders: Literal["latest", "median", "min", "max"] = "latest",
    date_rule: DateRule = "end",
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Implementation rate of each agreement: the weighted mean rate of its commitments.

    Definition: for agreement :math:`a` with commitments :math:`c \\in C_a` that have
    data at ``at``, levels :math:`\\ell_c` and weights :math:`w_c`,

    .. math:: R_a = \\frac{\\sum_{c} w_c \\, \\ell_c}{3 \\sum_{c} w_c}.

    With equal weights this is the Peace Accords Matrix aggregate
    :math:`R_a = \\sum_c \\ell_c / (3 n_a)` (Joshi, Quinn & Regan 2015): the share of
    the maximum possible implementation score reached. Scale: [0, 1]; ``mean_level``
    is the same mean on the 0-3 scale (:math:`3 R_a`). Commitments with no data are
    left out (``missing="skip"``) or count as level 0 (``missing="zero"``, a lower
    bound); an agreement with no commitment in the mean has rate ``NaN``.

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

    Returns
    -------
    pandas.DataFrame
        One row per agreement (the agreements table's order), columns
        ``COLUMNS["agreement_rates"]``: ``agreement`` (str); ``n_commitments``,
        ``n_observed``, ``n_no_data`` and ``n_level_0`` ... ``n_level_3`` (int64:
        commitments in all, with data, without, and at each level); ``weight``
        (float64: the sum of the weights in the mean); ``mean_level`` (0-3) and
        ``rate`` (0-1) (float64).

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
    """
    t = as_tables(data)
    rule = _rule(date_rule)
    rule_coders = _coders(coders, each=False)
    zero = _missing(missing)
    statuses = _args.include(include)
    day = _at_day(at)
    w = _weights(t, weights)
    counted = _include(t, statuses)
    s = _core(t, at=day, rule=rule, coders=rule_coders, counts=False)
    com_agr, _, ids = _agreement_codes(t)
    cols: dict[str, object] = {"agreement": ids}
    cols.update(_rates(com_agr[counted], len(ids), s.level[counted], w[counted], zero))
    return _frame(cols, "agreement_rates")


# ============================================================================ sector coverage


def sector_coverage(
    data: Case | CaseTables,
    *,
    at: AtLike = None,
    threshold: int | str | ImplementationLevel = ImplementationLevel.INTERMEDIATE,
    coders: Literal["latest", "median", "min", "max"] = "latest",
    date_rule: DateRule = "end",
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
    rule = _rule(date_rule)
    theta = _threshold(threshold)
    rule_coders = _coders(coders, each=False)
    statuses = _args.include(include)
    day = _at_day(at)
    counted = _include(t, statuses)
    com_sec = _sector_codes(t)
    s = _core(t, at=day, rule=rule, coders=rule_coders, counts=False)
    com_agr, sec_agr, ids = _agreement_codes(t)
    categories = t.commitments["sector"].cat.categories
    n_sec = len(categories)
    agreed_sector = t.agreement_sectors["sector"]
    if not agreed_sector.cat.categories.equals(categories):  # both use the tables' vocabulary
        agreed_sector = agreed_sector.cat.set_categories(categories)
    as_sec = agreed_sector.cat.codes.to_numpy().astype(np.int64)
    keep = as_sec >= 0
    positions = np.flatnonzero(counted)
    key_c = com_agr[counted].astype(np.int64) * n_sec + com_sec[counted]
    key_a = sec_agr[keep].astype(np.int64) * n_sec + as_sec[keep]
    pair_ids, inverse = _pairs(np.concatenate([key_a, key_c]), max(len(ids), 1) * n_sec)
    inv_a, inv_c = inverse[: len(key_a)], inverse[len(key_a):]
    n = len(pair_ids)
    level = s.level[counted]
    observed = level >= 0
    n_com = len(level)
    agreed = np.bincount(inv_a, minlength=n) > 0
    n_commitments = np.bincount(inv_c, minlength=n).astype(np.int64)
    n_observed = np.bincount(inv_c[observed], minlength=n).astype(np.int64)
    n_implemented = np.bincount(inv_c[level >= theta], minlength=n).astype(np.int64)
    # commitments that ``include`` leaves out, in the rows there are (an excluded one makes no row)
    key_x = com_agr[~counted].astype(np.int64) * n_sec + com_sec[~counted]
    at_x = np.searchsorted(pair_ids, key_x)
    found = at_x < n
    found[found] = pair_ids[at_x[found]] == key_x[found]
    n_excluded = np.bincount(at_x[found], minlength=n).astype(np.int64)
    best = np.full(n, -1, np.int64)
    rank = level.astype(np.int64) * n_com + (n_com - 1 - np.arange(n_com))
    np.maximum.at(best, inv_c[observed], rank[observed])
    has = best >= 0
    best_level = np.where(has, best // max(n_com, 1), -1).astype(np.int8)
    best_com = _pick(positions.astype(np.intp), np.where(has, n_com - 1 - best % max(n_com, 1), -1), -1)
    implemented = has & (best_level >= theta)
    coverage = np.where(implemented, 0, np.where(has, 1, np.where(n_commitments > 0, 2, 3)))
    sector_codes = (pair_ids % n_sec).astype(np.int64)
    groups = t.sectors.groups()
    fields = sorted(set(groups.values()))
    field_of = np.array([fields.index(groups[c]) if c in groups else -1 for c in categories], dtype=np.int64)
    return _frame({
        "agreement": ids.array.take((pair_ids // n_sec).astype(np.intp)),
        "sector": _from_codes(sector_codes, categories),
        "field": _from_codes(field_of[sector_codes] if n else sector_codes, fields),
        "agreed": agreed,
        "n_commitments": n_commitments,
        "n_excluded": n_excluded,
        "n_observed": n_observed,
        "n_implemented": n_implemented,
        "best_level": _int8(best_level),
        "best_commitment": _take_str(t.commitments["commitment"], best_com),
        "implemented": implemented,
        "coverage": _from_codes(coverage, COVERAGE),
    }, "sector_coverage")


# ============================================================================ trajectory


_FREQ = "a pandas frequency of a day or longer, such as 'YE' (year end), 'QE', 'ME', 'W' or 'D'"


def _offset(freq: object) -> BaseOffset:
    from pandas.tseries.offsets import BaseOffset, Tick

    if isinstance(freq, BaseOffset):
        offset = freq
    elif isinstance(freq, str):
        try:
            offset = pd.tseries.frequencies.to_offset(freq)
        except (ValueError, TypeError):
            raise ArgumentError(f"freq must be {_FREQ}; got {freq!r}") from None
    else:
        raise ArgumentTypeError(f"freq must be {_FREQ} (a string); got {freq!r}")
    if isinstance(offset, Tick):  # hours and shorter: several period ends would fall on one day
        raise ArgumentError(f"freq must be {_FREQ}: a status is known per day, so a shorter step only repeats "
                            f"days; got {freq!r}")
    if offset.n <= 0:
        raise ArgumentError(f"freq must be {_FREQ}, stepping forward in time; got {freq!r}")
    return offset


def _period_ends(p: _Prepared, rule: DateRule, offset: BaseOffset, lo: int | None, hi: int | None,
                 ) -> pd.DatetimeIndex:
    """The dates of ``offset`` from the first on or after ``lo`` to the first on or after ``hi``."""
    point = p.point(rule)
    if lo is None:
        lo = int(point.min()) if len(point) else None
    if hi is None:
        hi = int(point.max()) if len(point) else None
    if lo is None or hi is None or hi < lo:
        return pd.DatetimeIndex([], dtype=_SEC)
    try:
        first = offset.rollforward(pd.Timestamp(np.datetime64(lo, "D")))
        last = offset.rollforward(pd.Timestamp(np.datetime64(hi, "D")))
        return pd.date_range(first, last, freq=offset).normalize().as_unit("s")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        raise ArgumentError(f"freq {offset.freqstr!r} gives no period dates within the years 1-9999 between "
                            f"{np.datetime64(lo, 'D')} and {np.datetime64(hi, 'D')}") from None


def _sector_codes(t: CaseTables) -> IntArray:
    """Each commitment's sector code; a commitment with no sector is a :class:`CaseValidationError`."""
    codes = t.commitments["sector"].cat.codes.to_numpy().astype(np.int64)
    if (codes < 0).any():
        raise CaseValidationError([problem("commitments", "sector", codes < 0,
                                            "every commitment needs a sector (a sector of the vocabulary)")])
    return codes


def trajectory(
    data: Case | CaseTables,
    *,
    freq: str = "YE",
    by: Literal["agreement", "sector", "commitment", "case"] = "agreement",
    start: AtLike = None,
    end: AtLike = None,
    weights: Weights = None,
    coders: Literal["latest", "median", "min", "max"] = "latest",
    date_rule: DateRule = "end",
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Implementation rates over time, per agreement, sector, commitment or the whole case.

    Definition: at each date :math:`t_k` of ``freq`` (each period's end, with the
    default), the weighted mean rate of the group's commitments with data at :math:`t_k`,
    :math:`R_g(t_k) = \\sum_c w_c \\ell_c(t_k) / (3 \\sum_c w_c)` — the
    :func:`agreement_rates` formula (the Peace Accords Matrix aggregate with equal
    weights) evaluated at every period end, as PAM's annualised data do. Scale:
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

    Returns
    -------
    pandas.DataFrame
        One row per date and group (groups in table or vocabulary order),
        columns ``COLUMNS["trajectory"]``: ``date`` (datetime64[s], the day the
        status is read at: the period end with the default ``freq``),
        ``group`` (str), ``n_commitments``, ``n_observed`` (int64), ``mean_level``,
        ``rate`` (float64; ``NaN`` when no commitment of the group has data yet).

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
    rule = _rule(date_rule)
    group_by = _args.choice("by", by, ("agreement", "sector", "commitment", "case"))
    rule_coders = _coders(coders, each=False)
    zero = _missing(missing)
    offset = _offset(freq)
    statuses = _args.include(include)
    lo, hi = _at_day(start, "start"), _at_day(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise ArgumentError(f"start must be on or before end; got start={start!r}, end={end!r}")
    w = _weights(t, weights)
    counted = _include(t, statuses)
    p = _prepared(t)
    dates = _period_ends(p, rule, offset, lo, hi)
    coms = t.commitments
    n_com = len(coms)
    labels: pd.Series
    if group_by == "agreement":
        group, _, labels = _agreement_codes(t)
    elif group_by == "sector":
        codes = _sector_codes(t)
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
    n_groups = len(labels)
    parts: list[dict[str, object]] = []
    day_numbers = dates.values.astype(_DAY).astype(np.int64)
    for day in day_numbers:  # one pass per period end, vectorised over observations
        s = _core(t, at=int(day), rule=rule, coders=rule_coders, counts=False)
        parts.append(_rates(group, n_groups, s.level[counted], w[counted], zero))
    k = len(dates)
    cols: dict[str, object] = {
        "date": np.repeat(dates.values.astype(_SEC), n_groups),
        "group": labels.array.take(np.tile(np.arange(n_groups), k)) if k else labels.array[:0],
    }
    for name in ("n_commitments", "n_observed", "mean_level", "rate"):
        dtype = np.int64 if name.startswith("n_") else np.float64
        cols[name] = (np.concatenate([np.asarray(part[name]) for part in parts]) if parts
                      else np.zeros(0, dtype))
    return _frame(cols, "trajectory")


# ============================================================================ stalled


def stalled(
    data: Case | CaseTables,
    *,
    at: AtLike = None,
    span: int | str = 12,
    coders: Literal["latest", "median", "min", "max"] = "latest",
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
    rule = _rule(date_rule)
    months = _months(span, "span")
    rule_coders = _coders(coders, each=False)
    statuses = _args.include(include)
    day = _at_day(at)
    p = _prepared(t)
    if day is None:
        point = p.point(rule)
        day = int(point.max()) if len(point) else 0
    before_date = _months_before(day, months, "span")
    before = before_date.toordinal() - _EPOCH_ORDINAL
    s_now = _core(t, at=day, rule=rule, coders=rule_coders, counts=False)
    s_before = _core(t, at=before, rule=rule, coders=rule_coders, counts=False)
    mask = (s_now.level >= 0) & (s_before.level >= 0) & (s_now.level < 3) & (s_now.level <= s_before.level)
    mask &= _include(t, statuses)
    rows = np.flatnonzero(mask).astype(np.intp)
    coms = t.commitments
    return _frame({
        "commitment": coms["commitment"].array.take(rows),
        "agreement": coms["agreement"].array.take(rows),
        "sector": coms["sector"].array.take(rows),
        "level": _int8(s_now.level[rows]),
        "level_before": _int8(s_before.level[rows]),
        "date": _take_str(t.observations["date"], s_now.obs[rows]),
        "window_start": np.full(len(rows), np.datetime64(before_date, "D")).astype(_SEC),
    }, "stalled")


# ============================================================================ reversals


def reversals(
    data: Case | CaseTables,
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
    :func:`status` follows with ``coders="latest"``.

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
    rule = _rule(date_rule)
    rule_coders = _args.choice("coders", coders, ("each", "latest"))
    day = _at_day(at)
    p = _prepared(t)
    order_key = _order_key(t, p, rule)
    point = p.point(rule)
    sel = np.arange(len(point)) if day is None else np.flatnonzero(point <= day)
    group = p.com.astype(np.int64)
    if rule_coders == "each":
        cod, n_cod = _coder_codes(t)
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


def compare(
    cases: Mapping[str, Case | CaseTables] | Iterable[Case | CaseTables],
    *,
    at: AtLike = None,
    threshold: int | str | ImplementationLevel = ImplementationLevel.INTERMEDIATE,
    weights: Literal["equal"] | None = None,
    coders: Literal["latest", "median", "min", "max"] = "latest",
    date_rule: DateRule = "end",
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """One row per case: implementation rate, sector coverage and counts, for cross-case work.

    Definitions: the partnership rate is the :func:`agreement_rates` formula over
    all commitments of the case, :math:`R = \\sum_c w_c \\ell_c / (3 \\sum_c w_c)`
    (with equal weights the Peace Accords Matrix aggregate); a sector is *agreed*
    when any agreement of the case names it, and *implemented* when, in some
    agreement that names it, a commitment reaches ``threshold``
    (:func:`sector_coverage`); ``coverage`` = implemented / agreed sectors.
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

    Returns
    -------
    pandas.DataFrame
        One row per case in the given order, columns ``COLUMNS["compare"]``:
        ``case`` (str); ``n_agreements``, ``n_commitments``, ``n_observed``,
        ``n_level_0`` ... ``n_level_3`` (int64); ``mean_level``, ``rate`` (float64);
        ``n_sectors_agreed``, ``n_sectors_implemented`` (int64), ``coverage``
        (float64); ``n_obstacles``, ``n_challenges`` (int64: obstacle records of each
        kind).

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
    rule = _rule(date_rule)
    rule_coders = _coders(coders, each=False)
    zero = _missing(missing)
    _threshold(threshold)
    statuses = _args.include(include)
    day = _at_day(at)
    if weights is not None:
        if not isinstance(weights, str):
            raise ArgumentTypeError(f"weights must be None (each commitment's own weight) or 'equal'; got "
                                    f"{type(weights).__name__}")
        _args.choice("weights", weights, ("equal",))
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
    rows: dict[str, list[object]] = {c: [] for c in COLUMNS["compare"]}
    for name, t in items:
        s = _core(t, at=day, rule=rule, coders=rule_coders, counts=False)
        w = _weights(t, weights)
        counted = _include(t, statuses)
        whole = _rates(np.zeros(int(counted.sum()), np.intp), 1, s.level[counted], w[counted], zero)
        cov = sector_coverage(t, at=at, threshold=threshold, coders=coders, date_rule=date_rule,
                              include=include)
        agreed = cov[cov["agreed"]]
        by_sector = agreed.groupby("sector", observed=True)["implemented"].any()
        kinds = t.obstacles["kind"].astype("str")
        rows["case"].append(name)
        rows["n_agreements"].append(len(_agreement_codes(t)[2]))
        for k in ("n_commitments", "n_observed", *_LEVELS):
            rows[k].append(int(np.asarray(whole[k])[0]))
        rows["mean_level"].append(float(np.asarray(whole["mean_level"])[0]))
        rows["rate"].append(float(np.asarray(whole["rate"])[0]))
        rows["n_sectors_agreed"].append(len(by_sector))
        rows["n_sectors_implemented"].append(int(by_sector.sum()))
        rows["coverage"].append(float(by_sector.mean()) if len(by_sector) else math.nan)
        rows["n_obstacles"].append(int((kinds == "obstacle").sum()))
        rows["n_challenges"].append(int((kinds == "challenge").sum()))
    dtypes = {c: ("str" if c == "case" else "float64" if c in ("mean_level", "rate", "coverage") else "int64")
              for c in COLUMNS["compare"]}
    return _frame({c: pd.Series(rows[c], dtype="str") if c == "case" else np.asarray(rows[c], dtype=dtypes[c])
                   for c in COLUMNS["compare"]}, "compare")
