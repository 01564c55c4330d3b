"""Hypothesis strategies for sets of cases (:class:`sistercity.cases.CaseSet`)."""

from __future__ import annotations

from hypothesis import strategies as st

from sistercity import model as m
from strategies import impl_cases
from strategies.cases import cases as full_cases

LABELS = ["c0", "c1", "c2", "c3"]
"""Labels the drawn cases get, in order (valid ids, all distinct)."""


@st.composite
def case_lists(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 3) -> list[m.Case]:
    """A few valid cases with distinct ids; each drawn as a rich case or an implementation-shaped one.

    Record ids repeat across the cases (``com0``, ``act0``, ...): a set must keep them apart.
    """
    n = draw(st.integers(min_size, max_size))
    out: list[m.Case] = []
    for k in range(n):
        case = draw(st.one_of(full_cases(), impl_cases()))
        out.append(case.model_copy(update={"id": LABELS[k]}))
    return out
