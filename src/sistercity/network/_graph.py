"""The partnership graph: its edges as integer arrays (kept with the tables) and as a networkx graph (private)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity.exceptions import CaseValidationError, Problem
from sistercity.tables import CaseTables, as_tables

if TYPE_CHECKING:
    import networkx as nx

    from sistercity.model import Case
    from sistercity.network._read_result import PairsResult

NetworkData: TypeAlias = "Case | CaseTables | PairsResult"

_MEMO_KEY = ("sistercity.network", "edges")


@dataclass(frozen=True)
class Edges:
    """The simple graph of partnerships: one edge per pair of actors with a common agreement."""

    actors: pd.Index  # actor ids, in table order
    country: npt.NDArray[np.object_]  # per actor
    u: npt.NDArray[np.int64]  # actor positions, u < v per edge (unique edges, sorted)
    v: npt.NDArray[np.int64]
    agreements: npt.NDArray[np.int64]  # agreements per edge
    year: npt.NDArray[np.float64]  # first founding year per edge (NaN unknown)


def _party_pairs(t: CaseTables, pos: npt.NDArray[np.intp]) -> tuple[npt.NDArray[np.intp], ...]:
    """Both ends and the agreement of every pair of parties of a common agreement."""
    ag = t.agreement_parties["agreement"].astype(object).to_numpy()
    frame = pd.DataFrame({"agreement": ag, "pos": pos}).drop_duplicates()
    size = frame.groupby("agreement", sort=False)["pos"].transform("size").to_numpy()
    if len(frame) and (size == 2).all():
        a = frame["pos"].to_numpy()[0::2]
        b = frame["pos"].to_numpy()[1::2]
        agr = frame["agreement"].to_numpy()[0::2]
        if not (frame["agreement"].to_numpy()[1::2] == agr).all():  # parties not adjacent: sort first
            frame = frame.sort_values("agreement", kind="stable")
            a, b = frame["pos"].to_numpy()[0::2], frame["pos"].to_numpy()[1::2]
            agr = frame["agreement"].to_numpy()[0::2]
    else:
        frame = frame.assign(k=frame.groupby("agreement", sort=False).cumcount())
        m = frame.merge(frame, on="agreement")
        m = m[m["k_x"] < m["k_y"]]
        a, b, agr = m["pos_x"].to_numpy(), m["pos_y"].to_numpy(), m["agreement"].to_numpy()
    return a, b, agr


def _compute(t: CaseTables) -> Edges:
    actors = pd.Index(t.actors["actor"].astype(object).to_numpy())
    country = t.actors["country"].astype(object).to_numpy()
    pos = np.asarray(actors.get_indexer(pd.Index(t.agreement_parties["actor"].astype(object).to_numpy())))
    if (pos < 0).any():
        raise CaseValidationError([Problem("agreement_parties names an actor the actors table does not have",
                                           path="agreement_parties")])
    a, b, agr = _party_pairs(t, pos)
    u = np.minimum(a, b).astype(np.int64)
    v = np.maximum(a, b).astype(np.int64)
    starts = t.agreements.drop_duplicates("agreement")
    yr = pd.Series(pd.to_datetime(starts["start_first"]).dt.year.to_numpy(dtype="float64", na_value=np.nan),
                   index=starts["agreement"].astype(object).to_numpy())
    years = pd.Series(agr).map(yr).to_numpy(dtype="float64") if len(agr) else np.array([], dtype="float64")
    e = pd.DataFrame({"u": u, "v": v, "year": years})
    e = e[e["u"] != e["v"]]
    g = e.groupby(["u", "v"], sort=True).agg(agreements=("year", "size"), year=("year", "min")).reset_index()
    return Edges(actors=actors, country=country, u=g["u"].to_numpy(np.int64), v=g["v"].to_numpy(np.int64),
                 agreements=g["agreements"].to_numpy(np.int64), year=g["year"].to_numpy("float64"))


def edges(data: NetworkData) -> Edges:
    """The edges of ``data``'s partnership graph, computed once per tables (:meth:`CaseTables.memo`)."""
    t = as_tables(data)
    return t.memo(_MEMO_KEY, lambda: _compute(t))


def degrees(e: Edges) -> npt.NDArray[np.int64]:
    """Partners per actor."""
    return np.bincount(np.concatenate([e.u, e.v]), minlength=len(e.actors)).astype(np.int64)


def component_labels(n: int, u: npt.NDArray[np.int64], v: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Connected-component root of each node: vectorised hook-and-compress union-find."""
    parent = np.arange(n, dtype=np.int64)
    if len(u) == 0:
        return parent
    while True:
        pu, pv = parent[u], parent[v]
        lo, hi = np.minimum(pu, pv), np.maximum(pu, pv)
        diff = lo != hi
        if not diff.any():
            return parent
        np.minimum.at(parent, hi[diff], lo[diff])
        while True:
            pp = parent[parent]
            if (pp == parent).all():
                break
            parent = pp


def partnership_graph(data: NetworkData) -> nx.Graph:
    """The partnership network as a simple undirected :class:`networkx.Graph`.

    Nodes are actors (attributes ``name`` and ``country``), edges the pairs of
    actors that are parties of a common agreement (attributes ``agreements``, the
    number of agreements between them, and ``year``, the first founding year when
    known). An agreement with more than two parties ties every pair of them.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network: a case, its tables, or what :func:`~sistercity.network.read_pairs`
        returns.

    Returns
    -------
    networkx.Graph
        One node per actor (isolates included), in table order.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.
    sistercity.CaseValidationError
        If ``agreement_parties`` names an actor the actors table does not have.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> g = network.partnership_graph(network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor"], "country1": ["Indonesia", "Indonesia"],
    ...     "city2": ["Nanning", "St. Louis"], "country2": ["China", "United States"]})))
    >>> sorted(g.edges()), g.nodes["ID:bogor"]["country"]
    ([('ID:bogor', 'CN:nanning'), ('ID:bogor', 'US:st-louis')], 'ID')
    """
    import networkx as nx

    t = as_tables(data)
    e = edges(t)
    g = nx.Graph()
    ids = e.actors.to_numpy(dtype=object)
    names = t.actors["name"].to_numpy(dtype=object).tolist()
    g.add_nodes_from(
        (a, {"name": n, "country": c}) for a, n, c in zip(ids.tolist(), names, e.country.tolist(), strict=True)
    )
    dated = ~np.isnan(e.year)
    years = np.where(dated, e.year, 0).astype(np.int64).tolist()
    g.add_edges_from(
        (x, y, {"agreements": k, "year": yr} if d else {"agreements": k})
        for x, y, k, yr, d in zip(ids[e.u].tolist(), ids[e.v].tolist(), e.agreements.tolist(), years,
                                  dated.tolist(), strict=True)
    )
    return g
