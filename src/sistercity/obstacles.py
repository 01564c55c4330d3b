"""What held commitments back: obstacles, the commitments they affect, and their mitigations.

An :class:`~sistercity.Obstacle` is either a present barrier (``kind="obstacle"``,
*hambatan*) or a prospective risk (``kind="challenge"``, *tantangan*). It has a
category (geographic/climatic, capacity/supply, ..., or *unspecified* when the
source names obstacles without saying what they are), the commitments it affects,
and mitigations; a :class:`~sistercity.Mitigation` may name the commitment that
carries it out, whose implementation level says whether the mitigation happened.

Every function takes a :class:`~sistercity.Case` or :class:`~sistercity.CaseTables`
first, options keyword-only, and returns a DataFrame with the fixed columns listed
in :data:`COLUMNS`; rows carry the ``source`` and ``locator`` of their first evidence,
so each can be traced to the text it rests on.

The rules
---------
Blocked
    A commitment is *blocked* at ``at`` when an obstacle (not a challenge) affects it
    and its implementation level at ``at`` is known and below ``threshold``
    (default 2, intermediate, as in :func:`sistercity.implementation.sector_coverage`).
    A commitment with no data is not called blocked: no data is never level 0.
    Levels follow :func:`sistercity.implementation.status` (the same ``at``,
    ``coders`` and ``date_rule``).
Mitigation carried out
    A mitigation is *carried out* when the commitment that carries it out has reached
    ``threshold`` at ``at``; ``not_carried_out`` when that commitment has data below
    it; ``no_data`` when it has none; ``proposed`` when no commitment carries it out
    (only the proposal is recorded).
Dates
    With ``at`` given, obstacles identified after ``at`` and mitigations proposed after
    it are left out (their partial dates made a day by ``date_rule``); undated ones
    always count.

A bad option value raises :class:`~sistercity.ArgumentError` (a :class:`ValueError`)
naming the option, what it accepts and what it got; a first argument that is neither
a ``Case`` nor a ``CaseTables``, or an option of the wrong type, raises
:class:`~sistercity.ArgumentTypeError` (a :class:`TypeError`); tables whose links name
unknown records raise :class:`~sistercity.CaseValidationError`.

References
----------
Joshi, M., Quinn, J. M. & Regan, P. M. (2015). Annualized implementation data on
comprehensive intrastate peace accords, 1989–2012. *Journal of Peace Research*
52(4), 551–562 (the 0-3 implementation scale behind "blocked").
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity import _kernel
from sistercity._frames import DATE_EXPECTED, parse_dates, problem
from sistercity._kernel import AggregateCoders, ThresholdLike
from sistercity._typing import AtLike, CaseData, DateRule
from sistercity.exceptions import CaseValidationError, Problem
from sistercity.model import ImplementationLevel
from sistercity.tables import CaseTables, as_tables

__all__ = [
    "COLUMNS",
    "MITIGATION_STATES",
    "blocked",
    "mitigation_status",
    "obstacle_counts",
    "obstacle_impacts",
]

MITIGATION_STATES: tuple[str, ...] = ("none", "proposed", "not_carried_out", "no_data", "carried_out")
"""Categories of :func:`mitigation_status`'s ``state`` column, in order."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "obstacle_impacts": ("obstacle", "kind", "category", "title", "severity", "identified", "commitment",
                         "agreement", "sector", "level", "blocked", "n_mitigations", "mitigated", "source",
                         "locator"),
    "blocked": ("commitment", "agreement", "sector", "level", "date", "obstacle", "category", "title",
                "mitigated", "source", "locator"),
    "obstacle_counts": ("kind", "category", "sector", "n_obstacles", "n_commitments", "n_blocked"),
    "mitigation_status": ("obstacle", "kind", "category", "mitigation", "description", "commitment", "proposed",
                          "level", "state", "carried_out", "source", "locator"),
}
"""The fixed output columns of every function, by function name."""

Kind = Literal["obstacle", "challenge"] | None
"""``kind``: only present barriers, only prospective risks, or both (``None``)."""


