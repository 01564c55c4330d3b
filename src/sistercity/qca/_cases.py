"""QCA data built from case files: conditions from what the cases record, outcome from implementation
(private).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
import pandas as pd

from sistercity._args import choice, finite_float, positive_int
from sistercity._args import include as statuses_of
from sistercity.dates import DateRule, parse_at
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.qca._calibrate import calibrate
from sistercity.qca._data import QCAData

if TYPE_CHECKING:
    from sistercity._typing import AtLike
    from sistercity.model import Case

Unit = Literal["commitment", "case"]
OutcomeKind = Literal["implemented", "level"]
Coders = Literal["latest", "median", "min", "max"]

DEFAULT_CONDITIONS: dict[str, tuple[str, ...]] = {
    "commitment": ("obstacle", "challenge", "mitigated", "agreed"),
    "case": ("obstacle", "challenge", "mitigated", "actor_nonstate"),
}
"""The conditions :func:`from_cases` builds when none are named, by unit."""

CONDITIONS: dict[str, str] = {
    "obstacle": "a present obstacle affects the commitment (case: is recorded), identified by at",
    "challenge": "a prospective challenge affects the commitment (case: is recorded), identified by at",
    "obstacle_<category>": "the same for an obstacle of one category of the case's vocabulary",
    "challenge_<category>": "the same for a challenge of one category",
    "mitigated": "a mitigation of such an obstacle or challenge was carried out by at",
    "mitigation_proposed": "a mitigation of such an obstacle or challenge is at least recorded",
    "actor_<level>": "the commitment names an actor of that level (national, subnational, nonstate)",
    "channel_<channel>": "a tie of the commitment (case: any tie) is in that channel (interstate, "
                         "transgovernmental, transnational, domestic)",
    "field_<field>": "the commitment's sector is in that benefit field (case: some commitment's is)",
    "agreed": "the commitment is agreed, not a proposal or a wish (commitments only)",
    "agreement_age": "fuzzy: membership in 'established agreement', its age at at in years calibrated with "
                     "the anchors age (case: its first agreement); needs at",
}
"""The conditions :func:`from_cases` can build, by name (``<...>``: one per value)."""

LEVELS: tuple[str, ...] = ("national", "subnational", "nonstate")
CHANNELS: tuple[str, ...] = ("interstate", "transgovernmental", "transnational", "domestic")
EXCLUDED_COLUMNS: tuple[str, ...] = ("unit", "case", "commitment", "reason")


def _named_cases(cases: object) -> list[tuple[str, Case]]:
    from sistercity.model import Case

    if isinstance(cases, Case):
        items: list[tuple[object, object]] = [(cases.id, cases)]
    elif isinstance(cases, Mapping):
        items = list(cases.items())
    elif isinstance(cases, Iterable) and not isinstance(cases, str | bytes):
        items = [(getattr(c, "id", None), c) for c in cases]
    else:
        raise ArgumentTypeError(f"cases must be Case objects (a list, a mapping name -> Case, or a case set); "
                                f"got {type(cases).__name__}")
    out: list[tuple[str, Case]] = []
    for name, case in items:
        if not isinstance(case, Case):
            raise ArgumentTypeError(f"cases must be sistercity Case objects; got {type(case).__name__}")
        out.append((str(name), case))
    if not out:
        raise ArgumentError("cases is empty: at least one case is needed")
    names = [n for n, _ in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ArgumentError(f"case names must be distinct; repeated: {', '.join(dup)}")
    return out


def _available(case: Case, unit: str) -> list[str]:
    cats = list(case.tables.categories)
    fields = sorted({str(f) for f in case.tables.commitments["field"].cat.categories})
    names = ["obstacle", "challenge", *(f"obstacle_{c}" for c in cats), *(f"challenge_{c}" for c in cats),
             "mitigated", "mitigation_proposed", *(f"actor_{lv}" for lv in LEVELS),
             *(f"channel_{ch}" for ch in CHANNELS), *(f"field_{f}" for f in fields), "agreement_age"]
    return ["agreed", *names] if unit == "commitment" else names


def _years(at: AtLike, starts: pd.Series) -> pd.Series:
    """Years from each start (its last possible day) to the last day of ``at``."""
    when = parse_at(at)
    if when is None:
        raise ArgumentError("the condition agreement_age needs at= (the date the age is read at)")
    end = pd.Timestamp(when.end())
    return (end - pd.to_datetime(starts)).dt.days / 365.25


def _commitment_features(case: Case, at: AtLike, threshold: int, coders: Coders, date_rule: DateRule,
                         age: tuple[float, float, float]) -> pd.DataFrame:
    """One row per commitment (table order): every condition, ``level`` and ``status``."""
    from sistercity import implementation, interdependence, obstacles

    t = case.tables
    com = t.commitments
    ids = com["commitment"].astype(str)
    out = pd.DataFrame(index=pd.Index(ids, name="commitment"))
    st = implementation.status(case, at=at, coders=coders, date_rule=date_rule)
    out["level"] = st.set_index("commitment")["level"].reindex(ids).to_numpy()
    out["status"] = com["status"].astype(str).to_numpy()
    out["agreed"] = (out["status"] == "agreed").astype(float)
    imp = obstacles.obstacle_impacts(case, at=at, threshold=threshold, coders=coders, date_rule=date_rule)
    imp = imp[imp["commitment"].notna()]
    mit = obstacles.mitigation_status(case, at=at, threshold=threshold, coders=coders, date_rule=date_rule)
    done = set(mit.loc[mit["carried_out"], "obstacle"].astype(str))
    proposed = set(mit.loc[mit["state"].astype(str) != "none", "obstacle"].astype(str))
    for kind in ("obstacle", "challenge"):
        rows = imp[imp["kind"].astype(str) == kind]
        out[kind] = ids.isin(set(rows["commitment"].astype(str))).astype(float).to_numpy()
        for cat in t.categories:
            hit = rows.loc[rows["category"].astype(str) == cat, "commitment"].astype(str)
            out[f"{kind}_{cat}"] = ids.isin(set(hit)).astype(float).to_numpy()
    out["mitigated"] = ids.isin(set(imp.loc[imp["obstacle"].astype(str).isin(done), "commitment"].astype(str))) \
        .astype(float).to_numpy()
    out["mitigation_proposed"] = ids.isin(
        set(imp.loc[imp["obstacle"].astype(str).isin(proposed), "commitment"].astype(str))).astype(float).to_numpy()
    ca = t.commitment_actors.merge(t.actors[["actor", "level"]], on="actor", how="left")
    for lv in LEVELS:
        hit = ca.loc[ca["level"].astype(str) == lv, "commitment"].astype(str)
        out[f"actor_{lv}"] = ids.isin(set(hit)).astype(float).to_numpy()
    ch = interdependence.channels(case, at=at, date_rule=date_rule, include="all")
    ch = ch[ch["origin"].astype(str) == "commitment"]
    for name in CHANNELS:
        hit = ch.loc[ch["channel"].astype(str) == name, "record"].astype(str)
        out[f"channel_{name}"] = ids.isin(set(hit)).astype(float).to_numpy()
    for f in com["field"].cat.categories:
        out[f"field_{f}"] = (com["field"].astype(str) == str(f)).astype(float).to_numpy()
    starts = com[["agreement"]].merge(t.agreements[["agreement", "start_last"]], on="agreement", how="left")
    out["_start"] = starts["start_last"].to_numpy()
    if at is not None:
        non, cross, full = age
        out["agreement_age"] = calibrate(_years(at, out["_start"]).to_numpy(), full=full, crossover=cross, non=non)
    return out


def _case_features(case: Case, feats: pd.DataFrame, at: AtLike, threshold: int, coders: Coders,
                   date_rule: DateRule, age: tuple[float, float, float]) -> dict[str, float]:
    """One case's conditions: the commitment conditions, present anywhere in the case."""
    from sistercity import interdependence, obstacles

    t = case.tables
    row: dict[str, float] = {}
    obs = obstacles.obstacle_impacts(case, at=at, threshold=threshold, coders=coders, date_rule=date_rule)
    first = obs.drop_duplicates("obstacle")
    for kind in ("obstacle", "challenge"):
        sel = first[first["kind"].astype(str) == kind]
        row[kind] = float(len(sel) > 0)
        for cat in t.categories:
            row[f"{kind}_{cat}"] = float((sel["category"].astype(str) == cat).any())
    mit = obstacles.mitigation_status(case, at=at, threshold=threshold, coders=coders, date_rule=date_rule)
    row["mitigated"] = float(mit["carried_out"].any())
    row["mitigation_proposed"] = float((mit["state"].astype(str) != "none").any())
    for col in feats.columns:
        if col.startswith(("actor_", "field_")):
            row[col] = float(feats[col].max()) if len(feats) else 0.0
    ch = interdependence.channels(case, at=at, date_rule=date_rule, include="all")
    for name in CHANNELS:
        row[f"channel_{name}"] = float((ch["channel"].astype(str) == name).any())
    if at is not None:
        non, cross, full = age
        starts = t.agreements["start_last"].dropna()
        years = _years(at, pd.Series([starts.min()] if len(starts) else [pd.NaT]))
        row["agreement_age"] = float(calibrate(years.to_numpy(), full=full, crossover=cross, non=non)[0])
    return row


