"""The figures of a cross-case comparison: one row per case and point in time, and the sector matrix (private)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sistercity import implementation
from sistercity._args import choice
from sistercity._typing import DateRule
from sistercity.cases._agetime import Anchor, age_day, age_months, points, signing, years_between
from sistercity.dates import parse_at
from sistercity.exceptions import ArgumentError
from sistercity.model import Case

__all__ = ["COMPARE_COLUMNS", "MATRIX_COLUMNS", "MATRIX_STATES", "compare_cases", "sector_matrix"]

_FIGURES = tuple(c for c in implementation.COLUMNS["compare"] if c != "case")
_FLOATS = ("mean_level", "rate", "observed_share", "rate_pam", "coverage")

COMPARE_COLUMNS: tuple[str, ...] = ("case", "title", "age_years", "at", "agreement", "signed", *_FIGURES,
                                    "sector_observed_share")
"""Columns of :meth:`CaseSet.compare`."""

MATRIX_STATES: tuple[str, ...] = ("implemented", "below_threshold", "no_data", "gap", "not_agreed")
"""States of a cell of :meth:`CaseSet.sector_matrix`: the first four as in
:data:`sistercity.implementation.COVERAGE`, in order of precedence, and ``not_agreed``."""

MATRIX_COLUMNS: tuple[str, ...] = ("case", "title", "sector", "label", "field", "agreed", "n_commitments",
                                   "n_observed", "state")
"""Columns of :meth:`CaseSet.sector_matrix`."""

Point = tuple[str, float, _dt.date | None, bool]
"""A case and point in time: its label, the agreement's age (years), the day read at, whether it is known."""


def when(cases: Sequence[tuple[str, Case]], *, at: object, age: object, anchor: Anchor,
         date_rule: DateRule) -> tuple[list[Point], pd.DataFrame]:
    """Each case at each point asked for, point by point; and the signing table the ages count from.

    ``at=None`` and ``age=None`` together stand for "every observation" (a known point
    with no day), as ``at=None`` does in :mod:`sistercity.implementation`.
    """
    if at is not None and age is not None:
        raise ArgumentError("give at= (calendar dates) or age= (years after signing), not both")
    rule = choice("date_rule", date_rule, ("end", "start"))
    sign = signing(cases, anchor)
    base: dict[str, tuple[pd.Timestamp, pd.Timestamp, str] | None] = {}
    for label, first, last, precision in zip(sign["case"].astype(str), sign["signed_first"], sign["signed_last"],
                                             sign["precision"].astype(object), strict=True):
        known = isinstance(first, pd.Timestamp) and isinstance(last, pd.Timestamp)
        base[label] = (first, last, str(precision)) if known else None
    out: list[Point] = []
    if age is not None:
        for value in points("age", age):
            months = age_months(value)
            for label, _ in cases:
                b = base[label]
                day = None if b is None else age_day(b[0], b[1], b[2], months, rule)
                out.append((label, months / 12, day, day is not None))
        return out, sign
    for value in points("at", at):
        parsed = parse_at(value)
        day = None if parsed is None else parsed.end()
        for label, _ in cases:
            b = base[label]
            start = None if b is None else (b[1] if rule == "end" else b[0]).date()
            out.append((label, years_between(start, day), day, True))
    return out, sign


def compare_cases(cases: Sequence[tuple[str, Case]], titles: Mapping[str, str], *, at: object, age: object,
                  anchor: Anchor, date_rule: DateRule, **options: Any) -> pd.DataFrame:
    """:meth:`CaseSet.compare`: :func:`implementation.compare` of each case at each point."""
    pts, sign = when(cases, at=at, age=age, anchor=anchor, date_rule=date_rule)
    by_label = dict(cases)
    groups: dict[_dt.date | None, list[str]] = {}
    for label, _, day, known in pts:
        if known and label not in groups.setdefault(day, []):
            groups[day].append(label)
    results: dict[tuple[str, _dt.date | None], dict[Any, Any]] = {}
    for day, labels in groups.items():
        frame = implementation.compare({lb: by_label[lb] for lb in labels}, at=day, date_rule=date_rule, **options)
        for lb, record in zip(labels, frame.to_dict("records"), strict=True):
            results[(lb, day)] = record
    agreement = dict(zip(sign["case"].astype(str), sign["agreement"], strict=True))
    signed = dict(zip(sign["case"].astype(str), sign["signed"], strict=True))
    cols: dict[str, list[Any]] = {c: [] for c in COMPARE_COLUMNS}
    for label, years, day, known in pts:
        row = results.get((label, day)) if known else None
        cols["case"].append(label)
        cols["title"].append(titles[label])
        cols["age_years"].append(years)
        cols["at"].append(pd.NaT if day is None else pd.Timestamp(day))
        cols["agreement"].append(agreement[label])
        cols["signed"].append(signed[label])
        for c in _FIGURES:
            cols[c].append(pd.NA if row is None else row[c])
        share = np.nan
        if row is not None and row["n_sectors_agreed"] > 0:
            share = 1 - row["n_sectors_no_data"] / row["n_sectors_agreed"]
        cols["sector_observed_share"].append(share)
    labels = [lb for lb, _ in cases]
    out: dict[str, Any] = {
        "case": pd.Categorical(cols["case"], categories=labels),
        "title": pd.Series(cols["title"], dtype="str"),
        "age_years": pd.Series(cols["age_years"], dtype="float64"),
        "at": pd.Series(cols["at"], dtype="datetime64[s]"),
        "agreement": pd.Series(cols["agreement"], dtype="str"),
        "signed": pd.Series(cols["signed"], dtype="str"),
    }
    for c in _FIGURES:
        values = pd.array(cols[c], dtype="Float64" if c in _FLOATS else "Int64")
        out[c] = pd.Series(values.to_numpy(dtype="float64", na_value=np.nan)) if c in _FLOATS else values
    out["sector_observed_share"] = pd.Series(cols["sector_observed_share"], dtype="float64")
    return pd.DataFrame(out, columns=list(COMPARE_COLUMNS))