def _after(values: pd.Series, rule: DateRule, at: int | None, table: str, col: str) -> npt.NDArray[np.bool_]:
    """Rows whose partial date (made a day by ``rule``) falls after ``at``; undated rows never do."""
    if at is None or not len(values):
        return np.zeros(len(values), np.bool_)
    first, last, _, bad = parse_dates(values)
    if bad.any():
        raise CaseValidationError([problem(table, col, bad, DATE_EXPECTED, values)])
    day = (last if rule == "end" else first).to_numpy().astype("datetime64[D]")
    return np.asarray(~np.isnat(day) & (day.astype(np.int64) > at))


def _link_positions(t: CaseTables, table: str, column: str, target: str, *, required: bool = True,
                    ) -> npt.NDArray[np.intp]:
    """Positions in ``target`` of ``table[column]``; -1 only for a missing optional value."""
    pos = t._positions(table, column, target).astype(np.intp)
    values = getattr(t, table)[column]
    given = values.notna().to_numpy()
    bad = np.flatnonzero((pos < 0) & (given | required))
    if len(bad):
        i = int(bad[0])
        raise CaseValidationError([Problem(
            f"{len(bad)} row(s) name no {column} or one that {target} does not have; the first is "
            f"{values.iloc[i]!r}", path=f"{table}[{i}].{column}")])
    return pos


