"""The actors and their ties as a networkx MultiGraph (:func:`graph`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import compress
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from sistercity._typing import CaseData, DateRule, Include
from sistercity.interdependence._ties import tie_table
from sistercity.interdependence._vocab import Unattributed
from sistercity.tables import as_tables

if TYPE_CHECKING:
    import networkx as nx

NODE_ATTRIBUTES = ("name", "level", "kind", "country", "parent", "governmental")
EDGE_ATTRIBUTES = ("tie", "origin", "record", "relation", "directed", "commitment_status", "sector", "date",
                   "date_source", "weight", "flow", "channel")


def _py(value: object) -> object:
    """A plain Python value for a graph attribute, or ``None`` when missing (the slow path)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
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


_PLAIN = (str, bool, int, float)


def _column(col: pd.Series) -> tuple[list[object], np.ndarray]:
    """A column's values as plain Python objects (a list) and its missing-value mask.

    Numeric and boolean columns convert in bulk (``astype(object)`` gives Python
    scalars), categorical ones through their categories; any other value goes
    through :func:`_py`, one by one.
    """
    missing = col.isna().to_numpy()
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = np.array([_py(c) for c in col.cat.categories] + [None], dtype=object)
        return cats[col.cat.codes.to_numpy()].tolist(), missing  # code -1 (missing) takes the None
    values = col.to_numpy(dtype=object)
    if col.dtype.kind == "O" or isinstance(col.dtype, pd.StringDtype):
        for i, v in enumerate(values.tolist()):
            if type(v) not in _PLAIN:
                values[i] = _py(v)
    return values.tolist(), missing


def _attribute_dicts(names: tuple[str, ...], lists: list[list[object]], missing: list[np.ndarray]
                     ) -> Iterator[dict[str, object]]:
    """One attribute dict per row, missing values left out, made lazily as networkx consumes them.

    Rows are grouped by which of their values are missing (a bit pattern per row,
    computed with numpy); each pattern's keys and selector are made once, and a
    row's dict is ``dict(zip(keys, compress(row, selector)))``, all in C.
    """
    bits = np.zeros(len(missing[0]) if missing else 0, dtype=np.int64)
    for j, m in enumerate(missing):
        bits |= m.astype(np.int64) << j
    keys: dict[int, tuple[str, ...]] = {}
    selectors: dict[int, tuple[bool, ...]] = {}
    for p in np.unique(bits).tolist():
        sel = tuple(not (p >> j) & 1 for j in range(len(names)))
        keys[p], selectors[p] = tuple(compress(names, sel)), sel
    rows = zip(bits.tolist(), zip(*lists, strict=True), strict=True)
    return (dict(zip(keys[p], compress(row, selectors[p]), strict=True)) for p, row in rows)


def _table_dicts(df: pd.DataFrame, names: tuple[str, ...], **extra: tuple[list[object], np.ndarray]
                 ) -> Iterator[dict[str, object]]:
    """:func:`_attribute_dicts` of the columns ``names`` of ``df`` and of ``extra`` columns (values, missing)."""
    cols = [_column(df[c]) for c in names] + list(extra.values())
    return _attribute_dicts((*names, *extra), [c[0] for c in cols], [c[1] for c in cols])


def build_graph(actors: pd.DataFrame, tt: pd.DataFrame) -> nx.MultiGraph:
    """The MultiGraph of a tie table: nodes from ``actors``, one keyed edge per tie (networkx bulk adds)."""
    import networkx as nx

    g = nx.MultiGraph()
    gov: list[object] = list(actors["governmental"].fillna(False).astype(bool).to_numpy().tolist())
    nodes = _table_dicts(actors, NODE_ATTRIBUTES[:-1], governmental=(gov, np.zeros(len(gov), dtype=bool)))
    g.add_nodes_from(zip(actors["actor"].to_numpy(dtype=object).tolist(), nodes, strict=True))
    src = tt["source"].to_numpy(dtype=object).tolist()
    dst = tt["target"].to_numpy(dtype=object).tolist()
    key = tt["tie"].to_numpy(dtype=object).tolist()
    undirected = ~tt["directed"].to_numpy(dtype=bool)
    edges = _table_dicts(tt, EDGE_ATTRIBUTES, provider=(src, undirected), beneficiary=(dst, undirected))
    g.add_edges_from(zip(src, dst, key, edges, strict=True))
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
    return build_graph(t.actors, tt)