def _cells(cov: pd.DataFrame, known: bool) -> pd.DataFrame:
    """One row per sector of one case: agreed anywhere, counts, and the state with the highest precedence."""
    if not known:  # the day is unknown: levels are unknown, a gap stays a gap
        cov = cov.assign(coverage=cov["coverage"].astype(str).replace(
            {"implemented": "no_data", "below_threshold": "no_data"}))
    rank = {s: i for i, s in enumerate(MATRIX_STATES)}
    cov = cov.assign(rank=cov["coverage"].astype(str).map(rank))
    grouped = cov.groupby(cov["sector"].astype(str), sort=False)
    observed = grouped["n_observed"].sum().astype("Int64")
    if not known:
        observed = pd.Series(pd.NA, index=observed.index, dtype="Int64")
    return pd.DataFrame({
        "agreed": grouped["agreed"].any(),
        "n_commitments": grouped["n_commitments"].sum(),
        "n_observed": observed,
        "rank": grouped["rank"].min(),
    })


def sector_matrix(cases: Sequence[tuple[str, Case]], titles: Mapping[str, str], sectors: Any, *, at: object,
                  age: object, anchor: Anchor, date_rule: DateRule, **options: Any) -> pd.DataFrame:
    """:meth:`CaseSet.sector_matrix`: each case's sectors at one point, one row per case and sector."""
    if isinstance(at, list | tuple) or isinstance(age, list | tuple):
        raise ArgumentError("sector_matrix reads one point in time: give one at= or one age=")
    pts, _ = when(cases, at=at, age=age, anchor=anchor, date_rule=date_rule)
    by_label = dict(cases)
    per_case: dict[str, pd.DataFrame] = {}
    for label, _, day, known in pts:
        cov = implementation.sector_coverage(by_label[label], at=day if known else None, date_rule=date_rule,
                                             **options)
        per_case[label] = _cells(cov, known)
    used = [s for s in sectors if any(s in cells.index for cells in per_case.values())]
    groups = sectors.groups()
    cols: dict[str, list[Any]] = {c: [] for c in MATRIX_COLUMNS}
    for label, _ in cases:
        cells = per_case[label]
        for s in used:
            here = s in cells.index
            cols["case"].append(label)
            cols["title"].append(titles[label])
            cols["sector"].append(s)
            cols["label"].append(sectors[s].label)
            cols["field"].append(groups[s])
            cols["agreed"].append(bool(cells.loc[s, "agreed"]) if here else False)
            row = cells.loc[s] if here else None
            cols["n_commitments"].append(int(row["n_commitments"]) if row is not None else 0)
            cols["n_observed"].append(row["n_observed"] if row is not None else 0)
            cols["state"].append(MATRIX_STATES[int(row["rank"])] if row is not None else "not_agreed")
    labels = [lb for lb, _ in cases]
    return pd.DataFrame({
        "case": pd.Categorical(cols["case"], categories=labels),
        "title": pd.Series(cols["title"], dtype="str"),
        "sector": pd.Categorical(cols["sector"], categories=list(sectors)),
        "label": pd.Series(cols["label"], dtype="str"),
        "field": pd.Series(cols["field"], dtype="str"),
        "agreed": pd.Series(cols["agreed"], dtype="bool"),
        "n_commitments": pd.Series(cols["n_commitments"], dtype="int64"),
        "n_observed": pd.Series(cols["n_observed"], dtype="object").astype("Int64"),
        "state": pd.Categorical(cols["state"], categories=list(MATRIX_STATES)),
    }, columns=list(MATRIX_COLUMNS))