class _Context:
    """What every obstacle function needs: levels at ``at`` and the records that count at ``at``."""

    def __init__(self, data: object, at: AtLike, threshold: object, coders: object, date_rule: object) -> None:
        t = as_tables(data)
        self.t = t
        self.rule = _kernel.date_rule(date_rule)
        self.theta = _kernel.threshold(threshold)
        rule_coders = _kernel.coder_rule(coders, each=False)
        self.at = _kernel.at_day(at)
        s = _kernel.core(t, at=self.at, rule=self.rule, coders=rule_coders, counts=False)
        self.level = s.level  # by commitment position
        self.status_obs = s.obs
        obstacles = t.obstacles
        self.obstacle_in = ~_after(obstacles["identified"], self.rule, self.at, "obstacles", "identified")
        # mitigations counting at ``at``
        mit = t.mitigations
        self.mit_obstacle = _link_positions(t, "mitigations", "obstacle", "obstacles")
        self.mit_commitment = _link_positions(t, "mitigations", "commitment", "commitments", required=False)
        keep = ~_after(mit["proposed"], self.rule, self.at, "mitigations", "proposed")
        keep &= self.obstacle_in[self.mit_obstacle]
        self.mit_rows = np.flatnonzero(keep).astype(np.intp)
        com = self.mit_commitment[self.mit_rows]
        lev = _kernel.pick(self.level, com, -1)
        self.mit_level = lev.astype(np.int8)
        self.mit_state = np.where(
            com < 0, 1, np.where(lev < 0, 3, np.where(lev >= self.theta, 4, 2))).astype(np.int64)
        n_obst = len(obstacles)
        self.n_mitigations = np.bincount(self.mit_obstacle[self.mit_rows], minlength=n_obst).astype(np.int64)
        done = self.mit_rows[self.mit_state == 4]
        self.mitigated = np.bincount(self.mit_obstacle[done], minlength=n_obst) > 0

    def links(self, kind: str | None) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """(obstacle position, commitment position or -1) of each obstacle-commitment row.

        One row per link, in obstacle order then link order, plus one row with no
        commitment for an obstacle that affects none; only obstacles counting at
        ``at`` and of ``kind``.
        """
        t = self.t
        link_ob = _link_positions(t, "obstacle_links", "obstacle", "obstacles")
        link_com = _link_positions(t, "obstacle_links", "commitment", "commitments")
        n_obst = len(t.obstacles)
        has_link = np.bincount(link_ob, minlength=n_obst) > 0
        lonely = np.flatnonzero(~has_link).astype(np.intp)
        ob = np.concatenate([link_ob, lonely])
        com = np.concatenate([link_com, np.full(len(lonely), -1, np.intp)])
        seq = np.concatenate([np.arange(len(link_ob)), np.zeros(len(lonely), np.int64)])
        order = np.lexsort((seq, ob))
        ob, com = ob[order], com[order]
        keep = self.obstacle_in[ob]
        if kind is not None:
            keep &= (t.obstacles["kind"].astype(object) == kind).to_numpy()[ob]
        return ob[keep], com[keep]

    def com_level(self, com: npt.NDArray[np.intp]) -> npt.NDArray[np.int8]:
        return _kernel.pick(self.level, com, -1).astype(np.int8)

    def is_obstacle(self, ob: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
        return np.asarray((self.t.obstacles["kind"].astype(object) == "obstacle").to_numpy(dtype=bool)[ob])


def _frame(columns: dict[str, object], name: str) -> pd.DataFrame:
    return _kernel.frame(columns, COLUMNS[name])


def _obstacle_evidence(t: CaseTables, ob: npt.NDArray[np.intp]) -> tuple[object, object]:
    rows, pos = _kernel.evidence_rows(t, "obstacle", t.obstacles["obstacle"])
    p = pos[ob] if len(ob) else np.zeros(0, np.intp)
    return _kernel.take_str(rows["source"], p), _kernel.take_str(rows["locator"], p)


def obstacle_impacts(
    data: CaseData,
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    kind: Kind = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
) -> pd.DataFrame:
    """Obstacles × the commitments they affect, with sector, category, level and whether blocked.

    Definition: one row per pair (obstacle :math:`o`, commitment :math:`c` it
    affects). :math:`c` is *blocked* by :math:`o` when :math:`o` is an obstacle (a
    present barrier) and :math:`\\ell_c(t) < \\theta` with :math:`\\ell_c(t)` known
    (the level of :func:`sistercity.implementation.status` at ``at``; scale 0-3,
    Joshi, Quinn & Regan 2015). An obstacle is *mitigated* when at least one of its
    mitigations was carried out (see :func:`mitigation_status`).

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        The date of the levels (a partial date means its last day); obstacles
        identified after it are left out. ``None``: every observation and obstacle.
    threshold : int, str or ImplementationLevel, default 2
        The level from which a commitment is no longer blocked.
    kind : {None, "obstacle", "challenge"}, default None
        Keep only present barriers or only prospective risks (default: both).
    coders : {"latest", "median", "min", "max"}, default "latest"
        As in :func:`sistercity.implementation.status`.
    date_rule : {"end", "start"}, default "end"

    Returns
    -------
    pandas.DataFrame
        Ordered by obstacle (table order) and affected commitment (as listed); an
        obstacle that affects no commitment has one row with no commitment.
        Columns ``COLUMNS["obstacle_impacts"]``: ``obstacle`` (str), ``kind``,
        ``category`` (categorical), ``title`` (str), ``severity`` (categorical),
        ``identified`` (str), ``commitment``, ``agreement`` (str), ``sector``
        (categorical), ``level`` (Int8), ``blocked`` (bool), ``n_mitigations``
        (int64), ``mitigated`` (bool), ``source``, ``locator`` (str: the
        obstacle's first evidence).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.obstacles import obstacle_impacts
    >>> imp = obstacle_impacts(datasets.load("bogor-kisarazu"), at="2018")
    >>> imp[["obstacle", "kind", "commitment", "blocked"]]
                         obstacle       kind      commitment  blocked
    0           blueberry-climate   obstacle       blueberry     True
    1                  eel-supply   obstacle             eel     True
    2  health-workers-unspecified   obstacle  health-workers     True
    3              nurse-language  challenge  health-workers    False
    >>> imp["category"].tolist()
    ['geographic_climatic', 'capacity_supply', 'unspecified', 'cultural_linguistic']
    """
    wanted = _kernel.obstacle_kind(kind)
    ctx = _Context(data, at, threshold, coders, date_rule)
    t = ctx.t
    ob, com = ctx.links(wanted)
    level = ctx.com_level(com)
    blocked_ = ctx.is_obstacle(ob) & (level >= 0) & (level < ctx.theta)
    obstacles, coms = t.obstacles, t.commitments
    source, locator = _obstacle_evidence(t, ob)
    return _frame({
        "obstacle": obstacles["obstacle"].array.take(ob),
        "kind": obstacles["kind"].array.take(ob),
        "category": obstacles["category"].array.take(ob),
        "title": obstacles["title"].array.take(ob),
        "severity": obstacles["severity"].array.take(ob),
        "identified": obstacles["identified"].array.take(ob),
        "commitment": _kernel.take_str(coms["commitment"], com),
        "agreement": _kernel.take_str(coms["agreement"], com),
        "sector": coms["sector"].array.take(com, allow_fill=True),
        "level": _kernel.int8(level),
        "blocked": blocked_,
        "n_mitigations": ctx.n_mitigations[ob],
        "mitigated": ctx.mitigated[ob],
        "source": source,
        "locator": locator,
    }, "obstacle_impacts")


def blocked(
    data: CaseData,
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
) -> pd.DataFrame:
    """Blocked commitments: below ``threshold`` and affected by an obstacle, with each obstacle.

    Definition: commitment :math:`c` is blocked at :math:`t` when its level
    :math:`\\ell_c(t)` is known and below :math:`\\theta` and at least one obstacle
    of kind ``obstacle`` (a present barrier, not a challenge) affects it. Scale:
    the PAM levels 0-3 (Joshi, Quinn & Regan 2015).

    Parameters
    ----------
    data : Case or CaseTables
    at, threshold, coders, date_rule
        As in :func:`obstacle_impacts`.

    Returns
    -------
    pandas.DataFrame
        One row per blocked commitment and obstacle blocking it, ordered by
        commitment (table order) and obstacle (table order); columns
        ``COLUMNS["blocked"]``: ``commitment``, ``agreement`` (str), ``sector``
        (categorical), ``level`` (Int8), ``date`` (str: the partial date of the
        observation the level rests on), ``obstacle`` (str), ``category``
        (categorical), ``title`` (str), ``mitigated`` (bool), ``source``,
        ``locator`` (str: the obstacle's first evidence).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.obstacles import blocked
    >>> b = blocked(datasets.load("bogor-kisarazu"), at="2018")
    >>> b[["commitment", "sector", "level", "category"]]
           commitment       sector  level             category
    0       blueberry  agriculture      0  geographic_climatic
    1             eel  agriculture      0      capacity_supply
    2  health-workers       health      0          unspecified
    """
    ctx = _Context(data, at, threshold, coders, date_rule)
    t = ctx.t
    ob, com = ctx.links("obstacle")
    level = ctx.com_level(com)
    keep = (com >= 0) & (level >= 0) & (level < ctx.theta)
    ob, com, level = ob[keep], com[keep], level[keep]
    order = np.lexsort((ob, com))
    ob, com, level = ob[order], com[order], level[order]
    obstacles, coms = t.obstacles, t.commitments
    source, locator = _obstacle_evidence(t, ob)
    return _frame({
        "commitment": coms["commitment"].array.take(com),
        "agreement": coms["agreement"].array.take(com),
        "sector": coms["sector"].array.take(com),
        "level": _kernel.int8(level),
        "date": _kernel.take_str(t.observations["date"], ctx.status_obs[com]),
        "obstacle": obstacles["obstacle"].array.take(ob),
        "category": obstacles["category"].array.take(ob),
        "title": obstacles["title"].array.take(ob),
        "mitigated": ctx.mitigated[ob],
        "source": source,
        "locator": locator,
    }, "blocked")


def obstacle_counts(
    data: CaseData,
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    kind: Kind = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
) -> pd.DataFrame:
    """Obstacles and challenges counted by kind, category and sector of the commitments affected.

    Definitions: for each kind :math:`k`, category :math:`g` and sector :math:`s`,
    ``n_obstacles`` = number of distinct obstacles of :math:`k` and :math:`g` that
    affect at least one commitment in :math:`s`; ``n_commitments`` = number of
    distinct commitments in :math:`s` they affect; ``n_blocked`` = how many of those
    are blocked (see :func:`blocked`; always 0 for challenges). An obstacle affecting
    commitments in two sectors counts in both; one affecting no commitment counts in
    a row with no sector. Counts, not rates.

    Parameters
    ----------
    data : Case or CaseTables
    at, threshold, kind, coders, date_rule
        As in :func:`obstacle_impacts`.

    Returns
    -------
    pandas.DataFrame
        One row per combination that occurs, ordered by kind (obstacle, challenge),
        category and sector (vocabulary order; no sector last); columns
        ``COLUMNS["obstacle_counts"]``: ``kind``, ``category``, ``sector``
        (categorical), ``n_obstacles``, ``n_commitments``, ``n_blocked`` (int64).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.obstacles import obstacle_counts
    >>> counts = obstacle_counts(datasets.load("bogor-kisarazu"), at="2018")
    >>> counts[["kind", "category", "sector", "n_obstacles", "n_blocked"]]
            kind             category       sector  n_obstacles  n_blocked
    0   obstacle  geographic_climatic  agriculture            1          1
    1   obstacle      capacity_supply  agriculture            1          1
    2   obstacle          unspecified       health            1          1
    3  challenge  cultural_linguistic       health            1          0
    """
    wanted = _kernel.obstacle_kind(kind)
    ctx = _Context(data, at, threshold, coders, date_rule)
    t = ctx.t
    ob, com = ctx.links(wanted)
    level = ctx.com_level(com)
    is_block = ctx.is_obstacle(ob) & (com >= 0) & (level >= 0) & (level < ctx.theta)
    obstacles, coms = t.obstacles, t.commitments
    kind_codes = obstacles["kind"].cat.codes.to_numpy().astype(np.int64)[ob]
    cat_codes = obstacles["category"].cat.codes.to_numpy().astype(np.int64)[ob]
    sectors = coms["sector"].cat.categories
    sec_codes = _kernel.pick(coms["sector"].cat.codes.to_numpy().astype(np.int64), com, len(sectors))  # none: last
    n_cat = len(obstacles["category"].cat.categories)
    n_sec = len(sectors) + 1
    cell = (kind_codes * n_cat + cat_codes) * n_sec + sec_codes
    cells, inverse = np.unique(cell, return_inverse=True)
    n = len(cells)
    # distinct obstacles and commitments per cell
    pair_ob = np.unique(inverse.astype(np.int64) * (len(obstacles) + 1) + ob)
    n_obst = np.bincount(pair_ob // (len(obstacles) + 1), minlength=n).astype(np.int64)
    with_com = com >= 0
    pair_com = np.unique(inverse[with_com].astype(np.int64) * (len(coms) + 1) + com[with_com])
    n_com = np.bincount(pair_com // (len(coms) + 1), minlength=n).astype(np.int64)
    pair_blk = np.unique(inverse[is_block].astype(np.int64) * (len(coms) + 1) + com[is_block])
    n_blk = np.bincount(pair_blk // (len(coms) + 1), minlength=n).astype(np.int64)
    sec = cells % n_sec
    kc = cells // n_sec
    return _frame({
        "kind": _kernel.from_codes(kc // n_cat, obstacles["kind"].cat.categories),
        "category": _kernel.from_codes(kc % n_cat, obstacles["category"].cat.categories),
        "sector": _kernel.from_codes(np.where(sec < len(sectors), sec, -1), sectors),
        "n_obstacles": n_obst,
        "n_commitments": n_com,
        "n_blocked": n_blk,
    }, "obstacle_counts")


def mitigation_status(
    data: CaseData,
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    kind: Kind = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
) -> pd.DataFrame:
    """Each obstacle's mitigations and whether they were carried out; obstacles with none.

    Definition: a mitigation is ``carried_out`` at :math:`t` when the commitment
    that carries it out has level :math:`\\ell_c(t) \\ge \\theta`; ``not_carried_out``
    when :math:`\\ell_c(t) < \\theta`; ``no_data`` when that commitment has no
    observation by :math:`t`; ``proposed`` when no commitment carries it out (only
    the proposal is recorded); an obstacle with no mitigation has one row in state
    ``none``. Scale of :math:`\\ell`: PAM levels 0-3 (Joshi, Quinn & Regan 2015).

    Parameters
    ----------
    data : Case or CaseTables
    at, threshold, kind, coders, date_rule
        As in :func:`obstacle_impacts`; mitigations proposed after ``at`` are left out.

    Returns
    -------
    pandas.DataFrame
        Ordered by obstacle (table order) and mitigation; columns
        ``COLUMNS["mitigation_status"]``: ``obstacle`` (str), ``kind``, ``category``
        (categorical), ``mitigation`` (Int64: its number within the obstacle),
        ``description``, ``commitment`` (the commitment carrying it out),
        ``proposed`` (str), ``level`` (Int8: that commitment's level), ``state``
        (categorical, :data:`MITIGATION_STATES`), ``carried_out`` (bool),
        ``source``, ``locator`` (str: the mitigation's first evidence).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.obstacles import mitigation_status
    >>> m = mitigation_status(datasets.load("bogor-kisarazu"), at="2018")
    >>> m[["obstacle", "commitment", "level", "state"]]
                         obstacle         commitment  level            state
    0           blueberry-climate  farmer-internship      0  not_carried_out
    1                  eel-supply                NaN   <NA>             none
    2  health-workers-unspecified                NaN   <NA>             none
    3              nurse-language                NaN   <NA>         proposed
    """
    wanted = _kernel.obstacle_kind(kind)
    ctx = _Context(data, at, threshold, coders, date_rule)
    t = ctx.t
    obstacles, mit = t.obstacles, t.mitigations
    n_obst = len(obstacles)
    rows = ctx.mit_rows
    ob_m = ctx.mit_obstacle[rows]
    lonely = np.flatnonzero(ctx.obstacle_in & (ctx.n_mitigations == 0)).astype(np.intp)
    ob = np.concatenate([ob_m, lonely])
    mrow = np.concatenate([rows, np.full(len(lonely), -1, np.intp)])
    state = np.concatenate([ctx.mit_state, np.zeros(len(lonely), np.int64)])
    level = np.concatenate([ctx.mit_level, np.full(len(lonely), -1, np.int8)])
    number = mit["mitigation"].to_numpy(dtype=np.int64)
    seq = _kernel.pick(number, mrow, -1)
    order = np.lexsort((seq, ob))
    ob, mrow, state, level = ob[order], mrow[order], state[order], level[order]
    if wanted is not None:
        keep = (obstacles["kind"].astype(object) == wanted).to_numpy(dtype=bool)[ob] if n_obst else ob >= 0
        ob, mrow, state, level = ob[keep], mrow[keep], state[keep], level[keep]
    has = mrow >= 0
    com = _kernel.pick(ctx.mit_commitment, mrow, -1).astype(np.intp)
    ids = mit["obstacle"].astype("str") + "/" + mit["mitigation"].astype("str")
    ev_rows, ev_pos = _kernel.evidence_rows(t, "mitigation", ids)
    pos = _kernel.pick(ev_pos, mrow, -1).astype(np.intp)
    numbers = _kernel.pick(number, mrow, 0)
    return _frame({
        "obstacle": obstacles["obstacle"].array.take(ob),
        "kind": obstacles["kind"].array.take(ob),
        "category": obstacles["category"].array.take(ob),
        "mitigation": pd.arrays.IntegerArray(numbers.astype(np.int64), ~has),
        "description": _kernel.take_str(mit["description"], mrow),
        "commitment": _kernel.take_str(t.commitments["commitment"], com),
        "proposed": _kernel.take_str(mit["proposed"], mrow),
        "level": _kernel.int8(level),
        "state": _kernel.from_codes(state, MITIGATION_STATES),
        "carried_out": state == 4,
        "source": _kernel.take_str(ev_rows["source"], pos),
        "locator": _kernel.take_str(ev_rows["locator"], pos),
    }, "mitigation_status")
