"""Reading reliability data (private to :mod:`sistercity.reliability`).

Every coefficient reads its ``data`` through :func:`read`: a units × coders table
(a 2-D array, a list of rows, or a wide DataFrame) or a long DataFrame with
``unit``, ``coder`` and ``value`` columns. The result is a :class:`Ratings`: one
integer code per cell (``-1``: missing) into an ordered tuple of categories.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity.exceptions import ArgumentError, ArgumentTypeError

Level = Literal["nominal", "ordinal", "interval", "ratio"]
"""Krippendorff's levels of measurement (which difference function α uses)."""

LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")
"""The accepted values of ``level``."""

LONG_COLUMNS = ("unit", "coder", "value")
"""The columns that make a DataFrame *long* reliability data (one row per value)."""

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Ratings:
    """A units × coders table of category codes (``-1``: missing), with its labels."""

    codes: IntArray
    categories: tuple[Any, ...]
    values: FloatArray | None  # each category as a number, when every category is a number
    units: pd.Index
    coders: pd.Index

    def counts(self) -> npt.NDArray[np.int64]:
        """``n[u, c]``: how many coders gave unit ``u`` the category ``c``."""
        n_units, n_cats = self.codes.shape[0], len(self.categories)
        present = self.codes >= 0
        rows = np.broadcast_to(np.arange(n_units)[:, None], self.codes.shape)[present]
        flat = rows.astype(np.int64) * n_cats + self.codes[present]
        return np.bincount(flat, minlength=n_units * n_cats).reshape(n_units, n_cats).astype(np.int64)


def _is_number(value: object) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
            and math.isfinite(float(value)))


def _grid(data: object, name: str) -> tuple[npt.NDArray[Any], pd.Index, pd.Index]:
    """``data`` as a 2-D array (object or float), with unit and coder labels."""
    if isinstance(data, pd.DataFrame):
        if all(c in data.columns for c in LONG_COLUMNS):
            return _long(data, name)
        numeric = len(data.columns) > 0 and all(
            pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in data.dtypes)
        grid = data.to_numpy(dtype=float, na_value=np.nan) if numeric else data.to_numpy(dtype=object)
        return grid, pd.Index(data.index), pd.Index(data.columns)
    if isinstance(data, str | bytes | pd.Series) or not isinstance(data, np.ndarray | Sequence):
        raise ArgumentTypeError(
            f"{name} must be a units × coders table (a 2-D array, a list of rows or a DataFrame) or a long "
            f"DataFrame with columns {', '.join(LONG_COLUMNS)}; got {type(data).__name__}")
    if isinstance(data, np.ndarray) and data.dtype.kind in "fiu":
        grid = data.astype(float)
    else:
        try:
            grid = np.array(data, dtype=object)
        except ValueError as err:  # numpy refuses some ragged nestings outright
            raise ArgumentError(f"{name} must have one row per unit, all of the same length: {err}") from None
    if grid.ndim != 2:
        raise ArgumentError(f"{name} must be a 2-D table (rows = units, columns = coders, all rows of one "
                            f"length); got {grid.ndim} dimension(s)")
    return grid, pd.RangeIndex(grid.shape[0]), pd.RangeIndex(grid.shape[1])


def _long(data: pd.DataFrame, name: str) -> tuple[npt.NDArray[Any], pd.Index, pd.Index]:
    """A long table (one row per value) as a units × coders grid; units and coders in order of appearance."""
    for col in ("unit", "coder"):
        bad = data[col].isna().to_numpy()
        if bad.any():
            raise ArgumentError(f"{name}: every row needs a {col}; row {data.index[int(np.argmax(bad))]!r} "
                                f"has none")
    try:
        u_codes, units = pd.factorize(data["unit"])
        c_codes, coders = pd.factorize(data["coder"])
    except TypeError as err:
        raise ArgumentTypeError(f"{name}: units and coders must be hashable labels ({err})") from None
    key = u_codes.astype(np.int64) * max(len(coders), 1) + c_codes
    dup = pd.Index(key).duplicated()
    if dup.any():
        i = int(np.argmax(dup))
        raise ArgumentError(f"{name}: unit {units[u_codes[i]]!r} has two values from coder {coders[c_codes[i]]!r} "
                            "(one value per unit and coder; reduce the rows first, e.g. to each coder's latest)")
    grid = np.full((len(units), len(coders)), None, dtype=object)
    grid[u_codes, c_codes] = data["value"].to_numpy(dtype=object)
    return grid, pd.Index(units), pd.Index(coders)