def _wanted(conditions: object, unit: str, named: list[tuple[str, Case]], at: AtLike) -> tuple[str, ...]:
    """The conditions asked for, checked against those the cases can give."""
    if conditions is None:
        return DEFAULT_CONDITIONS[unit]
    if isinstance(conditions, str) or not isinstance(conditions, Sequence) \
            or not all(isinstance(c, str) for c in conditions):
        raise ArgumentTypeError(f"conditions must be a list of condition names; got {conditions!r}")
    wanted = tuple(str(c) for c in conditions)
    known = set(_available(named[0][1], unit)).union(*(_available(c, unit) for _, c in named[1:]))
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ArgumentError(f"unknown condition(s) {', '.join(map(repr, unknown))}; available for unit={unit!r}: "
                            f"{', '.join(sorted(known))}")
    if "agreement_age" in wanted and at is None:
        raise ArgumentError("the condition agreement_age needs at= (the date the age is read at)")
    dup = sorted({c for c in wanted if wanted.count(c) > 1})
    if dup:
        raise ArgumentError(f"conditions must be distinct; repeated: {', '.join(dup)}")
    return wanted


def _outcome(level: pd.Series, kind: str, threshold: int) -> pd.Series:
    lv = level.astype("Float64")
    return (lv >= threshold).astype("Float64") if kind == "implemented" else lv / 3.0


