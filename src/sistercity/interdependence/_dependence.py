"""Dyadic dependence, sensitivity and vulnerability from who provides and who benefits."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from sistercity._args import choice, flag
from sistercity._typing import CaseData, DateRule, Include
from sistercity.interdependence._arrays import categorical, uniq
from sistercity.interdependence._delivered import Flows, Unobserved, check_flow_options, flow_ties, sum_by
from sistercity.interdependence._ties import channel_codes, tie_positions, tie_table
from sistercity.interdependence._vocab import CHANNELS
from sistercity.tables import as_tables

_DEP_COLUMNS = ["actor_a", "actor_b", "country_a", "country_b", "channel", "received_a", "received_b",
                "total_a", "total_b", "dependence_a", "dependence_b", "salience", "symmetry",
                "interdependence", "asymmetry", "balance"]


def _flows(actors: pd.DataFrame, tt: pd.DataFrame, split: bool
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Giver and receiver positions, sector codes (-1 none) and amounts of the provision ties."""
    prov = (tt["relation"] == "provision").to_numpy()
    s, d = tie_positions(actors, tt)
    g, r = s[prov], d[prov]
    sec = np.asarray(tt["sector"].cat.codes.to_numpy(), dtype=np.int64)[prov]
    amount = (tt["flow"] if split else tt["weight"]).to_numpy(dtype="float64")[prov]
    return g, r, sec, amount


