"""The implementation-scoring kernel (private to the package).

One home for what :mod:`sistercity.implementation`, :mod:`sistercity.obstacles` and the
plots share: the checks of their common options (``at``, ``date_rule``, ``coders``,
``threshold``, ``missing``, ``kind``, spans and frequencies), the integer arrays prepared
once per :class:`~sistercity.CaseTables` (kept with :meth:`CaseTables.memo`), the status
core (one masked scatter-maximum over the observations), the aggregates built on it
(rates, sector coverage) and the helpers that turn positions back into labelled columns.

Nothing here is public API: the public functions document the rules (see the notes of
:mod:`sistercity.implementation`); this module only computes them.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity import _args
from sistercity._frames import problem
from sistercity._typing import DateRule
from sistercity.dates import parse_at
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import ImplementationLevel

if TYPE_CHECKING:
    from pandas.tseries.offsets import BaseOffset

    from sistercity.tables import CaseTables

IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
FloatArray: TypeAlias = npt.NDArray[np.float64]
PosArray: TypeAlias = npt.NDArray[np.intp]

ThresholdLike: TypeAlias = int | str | ImplementationLevel
"""A level 0-3, its name (``"intermediate"``) or an :class:`~sistercity.ImplementationLevel`."""

AggregateCoders: TypeAlias = Literal["latest", "median", "min", "max"]
"""The ``coders`` rules that give one status per commitment."""

CODER_RULES: tuple[str, ...] = ("latest", "median", "min", "max", "each")
"""The accepted values of ``coders`` (``"each"`` only where a row per coder makes sense)."""

LEVEL_COUNTS: tuple[str, ...] = ("n_level_0", "n_level_1", "n_level_2", "n_level_3")
"""The columns counting commitments at each level."""

DAY = np.dtype("datetime64[D]")
SECONDS = "datetime64[s]"
EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
MAX_MONTHS = 9999 * 12
YEAR_DAYS = 365.2425  # the mean Gregorian year, for ages in years
_KEY = "sistercity._kernel"  # first item of every memo key set here


# ============================================================================ options


def date_rule(value: object) -> DateRule:
    """``date_rule``: ``"end"`` or ``"start"``."""
    return "start" if _args.choice("date_rule", value, ("end", "start")) == "start" else "end"


def coder_rule(value: object, *, each: bool = True) -> str:
    """``coders``: one of :data:`CODER_RULES` (without ``"each"`` unless ``each``)."""
    allowed = CODER_RULES if each else tuple(c for c in CODER_RULES if c != "each")
    return _args.choice("coders", value, allowed)


def at_day(value: object, name: str = "at") -> int | None:
    """Days since 1970-01-01 of ``value`` (a date, or the last day of a partial date; see :func:`parse_at`)."""
    at = parse_at(value, name=name)
    return None if at is None else at.end().toordinal() - EPOCH_ORDINAL


def threshold(value: object) -> int:
    """``threshold``: a level 0-3 (an int or a name such as ``"full"``) as an int."""
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


def missing_as_zero(value: object) -> bool:
    """``missing``: ``True`` for ``"zero"`` (no data counts as level 0), ``False`` for ``"skip"``."""
    return _args.choice("missing", value, ("skip", "zero")) == "zero"


def obstacle_kind(value: object) -> str | None:
    """``kind`` of an obstacle: ``None`` (both), ``"obstacle"`` or ``"challenge"``."""
    if value is None or (isinstance(value, str) and value in ("obstacle", "challenge")):
        return value
    raise ArgumentError(f"kind must be None, 'obstacle' or 'challenge'; got {value!r}")


def included(t: CaseTables, statuses: tuple[str, ...]) -> BoolArray:
    """Which commitments count, by their status (``statuses`` from :func:`sistercity._args.include`)."""
    return np.asarray(t.commitments["status"].isin(list(statuses)).to_numpy(dtype=bool))


def months(value: object, name: str) -> int:
    """A span in months: a whole number > 0 or an ISO 8601 duration (``"P1Y"``, ``"P6M"``)."""
    expected = "a number of months > 0 or a duration like 'P1Y' or 'P6M'"
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ArgumentTypeError(f"{name} must be {expected}; got {value!r}")
    if isinstance(value, int):
        return _args.positive_int(name, value, maximum=MAX_MONTHS)
    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", value.strip().upper())
    if m and (m.group(1) or m.group(2)):
        n = int(m.group(1) or 0) * 12 + int(m.group(2) or 0)
        if 0 < n <= MAX_MONTHS:
            return n
    raise ArgumentError(f"{name} must be {expected} (at most {MAX_MONTHS} months); got {value!r}")


def months_before(day: int, n_months: int, name: str) -> _dt.date:
    """The day ``n_months`` before day number ``day`` (clipped to the end of a shorter month)."""
    d = _dt.date.fromordinal(day + EPOCH_ORDINAL)
    y, m = divmod(d.year * 12 + d.month - 1 - n_months, 12)
    if y < 1:
        raise ArgumentError(f"{name}: {n_months} months before {d.isoformat()} falls before the year 1; give a "
                            f"shorter {name} or a later at")
    return _dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


_FREQ = "a pandas frequency of a day or longer, such as 'YE' (year end), 'QE', 'ME', 'W' or 'D'"


def offset(freq: object) -> BaseOffset:
    """``freq`` as a pandas offset of a day or longer that steps forward."""
    from pandas.tseries.offsets import BaseOffset, Tick

    if isinstance(freq, BaseOffset):
        out = freq
    elif isinstance(freq, str):
        try:
            out = pd.tseries.frequencies.to_offset(freq)
        except (ValueError, TypeError):
            raise ArgumentError(f"freq must be {_FREQ}; got {freq!r}") from None
    else:
        raise ArgumentTypeError(f"freq must be {_FREQ} (a string); got {freq!r}")
    if isinstance(out, Tick):  # hours and shorter: several period ends would fall on one day
        raise ArgumentError(f"freq must be {_FREQ}: a status is known per day, so a shorter step only repeats "
                            f"days; got {freq!r}")
    if out.n <= 0:
        raise ArgumentError(f"freq must be {_FREQ}, stepping forward in time; got {freq!r}")
    return out


# ============================================================================ prepared arrays


@dataclass(frozen=True)
class Prepared:
    """Integer arrays of the observations, computed once per tables."""

    com: PosArray  # commitment position of each observation
    first: IntArray  # first day (days since the epoch)
    last: IntArray  # last day
    level: npt.NDArray[np.int8]
    n_com: int

    def point(self, rule: DateRule) -> IntArray:
        """The day each observation counts from under ``rule``."""
        return self.last if rule == "end" else self.first


def prepared(t: CaseTables) -> Prepared:
    """The observations as integer arrays (a :class:`CaseValidationError` for tables the model refuses)."""
    return t.memo((_KEY, "prepared"), lambda: _prepare(t))


def _prepare(t: CaseTables) -> Prepared:
    obs = t.observations
    com = t._positions("observations", "commitment", "commitments")
    problems: list[Problem] = []
    bad = np.flatnonzero(com < 0)
    if len(bad):
        i = int(bad[0])
        problems.append(Problem(
            f"{len(bad)} observation(s) name a commitment that the commitments table does not have; "
            f"the first is {obs['commitment'].iloc[i]!r}", path=f"observations[{i}].commitment"))
    first = obs["date_first"].to_numpy().astype(DAY)
    last = obs["date_last"].to_numpy().astype(DAY)
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
    return Prepared(com=com.astype(np.intp, copy=False), first=first.view(np.int64),
                    last=last.view(np.int64), level=level, n_com=len(t.commitments))


def order_key(t: CaseTables, p: Prepared, rule: DateRule) -> IntArray:
    """One int64 per observation that orders by (day under ``rule``, row): larger is later."""

    def compute() -> IntArray:
        point = p.point(rule)
        n = len(point)
        if not n:
            return np.zeros(0, np.int64)
        shift = max(1, int(n).bit_length())
        lo = int(point.min())
        span = int(point.max()) - lo
        if span.bit_length() + shift > 62:  # pragma: no cover - dates beyond ±2^40 days never occur
            point = np.unique(point, return_inverse=True)[1].astype(np.int64)
            lo = 0
        return np.asarray(((point - lo) << shift) | np.arange(n, dtype=np.int64), dtype=np.int64)

    return t.memo((_KEY, "order", rule), compute)


def coder_codes(t: CaseTables) -> tuple[PosArray, int]:
    """Coder of each observation as a code into the sorted coder names, and their number."""

    def compute() -> tuple[PosArray, int]:
        codes, uniques = pd.factorize(t.observations["coder"], sort=True, use_na_sentinel=False)
        return np.asarray(codes, dtype=np.intp), len(uniques)

    return t.memo((_KEY, "coders"), compute)


def agreement_codes(t: CaseTables) -> tuple[PosArray, PosArray, pd.Series]:
    """Agreement codes of commitments and of agreement_sectors, and the agreement ids.

    The ids are those of the agreements table, then (in order of first appearance)
    any agreement a commitment or an agreement_sectors row names that the table lacks
    (possible when a user builds tables without an agreements table).
    """
    return t.memo((_KEY, "agreements"), lambda: _agreement_codes(t))


def _agreement_codes(t: CaseTables) -> tuple[PosArray, PosArray, pd.Series]:
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
    return com, sec, ids


def sector_codes(t: CaseTables) -> IntArray:
    """Each commitment's sector code; a commitment with no sector is a :class:`CaseValidationError`."""
    codes = t.commitments["sector"].cat.codes.to_numpy().astype(np.int64)
    if (codes < 0).any():
        raise CaseValidationError([problem("commitments", "sector", codes < 0,
                                            "every commitment needs a sector (a sector of the vocabulary)")])
    return codes


