"""The tables' schema: every column and dtype, the required columns, and conversion to the dtypes (private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, cast, get_args

import numpy as np
import pandas as pd

from sistercity._frames import factorize, from_codes, problem
from sistercity.exceptions import Problem
from sistercity.vocab import (
    ActorKind,
    ActorLevel,
    AgreementKind,
    CommitmentStatus,
    EventKind,
    ObstacleKind,
    SourceKind,
    Vocabulary,
)

__all__ = ["DATE", "KEYS", "REQUIRED_COLUMNS", "SCHEMA", "STR", "FrameError", "categories", "empty", "typed"]

STR: Final = "str"
DATE: Final = "datetime64[s]"

# column -> dtype; "cat:NAME" is a categorical over a named vocabulary
SCHEMA: dict[str, dict[str, str]] = {
    "actors": {
        "actor": STR, "name": STR, "level": "cat:actor_level", "kind": "cat:actor_kind",
        "country": STR, "parent": STR, "governmental": "bool",
    },
    "agreements": {
        "agreement": STR, "kind": "cat:agreement_kind", "title": STR, "signed": STR,
        "start": STR, "start_first": DATE, "start_last": DATE,
        "end": STR, "end_first": DATE, "end_last": DATE,
        "term_months": "Int64", "renewal_window_months": "Int64", "binding": "boolean",
        "open_sectors": "bool", "parent": STR,
    },
    "agreement_parties": {"agreement": STR, "actor": STR},
    "signatories": {"agreement": STR, "signatory": "int64", "actor": STR, "on_behalf_of": STR, "note": STR},
    "agreement_sectors": {"agreement": STR, "sector": "cat:sector", "field": "cat:field"},
    "commitments": {
        "commitment": STR, "agreement": STR, "sector": "cat:sector", "field": "cat:field",
        "title": STR, "weight": "float64", "status": "cat:commitment_status", "proposed": STR,
    },
    "commitment_actors": {"commitment": STR, "actor": STR, "role": "cat:role"},
    "commitment_targets": {"commitment": STR, "target": STR},
    "observations": {
        "observation": "int64", "commitment": STR, "date": STR, "date_first": DATE,
        "date_last": DATE, "precision": "cat:precision", "level": "Int8", "coder": STR,
    },
    "obstacles": {
        "obstacle": STR, "kind": "cat:obstacle_kind", "category": "cat:category", "title": STR,
        "severity": "cat:severity", "identified": STR,
    },
    "obstacle_links": {"obstacle": STR, "commitment": STR},
    "mitigations": {
        "obstacle": STR, "mitigation": "int64", "description": STR, "commitment": STR, "proposed": STR,
    },
    "events": {
        "event": STR, "date": STR, "date_first": DATE, "date_last": DATE,
        "precision": "cat:precision", "kind": "cat:event_kind", "title": STR, "agreement": STR,
        "location": STR,
    },
    "event_participants": {"event": STR, "actor": STR},
    "event_commitments": {"event": STR, "commitment": STR},
    "sources": {
        "source": STR, "kind": "cat:source_kind", "title": STR, "author": STR, "year": "Int64",
        "url": STR, "language": STR,
    },
    "evidence": {"record": "cat:record", "record_id": STR, "source": STR, "locator": STR, "quote": STR},
    "targets": {"framework": STR, "target": STR, "text": STR, "requirement": STR, "owner": STR},
}
"""Every table's columns and dtypes, in order (``cat:NAME``: a categorical)."""

EVIDENCE_RECORDS = (
    "actor", "agreement", "signatory", "commitment", "observation", "obstacle", "mitigation",
    "event", "policy_framework",
)
"""The kinds of record evidence may be for (the ``record`` column of ``evidence``)."""

KEYS = {"actors": "actor", "agreements": "agreement", "commitments": "commitment",
        "obstacles": "obstacle", "events": "event", "sources": "source"}
"""The tables whose rows other tables refer to, and their key column."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("actor",), "agreements": ("agreement",), "agreement_parties": ("agreement", "actor"),
    "signatories": ("agreement", "actor"), "agreement_sectors": ("agreement", "sector"),
    "commitments": ("commitment", "agreement", "sector"), "commitment_actors": ("commitment", "actor", "role"),
    "commitment_targets": ("commitment", "target"), "observations": ("commitment", "date", "level"),
    "obstacles": ("obstacle", "category"), "obstacle_links": ("obstacle", "commitment"),
    "mitigations": ("obstacle",), "events": ("event", "date"), "event_participants": ("event", "actor"),
    "event_commitments": ("event", "commitment"), "sources": ("source",),
    "evidence": ("record", "record_id", "source"), "targets": ("framework", "target"),
}
"""Columns a frame given to :meth:`CaseTables.from_frames` must have, each with a value in every row."""


class FrameError(Exception):
    """Values that do not convert to their column's dtype; never leaves the tables package."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def categories(sectors: Vocabulary, categories: Vocabulary) -> dict[str, list[str]]:
    return {
        "actor_level": list(get_args(ActorLevel)),
        "actor_kind": list(get_args(ActorKind)),
        "agreement_kind": list(get_args(AgreementKind)),
        "obstacle_kind": list(get_args(ObstacleKind)),
        "commitment_status": list(get_args(CommitmentStatus)),
        "event_kind": list(get_args(EventKind)),
        "source_kind": list(get_args(SourceKind)),
        "sector": list(sectors),
        "field": sorted(set(sectors.groups().values())),
        "category": list(categories),
        "role": ["provider", "beneficiary", "participant"],
        "precision": ["year", "month", "day"],
        "severity": ["low", "medium", "high"],
        "record": list(EVIDENCE_RECORDS),
    }


def empty(table: str, cats: Mapping[str, list[str]]) -> pd.DataFrame:
    return typed(pd.DataFrame({c: [] for c in SCHEMA[table]}), table, cats)


def typed(df: pd.DataFrame, table: str, cats: Mapping[str, list[str]]) -> pd.DataFrame:
    """``df`` with the :data:`SCHEMA` dtypes; a value that does not convert is a :class:`FrameError`."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for col, dtype in SCHEMA[table].items():
        s = df[col]
        try:
            if dtype.startswith("cat:"):
                out[col] = _categorical(s, cats[dtype[4:]], table, col)
            elif dtype == STR:
                out[col] = s.astype(STR)
            elif dtype == DATE:
                if s.dtype == DATE:
                    out[col] = s
                else:
                    out[col] = pd.to_datetime(s).astype(DATE) if len(s) else s.astype(DATE)
            else:
                out[col] = s.astype(cast(Any, dtype))
        except FrameError as err:
            problems.extend(err.problems)
        except (ValueError, TypeError, OverflowError) as err:
            problems.append(Problem(f"cannot convert the column to {dtype}: {err}", path=f"{table}.{col}"))
    if problems:
        raise FrameError(problems)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _categorical(s: pd.Series, categories: list[str], table: str, col: str) -> pd.Categorical:
    """``s`` as a categorical over exactly ``categories`` (a value outside them is an error)."""
    if isinstance(s.dtype, pd.CategoricalDtype) and list(s.cat.categories) == categories:
        return pd.Categorical(s)
    codes, uniques = factorize(s)
    lookup = {c: i for i, c in enumerate(categories)}
    where = np.array([lookup.get(u, -2) if isinstance(u, str) else -2 for u in uniques], dtype=np.int64)
    if (where == -2).any():
        bad = np.append(where == -2, False)[codes]
        raise FrameError([problem(table, col, bad, f"expected one of {', '.join(categories)}", s)])
    return from_codes(np.append(where, -1)[codes], categories)
