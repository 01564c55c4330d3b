"""Who carries the relationship: degree and betweenness centrality by actor, level or kind."""

from __future__ import annotations

import random
from typing import Literal

import numpy as np
import pandas as pd

from sistercity._args import choice, flag, positive_int
from sistercity._typing import CaseData, DateRule, Include
from sistercity.exceptions import ArgumentTypeError
from sistercity.interdependence._arrays import uniq
from sistercity.interdependence._ties import tie_positions, tie_table
from sistercity.interdependence._vocab import LEVELS
from sistercity.tables import as_tables


def _brokers(actors: pd.DataFrame, tt: pd.DataFrame, *, by: str, normalized: bool, k: int | None,
             seed: object) -> pd.DataFrame:
    import networkx as nx

    simple = nx.Graph()
    ids = actors["actor"].astype(object).to_numpy()
    simple.add_nodes_from(ids)
    simple.add_edges_from(zip(tt["source"].astype(object), tt["target"].astype(object), strict=True))
    n = simple.number_of_nodes()
    btw = nx.betweenness_centrality(simple, normalized=normalized, k=k, seed=seed) if n else {}
    s, d = tie_positions(actors, tt)
    a_end, o_end = np.concatenate([s, d]), np.concatenate([d, s])
    ties_of = np.bincount(a_end, minlength=n)
    pairs = uniq(a_end * max(n, 1) + o_end)
    pa, po = pairs // max(n, 1), pairs % max(n, 1)
    neighbours_of = np.bincount(pa, minlength=n)
    country = actors["country"].to_numpy(dtype=object)
    foreign_of = np.bincount(pa[country[pa] != country[po]], minlength=n)
    out = pd.DataFrame({
        "actor": pd.array(actors["actor"].astype(object).to_numpy(), dtype="str"),
        "name": pd.array(actors["name"].astype(object).to_numpy(), dtype="str"),
        "level": pd.Categorical(actors["level"].astype(object), categories=list(LEVELS)),
        "kind": pd.array(actors["kind"].astype(object).to_numpy(), dtype="str"),
        "country": pd.array(actors["country"].astype(object).to_numpy(), dtype="str"),
    })
    out["n_ties"] = ties_of.astype("int64")
    out["n_neighbours"] = neighbours_of.astype("int64")
    out["n_foreign_neighbours"] = foreign_of.astype("int64")
    scale = (n - 1) if (normalized and n > 1) else 1
    out["degree"] = out["n_neighbours"] / scale
    out["betweenness"] = np.array([btw.get(i, 0.0) for i in ids], dtype="float64")
    out = out.sort_values(["betweenness", "n_neighbours", "actor"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)
    if by == "actor":
        return out
    total_b = float(out["betweenness"].sum())
    g = out.groupby(by, observed=False, sort=True)
    top = out.sort_values(["betweenness", "n_neighbours", "actor"], ascending=[False, False, True]) \
        .drop_duplicates(by).set_index(by)["actor"]
    res = pd.DataFrame({
        "n_actors": g.size(),
        "n_ties": g["n_ties"].sum(),
        "degree": g["degree"].mean(),
        "betweenness": g["betweenness"].sum(),
    })
    res["betweenness_share"] = res["betweenness"] / total_b if total_b > 0 else 0.0
    res["top_actor"] = pd.Series(top.reindex(res.index).to_numpy(), index=res.index, dtype="str")
    res = res.reset_index()
    res["n_actors"] = res["n_actors"].astype("int64")
    res["n_ties"] = res["n_ties"].astype("int64")
    if by == "kind":
        res["kind"] = res["kind"].astype("str")
    return res[[by, "n_actors", "n_ties", "degree", "betweenness", "betweenness_share", "top_actor"]]


def brokers(
    data: CaseData,
    *,
    by: Literal["actor", "level", "kind"] = "actor",
    at: object = None,
    date_rule: DateRule = "end",
    normalized: bool = True,
    k: int | None = None,
    seed: int | None = None,
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Who carries the relationship: centrality by actor, or summed by level or kind.

    Measured on the simple graph of actors (two actors adjacent when any tie
    joins them):

    * degree centrality ``C_D(v) = deg(v) / (n − 1)`` (Freeman 1979,
      "Centrality in social networks: conceptual clarification", *Social
      Networks* 1, 215–239), ``deg(v)`` the number of distinct neighbours;
    * betweenness ``C_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st`` over unordered pairs,
      divided by ``(n − 1)(n − 2) / 2`` when ``normalized`` (Freeman 1977,
      *Sociometry* 40, 35–41), computed with Brandes' algorithm (2001, *Journal of
      Mathematical Sociology* 25, 163–177) by :func:`networkx.betweenness_centrality`.

    Scale 0–1 when normalized; ``normalized=False`` gives raw counts, which do
    not change when an isolated actor is added or removed.

    Parameters
    ----------
    data : Case or CaseTables
    by : {"actor", "level", "kind"}
        One row per actor, or per actor level or kind (sums and means).
    at, date_rule, undated
        As in :func:`ties`.
    normalized : bool
        As in networkx.
    k : int, optional
        Estimate betweenness from ``k`` sampled sources (networkx), for large
        graphs: from 1 to the number of actors.
    seed : int, optional
        The seed of that sample (also a :class:`random.Random` or a numpy random
        state or generator).
    include : "all", str or iterable of str
        The commitment statuses that give ties (agreed alone by default; see
        :func:`ties`). Agreements and events give ties whatever ``include``.

    Returns
    -------
    DataFrame
        ``by="actor"``: ``actor, name, level, kind, country, n_ties,
        n_neighbours, n_foreign_neighbours, degree, betweenness``, highest
        betweenness first. ``by="level"`` or ``"kind"``: that column, then
        ``n_actors, n_ties, degree``
        (mean), ``betweenness`` (sum), ``betweenness_share``, ``top_actor``.

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> b = brokers(demo)
    >>> print(b[["actor", "n_neighbours", "betweenness"]].head(2).to_string(index=False))
       actor  n_neighbours  betweenness
       bogor             5         0.25
    kisarazu             5         0.25
    >>> print(brokers(demo, by="level")[["level", "n_actors", "betweenness_share"]].to_string(index=False))
          level  n_actors  betweenness_share
       national         1                0.0
    subnational         2                1.0
       nonstate         3                0.0
    """
    choice("by", by, ("actor", "level", "kind"))
    normalized = flag("normalized", normalized)
    t = as_tables(data)
    if k is not None:
        if isinstance(k, np.integer):
            k = int(k)
        k = positive_int("k", k, minimum=1, maximum=max(len(t.actors), 1))
    if seed is not None and not isinstance(seed, int | random.Random | np.random.RandomState | np.random.Generator):
        raise ArgumentTypeError(f"seed must be None, a whole number, a random.Random or a numpy random state or "
                                f"generator; got {seed!r}")
    if isinstance(seed, bool):
        raise ArgumentTypeError(f"seed must be None or a whole number; got {seed!r}")
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, include=include)
    return _brokers(t.actors, tt, by=by, normalized=normalized, k=k, seed=seed)