MAX_PERIODS = 20_000
"""Most periods one trajectory computes (daily over 54 years, monthly over 1,666)."""


def period_ends(p: Prepared, rule: DateRule, step: BaseOffset, lo: int | None, hi: int | None,
                ) -> pd.DatetimeIndex:
    """The dates of ``step`` from the first on or after ``lo`` to the first on or after ``hi``."""
    point = p.point(rule)
    if lo is None:
        lo = int(point.min()) if len(point) else None
    if hi is None:
        hi = int(point.max()) if len(point) else None
    if lo is None or hi is None or hi < lo:
        return pd.DatetimeIndex([], dtype=SECONDS)
    try:
        first = step.rollforward(pd.Timestamp(np.datetime64(lo, "D")))
        last = step.rollforward(pd.Timestamp(np.datetime64(hi, "D")))
        ends = pd.date_range(first, last, freq=step).normalize().as_unit("s")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        raise ArgumentError(f"freq {step.freqstr!r} gives no period dates within the years 1-9999 between "
                            f"{np.datetime64(lo, 'D')} and {np.datetime64(hi, 'D')}") from None
    if len(ends) > MAX_PERIODS:
        raise ArgumentError(f"freq {step.freqstr!r} gives {len(ends):,} periods between {np.datetime64(lo, 'D')} and "
                            f"{np.datetime64(hi, 'D')}; at most {MAX_PERIODS:,} are computed: choose a coarser "
                            "freq or a shorter start-end span")
    return ends