def _age(value: object) -> tuple[float, float, float]:
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise ArgumentTypeError(f"age must be three numbers (non, crossover, full) in years; got {value!r}")
    non, cross, full = (finite_float("age", v) for v in value)
    if not non < cross < full:
        raise ArgumentError(f"age must be increasing: (non, crossover, full) in years; got {value!r}")
    return non, cross, full


def from_cases(
    cases: object,
    *,
    unit: Unit = "commitment",
    conditions: Sequence[str] | None = None,
    outcome: OutcomeKind = "implemented",
    at: AtLike = None,
    threshold: int = 2,
    include: str | Iterable[str] = "all",
    share: float = 0.5,
    age: tuple[float, float, float] = (1.0, 3.0, 5.0),
    coders: Coders = "latest",
    date_rule: DateRule = "end",
) -> QCAData:
    """Membership scores for a QCA, built from what the case files record.

    One row per unit: a commitment (``unit="commitment"``) or a whole case
    (``unit="case"``). The outcome comes from implementation
    (:func:`sistercity.implementation.status` at ``at``); the conditions from the
    records of the case, crisp unless stated, named as in :data:`CONDITIONS`:
    obstacles and challenges (by category), mitigations carried out or proposed, the
    levels of the actors named, the channels of the ties
    (:func:`sistercity.interdependence.channels`), the benefit field, whether the
    commitment was agreed, and the agreement's age (a fuzzy set calibrated with the
    anchors ``age``, from the last day its start date admits: a partial date is not
    given a day). A case (``unit="case"``) has a condition when it records it anywhere.

    The outcome is ``implemented``: 1 when the commitment's level at ``at`` reaches
    ``threshold`` (case: when at least ``share`` of its commitments with data do), or
    ``level``: the four-value fuzzy set 0, 1/3, 2/3, 1 of the PAM levels 0–3 (Ragin
    2008 ch. 2 uses this four-value scheme; case: the mean over its commitments with
    data). **A unit without an observation by** ``at`` **has no outcome**: no data is
    never 0, so it is left out of ``data`` and listed in ``excluded`` with the reason;
    a commitment whose agreement has no start date is excluded when ``agreement_age`` is
    asked for.

    Parameters
    ----------
    cases : Case, list of Case, mapping name -> Case, or a case set
        The cases; units are labelled by commitment id (with one case) or
        ``"<case>:<commitment>"`` (with several); with ``unit="case"``, by case name.
    unit : {"commitment", "case"}, default "commitment"
    conditions : list of str, optional
        Names from :data:`CONDITIONS`, e.g. ``["obstacle_capacity_supply", "agreed"]``.
        Default: ``DEFAULT_CONDITIONS[unit]``.
    outcome : {"implemented", "level"}, default "implemented"
    at : date, str or int, optional
        The date of the levels, obstacles and mitigations (a partial date means its last
        day); ``None``: every observation.
    threshold : int, default 2
        The level from which a commitment is implemented (2, intermediate).
    include : "all" or statuses, default "all"
        Which commitments are units (``"agreed"``, ``"proposed"``, ``"wish"``). Unlike the
        rates of :mod:`sistercity.implementation`, every commitment counts by default:
        whether it was agreed is a condition (``agreed``) here, not a filter.
    share : float, default 0.5
        ``unit="case"``, ``outcome="implemented"``: the share of commitments with data
        that must be implemented.
    age : (float, float, float), default (1, 3, 5)
        The anchors of ``agreement_age``: full non-membership, crossover and full
        membership, in years.
    coders, date_rule
        As in :func:`sistercity.implementation.status`.

    Returns
    -------
    QCAData
        ``data`` (one column per condition, then ``implemented`` or ``level``),
        ``outcome``, ``conditions``, ``unit`` and ``excluded``.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``cases`` holds something other than Case objects.
    sistercity.ArgumentError
        For an unknown condition (the message lists the available ones), a bad option,
        ``agreement_age`` without ``at``, or no unit left with an outcome.

    Examples
    --------
    >>> import sistercity
    >>> from sistercity import qca
    >>> d = qca.from_cases(sistercity.datasets.load("bogor-kisarazu"), at="2018")
    >>> d.data.loc[["student-exchange", "blueberry", "health-workers"]]
                      obstacle  challenge  mitigated  agreed  implemented
    commitment
    student-exchange       0.0        0.0        0.0     1.0          1.0
    blueberry              1.0        0.0        0.0     1.0          0.0
    health-workers         1.0        1.0        0.0     1.0          0.0
    >>> print(d.excluded[["commitment", "reason"]].to_string(index=False))
                commitment                reason
              website-link no observation by 2018
    spatial-planning-study no observation by 2018
    """
    u = choice("unit", unit, ("commitment", "case"))
    kind = choice("outcome", outcome, ("implemented", "level"))
    th = positive_int("threshold", threshold, minimum=0, maximum=3)
    statuses = statuses_of(include)
    ratio = finite_float("share", share, minimum=0.0)
    if not 0 < ratio <= 1:
        raise ArgumentError(f"share must lie in (0, 1]; got {share!r}")
    anchors = _age(age)
    rule: DateRule = "start" if choice("date_rule", date_rule, ("end", "start")) == "start" else "end"
    who = cast(Coders, choice("coders", coders, ("latest", "median", "min", "max")))
    parse_at(at)
    named = _named_cases(cases)
    wanted = _wanted(conditions, u, named, at)
    target = "implemented" if kind == "implemented" else "level"
    rows, excluded = _units(named, u, wanted, kind, target, at, th, statuses, ratio, anchors, who, rule)
    if not rows:
        raise ArgumentError(f"no unit has an outcome (all {len(excluded)} lack data by at={at!r})")
    data = pd.DataFrame([r for _, r in rows], index=pd.Index([n for n, _ in rows], name=u),
                        columns=[*wanted, target]).astype(float)
    return QCAData(data=data, outcome=target, conditions=wanted, unit=u,
                   excluded=pd.DataFrame(excluded, columns=list(EXCLUDED_COLUMNS)))


