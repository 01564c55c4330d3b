"""What changes when actors, ties or commitments are removed (:func:`what_if`)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from sistercity._args import choice, flag
from sistercity._typing import CaseData, DateRule, Include
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.interdependence._arrays import at_day, categorical
from sistercity.interdependence._delivered import check_flow_options, flow_ties
from sistercity.interdependence._dependence import dependence_table
from sistercity.interdependence._profile import Profile, frame_html, measure_with, profile_options
from sistercity.interdependence._ties import channel_codes, tie_positions, tie_table
from sistercity.interdependence._vocab import CHANNELS, CROSS_BORDER_CHANNELS, FORCE_SECTORS, LEVELS
from sistercity.tables import CaseTables, as_tables


@dataclass(frozen=True, eq=False)
class WhatIf:
    """What changes when actors, ties or commitments are removed (see :func:`what_if`).

    Attributes
    ----------
    removed : DataFrame
        ``kind, id, n_ties_removed``: what was removed and how many ties went with it.
    recoded : DataFrame
        ``actor, attribute, before, after, n_ties_changed``: each actor attribute
        coded otherwise (``recode=``) and how many of the actor's ties changed
        channel once every recoding was applied (values as text; empty when
        nothing was recoded).
    figures : DataFrame
        ``figure, before, after, change`` for every figure of the profile.
    dependence : DataFrame
        ``actor_a, actor_b, status`` (``kept``, ``changed``, ``lost``, ``new``) and
        ``salience, symmetry, interdependence, asymmetry, channel`` before and after
        (a dyad whose channel changed is ``changed``).
    before, after : Profile
        The full profiles.
    dependence_before, dependence_after : DataFrame
        The full dependence tables.

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> w = what_if(demo, remove="commitment:c2")
    >>> print(w.removed.to_string(index=False))
          kind id  n_ties_removed
    commitment c2               3
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
    recoded: pd.DataFrame = field(default_factory=lambda: _recoded_frame([]), repr=False)

    def _repr_html_(self) -> str:
        return ("<div class='sistercity-whatif'>"
                f"<h3>{html.escape('What if: removed')}</h3>{frame_html(self.removed)}"
                f"<h4>{html.escape('Recoded')}</h4>{frame_html(self.recoded)}"
                f"<h4>{html.escape('Profile')}</h4>{frame_html(self.figures)}"
                f"<h4>{html.escape('Dependence')}</h4>{frame_html(self.dependence)}</div>")


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


RECODABLE: tuple[str, ...] = ("governmental", "level")
"""The actor attributes ``what_if(recode=...)`` can code otherwise (those a tie's channel is read from)."""


def _recoded_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["actor", "attribute", "before", "after", "n_ties_changed"]).astype(
        {"actor": "str", "attribute": "str", "before": "str", "after": "str", "n_ties_changed": "int64"})


def _recode_actors(actors: pd.DataFrame, recode: object) -> tuple[pd.DataFrame, list[tuple[str, str, object, object]]]:
    """The actors table with the attributes ``recode`` names coded otherwise, and each change."""
    if recode is None:
        return actors, []
    if not isinstance(recode, Mapping):
        raise ArgumentTypeError(f"recode must map actor ids to {{attribute: value}}; got {recode!r}")
    ids = actors["actor"].astype(object).tolist()
    where = {a: i for i, a in enumerate(ids)}
    out = actors.copy()
    changes: list[tuple[str, str, object, object]] = []
    problems: list[str] = []
    for actor, attrs in recode.items():
        if not isinstance(actor, str) or actor not in where:
            problems.append(f"recode: {actor!r} is not an actor of the case")
            continue
        if not isinstance(attrs, Mapping) or not attrs:
            raise ArgumentTypeError(f"recode[{actor!r}] must map attribute names to values; got {attrs!r}")
        for attr, value in attrs.items():
            if attr not in RECODABLE:
                problems.append(f"recode[{actor!r}]: {attr!r} is not one of {', '.join(map(repr, RECODABLE))}")
            elif attr == "governmental" and not isinstance(value, bool):
                raise ArgumentTypeError(f"recode[{actor!r}]['governmental'] must be true or false; got {value!r}")
            elif attr == "level" and value not in LEVELS:
                problems.append(f"recode[{actor!r}]['level'] must be one of {', '.join(map(repr, LEVELS))}; "
                                f"got {value!r}")
            else:
                i = where[actor]
                old = out[attr].iloc[i]
                before: object = bool(old) if attr == "governmental" and not pd.isna(old) else old
                col = out[attr].copy()
                if isinstance(col.dtype, pd.CategoricalDtype) and value not in col.cat.categories:
                    col = col.cat.add_categories([value])
                col.iloc[i] = value
                out[attr] = col
                changes.append((actor, attr, before, value))
    if problems:
        raise ArgumentError("recode must name actors of the case and the attributes "
                            f"{', '.join(map(repr, RECODABLE))}; " + "; ".join(problems))
    return out, changes


