"""Measures of the partnership network, from its edge arrays, without building a graph (private).

Every measure is equal to networkx's on :func:`~sistercity.network.partnership_graph`
(the tests check it).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from sistercity._args import choice
from sistercity.network._graph import NetworkData, component_labels, degrees, edges


def degree(data: NetworkData) -> pd.Series:
    """Number of partners of each city (distinct actors it shares an agreement with).

    .. math:: k_i = \\sum_j a_{ij}

    with ``a`` the 0/1 adjacency of the partnership graph. Equal to
    ``dict(partnership_graph(data).degree())``. Scale: 0 … n − 1.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.

    Returns
    -------
    Series
        Keyed by actor id (every actor, isolates 0), named ``degree``, int64.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Nanning"], "country1": ["Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "St. Louis", "St. Louis"], "country2": ["China", "United States", "USA"]}))
    >>> network.degree(res).to_dict()
    {'ID:bogor': 2, 'CN:nanning': 2, 'US:st-louis': 2}
    """
    e = edges(data)
    return pd.Series(degrees(e), index=pd.Index(e.actors, name="actor", dtype="str"), name="degree")


def country_degree(data: NetworkData) -> pd.DataFrame:
    """Partnerships by country.

    A partnership counts for a country when at least one of its cities is
    there; ``mean_degree`` is the mean :func:`degree` of the country's cities.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.

    Returns
    -------
    DataFrame
        One row per country: ``country``, ``n_cities`` (actors), ``n_linked``
        (actors with a partner), ``n_partnerships`` (pairs with at least one city
        in the country), ``n_foreign`` (pairs with a city abroad), ``n_domestic``
        (both cities in the country), ``n_partner_countries`` (other countries it
        is paired with), ``mean_degree`` (partners per city); most partnerships
        first, then by country.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Nanning"], "country1": ["Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "Depok", "Bogor"], "country2": ["China", "Indonesia", "Indonesia"]}))
    >>> print(network.country_degree(res)[["country", "n_partnerships", "n_foreign", "n_domestic"]]
    ...       .to_string(index=False))
    country  n_partnerships  n_foreign  n_domestic
         ID               2          1           1
         CN               1          1           0
    """
    e = edges(data)
    deg = degrees(e)
    cu, cv = e.country[e.u], e.country[e.v]
    same = cu == cv
    a = pd.DataFrame({"country": e.country, "deg": deg, "linked": deg > 0})
    per = a.groupby("country", sort=False).agg(n_cities=("deg", "size"), n_linked=("linked", "sum"),
                                               mean_degree=("deg", "mean"))
    ends = pd.DataFrame({"country": np.concatenate([cu, cv[~same]]),
                         "foreign": np.concatenate([~same, ~same[~same]])})
    pc = ends.groupby("country", sort=False).agg(n_partnerships=("foreign", "size"), n_foreign=("foreign", "sum"))
    dom = pd.Series(cu[same]).value_counts()
    pairs = pd.DataFrame({"a": np.concatenate([cu[~same], cv[~same]]), "b": np.concatenate([cv[~same], cu[~same]])})
    partner_countries = pairs.drop_duplicates().groupby("a").size()
    out = per.join(pc, how="left")
    out["n_partnerships"] = out["n_partnerships"].fillna(0).astype("int64")
    out["n_foreign"] = out["n_foreign"].fillna(0).astype("int64")
    out["n_domestic"] = dom.reindex(out.index, fill_value=0).astype("int64")
    out["n_partner_countries"] = partner_countries.reindex(out.index, fill_value=0).astype("int64")
    out = out.reset_index()
    out["country"] = out["country"].astype("str")
    out = out[["country", "n_cities", "n_linked", "n_partnerships", "n_foreign", "n_domestic", "n_partner_countries",
               "mean_degree"]].astype({"n_cities": "int64", "n_linked": "int64", "mean_degree": "float64"})
    return out.sort_values(["n_partnerships", "country"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def country_dyads(data: NetworkData) -> pd.DataFrame:
    """Partnerships between each pair of countries.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.

    Returns
    -------
    DataFrame
        ``country_a, country_b`` (sorted; equal for domestic pairs), ``n_pairs``
        (partnerships between them), ``share`` of all partnerships (0 … 1); most
        pairs first, then by countries.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Nanning"], "country1": ["Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "Depok", "Bogor"], "country2": ["China", "Indonesia", "Indonesia"]}))
    >>> print(network.country_dyads(res).to_string(index=False))
    country_a country_b  n_pairs  share
           CN        ID        1    0.5
           ID        ID        1    0.5
    """
    e = edges(data)
    cu = pd.Series(e.country[e.u], dtype="str")
    cv = pd.Series(e.country[e.v], dtype="str")
    swap = (cv < cu).to_numpy()
    a = cu.where(~swap, cv)
    b = cv.where(~swap, cu)
    out = pd.DataFrame({"country_a": a, "country_b": b}).value_counts().rename("n_pairs").reset_index()
    out["n_pairs"] = out["n_pairs"].astype("int64")
    total = int(out["n_pairs"].sum())
    out["share"] = out["n_pairs"] / total if total else np.nan
    out = out.astype({"country_a": "str", "country_b": "str"})
    return out.sort_values(["n_pairs", "country_a", "country_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def components(data: NetworkData) -> pd.Series:
    """The connected component of each city, numbered from the largest (0).

    Two cities are in the same component when a chain of partnerships joins
    them (as :func:`networkx.connected_components`). Ties in size are numbered
    by their first actor in table order.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.

    Returns
    -------
    Series
        Keyed by actor id, named ``component``, int64 (0 … number of components − 1).

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Nanning", "Varna"], "country1": ["Indonesia", "China", "Bulgaria"],
    ...     "city2": ["Nanning", "Liuzhou", "Ningbo"], "country2": ["China", "China", "China"]}))
    >>> network.components(res).to_dict()
    {'ID:bogor': 0, 'CN:nanning': 0, 'CN:liuzhou': 0, 'BG:varna': 1, 'CN:ningbo': 1}
    """
    e = edges(data)
    root = component_labels(len(e.actors), e.u, e.v)
    r = pd.Series(root)
    size = r.map(r.value_counts())
    first = r.groupby(root).transform("min")
    order = pd.DataFrame({"root": root, "size": size, "first": first}).drop_duplicates("root") \
        .sort_values(["size", "first"], ascending=[False, True], kind="stable")
    label = pd.Series(np.arange(len(order), dtype=np.int64), index=order["root"].to_numpy())
    return pd.Series(label.reindex(root).to_numpy(dtype=np.int64),
                     index=pd.Index(e.actors, name="actor", dtype="str"), name="component")


def assortativity(data: NetworkData, *, by: Literal["degree", "country"] = "degree") -> float:
    """Assortative mixing of the partnership network (Newman 2002, 2003).

    ``by="degree"``: the Pearson correlation of the degrees at the two ends of
    the edges (each edge counted both ways),

    .. math:: r = \\frac{M^{-1}\\sum_e j_e k_e - [M^{-1}\\sum_e \\tfrac12 (j_e + k_e)]^2}
                        {M^{-1}\\sum_e \\tfrac12 (j_e^2 + k_e^2) - [M^{-1}\\sum_e \\tfrac12 (j_e + k_e)]^2}

    (Newman 2002, "Assortative mixing in networks", *Physical Review Letters* 89,
    208701, eq. 4); −1 … 1, positive when well-partnered cities partner each
    other; equal to :func:`networkx.degree_assortativity_coefficient`.
    ``by="country"``: ``r = (Σ_i e_ii − Σ_i a_i²) / (1 − Σ_i a_i²)`` with ``e_ii``
    the share of edge ends joining two cities of country ``i`` and ``a_i`` the
    share of edge ends in country ``i`` (Newman 2003, "Mixing patterns in
    networks", *Physical Review E* 67, 026126, eq. 2); 1 when cities pair only at
    home, negative when they pair across borders more than chance would;
    equal to :func:`networkx.attribute_assortativity_coefficient`.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.
    by : {"degree", "country"}
        Mixing by degree (numeric) or by country (categorical).

    Returns
    -------
    float
        ``r`` in −1 … 1; missing (NaN) when undefined (no edges, or all degrees
        equal, or every edge end in one country).

    Raises
    ------
    sistercity.ArgumentError
        If ``by`` is neither ``"degree"`` nor ``"country"``.
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Bogor", "Nanning"],
    ...     "country1": ["Indonesia", "Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "St. Louis", "Gödöllő", "Liuzhou"],
    ...     "country2": ["China", "United States", "Hungary", "China"]}))
    >>> round(network.assortativity(res), 4), round(network.assortativity(res, by="country"), 4)
    (-0.6667, -0.0909)
    """
    by = choice("by", by, ("degree", "country"))
    e = edges(data)
    if len(e.u) == 0:
        return float("nan")
    if by == "degree":
        d = degrees(e).astype("float64")
        j, k = d[e.u], d[e.v]
        m = len(j)
        mean = (j + k).sum() / (2 * m)
        num = (j * k).sum() / m - mean * mean
        den = (j * j + k * k).sum() / (2 * m) - mean * mean
        return float(num / den) if den > 1e-12 else float("nan")
    cu, cv = e.country[e.u], e.country[e.v]
    ends = pd.Series(np.concatenate([cu, cv]))
    a = ends.value_counts(normalize=True).to_numpy(dtype="float64")
    sum_a2 = float((a * a).sum())
    e_ii = float((cu == cv).mean())
    return (e_ii - sum_a2) / (1 - sum_a2) if sum_a2 < 1 - 1e-12 else float("nan")


def growth(data: NetworkData) -> pd.DataFrame:
    """Partnerships founded by year, where years exist.

    A partnership's year is the first founding year of the agreements between
    its two cities (an agreement's ``start``, which :func:`~sistercity.network.read_pairs`
    fills with the year column).

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.

    Returns
    -------
    DataFrame
        ``year``, ``n_new`` (partnerships first founded that year),
        ``n_cumulative`` (dated partnerships founded up to that year),
        ``n_cities`` and ``n_countries`` (distinct ones in those partnerships, up
        to that year); all int64, one row per year with a new partnership. Empty
        (same columns) when no partnership is dated; undated ones are left out
        (:func:`summary` counts the dated ones).

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Bogor"], "country1": ["Indonesia"] * 3,
    ...     "city2": ["Nanning", "St. Louis", "Gödöllő"], "country2": ["China", "United States", "Hungary"],
    ...     "year": ["1993", "since 2000", ""]}))
    >>> print(network.growth(res).to_string(index=False))
     year  n_new  n_cumulative  n_cities  n_countries
     1993      1             1         2            2
     2000      1             2         3            3
    """
    e = edges(data)
    dated = ~np.isnan(e.year)
    cols = ["year", "n_new", "n_cumulative", "n_cities", "n_countries"]
    if not dated.any():
        return pd.DataFrame({c: pd.Series([], dtype="int64") for c in cols})
    y = e.year[dated].astype(np.int64)
    u, v = e.u[dated], e.v[dated]
    new = pd.Series(y).value_counts().sort_index()
    ends = pd.DataFrame({"year": np.concatenate([y, y]), "actor": np.concatenate([u, v])})
    first_seen = ends.groupby("actor")["year"].min()
    cities = first_seen.value_counts().sort_index().reindex(new.index, fill_value=0).cumsum()
    ends["country"] = e.country[ends["actor"].to_numpy()]
    c_first = ends.groupby("country")["year"].min()
    countries = c_first.value_counts().sort_index().reindex(new.index, fill_value=0).cumsum()
    out = pd.DataFrame({"year": new.index.to_numpy(np.int64), "n_new": new.to_numpy(np.int64),
                        "n_cumulative": new.cumsum().to_numpy(np.int64), "n_cities": cities.to_numpy(np.int64),
                        "n_countries": countries.to_numpy(np.int64)})
    return out[cols]


def summary(data: NetworkData) -> pd.Series:
    """The network in figures.

    Parameters
    ----------
    data : Case, CaseTables or PairsResult
        The network.

    Returns
    -------
    Series
        float64, named ``value``: ``n_cities`` (actors), ``n_partnerships``
        (distinct pairs), ``n_countries``, ``n_country_dyads``, ``domestic_share``
        (pairs within one country), ``n_components``, ``largest_component``
        (its number of cities) and ``largest_share`` (of all cities),
        ``n_isolates``, ``mean_degree``, ``max_degree``, ``density``
        (``2m / n(n − 1)``), ``assortativity`` (degree) and
        ``country_assortativity`` (:func:`assortativity`), ``n_dated`` (pairs
        with a founding year). A share, mean or density with nothing to divide
        by is NaN.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`~sistercity.network.PairsResult`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Nanning"], "country1": ["Indonesia", "China"],
    ...     "city2": ["Nanning", "Liuzhou"], "country2": ["China", "China"]}))
    >>> s = network.summary(res)
    >>> int(s["n_cities"]), int(s["n_partnerships"]), int(s["n_components"]), float(s["domestic_share"])
    (3, 2, 1, 0.5)
    """
    e = edges(data)
    n, m = len(e.actors), len(e.u)
    deg = degrees(e)
    comp = components(data)
    sizes = comp.value_counts()
    cu, cv = e.country[e.u], e.country[e.v]
    dy = country_dyads(data)
    largest = int(sizes.iloc[0]) if len(sizes) else 0
    return pd.Series({
        "n_cities": n,
        "n_partnerships": m,
        "n_countries": int(pd.Series(e.country).nunique()),
        "n_country_dyads": len(dy),
        "domestic_share": float((cu == cv).mean()) if m else float("nan"),
        "n_components": len(sizes),
        "largest_component": largest,
        "largest_share": largest / n if n else float("nan"),
        "n_isolates": int((deg == 0).sum()),
        "mean_degree": float(deg.mean()) if n else float("nan"),
        "max_degree": int(deg.max()) if n else 0,
        "density": 2 * m / (n * (n - 1)) if n > 1 else float("nan"),
        "assortativity": assortativity(data),
        "country_assortativity": assortativity(data, by="country"),
        "n_dated": int((~np.isnan(e.year)).sum()),
    }, name="value", dtype="float64")
