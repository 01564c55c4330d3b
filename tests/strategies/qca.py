"""Hypothesis strategies for the QCA tests: crisp and fuzzy data sets, and sums of products."""

from __future__ import annotations

from itertools import product

import pandas as pd
from hypothesis import strategies as st

NAMES = ("A", "B", "C", "D", "E")

FUZZY_SCORES = (0.0, 0.05, 0.2, 0.3, 0.45, 0.55, 0.7, 0.8, 0.95, 1.0)
"""Fuzzy scores, none equal to 0.5 (a score of 0.5 places a case in no truth table row)."""


@st.composite
def crisp_data(draw: st.DrawFn, max_conditions: int = 4, max_cases: int = 16) -> pd.DataFrame:
    """Crisp data: ``k`` conditions named A, B, ..., an outcome Y, 1..max_cases cases."""
    k = draw(st.integers(1, max_conditions))
    n = draw(st.integers(1, max_cases))
    rows = draw(st.lists(st.lists(st.integers(0, 1), min_size=k + 1, max_size=k + 1), min_size=n, max_size=n))
    return pd.DataFrame(rows, columns=[*NAMES[:k], "Y"], index=[f"c{i}" for i in range(n)])


@st.composite
def fuzzy_data(draw: st.DrawFn, max_conditions: int = 4, max_cases: int = 16) -> pd.DataFrame:
    """Fuzzy data like :func:`crisp_data`, scores from :data:`FUZZY_SCORES`."""
    k = draw(st.integers(1, max_conditions))
    n = draw(st.integers(1, max_cases))
    score = st.sampled_from(FUZZY_SCORES)
    rows = draw(st.lists(st.lists(score, min_size=k + 1, max_size=k + 1), min_size=n, max_size=n))
    return pd.DataFrame(rows, columns=[*NAMES[:k], "Y"], index=[f"c{i}" for i in range(n)])


@st.composite
def sums_of_products(draw: st.DrawFn, max_conditions: int = 5) -> tuple[int, list[dict[int, int]]]:
    """A number of conditions ``k`` and a sum of products over them: each product maps a
    condition index to its required value (at least one product, each with a literal)."""
    k = draw(st.integers(1, max_conditions))
    literal = st.dictionaries(st.integers(0, k - 1), st.integers(0, 1), min_size=1)
    return k, draw(st.lists(literal, min_size=1, max_size=4))


def full_design(k: int, dnf: list[dict[int, int]]) -> pd.DataFrame:
    """One case per configuration of ``k`` conditions, with Y the value of ``dnf``."""
    rows = []
    for values in product((0, 1), repeat=k):
        y = int(any(all(values[i] == v for i, v in term.items()) for term in dnf))
        rows.append([*values, y])
    return pd.DataFrame(rows, columns=[*NAMES[:k], "Y"], index=[f"r{i}" for i in range(len(rows))])
