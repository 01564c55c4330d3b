"""Hypothesis strategies for spreadsheet round trips: valid cases whose text a spreadsheet could misread.

:func:`tricky_cases` takes a case from :func:`strategies.cases.cases` and puts, in its
free-text fields, text that a spreadsheet or a careless reader would turn into
something else: formulas (``=SUM(A1)``), numbers and dates as text (``2017``,
``0012``, ``1e5``, ``2016-11``), booleans (``TRUE``), list-like text (``a, b``,
``["x"]``), and vocabulary aliases holding commas and brackets.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sistercity import model as m
from strategies.cases import TEXT, cases

TRICKY = st.sampled_from([
    "=SUM(A1)", "+1", "-1", "@x", "2017", "0012", "1e5", "3.0", "2016-11", "18/11/2016", "TRUE", "false",
    "a, b", "a; b", '["x", "y"]', "[", "_x000D_", "line one\nline two", "#N/A", "NaN",
]) | TEXT.map(str.strip).filter(bool)
ALIASES = st.lists(st.sampled_from(["kebun kota", "a, b", "x; y", "[z]", '"q"', "tani\nkota", "2017"]),
                   min_size=1, max_size=3, unique=True)


@st.composite
def tricky_cases(draw: st.DrawFn) -> m.Case:
    """A valid case with text in its fields that looks like numbers, dates, formulas or lists."""
    data: dict[str, Any] = draw(cases()).to_dict()
    data["title"] = draw(TRICKY)
    data["description"] = draw(TRICKY)
    data["notes"] = draw(st.lists(TRICKY, max_size=3))
    for actor in data.get("actors", []):
        actor["name"] = draw(TRICKY)
        actor["note"] = draw(TRICKY)
    for ob in data.get("observations", []):
        ob["coder"] = draw(TRICKY)
    data["vocabulary"] = {"sectors": [{"id": "urban_farming", "label": draw(TRICKY), "aliases": draw(ALIASES)}],
                          "obstacle_categories": [{"id": "pandemic", "label": "Pandemic",
                                                   "description": draw(TRICKY)}]}
    return m.Case.model_validate(data)