def _share(x: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``x / total``; 0 where the total is 0 (nothing received), NaN where it is unknown."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, x / np.where(total > 0, total, 1.0), np.where(np.isnan(total), np.nan, 0.0))


def _flow_table(data: CaseData, *, at: object, date_rule: object, undated: object, include: object,
                flows: object, unobserved: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors table and the ties whose provision ties carry the flows ``flows`` asks for."""
    flows, unobserved = check_flow_options(flows, unobserved)
    t = as_tables(data)
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, include=include)
    return t.actors, flow_ties(t, tt, flows=flows, unobserved=unobserved, at=at, date_rule=date_rule)


def _empty_dependence() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series([], dtype=("str" if c in ("actor_a", "actor_b", "country_a", "country_b")
                                                else "float64")) for c in _DEP_COLUMNS})
    out["channel"] = pd.Categorical([], categories=list(CHANNELS))
    return out[_DEP_COLUMNS]


def dependence_table(actors: pd.DataFrame, tt: pd.DataFrame, *, basis: str, partners: str, split: bool
                ) -> pd.DataFrame:
    n = len(actors)
    g, r, _, amt = _flows(actors, tt, split)
    recv = sum_by(r * n + g, amt)  # keyed receiver * n + giver
    if partners == "ties":
        s, d = tie_positions(actors, tt)
    else:
        s, d = g, r
    key = uniq(np.minimum(s, d) * n + np.maximum(s, d))
    a, b = key // n, key % n
    keep = a != b
    a, b = a[keep], b[keep]
    if not len(a):
        return _empty_dependence()
    ra = recv.reindex(a * n + b, fill_value=0.0).to_numpy(dtype="float64")
    rb = recv.reindex(b * n + a, fill_value=0.0).to_numpy(dtype="float64")
    total = np.bincount(r, weights=amt, minlength=n)
    if basis == "exchanged":
        total = total + np.bincount(g, weights=amt, minlength=n)
        xa = xb = ra + rb
    else:
        xa, xb = ra, rb
    ta, tb = total[a], total[b]
    da, db = _share(xa, ta), _share(xb, tb)
    balance = _share(ra - rb, ra + rb)
    salience = np.sqrt(da * db)
    symmetry = 1.0 - np.abs(da - db)
    inter = salience * symmetry
    order = np.lexsort((b, a, -salience, -inter))
    ids = actors["actor"].to_numpy(dtype=object)
    country = actors["country"].to_numpy(dtype=object)
    a, b = a[order], b[order]
    return pd.DataFrame({
        "actor_a": pd.array(ids[a], dtype="str"), "actor_b": pd.array(ids[b], dtype="str"),
        "country_a": pd.array(country[a], dtype="str"), "country_b": pd.array(country[b], dtype="str"),
        "channel": categorical(channel_codes(actors, a, b), CHANNELS),
        "received_a": ra[order], "received_b": rb[order], "total_a": ta[order], "total_b": tb[order],
        "dependence_a": da[order], "dependence_b": db[order], "salience": salience[order],
        "symmetry": symmetry[order], "interdependence": inter[order], "asymmetry": (da - db)[order],
        "balance": balance[order],
    })


def dependence(
    data: CaseData,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    basis: Literal["received", "exchanged"] = "received",
    partners: Literal["flows", "ties"] = "flows",
    split: bool = True,
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
    flows: Flows = "promised",
    unobserved: Unobserved = "missing",
) -> pd.DataFrame:
    """Dyadic dependence from who provides and who benefits (Barbieri 1996).

    A commitment's provision ties carry its weight from providers to
    beneficiaries (split equally over them with ``split=True``, so each
    commitment passes its weight once). For a dyad ``(a, b)``, ``R_{a←b}`` is
    what ``a`` receives from ``b`` and ``R_a`` all that ``a`` receives. Then

    .. math::
        D_a = R_{a←b} / R_a, \\qquad
        \\text{salience} = \\sqrt{D_a D_b}, \\qquad
        \\text{symmetry} = 1 - |D_a - D_b|,

    ``interdependence = salience × symmetry`` and ``asymmetry = D_a − D_b``
    (positive: ``a`` depends more on ``b`` than ``b`` on ``a``). All lie in
    [0, 1] except asymmetry, in [−1, 1]. An actor that receives nothing depends on
    no one (``D = 0``). Shares cannot tell two partners apart when each has no
    other partner (both ``D = 1``); ``balance = (R_{a←b} − R_{b←a}) /
    (R_{a←b} + R_{b←a})`` (in [−1, 1], positive: ``a`` receives more) shows the
    imbalance of the flows themselves (this project's addition, not Barbieri's).
    The form is Barbieri's (1996, "Economic interdependence:
    a path to peace or a source of interstate conflict?", *Journal of Peace
    Research* 33(1), 29–49), who uses trade shares; here flows are what
    commitments promise, and asymmetric dependence is power (Keohane & Nye 1977).

    **Promised or delivered** (``flows=``). A flow is by default what a
    commitment promises, implemented or not (the dependence the agreements set
    up); ``"delivered"`` weights it by the commitment's implementation level
    ``ℓ`` at ``at`` (:func:`sistercity.implementation.status`):
    ``F × ℓ / 3``, the linear reading of the PAM scale that the implementation
    rate uses. An unobserved commitment has no level (see ``unobserved``).

    Parameters
    ----------
    data : Case or CaseTables
    at, date_rule
        As in :func:`ties`.
    basis : {"received", "exchanged"}
        ``D_a`` as a share of what ``a`` receives (default, as the brief asks), or,
        closer to Barbieri's trade share, ``(R_{a←b} + R_{b←a}) / (R_a + G_a)``
        where ``G_a`` is all that ``a`` gives.
    partners : {"flows", "ties"}
        Rows for the dyads with a flow either way (default), or for every dyad
        with any tie (dyads without flows get zeros).
    split : bool
        Split a commitment's weight over its provision ties (default) or give each
        its full weight.
    undated : {"keep", "drop"}
        As in :func:`ties`.
    include : "all", str or iterable of str
        The statuses of the commitments whose flows count: agreed alone by
        default (see :func:`ties`); ``"all"`` adds proposals and wishes.
    flows : {"promised", "delivered"}
        What a flow is: what the commitment promises (default), or that weighted
        by its implementation level at ``at``, ``ℓ/3`` (see above).
    unobserved : {"missing", "drop", "zero"}
        With ``flows="delivered"``, how a commitment nobody observed by ``at``
        enters. ``"missing"`` (default; no data is never 0): its flows are
        unknown, and so is every sum they enter (the receiver's total, hence its
        dependence and every figure of its dyads: NaN). ``"drop"``: its flows
        are left out (dependence among what was observed). ``"zero"``: it
        delivers nothing, as the Peace Accords Matrix codes an unreported
        provision (an explicit choice). Ignored with ``flows="promised"``.

    Returns
    -------
    DataFrame
        Columns ``actor_a, actor_b`` (in the order of the actors table), ``country_a, country_b,
        channel, received_a, received_b, total_a, total_b, dependence_a,
        dependence_b, salience, symmetry, interdependence, asymmetry, balance``;
        sorted by interdependence, highest first (NaN last). With
        ``flows="delivered"`` the amounts are delivered amounts.

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> d = dependence(demo)
    >>> print(d[["actor_a", "actor_b", "dependence_a", "dependence_b", "symmetry", "asymmetry"]].to_string(index=False))
     actor_a  actor_b  dependence_a  dependence_b  symmetry  asymmetry
       bogor kisarazu           1.0           1.0       1.0        0.0
       smpn1 hatazawa           1.0           1.0       1.0        0.0
    kisarazu  farmers           0.0           1.0       0.0       -1.0

    Bundled case: four of five agreed commitments at level 0 in 2018, only one observed in 2017:

    >>> bk = datasets.load("bogor-kisarazu")
    >>> for flows in ("promised", "delivered"):
    ...     d = dependence(bk, at="2018", flows=flows).set_index(["actor_a", "actor_b"])
    ...     print(flows, d.loc[("bogor", "kisarazu"), "interdependence"])
    promised 1.0
    delivered 0.0
    >>> dependence(bk, at="2017", flows="delivered")["interdependence"].tolist()
    [1.0, nan]

    Raises
    ------
    ArgumentError, ArgumentTypeError
        If an option is not one of those allowed.
    CaseValidationError
        If a record names an actor that the actors table does not have.
    """
    choice("basis", basis, ("received", "exchanged"))
    choice("partners", partners, ("flows", "ties"))
    split = flag("split", split)
    actors, tt = _flow_table(data, at=at, date_rule=date_rule, undated=undated, include=include, flows=flows,
                             unobserved=unobserved)
    return dependence_table(actors, tt, basis=basis, partners=partners, split=split)


def _sensitivity_arrays(actors: pd.DataFrame, tt: pd.DataFrame, split: bool
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(receiver, giver, received, total received) per pair with a flow, in actors-table order."""
    n = len(actors)
    g, r, _, amt = _flows(actors, tt, split)
    rec = sum_by(r * n + g, amt)  # sorted by key: receiver, then giver
    key = rec.index.to_numpy(np.int64)
    total = np.bincount(r, weights=amt, minlength=n)
    return key // n, key % n, rec.to_numpy(dtype="float64"), total[key // n].astype("float64")


def _sensitivity(actors: pd.DataFrame, tt: pd.DataFrame, split: bool) -> pd.DataFrame:
    rcv, giv, received, total = _sensitivity_arrays(actors, tt, split)
    ids = actors["actor"].to_numpy(dtype=object)
    return pd.DataFrame({
        "actor": pd.array(ids[rcv], dtype="str"), "partner": pd.array(ids[giv], dtype="str"),
        "received": received, "total_received": total, "sensitivity": _share(received, total),
    })


def sensitivity(
    data: CaseData,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    split: bool = True,
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
    flows: Flows = "promised",
    unobserved: Unobserved = "missing",
) -> pd.DataFrame:
    """Each actor's exposure to each partner it receives from.

    .. math:: \\text{sensitivity}_{i←j} = R_{i←j} / R_i

    the share of all that ``i`` receives (through commitments, as in
    :func:`dependence`) that comes from ``j``: what ``i`` stands to lose at once
    if ``j`` stops, before ``i`` can adjust. Scale 0–1. Keohane & Nye (1977,
    ch. 1): sensitivity is "liability to costly effects imposed from outside
    before policies are altered". Agreed commitments alone count by default
    (see :func:`dependence`).

    Parameters
    ----------
    data : Case or CaseTables
    at, date_rule, split, undated, include, flows, unobserved
        As in :func:`dependence`.

    Returns
    -------
    DataFrame
        One row per (receiving actor, partner) with a flow: ``actor, partner,
        received, total_received, sensitivity``; in the order of the actors table.

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> print(sensitivity(demo).to_string(index=False))
       actor  partner  received  total_received  sensitivity
       bogor kisarazu       0.5             0.5          1.0
    kisarazu    bogor       1.0             1.0          1.0
     farmers kisarazu       0.5             0.5          1.0
       smpn1 hatazawa       0.5             0.5          1.0
    hatazawa    smpn1       0.5             0.5          1.0
    """
    split = flag("split", split)
    actors, tt = _flow_table(data, at=at, date_rule=date_rule, undated=undated, include=include, flows=flows,
                             unobserved=unobserved)
    return _sensitivity(actors, tt, split)


def _vulnerability(actors: pd.DataFrame, tt: pd.DataFrame, split: bool, alternatives: str) -> pd.DataFrame:
    n = len(actors)
    base = _sensitivity(actors, tt, split)
    g, r, sec, amt = _flows(actors, tt, split)
    n_sec = len(tt["sector"].cat.categories) + 1
    sec = sec + 1  # 0: no sector
    # amounts by (receiver, giver, sector)
    k3 = (r * n + g) * n_sec + sec
    by = sum_by(k3, amt)
    key3 = by.index.to_numpy(np.int64)
    rg, s3 = key3 // n_sec, key3 % n_sec
    r3 = rg // n
    flowing = by.to_numpy(dtype="float64") > 0  # a partner whose flow is 0 or unknown is no alternative
    if alternatives == "own":
        inv, _ = pd.factorize(r3 * n_sec + s3)
        n_flowing = np.bincount(inv, weights=flowing)[inv]
        alt = n_flowing - flowing >= 1
    else:
        gives = uniq((g * n_sec + sec)[amt > 0])  # (giver, sector) pairs anywhere in the case
        n_providers = np.bincount(gives % n_sec, minlength=n_sec)
        self_gives = np.isin(r3 * n_sec + s3, gives)  # the receiver is no alternative to itself
        partner_gives = np.isin((rg % n) * n_sec + s3, gives)  # nor the partner
        alt = (n_providers[s3] - partner_gives.astype(np.int64) - self_gives.astype(np.int64)) >= 1
    irreplaceable = np.where(alt, 0.0, by.to_numpy(dtype="float64"))
    irr = sum_by(rg, irreplaceable)
    names = np.array(["", *(str(c) for c in tt["sector"].cat.categories)], dtype=object)
    alone = ~alt & flowing  # a sector whose flow is 0 or unknown is not listed
    lone = pd.DataFrame({"rg": rg[alone], "sector": names[s3[alone]]}).sort_values(["rg", "sector"])
    joined = lone.groupby("rg", sort=False)["sector"].agg(", ".join)
    rcv, giv, _, _ = _sensitivity_arrays(actors, tt, split)  # the rows of base, in order
    rkey = rcv * n + giv
    base["irreplaceable"] = irr.reindex(rkey, fill_value=0.0).to_numpy(dtype="float64")
    total = base["total_received"].to_numpy(dtype="float64")
    base["vulnerability"] = _share(base["irreplaceable"].to_numpy(dtype="float64"), total)
    base["sectors_without_alternative"] = pd.array(joined.reindex(rkey, fill_value="").to_numpy(dtype=object),
                                                   dtype="str")
    return base[["actor", "partner", "received", "irreplaceable", "total_received", "sensitivity",
                 "vulnerability", "sectors_without_alternative"]]


def vulnerability(
    data: CaseData,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    split: bool = True,
    alternatives: Literal["own", "network"] = "own",
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
    flows: Flows = "promised",
    unobserved: Unobserved = "missing",
) -> pd.DataFrame:
    """Exposure to a partner that no other partner could replace in the same sector.

    .. math::
        \\text{vulnerability}_{i←j} = \\frac{1}{R_i}\\sum_s R^{s}_{i←j}\\,
        [\\text{no alternative to } j \\text{ for } i \\text{ in sector } s]

    where ``R^s_{i←j}`` is what ``i`` receives from ``j`` in sector ``s``. It
    never exceeds sensitivity: what an alternative provider could replace is
    excluded. Scale 0–1. Keohane & Nye (1977, ch. 1): vulnerability is
    "liability to suffer costs imposed by external events even after policies
    have been altered" — that is, after alternatives are sought. Agreed
    commitments alone count by default, as flows and as alternatives (see
    :func:`dependence`).

    Parameters
    ----------
    data : Case or CaseTables
    at, date_rule, split, undated, include, flows, unobserved
        As in :func:`dependence`.
    alternatives : {"own", "network"}
        Who counts as an alternative to ``j`` in sector ``s``: another partner
        that already provides ``s`` to ``i`` (``"own"``, default), or any other
        actor of the case that provides ``s`` to anyone (``"network"``: a
        potential substitute). A single alternative replaces the whole amount
        (a binary rule). Only a provider whose flow is above 0 is an
        alternative: with ``flows="delivered"``, a partner that delivered
        nothing, or whose delivery is unknown, replaces nothing (and a sector
        whose flow is 0 or unknown is not listed without alternative).

    Returns
    -------
    DataFrame
        ``actor, partner, received, irreplaceable, total_received, sensitivity,
        vulnerability, sectors_without_alternative`` (sector ids, comma-separated).

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> v = vulnerability(demo)
    >>> print(v.loc[v.actor == "farmers", ["partner", "sensitivity", "vulnerability"]].to_string(index=False))
     partner  sensitivity  vulnerability
    kisarazu          1.0            1.0
    """
    choice("alternatives", alternatives, ("own", "network"))
    split = flag("split", split)
    actors, tt = _flow_table(data, at=at, date_rule=date_rule, undated=undated, include=include, flows=flows,
                             unobserved=unobserved)
    return _vulnerability(actors, tt, split, alternatives)
