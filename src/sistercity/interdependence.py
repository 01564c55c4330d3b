"""Complex interdependence (Keohane & Nye 1977) as graphs and measures.

Keohane and Nye (*Power and Interdependence*, 1977, ch. 2) name three conditions
of *complex interdependence*: (1) multiple channels connect societies —
interstate, transgovernmental and transnational; (2) there is no hierarchy among
issues — military security does not dominate the agenda; (3) military force
plays a minor role. They read interdependence as often *asymmetric*, a source of
power, and tell *sensitivity* (how much a change in one actor costs another
within the existing framework) from *vulnerability* (the cost that remains once
alternatives are sought).

This module reads those ideas off a :class:`~sistercity.Case` (or its
:class:`~sistercity.CaseTables`):

* :func:`ties` — the tidy table of every tie between two actors: from an
  agreement (its parties), a commitment (provider → beneficiary, and the other
  actors of the commitment with each other) or an event (its participants), each
  with its origin, sector, date, weight and **channel**;
* :func:`graph` — the same ties as a :class:`networkx.MultiGraph`;
* :func:`channels` — every tie with the attributes its channel is read from;
* :func:`profile` — the three conditions measured (channel mix and the multiplex
  participation coefficient; Herfindahl index and Pielou evenness of sector
  shares; share of ties in security or defence), with the table behind each figure;
* :func:`dependence`, :func:`sensitivity`, :func:`vulnerability` — dyadic
  dependence from who provides and who benefits (Barbieri 1996);
* :func:`brokers` — degree and betweenness centrality by actor and by level;
* :func:`what_if` — remove an actor, a tie or a commitment and see what changes;
* :func:`write_graph`, :func:`read_graph` — GraphML, GEXF and node-link JSON.

Channels
--------
Each tie's channel is read from its two actors (``country``, ``level`` and
``governmental`` in the actors table):

=====================  ===========================================================
channel                rule
=====================  ===========================================================
``domestic``           both actors in the same country (coordination at home,
                       e.g. central–local: a city consulting its minister)
``interstate``         different countries, both governmental, both ``national``
``transgovernmental``  different countries, both governmental, at least one not
                       ``national`` (a city, a province, a state school, ...)
``transnational``      different countries, at least one non-governmental actor
=====================  ===========================================================

Keohane and Nye reserve *interstate* for relations between the top of
governments; here any two national bodies (two ministries, say) count as
interstate, which is the rule this project's brief fixes. A tie whose actor has
no country has no channel (missing).

Which commitments count
-----------------------
Every function that reads commitments (:func:`ties`, :func:`graph`,
:func:`channels`, :func:`profile`, :func:`dependence`, :func:`sensitivity`,
:func:`vulnerability`, :func:`brokers`, :func:`what_if`) counts only
**agreed** commitments by default, ``include=("agreed",)``, as
:mod:`sistercity.implementation` does: a proposal by one side or a wish is not
yet a channel or a flow both partners have set up. ``include="all"``, or some of
``"agreed"``, ``"proposed"``, ``"wish"``, counts more. Ties from agreements
(their parties) and from events are not commitments and are always there.

Dates
-----
A tie dates from its record: an agreement's start, a commitment's ``proposed``
date, an event's date. A commitment without a date of its own is never given
its agreement's date: the agreement's start is only a lower bound
(``date_first``; ``date_last`` stays missing and ``date_source`` says
``"agreement"``), so ``undated=`` decides about it when ``at`` is given.

Which graph
-----------
:func:`graph` returns an undirected :class:`networkx.MultiGraph`. Most ties are
symmetric (two parties of an agreement, two participants of a visit); writing
them into a directed graph would either double them or invent a direction, and
the questions asked of the graph — who carries the relationship (betweenness),
how an actor's ties spread over channels (participation) — are about contact,
not flow. Several ties may join the same two actors (an agreement, a programme
and a visit), hence a multigraph; each edge's key is its tie id. The direction
of a provision (who gives, who receives) is kept on the edge (``directed``,
``provider``, ``beneficiary``), and :func:`dependence` reads it from there.
"""

from __future__ import annotations

import html
import json
import math
import random
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

import numpy as np
import pandas as pd

from sistercity import _args
from sistercity.dates import parse_at
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import CommitmentStatus
from sistercity.tables import CaseTables, as_tables, partial_date_bounds

if TYPE_CHECKING:
    import networkx as nx

    from sistercity.model import Case

__all__ = [
    "CHANNELS",
    "CROSS_BORDER_CHANNELS",
    "DATE_SOURCES",
    "FORCE_SECTORS",
    "ORIGINS",
    "RELATIONS",
    "TIE_COLUMNS",
    "Profile",
    "WhatIf",
    "brokers",
    "channels",
    "dependence",
    "graph",
    "herfindahl",
    "participation_coefficient",
    "pielou_evenness",
    "profile",
    "read_graph",
    "sensitivity",
    "ties",
    "vulnerability",
    "what_if",
    "write_graph",
]

Data: TypeAlias = "Case | CaseTables"
"""What every function here takes first: a case or its tables."""

CHANNELS: tuple[str, ...] = ("interstate", "transgovernmental", "transnational", "domestic")
"""The channels a tie can belong to (Keohane & Nye 1977, ch. 2; ``domestic``: same country)."""

CROSS_BORDER_CHANNELS: tuple[str, ...] = CHANNELS[:3]
"""The three channels that connect societies across a border."""

ORIGINS: tuple[str, ...] = ("agreement", "commitment", "event")
"""Where a tie comes from."""

RELATIONS: tuple[str, ...] = ("parties", "provision", "participation", "attributed", "attendance")
"""What a tie says about its two actors.

``parties``: both are parties of an agreement. ``provision``: the ``source``
provides what the ``target`` receives under a commitment (directed).
``participation``: both take part in a commitment, neither as the other's
provider. ``attributed``: a commitment that names fewer than two actors, tied to
its agreement's parties (only with ``unattributed="parties"``). ``attendance``:
both took part in an event.
"""

DATE_SOURCES: tuple[str, ...] = ("record", "agreement", "none")
"""Where a tie's date comes from (the ``date_source`` column of :func:`ties`).

``record``: the record's own date (an agreement's start, a commitment's
``proposed`` date, an event's date). ``agreement``: a commitment with no date of
its own; its agreement's start is only a lower bound (``date_first``), never its
date. ``none``: nothing is known. Ties whose source is not ``record`` are the
*undated* ties of ``undated=``.
"""

FORCE_SECTORS: tuple[str, ...] = ("security_defence",)
"""Sectors whose ties count as the use or threat of force (``profile(force_sectors=...)``)."""

TIE_COLUMNS: dict[str, str] = {
    "tie": "str",
    "source": "str",
    "target": "str",
    "origin": "category",
    "record": "str",
    "relation": "category",
    "directed": "bool",
    "commitment_status": "category",
    "sector": "category",
    "date": "str",
    "date_first": "datetime64[s]",
    "date_last": "datetime64[s]",
    "date_source": "category",
    "weight": "float64",
    "flow": "float64",
    "channel": "category",
}
"""The columns of :func:`ties`, in order, with their dtypes.

``tie``
    ``"{origin}|{record}|{source}|{target}"``; unique; the edge key in :func:`graph`.
``source``, ``target``
    Actor ids. For a ``provision`` tie the provider and the beneficiary; for the
    other (undirected) ties the two actors in the order of the actors table.
``origin``, ``record``
    ``agreement``, ``commitment`` or ``event``, and that record's id.
``relation``, ``directed``
    See :data:`RELATIONS`; only ``provision`` ties are directed.
``commitment_status``
    For commitment ties, how firm the commitment is (``agreed``, ``proposed``,
    ``wish``; see :class:`sistercity.Commitment`); missing for the others. Only
    the statuses in ``include=`` give ties (agreed alone by default).
``sector``
    The commitment's sector; for an event, the sector shared by all commitments
    the event names (missing when none or several); missing for agreements.
``date``, ``date_first``, ``date_last``, ``date_source``
    The partial date the tie dates from and the first and last day it admits:
    the agreement's start (``effective``, else ``signed``); the commitment's
    ``proposed`` date; the event's date (``date_source`` ``record``). A
    commitment without a date of its own has no ``date`` and no ``date_last``:
    its agreement's start is only a lower bound, kept as ``date_first``
    (``date_source`` ``agreement``; a commitment may be added to an agreement
    after it starts). Nothing known: all missing (``none``). See
    :data:`DATE_SOURCES`.
``weight``
    The commitment's weight for commitment ties; 1 for the others.
``flow``
    For ``provision`` ties: the commitment's weight split equally over its
    provision ties (so a commitment passes its weight once, however many actors
    it names); 0 for the others.
``channel``
    See :data:`CHANNELS`; missing when an actor has no country.
"""

DateRule = Literal["start", "end"]
Unattributed = Literal["skip", "parties"]

_LEVELS = ("national", "subnational", "nonstate")
_SEP = "|"
_STATUSES: tuple[str, ...] = get_args(CommitmentStatus)


# =========================================================================== helpers


def _at_day(at: object) -> pd.Timestamp | None:
    """The day ``at`` stands for: a partial date means its last day (see :func:`sistercity.dates.parse_at`)."""
    day = parse_at(at)
    return None if day is None else pd.Timestamp(day.end())


def _check_choice(name: str, value: object, allowed: Iterable[str]) -> None:
    _args.choice(name, value, allowed)


def _names(name: str, value: object, *, what: str) -> tuple[str, ...]:
    """A str or an iterable of str as a tuple (one str is one name)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{name} must be {what} or an iterable of them; got {value!r}")
    out = tuple(value)
    bad = [x for x in out if not isinstance(x, str)]
    if bad:
        raise ArgumentTypeError(f"{name} must be {what} (strings); got {bad[0]!r} in {value!r}")
    return out


def _actor_index(actors: pd.DataFrame) -> pd.Index:
    index: pd.Index = pd.Index(actors["actor"].astype(object).to_numpy())
    return index


def _lookup(index: pd.Index, values: pd.Series | np.ndarray) -> np.ndarray:
    """Positions of ``values`` in ``index`` (-1 where absent)."""
    vals = values.astype(object).to_numpy() if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    return np.asarray(index.get_indexer(pd.Index(vals)), dtype=np.int64)


def _positions(actors: pd.DataFrame, ids: pd.Series | np.ndarray, what: str) -> np.ndarray:
    pos = _lookup(_actor_index(actors), ids)
    if (pos < 0).any():
        bad = np.asarray(ids, dtype=object)[pos < 0][0]
        raise CaseValidationError([Problem(
            f"{int((pos < 0).sum())} {what} name an actor the actors table does not have; "
            f"the first is {bad!r}", path="actors")])
    return pos


def _channel_codes(actors: pd.DataFrame, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Channel codes (index into CHANNELS; -1 missing) of actor-position pairs (vectorised)."""
    country = actors["country"].astype(object).to_numpy()
    level = actors["level"].astype(object).to_numpy()
    gov = actors["governmental"].fillna(False).astype(bool).to_numpy()
    ca, cb = country[pa], country[pb]
    known = pd.notna(ca) & pd.notna(cb)
    cross = known & (ca != cb)
    both_gov = gov[pa] & gov[pb]
    both_nat = (level[pa] == "national") & (level[pb] == "national")
    # interstate 0, transgovernmental 1, transnational 2, domestic 3, missing -1
    return np.asarray(np.select([~known, ~cross, ~both_gov, both_nat], [-1, 3, 2, 0], 1), dtype=np.int8)