# ============================================================================ the status core


@dataclass(frozen=True)
class Status:
    """One row per commitment (or per commitment and coder): positions, not labels."""

    com: PosArray  # commitment position of the row
    obs: PosArray  # observation the status rests on (-1: no data)
    level: npt.NDArray[np.int8]  # -1: no data
    n_obs: IntArray
    n_coders: IntArray
    point: IntArray  # the day of ``obs`` under the rule (undefined where obs < 0)
    disagreement: BoolArray  # the commitment's last day (by ``at``) has observations of different levels


def max_age(value: object) -> float | None:
    """``max_age``: ``None`` (no bound) or a finite number of years >= 0."""
    if value is None:
        return None
    if isinstance(value, np.integer | np.floating):
        value = value.item()
    return _args.finite_float("max_age", value, minimum=0.0)


def reference_day(p: Prepared, rule: DateRule, at: int | None) -> int | None:
    """The day ages are measured to: ``at``, or with ``at=None`` the latest observation's day."""
    if at is not None:
        return at
    point = p.point(rule)
    return int(point.max()) if len(point) else None


def core(t: CaseTables, *, at: int | None, rule: DateRule, coders: str, counts: bool = True,
         max_age: float | None = None) -> Status:
    """The status rows; ``counts=False`` skips ``n_obs``, ``n_coders`` and ``point`` (left zero) for speed.

    ``max_age`` (years): observations more than that many years (of :data:`YEAR_DAYS`
    days) before the reference day (:func:`reference_day`) count as no data.
    """
    p = prepared(t)
    order = order_key(t, p, rule)
    point = p.point(rule)
    n_com = p.n_com
    shift = max(1, len(point).bit_length())
    low = (np.int64(1) << shift) - 1
    sel: PosArray | None = None
    if at is not None or max_age is not None:
        mask = np.ones(len(point), np.bool_) if at is None else point <= at
        ref = reference_day(p, rule, at)
        if max_age is not None and ref is not None:
            mask &= (ref - point) <= max_age * YEAR_DAYS
        sel = np.flatnonzero(mask)
    if sel is None:
        com, key = p.com, order
    else:
        com, key = p.com[sel], order[sel]
    n_obs = np.bincount(com, minlength=n_com).astype(np.int64) if counts else np.zeros(n_com, np.int64)

    obs, last_level, disagree = last_day(com, key, p.level if sel is None else p.level[sel], n_com, shift)
    if coders == "latest":
        if counts:
            cod, n_cod = coder_codes(t)
            ccod = cod if sel is None else cod[sel]
            seen = pairs(com.astype(np.int64) * n_cod + ccod, n_com * n_cod)[0]
            n_coders = np.bincount(seen // n_cod, minlength=n_com).astype(np.int64)
        else:
            n_coders = np.zeros(n_com, np.int64)
        days = pick(point, obs, 0) if counts else n_obs
        return Status(np.arange(n_com, dtype=np.intp), obs, last_level, n_obs, n_coders, days, disagree)

    cod, n_cod = coder_codes(t)
    ccod = cod if sel is None else cod[sel]
    pair_ids, inverse = pairs(com.astype(np.int64) * n_cod + ccod, n_com * n_cod)
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
        return Status(row_com, row_obs, row_level, row_n, n_coders[row_com], pick(point, row_obs, 0),
                      disagree[row_com])

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
    days = pick(point, obs, 0) if counts else n_obs
    return Status(np.arange(n_com, dtype=np.intp), obs, level, n_obs, n_coders, days, disagree)


def last_day(com: PosArray, key: IntArray, level: npt.NDArray[np.int8], n_com: int, shift: int,
             ) -> tuple[PosArray, npt.NDArray[np.int8], BoolArray]:
    """Per commitment: the status under ``coders="latest"`` and whether its last day disagrees.

    The observations on a commitment's last day (the high bits of ``key``) give the
    lower median of their levels; the status rests on the latest row with that level.
    ``disagreement`` is whether that day has more than one distinct level.
    """
    low = (np.int64(1) << shift) - 1
    best = np.full(n_com, -1, np.int64)
    np.maximum.at(best, com, key)
    on = (key >> shift) == (best[com] >> shift)
    c_on, l_on, k_on = com[on], level[on].astype(np.intp), key[on]
    per_level = np.bincount(c_on * 4 + l_on, minlength=n_com * 4).reshape(n_com, 4)
    n_on = per_level.sum(axis=1)
    agg = np.argmax(np.cumsum(per_level, axis=1) >= ((n_on + 1) // 2)[:, None], axis=1)
    agg = np.where(n_on > 0, agg, -1)
    chosen = l_on == agg[c_on]
    pick_key = np.full(n_com, -1, np.int64)
    np.maximum.at(pick_key, c_on[chosen], k_on[chosen])
    obs = np.where(pick_key >= 0, pick_key & low, -1).astype(np.intp)
    return obs, agg.astype(np.int8), (per_level > 0).sum(axis=1) >= 2


def pick(values: npt.NDArray[Any], idx: npt.NDArray[np.integer[Any]], fill: object) -> npt.NDArray[Any]:
    """``values[idx]``, with ``fill`` where ``idx`` is negative (safe on empty ``values``)."""
    if not len(values):
        return np.full(len(idx), fill, dtype=values.dtype)
    return np.where(idx >= 0, values[idx], np.asarray(fill, dtype=values.dtype))


def pairs(keys: IntArray, size: int) -> tuple[IntArray, PosArray]:
    """Sorted distinct ``keys`` (all in ``[0, size)``) and each key's index among them."""
    if size <= max(8 * len(keys), 1 << 20):
        present = np.zeros(size, np.bool_)
        present[keys] = True
        ids = np.flatnonzero(present).astype(np.int64)
        rank = np.cumsum(present, dtype=np.intp) - 1
        return ids, rank[keys]
    ids, inverse = np.unique(keys, return_inverse=True)
    return ids.astype(np.int64), inverse.astype(np.intp)


# ============================================================================ aggregates


def check_weights(value: object) -> None:
    """Refuse a ``weights`` of the wrong type or value before any work (its ids are matched later)."""
    if value is None or isinstance(value, pd.Series | Mapping):
        return
    if isinstance(value, str):
        _args.choice("weights", value, ("equal",))
        return
    raise ArgumentTypeError(f"weights must be None (each commitment's own weight), 'equal', or a mapping or "
                            f"Series from commitment id to weight; got {type(value).__name__}")


def weights(t: CaseTables, value: object) -> FloatArray:
    """Each commitment's weight under ``weights=value`` (own weight, equal, or given by id)."""
    check_weights(value)
    coms = t.commitments
    if value is None:
        return np.asarray(coms["weight"].to_numpy(dtype=np.float64, na_value=1.0))
    if isinstance(value, str):
        return np.ones(len(coms))
    if isinstance(value, pd.Series):
        series = value
    else:
        mapping = cast(Mapping[object, object], value)
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


def rates(group: PosArray, n_groups: int, level: npt.NDArray[np.int8], w: FloatArray,
          zero: bool) -> dict[str, object]:
    """Counts, weight, mean level, rate, observed share and PAM rate per group (shared by several functions)."""
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
    all_weight = np.bincount(group, weights=w, minlength=n_groups).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / weight
        rate = total / (3.0 * weight)
        share = n_obs / n_com.astype(np.float64)
        rate_pam = total / (3.0 * all_weight)
    out: dict[str, object] = {"n_commitments": n_com, "n_observed": n_obs, "n_no_data": n_com - n_obs}
    for k, name in enumerate(LEVEL_COUNTS):
        out[name] = counts[:, k]
    out.update(weight=weight, mean_level=mean, rate=rate, observed_share=share, rate_pam=rate_pam)
    return out


@dataclass(frozen=True)
class Coverage:
    """One row per (agreement, sector) that the agreement names or has a counted commitment in."""

    agreement: PosArray  # agreement code (into agreement_codes' ids)
    sector: IntArray  # sector code (into the tables' sector vocabulary)
    field: IntArray  # code into ``fields``
    fields: list[str]
    agreed: BoolArray
    n_commitments: IntArray
    n_excluded: IntArray
    n_observed: IntArray
    n_implemented: IntArray
    best_level: npt.NDArray[np.int8]  # -1: no data
    best_commitment: PosArray  # commitment position, -1: none
    implemented: BoolArray
    coverage: IntArray  # 0 implemented, 1 below threshold, 2 no data, 3 gap


def coverage(t: CaseTables, com_sec: IntArray, level: npt.NDArray[np.int8], counted: BoolArray, theta: int,
             ) -> Coverage:
    """Best level per (agreement, sector) of the counted commitments.

    ``com_sec`` is :func:`sector_codes`, ``level`` the status level of every commitment
    (-1: no data), ``counted`` which commitments ``include`` keeps.
    """
    com_agr, sec_agr, ids = agreement_codes(t)
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
    pair_ids, inverse = pairs(np.concatenate([key_a, key_c]), max(len(ids), 1) * n_sec)
    inv_a, inv_c = inverse[: len(key_a)], inverse[len(key_a):]
    n = len(pair_ids)
    level = level[counted]
    observed = level >= 0
    n_com = len(level)
    n_commitments = np.bincount(inv_c, minlength=n).astype(np.int64)
    # commitments that ``include`` leaves out, in the rows there are (an excluded one makes no row)
    key_x = com_agr[~counted].astype(np.int64) * n_sec + com_sec[~counted]
    at_x = np.searchsorted(pair_ids, key_x)
    found = at_x < n
    found[found] = pair_ids[at_x[found]] == key_x[found]
    best = np.full(n, -1, np.int64)
    rank = level.astype(np.int64) * n_com + (n_com - 1 - np.arange(n_com))
    np.maximum.at(best, inv_c[observed], rank[observed])
    has = best >= 0
    best_level = np.where(has, best // max(n_com, 1), -1).astype(np.int8)
    implemented = has & (best_level >= theta)
    sector = (pair_ids % n_sec).astype(np.int64)
    groups = t.sectors.groups()
    fields = sorted(set(groups.values()))
    field_of = np.array([fields.index(groups[c]) if c in groups else -1 for c in categories], dtype=np.int64)
    return Coverage(
        agreement=(pair_ids // n_sec).astype(np.intp), sector=sector,
        field=field_of[sector] if n else sector, fields=fields,
        agreed=np.bincount(inv_a, minlength=n) > 0,
        n_commitments=n_commitments,
        n_excluded=np.bincount(at_x[found], minlength=n).astype(np.int64),
        n_observed=np.bincount(inv_c[observed], minlength=n).astype(np.int64),
        n_implemented=np.bincount(inv_c[level >= theta], minlength=n).astype(np.int64),
        best_level=best_level,
        best_commitment=pick(positions.astype(np.intp), np.where(has, n_com - 1 - best % max(n_com, 1), -1), -1),
        implemented=implemented,
        coverage=np.where(implemented, 0, np.where(has, 1, np.where(n_commitments > 0, 2, 3))).astype(np.int64),
    )


# ============================================================================ labelled output


def int8(values: npt.NDArray[np.int8]) -> pd.arrays.IntegerArray:
    """Levels as a nullable Int8 array (-1 is missing)."""
    return pd.arrays.IntegerArray(values.astype(np.int8), values < 0)


def take_str(series: pd.Series, positions: npt.NDArray[np.intp]) -> pd.api.extensions.ExtensionArray:
    """``series`` values at ``positions``; missing where a position is -1."""
    return cast(pd.api.extensions.ExtensionArray, series.array.take(positions, allow_fill=True))


def from_codes(codes: npt.NDArray[np.integer[Any]], categories: Iterable[str]) -> pd.Categorical:
    """A categorical of ``codes`` (-1 missing) into ``categories``."""
    return cast(pd.Categorical, pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64),
                                                          dtype=pd.CategoricalDtype(list(categories))))


def evidence_rows(t: CaseTables, record: str, ids: pd.Series | IntArray) -> tuple[pd.DataFrame, PosArray]:
    """The first evidence row of each record id: the rows, and each id's position in them (-1: none).

    Observation ids are matched as integers (their ``record_id`` is the observation
    number as text). The rows and their lookup index are kept with the tables.
    """

    def compute() -> tuple[pd.DataFrame, pd.Index]:
        ev = t.evidence
        mask = (ev["record"] == record).to_numpy(dtype=bool, na_value=False)
        found = ev[mask].drop_duplicates("record_id").reset_index(drop=True)
        if record == "observation":
            return found, pd.Index(pd.to_numeric(found["record_id"], errors="coerce"))
        return found, pd.Index(found["record_id"])

    rows, index = t.memo((_KEY, "evidence", record), compute)
    if not len(rows):
        return rows, np.full(len(ids), -1, np.intp)
    return rows, np.asarray(index.get_indexer(pd.Index(ids)), dtype=np.intp)


def days_to_datetime(days: IntArray, valid: BoolArray) -> npt.NDArray[np.datetime64]:
    """Day numbers as datetime64[s], NaT where not ``valid``."""
    out = days.astype("datetime64[D]").astype(SECONDS)
    out[~valid] = np.datetime64("NaT")
    return out


def frame(columns: dict[str, object], expected: tuple[str, ...]) -> pd.DataFrame:
    """A DataFrame of ``columns``, which must be exactly ``expected``, in order."""
    df = pd.DataFrame(columns, copy=False)
    assert tuple(df.columns) == expected
    return df
