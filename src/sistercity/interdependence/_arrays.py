"""Array helpers shared by the interdependence modules: dates, id look-ups, pairs within groups."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from sistercity.dates import parse_at
from sistercity.exceptions import ArgumentTypeError, CaseValidationError, Problem


def at_day(at: object) -> pd.Timestamp | None:
    """The day ``at`` stands for: a partial date means its last day (see :func:`sistercity.dates.parse_at`)."""
    day = parse_at(at)
    return None if day is None else pd.Timestamp(day.end())


def as_names(name: str, value: object, *, what: str) -> tuple[str, ...]:
    """A str or an iterable of str as a tuple (one str is one name)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{name} must be {what} or an iterable of them; got {value!r}")
    out = tuple(value)
    bad = [x for x in out if not isinstance(x, str)]
    if bad:
        raise ArgumentTypeError(f"{name} must be {what} (strings); got {bad[0]!r} in {value!r}")
    return out


def _actor_index(actors: pd.DataFrame) -> pd.Index:
    index: pd.Index = pd.Index(actors["actor"].astype(object).to_numpy())
    return index


def lookup(index: pd.Index, values: pd.Series | np.ndarray) -> np.ndarray:
    """Positions of ``values`` in ``index`` (-1 where absent)."""
    vals = values.astype(object).to_numpy() if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    return np.asarray(index.get_indexer(pd.Index(vals)), dtype=np.int64)


def positions(actors: pd.DataFrame, ids: pd.Series | np.ndarray, what: str) -> np.ndarray:
    pos = lookup(_actor_index(actors), ids)
    if (pos < 0).any():
        bad = np.asarray(ids, dtype=object)[pos < 0][0]
        raise CaseValidationError([Problem(
            f"{int((pos < 0).sum())} {what} name an actor the actors table does not have; "
            f"the first is {bad!r}", path="actors")])
    return pos


def categorical(codes: np.ndarray, categories: Iterable[str]) -> pd.Categorical:
    dtype: pd.CategoricalDtype = pd.CategoricalDtype(list(categories))
    cat: pd.Categorical = pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), dtype=dtype)
    return cat


def pairs_within(group: np.ndarray, member: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every unordered pair of distinct members within each group, first-met member first (int arrays)."""
    df = pd.DataFrame({"g": group, "m": member}).drop_duplicates()
    df["k"] = df.groupby("g", sort=False).cumcount()
    m = df.merge(df, on="g", suffixes=("_a", "_b"))
    m = m[(m["k_a"] < m["k_b"]).to_numpy()]
    return m["g"].to_numpy(np.int64), m["m_a"].to_numpy(np.int64), m["m_b"].to_numpy(np.int64)


def record_positions(table: pd.DataFrame, key: str, values: pd.Series, what: str) -> np.ndarray:
    pos = lookup(pd.Index(table[key].astype(object).to_numpy()), values)
    if (pos < 0).any():
        bad = values.astype(object).to_numpy()[pos < 0][0]
        raise CaseValidationError([Problem(f"{int((pos < 0).sum())} rows name a {key} the {what} table does not "
                                           f"have; the first is {bad!r}", path=what)])
    return pos


def uniq(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int array (sorting beats numpy's hash path at this size)."""
    a = np.sort(np.asarray(x, dtype=np.int64))
    if len(a) == 0:
        return a
    out: np.ndarray = a[np.concatenate([[True], a[1:] != a[:-1]])]
    return out