def _units(named: list[tuple[str, Case]], unit: str, wanted: tuple[str, ...], kind: str, target: str,
           at: AtLike, threshold: int, statuses: tuple[str, ...], share: float, age: tuple[float, float, float],
           coders: Coders, date_rule: DateRule) -> tuple[list[tuple[str, dict[str, float]]], list[dict[str, object]]]:
    rows: list[tuple[str, dict[str, float]]] = []
    excluded: list[dict[str, object]] = []
    when = "" if at is None else f" by {at}"
    for name, case in named:
        feats = _commitment_features(case, at, threshold, coders, date_rule, age)
        feats = feats[feats["status"].isin(statuses)]
        if unit == "commitment":
            for cid, f in feats.iterrows():
                label = str(cid) if len(named) == 1 else f"{name}:{cid}"
                reason = ""
                if pd.isna(f["level"]):
                    reason = f"no observation{when}"
                elif "agreement_age" in wanted and pd.isna(f.get("agreement_age", np.nan)):
                    reason = "the agreement has no start date (agreement_age)"
                if reason:
                    excluded.append({"unit": label, "case": name, "commitment": str(cid), "reason": reason})
                    continue
                y = _outcome(pd.Series([f["level"]]), kind, threshold).iloc[0]
                rows.append((label, {**{c: float(f[c]) for c in wanted}, target: float(y)}))
            continue
        observed = feats[feats["level"].notna()]
        if observed.empty:
            excluded.append({"unit": name, "case": name, "commitment": None,
                             "reason": f"no commitment observed{when}"})
            continue
        scores = _outcome(observed["level"], kind, threshold)
        y = float((scores.mean() >= share) if kind == "implemented" else scores.mean())
        row = _case_features(case, feats, at, threshold, coders, date_rule, age)
        if "agreement_age" in wanted and np.isnan(row.get("agreement_age", np.nan)):
            excluded.append({"unit": name, "case": name, "commitment": None,
                             "reason": "no agreement start date (agreement_age)"})
            continue
        rows.append((name, {**{c: float(row[c]) for c in wanted}, target: y}))
    return rows, excluded