def _rechannel(actors: pd.DataFrame, recoded: pd.DataFrame, tt: pd.DataFrame,
               changes: list[tuple[str, str, object, object]]) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """The ties with channels read from the recoded actors, and each change with the ties it moved."""
    if not changes:
        return tt, []
    s, d = tie_positions(actors, tt)
    new = channel_codes(recoded, s, d)
    moved = new != np.asarray(tt["channel"].cat.codes.to_numpy(), dtype=np.int64)
    ids = actors["actor"].astype(object).to_numpy()
    rows: list[dict[str, object]] = []
    for actor, attr, old, value in changes:
        touches = (ids[s] == actor) | (ids[d] == actor)
        rows.append(dict(actor=actor, attribute=attr, before=str(old), after=str(value),
                         n_ties_changed=int((moved & touches).sum())))
    return tt.assign(channel=categorical(new, CHANNELS)), rows


def _hits(tt: pd.DataFrame, items: list[tuple[str, str]]) -> tuple[np.ndarray, list[int]]:
    """The ties removed by ``items`` and how many each removed first."""
    drop = np.zeros(len(tt), dtype=bool)
    counts = []
    for kind, ident in items:
        if kind == "actor":
            hit = ((tt["source"] == ident) | (tt["target"] == ident)).to_numpy()
        elif kind == "commitment":
            hit = ((tt["origin"] == "commitment") & (tt["record"] == ident)).to_numpy()
        else:
            hit = (tt["tie"] == ident).to_numpy()
        counts.append(int((hit & ~drop).sum()))
        drop |= hit
    return drop, counts


def _compare_dependence(dep_before: pd.DataFrame, dep_after: pd.DataFrame) -> pd.DataFrame:
    """Each dyad of either table: kept, changed, lost or new, with its measures before and after."""
    key = ["actor_a", "actor_b"]
    vals = ["salience", "symmetry", "interdependence", "asymmetry"]
    m = dep_before[key + vals + ["channel"]].merge(dep_after[key + vals + ["channel"]], on=key, how="outer",
                                                   suffixes=("_before", "_after"), indicator=True)
    same = np.array(m["channel_before"].astype(object).fillna("") == m["channel_after"].astype(object).fillna(""),
                    dtype=bool)
    for v in vals:
        same &= np.isclose(m[f"{v}_before"].to_numpy(dtype="float64"), m[f"{v}_after"].to_numpy(dtype="float64"),
                           equal_nan=True)
    status = np.select([m["_merge"] == "left_only", m["_merge"] == "right_only", same],
                       ["lost", "new", "kept"], "changed")
    m["status"] = pd.Categorical(status, categories=["kept", "changed", "lost", "new"])
    for w in ("before", "after"):
        m[f"channel_{w}"] = pd.Categorical(m[f"channel_{w}"].astype(object), categories=list(CHANNELS))
    dep = m[key + ["status"] + [f"{v}_{w}" for v in [*vals, "channel"] for w in ("before", "after")]]
    return dep.astype({"actor_a": "str", "actor_b": "str"}).sort_values(key).reset_index(drop=True)


_PROFILE_OPTIONS = ("layers", "multiedges", "issues", "richness", "weighted", "force_sectors", "unattributed")
_DEPENDENCE_OPTIONS = ("basis", "partners", "split", "flows", "unobserved")


def _check_options(options: Mapping[str, object]) -> None:
    unknown = sorted(set(options) - set(_PROFILE_OPTIONS) - set(_DEPENDENCE_OPTIONS))
    if unknown:
        raise ArgumentTypeError(
            f"what_if got an unexpected keyword argument {unknown[0]!r}; its options are "
            f"{', '.join(map(repr, _PROFILE_OPTIONS))} (for profile) and "
            f"{', '.join(map(repr, _DEPENDENCE_OPTIONS))} (for dependence)")


