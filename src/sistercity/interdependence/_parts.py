"""Ties read off each kind of record: agreements (parties), commitments (roles), events (participants)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sistercity.interdependence._arrays import lookup, pairs_within, positions, record_positions
from sistercity.interdependence._vocab import RELATIONS, STATUSES, Unattributed
from sistercity.tables import CaseTables, partial_date_bounds


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
    g = record_positions(t.agreements, "agreement", p["agreement"], "agreements")
    a = positions(actors, p["actor"], "agreement parties")
    return pairs_within(g, a)


_SOURCE_RECORD, _SOURCE_AGREEMENT, _SOURCE_NONE = range(3)


def agreement_part(t: CaseTables, actors: pd.DataFrame) -> _Part:
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
    ai = lookup(pd.Index(t.agreements["agreement"].astype(object).to_numpy()), c["agreement"])
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


def commitment_part(t: CaseTables, actors: pd.DataFrame, unattributed: Unattributed) -> _Part:
    ca = t.commitment_actors
    c = record_positions(t.commitments, "commitment", ca["commitment"], "commitments")
    a = positions(actors, ca["actor"], "commitment actors")
    role = ca["role"].astype(object).to_numpy()
    flags = (pd.DataFrame({"c": c, "a": a, "prov": role == "provider", "ben": role == "beneficiary"})
             .groupby(["c", "a"], sort=False)[["prov", "ben"]].max().reset_index())
    prov = pd.Series(flags["prov"].to_numpy(), index=pd.MultiIndex.from_arrays([flags["c"], flags["a"]]))
    ben = pd.Series(flags["ben"].to_numpy(), index=prov.index)
    g, x, y = pairs_within(flags["c"].to_numpy(np.int64), flags["a"].to_numpy(np.int64))
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
            ag_of = lookup(pd.Index(t.agreements["agreement"].astype(object).to_numpy()),
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
    status = lookup(pd.Index(STATUSES), t.commitments["status"]).astype(np.int8)
    return _Part(1, src, dst, cr, relation, sector[cr], date[cr], first[cr], last[cr], source[cr], w, flow,
                 status[cr])


def event_part(t: CaseTables, actors: pd.DataFrame) -> _Part:
    p = t.event_participants
    e = record_positions(t.events, "event", p["event"], "events")
    a = positions(actors, p["actor"], "event participants")
    g, x, y = pairs_within(e, a)
    # an event's sector: the one sector shared by every commitment it names
    ec = t.event_commitments
    ev_sector = np.full(len(t.events), None, dtype=object)
    if len(ec):
        ei = lookup(pd.Index(t.events["event"].astype(object).to_numpy()), ec["event"])
        ci = lookup(pd.Index(t.commitments["commitment"].astype(object).to_numpy()), ec["commitment"])
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
