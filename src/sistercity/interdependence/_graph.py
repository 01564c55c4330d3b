"""The actors and their ties as a networkx MultiGraph (:func:`graph`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from sistercity._typing import CaseData, DateRule, Include
from sistercity.interdependence._ties import tie_table
from sistercity.interdependence._vocab import Unattributed
from sistercity.tables import as_tables

if TYPE_CHECKING:
    import networkx as nx


def _py(value: object) -> object:
    """A plain Python value for a graph attribute, or ``None`` when missing."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        f = float(value)
        return None if math.isnan(f) else f
    if isinstance(value, str | bool | int | float):
        return value
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _records(df: pd.DataFrame, cols: list[str]) -> list[dict[str, object]]:
    arrays = [df[c].astype(object).to_numpy() for c in cols]
    out: list[dict[str, object]] = []
    for row in zip(*arrays, strict=True):
        d: dict[str, object] = {}
        for c, v in zip(cols, row, strict=True):
            pv = _py(v)
            if pv is not None:
                d[c] = pv
        out.append(d)
    return out


def _build_graph(actors: pd.DataFrame, tt: pd.DataFrame) -> nx.MultiGraph:
    import networkx as nx

    g = nx.MultiGraph()
    node_attrs = _records(actors, ["name", "level", "kind", "country", "parent", "governmental"])
    for rec in node_attrs:
        rec["governmental"] = bool(rec.get("governmental", False))
    g.add_nodes_from(zip(actors["actor"].astype(object), node_attrs, strict=True))
    cols = ["tie", "origin", "record", "relation", "directed", "commitment_status", "sector", "date", "date_source",
            "weight", "flow", "channel"]
    edge_attrs = _records(tt, cols)
    directed = tt["directed"].to_numpy()
    src = tt["source"].astype(object).to_numpy()
    dst = tt["target"].astype(object).to_numpy()
    for k in np.flatnonzero(directed):
        edge_attrs[k]["provider"] = src[k]
        edge_attrs[k]["beneficiary"] = dst[k]
    g.add_edges_from(
        (s, d, a["tie"], a) for s, d, a in zip(src, dst, edge_attrs, strict=True)
    )
    return g


def graph(
    data: CaseData,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    undated: Literal["keep", "drop"] = "keep",
    unattributed: Unattributed = "skip",
    include: Include = ("agreed",),
) -> nx.MultiGraph:
    """The actors and their ties as an undirected :class:`networkx.MultiGraph`.

    Parameters
    ----------
    data : Case or CaseTables
    at, date_rule, undated, unattributed
        As in :func:`ties`.
    include : "all", str or iterable of str
        The commitment statuses that give ties (agreed alone by default; see
        :func:`ties`: ties from agreements and events are always there).

    Returns
    -------
    networkx.MultiGraph
        One node per actor (every actor, tied or not) with attributes ``name``,
        ``level``, ``kind``, ``country``, ``governmental`` and ``parent`` (when
        set). One edge per tie, keyed by its tie id, with attributes ``tie``,
        ``origin``, ``record``, ``relation``, ``directed``,
        ``commitment_status``, ``sector``, ``date``, ``date_source``, ``weight``,
        ``flow`` and ``channel`` (missing values are left out, never ``None``),
        and for ``provision`` ties ``provider`` and ``beneficiary``.
        Why undirected and multi: see the module notes.

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> g = graph(demo)
    >>> g.number_of_nodes(), g.number_of_edges(), g.is_multigraph(), g.is_directed()
    (6, 15, True, False)
    >>> g.nodes["farmers"]["level"], g.number_of_edges("bogor", "kisarazu")
    ('nonstate', 4)
    >>> e = g.edges["bogor", "kisarazu", "commitment|c3|bogor|kisarazu"]
    >>> e["provider"], e["beneficiary"], e["channel"], e["sector"]
    ('bogor', 'kisarazu', 'transgovernmental', 'health')
    """
    t = as_tables(data)
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include)
    return _build_graph(t.actors, tt)
