"""The tie table (:func:`ties`, :func:`channels`): every tie with its origin, date and channel."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from sistercity._args import choice
from sistercity._args import include as include_statuses
from sistercity._typing import CaseData, DateRule, Include
from sistercity.interdependence._arrays import at_day, categorical, lookup, positions
from sistercity.interdependence._parts import agreement_part, commitment_part, event_part
from sistercity.interdependence._vocab import (
    CHANNELS,
    DATE_SOURCES,
    LEVELS,
    ORIGINS,
    RELATIONS,
    SEP,
    STATUSES,
    Unattributed,
)
from sistercity.tables import CaseTables, as_tables


def channel_codes(actors: pd.DataFrame, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
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


_RECORD_KEYS = (("agreements", "agreement"), ("commitments", "commitment"), ("events", "event"))


def _build_ties(t: CaseTables, unattributed: Unattributed) -> pd.DataFrame:
    actors = t.actors
    parts = [agreement_part(t, actors), commitment_part(t, actors, unattributed), event_part(t, actors)]
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
    tie = [f"{ORIGINS[o]}{SEP}{r}{SEP}{a}{SEP}{b}"
           for o, r, a, b in zip(origin.tolist(), record.tolist(), src.tolist(), dst.tolist(), strict=True)]
    relation = cat("relation")[order]
    sector = cat("sector")[order]
    out = pd.DataFrame({
        "tie": pd.array(tie, dtype="str"),
        "source": pd.array(src, dtype="str"),
        "target": pd.array(dst, dtype="str"),
        "origin": categorical(origin, ORIGINS),
        "record": pd.array(record, dtype="str"),
        "relation": categorical(relation, RELATIONS),
        "directed": relation == RELATIONS.index("provision"),
        "commitment_status": categorical(cat("status")[order], STATUSES),
        "sector": pd.Categorical(sector, categories=_sector_categories(t)),
        "date": pd.array(cat("date")[order], dtype="str"),
        "date_first": cat("date_first")[order].astype("datetime64[s]"),
        "date_last": cat("date_last")[order].astype("datetime64[s]"),
        "date_source": categorical(cat("date_source")[order], DATE_SOURCES),
        "weight": cat("weight")[order].astype("float64"),
        "flow": cat("flow")[order].astype("float64"),
        "channel": categorical(channel_codes(actors, s, d), CHANNELS),
        # private: actor positions in t.actors, so the measures need no look-up (dropped by ties())
        "_s": s,
        "_t": d,
    })
    return out


POSITION_COLUMNS = ["_s", "_t"]


def tie_positions(actors: pd.DataFrame, tt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each tie's source and target in ``actors`` (stored when the ties were built)."""
    if "_s" in tt.columns:
        return tt["_s"].to_numpy(np.int64), tt["_t"].to_numpy(np.int64)
    return positions(actors, tt["source"], "ties"), positions(actors, tt["target"], "ties")


def _sector_categories(t: CaseTables) -> list[str]:
    cats = t.commitments["sector"]
    if isinstance(cats.dtype, pd.CategoricalDtype):
        return [str(c) for c in cats.cat.categories]
    return list(t.sectors)


_MEMO = "sistercity.interdependence"
"""The first element of every key this package keeps with a :class:`~sistercity.CaseTables` (``memo``)."""


def _all_ties(t: CaseTables, unattributed: Unattributed) -> pd.DataFrame:
    """Every tie of the tables, whatever the commitment's status (built once per tables object)."""
    return t.memo((_MEMO, "ties", unattributed), lambda: _build_ties(t, unattributed))


def _counted_ties(t: CaseTables, unattributed: Unattributed, statuses: tuple[str, ...]) -> pd.DataFrame:
    """The ties of agreements, events and the commitments whose status is in ``statuses`` (kept too)."""
    def compute() -> pd.DataFrame:
        full = _all_ties(t, unattributed)
        counted = (full["origin"] != "commitment").to_numpy() | full["commitment_status"].isin(statuses).to_numpy()
        return full if counted.all() else full[counted].reset_index(drop=True)

    return t.memo((_MEMO, "ties", unattributed, statuses), compute)


def tie_table(
    t: CaseTables, *, at: object = None, date_rule: object = "end", undated: object = "keep",
    unattributed: object = "skip", include: object = ("agreed",),
) -> pd.DataFrame:
    """The ties (shared, not copied: callers must not modify it)."""
    choice("date_rule", date_rule, ("start", "end"))
    choice("undated", undated, ("keep", "drop"))
    unattributed = choice("unattributed", unattributed, ("skip", "parties"))
    statuses = include_statuses(include)
    day = at_day(at)
    chosen = _counted_ties(t, unattributed, statuses)  # type: ignore[arg-type]
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
    data: CaseData,
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
    >>> from sistercity import datasets
    >>> case = datasets.load("demo-interdependence")
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
    full = tie_table(as_tables(data), at=at, date_rule=date_rule, undated=undated, unattributed=unattributed,
                 include=include)
    return full.drop(columns=POSITION_COLUMNS)


def channels(
    data: CaseData,
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
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> c = channels(demo)
    >>> row = c[(c.source == "kisarazu") & (c.target == "farmers")].iloc[0]
    >>> row.relation, row.source_level, row.target_level, row.cross_border, row.channel
    ('provision', 'subnational', 'nonstate', np.True_, 'transnational')
    """
    t = as_tables(data)
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include)
    a = t.actors.set_index(t.actors["actor"].astype(object))
    out = tt[["tie", "source", "target", "origin", "record", "relation", "sector"]].copy()
    for end in ("source", "target"):
        idx = lookup(a.index, tt[end])
        out[f"{end}_level"] = pd.Categorical(a["level"].astype(object).to_numpy()[idx], categories=list(LEVELS))
        out[f"{end}_governmental"] = a["governmental"].fillna(False).astype(bool).to_numpy()[idx]
        out[f"{end}_country"] = pd.Series(a["country"].astype(object).to_numpy()[idx], dtype="str")
    out["cross_border"] = (out["source_country"] != out["target_country"]).to_numpy() & \
        out["source_country"].notna().to_numpy() & out["target_country"].notna().to_numpy()
    out["channel"] = tt["channel"]
    order = ["tie", "source", "target", "origin", "record", "relation", "sector", "source_level", "target_level",
             "source_governmental", "target_governmental", "source_country", "target_country", "cross_border",
             "channel"]
    return out[order]
