"""Graph files: GraphML, GEXF and node-link JSON (:func:`write_graph`, :func:`read_graph`).

It uses the rest of the package only through :func:`graph` (imported when a file is written).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from sistercity._args import choice
from sistercity._typing import CaseData
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem

if TYPE_CHECKING:
    import networkx as nx


GraphFormat = Literal["graphml", "gexf", "json"]
_SUFFIX: dict[str, GraphFormat] = {".graphml": "graphml", ".xml": "graphml", ".gexf": "gexf", ".json": "json"}
_READER_GRAPH_KEYS = ("node_default", "edge_default", "mode")


def _path(path: object) -> Path:
    if isinstance(path, str | Path) or hasattr(path, "__fspath__"):
        return Path(path)
    raise ArgumentTypeError(f"path must be a str or a Path; got {path!r}")


def _format(path: Path, format: str | None) -> GraphFormat:
    if format is None:
        found = _SUFFIX.get(path.suffix.lower())
        if found is None:
            raise ArgumentError(f"format must be 'graphml', 'gexf' or 'json', or path must end in .graphml, .xml, "
                                f".gexf or .json; got format=None and path {path.name!r}")
        return found
    choice("format", format, ("graphml", "gexf", "json"))
    return format  # type: ignore[return-value]


_SCALARS = (str, bool, int, float)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _writable(g: nx.Graph, fmt: GraphFormat) -> nx.Graph:
    """``g``, or a copy without missing attribute values; an ArgumentError for a value ``fmt`` cannot hold."""
    accepted = ("str, int, float and bool (and None or NaN, which are left out)" if fmt != "json" else
                "JSON values: str, int, float, bool, lists and mappings of them (None and NaN are left out)")

    def check(where: str, attrs: Mapping[Any, Any]) -> bool:
        has_missing = False
        for key, value in attrs.items():
            if _missing(value):
                has_missing = True
                continue
            if fmt != "json":
                ok = isinstance(value, _SCALARS)
            elif isinstance(value, str | bool | int | float):
                ok = True
            else:
                try:
                    json.dumps(value, allow_nan=False)
                    ok = True
                except (TypeError, ValueError):
                    ok = False
            if not ok:
                raise ArgumentError(f"data: attribute {key!r} of {where} is a {type(value).__name__} "
                                    f"({value!r}); {fmt} accepts {accepted}")
        return has_missing

    dirty = check("the graph", g.graph)
    for n, d in g.nodes(data=True):
        dirty = check(f"node {n!r}", d) or dirty
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else g.edges(data=True)
    for *ends, d in edges:
        dirty = check(f"edge {tuple(ends)!r}", d) or dirty
    if not dirty:
        return g
    h = g.copy()
    for attrs in [h.graph, *(d for _, d in h.nodes(data=True)), *(d for *_, d in h.edges(data=True))]:
        for key in [k for k, v in attrs.items() if _missing(v)]:
            del attrs[key]
    return h


def write_graph(
    data: CaseData | nx.Graph,
    path: str | Path,
    *,
    format: GraphFormat | None = None,
    at: object = None,
) -> Path:
    """Write the actor graph as GraphML, GEXF or node-link JSON (Gephi and networkx read all three).

    Attribute types that survive a round trip through :func:`read_graph` (and
    networkx's own readers): ``str``, ``int``, ``float`` and ``bool`` in all three
    formats. Missing values (``None``, NaN) are never written: the attribute is
    left out of that node or edge, as :func:`graph` already does. Dates are ISO
    strings (``"2016-11-18"``, or ``"2016"`` when only the year is known), not
    date types. Lists and nested mappings survive only in JSON; GraphML and GEXF
    refuse them. GEXF reserves ``label``, ``id``, ``weight``, ``start`` and
    ``end``: the writer uses each node's ``name`` as its GEXF label (what Gephi
    shows) and each edge's key as its id; ``weight`` is GEXF's own edge weight
    (a float). The edge key (tie id) is kept in every format.

    Parameters
    ----------
    data : Case, CaseTables or networkx graph
        A case (its :func:`graph` is written) or a graph already built.
    path : str or Path
    format : {"graphml", "gexf", "json"}, optional
        Default: from the suffix (``.graphml``, ``.gexf``, ``.json``).
    at
        As in :func:`graph`, when ``data`` is a case.

    Returns
    -------
    Path
        Where it was written.

    Raises
    ------
    ArgumentError
        For a format that cannot be told, or an attribute value the format
        cannot hold (the message names the attribute and the types it accepts).
    OSError
        If the file cannot be written (a missing folder, say).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets, interdependence
    >>> demo = datasets.load("demo-interdependence")
    >>> g = interdependence.graph(demo)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_graph(g, pathlib.Path(d) / "bogor.graphml")
    ...     h = read_graph(p)
    >>> sorted(h.nodes(data=True)) == sorted(g.nodes(data=True))
    True
    """
    import networkx as nx

    from sistercity.interdependence._graph import graph

    path = _path(path)
    fmt = _format(path, format)
    g = data if isinstance(data, nx.Graph) else graph(data, at=at)
    g = _writable(g, fmt)
    try:
        if fmt == "graphml":
            nx.write_graphml(g, path, encoding="utf-8", prettyprint=True)
        elif fmt == "gexf":
            h = g.copy()
            for n, d in h.nodes(data=True):
                d.setdefault("label", str(d.get("name", n)))
            if h.is_multigraph():
                for _u, _v, key, d in h.edges(keys=True, data=True):
                    d["id"] = str(key)
            nx.write_gexf(h, path, encoding="utf-8", prettyprint=True)
        else:
            payload = nx.node_link_data(g, edges="edges")
            path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    except (nx.NetworkXError, TypeError, ValueError) as err:
        raise ArgumentError(f"data: the graph cannot be written as {fmt} ({err})") from None
    return path


def read_graph(path: str | Path, *, format: GraphFormat | None = None) -> nx.MultiGraph:
    """Read a graph written by :func:`write_graph` (or by Gephi) back as a networkx graph.

    Keys the readers add (GraphML ``node_default``/``edge_default``, GEXF
    ``mode``, node ``label`` and edge ``id``) are removed again, and GEXF's
    ``networkx_key`` is restored as the edge key, so a graph from :func:`graph`
    reads back equal to what was written (see :func:`write_graph` for the types
    that survive).

    Parameters
    ----------
    path : str or Path
    format : {"graphml", "gexf", "json"}, optional
        Default: from the suffix.

    Returns
    -------
    networkx.MultiGraph
        (a ``MultiDiGraph`` if the file holds a directed graph).

    Raises
    ------
    CaseValidationError
        If the file cannot be read as that format.
    ArgumentError
        For a format that cannot be told from the suffix.
    OSError
        If the file cannot be opened (it does not exist, say).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_graph(demo, pathlib.Path(d) / "demo.json")
    ...     g = read_graph(p)
    >>> g.number_of_nodes(), g.number_of_edges(), g.is_multigraph()
    (6, 15, True)
    >>> g.edges["kisarazu", "farmers", "commitment|c2|kisarazu|farmers"]["flow"]
    0.5
    """
    import networkx as nx

    path = _path(path)
    fmt = _format(path, format)
    try:
        if fmt == "graphml":
            g = nx.read_graphml(path, force_multigraph=True)
        elif fmt == "gexf":
            g = nx.read_gexf(path)
            if not g.is_multigraph():
                multi = nx.MultiDiGraph() if g.is_directed() else nx.MultiGraph()
                multi.graph.update(g.graph)
                multi.add_nodes_from(g.nodes(data=True))
                multi.add_edges_from((u, v, d.get("tie", d.get("id")), d) for u, v, d in g.edges(data=True))
                g = multi
            for _n, d in g.nodes(data=True):
                if "name" in d or d.get("label") == _n:
                    d.pop("label", None)
            for _u, _v, d in g.edges(data=True):
                d.pop("id", None)
        else:
            payload = json.loads(path.read_text(encoding="utf-8"))
            g = nx.node_link_graph(payload, edges="edges")
    except OSError:
        raise
    except (ValueError, KeyError, TypeError, SyntaxError, nx.NetworkXError) as err:
        raise CaseValidationError([Problem(f"cannot read {fmt}: {err}", file=str(path))]) from None
    for k in _READER_GRAPH_KEYS:
        g.graph.pop(k, None)
    return g
