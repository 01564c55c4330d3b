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
from sistercity.interdependence._arrays import at_day
from sistercity.interdependence._dependence import dependence_table
from sistercity.interdependence._profile import Profile, frame_html, measure_with, profile_options
from sistercity.interdependence._ties import tie_table
from sistercity.interdependence._vocab import CROSS_BORDER_CHANNELS, FORCE_SECTORS
from sistercity.tables import CaseTables, as_tables


@dataclass(frozen=True, eq=False)
class WhatIf:
    """What changes when actors, ties or commitments are removed (see :func:`what_if`).

    Attributes
    ----------
    removed : DataFrame
        ``kind, id, n_ties_removed``: what was removed and how many ties went with it.
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

    def _repr_html_(self) -> str:
        return ("<div class='sistercity-whatif'>"
                f"<h3>{html.escape('What if: removed')}</h3>{frame_html(self.removed)}"
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


def _compare_dependence(dep_before: pd.DataFrame, dep_after: pd.DataFrame) -> pd.DataFrame:
    """Each dyad of either table: kept, changed, lost or new, with its measures before and after."""
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
    return dep.astype({"actor_a": "str", "actor_b": "str"}).sort_values(key).reset_index(drop=True)


_PROFILE_OPTIONS = ("layers", "multiedges", "issues", "richness", "weighted", "force_sectors", "unattributed")
_DEPENDENCE_OPTIONS = ("basis", "partners", "split")


def what_if(
    data: CaseData,
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
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> w = what_if(demo, remove="kisarazu")
    >>> print(w.removed.to_string(index=False))
     kind       id  n_ties_removed
    actor kisarazu               8
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
    opts = profile_options(t, date_rule=date_rule, undated=undated, include=include, **prof_kw)
    basis, partners = options.get("basis", "received"), options.get("partners", "flows")
    choice("basis", basis, ("received", "exchanged"))
    choice("partners", partners, ("flows", "ties"))
    split = flag("split", options.get("split", True))
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, unattributed=opts["unattributed"],
               include=opts["include"])
    items = _resolve_removals(t, tt, remove)
    day = at_day(at)
    before = measure_with(t, tt, day, opts)
    dep_before = dependence_table(t.actors, tt, basis=basis, partners=partners, split=split)

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
        rows.append(dict(kind=kind, id=ident, n_ties_removed=int((hit & ~drop).sum())))
        drop |= hit
    tt_after = tt[~drop].reset_index(drop=True)
    # the actors table stays whole (tie positions refer to it); removed actors have no tie left
    after = measure_with(t, tt_after, day, opts, hidden=gone_actors)
    dep_after = dependence_table(t.actors, tt_after, basis=basis, partners=partners, split=split)

    fb, fa = before.figures(), after.figures()
    figures = pd.DataFrame({"figure": pd.Series(fb.index, dtype="str"), "before": fb.to_numpy(),
                            "after": fa.to_numpy()})
    figures["change"] = figures["after"] - figures["before"]
    dep = _compare_dependence(dep_before, dep_after)
    removed = pd.DataFrame(rows, columns=["kind", "id", "n_ties_removed"]).astype(
        {"kind": "str", "id": "str", "n_ties_removed": "int64"})
    return WhatIf(removed=removed, figures=figures, dependence=dep, before=before, after=after,
                  dependence_before=dep_before, dependence_after=dep_after)