def _categorical(codes: np.ndarray, categories: Iterable[str]) -> pd.Categorical:
    dtype: pd.CategoricalDtype = pd.CategoricalDtype(list(categories))
    cat: pd.Categorical = pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), dtype=dtype)
    return cat


def _pairs_within(group: np.ndarray, member: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every unordered pair of distinct members within each group, first-met member first (int arrays)."""
    df = pd.DataFrame({"g": group, "m": member}).drop_duplicates()
    df["k"] = df.groupby("g", sort=False).cumcount()
    m = df.merge(df, on="g", suffixes=("_a", "_b"))
    m = m[(m["k_a"] < m["k_b"]).to_numpy()]
    return m["g"].to_numpy(np.int64), m["m_a"].to_numpy(np.int64), m["m_b"].to_numpy(np.int64)


def _record_positions(table: pd.DataFrame, key: str, values: pd.Series, what: str) -> np.ndarray:
    pos = _lookup(pd.Index(table[key].astype(object).to_numpy()), values)
    if (pos < 0).any():
        bad = values.astype(object).to_numpy()[pos < 0][0]
        raise CaseValidationError([Problem(f"{int((pos < 0).sum())} rows name a {key} the {what} table does not "
                                           f"have; the first is {bad!r}", path=what)])
    return pos


@dataclass
class _Part:
    """Ties of one origin as arrays: actor positions, record positions, relation codes and values."""

    origin: int
    s: np.ndarray
    t: np.ndarray
    rec: np.ndarray
    relation: np.ndarray
    sector: np.ndarray
    date: np.ndarray
    date_first: np.ndarray
    date_last: np.ndarray
    date_source: np.ndarray  # codes into DATE_SOURCES
    weight: np.ndarray
    flow: np.ndarray
    status: np.ndarray  # codes into the commitment statuses; -1 for agreement and event ties


def _start_dates(t: CaseTables) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ag = t.agreements
    return (ag["start"].to_numpy(dtype=object), ag["start_first"].to_numpy(dtype="datetime64[s]"),
            ag["start_last"].to_numpy(dtype="datetime64[s]"))


def _agreement_pairs(t: CaseTables, actors: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = t.agreement_parties
    g = _record_positions(t.agreements, "agreement", p["agreement"], "agreements")
    a = _positions(actors, p["actor"], "agreement parties")
    return _pairs_within(g, a)


_SOURCE_RECORD, _SOURCE_AGREEMENT, _SOURCE_NONE = range(3)


def _agreement_part(t: CaseTables, actors: pd.DataFrame) -> _Part:
    g, a, b = _agreement_pairs(t, actors)
    start, first, last = _start_dates(t)
    n = len(g)
    source = np.where(pd.isna(first[g]), _SOURCE_NONE, _SOURCE_RECORD).astype(np.int8)
    return _Part(0, np.minimum(a, b), np.maximum(a, b), g, np.zeros(n, np.int8), np.full(n, None, dtype=object),
                 start[g], first[g], last[g], source, np.ones(n), np.zeros(n), np.full(n, -1, np.int8))


def _commitment_dates(t: CaseTables) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each commitment's date, first day, last day and date source (arrays in table order).

    A commitment's own ``proposed`` date is its date. Without one, nothing is
    invented: the date and the last day stay missing and the first day is its
    agreement's start, a lower bound (source ``agreement``), or missing too when
    the agreement has no start (source ``none``).
    """
    c = t.commitments
    first, last, _ = partial_date_bounds(c["proposed"])
    own = c["proposed"].notna().to_numpy()
    nat = np.datetime64("NaT", "s")
    ai = _lookup(pd.Index(t.agreements["agreement"].astype(object).to_numpy()), c["agreement"])
    _, a_first, _ = _start_dates(t)
    bound = np.full(len(c), nat, dtype="datetime64[s]")
    if len(a_first):
        has = ai >= 0
        bound[has] = a_first[ai[has]]
    d = np.full(len(c), None, dtype=object)
    d[own] = c["proposed"].to_numpy(dtype=object)[own]
    f = np.where(own, first.to_numpy(dtype="datetime64[s]"), bound)
    la = np.where(own, last.to_numpy(dtype="datetime64[s]"), nat)
    source = np.select([own, ~pd.isna(bound)], [_SOURCE_RECORD, _SOURCE_AGREEMENT], _SOURCE_NONE)
    return (np.asarray(d, dtype=object), f.astype("datetime64[s]"), la.astype("datetime64[s]"),
            source.astype(np.int8))


def _commitment_part(t: CaseTables, actors: pd.DataFrame, unattributed: Unattributed) -> _Part:
    ca = t.commitment_actors
    c = _record_positions(t.commitments, "commitment", ca["commitment"], "commitments")
    a = _positions(actors, ca["actor"], "commitment actors")
    role = ca["role"].astype(object).to_numpy()
    flags = (pd.DataFrame({"c": c, "a": a, "prov": role == "provider", "ben": role == "beneficiary"})
             .groupby(["c", "a"], sort=False)[["prov", "ben"]].max().reset_index())
    prov = pd.Series(flags["prov"].to_numpy(), index=pd.MultiIndex.from_arrays([flags["c"], flags["a"]]))
    ben = pd.Series(flags["ben"].to_numpy(), index=prov.index)
    g, x, y = _pairs_within(flags["c"].to_numpy(np.int64), flags["a"].to_numpy(np.int64))
    kx, ky = pd.MultiIndex.from_arrays([g, x]), pd.MultiIndex.from_arrays([g, y])
    px, bx = prov.reindex(kx).to_numpy(bool), ben.reindex(kx).to_numpy(bool)
    py, by = prov.reindex(ky).to_numpy(bool), ben.reindex(ky).to_numpy(bool)
    xy, yx = px & by, py & bx
    part = ~(xy | yx)
    rel_prov, rel_part, rel_attr = RELATIONS.index("provision"), RELATIONS.index("participation"), \
        RELATIONS.index("attributed")
    s = [x[xy], y[yx], np.minimum(x, y)[part]]
    d = [y[xy], x[yx], np.maximum(x, y)[part]]
    rec = [g[xy], g[yx], g[part]]
    rel = [np.full(int(xy.sum()), rel_prov), np.full(int(yx.sum()), rel_prov), np.full(int(part.sum()), rel_part)]
    if unattributed == "parties":
        named = np.bincount(flags["c"].to_numpy(np.int64), minlength=len(t.commitments))
        lonely = np.flatnonzero(named < 2)
        if len(lonely):
            ag_of = _lookup(pd.Index(t.agreements["agreement"].astype(object).to_numpy()),
                            t.commitments["agreement"].to_numpy(dtype=object)[lonely])
            ag_g, ag_a, ag_b = _agreement_pairs(t, actors)
            link = pd.DataFrame({"c": lonely, "g": ag_of}).merge(
                pd.DataFrame({"g": ag_g, "a": ag_a, "b": ag_b}), on="g")
            la, lb = link["a"].to_numpy(np.int64), link["b"].to_numpy(np.int64)
            s.append(np.minimum(la, lb))
            d.append(np.maximum(la, lb))
            rec.append(link["c"].to_numpy(np.int64))
            rel.append(np.full(len(link), rel_attr))
    src, dst, cr = np.concatenate(s), np.concatenate(d), np.concatenate(rec)
    relation = np.concatenate(rel).astype(np.int8)
    weight_c = t.commitments["weight"].to_numpy(dtype="float64")
    w = weight_c[cr]
    is_prov = relation == rel_prov
    n_prov = np.bincount(cr[is_prov], minlength=len(t.commitments))
    flow = np.zeros(len(cr))
    flow[is_prov] = w[is_prov] / n_prov[cr[is_prov]]
    date, first, last, source = _commitment_dates(t)
    sector = t.commitments["sector"].astype(object).to_numpy()
    status = _lookup(pd.Index(_STATUSES), t.commitments["status"]).astype(np.int8)
    return _Part(1, src, dst, cr, relation, sector[cr], date[cr], first[cr], last[cr], source[cr], w, flow,
                 status[cr])


def _event_part(t: CaseTables, actors: pd.DataFrame) -> _Part:
    p = t.event_participants
    e = _record_positions(t.events, "event", p["event"], "events")
    a = _positions(actors, p["actor"], "event participants")
    g, x, y = _pairs_within(e, a)
    # an event's sector: the one sector shared by every commitment it names
    ec = t.event_commitments
    ev_sector = np.full(len(t.events), None, dtype=object)
    if len(ec):
        ei = _lookup(pd.Index(t.events["event"].astype(object).to_numpy()), ec["event"])
        ci = _lookup(pd.Index(t.commitments["commitment"].astype(object).to_numpy()), ec["commitment"])
        ok = (ei >= 0) & (ci >= 0)
        sec = pd.Series(t.commitments["sector"].astype(object).to_numpy()[ci[ok]], index=ei[ok]).dropna()
        stats = sec.groupby(level=0).agg(["nunique", "first"])
        one = stats[stats["nunique"] == 1]
        ev_sector[one.index.to_numpy(np.int64)] = one["first"].to_numpy(dtype=object)
    n = len(g)
    ev = t.events
    return _Part(2, np.minimum(x, y), np.maximum(x, y), g, np.full(n, RELATIONS.index("attendance"), np.int8),
                 ev_sector[g], ev["date"].to_numpy(dtype=object)[g],
                 ev["date_first"].to_numpy(dtype="datetime64[s]")[g],
                 ev["date_last"].to_numpy(dtype="datetime64[s]")[g], np.full(n, _SOURCE_RECORD, np.int8),
                 np.ones(n), np.zeros(n), np.full(n, -1, np.int8))


_RECORD_KEYS = (("agreements", "agreement"), ("commitments", "commitment"), ("events", "event"))
_TIES_CACHE: weakref.WeakKeyDictionary[CaseTables, dict[str, pd.DataFrame]] = weakref.WeakKeyDictionary()
"""Ties per tables object, by ``unattributed`` (all commitments) and by ``unattributed|statuses``."""


def _build_ties(t: CaseTables, unattributed: Unattributed) -> pd.DataFrame:
    actors = t.actors
    parts = [_agreement_part(t, actors), _commitment_part(t, actors, unattributed), _event_part(t, actors)]
    origin = np.concatenate([np.full(len(p.s), p.origin, np.int8) for p in parts])

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts])

    s, d, rec = cat("s").astype(np.int64), cat("t").astype(np.int64), cat("rec").astype(np.int64)
    order = np.lexsort((d, s, rec, origin))
    s, d, rec, origin = s[order], d[order], rec[order], origin[order]
    ids = actors["actor"].astype(object).to_numpy()
    record_ids = [getattr(t, table)[key].astype(object).to_numpy() for table, key in _RECORD_KEYS]
    record = np.empty(len(rec), dtype=object)
    for o in range(3):
        m = origin == o
        record[m] = record_ids[o][rec[m]]
    src, dst = ids[s], ids[d]
    tie = [f"{ORIGINS[o]}{_SEP}{r}{_SEP}{a}{_SEP}{b}"
           for o, r, a, b in zip(origin.tolist(), record.tolist(), src.tolist(), dst.tolist(), strict=True)]
    relation = cat("relation")[order]
    sector = cat("sector")[order]
    out = pd.DataFrame({
        "tie": pd.array(tie, dtype="str"),
        "source": pd.array(src, dtype="str"),
        "target": pd.array(dst, dtype="str"),
        "origin": _categorical(origin, ORIGINS),
        "record": pd.array(record, dtype="str"),
        "relation": _categorical(relation, RELATIONS),
        "directed": relation == RELATIONS.index("provision"),
        "commitment_status": _categorical(cat("status")[order], _STATUSES),
        "sector": pd.Categorical(sector, categories=_sector_categories(t)),
        "date": pd.array(cat("date")[order], dtype="str"),
        "date_first": cat("date_first")[order].astype("datetime64[s]"),
        "date_last": cat("date_last")[order].astype("datetime64[s]"),
        "date_source": _categorical(cat("date_source")[order], DATE_SOURCES),
        "weight": cat("weight")[order].astype("float64"),
        "flow": cat("flow")[order].astype("float64"),
        "channel": _categorical(_channel_codes(actors, s, d), CHANNELS),
        # private: actor positions in t.actors, so the measures need no look-up (dropped by ties())
        "_s": s,
        "_t": d,
    })
    return out


