"""Vectorised helpers for building and checking case tables (private to the package).

Shared by :mod:`sistercity.tables` and the analyses that read table columns
(:mod:`sistercity.implementation`, :mod:`sistercity.obstacles`): one problem per column
and kind of mistake, partial dates parsed once per distinct value.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity.exceptions import Problem

DATE: Final = "datetime64[s]"
"""The dtype of the derived first/last-day columns."""


def hashable(values: pd.Series) -> pd.Series:
    """``values``, with a cell that cannot be hashed (a list, a dict) replaced by its ``repr``.

    No check accepts such a text, so the cell is reported, not lost; the usual
    case (nothing unhashable) costs one ``pd.unique`` attempt only for object columns.
    """
    if values.dtype != object:
        return values
    try:
        pd.unique(values)
        return values
    except TypeError:
        return values.map(lambda v: v if isinstance(v, Hashable) else repr(v))


def factorize(values: pd.Series) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """``pd.factorize`` of ``values`` as objects (missing: -1), also when a cell cannot be hashed."""
    try:
        codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    except TypeError:
        codes, uniques = pd.factorize(hashable(values).to_numpy(dtype=object), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=object)


def from_codes(codes: npt.NDArray[np.integer[Any]], categories: list[str]) -> pd.Categorical:
    return cast(pd.Categorical, pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)))


def problem(table: str, col: str, mask: npt.ArrayLike, expected: str, values: pd.Series | None = None,
             ) -> Problem:
    """One problem for all the rows in ``mask``: the first row's path and value, and how many rows.

    ``expected`` says what a value must be; the message adds what the first row has
    and lists a few more rows, so that one problem per column and kind of mistake
    reports every row at once.
    """
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    i = int(idx[0])
    value = values.iloc[i] if values is not None else None
    if isinstance(value, np.generic):
        value = value.item()
    got = f"; got {value!r}" if values is not None else ""
    more = ""
    if len(idx) > 1:
        shown = ", ".join(str(int(k)) for k in idx[1:6])
        more = f" (also row{'s' if len(idx) > 2 else ''} {shown}{', ...' if len(idx) > 6 else ''}; " \
               f"{len(idx)} rows in all)"
    return Problem(f"{expected}{got}{more}", path=f"{table}[{i}].{col}")


PRECISIONS = np.array(["year", "month", "day"], dtype=object)


def parse_partial(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse an array of str into first day, last day (datetime64[D]) and precision code.

    The precision code is 0 year, 1 month, 2 day and -1 for a value that is not a
    valid partial date. Vectorised over the characters of a fixed-width copy.
    """
    n = len(values)
    u = np.asarray(values, dtype="U11")
    c = np.ascontiguousarray(u.view(np.uint32).reshape(n, 11).T) if n else np.zeros((11, 0), np.uint32)
    d = [c[k].astype(np.int64) - 48 for k in range(11)]
    digit = [(x >= 0) & (x <= 9) for x in d]
    zero = [c[k] == 0 for k in range(11)]
    head = digit[0] & digit[1] & digit[2] & digit[3]
    with_month = head & (c[4] == 45) & digit[5] & digit[6]
    p10 = with_month & (c[7] == 45) & digit[8] & digit[9] & zero[10]
    p7 = with_month & zero[7] & zero[8] & zero[9] & zero[10]
    p4 = head & zero[4] & zero[5] & zero[6] & zero[7] & zero[8] & zero[9] & zero[10]
    year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
    month = np.where(p7 | p10, d[5] * 10 + d[6], 1)
    day = np.where(p10, d[8] * 10 + d[9], 1)
    ok = (p4 | p7 | p10) & (year >= 1) & (month >= 1) & (month <= 12)
    ym = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    month_start = ym.astype("datetime64[M]").astype("datetime64[D]")
    next_month = (ym + 1).astype("datetime64[M]").astype("datetime64[D]")
    ok &= (day >= 1) & (day <= (next_month - month_start).astype(np.int64))
    first = month_start + (day - 1)
    next_year = np.where(ok, year - 1970 + 1, 0).astype("datetime64[Y]").astype("datetime64[D]")
    last = np.where(p10, first, np.where(p7, next_month, next_year) - np.timedelta64(1, "D"))
    code = np.where(ok, np.where(p10, 2, np.where(p7, 1, 0)), -1)
    return first, last, code


DATE_EXPECTED = "expected a date like '2017', '2016-11' or '2016-11-18'"


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, npt.NDArray[np.bool_]]:
    """First day, last day (datetime64[s]), precision (categorical) of partial dates, and bad rows.

    Parses each distinct value once; a value that is not a partial date is ``True``
    in the last array (and missing in the others).
    """
    codes, uniques = factorize(values)
    texts = np.array([u if isinstance(u, str) else str(u) for u in uniques], dtype=object)
    first_u, last_u, prec_u = parse_partial(texts)
    bad_u = prec_u < 0
    bad = np.append(bad_u, False)[codes] if bad_u.any() else np.zeros(len(codes), np.bool_)
    nat = np.datetime64("NaT", "D")
    first_u = np.where(bad_u, nat, first_u)
    last_u = np.where(bad_u, nat, last_u)
    first = np.append(first_u, nat)[codes].astype(DATE)
    last = np.append(last_u, nat)[codes].astype(DATE)
    precision = from_codes(np.append(prec_u, -1)[codes].astype(np.int64), list(PRECISIONS))
    index = values.index
    return (pd.Series(first, index=index), pd.Series(last, index=index),
            pd.Series(precision, index=index), bad)


