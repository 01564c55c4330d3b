"""Hypothesis strategies for reliability data: units × coders tables with missing values."""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

Table = list[list[Any]]


@st.composite
def ratings(draw: st.DrawFn, *, min_units: int = 2, max_units: int = 12, min_coders: int = 2,
            max_coders: int = 5, values: st.SearchStrategy[Any] | None = None,
            missing: bool = True) -> Table:
    """A units × coders table (rows = units) with at least one pairable unit and two distinct pairable values."""
    values = values if values is not None else st.integers(0, 3)
    n_units = draw(st.integers(min_units, max_units))
    n_coders = draw(st.integers(min_coders, max_coders))
    cell = (st.none() | values) if missing else values
    table = [[draw(cell) for _ in range(n_coders)] for _ in range(n_units)]
    pairable = [v for row in table if sum(x is not None for x in row) >= 2 for v in row if v is not None]
    assume(len(set(pairable)) >= 2)
    return table


@st.composite
def perfect_ratings(draw: st.DrawFn, *, values: st.SearchStrategy[Any] | None = None) -> Table:
    """A table in which every unit's coders agree, with variation across the pairable units."""
    values = values if values is not None else st.integers(0, 3)
    n_units = draw(st.integers(2, 10))
    n_coders = draw(st.integers(2, 5))
    table = []
    for _ in range(n_units):
        v = draw(values)
        table.append([v if draw(st.booleans()) or k < 2 else None for k in range(n_coders)])
        draw(st.randoms()).shuffle(table[-1])
    pairable = {v for row in table if sum(x is not None for x in row) >= 2 for v in row if v is not None}
    assume(len(pairable) >= 2)
    return table


def column(table: Table, k: int) -> list[Any]:
    """Coder ``k``'s values."""
    return [row[k] for row in table]
