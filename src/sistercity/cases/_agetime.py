"""Agreement time: when each case's agreement was signed, and the day it reached an age (private).

The age of an agreement is counted in whole months from its signing date. A signing date
known only to the month or the year is a span of days; ``date_rule`` says which end of it
the age counts from, as it says for observations: ``"end"`` (default) from its last day
(an agreement signed in "2016" is two years old on 31 December 2018: *at least* two years
old whenever in 2016 it was signed), ``"start"`` from its first day. No day is invented:
counting from the end of a month or year lands on the end of a month, and the comparison
is read at the last day of that month.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from sistercity._args import finite_float
from sistercity.dates import MAX_YEAR, MIN_YEAR
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.model import Case
from sistercity.tables import partial_date_bounds

__all__ = ["DAYS_PER_YEAR", "SIGNING_COLUMNS", "Anchor", "age_day", "age_months", "points", "signing", "years_between"]

DAYS_PER_YEAR = 365.2425
"""The mean Gregorian year, as :mod:`sistercity.implementation` counts the age of evidence."""

SIGNING_COLUMNS = ("case", "agreement", "signed", "precision", "signed_first", "signed_last")
"""Columns of :meth:`CaseSet.signing`."""

Anchor = str | Mapping[str, str]


def age_months(age: object, *, name: str = "age") -> int:
    """``age`` (years) as whole months; an age that is not a whole number of months is refused."""
    years = finite_float(name, age, minimum=0.0)
    months = round(years * 12)
    if not math.isclose(years * 12, months, abs_tol=1e-9):
        raise ArgumentError(f"{name} is counted in whole months (a multiple of 1/12 year); got {age!r}")
    if months > 12 * 1000:
        raise ArgumentError(f"{name} must be at most 1000 years; got {age!r}")
    return months


def _add_months(day: _dt.date, months: int, *, month_end: bool) -> _dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ArgumentError(f"the agreement's age falls outside the years {MIN_YEAR}-{MAX_YEAR}")
    last = calendar.monthrange(year, month)[1]
    return _dt.date(year, month, last if month_end else min(day.day, last))


def age_day(first: pd.Timestamp, last: pd.Timestamp, precision: str, months: int, rule: str) -> _dt.date:
    """The day an agreement signed in [``first``, ``last``] is ``months`` old under ``rule``."""
    if rule == "end":
        return _add_months(last.date(), months, month_end=precision != "day")
    return _add_months(first.date(), months, month_end=False)


def years_between(start: _dt.date | None, day: _dt.date | None) -> float:
    """Years of :data:`DAYS_PER_YEAR` days from ``start`` to ``day`` (NaN when either is unknown)."""
    if start is None or day is None:
        return math.nan
    return (day - start).days / DAYS_PER_YEAR


def _anchors(cases: Sequence[tuple[str, Case]], anchor: Anchor) -> dict[str, str | None]:
    """The agreement each case's age is counted from (``None``: the case has no signed agreement)."""
    if isinstance(anchor, str):
        if anchor != "first":
            raise ArgumentError(f"anchor must be 'first' or a mapping from case to agreement id; got {anchor!r}")
        out: dict[str, str | None] = {}
        for label, case in cases:
            signed = [(a.signed.start(), a.signed.end(), a.id) for a in case.agreements if a.signed is not None]
            out[label] = min(signed)[2] if signed else None
        return out
    if not isinstance(anchor, Mapping):
        raise ArgumentTypeError(f"anchor must be 'first' or a mapping from case to agreement id; got "
                                f"{type(anchor).__name__}")
    labels = {label for label, _ in cases}
    unknown = sorted(str(k) for k in anchor if k not in labels)
    if unknown:
        raise ArgumentError(f"anchor names case(s) not in the set: {', '.join(map(repr, unknown))}")
    chosen = _anchors(cases, "first")
    for label, case in cases:
        if label in anchor:
            aid = anchor[label]
            if not isinstance(aid, str) or aid not in {a.id for a in case.agreements}:
                raise ArgumentError(f"anchor: case {label!r} has no agreement {aid!r}")
            chosen[label] = aid
    return chosen


def signing(cases: Sequence[tuple[str, Case]], anchor: Anchor) -> pd.DataFrame:
    """One row per case: the anchor agreement, its signing date as given, its precision and bounds."""
    chosen = _anchors(cases, anchor)
    rows: dict[str, list[object]] = {c: [] for c in SIGNING_COLUMNS}
    for label, case in cases:
        aid = chosen[label]
        signed = None if aid is None else case.agreement(aid).signed
        rows["case"].append(label)
        rows["agreement"].append(aid)
        rows["signed"].append(None if signed is None else str(signed))
    signed_col = pd.Series(rows["signed"], dtype="object")
    first, last, precision = partial_date_bounds(signed_col)
    labels = [label for label, _ in cases]
    return pd.DataFrame({
        "case": pd.Categorical(rows["case"], categories=labels),
        "agreement": pd.Series(rows["agreement"], dtype="str"),
        "signed": pd.Series(rows["signed"], dtype="str"),
        "precision": pd.Categorical(precision, categories=["year", "month", "day"]),
        "signed_first": first.astype("datetime64[s]"),
        "signed_last": last.astype("datetime64[s]"),
    })


def points(name: str, values: object) -> list[object]:
    """``at=`` or ``age=`` as a list of points (one value or an iterable of them)."""
    if isinstance(values, str | bytes | int | float | _dt.date) or not isinstance(values, Iterable):
        return [values]
    out = list(values)
    if not out:
        raise ArgumentError(f"{name} must name at least one point")
    return out
