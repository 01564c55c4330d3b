"""interdependence.graph, built in bulk, against the row-by-row construction it replaced (issue 14)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sistercity import Case, datasets
from sistercity import interdependence as idp
from sistercity.tables import as_tables
from strategies.interdep import cases


def _ref_value(value: object) -> object:
    """The reference conversion of one table value to a graph attribute (``None``: left out)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, str | bool | int | float):
        return value
    return None if pd.isna(value) else str(value)


def _ref_records(df: pd.DataFrame, cols: list[str]) -> list[dict[str, object]]:
    out = []
    for _, row in df.iterrows():
        d = {}
        for c in cols:
            v = _ref_value(row[c])
            if v is not None:
                d[c] = v
        out.append(d)
    return out


def reference_graph(case: Case, **options: object) -> nx.MultiGraph:
    """The graph as the first release built it: one node and one edge at a time, row by row."""
    t = as_tables(case)
    tt = idp.ties(case, **options)  # type: ignore[arg-type]
    g = nx.MultiGraph()
    for actor, rec in zip(t.actors["actor"], _ref_records(t.actors, ["name", "level", "kind", "country", "parent",
                                                                        "governmental"]), strict=True):
        rec["governmental"] = bool(rec.get("governmental", False))
        g.add_node(actor, **rec)
    cols = ["tie", "origin", "record", "relation", "directed", "commitment_status", "sector", "date", "date_source",
            "weight", "flow", "channel"]
    for (_, row), rec in zip(tt.iterrows(), _ref_records(tt, cols), strict=True):
        if row["directed"]:
            rec["provider"], rec["beneficiary"] = row["source"], row["target"]
        g.add_edge(row["source"], row["target"], key=rec["tie"], **rec)
    return g


def _assert_identical(g: nx.MultiGraph, h: nx.MultiGraph) -> None:
    assert type(g) is type(h)
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
    for _, _, _, a in g.edges(keys=True, data=True):
        assert all(v is not None and type(v) in (str, bool, int, float) for v in a.values())
    for _, a in g.nodes(data=True):
        assert all(v is not None and type(v) in (str, bool, int, float) for v in a.values())


@given(cases(statuses=True), st.sampled_from([None, "2016", "2017-05"]), st.sampled_from(["agreed", "all"]))
def test_bulk_graph_equals_the_row_by_row_reference(case: Case, at: str | None, include: str) -> None:
    _assert_identical(idp.graph(case, at=at, include=include), reference_graph(case, at=at, include=include))


def test_bundled_cases_give_the_reference_graph() -> None:
    for name in ("bogor-kisarazu", "demo-interdependence", "surabaya-kochi"):
        case = datasets.load(name)
        _assert_identical(idp.graph(case), reference_graph(case))
        _assert_identical(idp.graph(case, include="all", at="2017"), reference_graph(case, include="all", at="2017"))


def test_attribute_types_are_plain_python() -> None:
    g = idp.graph(datasets.load("demo-interdependence"))
    e = g.edges["bogor", "kisarazu", "commitment|c3|bogor|kisarazu"]
    assert type(e["weight"]) is float and type(e["directed"]) is bool and type(e["sector"]) is str
    assert type(g.nodes["farmers"]["governmental"]) is bool