def _category_list(categories: object, name: str = "categories") -> list[Any]:
    if isinstance(categories, str | bytes) or not isinstance(categories, Iterable):
        raise ArgumentTypeError(f"{name} must be a sequence of the possible values, in order; got "
                                f"{type(categories).__name__}")
    out = list(categories)
    if not out:
        raise ArgumentError(f"{name} must name at least one value")
    seen: set[Any] = set()
    for c in out:
        if not isinstance(c, Hashable) or _missing(c):
            raise ArgumentError(f"{name} must hold values (hashable, not missing); got {c!r}")
        if c in seen:
            raise ArgumentError(f"{name} names {c!r} twice")
        seen.add(c)
    return out


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _default_order(labels: list[Any], level: Level, name: str) -> tuple[list[Any], IntArray]:
    """The categories found, in order (numbers numerically, labels sorted if they sort), and each label's place."""
    if all(_is_number(v) for v in labels):
        order = sorted(range(len(labels)), key=lambda i: float(labels[i]))
    elif level != "nominal":
        label = next(v for v in labels if not _is_number(v))
        if level == "ordinal":
            raise ArgumentError(f"{name}: ordinal data need numbers or an order; got labels such as {label!r}: "
                                "pass categories=[...] in order")
        raise ArgumentError(f"{name}: {level} data must be numbers; got {label!r}")
    else:
        try:
            order = sorted(range(len(labels)), key=lambda i: labels[i])
        except TypeError:
            order = list(range(len(labels)))
    position = np.empty(len(labels), np.intp)
    position[order] = np.arange(len(labels))
    return [labels[i] for i in order], position


def read(data: object, *, level: Level = "nominal", categories: object = None, name: str = "data") -> Ratings:
    """``data`` as :class:`Ratings`, checked for ``level``.

    Categories, when not given, are the values present: numbers in numeric order,
    other labels sorted when they can be (else in order of appearance). ``ordinal``
    needs an order: numbers, or ``categories``. ``interval`` and ``ratio`` need numbers
    (``ratio``: not negative).
    """
    grid, units, coders = _grid(data, name)
    if grid.dtype == object:
        missing = np.asarray(pd.isna(grid), dtype=bool) if grid.size else np.zeros(grid.shape, bool)
    else:
        missing = np.isnan(grid)
    present = ~missing
    flat = grid[present]
    if grid.dtype != object:
        bad = ~np.isfinite(flat)
        if bad.any():
            raise ArgumentError(f"{name}: values must be finite numbers; got {flat[bad][0]!r}")
        uniques, inverse = np.unique(flat, return_inverse=True)
        labels: list[Any] = [v.item() for v in uniques]
    else:
        try:
            inverse, found = pd.factorize(flat.astype(object) if flat.size else np.array([], dtype=object))
        except TypeError as err:
            raise ArgumentTypeError(f"{name}: values must be hashable labels ({err})") from None
        labels = list(found)
    if categories is None:
        cats, position = _default_order(labels, level, name)
    else:
        cats = _category_list(categories)
        lookup = {c: i for i, c in enumerate(cats)}
        position = np.array([lookup.get(v, -1) for v in labels], dtype=np.intp)
        if (position < 0).any():
            k = int(np.argmax(position < 0))
            cell = np.flatnonzero(present.ravel())[int(np.argmax(inverse == k))]
            u, c = divmod(int(cell), grid.shape[1])
            raise ArgumentError(f"{name}: value {labels[k]!r} (unit {units[u]!r}, coder {coders[c]!r}) is not "
                                f"among the categories {cats!r}")
    cat_numeric = all(_is_number(v) for v in cats)
    if level in ("interval", "ratio") and not cat_numeric:
        raise ArgumentError(f"{level} data and categories must be numbers; got "
                            f"{next(v for v in cats if not _is_number(v))!r}")
    values = np.array([float(v) for v in cats], dtype=np.float64) if cat_numeric else None
    if level == "ratio" and values is not None and (values < 0).any():
        raise ArgumentError(f"ratio data cannot be negative (a ratio scale has a true zero); got "
                            f"{cats[int(np.argmax(values < 0))]!r}")
    codes = np.full(grid.shape, -1, dtype=np.intp)
    codes[present] = position[np.asarray(inverse, dtype=np.intp)] if flat.size else np.zeros(0, np.intp)
    return Ratings(codes=codes, categories=tuple(cats), values=values, units=units, coders=coders)


def pair(a: object, b: object, *, level: Level, categories: object) -> Ratings:
    """Two equal-length sequences (Cohen's κ) as a two-coder table."""
    seqs = []
    for label, seq in (("a", a), ("b", b)):
        if isinstance(seq, str | bytes | pd.DataFrame) or not isinstance(seq, np.ndarray | Sequence | pd.Series):
            raise ArgumentTypeError(f"{label} must be a sequence of values (a list, array or Series); got "
                                    f"{type(seq).__name__}")
        arr = seq.to_numpy(dtype=object) if isinstance(seq, pd.Series) else np.array(seq, dtype=object)
        if arr.ndim != 1:
            raise ArgumentError(f"{label} must be one-dimensional (one value per unit); got {arr.ndim} dimensions")
        seqs.append(arr)
    if len(seqs[0]) != len(seqs[1]):
        raise ArgumentError(f"a and b must have one value per unit each, so the same length; got {len(seqs[0])} "
                            f"and {len(seqs[1])}")
    grid = pd.DataFrame({"a": seqs[0], "b": seqs[1]}, dtype=object)
    return read(grid, level=level, categories=categories, name="a, b")