_PRIVATE = ["_s", "_t"]


def _tie_positions(actors: pd.DataFrame, tt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each tie's source and target in ``actors`` (stored when the ties were built)."""
    if "_s" in tt.columns:
        return tt["_s"].to_numpy(np.int64), tt["_t"].to_numpy(np.int64)
    return _positions(actors, tt["source"], "ties"), _positions(actors, tt["target"], "ties")


def _sector_categories(t: CaseTables) -> list[str]:
    cats = t.commitments["sector"]
    if isinstance(cats.dtype, pd.CategoricalDtype):
        return [str(c) for c in cats.cat.categories]
    return list(t.sectors)


Include: TypeAlias = "str | Iterable[str]"
"""Which commitments count, by status: ``"all"``, or some of ``"agreed"``, ``"proposed"``, ``"wish"``."""


def _ties(
    t: CaseTables, *, at: object = None, date_rule: object = "end", undated: object = "keep",
    unattributed: object = "skip", include: object = ("agreed",),
) -> pd.DataFrame:
    """The ties (shared, not copied: callers must not modify it)."""
    _check_choice("date_rule", date_rule, ("start", "end"))
    _check_choice("undated", undated, ("keep", "drop"))
    _check_choice("unattributed", unattributed, ("skip", "parties"))
    statuses = _args.include(include)
    day = _at_day(at)
    cache = _TIES_CACHE.setdefault(t, {})
    key = f"{unattributed}{_SEP}{','.join(statuses)}"
    chosen = cache.get(key)
    if chosen is None:
        full = cache.get(str(unattributed))
        if full is None:
            full = cache[str(unattributed)] = _build_ties(t, unattributed)  # type: ignore[arg-type]
        counted = (full["origin"] != "commitment").to_numpy() | full["commitment_status"].isin(statuses).to_numpy()
        chosen = cache[key] = full if counted.all() else full[counted].reset_index(drop=True)
    if day is None:
        return chosen
    dated = (chosen["date_source"] == "record").to_numpy()
    when = chosen["date_last" if date_rule == "end" else "date_first"].to_numpy()
    keep = dated & (when <= day.to_datetime64())
    if undated == "keep":
        # an undated tie may have formed by ``day`` unless its lower bound is later
        bound = chosen["date_first"].to_numpy()
        keep |= ~dated & (np.isnat(bound) | (bound <= day.to_datetime64()))
    return chosen[keep].reset_index(drop=True)


def ties(
    data: Data,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    undated: Literal["keep", "drop"] = "keep",
    unattributed: Unattributed = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Every tie between two actors, one row each, with its origin, sector, date and channel.

    A tie is a pair of distinct actors that an agreement, a commitment or an event
    puts in contact:

    * an **agreement** ties each pair of its parties (``parties``);
    * a **commitment** ties each of its providers to each of its beneficiaries
      (``provision``, directed provider → beneficiary), and each other pair of the
      actors it names (``participation``);
    * an **event** ties each pair of its participants (``attendance``).

    **Which commitments count.** Only agreed commitments give ties by default
    (``include=("agreed",)``), as in :mod:`sistercity.implementation`: a proposal
    or a wish one side stated is not yet a channel between the partners. Ties
    from agreements (their parties) and events are not commitments and are
    never filtered by ``include``.

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, int or PartialDate, optional
        Keep only the ties formed by this day (a partial date means its last day:
        ``"2017"`` is 31 December 2017; see :func:`sistercity.dates.parse_at`).
        The graph is cumulative: a tie, once formed, stays (agreements that ended
        are still history).
    date_rule : {"end", "start"}
        When a tie with a partial date counts as formed: from the last day its
        date admits (``"end"``, the default: a tie dated ``"2017"`` counts from
        31 December 2017), or from the first (``"start"``).
    undated : {"keep", "drop"}
        What to do, when ``at`` is given, with a tie that has no date of its own
        (``date_source`` ``agreement`` or ``none``, see :data:`DATE_SOURCES`):
        keep it unless its lower bound (``date_first``, its agreement's start) is
        after ``at`` (``"keep"``, the default), or leave it out (``"drop"``).
    unattributed : {"skip", "parties"}
        What to do with a commitment that names fewer than two actors: no ties
        (``"skip"``), or tie its agreement's parties (relation ``attributed``).
    include : "all", str or iterable of str
        The commitment statuses whose commitments give ties: ``"agreed"``
        (default), ``"proposed"``, ``"wish"``, several of them, or ``"all"``.

    Returns
    -------
    DataFrame
        Columns and dtypes of :data:`TIE_COLUMNS`; sorted by origin (agreements,
        commitments, events), then in the order of the records and of the actors
        in the case's tables. Computed once per :class:`~sistercity.CaseTables`
        and kept (the returned frame is a copy).

    Raises
    ------
    CaseValidationError
        If a record names an actor that the actors table does not have.
    ArgumentError, ArgumentTypeError
        If an option is not one of those allowed.

    Examples
    --------
    >>> case = _demo_case()
    >>> t = ties(case)
    >>> len(t), t["channel"].value_counts().to_dict()
    (15, {'transnational': 6, 'transgovernmental': 5, 'domestic': 4, 'interstate': 0})
    >>> print(t.loc[t.relation == "provision", ["source", "target", "flow"]].to_string(index=False))
      source   target  flow
       smpn1 hatazawa   0.5
    hatazawa    smpn1   0.5
    kisarazu    bogor   0.5
    kisarazu  farmers   0.5
       bogor kisarazu   1.0
    >>> len(ties(case, at="2016"))  # the teleconference of 2017-12-14 is not yet there
    9
    """
    full = _ties(as_tables(data), at=at, date_rule=date_rule, undated=undated, unattributed=unattributed,
                 include=include)
    return full.drop(columns=_PRIVATE)


def channels(
    data: Data,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    undated: Literal["keep", "drop"] = "keep",
    unattributed: Unattributed = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Every tie with the actor attributes its channel is read from.

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
    DataFrame
        One row per tie, columns ``tie, source, target, origin, record, relation,
        sector, source_level, target_level, source_governmental,
        target_governmental, source_country, target_country, cross_border,
        channel``. The rule (see the module notes): same country → ``domestic``;
        else both governmental and both ``national`` → ``interstate``; else both
        governmental → ``transgovernmental``; else ``transnational``
        (Keohane & Nye 1977, ch. 2).

    Examples
    --------
    >>> c = channels(_demo_case())
    >>> row = c[(c.source == "kisarazu") & (c.target == "farmers")].iloc[0]
    >>> row.relation, row.source_level, row.target_level, row.cross_border, row.channel
    ('provision', 'subnational', 'nonstate', np.True_, 'transnational')
    """
    t = as_tables(data)
    tt = _ties(t, at=at, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include)
    a = t.actors.set_index(t.actors["actor"].astype(object))
    out = tt[["tie", "source", "target", "origin", "record", "relation", "sector"]].copy()
    for end in ("source", "target"):
        idx = _lookup(a.index, tt[end])
        out[f"{end}_level"] = pd.Categorical(a["level"].astype(object).to_numpy()[idx], categories=list(_LEVELS))
        out[f"{end}_governmental"] = a["governmental"].fillna(False).astype(bool).to_numpy()[idx]
        out[f"{end}_country"] = pd.Series(a["country"].astype(object).to_numpy()[idx], dtype="str")
    out["cross_border"] = (out["source_country"] != out["target_country"]).to_numpy() & \
        out["source_country"].notna().to_numpy() & out["target_country"].notna().to_numpy()
    out["channel"] = tt["channel"]
    order = ["tie", "source", "target", "origin", "record", "relation", "sector", "source_level", "target_level",
             "source_governmental", "target_governmental", "source_country", "target_country", "cross_border",
             "channel"]
    return out[order]


# =========================================================================== graph


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
    data: Data,
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
    >>> g = graph(_demo_case())
    >>> g.number_of_nodes(), g.number_of_edges(), g.is_multigraph(), g.is_directed()
    (6, 15, True, False)
    >>> g.nodes["farmers"]["level"], g.number_of_edges("bogor", "kisarazu")
    ('nonstate', 4)
    >>> e = g.edges["bogor", "kisarazu", "commitment|c3|bogor|kisarazu"]
    >>> e["provider"], e["beneficiary"], e["channel"], e["sector"]
    ('bogor', 'kisarazu', 'transgovernmental', 'health')
    """
    t = as_tables(data)
    tt = _ties(t, at=at, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include)
    return _build_graph(t.actors, tt)


# =========================================================================== measures


_TOLERANCE = 1e-9
"""How far outside [0, 1] rounding may take a measure bounded there; it is clipped only within this."""


def _numbers(name: str, values: object) -> np.ndarray:
    """``values`` (a list, an array or a Series of numbers) as a 1-d float array of finite, non-negative numbers."""
    if values is None or isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ArgumentTypeError(f"{name} must be a sequence of non-negative numbers (a list, an array or a "
                                f"Series); got {values!r}")
    try:
        if isinstance(values, pd.Series):
            x = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            x = np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype="float64")
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"{name} must be numbers; got {values!r}") from None
    if x.ndim != 1:
        raise ArgumentError(f"{name} must be one-dimensional; got an array of shape {x.shape}")
    _check_counts(name, x)
    return x


def _check_counts(name: str, x: np.ndarray) -> None:
    """Refuse non-finite (NaN, infinite) and negative values, naming the first and where it is."""
    for bad, what in ((~np.isfinite(x), "finite, non-negative numbers"), (x < 0, "non-negative numbers")):
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            at = f"position {where[0]}" if len(where) == 1 else f"row {where[0]}, column {where[1]}"
            raise ArgumentError(f"{name} must be {what}; got {float(x[where])} (at {at})")


def _unit(value: np.ndarray, what: str) -> np.ndarray:
    """``value`` clipped to [0, 1] where rounding took it at most :data:`_TOLERANCE` outside; else an error."""
    arr = np.asarray(value, dtype="float64")
    off = ~np.isnan(arr) & ((arr < -_TOLERANCE) | (arr > 1.0 + _TOLERANCE))
    if off.any():
        raise RuntimeError(f"{what} {arr[off][0]!r} lies outside [0, 1] by more than {_TOLERANCE}: "
                           "a bug in sistercity, please report it")
    out: np.ndarray = np.clip(arr, 0.0, 1.0) + 0.0  # + 0.0: no negative zero
    return out


def herfindahl(shares: Iterable[float] | pd.Series) -> float:
    """Herfindahl(-Hirschman) index of concentration of a set of shares.

    .. math:: \\mathrm{HHI} = \\sum_k s_k^2, \\qquad s_k = x_k / \\sum_l x_l

    The values are normalised to shares first. Scale: ``1/S`` (``S`` equal parts)
    to 1 (everything in one part); missing (NaN) when there is nothing.
    Herfindahl (1950), *Concentration in the U.S. steel industry*; Hirschman (1945).

    Parameters
    ----------
    shares : iterable of float or Series
        Non-negative, finite amounts (counts, weights or shares).

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        For a negative, NaN or infinite value (never clipped or skipped).
    ArgumentTypeError
        For something that is not a sequence of numbers.

    Examples
    --------
    >>> herfindahl([1, 1, 1, 1])
    0.25
    >>> herfindahl([5, 0, 0])
    1.0
    """
    x = _numbers("shares", shares)
    total = x.sum()
    if not total > 0:
        return float("nan")
    s = x / total
    return float((s * s).sum())


def pielou_evenness(shares: Iterable[float] | pd.Series, *, richness: int | None = None) -> float:
    """Pielou's evenness ``J`` of a set of shares.

    .. math:: J = \\frac{H}{\\ln S}, \\qquad H = -\\sum_{k: s_k > 0} s_k \\ln s_k

    ``S`` is the number of categories: by default the number of values given
    (zeros included), or ``richness``. Scale 0 (everything in one category) to 1
    (equal shares over all ``S``); missing (NaN) when ``S < 2`` or there is
    nothing. High evenness of sector shares means no hierarchy among issues.
    Pielou (1966), "The measurement of diversity in different types of biological
    collections", *Journal of Theoretical Biology* 13, 131–144.

    Parameters
    ----------
    shares : iterable of float or Series
        Non-negative, finite amounts.
    richness : int, optional
        ``S``; at least the number of positive amounts.

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        For a negative, NaN or infinite value, or a ``richness`` below the number
        of positive amounts.
    ArgumentTypeError
        For something that is not a sequence of numbers, or a ``richness`` that is
        not a whole number.

    Examples
    --------
    >>> round(pielou_evenness([2, 2, 2]), 12)
    1.0
    >>> pielou_evenness([3, 0, 0])
    0.0
    >>> round(pielou_evenness([1, 1], richness=4), 3)
    0.5
    """
    x = _numbers("shares", shares)
    positive = int((x > 0).sum())
    if richness is not None:
        if isinstance(richness, np.integer):
            richness = int(richness)
        _args.positive_int("richness", richness, minimum=0)
        if richness < positive:
            raise ArgumentError(f"richness must be at least the number of categories with a share ({positive}); "
                                f"got {richness}")
    s_count = len(x) if richness is None else int(richness)
    total = x.sum()
    if s_count < 2 or not total > 0:
        return float("nan")
    s = x[x > 0] / total
    h = float(-(s * np.log(s)).sum())
    return float(_unit(np.asarray(h / math.log(s_count)), "Pielou's evenness"))


def participation_coefficient(counts: pd.DataFrame) -> pd.Series:
    """Multiplex participation coefficient of each row of a node × layer count table.

    .. math:: P_i = \\frac{M}{M-1}\\Bigl[1 - \\sum_{\\alpha=1}^{M}
              \\Bigl(\\frac{k_i^{[\\alpha]}}{o_i}\\Bigr)^2\\Bigr],
              \\qquad o_i = \\sum_\\alpha k_i^{[\\alpha]}

    ``k_i^[α]`` is node ``i``'s degree in layer ``α`` (a column), ``o_i`` its
    overlapping degree, ``M`` the number of layers (columns). Scale 0 (all of a
    node's ties in one layer) to 1 (spread evenly over all ``M`` layers); missing
    (NaN) for a node with no tie. Battiston, Nicosia & Latora (2014), "Structural
    measures for multiplex networks", *Physical Review E* 89, 032804, eq. (13).

    Parameters
    ----------
    counts : DataFrame
        One row per node, one column per layer (at least two), finite
        non-negative counts.

    Returns
    -------
    Series
        Keyed by the rows of ``counts``, named ``participation``.

    Raises
    ------
    ArgumentError
        For fewer than two layers, or a negative, NaN or infinite count.
    ArgumentTypeError
        If ``counts`` is not a DataFrame of numbers.

    Examples
    --------
    >>> k = pd.DataFrame({"a": [2, 3, 0], "b": [2, 0, 0], "c": [0, 0, 0]}, index=["x", "y", "z"])
    >>> participation_coefficient(k).round(3).to_dict()
    {'x': 0.75, 'y': 0.0, 'z': nan}
    """
    if not isinstance(counts, pd.DataFrame):
        raise ArgumentTypeError(f"counts must be a DataFrame (one row per node, one column per layer); "
                                f"got {type(counts).__name__}")
    m = counts.shape[1]
    if m < 2:
        raise ArgumentError(f"counts must have at least 2 layers (columns) for a participation coefficient; "
                            f"got {m}")
    try:
        k = counts.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        raise ArgumentTypeError("counts must hold numbers; got columns of dtypes "
                                f"{', '.join(sorted({str(d) for d in counts.dtypes}))}") from None
    _check_counts("counts", k)
    o = k.sum(axis=1)
    tied = o > 0
    p = np.full(len(k), np.nan)
    p[tied] = _unit(m / (m - 1) * (1.0 - ((k[tied] / o[tied, None]) ** 2).sum(axis=1)), "participation coefficient")
    return pd.Series(p, index=counts.index, name="participation")


# =========================================================================== profile


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:.3f}"
    return str(value)


def _frame_html(df: pd.DataFrame, *, max_rows: int = 20) -> str:
    shown = df.head(max_rows)
    text = shown.to_html(index=False, escape=True, na_rep="–", float_format=lambda v: f"{v:.3f}", border=0)
    if len(df) > max_rows:
        text += f"<p><em>{html.escape(f'{len(df) - max_rows} more rows')}</em></p>"
    return text


_FIGURES: dict[str, tuple[str, str, str]] = {
    # name: (condition, label, table)
    "actors": ("scope", "Actors with at least one tie", "actor_participation"),
    "ties": ("scope", "Ties", "channel_mix"),
    "cross_border_share": ("channels", "Share of ties that cross a border", "channel_mix"),
    "channels_used": ("channels", "Cross-border channels in use (of 3)", "channel_mix"),
    "non_interstate_share": ("channels", "Share of cross-border ties that are not interstate", "channel_mix"),
    "participation": ("channels", "Mean multiplex participation coefficient over actors", "actor_participation"),
    "country_participation": ("channels", "Mean participation coefficient over country pairs", "country_pairs"),
    "sectors": ("issues", "Sectors on the agenda (S)", "sector_shares"),
    "herfindahl": ("issues", "Herfindahl index of sector shares", "sector_shares"),
    "evenness": ("issues", "Pielou evenness of sector shares", "sector_shares"),
    "force_share": ("force", "Share of sectored ties in force sectors", "force_ties"),
    "force_agreements": ("force", "Agreements that name a force sector", "force_ties"),
}


@dataclass(frozen=True, eq=False)
class Profile:
    """The three conditions of complex interdependence, measured (see :func:`profile`).

    Attributes
    ----------
    at : str or None
        The day the profile is taken at (ISO format), or ``None`` for all ties.
    actors, ties : int
        Actors with at least one tie; ties.
    cross_border_share : float
        Cross-border ties / ties with a channel.
    channels_used : int
        Cross-border channels with at least one tie (0–3).
    non_interstate_share : float
        (transgovernmental + transnational) / cross-border ties: how far actors
        other than states carry the relationship (NaN without cross-border ties).
    participation : float
        Mean multiplex participation coefficient over actors with a tie in the layers.
    country_participation : float
        Mean participation coefficient over country pairs (how many channels
        connect two societies).
    sectors : int
        ``S``, the number of sectors evenness is taken over (see ``richness``).
    herfindahl, evenness : float
        Of the sector shares.
    force_share : float
        Ties in force sectors / sectored ties.
    force_agreements : int
        Agreements naming a force sector.
    channel_mix : DataFrame
        ``channel, ties, share, dyads, actors``: one row per channel (all four).
    actor_participation : DataFrame
        ``actor, name, level, country``, neighbours (or ties) per channel,
        ``overlapping_degree`` (over the layers) and ``participation``.
    country_pairs : DataFrame
        ``country_a, country_b, ties``, ties per cross-border channel,
        ``channels`` (in use) and ``participation``.
    sector_shares : DataFrame
        ``sector, field, agreed`` (named by an agreement), ``count`` (ties,
        records or agreements), ``amount`` (count or weight) and ``share``; the
        agreed sectors with nothing in them are rows with zeros.
    force_ties : DataFrame
        The ties in force sectors (columns of :data:`TIE_COLUMNS`).
    options : dict
        The options the profile was computed with (checked and normalised).

    Examples
    --------
    >>> p = profile(_demo_case())
    >>> p.ties, p.channels_used, round(p.evenness, 3)
    (15, 2, 0.75)
    >>> p.figure_table().set_index("figure").loc["evenness", ["condition", "table"]].tolist()
    ['issues', 'sector_shares']
    >>> print(p.sector_shares[["sector", "count", "share"]].round(3).to_string(index=False))
         sector  count  share
      education      8  0.667
    agriculture      3  0.250
         health      1  0.083
    >>> p.options["include"], sorted(p.tables)[:2]
    (('agreed',), ['actor_participation', 'channel_mix'])
    """

    at: str | None
    actors: int
    ties: int
    cross_border_share: float
    channels_used: int
    non_interstate_share: float
    participation: float
    country_participation: float
    sectors: int
    herfindahl: float
    evenness: float
    force_share: float
    force_agreements: int
    channel_mix: pd.DataFrame = field(repr=False)
    actor_participation: pd.DataFrame = field(repr=False)
    country_pairs: pd.DataFrame = field(repr=False)
    sector_shares: pd.DataFrame = field(repr=False)
    force_ties: pd.DataFrame = field(repr=False)
    options: Mapping[str, object] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables behind the figures, by name."""
        return {name: getattr(self, name) for name in
                ("channel_mix", "actor_participation", "country_pairs", "sector_shares", "force_ties")}

    def figures(self) -> pd.Series:
        """Every figure as a Series (index: figure name).

        Examples
        --------
        >>> profile(_demo_case()).figures()["evenness"].round(3)
        np.float64(0.75)
        """
        return pd.Series({name: getattr(self, name) for name in _FIGURES}, dtype="float64", name="value")

    def figure_table(self) -> pd.DataFrame:
        """Figures with their condition, label, and the table each is computed from."""
        rows = [dict(figure=name, condition=cond, label=label, value=float(getattr(self, name)), table=table)
                for name, (cond, label, table) in _FIGURES.items()]
        return pd.DataFrame(rows, columns=["figure", "condition", "label", "value", "table"])

    def _repr_html_(self) -> str:
        head = "Complex interdependence profile" + (f" at {self.at}" if self.at else "")
        parts = [f"<div class='sistercity-profile'><h3>{html.escape(head)}</h3>"]
        titles = {"scope": "Scope", "channels": "1. Multiple channels",
                  "issues": "2. No hierarchy among issues", "force": "3. Minor role of force"}
        for cond, title in titles.items():
            parts.append(f"<h4>{html.escape(title)}</h4><table>")
            for name, (c, label, table) in _FIGURES.items():
                if c == cond:
                    parts.append(f"<tr><td>{html.escape(label)}</td>"
                                 f"<td>{html.escape(_fmt(getattr(self, name)))}</td>"
                                 f"<td><code>{html.escape(table)}</code></td></tr>")
            parts.append("</table>")
        for name, df in self.tables.items():
            parts.append(f"<details><summary>{html.escape(name)} ({len(df)} rows)</summary>"
                         f"{_frame_html(df)}</details>")
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        parts.append(f"<p><small>{html.escape(opts)}</small></p></div>")
        return "".join(parts)


def _uniq(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int array (sorting beats numpy's hash path at this size)."""
    a = np.sort(np.asarray(x, dtype=np.int64))
    if len(a) == 0:
        return a
    out: np.ndarray = a[np.concatenate([[True], a[1:] != a[:-1]])]
    return out


def _ends(actors: pd.DataFrame, tt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source and target actor positions and channel codes (-1 missing) of the ties."""
    s, d = _tie_positions(actors, tt)
    ch = np.asarray(tt["channel"].cat.codes.to_numpy(), dtype=np.int64)
    return s, d, ch


def _channel_mix(n: int, s: np.ndarray, d: np.ndarray, ch: np.ndarray) -> pd.DataFrame:
    k = len(CHANNELS)
    valid = ch >= 0
    counts = np.bincount(ch[valid], minlength=k)
    total = int(counts.sum())
    lo, hi, c = np.minimum(s, d)[valid], np.maximum(s, d)[valid], ch[valid]
    dyads = np.bincount(_uniq((lo * n + hi) * k + c) % k, minlength=k)
    ends = _uniq(np.concatenate([s[valid], d[valid]]) * k + np.concatenate([c, c]))
    actors = np.bincount(ends % k, minlength=k)
    return pd.DataFrame({
        "channel": _categorical(np.arange(k), CHANNELS),
        "ties": counts.astype("int64"),
        "share": counts / total if total else np.full(k, np.nan),
        "dyads": dyads.astype("int64"),
        "actors": actors.astype("int64"),
    })


def _actor_participation(
    actors: pd.DataFrame, s: np.ndarray, d: np.ndarray, ch: np.ndarray, layers: tuple[str, ...], multiedges: str
) -> pd.DataFrame:
    n, k = len(actors), len(CHANNELS)
    valid = ch >= 0
    a = np.concatenate([s[valid], d[valid]])
    o = np.concatenate([d[valid], s[valid]])
    c = np.concatenate([ch[valid], ch[valid]])
    if multiedges == "collapse":
        key = _uniq((a * n + o) * k + c)
        a, c = key // (n * k), key % k
    counts = np.bincount(a * k + c, minlength=n * k).reshape(n, k)
    frame = pd.DataFrame(counts, columns=list(CHANNELS))
    lay = frame[list(layers)]
    out = pd.DataFrame({
        "actor": actors["actor"].to_numpy(),
        "name": actors["name"].to_numpy(),
        "level": pd.Categorical(actors["level"].astype(object), categories=list(_LEVELS)),
        "country": actors["country"].to_numpy(),
        **{ch_name: counts[:, i].astype("int64") for i, ch_name in enumerate(CHANNELS)},
        "overlapping_degree": lay.sum(axis=1).to_numpy(dtype="int64"),
        "participation": participation_coefficient(lay).to_numpy(),
    })
    out = out.astype({"actor": "str", "name": "str", "country": "str"})
    return out.sort_values(["participation", "overlapping_degree", "actor"], ascending=[False, False, True],
                           na_position="last", kind="stable").reset_index(drop=True)


def _country_pairs(
    actors: pd.DataFrame, s: np.ndarray, d: np.ndarray, ch: np.ndarray, layers: tuple[str, ...]
) -> pd.DataFrame:
    cols = ["country_a", "country_b", "ties", *CROSS_BORDER_CHANNELS, "channels", "participation"]
    cross = (ch >= 0) & (ch < len(CROSS_BORDER_CHANNELS))
    if not cross.any():
        return pd.DataFrame({c: pd.Series([], dtype="str" if c.startswith("country") else
                                          ("float64" if c == "participation" else "int64")) for c in cols})
    codes, uniq = pd.factorize(actors["country"].astype(object).to_numpy(), sort=True)
    ca, cb, c = codes[s[cross]], codes[d[cross]], ch[cross]
    lo, hi = np.minimum(ca, cb).astype(np.int64), np.maximum(ca, cb).astype(np.int64)
    first, pair = pd.factorize(lo * len(uniq) + hi, sort=True)
    pair = np.asarray(pair, dtype=np.int64)
    m = len(CROSS_BORDER_CHANNELS)
    counts = np.bincount(first * m + c, minlength=len(pair) * m).reshape(len(pair), m)
    frame = pd.DataFrame(counts, columns=list(CROSS_BORDER_CHANNELS))
    lay = [x for x in layers if x in CROSS_BORDER_CHANNELS]
    part = participation_coefficient(frame[lay]).to_numpy() if len(lay) >= 2 else np.full(len(pair), np.nan)
    names = np.asarray(uniq, dtype=object)
    out = pd.DataFrame({
        "country_a": pd.array(names[pair // len(uniq)], dtype="str"),
        "country_b": pd.array(names[pair % len(uniq)], dtype="str"),
        "ties": counts.sum(axis=1).astype("int64"),
        **{x: counts[:, i].astype("int64") for i, x in enumerate(CROSS_BORDER_CHANNELS)},
        "channels": (counts > 0).sum(axis=1).astype("int64"),
        "participation": part,
    })
    return out[cols].sort_values(["ties", "country_a", "country_b"], ascending=[False, True, True],
                                 kind="stable").reset_index(drop=True)


def _agreed_sectors(t: CaseTables, at_day: pd.Timestamp | None, date_rule: str) -> pd.DataFrame:
    s = t.agreement_sectors[["agreement", "sector"]]
    if at_day is not None and len(s):
        ag = t.agreements.set_index(t.agreements["agreement"].astype(object))
        when = ag["start_last" if date_rule == "end" else "start_first"]
        w = pd.to_datetime(s["agreement"].astype(object).map(when))
        s = s[((w <= at_day) | w.isna()).to_numpy()]
    return s


def _sector_shares(
    t: CaseTables, tt: pd.DataFrame, agreed: pd.DataFrame, weighted: bool, basis: str
) -> pd.DataFrame:
    groups = t.sectors.groups()
    if basis == "agreements":
        vals = agreed["sector"].astype(object)
        amount = pd.Series(1.0, index=vals.index).groupby(vals.to_numpy()).sum()
        count = vals.value_counts()
    else:
        sec = tt.dropna(subset=["sector"])
        if basis == "records":
            sec = sec.drop_duplicates(["origin", "record"])
        key = sec["sector"].astype(object).to_numpy()
        count = pd.Series(key).value_counts()
        amount = (sec["weight"].groupby(key).sum() if weighted else count.astype("float64"))
    on_agenda = set(agreed["sector"].astype(object).dropna())
    names = sorted(set(count.index) | on_agenda, key=lambda s: (-float(amount.get(s, 0.0)), str(s)))
    total = float(amount.sum())
    out = pd.DataFrame({
        "sector": pd.Series(names, dtype="str"),
        "field": pd.Series([groups.get(s) for s in names], dtype="str"),
        "agreed": np.array([s in on_agenda for s in names], dtype=bool),
        "count": np.array([int(count.get(s, 0)) for s in names], dtype="int64"),
        "amount": np.array([float(amount.get(s, 0.0)) for s in names], dtype="float64"),
    })
    out["share"] = out["amount"] / total if total > 0 else np.nan
    return out


def _nanmean(values: pd.Series) -> float:
    """Mean of the values that are not missing (NaN when none): the same sum whatever missing rows there are."""
    x = values.to_numpy(dtype="float64")
    x = x[~np.isnan(x)]
    return float(x.mean()) if len(x) else float("nan")


def _measure(
    t: CaseTables,
    actors: pd.DataFrame,
    tt: pd.DataFrame,
    *,
    at_day: pd.Timestamp | None,
    layers: tuple[str, ...],
    multiedges: str,
    richness: str,
    weighted: bool,
    issues: str,
    force_sectors: tuple[str, ...],
    date_rule: str,
    options: Mapping[str, object],
    hidden: set[str] | None = None,
) -> Profile:
    s, d, ch = _ends(actors, tt)
    mix = _channel_mix(len(actors), s, d, ch)
    known = int(mix["ties"].sum())
    cross = mix[mix["channel"].isin(CROSS_BORDER_CHANNELS).to_numpy()]
    n_cross = int(cross["ties"].sum())
    interstate = int(mix.loc[mix["channel"] == "interstate", "ties"].sum())
    part = _actor_participation(actors, s, d, ch, layers, multiedges)
    if hidden:  # actors removed by what_if: no ties left, and no row
        part = part[~part["actor"].isin(hidden).to_numpy()].reset_index(drop=True)
    pairs = _country_pairs(actors, s, d, ch, layers)
    agreed = _agreed_sectors(t, at_day, date_rule)
    shares = _sector_shares(t, tt, agreed, weighted, issues)
    amounts = shares["amount"].to_numpy()
    s_count = len(shares) if richness == "agreed" else int((amounts > 0).sum())
    force = tt[tt["sector"].isin(force_sectors).to_numpy()].drop(columns=_PRIVATE, errors="ignore")
    f_amount = float(shares.loc[shares["sector"].isin(force_sectors).to_numpy(), "amount"].sum())
    f_total = float(amounts.sum())
    force_agreements = int(agreed.loc[agreed["sector"].isin(force_sectors), "agreement"].nunique())
    p_mean, cp_mean = _nanmean(part["participation"]), _nanmean(pairs["participation"])
    tied = _uniq(np.concatenate([s, d]))
    return Profile(
        at=None if at_day is None else at_day.date().isoformat(),
        actors=len(tied),
        ties=len(tt),
        cross_border_share=n_cross / known if known else float("nan"),
        channels_used=int((cross["ties"] > 0).sum()),
        non_interstate_share=(n_cross - interstate) / n_cross if n_cross else float("nan"),
        participation=float(p_mean),
        country_participation=float(cp_mean),
        sectors=s_count,
        herfindahl=herfindahl(amounts),
        evenness=pielou_evenness(amounts[amounts > 0], richness=max(s_count, int((amounts > 0).sum()))),
        force_share=f_amount / f_total if f_total > 0 else float("nan"),
        force_agreements=force_agreements,
        channel_mix=mix,
        actor_participation=part,
        country_pairs=pairs,
        sector_shares=shares,
        force_ties=force.reset_index(drop=True),
        options=dict(options),
    )


def profile(
    data: Data,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    layers: Iterable[str] = CROSS_BORDER_CHANNELS,
    multiedges: Literal["collapse", "count"] = "collapse",
    issues: Literal["ties", "records", "agreements"] = "ties",
    richness: Literal["agreed", "observed"] = "agreed",
    weighted: bool = False,
    force_sectors: Iterable[str] = FORCE_SECTORS,
    unattributed: Unattributed = "skip",
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
) -> Profile:
    """The three conditions of complex interdependence, measured (Keohane & Nye 1977).

    **1. Multiple channels.** The *channel mix* is the number and share of ties
    in each channel (:data:`CHANNELS`); ``channels_used`` counts the cross-border
    channels in use and ``non_interstate_share`` is the share of cross-border
    ties that are transgovernmental or transnational. How each actor's ties
    spread over the channel layers is its multiplex participation coefficient
    (Battiston, Nicosia & Latora 2014, eq. 13; see
    :func:`participation_coefficient`)

    .. math:: P_i = \\frac{M}{M-1}\\Bigl[1 - \\sum_\\alpha (k_i^{[\\alpha]}/o_i)^2\\Bigr]

    with ``M = len(layers)``; ``participation`` is its mean over actors with a
    tie in the layers, and ``country_participation`` the same formula applied to
    each pair of countries (how many channels connect two societies).

    **2. No hierarchy among issues.** Sector shares ``s_k`` (ties, or weights, in
    sector ``k`` over all ties with a sector; see ``issues``) give the Herfindahl
    index ``Σ s_k²`` (1/S … 1; Herfindahl 1950) and Pielou's evenness
    ``J = H / ln S`` with ``H = −Σ s_k ln s_k`` (0 … 1; Pielou 1966): high
    evenness, no hierarchy (see :func:`herfindahl`, :func:`pielou_evenness`).

    **3. Minor role of force.** ``force_share`` is the share (same unit as the
    sector shares) in ``force_sectors`` (security and defence by default);
    ``force_ties`` lists the ties in those sectors.

    Every figure of the profile is computed from ties, not from actors' words
    about them: it measures the structure the case records, not intentions.

    Only agreed commitments count by default (``include=("agreed",)``, as in
    :mod:`sistercity.implementation`): the profile describes the channels and the
    agenda the partners have agreed on, not what one side proposed or wished.

    Parameters
    ----------
    data : Case or CaseTables
    at, date_rule, undated, unattributed
        As in :func:`ties`; agreements count for the agenda from their start.
    include : "all", str or iterable of str
        The commitment statuses that give ties (agreed alone by default; see
        :func:`ties`). Agreements and events give ties whatever ``include``.
    layers : iterable of str
        The channel layers of the participation coefficient (at least two of
        :data:`CHANNELS`). Default: the three cross-border channels, since
        Keohane and Nye's channels connect societies; add ``"domestic"`` to count
        coordination at home as a layer.
    multiedges : {"collapse", "count"}
        ``k_i^[α]``: distinct neighbours in layer ``α`` (``"collapse"``, the
        binary-layer degree of Battiston et al.), or ties (``"count"``).
    issues : {"ties", "records", "agreements"}
        What the sector shares count: the ties that carry a sector (commitment
        ties and events linked to commitments; default — the same unit as the
        channel mix, so a large meeting weighs as many ties as it makes); each
        commitment or event with a sector and at least one tie once
        (``"records"``, so the size of a meeting does not weigh); or the sectors
        the agreements name (``"agreements"``: the agreed agenda, one per
        agreement and sector).
    richness : {"agreed", "observed"}
        ``S`` in Pielou's ``J``: the sectors on the agenda — named in an agreement
        or carrying a tie (default; so agreed sectors left empty lower evenness),
        or only the sectors with a share above zero (Pielou's textbook ``S``).
    weighted : bool
        Shares from tie weights (commitment weights) instead of tie counts.
    force_sectors : iterable of str
        Sector ids that count as force.

    Returns
    -------
    Profile
        Frozen; every figure, the tables behind them, and ``_repr_html_``.

    Examples
    --------
    >>> p = profile(_demo_case())
    >>> p.ties, p.channels_used, round(p.non_interstate_share, 3), round(p.participation, 3)
    (15, 2, 1.0, 0.25)
    >>> p.sectors, round(p.herfindahl, 4), round(p.evenness, 4), p.force_share
    (3, 0.5139, 0.75, 0.0)
    >>> print(p.channel_mix[["channel", "ties"]].to_string(index=False))
              channel  ties
           interstate     0
    transgovernmental     5
        transnational     6
             domestic     4
    """
    t = as_tables(data)
    opts = _profile_options(t, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include,
                            layers=layers, multiedges=multiedges, issues=issues, richness=richness,
                            weighted=weighted, force_sectors=force_sectors)
    tt = _ties(t, at=at, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include)
    return _measure_with(t, tt, _at_day(at), opts)


def _profile_options(
    t: CaseTables, *, date_rule: object, undated: object, unattributed: object, include: object, layers: object,
    multiedges: object, issues: object, richness: object, weighted: object, force_sectors: object,
) -> dict[str, Any]:
    """The options of :func:`profile`, checked and normalised (the ``options`` of the Profile)."""
    _check_choice("date_rule", date_rule, ("start", "end"))
    _check_choice("undated", undated, ("keep", "drop"))
    _check_choice("unattributed", unattributed, ("skip", "parties"))
    _check_choice("multiedges", multiedges, ("collapse", "count"))
    _check_choice("issues", issues, ("ties", "records", "agreements"))
    _check_choice("richness", richness, ("agreed", "observed"))
    lay = _names("layers", layers, what="channel names")
    for x in lay:
        _check_choice("layers", x, CHANNELS)
    if len(set(lay)) < 2:
        raise ArgumentError(f"layers must name at least two distinct channels of {', '.join(map(repr, CHANNELS))}; "
                            f"got {layers!r}")
    sectors = tuple(t.sectors.resolve(x) or x for x in _names("force_sectors", force_sectors, what="sector ids"))
    return dict(date_rule=date_rule, undated=undated, include=_args.include(include), layers=lay,
                multiedges=multiedges, issues=issues, richness=richness, weighted=_args.flag("weighted", weighted),
                force_sectors=sectors, unattributed=unattributed)


def _measure_with(t: CaseTables, tt: pd.DataFrame, at_day: pd.Timestamp | None, opts: Mapping[str, Any],
                  hidden: set[str] | None = None) -> Profile:
    return _measure(t, t.actors, tt, at_day=at_day, layers=opts["layers"], multiedges=opts["multiedges"],
                    richness=opts["richness"], weighted=opts["weighted"], issues=opts["issues"],
                    force_sectors=opts["force_sectors"], date_rule=opts["date_rule"], options=opts, hidden=hidden)


# =========================================================================== dependence

_DEP_COLUMNS = ["actor_a", "actor_b", "country_a", "country_b", "channel", "received_a", "received_b",
                "total_a", "total_b", "dependence_a", "dependence_b", "salience", "symmetry",
                "interdependence", "asymmetry", "balance"]


def _flows(actors: pd.DataFrame, tt: pd.DataFrame, split: bool
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Giver and receiver positions, sector codes (-1 none) and amounts of the provision ties."""
    prov = (tt["relation"] == "provision").to_numpy()
    s, d = _tie_positions(actors, tt)
    g, r = s[prov], d[prov]
    sec = np.asarray(tt["sector"].cat.codes.to_numpy(), dtype=np.int64)[prov]
    amount = (tt["flow"] if split else tt["weight"]).to_numpy(dtype="float64")[prov]
    return g, r, sec, amount


def _empty_dependence() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series([], dtype=("str" if c in ("actor_a", "actor_b", "country_a", "country_b")
                                                else "float64")) for c in _DEP_COLUMNS})
    out["channel"] = pd.Categorical([], categories=list(CHANNELS))
    return out[_DEP_COLUMNS]


def _dependence(actors: pd.DataFrame, tt: pd.DataFrame, *, basis: str, partners: str, split: bool
                ) -> pd.DataFrame:
    n = len(actors)
    g, r, _, amt = _flows(actors, tt, split)
    recv = pd.Series(amt).groupby(r * n + g).sum()  # keyed receiver * n + giver
    if partners == "ties":
        s, d = _tie_positions(actors, tt)
    else:
        s, d = g, r
    key = _uniq(np.minimum(s, d) * n + np.maximum(s, d))
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
    with np.errstate(invalid="ignore", divide="ignore"):
        da = np.where(ta > 0, xa / np.where(ta > 0, ta, 1.0), 0.0)
        db = np.where(tb > 0, xb / np.where(tb > 0, tb, 1.0), 0.0)
        balance = np.where(ra + rb > 0, (ra - rb) / np.where(ra + rb > 0, ra + rb, 1.0), 0.0)
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
        "channel": _categorical(_channel_codes(actors, a, b), CHANNELS),
        "received_a": ra[order], "received_b": rb[order], "total_a": ta[order], "total_b": tb[order],
        "dependence_a": da[order], "dependence_b": db[order], "salience": salience[order],
        "symmetry": symmetry[order], "interdependence": inter[order], "asymmetry": (da - db)[order],
        "balance": balance[order],
    })


def dependence(
    data: Data,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    basis: Literal["received", "exchanged"] = "received",
    partners: Literal["flows", "ties"] = "flows",
    split: bool = True,
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
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

    Only agreed commitments carry flows by default (``include=("agreed",)``, as
    in :mod:`sistercity.implementation`): a proposal or a wish is not yet a
    promise both sides made. Whether a commitment was implemented does not
    matter: the measure describes the dependence the agreements set up.

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

    Returns
    -------
    DataFrame
        Columns ``actor_a, actor_b`` (in the order of the actors table), ``country_a, country_b,
        channel, received_a, received_b, total_a, total_b, dependence_a,
        dependence_b, salience, symmetry, interdependence, asymmetry, balance``;
        sorted by interdependence, highest first.

    Examples
    --------
    >>> d = dependence(_demo_case())
    >>> print(d[["actor_a", "actor_b", "dependence_a", "dependence_b", "symmetry", "asymmetry"]].to_string(index=False))
     actor_a  actor_b  dependence_a  dependence_b  symmetry  asymmetry
       bogor kisarazu           1.0           1.0       1.0        0.0
       smpn1 hatazawa           1.0           1.0       1.0        0.0
    kisarazu  farmers           0.0           1.0       0.0       -1.0
    """
    _check_choice("basis", basis, ("received", "exchanged"))
    _check_choice("partners", partners, ("flows", "ties"))
    split = _args.flag("split", split)
    t = as_tables(data)
    tt = _ties(t, at=at, date_rule=date_rule, undated=undated, include=include)
    return _dependence(t.actors, tt, basis=basis, partners=partners, split=split)


def _sensitivity_arrays(actors: pd.DataFrame, tt: pd.DataFrame, split: bool
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(receiver, giver, received, total received) per pair with a flow, in actors-table order."""
    n = len(actors)
    g, r, _, amt = _flows(actors, tt, split)
    rec = pd.Series(amt).groupby(r * n + g).sum()  # sorted by key: receiver, then giver
    key = rec.index.to_numpy(np.int64)
    total = np.bincount(r, weights=amt, minlength=n)
    return key // n, key % n, rec.to_numpy(dtype="float64"), total[key // n].astype("float64")


def _sensitivity(actors: pd.DataFrame, tt: pd.DataFrame, split: bool) -> pd.DataFrame:
    rcv, giv, received, total = _sensitivity_arrays(actors, tt, split)
    ids = actors["actor"].to_numpy(dtype=object)
    return pd.DataFrame({
        "actor": pd.array(ids[rcv], dtype="str"), "partner": pd.array(ids[giv], dtype="str"),
        "received": received, "total_received": total, "sensitivity": received / np.where(total > 0, total, 1.0),
    })


def sensitivity(
    data: Data,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    split: bool = True,
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
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
    at, date_rule, split, undated, include
        As in :func:`dependence`.

    Returns
    -------
    DataFrame
        One row per (receiving actor, partner) with a flow: ``actor, partner,
        received, total_received, sensitivity``; in the order of the actors table.

    Examples
    --------
    >>> print(sensitivity(_demo_case()).to_string(index=False))
       actor  partner  received  total_received  sensitivity
       bogor kisarazu       0.5             0.5          1.0
    kisarazu    bogor       1.0             1.0          1.0
     farmers kisarazu       0.5             0.5          1.0
       smpn1 hatazawa       0.5             0.5          1.0
    hatazawa    smpn1       0.5             0.5          1.0
    """
    split = _args.flag("split", split)
    t = as_tables(data)
    return _sensitivity(t.actors, _ties(t, at=at, date_rule=date_rule, undated=undated, include=include), split)


def _vulnerability(actors: pd.DataFrame, tt: pd.DataFrame, split: bool, alternatives: str) -> pd.DataFrame:
    n = len(actors)
    base = _sensitivity(actors, tt, split)
    g, r, sec, amt = _flows(actors, tt, split)
    n_sec = len(tt["sector"].cat.categories) + 1
    sec = sec + 1  # 0: no sector
    # amounts by (receiver, giver, sector)
    k3 = (r * n + g) * n_sec + sec
    by = pd.Series(amt).groupby(k3).sum()
    key3 = by.index.to_numpy(np.int64)
    rg, s3 = key3 // n_sec, key3 % n_sec
    r3 = rg // n
    if alternatives == "own":
        inv, _ = pd.factorize(r3 * n_sec + s3)
        alt = np.bincount(inv)[inv] >= 2
    else:
        gives = _uniq(g * n_sec + sec)  # (giver, sector) pairs anywhere in the case
        n_providers = np.bincount(gives % n_sec, minlength=n_sec)
        self_gives = np.isin(r3 * n_sec + s3, gives)
        alt = (n_providers[s3] - 1 - self_gives.astype(np.int64)) >= 1
    irreplaceable = np.where(alt, 0.0, by.to_numpy(dtype="float64"))
    irr = pd.Series(irreplaceable).groupby(rg).sum()
    names = np.array(["", *(str(c) for c in tt["sector"].cat.categories)], dtype=object)
    lone = pd.DataFrame({"rg": rg[~alt], "sector": names[s3[~alt]]}).sort_values(["rg", "sector"])
    joined = lone.groupby("rg", sort=False)["sector"].agg(", ".join)
    rcv, giv, _, _ = _sensitivity_arrays(actors, tt, split)  # the rows of base, in order
    rkey = rcv * n + giv
    base["irreplaceable"] = irr.reindex(rkey, fill_value=0.0).to_numpy(dtype="float64")
    total = base["total_received"].to_numpy(dtype="float64")
    base["vulnerability"] = base["irreplaceable"] / np.where(total > 0, total, 1.0)
    base["sectors_without_alternative"] = pd.array(joined.reindex(rkey, fill_value="").to_numpy(dtype=object),
                                                   dtype="str")
    return base[["actor", "partner", "received", "irreplaceable", "total_received", "sensitivity",
                 "vulnerability", "sectors_without_alternative"]]


def vulnerability(
    data: Data,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    split: bool = True,
    alternatives: Literal["own", "network"] = "own",
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
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
    at, date_rule, split, undated, include
        As in :func:`dependence`.
    alternatives : {"own", "network"}
        Who counts as an alternative to ``j`` in sector ``s``: another partner
        that already provides ``s`` to ``i`` (``"own"``, default), or any other
        actor of the case that provides ``s`` to anyone (``"network"``: a
        potential substitute). A single alternative replaces the whole amount
        (a binary rule).

    Returns
    -------
    DataFrame
        ``actor, partner, received, irreplaceable, total_received, sensitivity,
        vulnerability, sectors_without_alternative`` (sector ids, comma-separated).

    Examples
    --------
    >>> v = vulnerability(_demo_case())
    >>> print(v.loc[v.actor == "farmers", ["partner", "sensitivity", "vulnerability"]].to_string(index=False))
     partner  sensitivity  vulnerability
    kisarazu          1.0            1.0
    """
    _check_choice("alternatives", alternatives, ("own", "network"))
    split = _args.flag("split", split)
    t = as_tables(data)
    return _vulnerability(t.actors, _ties(t, at=at, date_rule=date_rule, undated=undated, include=include), split,
                          alternatives)


# =========================================================================== brokers


def _brokers(actors: pd.DataFrame, tt: pd.DataFrame, *, by: str, normalized: bool, k: int | None,
             seed: object) -> pd.DataFrame:
    import networkx as nx

    simple = nx.Graph()
    ids = actors["actor"].astype(object).to_numpy()
    simple.add_nodes_from(ids)
    simple.add_edges_from(zip(tt["source"].astype(object), tt["target"].astype(object), strict=True))
    n = simple.number_of_nodes()
    btw = nx.betweenness_centrality(simple, normalized=normalized, k=k, seed=seed) if n else {}
    s, d = _tie_positions(actors, tt)
    a_end, o_end = np.concatenate([s, d]), np.concatenate([d, s])
    ties_of = np.bincount(a_end, minlength=n)
    pairs = _uniq(a_end * max(n, 1) + o_end)
    pa, po = pairs // max(n, 1), pairs % max(n, 1)
    neighbours_of = np.bincount(pa, minlength=n)
    country = actors["country"].to_numpy(dtype=object)
    foreign_of = np.bincount(pa[country[pa] != country[po]], minlength=n)
    out = pd.DataFrame({
        "actor": pd.array(actors["actor"].astype(object).to_numpy(), dtype="str"),
        "name": pd.array(actors["name"].astype(object).to_numpy(), dtype="str"),
        "level": pd.Categorical(actors["level"].astype(object), categories=list(_LEVELS)),
        "kind": pd.array(actors["kind"].astype(object).to_numpy(), dtype="str"),
        "country": pd.array(actors["country"].astype(object).to_numpy(), dtype="str"),
    })
    out["ties"] = ties_of.astype("int64")
    out["neighbours"] = neighbours_of.astype("int64")
    out["foreign_neighbours"] = foreign_of.astype("int64")
    scale = (n - 1) if (normalized and n > 1) else 1
    out["degree"] = out["neighbours"] / scale
    out["betweenness"] = np.array([btw.get(i, 0.0) for i in ids], dtype="float64")
    out = out.sort_values(["betweenness", "neighbours", "actor"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)
    if by == "actor":
        return out
    total_b = float(out["betweenness"].sum())
    g = out.groupby(by, observed=False, sort=True)
    top = out.sort_values(["betweenness", "neighbours", "actor"], ascending=[False, False, True]) \
        .drop_duplicates(by).set_index(by)["actor"]
    res = pd.DataFrame({
        "actors": g.size(),
        "ties": g["ties"].sum(),
        "degree": g["degree"].mean(),
        "betweenness": g["betweenness"].sum(),
    })
    res["betweenness_share"] = res["betweenness"] / total_b if total_b > 0 else 0.0
    res["top_actor"] = pd.Series(top.reindex(res.index).to_numpy(), index=res.index, dtype="str")
    res = res.reset_index()
    res["actors"] = res["actors"].astype("int64")
    res["ties"] = res["ties"].astype("int64")
    if by == "kind":
        res["kind"] = res["kind"].astype("str")
    return res[[by, "actors", "ties", "degree", "betweenness", "betweenness_share", "top_actor"]]


def brokers(
    data: Data,
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
        ``by="actor"``: ``actor, name, level, kind, country, ties, neighbours,
        foreign_neighbours, degree, betweenness``, highest betweenness first.
        ``by="level"`` or ``"kind"``: that column, then ``actors, ties, degree``
        (mean), ``betweenness`` (sum), ``betweenness_share``, ``top_actor``.

    Examples
    --------
    >>> b = brokers(_demo_case())
    >>> print(b[["actor", "neighbours", "betweenness"]].head(2).to_string(index=False))
       actor  neighbours  betweenness
       bogor           5         0.25
    kisarazu           5         0.25
    >>> print(brokers(_demo_case(), by="level")[["level", "actors", "betweenness_share"]].to_string(index=False))
          level  actors  betweenness_share
       national       1                0.0
    subnational       2                1.0
       nonstate       3                0.0
    """
    _check_choice("by", by, ("actor", "level", "kind"))
    normalized = _args.flag("normalized", normalized)
    t = as_tables(data)
    if k is not None:
        if isinstance(k, np.integer):
            k = int(k)
        k = _args.positive_int("k", k, minimum=1, maximum=max(len(t.actors), 1))
    if seed is not None and not isinstance(seed, int | random.Random | np.random.RandomState | np.random.Generator):
        raise ArgumentTypeError(f"seed must be None, a whole number, a random.Random or a numpy random state or "
                                f"generator; got {seed!r}")
    if isinstance(seed, bool):
        raise ArgumentTypeError(f"seed must be None or a whole number; got {seed!r}")
    tt = _ties(t, at=at, date_rule=date_rule, undated=undated, include=include)
    return _brokers(t.actors, tt, by=by, normalized=normalized, k=k, seed=seed)


# =========================================================================== what if


@dataclass(frozen=True, eq=False)
class WhatIf:
    """What changes when actors, ties or commitments are removed (see :func:`what_if`).

    Attributes
    ----------
    removed : DataFrame
        ``kind, id, ties_removed``: what was removed and how many ties went with it.
    figures : DataFrame
        ``figure, before, after, change`` for every figure of the profile.
    dependence : DataFrame
        ``actor_a, actor_b, status`` (``kept``, ``changed``, ``lost``, ``new``) and
        ``salience, symmetry, interdependence, asymmetry`` before and after.
    before, after : Profile
        The full profiles.
    dependence_before, dependence_after : DataFrame
        The full dependence tables.

    Examples
    --------
    >>> w = what_if(_demo_case(), remove="commitment:c2")
    >>> print(w.removed.to_string(index=False))
          kind id  ties_removed
    commitment c2             3
    >>> w.before.ties, w.after.ties
    (15, 12)
    >>> print(w.dependence[["actor_a", "actor_b", "status"]].to_string(index=False))
     actor_a  actor_b  status
       bogor kisarazu changed
    kisarazu  farmers    lost
       smpn1 hatazawa    kept
    """

    removed: pd.DataFrame
    figures: pd.DataFrame
    dependence: pd.DataFrame
    before: Profile = field(repr=False)
    after: Profile = field(repr=False)
    dependence_before: pd.DataFrame = field(repr=False)
    dependence_after: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        return ("<div class='sistercity-whatif'>"
                f"<h3>{html.escape('What if: removed')}</h3>{_frame_html(self.removed)}"
                f"<h4>{html.escape('Profile')}</h4>{_frame_html(self.figures)}"
                f"<h4>{html.escape('Dependence')}</h4>{_frame_html(self.dependence)}</div>")


def _resolve_removals(t: CaseTables, tt: pd.DataFrame, remove: object) -> list[tuple[str, str]]:
    if isinstance(remove, str):
        items: list[str] = [remove]
    elif isinstance(remove, Iterable) and not isinstance(remove, bytes | Mapping):
        items = list(remove)
        bad = [x for x in items if not isinstance(x, str)]
        if bad:
            raise ArgumentTypeError(f"remove must be an id or an iterable of ids (strings); got {bad[0]!r}")
    else:
        raise ArgumentTypeError(f"remove must be an id or an iterable of ids (strings); got {remove!r}")
    actors = set(t.actors["actor"].astype(object))
    commitments = set(t.commitments["commitment"].astype(object))
    tie_ids = set(tt["tie"].astype(object))
    out: list[tuple[str, str]] = []
    problems: list[str] = []
    for i, item in enumerate(items):
        where = "remove" if isinstance(remove, str) else f"remove[{i}]"
        kind, _, rest = item.partition(":")
        if kind in ("actor", "commitment", "tie") and rest:
            pool = {"actor": actors, "commitment": commitments, "tie": tie_ids}[kind]
            if rest in pool:
                out.append((kind, rest))
                continue
            if item not in actors | commitments:
                problems.append(f"{where}: no {kind} {rest!r} in the case" +
                                (" (or it gives no tie with these options)" if kind == "tie" else ""))
                continue
        hits = [k for k, pool in (("tie", tie_ids), ("actor", actors), ("commitment", commitments))
                if item in pool]
        if len(hits) == 1:
            out.append((hits[0], item))
        elif not hits:
            problems.append(f"{where}: {item!r} is neither an actor, a commitment nor a tie id of the case")
        else:
            problems.append(f"{where}: {item!r} is both a {hits[0]} and a {hits[1]}; write "
                            f"'{hits[0]}:{item}' or '{hits[1]}:{item}'")
    if problems:
        raise ArgumentError("remove must name actors, commitments or ties of the case (prefixed 'actor:', "
                            "'commitment:' or 'tie:' when an id is ambiguous); " + "; ".join(problems))
    return out


_PROFILE_OPTIONS = ("layers", "multiedges", "issues", "richness", "weighted", "force_sectors", "unattributed")
_DEPENDENCE_OPTIONS = ("basis", "partners", "split")


def what_if(
    data: Data,
    *,
    remove: str | Iterable[str],
    at: object = None,
    date_rule: DateRule = "end",
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
    **options: Any,
) -> WhatIf:
    """Remove actors, ties or commitments and see what changes in the profile and in dependence.

    Removing an **actor** removes it and every tie it has (its flows with them,
    so its partners' totals shrink); removing a **commitment** removes its ties;
    removing a **tie** removes that tie alone (other ties of its commitment keep
    their flows).

    Parameters
    ----------
    data : Case or CaseTables
    remove : str or iterable of str
        Actor ids, commitment ids or tie ids (see :func:`ties`). An id that names
        both an actor and a commitment must be prefixed: ``"actor:x"``,
        ``"commitment:x"`` (``"tie:..."`` is accepted too).
    at, date_rule, undated
        As in :func:`ties`.
    include : "all", str or iterable of str
        The commitment statuses that give ties, before and after (agreed alone by
        default, as in :func:`profile` and :func:`dependence`). Removing a
        commitment that ``include`` leaves out removes no tie.
    **options
        Passed to :func:`profile` (``layers``, ``multiedges``, ``issues``,
        ``richness``, ``weighted``, ``force_sectors``, ``unattributed``);
        ``basis``, ``partners`` and ``split`` go to :func:`dependence`.

    Returns
    -------
    WhatIf

    Raises
    ------
    ArgumentError
        For an id the case does not have, or an ambiguous one, or a bad option value.
    ArgumentTypeError
        For an option neither :func:`profile` nor :func:`dependence` takes.

    Examples
    --------
    >>> w = what_if(_demo_case(), remove="kisarazu")
    >>> print(w.removed.to_string(index=False))
      kind       id  ties_removed
    actor kisarazu             8
    >>> w.figures.set_index("figure").loc["channels_used", ["before", "after"]].tolist()
    [2.0, 1.0]
    >>> sorted(w.dependence["status"])
    ['kept', 'lost', 'lost']
    """
    unknown = sorted(set(options) - set(_PROFILE_OPTIONS) - set(_DEPENDENCE_OPTIONS))
    if unknown:
        raise ArgumentTypeError(
            f"what_if got an unexpected keyword argument {unknown[0]!r}; its options are "
            f"{', '.join(map(repr, _PROFILE_OPTIONS))} (for profile) and "
            f"{', '.join(map(repr, _DEPENDENCE_OPTIONS))} (for dependence)")
    t = as_tables(data)
    prof_kw: dict[str, Any] = dict(layers=CROSS_BORDER_CHANNELS, multiedges="collapse", issues="ties",
                                   richness="agreed", weighted=False, force_sectors=FORCE_SECTORS,
                                   unattributed="skip")
    prof_kw.update({k: v for k, v in options.items() if k in _PROFILE_OPTIONS})
    opts = _profile_options(t, date_rule=date_rule, undated=undated, include=include, **prof_kw)
    basis, partners = options.get("basis", "received"), options.get("partners", "flows")
    _check_choice("basis", basis, ("received", "exchanged"))
    _check_choice("partners", partners, ("flows", "ties"))
    split = _args.flag("split", options.get("split", True))
    tt = _ties(t, at=at, date_rule=date_rule, undated=undated, unattributed=opts["unattributed"],
               include=opts["include"])
    items = _resolve_removals(t, tt, remove)
    at_day = _at_day(at)
    before = _measure_with(t, tt, at_day, opts)
    dep_before = _dependence(t.actors, tt, basis=basis, partners=partners, split=split)

    drop = np.zeros(len(tt), dtype=bool)
    gone_actors: set[str] = set()
    rows = []
    for kind, ident in items:
        if kind == "actor":
            hit = ((tt["source"] == ident) | (tt["target"] == ident)).to_numpy()
            gone_actors.add(ident)
        elif kind == "commitment":
            hit = ((tt["origin"] == "commitment") & (tt["record"] == ident)).to_numpy()
        else:
            hit = (tt["tie"] == ident).to_numpy()
        rows.append(dict(kind=kind, id=ident, ties_removed=int((hit & ~drop).sum())))
        drop |= hit
    tt_after = tt[~drop].reset_index(drop=True)
    # the actors table stays whole (tie positions refer to it); removed actors have no tie left
    after = _measure_with(t, tt_after, at_day, opts, hidden=gone_actors)
    dep_after = _dependence(t.actors, tt_after, basis=basis, partners=partners, split=split)

    fb, fa = before.figures(), after.figures()
    figures = pd.DataFrame({"figure": pd.Series(fb.index, dtype="str"), "before": fb.to_numpy(),
                            "after": fa.to_numpy()})
    figures["change"] = figures["after"] - figures["before"]
    key = ["actor_a", "actor_b"]
    vals = ["salience", "symmetry", "interdependence", "asymmetry"]
    m = dep_before[key + vals].merge(dep_after[key + vals], on=key, how="outer", suffixes=("_before", "_after"),
                                     indicator=True)
    same = np.ones(len(m), dtype=bool)
    for v in vals:
        same &= np.isclose(m[f"{v}_before"].to_numpy(dtype="float64"), m[f"{v}_after"].to_numpy(dtype="float64"),
                           equal_nan=True)
    status = np.select([m["_merge"] == "left_only", m["_merge"] == "right_only", same],
                       ["lost", "new", "kept"], "changed")
    m["status"] = pd.Categorical(status, categories=["kept", "changed", "lost", "new"])
    dep = m[key + ["status"] + [f"{v}_{w}" for v in vals for w in ("before", "after")]]
    dep = dep.astype({"actor_a": "str", "actor_b": "str"}).sort_values(key).reset_index(drop=True)
    removed = pd.DataFrame(rows, columns=["kind", "id", "ties_removed"]).astype(
        {"kind": "str", "id": "str", "ties_removed": "int64"})
    return WhatIf(removed=removed, figures=figures, dependence=dep, before=before, after=after,
                  dependence_before=dep_before, dependence_after=dep_after)


# =========================================================================== export

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
    _check_choice("format", format, ("graphml", "gexf", "json"))
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
    data: Data | nx.Graph,
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
    >>> g = graph(_demo_case())
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_graph(g, pathlib.Path(d) / "bogor.graphml")
    ...     h = read_graph(p)
    >>> sorted(h.nodes(data=True)) == sorted(g.nodes(data=True))
    True
    """
    import networkx as nx

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
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_graph(_demo_case(), pathlib.Path(d) / "demo.json")
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


# =========================================================================== demo


def _demo_case() -> Case:
    """A small hand-made case, modelled on Bogor–Kisarazu, used in the examples.

    Six actors — the two city governments (ID, JP), the Indonesian environment
    ministry, a Bogor farmer group and two junior high schools (non-governmental
    here) — a letter of intent, three commitments (a mutual student exchange,
    blueberry cultivation from Kisarazu to Bogor and its farmers, care workers
    from Bogor to Kisarazu) and three events (the minister's visit, a
    teleconference, a consultation). Every number in the examples can be worked
    out by hand from it (see ``docs/interdependence.md``). Private: a fixture of
    the examples and tests, not part of the API.

    Examples
    --------
    >>> c = _demo_case()
    >>> len(c.actors), len(c.commitments), len(c.events)
    (6, 3, 3)
    """
    from sistercity.model import Case

    def actor(id: str, name: str, level: str, kind: str, country: str) -> dict[str, str]:
        return dict(id=id, name=name, level=level, kind=kind, country=country)

    return Case(
        id="demo-interdependence",
        title="Demo: a sister-city relationship in six actors",
        actors=[
            actor("bogor", "Pemerintah Kota Bogor", "subnational", "government", "ID"),
            actor("kisarazu", "Kisarazu City", "subnational", "government", "JP"),
            actor("klhk", "Ministry of Environment and Forestry", "national", "ministry", "ID"),
            actor("farmers", "Kelompok tani Bogor", "nonstate", "community_group", "ID"),
            actor("smpn1", "SMPN 1 Bogor", "nonstate", "school", "ID"),
            actor("hatazawa", "Hatazawa Junior High School", "nonstate", "school", "JP"),
        ],
        agreements=[dict(id="loi", kind="letter_of_intent", parties=["bogor", "kisarazu"],
                         signed="2016-11-18", term="P5Y", sectors=["education", "agriculture", "health"])],
        commitments=[
            dict(id="c1", agreement="loi", sector="education", title="Student exchange",
                 providers=["smpn1", "hatazawa"], beneficiaries=["smpn1", "hatazawa"]),
            dict(id="c2", agreement="loi", sector="agriculture", title="Blueberry cultivation",
                 providers=["kisarazu"], beneficiaries=["bogor", "farmers"]),
            dict(id="c3", agreement="loi", sector="health", title="Care workers for the elderly",
                 providers=["bogor"], beneficiaries=["kisarazu"]),
        ],
        events=[
            dict(id="e1", date="2016-04", kind="visit", title="Minister visits Kisarazu",
                 participants=["klhk", "kisarazu"]),
            dict(id="e2", date="2017-12-14", kind="teleconference", title="Student online exchange",
                 participants=["bogor", "kisarazu", "smpn1", "hatazawa"], commitments=["c1"]),
            dict(id="e3", date="2016-10", kind="consultation", title="Consultation with the ministry",
                 participants=["bogor", "klhk"]),
        ],
    )