def what_if(
    data: CaseData,
    *,
    remove: str | Iterable[str] = (),
    recode: Mapping[str, Mapping[str, object]] | None = None,
    at: object = None,
    date_rule: DateRule = "end",
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
    **options: Any,
) -> WhatIf:
    """Remove actors, ties or commitments, or code actors otherwise, and see what changes.

    Removing an **actor** removes it and every tie it has (its flows with them,
    so its partners' totals shrink); removing a **commitment** removes its ties;
    removing a **tie** removes that tie alone (other ties of its commitment keep
    their flows). **Recoding** an actor (``recode=``) changes its
    ``governmental`` or ``level`` coding and with it the channel of each of its
    ties (see the module notes): the way to show how far a figure rests on a
    coding the sources do not settle.

    Parameters
    ----------
    data : Case or CaseTables
    remove : str or iterable of str, optional
        Actor ids, commitment ids or tie ids (see :func:`ties`). An id that names
        both an actor and a commitment must be prefixed: ``"actor:x"``,
        ``"commitment:x"`` (``"tie:..."`` is accepted too). Nothing by default.
    recode : mapping, optional
        ``{actor id: {attribute: value}}`` with the attributes of
        :data:`RECODABLE`: ``governmental`` (true or false) and ``level``
        (``"national"``, ``"subnational"``, ``"nonstate"``). Applied after the
        removals, to the "after" side only.
    at, date_rule, undated
        As in :func:`ties`.
    include : "all", str or iterable of str
        The commitment statuses that give ties, before and after (agreed alone by
        default, as in :func:`profile` and :func:`dependence`). Removing a
        commitment that ``include`` leaves out removes no tie.
    **options
        Passed to :func:`profile` (``layers``, ``multiedges``, ``issues``,
        ``richness``, ``weighted``, ``force_sectors``, ``unattributed``);
        ``basis``, ``partners``, ``split``, ``flows`` and ``unobserved`` go to
        :func:`dependence`.

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
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> w = what_if(demo, remove="kisarazu")
    >>> print(w.removed.to_string(index=False))
     kind       id  n_ties_removed
    actor kisarazu               8
    >>> w.figures.set_index("figure").loc["channels_used", ["before", "after"]].tolist()
    [2.0, 1.0]

    Coding a school otherwise moves its ties to another channel:

    >>> w = what_if(demo, recode={"smpn1": {"governmental": True}, "hatazawa": {"governmental": True}})
    >>> print(w.recoded.to_string(index=False))
       actor    attribute before after  n_ties_changed
       smpn1 governmental  False  True               4
    hatazawa governmental  False  True               4
    >>> [p.channel_mix.set_index("channel").loc["transnational", "n_ties"] for p in (w.before, w.after)]
    [np.int64(6), np.int64(1)]
    """
    _check_options(options)
    t = as_tables(data)
    prof_kw: dict[str, Any] = dict(layers=CROSS_BORDER_CHANNELS, multiedges="collapse", issues="ties",
                                   richness="agreed", weighted=False, force_sectors=FORCE_SECTORS,
                                   unattributed="skip")
    prof_kw.update({k: v for k, v in options.items() if k in _PROFILE_OPTIONS})
    opts = profile_options(t, date_rule=date_rule, undated=undated, include=include, **prof_kw)
    basis, partners = options.get("basis", "received"), options.get("partners", "flows")
    choice("basis", basis, ("received", "exchanged"))
    choice("partners", partners, ("flows", "ties"))
    split = flag("split", options.get("split", True))
    flows, unobserved = check_flow_options(options.get("flows", "promised"), options.get("unobserved", "missing"))
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, unattributed=opts["unattributed"],
               include=opts["include"])
    items = _resolve_removals(t, tt, remove)
    actors_after, changes = _recode_actors(t.actors, recode)
    day = at_day(at)
    ft = flow_ties(t, tt, flows=flows, unobserved=unobserved, at=at, date_rule=date_rule)
    before = measure_with(t, tt, day, opts)
    dep_before = dependence_table(t.actors, ft, basis=basis, partners=partners, split=split)

    drop, counts = _hits(tt, items)
    gone_actors = {ident for kind, ident in items if kind == "actor"}
    rows = [dict(kind=kind, id=ident, n_ties_removed=n) for (kind, ident), n in zip(items, counts, strict=True)]
    tt_after = tt[~drop].reset_index(drop=True)
    ft_after = ft[~_hits(ft, items)[0]].reset_index(drop=True)
    tt_after, recoded = _rechannel(t.actors, actors_after, tt_after, changes)
    # the actors table stays whole (tie positions refer to it); removed actors have no tie left
    after = measure_with(t, tt_after, day, opts, hidden=gone_actors, actors=actors_after)
    dep_after = dependence_table(actors_after, ft_after, basis=basis, partners=partners, split=split)

    fb, fa = before.figures(), after.figures()
    figures = pd.DataFrame({"figure": pd.Series(fb.index, dtype="str"), "before": fb.to_numpy(),
                            "after": fa.to_numpy()})
    figures["change"] = figures["after"] - figures["before"]
    dep = _compare_dependence(dep_before, dep_after)
    removed = pd.DataFrame(rows, columns=["kind", "id", "n_ties_removed"]).astype(
        {"kind": "str", "id": "str", "n_ties_removed": "int64"})
    return WhatIf(removed=removed, figures=figures, dependence=dep, before=before, after=after,
                  dependence_before=dep_before, dependence_after=dep_after, recoded=_recoded_frame(recoded))
